-- Directory (HSDS 3.1), accounts, sessions and the audit trail.
-- Ids are UUIDs as text; times are RFC 3339 UTC text, which sorts in time order.

CREATE TABLE taxonomy (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    uri TEXT,
    version TEXT
);

CREATE TABLE taxonomy_term (
    id TEXT PRIMARY KEY,
    taxonomy_id TEXT NOT NULL REFERENCES taxonomy(id),
    code TEXT,
    name TEXT NOT NULL,
    name_fr TEXT,
    description TEXT,
    parent_id TEXT REFERENCES taxonomy_term(id)
);
CREATE INDEX taxonomy_term_parent ON taxonomy_term(parent_id);

CREATE TABLE area (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_fr TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION
);

CREATE TABLE organization (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- The folded name: two organizations cannot share a name up to accents and case.
    name_key TEXT NOT NULL UNIQUE,
    alternate_name TEXT,
    description TEXT,
    email TEXT,
    website TEXT,
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE location (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    name TEXT,
    description TEXT,
    address_1 TEXT,
    city TEXT,
    state_province TEXT,
    postal_code TEXT,
    country TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    area_id TEXT REFERENCES area(id)
);
CREATE INDEX location_organization ON location(organization_id);

CREATE TABLE service (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    alternate_name TEXT,
    description TEXT,
    url TEXT,
    email TEXT,
    status TEXT NOT NULL,
    eligibility_description TEXT,
    minimum_age BIGINT,
    maximum_age BIGINT,
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX service_organization ON service(organization_id);

CREATE TABLE service_at_location (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES location(id) ON DELETE CASCADE,
    UNIQUE (service_id, location_id)
);

CREATE TABLE service_area (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
    area_id TEXT NOT NULL REFERENCES area(id),
    UNIQUE (service_id, area_id)
);
CREATE INDEX service_area_area ON service_area(area_id);

-- HSDS attribute: a taxonomy term attached to an organization or a service.
CREATE TABLE attribute (
    id TEXT PRIMARY KEY,
    link_entity TEXT NOT NULL,
    link_id TEXT NOT NULL,
    taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_term(id),
    UNIQUE (link_id, taxonomy_term_id)
);
CREATE INDEX attribute_term ON attribute(taxonomy_term_id);

CREATE TABLE contact (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT,
    department TEXT,
    email TEXT,
    phone TEXT
);
CREATE INDEX contact_organization ON contact(organization_id);

CREATE TABLE app_user (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    agency_id TEXT REFERENCES organization(id),
    language TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX session_expires ON session(expires_at);

CREATE TABLE audit_event (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_event_entity ON audit_event(entity_id);
