-- The logo on an employer's letterhead (the qualification letter's upper
-- left corner): one per employer, PNG or JPEG, 1 MB at most, held in the
-- database so that a backup holds it, with its SHA-256 (hex). It goes with
-- its employer. Keep in step with ../postgres/00012_employer_logos.sql.

-- +goose Up
CREATE TABLE employer_logos (
    employer_id  INTEGER PRIMARY KEY REFERENCES employers (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    size         INTEGER NOT NULL CHECK (size > 0 AND size <= 1048576),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE employer_logos;
