-- Who sent the contract to the business department's review: the reviewer must be someone else
-- (nobody decides their own request), as must the contract's creator.
ALTER TABLE contracts ADD COLUMN submitted_by BIGINT REFERENCES users(id);
UPDATE contracts SET submitted_by = created_by WHERE status <> 'draft';
