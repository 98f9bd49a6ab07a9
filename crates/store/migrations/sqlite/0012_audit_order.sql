-- The audit trail's own order: two events in the same instant (a timestamp's resolution)
-- must still read back in the order they happened. Existing events keep insertion order.
ALTER TABLE audit_event ADD COLUMN seq INTEGER;
UPDATE audit_event SET seq = rowid;
CREATE INDEX audit_event_seq ON audit_event(seq);
