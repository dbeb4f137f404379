DELETE FROM customer_changes WHERE kind IN ('classification', 'first_deal');
ALTER TABLE customer_changes DROP CONSTRAINT customer_changes_kind_check;
ALTER TABLE customer_changes ADD CONSTRAINT customer_changes_kind_check
    CHECK (kind IN ('transfer', 'status'));
