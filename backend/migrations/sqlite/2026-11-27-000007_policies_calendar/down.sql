DROP TABLE calendar_days;
DROP TABLE policy_versions;
