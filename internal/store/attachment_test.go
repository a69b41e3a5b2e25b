package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
)

// TestAttachment: a worker's document carries one file, stored with its
// SHA-256, read back byte for byte, replaced by the next upload, kept when
// the worker's records are rewritten, and not found by another tenant or
// for a document the worker does not have.
func TestAttachment(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		other := mustTenant(t, db, "o")
		rec := domaintest.Full()
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		bin, w, doc := rec.Employer.BIN, rec.Workers[0].ID, rec.Workers[0].Documents[0]
		pdf := []byte("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")
		a, err := db.PutAttachment(ctx, tenant, bin, w, string(doc.Kind), doc.Number, "application/pdf", pdf)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(pdf)
		if a.ID == 0 || a.SHA256 != hex.EncodeToString(sum[:]) || a.Size != int64(len(pdf)) || a.ContentType != "application/pdf" {
			t.Errorf("stored: %+v", a)
		}
		got, err := db.Attachment(ctx, tenant, bin, w, a.ID)
		if err != nil || !bytes.Equal(got.Data, pdf) || got.SHA256 != a.SHA256 || got.Kind != string(doc.Kind) || got.Number != doc.Number {
			t.Fatalf("read: %+v, %v", got, err)
		}

		// Another upload replaces the file and keeps the id.
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
		b, err := db.PutAttachment(ctx, tenant, bin, w, string(doc.Kind), doc.Number, "image/png", png)
		if err != nil || b.ID != a.ID {
			t.Fatalf("replace: %+v, %v (first id %d)", b, err, a.ID)
		}

		// An edit of the worker's trips rewrites the worker's rows; the
		// attachment stays.
		rec.Workers[0].Trips = append(rec.Workers[0].Trips, domain.Trip{Region: "KZ-71",
			From: domain.MustDate("2025-05-02"), To: domain.MustDate("2025-05-04"), Notified: domain.MustDate("2025-05-02")})
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		got, err = db.Attachment(ctx, tenant, bin, w, a.ID)
		if err != nil || !bytes.Equal(got.Data, png) || got.ContentType != "image/png" {
			t.Fatalf("after an edit of the trips: %+v, %v", got, err)
		}

		// Another tenant, another worker, a document the worker lacks.
		_, err = db.Attachment(ctx, other, bin, w, a.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.PutAttachment(ctx, other, bin, w, string(doc.Kind), doc.Number, "application/pdf", pdf)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.Attachment(ctx, tenant, bin, "w-999", a.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.PutAttachment(ctx, tenant, bin, "w-999", string(doc.Kind), doc.Number, "application/pdf", pdf)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.PutAttachment(ctx, tenant, bin, w, string(doc.Kind), "NO-SUCH", "application/pdf", pdf)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.Attachment(ctx, tenant, bin, w, a.ID+1)
		wantCode(t, err, domain.ENOTFOUND)

		// The store's own bound.
		_, err = db.PutAttachment(ctx, tenant, bin, w, string(doc.Kind), doc.Number, "application/pdf", make([]byte, MaxAttachmentSize+1))
		wantCode(t, err, domain.EINVALID)

		// The attachment goes with its employer.
		if err := db.DeleteEmployer(ctx, tenant, SystemActor, bin, AnyVersion); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM document_attachments`).Scan(&n); err != nil || n != 0 {
			t.Errorf("attachments after the employer's deletion: %d, %v", n, err)
		}
	})
}
