ALTER TABLE credit_review_items DROP COLUMN basis_request_id;
