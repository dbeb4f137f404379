DROP TABLE statement_mails;
DROP TABLE statement_runs;
DROP TABLE statement_recipients;
