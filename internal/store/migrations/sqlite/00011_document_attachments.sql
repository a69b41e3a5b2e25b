-- The file attached to a worker's document (a scan of the passport, the
-- diploma...): one per document, PDF, JPEG or PNG, 20 MB at most, held in
-- the database so that a backup holds it, with its SHA-256 (hex). Keep in
-- step with ../postgres/00011_document_attachments.sql.
--
-- The records writer deletes and re-inserts a worker's rows (workers,
-- worker_documents) when the records change, so an attachment is not keyed
-- by their row ids: it lives in its own table, which the records writer
-- never touches, keyed by the employer, the worker's own id (workers.ext_id)
-- and the document's kind and number. It goes with its employer only.

-- +goose Up
CREATE TABLE document_attachments (
    id           INTEGER PRIMARY KEY,
    employer_id  INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    worker       TEXT NOT NULL CHECK (worker <> ''),
    kind         TEXT NOT NULL CHECK (kind <> ''),
    number       TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size         INTEGER NOT NULL CHECK (size > 0 AND size <= 20971520),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    CONSTRAINT document_attachment_once UNIQUE (employer_id, worker, kind, number)
);

-- +goose Down
DROP TABLE document_attachments;
