DROP INDEX receivables_last_event_idx;
ALTER TABLE receivables DROP COLUMN last_event_on;
