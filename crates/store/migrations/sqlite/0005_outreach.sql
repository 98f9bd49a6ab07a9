-- Outreach (A3) and meetings (A4). An agency's pipeline stage is derived from its contacts
-- and meetings; only the convener's marks (reluctant, partner since) are stored as such.
-- There is deliberately no column for an agency's staff, budget or funding (A5).
CREATE TABLE outreach_mark (
    org_id TEXT PRIMARY KEY REFERENCES organization(id) ON DELETE CASCADE,
    reluctant INTEGER NOT NULL DEFAULT 0,
    partner_since TEXT
);
CREATE TABLE outreach_contact (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    contacted_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    note TEXT,
    logged_by TEXT REFERENCES app_user(id)
);
CREATE INDEX outreach_contact_org ON outreach_contact(org_id, contacted_on);
CREATE TABLE meeting (
    id TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    preparation TEXT,
    expected_outcomes TEXT,
    scheduled_on TEXT NOT NULL,
    held_on TEXT,
    decisions TEXT,
    next_meeting_on TEXT,
    created_by TEXT REFERENCES app_user(id)
);
CREATE TABLE meeting_agency (
    meeting_id TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    role TEXT,
    strengths TEXT,
    place_in_network TEXT,
    hub_does_well TEXT,
    hub_does_less_well TEXT,
    hub_should_start TEXT,
    hub_should_stop TEXT,
    PRIMARY KEY (meeting_id, org_id)
);
CREATE INDEX meeting_agency_org ON meeting_agency(org_id);
CREATE TABLE follow_up (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX follow_up_meeting ON follow_up(meeting_id);
