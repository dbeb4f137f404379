-- The business department's letter templates: the dunning letter (催款函) printed per customer.
-- No row: the default text in the code.
CREATE TABLE letter_templates (
    kind TEXT PRIMARY KEY CHECK (kind IN ('dunning')),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);
