-- Contacts with a person on the list (a call, a visit, a message), dated. A person with
-- neither a contact nor a referral for the configured number of days becomes inactive
-- (no contact), as the by-name list practice asks.
CREATE TABLE person_contact (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id),
    on_day TEXT NOT NULL,
    recorded_by TEXT REFERENCES app_user(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX person_contact_person ON person_contact(person_id, on_day);
-- Contacts recorded on a person later linked into another count for that other person.
CREATE INDEX person_merged_into ON person(merged_into);
-- A referral's sequence number is the largest so far plus one: without an index, finding the
-- largest read every referral on every save.
CREATE INDEX referral_seq ON referral(seq);

-- The list's settings: one row, written when an administrator changes a default.
CREATE TABLE list_settings (
    id INTEGER PRIMARY KEY,
    no_contact_days INTEGER NOT NULL
);

-- Bumped by every write that can change the by-name list (a referral saved, a status
-- changed, persons linked or unlinked, consent ended, a policy put in force), so an app
-- server can keep the ranked list in memory and rank again only when it changed.
CREATE TABLE list_version (
    id INTEGER PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO list_version (id, n) VALUES (1, 0);
