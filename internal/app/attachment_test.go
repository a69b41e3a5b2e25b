package app_test

import (
	"context"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
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
	})
}
