-- Sign-in attempts: what throttles password guessing (failures by the e-mail tried and by
-- the address they came from, over a window) and the record of who tried what from where.
-- Rows older than thirty days are removed as new ones are written.
CREATE TABLE login_attempt (
    at TEXT NOT NULL,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    succeeded INTEGER NOT NULL
);
CREATE INDEX login_attempt_email ON login_attempt(email, at);
CREATE INDEX login_attempt_address ON login_attempt(address, at);
CREATE INDEX login_attempt_at ON login_attempt(at);
