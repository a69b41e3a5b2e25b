package store

import (
	"context"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestTenantsAndUsers(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		_, err := db.CreateTenant(ctx, SystemActor, "  ")
		wantCode(t, err, domain.EINVALID)
		tn, err := db.CreateTenant(ctx, SystemActor, " Steppe Consulting ")
		if err != nil || tn.Name != "Steppe Consulting" || tn.ID == 0 {
			t.Fatalf("%+v, %v", tn, err)
		}
		_, err = db.CreateTenant(ctx, SystemActor, "Steppe Consulting")
		wantCode(t, err, domain.ECONFLICT)
		got, err := db.TenantByName(ctx, "Steppe Consulting")
		if err != nil || got.ID != tn.ID || !got.CreatedAt.Equal(tn.CreatedAt) {
			t.Fatalf("TenantByName: %+v, %v", got, err)
		}
		_, err = db.TenantByName(ctx, "nobody")
		wantCode(t, err, domain.ENOTFOUND)
		if ids, err := db.TenantIDs(ctx); err != nil || len(ids) != 1 || ids[0] != tn.ID {
			t.Fatalf("TenantIDs: %v, %v", ids, err)
		}

		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tn.ID, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []*User{
			{Email: "no-at-sign", Role: domain.RoleOwner},
			{Email: "a@b.kz", Role: "admin"},
			{Email: "a@@b.kz", Role: domain.RoleOwner},
		} {
			wantCode(t, db.CreateUser(ctx, tn.ID, SystemActor, bad), domain.EINVALID)
		}
		wantCode(t, db.CreateUser(ctx, 999, SystemActor, &User{Email: "a@b.kz", Role: domain.RoleOwner}), domain.ENOTFOUND)

		hash := "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
		owner := &User{Email: "Owner@Steppe.KZ", PasswordHash: hash, Role: domain.RoleOwner}
		if err := db.CreateUser(ctx, tn.ID, SystemActor, owner); err != nil {
			t.Fatal(err)
		}
		if owner.Email != "owner@steppe.kz" || owner.ID == 0 || owner.TenantID != tn.ID || owner.Employers != nil {
			t.Fatalf("created %+v", owner)
		}
		wantCode(t, db.CreateUser(ctx, tn.ID, SystemActor, &User{Email: "OWNER@steppe.kz", Role: domain.RoleViewer}), domain.ECONFLICT)

		viewer := &User{Email: "viewer@steppe.kz", Role: domain.RoleViewer, Employers: []string{rec.Employer.BIN, rec.Employer.BIN}}
		if err := db.CreateUser(ctx, tn.ID, SystemActor, viewer); err != nil {
			t.Fatal(err)
		}
		u, err := db.UserByEmail(ctx, "  VIEWER@steppe.kz")
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != viewer.ID || u.Role != domain.RoleViewer || len(u.Employers) != 1 || !u.MayAccess(rec.Employer.BIN) || u.MayAccess("990140004654") {
			t.Fatalf("viewer %+v", u)
		}
		u, err = db.UserByEmail(ctx, "owner@steppe.kz")
		if err != nil || u.PasswordHash != hash || u.Employers != nil || !u.MayAccess("990140004654") {
			t.Fatalf("owner %+v, %v", u, err)
		}
		if u2, err := db.User(ctx, tn.ID, owner.ID); err != nil || u2.Email != owner.Email {
			t.Fatalf("User: %+v, %v", u2, err)
		}
		_, err = db.UserByEmail(ctx, "nobody@steppe.kz")
		wantCode(t, err, domain.ENOTFOUND)
		wantCode(t, db.CreateUser(ctx, tn.ID, SystemActor, &User{Email: "x@steppe.kz", Role: domain.RoleEditor, Employers: []string{"990140004654"}}), domain.ENOTFOUND)

		// Deleting an employer lifts it from the restriction list.
		if err := db.DeleteEmployer(ctx, tn.ID, SystemActor, rec.Employer.BIN, AnyVersion); err != nil {
			t.Fatal(err)
		}
		// A restricted user whose employers are all gone sees none, not all.
		if u, _ := db.UserByEmail(ctx, "viewer@steppe.kz"); u.Employers == nil || len(u.Employers) != 0 || u.MayAccess(rec.Employer.BIN) {
			t.Fatalf("viewer's employers after delete: %#v", u.Employers)
		}
	})
}

