-- 新客户开发计划: an office's key prospects for a period, submitted to the business department,
-- which comments.
CREATE TABLE development_plans (
    id BIGSERIAL PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES offices(id),
    period TEXT NOT NULL,
    items TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'commented')),
    submitted_by BIGINT REFERENCES users(id),
    submitted_at TIMESTAMP,
    comment TEXT NOT NULL DEFAULT '',
    commented_by BIGINT REFERENCES users(id),
    commented_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (office_id, period)
);
CREATE INDEX development_plans_status_idx ON development_plans (status, id);
