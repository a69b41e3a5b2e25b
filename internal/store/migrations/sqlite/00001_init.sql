-- The registry's schema on SQLite. Dates are TEXT in YYYY-MM-DD (checked by
-- GLOB so that nothing else slips in), months TEXT YYYY-MM, booleans INTEGER
-- 0/1, instants TIMESTAMP text written by the store in UTC, JSON as TEXT.
-- Ids are INTEGER PRIMARY KEY (the rowid). Keep this file in step with
-- ../postgres/00001_init.sql: the store's SQL runs unchanged on both.

-- +goose Up

CREATE TABLE tenants (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    email         TEXT NOT NULL UNIQUE CHECK (email <> '' AND email = lower(email)),
    password_hash TEXT NOT NULL, -- argon2id, PHC string form; '' means no password login
    role          TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    -- restricted: the user sees only the employers in user_employers (none
    -- when it has no rows there); otherwise every employer of the tenant.
    restricted    INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the session token, hex
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the token, hex; the token itself is never stored
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE employers (
    id                INTEGER PRIMARY KEY,
    tenant_id         INTEGER NOT NULL REFERENCES tenants (id),
    bin               TEXT NOT NULL CHECK (length(bin) = 12 AND bin NOT GLOB '*[^0-9]*'),
    name              TEXT NOT NULL DEFAULT '',
    size              TEXT NOT NULL CHECK (size IN ('small', 'medium', 'large')),
    branch_of_foreign INTEGER NOT NULL DEFAULT 0 CHECK (branch_of_foreign IN (0, 1)),
    -- Kazakhstan citizens on staff by category; all four NULL when not given.
    staff_kz_1        INTEGER CHECK (staff_kz_1 >= 0),
    staff_kz_2        INTEGER CHECK (staff_kz_2 >= 0),
    staff_kz_3        INTEGER CHECK (staff_kz_3 >= 0),
    staff_kz_4        INTEGER CHECK (staff_kz_4 >= 0),
    total_employees   INTEGER CHECK (total_employees >= 0),
    -- version counts the changes of the employer and of any of its records
    -- (optimistic concurrency: an update names the version it read).
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, bin),
    CONSTRAINT employer_staff_complete CHECK (
        (staff_kz_1 IS NULL) = (staff_kz_2 IS NULL) AND (staff_kz_2 IS NULL) = (staff_kz_3 IS NULL)
        AND (staff_kz_3 IS NULL) = (staff_kz_4 IS NULL))
);
CREATE INDEX employers_tenant_name ON employers (tenant_id, name);

-- The employers a restricted user may see.
CREATE TABLE user_employers (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, employer_id)
);
CREATE INDEX user_employers_employer ON user_employers (employer_id);

-- pos columns keep the order of each list as given, so that records read
-- back equal the records written.
CREATE TABLE workers (
    id          INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    ext_id      TEXT NOT NULL CHECK (ext_id <> ''), -- the employer's own id for the worker
    pos         INTEGER NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    citizenship TEXT NOT NULL DEFAULT '',
    iin         TEXT NOT NULL DEFAULT '',
    basis       TEXT NOT NULL,
    category    TEXT, -- '1'..'4', 'seasonal'; NULL when not given
    position    TEXT NOT NULL DEFAULT '',
    start_date  TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    end_date    TEXT CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CONSTRAINT worker_unique_id UNIQUE (employer_id, ext_id),
    CONSTRAINT worker_ends_after_start CHECK (end_date >= start_date)
);

