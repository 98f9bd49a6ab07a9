-- Notifications are also sent by e-mail where an SMTP server is configured: the outbox is
-- the notifications not yet mailed, so a mail server that is down delays mail, never loses it.
ALTER TABLE notification ADD COLUMN mailed_at TEXT;
CREATE INDEX notification_outbox ON notification(mailed_at, at);
