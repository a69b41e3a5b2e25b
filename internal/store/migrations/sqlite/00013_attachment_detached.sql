-- When the document an attachment belongs to leaves the records (the
-- document, or its worker, removed), the attachment is detached, not
-- deleted: it is no longer listed or served, and comes back if the same
-- document (worker, kind, number) is recorded again, as after an undone
-- mistake. A detached attachment is personal data without a purpose, so
-- the daily maintenance erases it once the retention has passed, as it
-- does the audit keys of workers who left (store.PurgeAuditKeys). Keep in
-- step with ../postgres/00013_attachment_detached.sql.

-- +goose Up
ALTER TABLE document_attachments ADD COLUMN detached_at TIMESTAMP;

-- +goose Down
ALTER TABLE document_attachments DROP COLUMN detached_at;
