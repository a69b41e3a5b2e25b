package app_test

import (
	"context"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestAttachmentPolicy: editors and owners attach, viewers read, a limited
// user reaches only their employer, another tenant nothing; the 20 MB limit
// and the type are the application's, before any engine sees the bytes.
func TestAttachmentPolicy(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a := f.a
		bin, hidden := f.bins[0], f.bins[1]
		add := func(bin string) string {
			rec, v, err := a.Records(ctx, f.owner, bin)
			if err != nil {
				t.Fatal(err)
			}
			rec.Workers[0].Documents = append(rec.Workers[0].Documents, domain.WorkerDocument{Kind: domain.DocDiploma, Number: "D-1"})
			if _, err := a.ReplaceRecords(ctx, f.owner, rec, v); err != nil {
				t.Fatal(err)
			}
			return rec.Workers[0].ID
		}
		w, wh := add(bin), add(hidden)
		pdf := []byte("%PDF-1.4\n%%EOF\n")

		att, err := a.PutAttachment(ctx, f.limit, bin, w, "diploma", "D-1", pdf)
		if err != nil || att.ContentType != "application/pdf" {
			t.Fatalf("limited editor, own employer: %+v, %v", att, err)
		}
		_, err = a.PutAttachment(ctx, f.limit, hidden, wh, "diploma", "D-1", pdf)
		wantCode(t, "limited editor, another employer", err, domain.ENOTFOUND)
		_, err = a.PutAttachment(ctx, f.viewer, bin, w, "diploma", "D-1", pdf)
		wantCode(t, "viewer upload", err, domain.EFORBIDDEN)
		_, err = a.PutAttachment(ctx, f.other, bin, w, "diploma", "D-1", pdf)
		wantCode(t, "other tenant upload", err, domain.ENOTFOUND)
		if got, err := a.Attachment(ctx, f.viewer, bin, w, att.ID); err != nil || string(got.Data) != string(pdf) {
			t.Fatalf("viewer download: %+v, %v", got, err)
		}
		_, err = a.Attachment(ctx, f.other, bin, w, att.ID)
		wantCode(t, "other tenant download", err, domain.ENOTFOUND)

		big := make([]byte, app.MaxAttachmentSize+1)
		copy(big, pdf)
		_, err = a.PutAttachment(ctx, f.owner, bin, w, "diploma", "D-1", big)
		if de, ok := err.(*domain.Error); !ok || de.Key != app.KeyAttachmentTooLarge {
			t.Errorf("over 20 MB: %v", err)
		}
		exact := make([]byte, app.MaxAttachmentSize)
		copy(exact, pdf)
		if _, err := a.PutAttachment(ctx, f.owner, bin, w, "diploma", "D-1", exact); err != nil {
			t.Errorf("exactly 20 MB: %v", err)
		}
		_, err = a.PutAttachment(ctx, f.owner, bin, w, "diploma", "D-1", []byte("MZ\x90\x00 a program"))
		if de, ok := err.(*domain.Error); !ok || de.Key != app.KeyAttachmentType {
			t.Errorf("a program: %v", err)
		}
		_, err = a.PutAttachment(ctx, f.owner, bin, w, "visa", "D-1", pdf)
		wantCode(t, "no such kind", err, domain.EINVALID)

		// The list: readers of the employer, without the bytes.
		list, err := a.Attachments(ctx, f.viewer, bin, w)
		if err != nil || len(list) != 1 || list[0].ID != att.ID || list[0].Data != nil {
			t.Fatalf("viewer list: %+v, %v", list, err)
		}
		_, err = a.Attachments(ctx, f.limit, hidden, wh)
		wantCode(t, "limited list, another employer", err, domain.ENOTFOUND)
		_, err = a.Attachments(ctx, f.other, bin, w)
		wantCode(t, "other tenant list", err, domain.ENOTFOUND)

		// The employer's history holds the attachment's entries for its
		// readers, a limited user's included.
		entries, err := a.Audit(ctx, f.limit, app.AuditFilter{Key: bin, Limit: 50})
		n := 0
		for _, e := range entries {
			if e.Entity == store.EntityAttachment {
				n++
			}
		}
		if err != nil || n != 2 { // the first upload and the 20 MB one
			t.Errorf("limited user's attachment entries: %d, %v", n, err)
		}

		// Delete: editors only; then it is gone.
		wantCode(t, "viewer delete", a.DeleteAttachment(ctx, f.viewer, bin, w, att.ID), domain.EFORBIDDEN)
		wantCode(t, "other tenant delete", a.DeleteAttachment(ctx, f.other, bin, w, att.ID), domain.ENOTFOUND)
		if err := a.DeleteAttachment(ctx, f.limit, bin, w, att.ID); err != nil {
			t.Fatal(err)
		}
		if list, err := a.Attachments(ctx, f.owner, bin, w); err != nil || len(list) != 0 {
			t.Errorf("after delete: %+v, %v", list, err)
		}
	})
}
