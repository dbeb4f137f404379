DROP TABLE notifications;
DROP TABLE approval_events;
DROP TABLE approvals;
DROP TABLE customer_access_grants;
