-- Personal access tokens for the API (`Authorization: Bearer`). Only a hash of the secret is
-- kept: the secret is shown once, when the token is made. A token acts as its user, with their
-- role and agency as they are at each request, limited to reading when its scope is `read`.
CREATE TABLE api_token (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- `read` or `write`.
    scope TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- The last day it is accepted.
    expires_on TEXT NOT NULL,
    -- Recorded at most once a minute.
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_token_user ON api_token(user_id);
