package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

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
		a, err := db.PutAttachment(ctx, tenant, Actor{Name: "test"}, bin, w, string(doc.Kind), doc.Number, "application/pdf", pdf)
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
		b, err := db.PutAttachment(ctx, tenant, Actor{Name: "test"}, bin, w, string(doc.Kind), doc.Number, "image/png", png)
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
		_, err = db.PutAttachment(ctx, other, Actor{Name: "test"}, bin, w, string(doc.Kind), doc.Number, "application/pdf", pdf)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.Attachment(ctx, tenant, bin, "w-999", a.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.PutAttachment(ctx, tenant, Actor{Name: "test"}, bin, "w-999", string(doc.Kind), doc.Number, "application/pdf", pdf)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.PutAttachment(ctx, tenant, Actor{Name: "test"}, bin, w, string(doc.Kind), "NO-SUCH", "application/pdf", pdf)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.Attachment(ctx, tenant, bin, w, a.ID+1)
		wantCode(t, err, domain.ENOTFOUND)

		// The store's own bound.
		_, err = db.PutAttachment(ctx, tenant, Actor{Name: "test"}, bin, w, string(doc.Kind), doc.Number, "application/pdf", make([]byte, MaxAttachmentSize+1))
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

// TestAttachmentLifecycle: the list holds a worker's attachments; putting
// and deleting one writes audit entries (without the document's number);
// removing the document from the records detaches its file (neither listed
// nor served), recording it again brings the file back, and the purge
// erases a file detached before the retention's day, counting it in its
// audit entry.
func TestAttachmentLifecycle(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := domaintest.Full()
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		bin, w, doc := rec.Employer.BIN, rec.Workers[0].ID, rec.Workers[0].Documents[0]
		me := Actor{Name: "hr@example.kz"}
		pdf := []byte("%PDF-1.7\n%%EOF\n")
		a, err := db.PutAttachment(ctx, tenant, me, bin, w, string(doc.Kind), doc.Number, "application/pdf", pdf)
		if err != nil {
			t.Fatal(err)
		}
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 10)...)
		if _, err := db.PutAttachment(ctx, tenant, me, bin, w, string(doc.Kind), doc.Number, "image/png", png); err != nil {
			t.Fatal(err)
		}
		list, err := db.Attachments(ctx, tenant, bin, w)
		if err != nil || len(list) != 1 || list[0].ID != a.ID || list[0].ContentType != "image/png" || list[0].Data != nil {
			t.Fatalf("list: %+v, %v", list, err)
		}
		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityAttachment, Key: bin})
		if err != nil || len(log) != 2 || log[0].Action != ActionUpdate || log[1].Action != ActionCreate || log[0].Actor != me.Name {
			t.Fatalf("audit: %+v, %v", log, err)
		}
		for _, e := range log {
			if doc.Number != "" && (bytes.Contains(e.After, []byte(doc.Number)) || bytes.Contains(e.Before, []byte(doc.Number))) {
				t.Errorf("the audit entry holds the document's number: %s / %s", e.Before, e.After)
			}
		}

		// The document leaves the records: its file is detached.
		saved := rec.Workers[0].Documents
		rec.Workers[0].Documents = saved[1:]
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		_, err = db.Attachment(ctx, tenant, bin, w, a.ID)
		wantCode(t, err, domain.ENOTFOUND)
		if list, err := db.Attachments(ctx, tenant, bin, w); err != nil || len(list) != 0 {
			t.Fatalf("list of a detached file: %+v, %v", list, err)
		}
		// Recorded again, it has its file again.
		rec.Workers[0].Documents = saved
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Attachment(ctx, tenant, bin, w, a.ID); err != nil || !bytes.Equal(got.Data, png) {
			t.Fatalf("after the document came back: %+v, %v", got, err)
		}

		// A purge before the file was detached keeps it; one after erases it.
		rec.Workers[0].Documents = saved[1:]
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		count := func() int {
			var n int
			if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM document_attachments`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if _, err := db.PurgeAuditKeys(ctx, SystemActor, db.now().Add(-time.Hour)); err != nil || count() != 1 {
			t.Fatalf("a purge before the detachment: %d files, %v", count(), err)
		}
		if _, err := db.PurgeAuditKeys(ctx, SystemActor, db.now().Add(time.Hour)); err != nil || count() != 0 {
			t.Fatalf("a purge after the detachment: %d files, %v", count(), err)
		}
		log, err = db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityPersonalData})
		var purged purgeDoc
		if err != nil || len(log) == 0 || json.Unmarshal(log[0].After, &purged) != nil || purged.AttachmentsErased != 1 {
			t.Fatalf("purge entry: %+v, %v", log, err)
		}
		rec.Workers[0].Documents = saved
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		_, err = db.Attachment(ctx, tenant, bin, w, a.ID)
		wantCode(t, err, domain.ENOTFOUND)

		// Delete: the document stays, its file goes, with an entry.
		b, err := db.PutAttachment(ctx, tenant, me, bin, w, string(doc.Kind), doc.Number, "application/pdf", pdf)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteAttachment(ctx, tenant, me, bin, "w-999", b.ID), domain.ENOTFOUND)
		if err := db.DeleteAttachment(ctx, tenant, me, bin, w, b.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteAttachment(ctx, tenant, me, bin, w, b.ID), domain.ENOTFOUND)
		log, err = db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityAttachment, Key: bin, Limit: 1})
		if err != nil || len(log) != 1 || log[0].Action != ActionDelete || log[0].After != nil {
			t.Fatalf("delete entry: %+v, %v", log, err)
		}
	})
}
