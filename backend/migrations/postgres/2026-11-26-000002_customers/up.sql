-- Customer master (客户概要信息登记表 + management fields), tags, settings and counters.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO settings (key, value, updated_at) VALUES ('customer_code_pattern', 'C{YYYY}{SEQ:5}', CURRENT_TIMESTAMP);
INSERT INTO settings (key, value, updated_at) VALUES ('dossier_stale_months', '12', CURRENT_TIMESTAMP);

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE customers (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    search_text TEXT NOT NULL,
    credit_code TEXT UNIQUE,
    address TEXT NOT NULL DEFAULT '',
    enterprise_nature TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    fax TEXT NOT NULL DEFAULT '',
    superior_authority TEXT NOT NULL DEFAULT '',
    registered_capital_fen BIGINT CHECK (registered_capital_fen >= 0),
    legal_representative TEXT NOT NULL DEFAULT '',
    registration_date DATE,
    enterprise_size TEXT NOT NULL DEFAULT '',
    business_term TEXT NOT NULL DEFAULT '',
    employees BIGINT CHECK (employees >= 0),
    registration_authority TEXT NOT NULL DEFAULT '',
    annual_revenue_fen BIGINT CHECK (annual_revenue_fen >= 0),
    net_assets_fen BIGINT,
    rmb_bank TEXT NOT NULL DEFAULT '',
    rmb_account TEXT NOT NULL DEFAULT '',
    fx_bank TEXT NOT NULL DEFAULT '',
    fx_account TEXT NOT NULL DEFAULT '',
    bank_rating TEXT NOT NULL DEFAULT '',
    business_scope TEXT NOT NULL DEFAULT '',
    owner_user_id BIGINT REFERENCES users(id),
    office_id BIGINT REFERENCES offices(id),
    category TEXT NOT NULL DEFAULT 'general' CHECK (category IN ('big', 'general')),
    grade TEXT CHECK (grade IN ('A', 'B', 'C')),
    status TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect', 'new', 'active', 'dormant', 'lost', 'blacklisted')),
    key_customer BOOLEAN NOT NULL DEFAULT FALSE,
    first_deal_date DATE,
    tags TEXT NOT NULL DEFAULT '',
    dossier_updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX customers_owner_idx ON customers (owner_user_id, id);
CREATE INDEX customers_office_idx ON customers (office_id, id);
CREATE INDEX customers_grade_idx ON customers (grade, id);
CREATE INDEX customers_category_idx ON customers (category, id);
CREATE INDEX customers_status_idx ON customers (status, id);
CREATE INDEX customers_key_idx ON customers (key_customer, id);
CREATE INDEX customers_dossier_updated_idx ON customers (dossier_updated_at);
CREATE INDEX customers_updated_idx ON customers (updated_at);
CREATE INDEX customers_name_idx ON customers (name);

CREATE TABLE customer_tags (
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag)
);
CREATE INDEX customer_tags_tag_idx ON customer_tags (tag, customer_id);

-- Owner/office changes and lifecycle status changes, with the reason.
CREATE TABLE customer_changes (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('transfer', 'status')),
    from_value TEXT NOT NULL,
    to_value TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX customer_changes_customer_idx ON customer_changes (customer_id, at);

-- Temporary access to a customer outside one's scope (资料借阅), granted by an approval.
CREATE TABLE customer_access_grants (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    approval_id BIGINT,
    reason TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX customer_access_grants_user_idx ON customer_access_grants (user_id, expires_at, customer_id);
CREATE INDEX customer_access_grants_customer_idx ON customer_access_grants (customer_id);

-- One approval mechanism for every kind of request (borrowing first; ratings, credit limits,
-- special contracts, shipment releases, policy versions and write-offs later).
CREATE TABLE approvals (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    customer_id BIGINT REFERENCES customers(id),
    title TEXT NOT NULL,
    payload TEXT NOT NULL,
    requester_id BIGINT NOT NULL REFERENCES users(id),
    approver_role TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP,
    decision_comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX approvals_inbox_idx ON approvals (approver_role, status, id);
CREATE INDEX approvals_requester_idx ON approvals (requester_id, id);
CREATE INDEX approvals_customer_idx ON approvals (customer_id);

CREATE TABLE approval_events (
    id BIGSERIAL PRIMARY KEY,
    approval_id BIGINT NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('requested', 'approved', 'rejected', 'cancelled')),
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approval_events_approval_idx ON approval_events (approval_id, id);

CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, id);

-- Substring search (name, pinyin, initials, code, phone, credit code) uses a trigram index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_search_trgm_idx ON customers USING gin (search_text gin_trgm_ops);
