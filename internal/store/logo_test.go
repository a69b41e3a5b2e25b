package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
)

// TestLogo: an employer has one logo, stored with its SHA-256, read back
// byte for byte, replaced by the next upload, kept when the records are
// rewritten, removed on request and with the employer; another tenant
// finds nothing; every change has its audit entry.
func TestLogo(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		other := mustTenant(t, db, "o")
		rec := domaintest.Full()
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		bin := rec.Employer.BIN
		actor := Actor{Name: "editor@example.com"}
		_, err := db.Logo(ctx, tenant, bin)
		wantCode(t, err, domain.ENOTFOUND)

		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
		l, err := db.PutLogo(ctx, tenant, actor, bin, "image/png", png)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(png)
		if l.SHA256 != hex.EncodeToString(sum[:]) || l.Size != int64(len(png)) || l.ContentType != "image/png" {
			t.Errorf("stored: %+v", l)
		}
		got, err := db.Logo(ctx, tenant, bin)
		if err != nil || !bytes.Equal(got.Data, png) || got.SHA256 != l.SHA256 || got.CreatedAt.IsZero() {
			t.Fatalf("read: %+v, %v", got, err)
		}

		// Another upload replaces it; an edit of the records keeps it.
		jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0}, make([]byte, 50)...)
		if _, err := db.PutLogo(ctx, tenant, actor, bin, "image/jpeg", jpeg); err != nil {
			t.Fatal(err)
		}
		rec.Employer.Phone = "+7 700 000 00 00"
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Logo(ctx, tenant, bin); err != nil || !bytes.Equal(got.Data, jpeg) || got.ContentType != "image/jpeg" {
			t.Fatalf("after a replacement and an edit: %+v, %v", got, err)
		}

		// Another tenant sees no employer, and changes nothing.
		_, err = db.Logo(ctx, other, bin)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.PutLogo(ctx, other, actor, bin, "image/png", png)
		wantCode(t, err, domain.ENOTFOUND)
		wantCode(t, db.DeleteLogo(ctx, other, actor, bin), domain.ENOTFOUND)
		_, err = db.PutLogo(ctx, tenant, actor, "000000000000", "image/png", png)
		wantCode(t, err, domain.ENOTFOUND)

		// The store's own bounds.
		_, err = db.PutLogo(ctx, tenant, actor, bin, "image/png", make([]byte, MaxLogoSize+1))
		wantCode(t, err, domain.EINVALID)
		_, err = db.PutLogo(ctx, tenant, actor, bin, "image/png", nil)
		wantCode(t, err, domain.EINVALID)

		// Removed; a second removal is no error and no entry.
		if err := db.DeleteLogo(ctx, tenant, actor, bin); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteLogo(ctx, tenant, actor, bin); err != nil {
			t.Fatal(err)
		}
		_, err = db.Logo(ctx, tenant, bin)
		wantCode(t, err, domain.ENOTFOUND)

		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityLogo, Key: bin})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
			if e.Actor != actor.Name {
				t.Errorf("entry %d by %q", e.ID, e.Actor)
			}
		}
		if len(actions) != 3 || actions[0] != ActionDelete || actions[1] != ActionUpdate || actions[2] != ActionCreate {
			t.Fatalf("audit entries %v, want delete, update, create", actions)
		}
		var doc logoDoc
		if err := json.Unmarshal(log[1].After, &doc); err != nil || doc.ContentType != "image/jpeg" || doc.Size != int64(len(jpeg)) {
			t.Errorf("the update's after: %s, %v", log[1].After, err)
		}
		if other, _ := db.AuditLog(ctx, other, AuditFilter{Entity: EntityLogo}); len(other) != 0 {
			t.Errorf("the other tenant's log has %d logo entries", len(other))
		}

		// The logo goes with its employer.
		if _, err := db.PutLogo(ctx, tenant, actor, bin, "image/png", png); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteEmployer(ctx, tenant, SystemActor, bin, AnyVersion); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM employer_logos`).Scan(&n); err != nil || n != 0 {
			t.Errorf("logos after the employer's deletion: %d, %v", n, err)
		}
	})
}
