package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// decode unmarshals a response body into v, failing the test otherwise.
func decode(t *testing.T, r response, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("status %d, body %s: %v", r.status, r.body, err)
	}
}

func TestPatchEmployer(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		path := "/api/v1/employers/" + f.binA
		tag := f.do("GET", path, f.tokenA, nil).header.Get("ETag")
		patch := []byte(`{"name":"Patched LLP","total_employees":250,"staff_kz":[10,20,30,40]}`)
		if r := f.do("PATCH", path, f.tokenA, patch); r.status != 428 {
			t.Fatalf("without If-Match: status %d, want 428", r.status)
		}
		if r := f.do("PATCH", path, f.viewA, patch, "If-Match", tag); r.status != 403 {
			t.Fatalf("viewer: status %d, want 403", r.status)
		}
		r := f.do("PATCH", path, f.tokenA, patch, "If-Match", tag, "Content-Type", "application/merge-patch+json")
		if r.status != 200 || r.header.Get("ETag") == tag {
			t.Fatalf("patch: status %d, ETag %q: %s", r.status, r.header.Get("ETag"), r.body)
		}
		fresh := r.header.Get("ETag")
		if r := f.do("PATCH", path, f.tokenA, patch, "If-Match", tag); r.status != 412 {
			t.Fatalf("stale ETag: status %d, want 412", r.status)
		}
		var got struct {
			Employer struct {
				Name           string
				Size           string
				StaffKZ        *[4]int `json:"staff_kz"`
				TotalEmployees *int    `json:"total_employees"`
			}
			Workers []json.RawMessage
		}
		decode(t, f.do("GET", path, f.tokenA, nil), &got)
		if got.Employer.Name != "Patched LLP" || got.Employer.TotalEmployees == nil || *got.Employer.TotalEmployees != 250 ||
			got.Employer.StaffKZ == nil || got.Employer.StaffKZ[3] != 40 || len(got.Workers) == 0 {
			t.Fatalf("after patch: %+v (%d workers)", got.Employer, len(got.Workers))
		}
		size := got.Employer.Size

		// null clears an optional field and leaves the others alone.
		r = f.do("PATCH", path, f.tokenA, []byte(`{"total_employees":null}`), "If-Match", fresh)
		if r.status != 200 {
			t.Fatalf("clear: status %d: %s", r.status, r.body)
		}
		fresh = r.header.Get("ETag")
		got.Employer.TotalEmployees = nil // decode leaves fields the body lacks
		decode(t, f.do("GET", path, f.tokenA, nil), &got)
		if got.Employer.TotalEmployees != nil || got.Employer.Name != "Patched LLP" || got.Employer.Size != size || got.Employer.StaffKZ == nil {
			t.Fatalf("after clearing total_employees: %+v", got.Employer)
		}
		for _, bad := range []string{`{"size":null}`, `{"size":"huge"}`, `{"staff_kz":[1,2]}`, `{"bin":"000000000000"}`, `{"total_employees":-1}`} {
			if r := f.do("PATCH", path, f.tokenA, []byte(bad), "If-Match", fresh); r.status < 400 || r.status >= 500 {
				t.Errorf("%s: status %d, want 4xx: %s", bad, r.status, r.body)
			}
		}
		if r := f.do("GET", path, f.tokenA, nil); r.header.Get("ETag") != fresh {
			t.Fatalf("a refused patch changed the employer: ETag %q, want %q", r.header.Get("ETag"), fresh)
		}

		// The letterhead's details and the director, as the documents use
		// them; null clears one.
		r = f.do("PATCH", path, f.tokenA, []byte(`{"address":"Атырау, пр. Сатпаева 17","email":"hr@example.kz","director":{"name":"Серікбаев Нұрлан","position":"Директор"},"uses_seal":true}`), "If-Match", fresh)
		if r.status != 200 {
			t.Fatalf("letterhead: status %d: %s", r.status, r.body)
		}
		fresh = r.header.Get("ETag")
		var lh struct {
			Employer struct {
				Address, Email string
				Director       *struct{ Name, Position string }
				UsesSeal       bool `json:"uses_seal"`
			}
		}
		decode(t, f.do("GET", path, f.tokenA, nil), &lh)
		if lh.Employer.Address != "Атырау, пр. Сатпаева 17" || lh.Employer.Director == nil || lh.Employer.Director.Name != "Серікбаев Нұрлан" || !lh.Employer.UsesSeal {
			t.Fatalf("after the letterhead patch: %+v", lh.Employer)
		}
		if r := f.do("PATCH", path, f.tokenA, []byte(`{"email":null,"director":null}`), "If-Match", fresh); r.status != 200 {
			t.Fatalf("clear the letterhead: status %d: %s", r.status, r.body)
		}
		lh = struct {
			Employer struct {
				Address, Email string
				Director       *struct{ Name, Position string }
				UsesSeal       bool `json:"uses_seal"`
			}
		}{}
		decode(t, f.do("GET", path, f.tokenA, nil), &lh)
		if lh.Employer.Email != "" || (lh.Employer.Director != nil && lh.Employer.Director.Name != "") || lh.Employer.Address == "" {
			t.Fatalf("after clearing email and director: %+v", lh.Employer)
		}
	})
}

