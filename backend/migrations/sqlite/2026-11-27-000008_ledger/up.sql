-- The sales ledger (DOMAIN.md §4): products and list prices, contracts with lines, shipping
-- notes, receivables, payments and their allocations, credit notes. Money in fen; invariants
-- that must never break are CHECK constraints, so no code path can break them.
CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- List prices with the date they apply from; the price on a date is the latest not after it.
CREATE TABLE product_prices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL REFERENCES products(id),
    price_fen BIGINT NOT NULL CHECK (price_fen >= 0),
    effective_from DATE NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (product_id, effective_from)
);

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'in_review', 'signed', 'completed', 'cancelled')),
    signed_on DATE,
    credit_period_days BIGINT NOT NULL CHECK (credit_period_days >= 0),
    credit_form TEXT NOT NULL
        CHECK (credit_form IN ('open_account', 'acceptance_bill', 'letter_of_credit', 'prepayment', 'cash_on_delivery')),
    amount_fen BIGINT NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
    list_amount_fen BIGINT NOT NULL DEFAULT 0 CHECK (list_amount_fen >= 0),
    note TEXT NOT NULL DEFAULT '',
    review_outcome TEXT CHECK (review_outcome IN ('approved', 'rejected')),
    review_note TEXT NOT NULL DEFAULT '',
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at TIMESTAMP,
    external_ref TEXT UNIQUE,
    created_by BIGINT REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX contracts_customer_idx ON contracts (customer_id, signed_on);
CREATE INDEX contracts_status_idx ON contracts (status, id);

CREATE TABLE contract_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id BIGINT NOT NULL REFERENCES contracts(id),
    line_no BIGINT NOT NULL,
    product_id BIGINT NOT NULL REFERENCES products(id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    list_price_fen BIGINT NOT NULL CHECK (list_price_fen >= 0),
    price_fen BIGINT NOT NULL CHECK (price_fen >= 0),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    -- Quantity on issued (not cancelled) shipping notes: never more than ordered.
    shipped_quantity BIGINT NOT NULL DEFAULT 0 CHECK (shipped_quantity >= 0 AND shipped_quantity <= quantity),
    UNIQUE (contract_id, line_no)
);

CREATE TABLE shipping_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE,
    contract_id BIGINT NOT NULL REFERENCES contracts(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'confirmed', 'cancelled')),
    ship_date DATE NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    external_ref TEXT UNIQUE,
    issued_by BIGINT REFERENCES users(id),
    issued_at TIMESTAMP NOT NULL,
    confirmed_by BIGINT REFERENCES users(id),
    confirmed_at TIMESTAMP
);
CREATE INDEX shipping_notes_queue_idx ON shipping_notes (status, ship_date);
CREATE INDEX shipping_notes_contract_idx ON shipping_notes (contract_id);

CREATE TABLE shipping_note_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shipping_note_id BIGINT NOT NULL REFERENCES shipping_notes(id),
    contract_line_id BIGINT NOT NULL REFERENCES contract_lines(id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0)
);
CREATE INDEX shipping_note_lines_note_idx ON shipping_note_lines (shipping_note_id);

-- A receivable per confirmed shipping note. Its open balance is amount − allocated − credited,
-- which the CHECK keeps from ever going negative (no over-allocation, whatever the race).
CREATE TABLE receivables (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    contract_id BIGINT NOT NULL REFERENCES contracts(id),
    shipping_note_id BIGINT UNIQUE REFERENCES shipping_notes(id),
    issued_on DATE NOT NULL,
    due_date DATE NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    allocated_fen BIGINT NOT NULL DEFAULT 0 CHECK (allocated_fen >= 0),
    credited_fen BIGINT NOT NULL DEFAULT 0 CHECK (credited_fen >= 0),
    created_at TIMESTAMP NOT NULL,
    CHECK (allocated_fen + credited_fen <= amount_fen)
);
CREATE INDEX receivables_customer_idx ON receivables (customer_id, due_date);
CREATE INDEX receivables_due_idx ON receivables (due_date);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    received_on DATE NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    method TEXT NOT NULL CHECK (method IN ('bank_transfer', 'acceptance_bill', 'letter_of_credit', 'cash', 'other')),
    bank_ref TEXT NOT NULL DEFAULT '',
    allocated_fen BIGINT NOT NULL DEFAULT 0 CHECK (allocated_fen >= 0),
    external_ref TEXT UNIQUE,
    reversed_on DATE,
    reversal_reason TEXT NOT NULL DEFAULT '',
    reversed_by BIGINT REFERENCES users(id),
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    CHECK (allocated_fen <= amount_fen)
);
CREATE INDEX payments_customer_idx ON payments (customer_id, received_on);

-- Which payment paid which receivable. Counted in the aging as of any date from the payment's
-- date until the reversal date, if any.
CREATE TABLE allocations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id BIGINT NOT NULL REFERENCES payments(id),
    receivable_id BIGINT NOT NULL REFERENCES receivables(id),
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    received_on DATE NOT NULL,
    reversed_on DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX allocations_receivable_idx ON allocations (receivable_id, received_on);
CREATE INDEX allocations_payment_idx ON allocations (payment_id);

CREATE TABLE credit_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    receivable_id BIGINT NOT NULL REFERENCES receivables(id),
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    issued_on DATE NOT NULL,
    reason TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX credit_notes_receivable_idx ON credit_notes (receivable_id, issued_on);

-- Integration pushes: the first answer to a key is kept and repeated for the same request.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users(id),
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    response TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);
