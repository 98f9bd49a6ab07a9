-- Matching and offers (D1–D5). See docs/matching.md.

-- A match round: the persons waiting and the units open on one day, matched under the
-- policy in force. The engine's input and its result (every proposal and every wait with
-- their reasons) are kept as JSON, so a round reads and explains exactly as it was, whatever
-- changed since. A dry run is only looked at: no offer is made from it.
CREATE TABLE match_round (
    id TEXT PRIMARY KEY,
    -- The order rounds were started in (several can share a second).
    seq BIGINT NOT NULL,
    on_day TEXT NOT NULL,
    started_at TEXT NOT NULL,
    started_by TEXT REFERENCES app_user(id),
    policy TEXT NOT NULL,
    dry_run BIGINT NOT NULL,
    persons BIGINT NOT NULL,
    units BIGINT NOT NULL,
    feasible_pairs BIGINT NOT NULL,
    matched BIGINT NOT NULL,
    -- A u128 as decimal text: too large for every integer type both databases share.
    objective TEXT NOT NULL,
    inputs TEXT NOT NULL,
    result TEXT NOT NULL,
    -- Seconds per stage, as JSON.
    timings TEXT NOT NULL,
    -- Bumped by every solve again after an exclusion or a pin.
    revision BIGINT NOT NULL DEFAULT 1,
    closed_at TEXT
);
CREATE INDEX match_round_seq ON match_round(seq);

-- The locator's corrections to a round: a pair excluded (with its reason) or pinned.
CREATE TABLE match_override (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES match_round(id),
    person_id TEXT NOT NULL REFERENCES person(id),
    unit_id TEXT NOT NULL REFERENCES unit(id),
    kind TEXT NOT NULL,
    reason TEXT,
    by_user TEXT REFERENCES app_user(id),
    at TEXT NOT NULL,
    UNIQUE (round_id, person_id, unit_id)
);

-- An offer of a unit to a person, from a round's proposal to the move-in or its end.
-- `live` is 1 while the offer holds its unit and person and NULL after: the two partial
-- unique indexes below make a second live offer of the same unit or person impossible,
-- whichever app server tries it.
CREATE TABLE offer (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    round_id TEXT REFERENCES match_round(id),
    person_id TEXT NOT NULL REFERENCES person(id),
    unit_id TEXT NOT NULL REFERENCES unit(id),
    -- The referral through which the offer goes (the person's latest), and its agency, whose
    -- worker takes the offer to the client.
    referral_id TEXT REFERENCES referral(id),
    agency_id TEXT REFERENCES organization(id),
    priority_position BIGINT,
    fit BIGINT,
    state TEXT NOT NULL,
    live BIGINT,
    offered_on TEXT NOT NULL,
    respond_by TEXT NOT NULL,
    reminded_on TEXT,
    created_by TEXT REFERENCES app_user(id),
    created_at TEXT NOT NULL,
    client_answered_on TEXT,
    client_reason TEXT,
    landlord_answered_on TEXT,
    landlord_reason TEXT,
    lease_signed_on TEXT,
    lease_starts_on TEXT,
    rent_cents BIGINT,
    subsidy_cents BIGINT,
    moved_in_on TEXT,
    ended_on TEXT,
    end_reason TEXT,
    tenancy_id TEXT REFERENCES tenancy(id)
);
CREATE UNIQUE INDEX offer_live_unit ON offer(unit_id) WHERE live = 1;
CREATE UNIQUE INDEX offer_live_person ON offer(person_id) WHERE live = 1;
CREATE INDEX offer_state ON offer(state);
CREATE INDEX offer_agency ON offer(agency_id);
CREATE INDEX offer_round ON offer(round_id);
CREATE INDEX offer_seq ON offer(seq);

-- Every step of an offer, dated, with who recorded it.
CREATE TABLE offer_event (
    id TEXT PRIMARY KEY,
    offer_id TEXT NOT NULL REFERENCES offer(id),
    seq BIGINT NOT NULL,
    on_day TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT,
    note TEXT,
    actor_id TEXT REFERENCES app_user(id),
    at TEXT NOT NULL
);
CREATE INDEX offer_event_offer ON offer_event(offer_id);

-- A tenancy that came from an offer knows its person (for follow-up and returns).
ALTER TABLE tenancy ADD COLUMN person_id TEXT REFERENCES person(id);
