-- One-time links that set an account's password: sent to a new account, or made by an
-- administrator for a forgotten password. Only the link's hash is kept; a link works once,
-- until expires_at, and making a new one for the account ends the ones before it.
CREATE TABLE password_reset (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    created_by TEXT REFERENCES app_user(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX password_reset_user ON password_reset (user_id);
