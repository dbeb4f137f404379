-- 对账单 by e-mail (issue 14): finance keeps each customer's statement address; a statement is
-- mailed on request or by the monthly run (ERPNext's "process statement of accounts") to every
-- customer with an open balance and an address. Mails wait in an outbox (statement_mails) that
-- the mailer sends with the .xlsx attached, drawn when it is sent.
CREATE TABLE statement_recipients (
    customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
    email TEXT NOT NULL,
    -- Included in the monthly run.
    monthly BOOLEAN NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);

-- One run per month; the month is the period the statements cover ('2026-11').
CREATE TABLE statement_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    month TEXT NOT NULL UNIQUE,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    queued BIGINT NOT NULL,
    -- NULL: started by the schedule.
    started_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE statement_mails (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    run_id BIGINT REFERENCES statement_runs(id),
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    to_address TEXT NOT NULL,
    -- NULL: queued by the monthly run.
    requested_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    email_status TEXT NOT NULL CHECK (email_status IN ('pending', 'sending', 'sent', 'failed')),
    email_attempts BIGINT NOT NULL DEFAULT 0,
    email_next_at TIMESTAMP,
    email_error TEXT,
    sent_at TIMESTAMP
);
CREATE INDEX statement_mails_customer_idx ON statement_mails (customer_id, id);
CREATE INDEX statement_mails_run_idx ON statement_mails (run_id, email_status);
CREATE INDEX statement_mails_due_idx ON statement_mails (email_status, email_next_at);
