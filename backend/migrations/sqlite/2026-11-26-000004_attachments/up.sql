-- Files kept with a customer's dossier (business licence scans, photos, contracts). The bytes
-- live under the data dir; the database holds what they are and who may see them.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    entry_id BIGINT REFERENCES dossier_entries(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    uploaded_by BIGINT REFERENCES users(id),
    uploaded_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX attachments_customer_idx ON attachments (customer_id, id);
