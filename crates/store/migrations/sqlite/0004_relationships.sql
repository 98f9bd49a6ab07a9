-- Snowball discovery (A2): relationships an agency reports with the agencies it works with.
-- A named agency not (yet) in the directory has no to_org and waits in the to-contact queue
-- under its name key.
CREATE TABLE relationship (
    id TEXT PRIMARY KEY,
    from_org TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    to_org TEXT REFERENCES organization(id) ON DELETE SET NULL,
    to_name TEXT NOT NULL,
    to_name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    intensity INTEGER NOT NULL,
    reported_on TEXT NOT NULL,
    reported_by TEXT REFERENCES app_user(id),
    note TEXT
);
CREATE INDEX relationship_from ON relationship(from_org);
CREATE INDEX relationship_to ON relationship(to_org);
CREATE INDEX relationship_queue ON relationship(to_name_key) ;
