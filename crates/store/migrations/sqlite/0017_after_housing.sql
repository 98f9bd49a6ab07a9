-- After housing (E1): who keeps supporting each tenancy, the contacts after move-in (support
-- visits with the tenant, check-ins with the landlord), how the tenancy ended, and the
-- follow-up cadence an administrator sets. What is due is computed from these, never stored.
ALTER TABLE tenancy ADD COLUMN support_agency_id TEXT REFERENCES organization(id);
ALTER TABLE tenancy ADD COLUMN support_worker TEXT;
ALTER TABLE tenancy ADD COLUMN end_reason TEXT;
ALTER TABLE tenancy ADD COLUMN end_note TEXT;
CREATE INDEX tenancy_support_agency ON tenancy(support_agency_id);
CREATE INDEX tenancy_person ON tenancy(person_id);

CREATE TABLE tenancy_contact (
    id TEXT PRIMARY KEY,
    tenancy_id TEXT NOT NULL REFERENCES tenancy(id) ON DELETE CASCADE,
    -- 'support' (the supporting agency with the tenant) or 'landlord' (the locator).
    party TEXT NOT NULL,
    on_day TEXT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    notes TEXT,
    recorded_by TEXT REFERENCES app_user(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX tenancy_contact_tenancy ON tenancy_contact(tenancy_id, party, on_day);

-- One row, written when an administrator changes the default cadence.
CREATE TABLE follow_up_settings (
    id INTEGER PRIMARY KEY,
    weekly_weeks INTEGER NOT NULL,
    monthly_until INTEGER NOT NULL
);
