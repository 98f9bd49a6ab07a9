-- Coordinated access (B1–B4): persons on the by-name list, the referrals that brought them,
-- possible same persons for review, the linkage model, notifications and the
-- prioritization policies in force over time. See docs/coordinated-access.md.

-- A person on the by-name list: one cluster of referrals. A person linked into another is
-- kept (merged_into) so that the link can be undone.
CREATE TABLE person (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    inactive_reason TEXT,
    status_since TEXT NOT NULL,
    merged_into TEXT REFERENCES person(id),
    created_at TEXT NOT NULL
);
CREATE INDEX person_status ON person(status);

-- Every change of a person's status, dated; monthly inflow and outflow are counted here.
CREATE TABLE person_status_event (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id),
    -- The order of a person's changes (several can share a day and a second).
    seq INTEGER NOT NULL,
    on_day TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    flow TEXT,
    actor_id TEXT REFERENCES app_user(id),
    at TEXT NOT NULL
);
CREATE INDEX person_status_event_person ON person_status_event(person_id);
CREATE INDEX person_status_event_day ON person_status_event(on_day);

-- A referral. Without consent to share with the hub (anonymous = 1) only the agency and the
-- day are kept. When consent ends, redacted_at is set and every identifying column is
-- erased; the household and needs stay for the counts.
-- Code lists (needs, accessibility, income sources) and area ids are stored comma-joined:
-- they are read whole with their referral and counted in Rust, never queried one by one.
CREATE TABLE referral (
    id TEXT PRIMARY KEY,
    -- The order referrals were saved in: "the latest referral" must not depend on two
    -- saves within one second.
    seq INTEGER NOT NULL,
    person_id TEXT REFERENCES person(id),
    agency_id TEXT REFERENCES organization(id),
    referred_by TEXT REFERENCES app_user(id),
    referred_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    anonymous INTEGER NOT NULL,
    redacted_at TEXT,
    given_name TEXT,
    family_name TEXT,
    other_names TEXT,
    birth_date TEXT,
    birth_date_flagged INTEGER NOT NULL DEFAULT 0,
    sex_gender TEXT,
    phone TEXT,
    email TEXT,
    last_address TEXT,
    postal_code TEXT,
    identifier TEXT,
    adults INTEGER,
    children_ages TEXT,
    pregnant INTEGER NOT NULL DEFAULT 0,
    bedrooms_needed INTEGER,
    needs TEXT,
    accessibility TEXT,
    pets INTEGER NOT NULL DEFAULT 0,
    smoking INTEGER NOT NULL DEFAULT 0,
    monthly_income_cents INTEGER,
    income_sources TEXT,
    subsidy_eligible INTEGER NOT NULL DEFAULT 0,
    max_rent_cents INTEGER,
    preferred_areas TEXT,
    excluded_areas TEXT,
    supporting_agency_id TEXT REFERENCES organization(id),
    supporting_worker TEXT,
    days_homeless INTEGER,
    assessment_score INTEGER,
    youth INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    consent_supports INTEGER NOT NULL DEFAULT 0,
    consent_landlords INTEGER NOT NULL DEFAULT 0,
    consent_method TEXT,
    consent_witness TEXT,
    consent_given_on TEXT,
    consent_expires_on TEXT,
    consent_withdrawn_on TEXT,
    consent_reminded_on TEXT
);
CREATE INDEX referral_person ON referral(person_id);
CREATE INDEX referral_agency ON referral(agency_id);
CREATE INDEX referral_expiry ON referral(consent_expires_on);

-- A possible same person, and every link made automatically: the referral, the referral
-- it may be the same person as, the engine's explanation when found, and the decision.
CREATE TABLE link_review (
    id TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referral(id),
    candidate_referral_id TEXT NOT NULL REFERENCES referral(id),
    probability REAL NOT NULL,
    explanation TEXT NOT NULL,
    state TEXT NOT NULL,
    automatic INTEGER NOT NULL DEFAULT 0,
    -- When linked: the person the referral's cluster left, and the referrals that moved
    -- (comma-joined), so that the link can be undone exactly.
    moved_from_person TEXT REFERENCES person(id),
    moved_referrals TEXT,
    decided_by TEXT REFERENCES app_user(id),
    decided_at TEXT,
    reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX link_review_state ON link_review(state);
CREATE INDEX link_review_referral ON link_review(referral_id);

-- The identity-resolution model, as trained on the community's own records.
CREATE TABLE linkage_model (
    id TEXT PRIMARY KEY,
    -- Order of saving: several models (or policies) can share a second.
    seq INTEGER NOT NULL,
    trained_at TEXT NOT NULL,
    records INTEGER NOT NULL,
    synthetic INTEGER NOT NULL,
    model TEXT NOT NULL
);

CREATE TABLE notification (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    referral_id TEXT REFERENCES referral(id),
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notification_user ON notification(user_id, read_at);

-- Every prioritization policy put in force, with when, so a past rank can be explained.
CREATE TABLE priority_policy (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    keys TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    set_by TEXT REFERENCES app_user(id)
);
