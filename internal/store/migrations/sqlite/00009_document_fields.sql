-- What the documents ruqsat writes need beyond what the rules count: the
-- employer's letterhead and signatory, a worker's passport, education and
-- experience (the qualification letter), the month's figures (the monthly
-- report), and a quota application's justification and contracts. Every
-- column is optional: '' or NULL when not given.

-- +goose Up
ALTER TABLE employers ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE employers ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE employers ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE employers ADD COLUMN director_name TEXT NOT NULL DEFAULT '';
ALTER TABLE employers ADD COLUMN director_position TEXT NOT NULL DEFAULT '';
ALTER TABLE employers ADD COLUMN uses_seal INTEGER NOT NULL DEFAULT 0 CHECK (uses_seal IN (0, 1));

ALTER TABLE workers ADD COLUMN experience_years INTEGER CHECK (experience_years >= 0);

-- A worker's passport and education: one row each, or none.
CREATE TABLE worker_passports (
    worker_id  INTEGER PRIMARY KEY REFERENCES workers (id) ON DELETE CASCADE,
    number     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    expires_on TEXT CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    issuer     TEXT NOT NULL DEFAULT '',
    CONSTRAINT passport_expires_after_issue CHECK (expires_on >= issued_on)
);

CREATE TABLE worker_education (
    worker_id   INTEGER PRIMARY KEY REFERENCES workers (id) ON DELETE CASCADE,
    level       TEXT NOT NULL DEFAULT '' CHECK (level IN ('', 'secondary', 'vocational', 'higher', 'postgraduate')),
    institution TEXT NOT NULL DEFAULT '',
    specialty   TEXT NOT NULL DEFAULT '',
    graduated   INTEGER -- the year; NULL when not given
);

-- The documents on file for a worker (passport, diploma, the ICT file...).
CREATE TABLE worker_documents (
    id         INTEGER PRIMARY KEY,
    worker_id  INTEGER NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('passport', 'diploma', 'work_record', 'employment_certificate',
                   'ict_letter_sender', 'ict_letter_receiver', 'ict_agreement', 'contract', 'other')),
    number     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    expires_on TEXT CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CONSTRAINT worker_document_expires_after_issue CHECK (expires_on >= issued_on)
);
CREATE INDEX worker_documents_worker ON worker_documents (worker_id, pos);

ALTER TABLE quota_plans ADD COLUMN justification TEXT NOT NULL DEFAULT '';

CREATE TABLE quota_contracts (
    id          INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    customer    TEXT NOT NULL CHECK (customer <> ''),
    number      TEXT NOT NULL DEFAULT '',
    signed_on   TEXT CHECK (signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    region      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX quota_contracts_employer ON quota_contracts (employer_id, pos);

CREATE TABLE monthly_figures (
    id           INTEGER PRIMARY KEY,
    employer_id  INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    pos          INTEGER NOT NULL,
    month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    kz_trained   INTEGER NOT NULL CHECK (kz_trained >= 0),
    kz_replaced  INTEGER NOT NULL CHECK (kz_replaced >= 0),
    kz_working   INTEGER NOT NULL CHECK (kz_working >= 0),
    jobs_created INTEGER NOT NULL CHECK (jobs_created >= 0),
    CONSTRAINT monthly_figures_month_once UNIQUE (employer_id, month)
);

-- +goose Down
DROP TABLE monthly_figures;
DROP TABLE quota_contracts;
ALTER TABLE quota_plans DROP COLUMN justification;
DROP TABLE worker_documents;
DROP TABLE worker_education;
DROP TABLE worker_passports;
ALTER TABLE workers DROP COLUMN experience_years;
ALTER TABLE employers DROP COLUMN uses_seal;
ALTER TABLE employers DROP COLUMN director_position;
ALTER TABLE employers DROP COLUMN director_name;
ALTER TABLE employers DROP COLUMN email;
ALTER TABLE employers DROP COLUMN phone;
ALTER TABLE employers DROP COLUMN address;
