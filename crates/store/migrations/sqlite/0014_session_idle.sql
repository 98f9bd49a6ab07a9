-- When a session was last used: a session idle for longer than the idle limit ends, as a
-- shared computer left signed in at a drop-in should. Recorded at most once a minute.
ALTER TABLE session ADD COLUMN last_seen_at TEXT;
UPDATE session SET last_seen_at = created_at;