func TestUsers(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		if r := f.do("GET", "/api/v1/users", f.viewA, nil); r.status != 403 {
			t.Fatalf("viewer lists users: status %d, want 403", r.status)
		}
		var me struct {
			ID        int64
			Email     string
			Role      string
			Employers []string
		}
		decode(t, f.do("GET", "/api/v1/me", f.viewA, nil), &me)
		if me.Email != "a-viewer@example.com" || me.Role != "viewer" || me.Employers != nil {
			t.Fatalf("me: %+v", me)
		}

		if r := f.do("POST", "/api/v1/users", f.tokenA, []byte(`{"email":"new@example.com","role":"editor","password":"short"}`)); r.status != 400 {
			t.Fatalf("short password: status %d, want 400: %s", r.status, r.body)
		}
		body := `{"email":"New@Example.com","role":"editor","password":"` + password + `","employers":["` + f.binA + `"]}`
		r := f.do("POST", "/api/v1/users", f.tokenA, []byte(body))
		if r.status != 201 {
			t.Fatalf("create: status %d: %s", r.status, r.body)
		}
		var nu struct {
			ID        int64
			Email     string
			Employers []string
		}
		decode(t, r, &nu)
		if nu.Email != "new@example.com" || len(nu.Employers) != 1 {
			t.Fatalf("created %+v", nu)
		}
		if r := f.do("POST", "/api/v1/users", f.tokenA, []byte(body)); r.status != 409 {
			t.Fatalf("same email again: status %d, want 409", r.status)
		}
		// The new user logs in and sees only the employer given.
		login := []byte(`{"email":"new@example.com","password":"` + password + `"}`)
		if r := f.do("POST", "/api/v1/session", "", login); r.status != 200 {
			t.Fatalf("new user's login: status %d: %s", r.status, r.body)
		}

		id := "/api/v1/users/" + strconv.FormatInt(nu.ID, 10)
		r = f.do("PATCH", id, f.tokenA, []byte(`{"role":"viewer","employers":null}`))
		decode(t, r, &nu)
		if r.status != 200 || nu.Employers != nil || !strings.Contains(string(r.body), `"role":"viewer"`) {
			t.Fatalf("patch: status %d: %s", r.status, r.body)
		}
		var list struct {
			Users []struct{ Email, Role string }
		}
		decode(t, f.do("GET", "/api/v1/users", f.tokenA, nil), &list)
		if len(list.Users) != 3 {
			t.Fatalf("users: %+v", list.Users)
		}

		// The last owner stays.
		decode(t, f.do("GET", "/api/v1/me", f.tokenA, nil), &me)
		owner := "/api/v1/users/" + strconv.FormatInt(me.ID, 10)
		if r := f.do("PATCH", owner, f.tokenA, []byte(`{"role":"editor"}`)); r.status != 409 {
			t.Fatalf("last owner steps down: status %d, want 409: %s", r.status, r.body)
		}
		if r := f.do("DELETE", owner, f.tokenA, nil); r.status != 409 {
			t.Fatalf("last owner deleted: status %d, want 409", r.status)
		}
		if r := f.do("DELETE", id, f.tokenA, nil); r.status != 204 {
			t.Fatalf("delete: status %d: %s", r.status, r.body)
		}
		if r := f.do("POST", "/api/v1/session", "", login); r.status != 401 {
			t.Fatalf("deleted user's login: status %d, want 401", r.status)
		}
	})
}

