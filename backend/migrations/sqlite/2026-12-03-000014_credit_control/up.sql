-- Credit control (DOMAIN.md §5): each customer's approved credit (grade, limit, period), the
-- requests that change it, security instruments, credit investigations, credit events, holds,
-- and the stored result of every credit check of a contract review or a shipping note.

-- The approved credit of a customer. No row: no credit (prepayment or cash on delivery only).
-- Written only when a limit request is approved.
CREATE TABLE credit_profiles (
    customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
    grade TEXT NOT NULL CHECK (grade IN ('AAA', 'AA', 'A', 'B', 'C')),
    limit_fen BIGINT NOT NULL CHECK (limit_fen >= 0),
    credit_period_days BIGINT NOT NULL CHECK (credit_period_days >= 0),
    valid_until DATE,
    next_review_on DATE,
    request_id BIGINT NOT NULL,
    approved_at TIMESTAMP NOT NULL
);

-- 信用额度/等级变更申请: old → new, decided through the approvals inbox.
CREATE TABLE credit_limit_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    approval_id BIGINT REFERENCES approvals(id),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    old_grade TEXT,
    new_grade TEXT NOT NULL CHECK (new_grade IN ('AAA', 'AA', 'A', 'B', 'C')),
    old_limit_fen BIGINT NOT NULL,
    new_limit_fen BIGINT NOT NULL CHECK (new_limit_fen >= 0),
    old_period_days BIGINT,
    credit_period_days BIGINT NOT NULL CHECK (credit_period_days >= 0),
    valid_until DATE,
    reason TEXT NOT NULL,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP
);
CREATE INDEX credit_limit_requests_customer_idx ON credit_limit_requests (customer_id, id);
CREATE UNIQUE INDEX credit_limit_requests_one_pending ON credit_limit_requests (customer_id) WHERE status = 'pending';

-- Guarantees, credit insurance, factoring, mortgages, recorded by the VP or GM (they raise the
-- limit); an expired or voided one stops counting.
CREATE TABLE credit_instruments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL CHECK (kind IN ('guarantee', 'credit_insurance', 'factoring', 'mortgage')),
    provider TEXT NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    expires_on DATE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    voided_at TIMESTAMP,
    voided_by BIGINT REFERENCES users(id),
    void_reason TEXT
);
CREATE INDEX credit_instruments_customer_idx ON credit_instruments (customer_id, expires_on);

-- 资信调查: the latest one dates the credit standard's "investigation on file".
CREATE TABLE credit_investigations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    source TEXT NOT NULL CHECK (source IN ('introduction', 'website', 'direct_contact', 'bank_report', 'lawyer', 'other')),
    investigated_on DATE NOT NULL,
    findings TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX credit_investigations_customer_idx ON credit_investigations (customer_id, investigated_on);

-- 信用事件
CREATE TABLE credit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL CHECK (kind IN ('refusal_to_pay', 'likely_refusal_to_pay', 'legal_trouble', 'large_order', 'management_change', 'other')),
    phase TEXT NOT NULL CHECK (phase IN ('pre_transaction', 'in_transaction', 'post_delinquency')),
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'severe')),
    notes TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX credit_events_customer_idx ON credit_events (customer_id, id);

-- Files (the customer's attachments) behind an investigation or an event: a bank report, a
-- lawyer's letter.
CREATE TABLE credit_record_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    record_type TEXT NOT NULL CHECK (record_type IN ('investigation', 'event')),
    record_id BIGINT NOT NULL,
    attachment_id BIGINT NOT NULL REFERENCES attachments(id),
    UNIQUE (record_type, record_id, attachment_id)
);

-- A credit hold blocks every contract review and shipping note of the customer until lifted.
CREATE TABLE credit_holds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    reason TEXT NOT NULL,
    event_id BIGINT REFERENCES credit_events(id),
    set_by BIGINT REFERENCES users(id),
    set_at TIMESTAMP NOT NULL,
    lift_reason TEXT,
    lifted_by BIGINT REFERENCES users(id),
    lifted_at TIMESTAMP
);
CREATE UNIQUE INDEX credit_holds_one_active ON credit_holds (customer_id) WHERE lifted_at IS NULL;

-- Every check's result, stored with the document it was made for (the latest one is shown).
CREATE TABLE credit_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_type TEXT NOT NULL CHECK (document_type IN ('contract', 'shipping_note')),
    document_id BIGINT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    passed BOOLEAN NOT NULL,
    reasons TEXT NOT NULL,
    exposure_fen BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    limit_fen BIGINT NOT NULL,
    policy_version_id BIGINT NOT NULL,
    checked_at TIMESTAMP NOT NULL
);
CREATE INDEX credit_checks_document_idx ON credit_checks (document_type, document_id, id);

-- The credit side of a contract: passed, or a special contract (超过信用范围) awaiting the GM,
-- approved or rejected by him; the signing date the review asked for waits with it.
ALTER TABLE contracts ADD COLUMN credit_state TEXT
    CHECK (credit_state IN ('passed', 'special_pending', 'special_approved', 'special_rejected'));
ALTER TABLE contracts ADD COLUMN pending_signed_on DATE;
ALTER TABLE contracts ADD COLUMN special_approval_id BIGINT REFERENCES approvals(id);

-- The credit side of a shipping note: passed, blocked (the warehouse cannot confirm it),
-- released (by the VP or GM, with a reason) or rejected (the note is cancelled).
ALTER TABLE shipping_notes ADD COLUMN credit_state TEXT
    CHECK (credit_state IN ('passed', 'blocked', 'released', 'rejected'));
ALTER TABLE shipping_notes ADD COLUMN released_by BIGINT REFERENCES users(id);
ALTER TABLE shipping_notes ADD COLUMN released_at TIMESTAMP;
ALTER TABLE shipping_notes ADD COLUMN release_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX shipping_notes_blocked_idx ON shipping_notes (issued_at, id) WHERE credit_state = 'blocked';

-- The exposure statement reads a customer's open documents by these.
CREATE INDEX shipping_notes_customer_status_idx ON shipping_notes (customer_id, status);
