-- 信用升降级评审 (DOMAIN.md §5, issue 14): a campaign per review month lists every customer with
-- credit, its payment behaviour over the period and a proposal from the policy's rules; the
-- business department fills the 客户升(降)级评审表, the VP decides, the result is applied to the
-- credit profile (as an approved limit request, so the grade and limit history shows it).
CREATE TABLE credit_reviews (
    id BIGSERIAL PRIMARY KEY,
    review_month TEXT NOT NULL,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    -- The day the figures were taken (open AR, overdue, utilisation).
    as_of DATE NOT NULL,
    policy_version_id BIGINT NOT NULL REFERENCES policy_versions(id),
    status TEXT NOT NULL CHECK (status IN ('generating', 'open', 'failed')),
    total BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0,
    -- Generation goes by customer id; a resumed campaign continues after the cursor.
    cursor_id BIGINT NOT NULL DEFAULT 0,
    lease_until TIMESTAMP,
    attempts BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    generated_at TIMESTAMP
);
CREATE INDEX credit_reviews_status_idx ON credit_reviews (status, lease_until);
-- One campaign per month; a failed one gives way to a new start.
CREATE UNIQUE INDEX credit_reviews_month_uq ON credit_reviews (review_month) WHERE status <> 'failed';

CREATE TABLE credit_review_items (
    id BIGSERIAL PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES credit_reviews(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    grade TEXT NOT NULL CHECK (grade IN ('AAA', 'AA', 'A', 'B', 'C')),
    limit_fen BIGINT NOT NULL,
    credit_period_days BIGINT NOT NULL,
    sales_fen BIGINT NOT NULL,
    open_ar_fen BIGINT NOT NULL,
    overdue_fen BIGINT NOT NULL,
    dso_days BIGINT,
    late_receivables BIGINT NOT NULL,
    worst_days_late BIGINT NOT NULL,
    broken_promises BIGINT NOT NULL,
    events BIGINT NOT NULL,
    severe_events BIGINT NOT NULL,
    utilisation_pct BIGINT,
    proposal TEXT NOT NULL CHECK (proposal IN ('upgrade', 'keep', 'downgrade')),
    proposed_grade TEXT NOT NULL CHECK (proposed_grade IN ('AAA', 'AA', 'A', 'B', 'C')),
    proposed_limit_fen BIGINT NOT NULL,
    proposed_period_days BIGINT NOT NULL,
    -- The rules that made the proposal, as a JSON array of codes.
    reasons TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'reviewed', 'approved', 'rejected')),
    decision TEXT CHECK (decision IN ('upgrade', 'keep', 'downgrade')),
    new_grade TEXT CHECK (new_grade IN ('AAA', 'AA', 'A', 'B', 'C')),
    new_limit_fen BIGINT CHECK (new_limit_fen >= 0),
    new_period_days BIGINT CHECK (new_period_days >= 0),
    opinion TEXT NOT NULL DEFAULT '',
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at TIMESTAMP,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP,
    decision_note TEXT NOT NULL DEFAULT '',
    -- The approved limit request that applied the result to the credit profile.
    applied_request_id BIGINT REFERENCES credit_limit_requests(id),
    version BIGINT NOT NULL DEFAULT 0,
    UNIQUE (review_id, customer_id)
);
CREATE INDEX credit_review_items_status_idx ON credit_review_items (review_id, status, id);
CREATE INDEX credit_review_items_proposal_idx ON credit_review_items (review_id, proposal, id);
CREATE INDEX credit_review_items_customer_idx ON credit_review_items (customer_id, id);

-- A limit request written by an approved review item (no approval of its own).
ALTER TABLE credit_limit_requests ADD COLUMN review_item_id BIGINT;
CREATE UNIQUE INDEX credit_limit_requests_review_item_uq ON credit_limit_requests (review_item_id);
