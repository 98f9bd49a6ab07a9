-- SQLite has one writer: the largest number plus one is each audit event's own place in the
-- trail. The index that orders the trail now says so too. (PostgreSQL's 0024 gives it a
-- sequence, for several app servers.)
DROP INDEX audit_event_seq;
CREATE UNIQUE INDEX audit_event_seq ON audit_event(seq);
