-- Incidents in a tenancy and the mediation that follows (E2): what happened, who raised it,
-- the meetings held and what was agreed, and how the incident was closed.
CREATE TABLE tenancy_incident (
    id TEXT PRIMARY KEY,
    tenancy_id TEXT NOT NULL REFERENCES tenancy(id) ON DELETE CASCADE,
    on_day TEXT NOT NULL,
    kind TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    description TEXT,
    -- NULL while open.
    outcome TEXT,
    closed_on TEXT,
    outcome_note TEXT,
    recorded_by TEXT REFERENCES app_user(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX tenancy_incident_tenancy ON tenancy_incident(tenancy_id, on_day);

CREATE TABLE incident_meeting (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES tenancy_incident(id) ON DELETE CASCADE,
    on_day TEXT NOT NULL,
    attendees TEXT NOT NULL,
    agreed TEXT,
    recorded_by TEXT REFERENCES app_user(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX incident_meeting_incident ON incident_meeting(incident_id, on_day);
