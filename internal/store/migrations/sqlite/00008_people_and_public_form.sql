-- Issue 10's people and public consultation form:
--   - every tenant has a public slug (/c/SLUG), lower-case Latin letters,
--     digits and hyphens, 3-40 characters; tenants from before get one
--     transliterated from their name when the store opens (fillSlugs), so
--     the column is NULL only until then; and the operator's legal name and
--     BIN, which the consent text of the public form names;
--   - invites: a one-time link for a new user, kept as the SHA-256 hash of
--     its token, with the role and the employers the user will have;
--   - consultation requests gain a status (new, in_progress, done) and the
--     user they are assigned to.
-- Keep in step with ../postgres/00008_people_and_public_form.sql.

-- +goose Up
ALTER TABLE tenants ADD COLUMN slug TEXT CHECK (slug IS NULL OR (length(slug) BETWEEN 3 AND 40 AND slug NOT GLOB '*[^a-z0-9-]*'));
CREATE UNIQUE INDEX tenants_slug ON tenants (slug);
ALTER TABLE tenants ADD COLUMN legal_name TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN legal_bin TEXT NOT NULL DEFAULT '' CHECK (legal_bin = '' OR (length(legal_bin) = 12 AND legal_bin NOT GLOB '*[^0-9]*'));

CREATE TABLE invites (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    email      TEXT NOT NULL CHECK (email <> '' AND email = lower(email)),
    role       TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64), -- SHA-256 of the link's token, hex
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX invites_tenant ON invites (tenant_id);

-- The employers an invited user will be limited to (restricted).
CREATE TABLE invite_employers (
    invite_id   INTEGER NOT NULL REFERENCES invites (id) ON DELETE CASCADE,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    PRIMARY KEY (invite_id, employer_id)
);
CREATE INDEX invite_employers_employer ON invite_employers (employer_id);

ALTER TABLE consultation_requests ADD COLUMN status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done'));
ALTER TABLE consultation_requests ADD COLUMN assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- +goose Down
-- SQLite cannot drop a column that a foreign key names: the requests'
-- table is rebuilt as 00002 left it.
CREATE TABLE consultation_requests_old (
    id                   INTEGER PRIMARY KEY,
    tenant_id            INTEGER NOT NULL REFERENCES tenants (id),
    name                 TEXT NOT NULL,
    contact              TEXT NOT NULL,
    company              TEXT NOT NULL DEFAULT '',
    message              TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    consent_text_version TEXT NOT NULL CHECK (consent_text_version <> ''),
    consent_purpose      TEXT NOT NULL CHECK (consent_purpose <> ''),
    consent_given_at     TIMESTAMP NOT NULL,
    consent_revoked_at   TIMESTAMP,
    CHECK ((name <> '' AND contact <> '') OR consent_revoked_at IS NOT NULL)
);
INSERT INTO consultation_requests_old SELECT id, tenant_id, name, contact, company, message, created_at,
    consent_text_version, consent_purpose, consent_given_at, consent_revoked_at FROM consultation_requests;
DROP TABLE consultation_requests;
ALTER TABLE consultation_requests_old RENAME TO consultation_requests;
CREATE INDEX consultation_requests_tenant ON consultation_requests (tenant_id, id);
DROP TABLE invite_employers;
DROP TABLE invites;
ALTER TABLE tenants DROP COLUMN legal_bin;
ALTER TABLE tenants DROP COLUMN legal_name;
DROP INDEX tenants_slug;
ALTER TABLE tenants DROP COLUMN slug;
