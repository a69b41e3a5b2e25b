-- When a person revokes their consent to the processing of their personal
-- data (Law No. 94-V of 21 May 2013), the store erases the personal data of
-- their consultation request (name, contact, company, message) and keeps
-- only the consent record: text version, purpose, given and revoked times.
-- The name and contact may therefore be empty once consent is revoked.
-- SQLite cannot change a CHECK constraint, so the table is rebuilt; nothing
-- refers to it.

-- +goose Up
CREATE TABLE consultation_requests_new (
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
INSERT INTO consultation_requests_new SELECT id, tenant_id, name, contact, company, message, created_at,
    consent_text_version, consent_purpose, consent_given_at, consent_revoked_at FROM consultation_requests;
DROP TABLE consultation_requests;
ALTER TABLE consultation_requests_new RENAME TO consultation_requests;
CREATE INDEX consultation_requests_tenant ON consultation_requests (tenant_id, id);

-- +goose Down
-- Erased requests cannot be given their personal data back; they are kept
-- with a placeholder so that the old constraint holds.
CREATE TABLE consultation_requests_old (
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
INSERT INTO consultation_requests_old SELECT id, tenant_id,
    CASE name WHEN '' THEN '(erased)' ELSE name END, CASE contact WHEN '' THEN '(erased)' ELSE contact END,
    company, message, created_at, consent_text_version, consent_purpose, consent_given_at, consent_revoked_at
    FROM consultation_requests;
DROP TABLE consultation_requests;
ALTER TABLE consultation_requests_old RENAME TO consultation_requests;
CREATE INDEX consultation_requests_tenant ON consultation_requests (tenant_id, id);
