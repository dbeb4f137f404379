-- A customer's history also keeps the business manager's classification (category and
-- key-customer flag) and the first-deal date (set by the first signed contract, corrected by the
-- business department), each with its reason.
ALTER TABLE customer_changes DROP CONSTRAINT customer_changes_kind_check;
ALTER TABLE customer_changes ADD CONSTRAINT customer_changes_kind_check
    CHECK (kind IN ('transfer', 'status', 'classification', 'first_deal'));
