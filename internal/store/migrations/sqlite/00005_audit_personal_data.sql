-- The audit log's employer entries become JSON merge patches (RFC 7386) of
-- the employer's records document instead of two whole copies (patch = 1),
-- and the personal data of workers in them are encrypted with a key per
-- worker of an employer, kept in audit_keys. A key is destroyed once its
-- worker has been off the records for the retention period
-- (PurgeAuditKeys): what it encrypted can no longer be read, while the
-- entries themselves stay as written. audit_keys is deliberately not
-- append-only, and has no foreign key to employers: keys outlive the
-- employers they were made for, as the log does. Keep in step with
-- ../postgres/00005_audit_personal_data.sql.

-- +goose Up
ALTER TABLE audit_log ADD COLUMN patch INTEGER NOT NULL DEFAULT 0 CHECK (patch IN (0, 1));

CREATE TABLE audit_keys (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    employer_bin TEXT NOT NULL,
    worker_id    TEXT NOT NULL, -- the employer's own id for the worker (workers.ext_id)
    key          BLOB NOT NULL CHECK (length(key) = 32), -- AES-256-GCM
    created_at   TIMESTAMP NOT NULL,
    -- When the worker left the registry: removed from the employer's
    -- records, or the employer deleted. NULL while on record.
    left_at      TIMESTAMP,
    CONSTRAINT audit_key_unique_worker UNIQUE (tenant_id, employer_bin, worker_id)
);
CREATE INDEX audit_keys_left ON audit_keys (left_at) WHERE left_at IS NOT NULL;

-- +goose Down
-- Dropping the keys makes the personal data in the entries that used them
-- unreadable for good.
DROP TABLE audit_keys;
ALTER TABLE audit_log DROP COLUMN patch;
