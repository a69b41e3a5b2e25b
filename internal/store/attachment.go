package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
)

// MaxAttachmentSize is the most bytes the database holds for one
// attachment (its CHECK says the same); app refuses a larger file first,
// with a message for its user.
const MaxAttachmentSize = 20 << 20

// Attachment is the file attached to one of a worker's documents (a scan of
// the passport, the diploma...). It is keyed by the employer, the worker's
// own id and the document's kind and number, not by row ids that the
// records writer replaces, so it survives any edit of the records that
// keeps the document.
type Attachment struct {
	ID          int64
	BIN         string
	Worker      string // the worker's id (domain.Worker.ID)
	Kind        string // the document's kind and number
	Number      string
	ContentType string // application/pdf, image/jpeg or image/png
	Size        int64
	SHA256      string // hex
	Data        []byte // empty unless read with Attachment
}

// PutAttachment stores data as the attachment of the document (kind,
// number) of worker of the tenant's employer bin, replacing the one it had,
// and returns it without its data. contentType is what the caller found in
// the bytes (app sniffs it); the SHA-256 is computed here.
//
// It returns ENOTFOUND when the tenant has no such employer, the employer
// no such worker or the worker no such document; EINVALID for an empty or
// too large file; wrapped driver errors otherwise.
func (db *DB) PutAttachment(ctx context.Context, tenant int64, bin, worker, kind, number, contentType string, data []byte) (*Attachment, error) {
	if len(data) == 0 || len(data) > MaxAttachmentSize {
		return nil, invalid("attachment of %d bytes: expected 1 to %d", len(data), MaxAttachmentSize).
			Say("error.attachment_size", "N", len(data), "M", MaxAttachmentSize)
	}
	sum := sha256.Sum256(data)
	a := &Attachment{BIN: bin, Worker: worker, Kind: kind, Number: number, ContentType: contentType,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	err := db.write(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		if err := db.documentExists(ctx, tx, empID, bin, worker, kind, number); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO document_attachments
			(employer_id, worker, kind, number, content_type, size, sha256, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (employer_id, worker, kind, number) DO UPDATE SET
			content_type = excluded.content_type, size = excluded.size, sha256 = excluded.sha256,
			data = excluded.data, created_at = excluded.created_at
			RETURNING id`,
			empID, worker, kind, number, contentType, a.Size, a.SHA256, data, db.now()).Scan(&a.ID)
		if err != nil {
			return db.dbError(err, "store attachment")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// documentExists returns ENOTFOUND unless employer empID has the worker
// and the worker the document (kind, number).
func (db *DB) documentExists(ctx context.Context, q querier, empID int64, bin, worker, kind, number string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM workers WHERE employer_id = $1 AND ext_id = $2`, empID, worker).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("employer %s has no worker %q", bin, worker).Say("error.attachment_no_worker", "Code", bin, "Name", worker)
	}
	if err != nil {
		return db.dbError(err, "find worker")
	}
	err = q.QueryRowContext(ctx, `SELECT 1 FROM worker_documents d JOIN workers w ON w.id = d.worker_id
		WHERE w.employer_id = $1 AND w.ext_id = $2 AND d.kind = $3 AND d.number = $4 LIMIT 1`,
		empID, worker, kind, number).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("worker %q has no document %s %q", worker, kind, number).
			Say("error.attachment_no_document", "Name", worker, "Kind", kind, "Code", number)
	}
	if err != nil {
		return db.dbError(err, "find document")
	}
	return nil
}

// Attachment returns the attachment id of worker of the tenant's employer
// bin with its data. It returns ENOTFOUND when there is none, or it belongs
// to another employer, worker or tenant.
func (db *DB) Attachment(ctx context.Context, tenant int64, bin, worker string, id int64) (*Attachment, error) {
	a := &Attachment{ID: id, BIN: bin, Worker: worker}
	err := db.read(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT kind, number, content_type, size, sha256, data
			FROM document_attachments WHERE id = $1 AND employer_id = $2 AND worker = $3`, id, empID, worker).
			Scan(&a.Kind, &a.Number, &a.ContentType, &a.Size, &a.SHA256, &a.Data)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("worker %q has no attachment %d", worker, id).Say("error.attachment_not_found", "Name", worker, "N", id)
		}
		if err != nil {
			return db.dbError(err, "read attachment")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
