-- 管理办法参数: one document per version (typed and validated by the server). A draft is edited,
-- submitted, approved by the VP (and the GM when the credit part changed); the approved version
-- with the latest effective date not after today is the active one. Submitted versions are
-- immutable.
CREATE TABLE policy_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number BIGINT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'awaiting_gm', 'approved', 'rejected', 'withdrawn')),
    document TEXT NOT NULL,
    effective_from DATE,
    based_on BIGINT REFERENCES policy_versions(id),
    note TEXT NOT NULL DEFAULT '',
    approval_id BIGINT REFERENCES approvals(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    approved_at TIMESTAMP
);
CREATE INDEX policy_versions_active_idx ON policy_versions (status, effective_from);

-- The company calendar's exceptions to "Monday–Friday are working days": public holidays on
-- weekdays and make-up working days (调休) on weekends.
CREATE TABLE calendar_days (
    day DATE PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);
