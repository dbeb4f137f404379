-- Customer classification and rating (DOMAIN.md §3): strategic influence assessments, rating
-- runs with one result per customer (inputs, levels, points, grade, override), and the revisit
-- plan the tiers call for. An approved run is never changed; a customer's rating history is
-- the results of the approved runs.
CREATE TABLE influence_assessments (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('industry_leader', 'key', 'ordinary', 'sporadic')),
    reason TEXT NOT NULL,
    assessed_on DATE NOT NULL,
    assessed_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX influence_customer_idx ON influence_assessments (customer_id, assessed_on, id);

CREATE TABLE rating_runs (
    id BIGSERIAL PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('rating', 'what_if')),
    rating_date DATE NOT NULL,
    window_months BIGINT NOT NULL CHECK (window_months > 0),
    policy_version_id BIGINT NOT NULL REFERENCES policy_versions(id),
    chosen BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL CHECK (status IN ('computing', 'draft', 'submitted', 'approved', 'cancelled', 'failed')),
    total BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0,
    cursor_id BIGINT NOT NULL DEFAULT 0,
    lease_until TIMESTAMP,
    -- Failed slices so far (retried by the resumer up to a limit).
    attempts BIGINT NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    approval_id BIGINT REFERENCES approvals(id),
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    computed_at TIMESTAMP,
    submitted_at TIMESTAMP,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX rating_runs_status_idx ON rating_runs (status, id);

-- The customers a run over a chosen set covers.
CREATE TABLE rating_run_customers (
    run_id BIGINT NOT NULL REFERENCES rating_runs(id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    PRIMARY KEY (run_id, customer_id)
);

CREATE TABLE rating_results (
    id BIGSERIAL PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES rating_runs(id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    eligibility TEXT NOT NULL CHECK (eligibility IN ('rated', 'new_customer', 'not_rated')),
    first_deal_date DATE,
    contract_amount_fen BIGINT NOT NULL,
    list_amount_fen BIGINT NOT NULL,
    late_receivables BIGINT NOT NULL,
    open_receivables_fen BIGINT NOT NULL,
    influence TEXT,
    influence_on DATE,
    level_amount BIGINT NOT NULL,
    level_receivables BIGINT NOT NULL,
    level_premium BIGINT NOT NULL,
    level_influence BIGINT NOT NULL,
    total_points BIGINT NOT NULL,
    proposed_grade TEXT CHECK (proposed_grade IN ('A', 'B', 'C')),
    suggested_category TEXT NOT NULL CHECK (suggested_category IN ('big', 'general')),
    previous_grade TEXT,
    previous_category TEXT NOT NULL,
    override_grade TEXT CHECK (override_grade IN ('A', 'B', 'C')),
    override_category TEXT CHECK (override_category IN ('big', 'general')),
    override_reason TEXT NOT NULL DEFAULT '',
    override_by BIGINT REFERENCES users(id),
    override_at TIMESTAMP,
    -- Set by the approval for the results it applied (a customer re-graded by another run
    -- since this one was computed keeps that newer grade).
    applied BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (run_id, customer_id)
);
CREATE INDEX rating_results_customer_idx ON rating_results (customer_id, run_id);

-- 回访: one planned visit per customer and responsible role; done by recording an interaction.
CREATE TABLE revisits (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    category TEXT NOT NULL,
    grade TEXT NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'missed', 'cancelled')),
    policy_version_id BIGINT NOT NULL REFERENCES policy_versions(id),
    interaction_id BIGINT REFERENCES dossier_entries(id),
    done_on DATE,
    done_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX revisits_due_idx ON revisits (status, due_on);
CREATE INDEX revisits_customer_idx ON revisits (customer_id, status);
-- At most one open visit per customer and role.
CREATE UNIQUE INDEX revisits_open_idx ON revisits (customer_id, role) WHERE status = 'planned';
