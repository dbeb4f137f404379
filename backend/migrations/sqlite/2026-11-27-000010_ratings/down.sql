DROP TABLE revisits;
DROP TABLE rating_results;
DROP TABLE rating_run_customers;
DROP TABLE rating_runs;
DROP TABLE influence_assessments;
