-- A customer's history also keeps the business manager's classification (category and
-- key-customer flag) and the first-deal date (set by the first signed contract, corrected by the
-- business department), each with its reason. SQLite changes a CHECK by rebuilding the table.
CREATE TABLE customer_changes_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('transfer', 'status', 'classification', 'first_deal')),
    from_value TEXT NOT NULL,
    to_value TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    at TIMESTAMP NOT NULL
);
INSERT INTO customer_changes_new (id, customer_id, kind, from_value, to_value, reason, actor_id, at)
    SELECT id, customer_id, kind, from_value, to_value, reason, actor_id, at FROM customer_changes;
DROP TABLE customer_changes;
ALTER TABLE customer_changes_new RENAME TO customer_changes;
CREATE INDEX customer_changes_customer_idx ON customer_changes (customer_id, at);