-- An employment contract (or ICT agreement) and its registration in the
-- state contract system; one per worker.
CREATE TABLE contracts (
    worker_id     INTEGER PRIMARY KEY REFERENCES workers (id) ON DELETE CASCADE,
    signed_on     TEXT CHECK (signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    registered_on TEXT CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);

-- Permits are never overwritten: a changed or extended permit is a new row
-- that names the row it supersedes (extends_permit_id), and the old row gets
-- superseded_at. Current permits are those with superseded_at NULL; only pos
-- and superseded_at ever change (a trigger refuses anything else).
CREATE TABLE permits (
    id                INTEGER PRIMARY KEY,
    worker_id         INTEGER NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    pos               INTEGER, -- NULL once superseded
    number            TEXT NOT NULL DEFAULT '',
    valid_from        TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_to          TEXT NOT NULL CHECK (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    extends_permit_id INTEGER REFERENCES permits (id) ON DELETE CASCADE,
    recorded_at       TIMESTAMP NOT NULL,
    superseded_at     TIMESTAMP,
    CONSTRAINT permit_ends_after_start CHECK (valid_to >= valid_from),
    CONSTRAINT permit_current_has_pos CHECK ((pos IS NULL) = (superseded_at IS NOT NULL))
);
CREATE INDEX permits_worker ON permits (worker_id, pos);
CREATE INDEX permits_extends ON permits (extends_permit_id);

-- +goose StatementBegin
CREATE TRIGGER permits_never_overwritten
BEFORE UPDATE OF worker_id, number, valid_from, valid_to, extends_permit_id, recorded_at ON permits
BEGIN
    SELECT RAISE(ABORT, 'permits are never overwritten: record a new version');
END;
-- +goose StatementEnd

-- The regions of a permit: a set (one row per region), kept in the order given.
CREATE TABLE permit_regions (
    permit_id INTEGER NOT NULL REFERENCES permits (id) ON DELETE CASCADE,
    region    TEXT NOT NULL,
    pos       INTEGER NOT NULL,
    PRIMARY KEY (permit_id, region)
);

-- +goose StatementBegin
CREATE TRIGGER permit_regions_never_overwritten
BEFORE UPDATE ON permit_regions
BEGIN
    SELECT RAISE(ABORT, 'permits are never overwritten: record a new version');
END;
-- +goose StatementEnd

CREATE TABLE trips (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    region      TEXT NOT NULL,
    date_from   TEXT NOT NULL CHECK (date_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    date_to     TEXT NOT NULL CHECK (date_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    notified_on TEXT CHECK (notified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CONSTRAINT trip_ends_after_start CHECK (date_to >= date_from)
);
CREATE INDEX trips_worker ON trips (worker_id, pos);

CREATE TABLE address_changes (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    changed_on  TEXT NOT NULL CHECK (changed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    notified_on TEXT CHECK (notified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
CREATE INDEX address_changes_worker ON address_changes (worker_id, pos);

-- Permit applications filed for a worker, with the vacancy posted for them.
CREATE TABLE permit_applications (
    id                INTEGER PRIMARY KEY,
    worker_id         INTEGER NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    pos               INTEGER NOT NULL,
    filed_on          TEXT NOT NULL CHECK (filed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    vacancy_posted_on TEXT CHECK (vacancy_posted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    vacancy_code      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX permit_applications_worker ON permit_applications (worker_id, pos);

CREATE TABLE monthly_reports (
    id           INTEGER PRIMARY KEY,
    employer_id  INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    pos          INTEGER NOT NULL,
    month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    submitted_on TEXT NOT NULL CHECK (submitted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
CREATE INDEX monthly_reports_employer ON monthly_reports (employer_id, pos);

CREATE TABLE quota_plans (
    id          INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    region      TEXT NOT NULL,
    category    TEXT,
    position    TEXT NOT NULL DEFAULT '',
    count       INTEGER NOT NULL CHECK (count >= 0)
);
CREATE INDEX quota_plans_employer ON quota_plans (employer_id, pos);

CREATE TABLE quota_applications (
    id           INTEGER PRIMARY KEY,
    employer_id  INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    pos          INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    region       TEXT NOT NULL,
    submitted_on TEXT NOT NULL CHECK (submitted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
CREATE INDEX quota_applications_employer ON quota_applications (employer_id, pos);

CREATE TABLE penalties (
    id          INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    article     TEXT NOT NULL,
    part        TEXT NOT NULL DEFAULT '',
    imposed_on  TEXT NOT NULL CHECK (imposed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
CREATE INDEX penalties_employer ON penalties (employer_id, pos);

-- Consultation requests (RULES.md §6): processed only with the person's
-- consent, recorded with the text version shown, the time and the purpose;
-- revocable (Law No. 94-V of 21 May 2013).
CREATE TABLE consultation_requests (
    id                   INTEGER PRIMARY KEY,
    tenant_id            INTEGER NOT NULL REFERENCES tenants (id),
    name                 TEXT NOT NULL CHECK (name <> ''),
    contact              TEXT NOT NULL CHECK (contact <> ''),
    company              TEXT NOT NULL DEFAULT '',
    message              TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    consent_text_version TEXT NOT NULL CHECK (consent_text_version <> ''),
    consent_purpose      TEXT NOT NULL CHECK (consent_purpose <> ''),
    consent_given_at     TIMESTAMP NOT NULL,
    consent_revoked_at   TIMESTAMP
);
CREATE INDEX consultation_requests_tenant ON consultation_requests (tenant_id, id);

-- The audit log: one row per change, written in the change's transaction.
-- Append-only: triggers refuse UPDATE and DELETE. actor_user_id has no
-- foreign key because the log outlives the users it names.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    at            TIMESTAMP NOT NULL,
    actor_user_id INTEGER,
    actor         TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_key    TEXT NOT NULL,
    action        TEXT NOT NULL,
    before_json   TEXT,
    after_json    TEXT
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity, entity_key, id);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_log;
DROP TABLE consultation_requests;
DROP TABLE penalties;
DROP TABLE quota_applications;
DROP TABLE quota_plans;
DROP TABLE monthly_reports;
DROP TABLE permit_applications;
DROP TABLE address_changes;
DROP TABLE trips;
DROP TABLE permit_regions;
DROP TABLE permits;
DROP TABLE contracts;
DROP TABLE workers;
DROP TABLE user_employers;
DROP TABLE employers;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE tenants;
