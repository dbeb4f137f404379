-- The latest date of anything that changed a receivable's balance (an allocation received, an
-- allocation reversed, a credit note issued). For an as-of date on or after it, the balance is
-- the stored one, so the AR aging aggregates allocations only for receivables touched later.
ALTER TABLE receivables ADD COLUMN last_event_on DATE;
UPDATE receivables SET last_event_on = GREATEST(
    (SELECT MAX(received_on) FROM allocations a WHERE a.receivable_id = receivables.id),
    (SELECT MAX(reversed_on) FROM allocations a WHERE a.receivable_id = receivables.id),
    (SELECT MAX(issued_on) FROM credit_notes n WHERE n.receivable_id = receivables.id)
);
CREATE INDEX receivables_last_event_idx ON receivables (last_event_on);
