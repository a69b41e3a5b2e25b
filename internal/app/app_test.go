package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

const password = "correct horse battery staple"

type fixture struct {
	a                    *app.App
	db                   *store.DB
	owner, viewer, limit *app.User
	other                *app.User // the owner of another tenant
	bins                 []string
}

// newFixture makes two tenants: "A" with three employers, an owner, a
// viewer and an editor limited to the first employer; "B" with one.
func newFixture(t *testing.T, url string) *fixture {
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{db: db, a: app.New(app.Config{DB: db})}
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	mkUser := func(tenant int64, email string, role domain.Role, emps []string) *app.User {
		u := &store.User{Email: email, PasswordHash: hash, Role: role, Employers: emps}
		if err := db.CreateUser(ctx, tenant, store.SystemActor, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	span := synth.Spec{From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")}
	for i, name := range []string{"A", "B"} {
		tn, err := db.CreateTenant(ctx, store.SystemActor, name)
		if err != nil {
			t.Fatal(err)
		}
		spec := span
		spec.Seed, spec.Employers, spec.Workers, spec.Trips = uint64(i+1), 3-2*i, 9, 6
		for _, rec := range synth.Generate(spec) {
			if err := db.ReplaceEmployerRecords(ctx, tn.ID, store.SystemActor, &rec); err != nil {
				t.Fatal(err)
			}
			if name == "A" {
				f.bins = append(f.bins, rec.Employer.BIN)
			}
		}
		if name == "A" {
			f.owner = mkUser(tn.ID, "owner@a.example", domain.RoleOwner, nil)
			f.viewer = mkUser(tn.ID, "viewer@a.example", domain.RoleViewer, nil)
			f.limit = mkUser(tn.ID, "limited@a.example", domain.RoleEditor, []string{f.bins[0]})
		} else {
			f.other = mkUser(tn.ID, "owner@b.example", domain.RoleOwner, nil)
		}
	}
	return f
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

// TestAuthorization checks the policy every door relies on: roles, the
// tenant, and a limited user's employers, in every use case.
func TestAuthorization(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a := f.a
		bin, hidden := f.bins[0], f.bins[1]

		rec, v, err := a.Records(ctx, f.viewer, bin)
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.ReplaceRecords(ctx, f.viewer, rec, v)
		wantCode(t, "viewer replaces", err, domain.EFORBIDDEN)
		wantCode(t, "viewer deletes", a.DeleteEmployer(ctx, f.viewer, bin, v), domain.EFORBIDDEN)
		_, err = a.Users(ctx, f.viewer)
		wantCode(t, "viewer lists users", err, domain.EFORBIDDEN)
		_, err = a.ConsultationRequests(ctx, f.viewer, 0, 10)
		wantCode(t, "viewer lists consultation requests", err, domain.EFORBIDDEN)

		// A limited editor: their employer yes, another "not found".
		if _, _, err := a.Records(ctx, f.limit, bin); err != nil {
			t.Fatal(err)
		}
		_, _, err = a.Records(ctx, f.limit, hidden)
		wantCode(t, "limited reads another", err, domain.ENOTFOUND)
		_, err = a.Evaluate(ctx, f.limit, hidden, domain.MustDate("2025-06-30"), i18n.EN)
		wantCode(t, "limited evaluates another", err, domain.ENOTFOUND)
		other, ov, _ := a.Records(ctx, f.owner, hidden)
		_, err = a.ReplaceRecords(ctx, f.limit, other, ov)
		wantCode(t, "limited replaces another", err, domain.ENOTFOUND)
		list, total, err := a.Employers(ctx, f.limit, app.EmployerQuery{Limit: 50})
		if err != nil || total != 1 || len(list) != 1 || list[0].BIN != bin {
			t.Fatalf("limited lists %v (total %d), %v; want only %s", list, total, err, bin)
		}
		_, err = a.ConsultationRequests(ctx, f.limit, 0, 10)
		wantCode(t, "limited lists consultation requests", err, domain.EFORBIDDEN)
		_, err = a.UpdateEmployer(ctx, f.limit, hidden, ov, func(e *domain.Employer) error { e.Name = "x"; return nil })
		wantCode(t, "limited updates another", err, domain.ENOTFOUND)
		wantCode(t, "limited deletes another", a.DeleteEmployer(ctx, f.limit, hidden, ov), domain.ENOTFOUND)
		wantCode(t, "limited imports another", a.Import(ctx, f.limit, []*domain.Records{other}, map[string]int64{hidden: ov}), domain.ENOTFOUND)
		n := 0
		if _, err := a.EvaluateEach(ctx, f.limit, app.EmployerQuery{Limit: 50}, domain.MustDate("2025-06-30"), i18n.EN, func(e app.EmployerSummary, _ rules.Result) error {
			if e.BIN != bin {
				t.Errorf("limited evaluates %s", e.BIN)
			}
			n++
			return nil
		}); err != nil || n != 1 {
			t.Fatalf("limited evaluates %d employers, %v; want 1", n, err)
		}
		_, _, err = a.Records(ctx, f.owner, "12\x00")
		wantCode(t, "a BIN with a NUL", err, domain.ENOTFOUND)
		_, _, err = a.CreateTokenFor(ctx, f.viewer, f.owner.ID, "x")
		wantCode(t, "a viewer makes a token for the owner", err, domain.EFORBIDDEN)
		if _, _, err := a.CreateTokenFor(ctx, app.Operator(f.owner.TenantID, "cli"), f.viewer.ID, "ops"); err != nil {
			t.Fatal(err)
		}
		if entries, err := a.Audit(ctx, f.owner, app.AuditFilter{Entity: store.EntityToken, Limit: 10}); err != nil || len(entries) == 0 || entries[0].Actor != "cli" {
			t.Fatalf("the operator's token entry: %+v, %v; want the actor cli", entries, err)
		}
		_, err = a.Users(ctx, f.limit)
		wantCode(t, "limited editor lists users", err, domain.EFORBIDDEN)
		entries, err := a.Audit(ctx, f.limit, app.AuditFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Entity != store.EntityEmployer || e.Key != bin {
				t.Fatalf("limited user sees audit entry %s %s", e.Entity, e.Key)
			}
		}

		// Another tenant's owner finds none of A's employers.
		_, _, err = a.Records(ctx, f.other, bin)
		wantCode(t, "another tenant reads", err, domain.ENOTFOUND)
		_, err = a.ReplaceRecords(ctx, f.other, rec, v)
		if err == nil {
			t.Fatal("another tenant's owner replaced A's employer")
		}
		if _, v2, _ := a.Records(ctx, f.owner, bin); v2 != v {
			t.Fatalf("A's employer changed: version %d, was %d", v2, v)
		}
	})
}

// TestBounds refuses what no engine should be asked to store or compare,
// the same on both engines: NUL and invalid UTF-8 in query parameters and
// login names, dates to evaluate on outside the calendar's years, pages
// past the maximum.
func TestBounds(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a := f.a
		for _, q := range []string{"\x00", "a\xffb", strings.Repeat("я", domain.MaxNameLen+1)} {
			_, _, err := a.Employers(ctx, f.owner, app.EmployerQuery{Q: q, Limit: 10})
			wantCode(t, "q "+q, err, domain.EINVALID)
		}
		_, _, err := a.Employers(ctx, f.owner, app.EmployerQuery{Limit: app.MaxPage + 1})
		wantCode(t, "limit past the maximum", err, domain.EINVALID)
		for _, e := range []string{"\xff", "employer\x00"} {
			_, err := a.Audit(ctx, f.owner, app.AuditFilter{Entity: e, Limit: 10})
			wantCode(t, "entity "+e, err, domain.EINVALID)
		}
		_, _, err = a.Login(ctx, "owner@a.example\x00", password, "192.0.2.1:1234")
		wantCode(t, "NUL in a login email", err, domain.EINVALID)
		for _, s := range []string{"9999-12-31", "1989-12-31", "2101-01-01", "2025-13-01", "\x00"} {
			_, err := a.AsOf(s)
			wantCode(t, "as_of "+s, err, domain.EINVALID)
		}
		if d, err := a.AsOf("2100-12-31"); err != nil || d != domain.MustDate("2100-12-31") {
			t.Fatalf("as_of 2100-12-31: %v %v", d, err)
		}
		_, err = a.Evaluate(ctx, f.owner, f.bins[0], domain.MustDate("9999-12-31"), i18n.EN)
		wantCode(t, "evaluate on 9999-12-31", err, domain.EINVALID)
	})
}

