ALTER TABLE contracts DROP COLUMN submitted_by;
