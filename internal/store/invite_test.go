package store

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestInvites(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "Acme")
		other := mustTenant(t, db, "Other")
		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		bin := rec.Employer.BIN
		hash := sha256.Sum256([]byte("invite-1"))
		inv := &Invite{Email: " New@Acme.KZ ", Role: domain.RoleViewer, Employers: []string{bin}, ExpiresAt: db.Now().Add(7 * 24 * time.Hour)}
		if err := db.CreateInvite(ctx, tenant, SystemActor, inv, hash[:]); err != nil {
			t.Fatal(err)
		}
		if inv.Email != "new@acme.kz" || inv.ID == 0 {
			t.Fatalf("invite as stored: %+v", inv)
		}
		// An owner limited to employers, a taken email, a past expiry.
		if err := db.CreateInvite(ctx, tenant, SystemActor, &Invite{Email: "o@acme.kz", Role: domain.RoleOwner, Employers: []string{bin}, ExpiresAt: db.Now().Add(time.Hour)}, hash[:]); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("limited owner: %v, want EINVALID", err)
		}
		mustUser(t, db, tenant, "taken@acme.kz", domain.RoleEditor)
		h2 := sha256.Sum256([]byte("invite-2"))
		if err := db.CreateInvite(ctx, tenant, SystemActor, &Invite{Email: "TAKEN@acme.kz", Role: domain.RoleEditor, ExpiresAt: db.Now().Add(time.Hour)}, h2[:]); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("taken email: %v, want ECONFLICT", err)
		}
		if err := db.CreateInvite(ctx, tenant, SystemActor, &Invite{Email: "late@acme.kz", Role: domain.RoleEditor, ExpiresAt: db.Now().Add(-time.Second)}, h2[:]); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("past expiry: %v, want EINVALID", err)
		}

		list, err := db.Invites(ctx, tenant)
		if err != nil || len(list) != 1 || list[0].Email != "new@acme.kz" || len(list[0].Employers) != 1 || list[0].Employers[0] != bin {
			t.Fatalf("invites: %+v, %v", list, err)
		}
		if list, _ := db.Invites(ctx, other); len(list) != 0 {
			t.Errorf("another tenant sees the invite: %+v", list)
		}
		if err := db.DeleteInvite(ctx, other, SystemActor, inv.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another tenant deletes the invite: %v", err)
		}

		got, err := db.InviteByTokenHash(ctx, hash[:])
		if err != nil || got.TenantID != tenant || got.Role != domain.RoleViewer {
			t.Fatalf("invite by hash: %+v, %v", got, err)
		}
		u, err := db.AcceptInvite(ctx, hash[:], "$argon2id$fake")
		if err != nil {
			t.Fatal(err)
		}
		if u.TenantID != tenant || u.Email != "new@acme.kz" || u.Role != domain.RoleViewer || len(u.Employers) != 1 {
			t.Fatalf("user made by the invite: %+v", u)
		}
		stored, err := db.User(ctx, tenant, u.ID)
		if err != nil || len(stored.Employers) != 1 || stored.Employers[0] != bin || stored.PasswordHash != "$argon2id$fake" {
			t.Fatalf("user as stored: %+v, %v", stored, err)
		}
		// The link works once.
		if _, err := db.AcceptInvite(ctx, hash[:], "x"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("second use: %v, want ENOTFOUND", err)
		}
		if list, _ := db.Invites(ctx, tenant); len(list) != 0 {
			t.Errorf("a used invite is still listed: %+v", list)
		}

		// An expired invite is neither listed nor accepted.
		h3 := sha256.Sum256([]byte("invite-3"))
		if err := db.CreateInvite(ctx, tenant, SystemActor, &Invite{Email: "soon@acme.kz", Role: domain.RoleEditor, ExpiresAt: db.Now().Add(time.Hour)}, h3[:]); err != nil {
			t.Fatal(err)
		}
		clock := db.Now
		db.Now = func() time.Time { return clock().Add(2 * time.Hour) }
		if _, err := db.AcceptInvite(ctx, h3[:], "x"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("expired invite: %v, want ENOTFOUND", err)
		}
		if list, _ := db.Invites(ctx, tenant); len(list) != 0 {
			t.Errorf("an expired invite is listed: %+v", list)
		}
		db.Now = clock

		// Withdrawn.
		if err := db.DeleteInvite(ctx, tenant, SystemActor, mustInviteID(t, db, tenant, "soon@acme.kz")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.InviteByTokenHash(ctx, h3[:]); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("withdrawn invite: %v", err)
		}
	})
}

func mustInviteID(t *testing.T, db *DB, tenant int64, email string) int64 {
	t.Helper()
	list, err := db.Invites(context.Background(), tenant)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range list {
		if i.Email == email {
			return i.ID
		}
	}
	t.Fatalf("no invite for %s in %+v", email, list)
	return 0
}

func mustUser(t *testing.T, db *DB, tenant int64, email string, role domain.Role) *User {
	t.Helper()
	u := &User{Email: email, Role: role, PasswordHash: "h"}
	if err := db.CreateUser(context.Background(), tenant, SystemActor, u); err != nil {
		t.Fatal(err)
	}
	return u
}
