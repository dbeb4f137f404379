-- A display name cannot imitate another user's: the server stores a comparison key (lower case,
-- without spaces, full-width letters folded) and keeps it unique. Existing rows get a
-- simplified key; of users already sharing one, only the first keeps it until renamed.
ALTER TABLE users ADD COLUMN display_key TEXT;
UPDATE users SET display_key = lower(replace(trim(display_name), ' ', ''))
WHERE id = (SELECT MIN(u.id) FROM users u
            WHERE lower(replace(trim(u.display_name), ' ', '')) = lower(replace(trim(users.display_name), ' ', '')));
CREATE UNIQUE INDEX users_display_key_idx ON users (display_key);
