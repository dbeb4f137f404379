-- 催收 (DOMAIN.md §5, issue 14): follow-up tasks within the normal collection period, promises
-- to pay, collection cases of the planning department beyond it, and bad-debt write-offs.

-- One run of a daily job per day: claimed with a lease, so that of several server instances one
-- runs it; `finished_at` marks it done (a crashed run's lease runs out and another takes it).
CREATE TABLE job_runs (
    job TEXT NOT NULL,
    run_on DATE NOT NULL,
    claimed_by TEXT NOT NULL,
    lease_until TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    summary TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job, run_on)
);

-- A write-off is its own entry (write_offs); the receivable keeps the total written off so that
-- its balance is amount − allocated − credited − written off.
ALTER TABLE receivables ADD COLUMN written_off_fen BIGINT NOT NULL DEFAULT 0;

-- The highest follow-up level (days overdue) each receivable has reached; a collection case's
-- hand-off is the level normal_collection_days + 1.
CREATE TABLE collection_marks (
    receivable_id BIGINT PRIMARY KEY REFERENCES receivables(id),
    level_days BIGINT NOT NULL,
    marked_on DATE NOT NULL
);

CREATE TABLE follow_up_tasks (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    level_days BIGINT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('reminder', 'phone', 'letter', 'visit')),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_on DATE NOT NULL,
    due_on DATE NOT NULL,
    closed_on DATE,
    close_reason TEXT CHECK (close_reason IN ('paid', 'handed_over')),
    raised_by_promise_id BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX follow_up_tasks_open_uq ON follow_up_tasks (customer_id, level_days) WHERE status = 'open';
CREATE INDEX follow_up_tasks_status_idx ON follow_up_tasks (status, due_on, id);
CREATE INDEX follow_up_tasks_customer_idx ON follow_up_tasks (customer_id, id);

CREATE TABLE follow_up_task_items (
    task_id BIGINT NOT NULL REFERENCES follow_up_tasks(id),
    receivable_id BIGINT NOT NULL REFERENCES receivables(id),
    balance_fen BIGINT NOT NULL,
    PRIMARY KEY (task_id, receivable_id)
);
CREATE INDEX follow_up_task_items_receivable_idx ON follow_up_task_items (receivable_id);

CREATE TABLE follow_up_actions (
    id BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES follow_up_tasks(id),
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'phone', 'letter', 'visit')),
    done_on DATE NOT NULL,
    contact TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX follow_up_actions_task_idx ON follow_up_actions (task_id, id);

CREATE TABLE payment_promises (
    id BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES follow_up_tasks(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    made_on DATE NOT NULL,
    promised_on DATE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),
    settled_on DATE,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX payment_promises_open_idx ON payment_promises (status, promised_on);
CREATE INDEX payment_promises_customer_idx ON payment_promises (customer_id, id);
CREATE INDEX payment_promises_task_idx ON payment_promises (task_id, id);

CREATE TABLE collection_cases (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_on DATE NOT NULL,
    assigned_to BIGINT REFERENCES users(id),
    analysis TEXT NOT NULL DEFAULT '',
    method TEXT CHECK (method IN ('negotiation', 'lawyer_letter', 'litigation', 'settlement', 'instalment_plan')),
    outcome TEXT CHECK (outcome IN ('recovered_full', 'recovered_part', 'settled', 'written_off')),
    outcome_note TEXT NOT NULL DEFAULT '',
    closed_on DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX collection_cases_open_uq ON collection_cases (customer_id) WHERE status = 'open';
CREATE INDEX collection_cases_status_idx ON collection_cases (status, opened_on, id);
CREATE INDEX collection_cases_customer_idx ON collection_cases (customer_id, id);

CREATE TABLE collection_case_items (
    case_id BIGINT NOT NULL REFERENCES collection_cases(id),
    receivable_id BIGINT NOT NULL REFERENCES receivables(id),
    balance_fen BIGINT NOT NULL,
    PRIMARY KEY (case_id, receivable_id)
);
CREATE INDEX collection_case_items_receivable_idx ON collection_case_items (receivable_id);

CREATE TABLE collection_case_actions (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES collection_cases(id),
    done_on DATE NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('negotiation', 'lawyer_letter', 'litigation', 'settlement', 'instalment_plan', 'other')),
    note TEXT NOT NULL,
    cost_fen BIGINT NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX collection_case_actions_case_idx ON collection_case_actions (case_id, id);

-- 坏账核销: proposed by planning or finance, decided by the GM.
CREATE TABLE write_offs (
    id BIGSERIAL PRIMARY KEY,
    receivable_id BIGINT NOT NULL REFERENCES receivables(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    case_id BIGINT REFERENCES collection_cases(id),
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    approval_id BIGINT REFERENCES approvals(id),
    proposed_by BIGINT REFERENCES users(id),
    proposed_at TIMESTAMP NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP,
    written_off_on DATE
);
CREATE UNIQUE INDEX write_offs_pending_uq ON write_offs (receivable_id) WHERE status = 'pending';
CREATE INDEX write_offs_status_idx ON write_offs (status, written_off_on, id);
CREATE INDEX write_offs_customer_idx ON write_offs (customer_id, id);
CREATE INDEX write_offs_receivable_idx ON write_offs (receivable_id, written_off_on);

CREATE TABLE write_off_files (
    write_off_id BIGINT NOT NULL REFERENCES write_offs(id),
    attachment_id BIGINT NOT NULL REFERENCES attachments(id),
    PRIMARY KEY (write_off_id, attachment_id)
);
