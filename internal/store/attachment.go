package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"
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

// attachmentDoc is an attachment as its audit entries hold it: which file
// on which of the worker's documents, without the document's number (a
// passport's number is personal data the audit log does not keep in the
// clear) or the bytes.
type attachmentDoc struct {
	ID          int64  `json:"id"`
	Worker      string `json:"worker"`
	Kind        string `json:"kind"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

func (a *Attachment) doc() *attachmentDoc {
	return &attachmentDoc{ID: a.ID, Worker: a.Worker, Kind: a.Kind, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256}
}

// PutAttachment stores data as the attachment of the document (kind,
// number) of worker of the tenant's employer bin, replacing the one it had,
// and returns it without its data. contentType is what the caller found in
// the bytes (app sniffs it); the SHA-256 is computed here. The audit entry
// (entity attachment, the employer's BIN, create or update) is written in
// the same transaction.
//
// It returns ENOTFOUND when the tenant has no such employer, the employer
// no such worker or the worker no such document; EINVALID for an empty or
// too large file; wrapped driver errors otherwise.
func (db *DB) PutAttachment(ctx context.Context, tenant int64, actor Actor, bin, worker, kind, number, contentType string, data []byte) (*Attachment, error) {
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
		// The one it replaces, for the audit entry: a detached one (of a
		// document removed and recorded again) is replaced as well.
		var old *Attachment
		prev := Attachment{Worker: worker, Kind: kind}
		err = tx.QueryRowContext(ctx, `SELECT id, content_type, size, sha256 FROM document_attachments
			WHERE employer_id = $1 AND worker = $2 AND kind = $3 AND number = $4`, empID, worker, kind, number).
			Scan(&prev.ID, &prev.ContentType, &prev.Size, &prev.SHA256)
		switch {
		case err == nil:
			old = &prev
		case !errors.Is(err, sql.ErrNoRows):
			return db.dbError(err, "find attachment")
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO document_attachments
			(employer_id, worker, kind, number, content_type, size, sha256, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (employer_id, worker, kind, number) DO UPDATE SET
			content_type = excluded.content_type, size = excluded.size, sha256 = excluded.sha256,
			data = excluded.data, created_at = excluded.created_at, detached_at = NULL
			RETURNING id`,
			empID, worker, kind, number, contentType, a.Size, a.SHA256, data, db.now()).Scan(&a.ID)
		if err != nil {
			return db.dbError(err, "store attachment")
		}
		action, before := ActionCreate, any(nil)
		if old != nil {
			action, before = ActionUpdate, old.doc()
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityAttachment, bin, action, before, a.doc())
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
			Say("error.attachment_no_document", "Name", worker, "Other", kind, "Code", number)
	}
	if err != nil {
		return db.dbError(err, "find document")
	}
	return nil
}

// Attachment returns the attachment id of worker of the tenant's employer
// bin with its data. It returns ENOTFOUND when there is none, it belongs
// to another employer, worker or tenant, or it is detached (its document
// is no longer recorded).
func (db *DB) Attachment(ctx context.Context, tenant int64, bin, worker string, id int64) (*Attachment, error) {
	a := &Attachment{ID: id, BIN: bin, Worker: worker}
	err := db.read(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT kind, number, content_type, size, sha256, data
			FROM document_attachments WHERE id = $1 AND employer_id = $2 AND worker = $3 AND detached_at IS NULL`, id, empID, worker).
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

// Attachments returns the attachments of the documents of worker of the
// tenant's employer bin, without their data, by kind and number; detached
// ones are left out. ENOTFOUND when the tenant has no such employer; a
// worker without attachments (or not recorded) has none.
func (db *DB) Attachments(ctx context.Context, tenant int64, bin, worker string) ([]Attachment, error) {
	var list []Attachment
	err := db.read(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		list = list[:0]
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, number, content_type, size, sha256 FROM document_attachments
			WHERE employer_id = $1 AND worker = $2 AND detached_at IS NULL ORDER BY kind, number`, empID, worker)
		if err != nil {
			return db.dbError(err, "list attachments")
		}
		defer rows.Close()
		for rows.Next() {
			a := Attachment{BIN: bin, Worker: worker}
			if err := rows.Scan(&a.ID, &a.Kind, &a.Number, &a.ContentType, &a.Size, &a.SHA256); err != nil {
				return db.dbError(err, "list attachments")
			}
			list = append(list, a)
		}
		return db.dbError(rows.Err(), "list attachments")
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// DeleteAttachment deletes the attachment id of worker of the tenant's
// employer bin, with an audit entry in the same transaction; the document
// stays recorded. ENOTFOUND as for Attachment.
func (db *DB) DeleteAttachment(ctx context.Context, tenant int64, actor Actor, bin, worker string, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		a := Attachment{ID: id, BIN: bin, Worker: worker}
		err = tx.QueryRowContext(ctx, `DELETE FROM document_attachments
			WHERE id = $1 AND employer_id = $2 AND worker = $3 AND detached_at IS NULL
			RETURNING kind, content_type, size, sha256`, id, empID, worker).Scan(&a.Kind, &a.ContentType, &a.Size, &a.SHA256)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("worker %q has no attachment %d", worker, id).Say("error.attachment_not_found", "Name", worker, "N", id)
		}
		if err != nil {
			return db.dbError(err, "delete attachment")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityAttachment, bin, ActionDelete, a.doc(), nil)
	})
}

// detachAttachments, in the transaction that writes employer empID's
// records, detaches the attachments whose document the records no longer
// hold (the document or its worker removed) and attaches again those whose
// document is recorded again. It costs two indexed statements that change
// nothing for an employer without attachments.
func (db *DB) detachAttachments(ctx context.Context, tx *sql.Tx, empID int64, now time.Time) error {
	const recorded = `EXISTS (SELECT 1 FROM workers w JOIN worker_documents d ON d.worker_id = w.id
		WHERE w.employer_id = a.employer_id AND w.ext_id = a.worker AND d.kind = a.kind AND d.number = a.number)`
	if _, err := tx.ExecContext(ctx, `UPDATE document_attachments AS a SET detached_at = $2
		WHERE a.employer_id = $1 AND a.detached_at IS NULL AND NOT `+recorded, empID, now); err != nil {
		return db.dbError(err, "detach attachments")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE document_attachments AS a SET detached_at = NULL
		WHERE a.employer_id = $1 AND a.detached_at IS NOT NULL AND `+recorded, empID); err != nil {
		return db.dbError(err, "attach attachments")
	}
	return nil
}