// TestImportVersions: an import built on what it read conflicts with a
// change made in between, instead of overwriting it, and stores nothing.
func TestImportVersions(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a := f.a
		r0, v0, _ := a.Records(ctx, f.owner, f.bins[0])
		r1, v1, _ := a.Records(ctx, f.owner, f.bins[1])
		// Someone edits employer 1 through another door.
		edited := *r1
		edited.Employer.Name = "Edited meanwhile LLP"
		if _, err := a.ReplaceRecords(ctx, f.owner, &edited, v1); err != nil {
			t.Fatal(err)
		}
		imp := app.Operator(f.owner.TenantID, "import")
		r0.Employer.Name, r1.Employer.Name = "Imported 0", "Imported 1"
		err := a.Import(ctx, imp, []*domain.Records{r0, r1}, map[string]int64{f.bins[0]: v0, f.bins[1]: v1})
		wantCode(t, "import over a change", err, domain.ECONFLICT)
		if got, v, _ := a.Records(ctx, f.owner, f.bins[0]); got.Employer.Name == "Imported 0" || v != v0 {
			t.Fatal("the import stored part of its records")
		}
		_, v1now, _ := a.Records(ctx, f.owner, f.bins[1])
		if err := a.Import(ctx, imp, []*domain.Records{r0, r1}, map[string]int64{f.bins[0]: v0, f.bins[1]: v1now}); err != nil {
			t.Fatal(err)
		}
		// Invalid records are refused by the one validator, whole.
		r0.Penalties = append(r0.Penalties, domain.Penalty{Article: "999", Date: domain.MustDate("2025-01-01")})
		_, vNow, _ := a.Records(ctx, f.owner, f.bins[0])
		err = a.Import(ctx, imp, []*domain.Records{r0}, map[string]int64{f.bins[0]: vNow})
		wantCode(t, "invalid import", err, domain.EINVALID)
	})
}

// TestLogin: a session for the right password, a LoginError for a wrong
// one, and the limit after repeated failures.
func TestLogin(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		u, s, err := f.a.Login(ctx, "owner@a.example", password, "192.0.2.1:1")
		if err != nil || u.ID != f.owner.ID || s.Token == "" || !s.ExpiresAt.After(time.Now()) {
			t.Fatalf("login: %v %+v %v", u, s, err)
		}
		if got, err := f.a.UserBySession(ctx, s.Token); err != nil || got.ID != u.ID {
			t.Fatalf("session: %v %v", got, err)
		}
		if err := f.a.Logout(ctx, s.Token); err != nil {
			t.Fatal(err)
		}
		_, err = f.a.UserBySession(ctx, s.Token)
		wantCode(t, "after logout", err, domain.ENOTFOUND)
		var le *app.LoginError
		limited := false
		for i := 0; i < 20 && !limited; i++ {
			_, _, err = f.a.Login(ctx, "owner@a.example", "wrong", "192.0.2.2:1")
			if !errors.As(err, &le) {
				t.Fatalf("wrong password: %v", err)
			}
			limited = le.TooMany
		}
		if !limited {
			t.Fatal("20 wrong passwords and no limit")
		}
	})
}
