DROP INDEX credit_limit_requests_review_item_uq;
ALTER TABLE credit_limit_requests DROP COLUMN review_item_id;
DROP TABLE credit_review_items;
DROP TABLE credit_reviews;
