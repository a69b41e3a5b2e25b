package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestUserManagement(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant, other := mustTenant(t, db, "T"), mustTenant(t, db, "Other")
		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		bin := rec.Employer.BIN
		owner := &User{Email: "owner@example.com", PasswordHash: "h1", Role: domain.RoleOwner}
		editor := &User{Email: "Editor@Example.com", PasswordHash: "h2", Role: domain.RoleEditor}
		for _, u := range []*User{owner, editor} {
			if err := db.CreateUser(ctx, tenant, SystemActor, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateUser(ctx, other, SystemActor, &User{Email: "x@example.com", Role: domain.RoleOwner}); err != nil {
			t.Fatal(err)
		}
		users, err := db.Users(ctx, tenant)
		if err != nil || len(users) != 2 || users[0].Email != "editor@example.com" || users[1].Email != "owner@example.com" {
			t.Fatalf("Users: %+v, %v", users, err)
		}

		// Limit the editor to the employer, then to none, then to all.
		me := Actor{UserID: owner.ID, Name: owner.Email}
		for _, c := range []struct {
			set  []string
			want []string
		}{{[]string{bin, bin}, []string{bin}}, {[]string{}, []string{}}, {nil, nil}} {
			u, err := db.UpdateUser(ctx, tenant, me, editor.ID, UserChange{Employers: &c.set})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := db.User(ctx, tenant, editor.ID)
			if !slices.Equal(u.Employers, c.want) || !slices.Equal(got.Employers, c.want) || (c.want == nil) != (got.Employers == nil) {
				t.Fatalf("employers %v: returned %v, stored %v", c.set, u.Employers, got.Employers)
			}
		}
		unknown := []string{"000000000000"}
		_, err = db.UpdateUser(ctx, tenant, me, editor.ID, UserChange{Employers: &unknown})
		wantCode(t, err, domain.ENOTFOUND)
		if got, _ := db.User(ctx, tenant, editor.ID); got.Employers != nil {
			t.Fatalf("a refused change was half applied: %v", got.Employers)
		}

		// An owner is never limited: it would manage users beyond its limit.
		limitedOwner := &User{Email: "lo@example.com", Role: domain.RoleOwner, Employers: []string{bin}}
		wantCode(t, db.CreateUser(ctx, tenant, me, limitedOwner), domain.EINVALID)
		only := []string{bin}
		if _, err := db.UpdateUser(ctx, tenant, me, editor.ID, UserChange{Employers: &only}); err != nil {
			t.Fatal(err)
		}
		ownerRole := domain.RoleOwner
		_, err = db.UpdateUser(ctx, tenant, me, editor.ID, UserChange{Role: &ownerRole})
		wantCode(t, err, domain.EINVALID)
		_, err = db.UpdateUser(ctx, tenant, me, owner.ID, UserChange{Employers: &only})
		wantCode(t, err, domain.EINVALID)
		var all []string
		if _, err := db.UpdateUser(ctx, tenant, me, editor.ID, UserChange{Employers: &all}); err != nil {
			t.Fatal(err)
		}

		bad := domain.Role("admin")
		_, err = db.UpdateUser(ctx, tenant, me, editor.ID, UserChange{Role: &bad})
		wantCode(t, err, domain.EINVALID)
		_, err = db.UpdateUser(ctx, other, me, editor.ID, UserChange{Role: &bad})
		wantCode(t, err, domain.ENOTFOUND)

		// The last owner can neither step down nor be deleted.
		viewer := domain.RoleViewer
		_, err = db.UpdateUser(ctx, tenant, me, owner.ID, UserChange{Role: &viewer})
		wantCode(t, err, domain.ECONFLICT)
		wantCode(t, db.DeleteUser(ctx, tenant, me, owner.ID), domain.ECONFLICT)
		if _, err := db.UpdateUser(ctx, tenant, me, editor.ID, UserChange{Role: &ownerRole}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateUser(ctx, tenant, me, owner.ID, UserChange{Role: &viewer}); err != nil {
			t.Fatalf("with another owner: %v", err)
		}

		// A new password ends the user's sessions and revokes their tokens.
		h := tokenHash("session")
		if _, err := db.CreateSession(ctx, tenant, editor.ID, h, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		eh := tokenHash("editor's token")
		if _, err := db.CreateToken(ctx, tenant, me, editor.ID, "script", eh); err != nil {
			t.Fatal(err)
		}
		pw := "h3"
		if _, err := db.UpdateUser(ctx, tenant, me, editor.ID, UserChange{PasswordHash: &pw}); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.SessionByTokenHash(ctx, h)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.UserByTokenHash(ctx, eh)
		wantCode(t, err, domain.ENOTFOUND)
		if got, _ := db.User(ctx, tenant, editor.ID); got.PasswordHash != "h3" {
			t.Fatalf("password hash %q", got.PasswordHash)
		}

		// Tokens: listed per user or for the tenant; deleting a user ends them.
		th := tokenHash("token")
		tok, err := db.CreateToken(ctx, tenant, me, owner.ID, "ci", th)
		if err != nil {
			t.Fatal(err)
		}
		if l, err := db.Tokens(ctx, tenant, owner.ID); err != nil || len(l) != 1 || l[0].ID != tok.ID || l[0].Name != "ci" {
			t.Fatalf("Tokens: %+v, %v", l, err)
		}
		if l, _ := db.Tokens(ctx, tenant, editor.ID); len(l) != 1 || l[0].RevokedAt.IsZero() {
			t.Fatalf("editor's tokens: %+v", l)
		}
		if l, _ := db.Tokens(ctx, other, 0); len(l) != 0 {
			t.Fatalf("another tenant sees tokens: %+v", l)
		}
		wantCode(t, db.DeleteUser(ctx, other, me, owner.ID), domain.ENOTFOUND)
		if err := db.DeleteUser(ctx, tenant, me, owner.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.UserByTokenHash(ctx, th)
		wantCode(t, err, domain.ENOTFOUND)
		if l, _ := db.Tokens(ctx, tenant, 0); len(l) != 1 || l[0].UserID != editor.ID {
			t.Fatalf("tokens after deleting their owner: %+v", l)
		}
		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityUser, Key: owner.Email, Limit: 10})
		if err != nil || len(log) < 3 || log[0].Action != ActionDelete {
			t.Fatalf("audit of the deleted user: %+v, %v", log, err)
		}
	})
}