func TestChangePassword(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		login := func(pw string) response {
			return f.do("POST", "/api/v1/session", "", []byte(`{"email":"a-viewer@example.com","password":"`+pw+`"}`))
		}
		r := login(password)
		cookie := r.header.Get("Set-Cookie")
		cookie = cookie[:strings.IndexByte(cookie, ';')]
		newPW := "another long passphrase"
		if r := f.do("PUT", "/api/v1/me/password", f.viewA, []byte(`{"current":"`+password+`","new":"aaaaaaaaaaaaaaaa"}`)); r.status != 400 {
			t.Fatalf("weak new password: status %d, want 400", r.status)
		}
		if r := f.do("PUT", "/api/v1/me/password", f.viewA, []byte(`{"current":"`+password+`","new":"`+newPW+`"}`)); r.status != 204 {
			t.Fatalf("change: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/me", "", nil, "Cookie", cookie); r.status != 401 {
			t.Fatalf("the old session after a password change: status %d, want 401", r.status)
		}
		if r := f.do("GET", "/api/v1/me", f.viewA, nil); r.status != 401 {
			t.Fatalf("the user's API token after a password change: status %d, want 401", r.status)
		}
		// The new password first: a failure delays the next attempt.
		if r := login(newPW); r.status != 200 {
			t.Fatalf("new password: status %d", r.status)
		}
		if r := login(password); r.status != 401 {
			t.Fatalf("old password: status %d, want 401", r.status)
		}
	})
}

func TestTokens(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		r := f.do("POST", "/api/v1/tokens", f.viewA, []byte(`{"name":"report script"}`))
		var created struct {
			ID    int64
			Name  string
			Token string
		}
		decode(t, r, &created)
		if r.status != 201 || created.Token == "" || created.Name != "report script" {
			t.Fatalf("create: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/me", created.Token, nil); r.status != 200 || !strings.Contains(string(r.body), "a-viewer@") {
			t.Fatalf("the new token: status %d: %s", r.status, r.body)
		}
		var mine, all struct{ Tokens []struct{ ID int64 } }
		decode(t, f.do("GET", "/api/v1/tokens", f.viewA, nil), &mine)
		decode(t, f.do("GET", "/api/v1/tokens", f.tokenA, nil), &all)
		if len(mine.Tokens) != 2 || len(all.Tokens) != 3 {
			t.Fatalf("viewer sees %d tokens (want own 2), owner %d (want all 3)", len(mine.Tokens), len(all.Tokens))
		}
		// The viewer cannot revoke the owner's token; the owner can revoke any.
		for _, tk := range all.Tokens {
			if !containsID(mine.Tokens, tk.ID) {
				if r := f.do("DELETE", "/api/v1/tokens/"+strconv.FormatInt(tk.ID, 10), f.viewA, nil); r.status != 404 {
					t.Fatalf("viewer revokes another's token: status %d, want 404", r.status)
				}
			}
		}
		if r := f.do("DELETE", "/api/v1/tokens/"+strconv.FormatInt(created.ID, 10), f.tokenA, nil); r.status != 204 {
			t.Fatalf("owner revokes: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/me", created.Token, nil); r.status != 401 {
			t.Fatalf("revoked token: status %d, want 401", r.status)
		}
	})
}

