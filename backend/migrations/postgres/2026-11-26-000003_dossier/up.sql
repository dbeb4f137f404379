-- The customer dossier: profile sections (one current version each, older ones kept) and
-- entries (key people, financial statements, field investigations, information slips,
-- interactions), every change kept as history.
CREATE TABLE dossier_entries (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('characteristics', 'business_status', 'transaction_status',
        'key_person', 'financial_statement', 'investigation', 'information_slip', 'interaction')),
    content TEXT NOT NULL,
    occurred_on DATE,
    version BIGINT NOT NULL DEFAULT 1,
    author_id BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX dossier_entries_customer_idx ON dossier_entries (customer_id, kind, id);
CREATE INDEX dossier_entries_occurred_idx ON dossier_entries (kind, occurred_on);

CREATE TABLE dossier_history (
    id BIGSERIAL PRIMARY KEY,
    entry_id BIGINT NOT NULL REFERENCES dossier_entries(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    content TEXT NOT NULL,
    author_id BIGINT REFERENCES users(id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX dossier_history_entry_idx ON dossier_history (entry_id, version);
