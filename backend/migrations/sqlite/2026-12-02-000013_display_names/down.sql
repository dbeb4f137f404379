DROP INDEX users_display_key_idx;
ALTER TABLE users DROP COLUMN display_key;
