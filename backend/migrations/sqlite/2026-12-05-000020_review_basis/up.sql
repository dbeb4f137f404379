-- The credit profile a review form was filled against (its approving limit request): the VP's
-- approval applies a form only while the profile is still that one, so a limit decided after
-- the form was filled is never overwritten unseen.
ALTER TABLE credit_review_items ADD COLUMN basis_request_id BIGINT;
