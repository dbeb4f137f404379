-- E-mail copies of notifications (optional, sent when SMTP is configured).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
-- none: nobody to mail; pending: waiting for the mailer; sending: claimed by a mailer;
-- sent; failed: gave up after the retries; expired: too old when a mailer first saw it.
ALTER TABLE notifications ADD COLUMN email_status TEXT NOT NULL DEFAULT 'none'
    CHECK (email_status IN ('none', 'pending', 'sending', 'sent', 'failed', 'expired'));
ALTER TABLE notifications ADD COLUMN email_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN email_next_at TIMESTAMP;
ALTER TABLE notifications ADD COLUMN email_error TEXT;
CREATE INDEX notifications_email_due ON notifications (email_status, email_next_at);
