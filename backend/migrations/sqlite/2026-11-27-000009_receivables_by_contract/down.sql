DROP INDEX receivables_contract_idx;
