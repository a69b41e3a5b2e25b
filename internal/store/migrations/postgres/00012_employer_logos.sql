-- The logo on an employer's letterhead (the qualification letter's upper
-- left corner): one per employer, PNG or JPEG, 1 MB at most, held in the
-- database so that a backup holds it, with its SHA-256 (hex). It goes with
-- its employer. Keep in step with ../sqlite/00012_employer_logos.sql.

-- +goose Up
CREATE TABLE employer_logos (
    employer_id  bigint PRIMARY KEY REFERENCES employers (id) ON DELETE CASCADE,
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    size         integer NOT NULL CHECK (size > 0 AND size <= 1048576),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL
);

-- +goose Down
DROP TABLE employer_logos;
