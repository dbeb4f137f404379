DROP TABLE audit_head;
DROP TABLE audit_events;
DROP TABLE api_tokens;
DROP TABLE refresh_tokens;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE offices;
