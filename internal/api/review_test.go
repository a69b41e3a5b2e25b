package api_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestLoginLimitBehindProxy: behind a trusted reverse proxy, failed logins
// count per client (X-Forwarded-For), so one client's failures neither
// lock out the others nor the proxy.
func TestLoginLimitBehindProxy(t *testing.T) {
	f := newFixtureOn(t, testdb.SQLite(t))
	srv := httptest.NewServer(api.New(api.Config{App: app.New(app.Config{DB: f.db}), TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}))
	defer srv.Close()
	login := func(pw, client string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/session", bytes.NewReader([]byte(`{"email":"a-owner@example.com","password":"`+pw+`"}`)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", client)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := login("wrong password", "203.0.113.1"); got != 401 {
		t.Fatalf("wrong password: %d", got)
	}
	if got := login(password, "203.0.113.1"); got != 429 {
		t.Fatalf("the failing client at once again: %d, want 429", got)
	}
	if got := login(password, "203.0.113.2"); got != 200 {
		t.Fatalf("another client behind the same proxy: %d, want 200", got)
	}
}

// TestLimitedOwner: an owner limited to some employers (possible before
// the store refused them) cannot manage users, so it cannot lift its limit.
func TestLimitedOwner(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		if r := f.do("POST", "/api/v1/users", f.tokenA, []byte(`{"email":"lo@example.com","role":"owner","password":"`+password+`","employers":["`+f.binA+`"]}`)); r.status != 400 {
			t.Fatalf("create a limited owner: status %d, want 400: %s", r.status, r.body)
		}
		tok := f.user(1, "lo@example.com", domain.RoleOwner)
		// Limit it behind the store's back, as an older version allowed.
		if err := f.limitOwnerRaw("lo@example.com", f.binA); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ method, path, body string }{
			{"GET", "/api/v1/users", ""},
			{"PATCH", "/api/v1/users/1", `{"employers":null}`},
			{"POST", "/api/v1/users", `{"email":"x@example.com","role":"owner","password":"` + password + `"}`},
		} {
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			if r := f.do(c.method, c.path, tok, body); r.status != 403 {
				t.Errorf("%s %s as a limited owner: status %d, want 403: %s", c.method, c.path, r.status, r.body)
			}
		}
	})
}

// TestStrictCasing: a key that differs only in case is refused, not taken
// as a second value after the first passed the schema.
func TestStrictCasing(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		r := f.do("POST", "/api/v1/users", f.tokenA, []byte(`{"email":"cs@example.com","role":"viewer","password":"`+password+`","ROLE":"owner"}`))
		if r.status != 422 && r.status != 400 {
			t.Fatalf("ROLE beside role: status %d, want 4xx: %s", r.status, r.body)
		}
	})
}

// TestPasswordChangeLimited: wrong current passwords count like failed
// logins, and a changed password revokes the user's API tokens.
func TestPasswordChangeLimited(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		wrong := []byte(`{"current":"wrong wrong wrong","new":"another long passphrase"}`)
		if r := f.do("PUT", "/api/v1/me/password", f.viewA, wrong); r.status != 403 {
			t.Fatalf("wrong current password: %d", r.status)
		}
		if r := f.do("PUT", "/api/v1/me/password", f.viewA, wrong); r.status != 429 || r.header.Get("Retry-After") == "" {
			t.Fatalf("at once again: status %d, Retry-After %q; want 429", r.status, r.header.Get("Retry-After"))
		}
	})
}
