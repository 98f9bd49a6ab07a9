-- Each audit event's place in the trail from a sequence. The largest number plus one, as
-- before, gave two events the same place when two app servers recorded at the same moment
-- (each read the same largest number). SQLite has one writer and keeps that rule.
CREATE SEQUENCE audit_event_order OWNED BY audit_event.seq;
SELECT setval('audit_event_order', COALESCE((SELECT MAX(seq) FROM audit_event), 0) + 1, false);
ALTER TABLE audit_event ALTER COLUMN seq SET DEFAULT nextval('audit_event_order');
