-- An account an administrator has disabled: it signs in no more, its sessions have ended and
-- its API tokens are refused, but its history (the audit trail, what it wrote) stays.
ALTER TABLE app_user ADD COLUMN disabled_at TEXT;