func TestSessions(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		now := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		tenant := mustTenant(t, db, "t")
		u := &User{Email: "a@t.kz", Role: domain.RoleEditor}
		if err := db.CreateUser(ctx, tenant, SystemActor, u); err != nil {
			t.Fatal(err)
		}
		hash := tokenHash("rqs_browser")
		_, err := db.CreateSession(ctx, tenant, u.ID, hash, now)
		wantCode(t, err, domain.EINVALID)
		_, err = db.CreateSession(ctx, tenant, u.ID, hash[:16], now.Add(time.Hour))
		wantCode(t, err, domain.EINVALID)
		s, err := db.CreateSession(ctx, tenant, u.ID, hash, now.Add(12*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.CreateSession(ctx, tenant, u.ID, hash, now.Add(12*time.Hour))
		wantCode(t, err, domain.ECONFLICT)
		gs, gu, err := db.SessionByTokenHash(ctx, hash)
		if err != nil || gs.ID != s.ID || gu.ID != u.ID || gu.TenantID != tenant || gu.Role != domain.RoleEditor || !gs.ExpiresAt.Equal(now.Add(12*time.Hour)) {
			t.Fatalf("SessionByTokenHash: %+v %+v %v", gs, gu, err)
		}
		_, _, err = db.SessionByTokenHash(ctx, tokenHash("rqs_other"))
		wantCode(t, err, domain.ENOTFOUND)
		_, _, err = db.SessionByTokenHash(ctx, nil)
		wantCode(t, err, domain.EINVALID)

		// Expiry, and housekeeping of expired sessions.
		other := tokenHash("rqs_short")
		if _, err := db.CreateSession(ctx, tenant, u.ID, other, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		now = now.Add(2 * time.Hour)
		_, _, err = db.SessionByTokenHash(ctx, other)
		wantCode(t, err, domain.ENOTFOUND)
		if n, err := db.DeleteExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("DeleteExpiredSessions: %d, %v", n, err)
		}
		if _, _, err := db.SessionByTokenHash(ctx, hash); err != nil {
			t.Fatalf("the live session went with the expired one: %v", err)
		}
		now = now.Add(10 * time.Hour)
		_, _, err = db.SessionByTokenHash(ctx, hash)
		wantCode(t, err, domain.ENOTFOUND)
		now = now.Add(-time.Hour)

		if err := db.DeleteSession(ctx, hash); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.SessionByTokenHash(ctx, hash)
		wantCode(t, err, domain.ENOTFOUND)
		if err := db.DeleteSession(ctx, hash); err != nil {
			t.Fatalf("logging out twice: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		u := &User{Email: "script@t.kz", Role: domain.RoleViewer}
		if err := db.CreateUser(ctx, tenant, SystemActor, u); err != nil {
			t.Fatal(err)
		}
		token := "rq_nightly-export-token"
		tok, err := db.CreateToken(ctx, tenant, SystemActor, u.ID, "nightly export", tokenHash(token))
		if err != nil || tok.Name != "nightly export" || tok.ID == 0 {
			t.Fatalf("%+v %v", tok, err)
		}
		var clear int
		db.r.QueryRowContext(ctx, `SELECT count(*) FROM api_tokens WHERE token_hash = $1 OR name = $1`, token).Scan(&clear)
		if clear != 0 {
			t.Fatal("the token is stored in clear")
		}
		_, err = db.CreateToken(ctx, tenant, SystemActor, u.ID, "again", tokenHash(token))
		wantCode(t, err, domain.ECONFLICT)
		_, err = db.CreateToken(ctx, tenant, SystemActor, u.ID, "short", []byte("abc"))
		wantCode(t, err, domain.EINVALID)
		got, err := db.UserByTokenHash(ctx, tokenHash(token))
		if err != nil || got.ID != u.ID || got.TenantID != tenant {
			t.Fatalf("UserByTokenHash: %+v, %v", got, err)
		}
		_, err = db.UserByTokenHash(ctx, tokenHash("rq_guess"))
		wantCode(t, err, domain.ENOTFOUND)
		other := mustTenant(t, db, "other")
		wantCode(t, db.RevokeToken(ctx, other, SystemActor, tok.ID), domain.ENOTFOUND)
		if err := db.RevokeToken(ctx, tenant, SystemActor, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.UserByTokenHash(ctx, tokenHash(token))
		wantCode(t, err, domain.ENOTFOUND)
	})
}
