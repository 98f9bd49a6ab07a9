-- The housing locator (C1–C3): landlords, their contacts and history, properties, units,
-- the unit lifecycle, tenancies, and the periods in which each unit was available.
-- Dates are YYYY-MM-DD text; times RFC 3339 UTC text; money integer cents; flags 0/1.

CREATE TABLE landlord (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    -- The folded name: two landlords cannot share a name up to accents and case.
    name_key TEXT NOT NULL UNIQUE,
    email TEXT,
    phone TEXT,
    committed_units INTEGER,
    committed_until TEXT,
    commitment_terms TEXT,
    accepts_pets INTEGER NOT NULL,
    accepts_smoking INTEGER NOT NULL,
    max_household INTEGER,
    requires_support_worker INTEGER NOT NULL,
    programs TEXT NOT NULL,
    -- Seen by housing locators only.
    private_notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE landlord_contact (
    id TEXT PRIMARY KEY,
    landlord_id TEXT NOT NULL REFERENCES landlord(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT,
    email TEXT,
    phone TEXT
);
CREATE INDEX landlord_contact_landlord ON landlord_contact(landlord_id);

CREATE TABLE landlord_event (
    id TEXT PRIMARY KEY,
    landlord_id TEXT NOT NULL REFERENCES landlord(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    amount_cents INTEGER,
    note TEXT,
    recorded_by TEXT REFERENCES app_user(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX landlord_event_landlord ON landlord_event(landlord_id, occurred_on);

CREATE TABLE property (
    id TEXT PRIMARY KEY,
    landlord_id TEXT NOT NULL REFERENCES landlord(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    postal_code TEXT,
    area_id TEXT REFERENCES area(id),
    latitude REAL,
    longitude REAL,
    step_free INTEGER NOT NULL,
    elevator INTEGER NOT NULL,
    in_service_since TEXT
);
CREATE INDEX property_landlord ON property(landlord_id);

CREATE TABLE unit (
    id TEXT PRIMARY KEY,
    property_id TEXT NOT NULL REFERENCES property(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    bedrooms INTEGER NOT NULL,
    rent_cents INTEGER NOT NULL,
    rent_includes TEXT NOT NULL,
    step_free INTEGER NOT NULL,
    elevator INTEGER NOT NULL,
    wheelchair INTEGER NOT NULL,
    pets_allowed INTEGER NOT NULL,
    smoking_allowed INTEGER NOT NULL,
    available_from TEXT NOT NULL,
    status TEXT NOT NULL,
    hold_agency_id TEXT REFERENCES organization(id),
    hold_until TEXT,
    inspected_on TEXT,
    inspection_passed INTEGER,
    inspection_notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (property_id, label)
);
CREATE INDEX unit_status ON unit(status);

CREATE TABLE unit_event (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    -- The change's place in the unit's history (1, 2, …): several can share a day.
    seq INTEGER NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT REFERENCES app_user(id),
    reason TEXT
);
CREATE UNIQUE INDEX unit_event_unit ON unit_event(unit_id, seq);

CREATE TABLE tenancy (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    household_ref TEXT,
    leased_on TEXT NOT NULL,
    moved_in_on TEXT,
    ended_on TEXT
);
CREATE INDEX tenancy_unit ON tenancy(unit_id);

-- One row per stretch of months in which a unit was open to the network (available, held
-- or offered), kept in step with the unit's status changes so that the monthly figures
-- are one grouped query. Months are year * 12 + month - 1; an open stretch has no end.
-- A unit is counted at most once a month: a stretch starts after the month its previous
-- stretch ended in.
CREATE TABLE availability_period (
    unit_id TEXT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    area_id TEXT,
    bedrooms INTEGER NOT NULL,
    start_month INTEGER NOT NULL,
    end_month INTEGER
);
CREATE INDEX availability_period_unit ON availability_period(unit_id);
CREATE INDEX availability_period_months ON availability_period(start_month, end_month);
