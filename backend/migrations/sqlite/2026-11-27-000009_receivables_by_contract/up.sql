-- The receivables list filters by contract (a contract's receivables on its page).
CREATE INDEX receivables_contract_idx ON receivables (contract_id, due_date);
