-- The audit trail's own order: two events in the same instant (a timestamp's resolution)
-- must still read back in the order they happened. Existing events are numbered by time.
ALTER TABLE audit_event ADD COLUMN seq BIGINT;
UPDATE audit_event SET seq = numbered.n
FROM (SELECT id, row_number() OVER (ORDER BY at, id) AS n FROM audit_event) AS numbered
WHERE numbered.id = audit_event.id;
CREATE INDEX audit_event_seq ON audit_event(seq);