func containsID(list []struct{ ID int64 }, id int64) bool {
	for _, x := range list {
		if x.ID == id {
			return true
		}
	}
	return false
}

func TestConsultationRequests(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		body := []byte(`{"name":"Aigerim","contact":"+7 701 000 00 00","message":"3 welders","consent":{"text_version":"2026-01","purpose":"to answer this request"}}`)
		if r := f.do("POST", "/api/v1/consultation-requests", f.viewA, body); r.status != 403 {
			t.Fatalf("viewer: status %d, want 403", r.status)
		}
		if r := f.do("POST", "/api/v1/consultation-requests", f.tokenA, []byte(`{"name":"A","contact":"a@b.kz"}`)); r.status != 422 && r.status != 400 {
			t.Fatalf("without consent: status %d, want 4xx: %s", r.status, r.body)
		}
		limited := f.user(1, "limited@example.com", domain.RoleEditor)
		if err := limitTo(f, "limited@example.com", f.binA); err != nil {
			t.Fatal(err)
		}
		if r := f.do("GET", "/api/v1/consultation-requests", limited, nil); r.status != 403 {
			t.Fatalf("user limited to an employer: status %d, want 403", r.status)
		}
		r := f.do("POST", "/api/v1/consultation-requests", f.tokenA, body)
		var req struct {
			ID      int64
			Name    string
			Consent struct {
				GivenAt   string `json:"given_at"`
				RevokedAt string `json:"revoked_at"`
			}
		}
		decode(t, r, &req)
		if r.status != 201 || req.Name != "Aigerim" || req.Consent.GivenAt == "" || req.Consent.RevokedAt != "" {
			t.Fatalf("create: status %d: %s", r.status, r.body)
		}
		r = f.do("POST", "/api/v1/consultation-requests/"+strconv.FormatInt(req.ID, 10)+"/revoke-consent", f.tokenA, nil)
		decode(t, r, &req)
		if r.status != 200 || req.Name != "" || req.Consent.RevokedAt == "" || strings.Contains(string(r.body), "welders") {
			t.Fatalf("revoke: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/consultation-requests", f.tokenA, nil); r.status != 200 || strings.Contains(string(r.body), "Aigerim") {
			t.Fatalf("list after revocation: status %d: %s", r.status, r.body)
		}
	})
}

// limitTo limits the user with this email to the employer bin.
func limitTo(f *fixture, email, bin string) error {
	ctx := context.Background()
	u, err := f.db.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	only := []string{bin}
	_, err = f.db.UpdateUser(ctx, u.TenantID, store.SystemActor, u.ID, store.UserChange{Employers: &only})
	return err
}

// TestSecureCookie: the session cookie is Secure over TLS, and on plain
// HTTP only when the server is told that a proxy serves HTTPS.
func TestSecureCookie(t *testing.T) {
	f := newFixtureOn(t, testdb.SQLite(t))
	body := []byte(`{"email":"a-owner@example.com","password":"` + password + `"}`)
	for _, c := range []struct {
		name   string
		srv    *httptest.Server
		secure bool
	}{
		{"plain", httptest.NewServer(api.New(api.Config{App: app.New(app.Config{DB: f.db})})), false},
		{"plain behind a TLS proxy", httptest.NewServer(api.New(api.Config{App: app.New(app.Config{DB: f.db}), SecureCookie: true})), true},
		{"TLS", httptest.NewTLSServer(api.New(api.Config{App: app.New(app.Config{DB: f.db})})), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer c.srv.Close()
			resp, err := c.srv.Client().Post(c.srv.URL+"/api/v1/session", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			cookies := resp.Cookies()
			if resp.StatusCode != 200 || len(cookies) != 1 {
				t.Fatalf("status %d, cookies %v", resp.StatusCode, cookies)
			}
			if ck := cookies[0]; ck.Secure != c.secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Fatalf("cookie %s: Secure %v (want %v), HttpOnly %v, SameSite %v", ck.Name, ck.Secure, c.secure, ck.HttpOnly, ck.SameSite)
			}
		})
	}
}
