package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/session"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

const password = "correct horse battery staple"

// fixture is a server with two tenants, A and B, each with one employer
// and users.
type fixture struct {
	t      testing.TB
	url    string
	db     *store.DB
	srv    *httptest.Server
	binA   string
	binB   string
	tokenA string // owner of A
	viewA  string // viewer of A
	tokenB string // owner of B
}

// onEngines runs f with a fixture on each database engine.
func onEngines(t *testing.T, f func(t *testing.T, f *fixture)) {
	testdb.Run(t, func(t *testing.T, url string) { f(t, newFixtureOn(t, url)) })
}

// newFixtureOn returns the fixture on a fresh database at url.
func newFixtureOn(t testing.TB, url string) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, url: url, db: db}
	from, to := domain.MustDate("2025-01-01"), domain.MustDate("2025-12-31")
	for i, name := range []string{"A", "B"} {
		tn, err := db.CreateTenant(ctx, store.SystemActor, name)
		if err != nil {
			t.Fatal(err)
		}
		recs := synth.Generate(synth.Spec{Seed: uint64(i + 1), Employers: 1, Workers: 6, Trips: 4, From: from, To: to})
		if err := db.ReplaceEmployerRecords(ctx, tn.ID, store.SystemActor, &recs[0]); err != nil {
			t.Fatal(err)
		}
		owner := f.user(tn.ID, strings.ToLower(name)+"-owner@example.com", domain.RoleOwner)
		if name == "A" {
			f.binA, f.tokenA = recs[0].Employer.BIN, owner
			f.viewA = f.user(tn.ID, "a-viewer@example.com", domain.RoleViewer)
		} else {
			f.binB, f.tokenB = recs[0].Employer.BIN, owner
		}
	}
	f.srv = httptest.NewServer(api.New(api.Config{App: app.New(app.Config{DB: db})}))
	t.Cleanup(f.srv.Close)
	return f
}

// user creates a user with the test password and returns an API token.
func (f *fixture) user(tenant int64, email string, role domain.Role) string {
	f.t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(password)
	if err != nil {
		f.t.Fatal(err)
	}
	u := &store.User{Email: email, PasswordHash: hash, Role: role}
	if err := f.db.CreateUser(ctx, tenant, store.SystemActor, u); err != nil {
		f.t.Fatal(err)
	}
	tok, h, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.db.CreateToken(ctx, tenant, store.SystemActor, u.ID, "test", h); err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// limitOwnerRaw limits a user to bin in the database directly, past the
// store's checks, as an older version of the store allowed for owners.
func (f *fixture) limitOwnerRaw(email, bin string) error {
	driver, dsn := "pgx", f.url
	if path, ok := strings.CutPrefix(f.url, "sqlite:"); ok {
		driver, dsn = "sqlite", path
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer raw.Close()
	ctx := context.Background()
	if _, err := raw.ExecContext(ctx, `UPDATE users SET restricted = $1 WHERE email = $2`, true, email); err != nil {
		return err
	}
	_, err = raw.ExecContext(ctx, `INSERT INTO user_employers (user_id, employer_id)
		SELECT u.id, e.id FROM users u JOIN employers e ON e.tenant_id = u.tenant_id WHERE u.email = $1 AND e.bin = $2`, email, bin)
	return err
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request; token "" sends none, headers are name, value pairs.
func (f *fixture) do(method, path, token string, body []byte, headers ...string) response {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

func TestTokenAuth(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		if r := f.do("GET", "/api/v1/employers", "", nil); r.status != 401 {
			t.Fatalf("no credentials: status %d, want 401", r.status)
		}
		if r := f.do("GET", "/api/v1/employers", "rq_"+strings.Repeat("A", 43), nil); r.status != 401 {
			t.Fatalf("unknown token: status %d, want 401", r.status)
		}
		r := f.do("GET", "/api/v1/employers", f.tokenA, nil)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		var list struct {
			Employers []struct{ BIN string }
			Total     int
		}
		if err := json.Unmarshal(r.body, &list); err != nil {
			t.Fatal(err)
		}
		if list.Total != 1 || len(list.Employers) != 1 || list.Employers[0].BIN != f.binA {
			t.Fatalf("list = %+v, want only %s", list, f.binA)
		}
	})
}

func TestSessionLogin(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		login := func(email, pw string) response {
			b, _ := json.Marshal(map[string]string{"email": email, "password": pw})
			return f.do("POST", "/api/v1/session", "", b)
		}
		if r := login("a-viewer@example.com", "wrong password"); r.status != 401 {
			t.Fatalf("wrong password: status %d, want 401", r.status)
		}
		if r := login("nobody@example.com", password); r.status != 401 {
			t.Fatalf("unknown email: status %d, want 401", r.status)
		}
		r := login("A-Owner@example.com", password)
		if r.status != 200 {
			t.Fatalf("login: status %d: %s", r.status, r.body)
		}
		var cookie string
		for _, c := range (&http.Response{Header: r.header}).Cookies() {
			if c.Name == session.CookieName {
				cookie = c.Name + "=" + c.Value
			}
		}
		if cookie == "" {
			t.Fatalf("no session cookie in %v", r.header)
		}
		if r := f.do("GET", "/api/v1/employers/"+f.binA, "", nil, "Cookie", cookie); r.status != 200 {
			t.Fatalf("with session: status %d: %s", r.status, r.body)
		}
		if r := f.do("DELETE", "/api/v1/session", "", nil, "Cookie", cookie); r.status != 204 {
			t.Fatalf("logout: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/employers/"+f.binA, "", nil, "Cookie", cookie); r.status != 401 {
			t.Fatalf("after logout: status %d, want 401", r.status)
		}
	})
}

func TestLoginRateLimited(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		b, _ := json.Marshal(map[string]string{"email": "a-owner@example.com", "password": "wrong"})
		var last response
		for range 3 {
			last = f.do("POST", "/api/v1/session", "", b)
		}
		if last.status != 429 || last.header.Get("Retry-After") == "" {
			t.Fatalf("third quick failure: status %d, Retry-After %q; want 429 with Retry-After", last.status, last.header.Get("Retry-After"))
		}
	})
}

func TestFindingsEqualEvaluation(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		rec, _, err := f.db.EmployerRecords(context.Background(), 1, f.binA)
		if err != nil {
			t.Fatal(err)
		}
		asOf := domain.MustDate("2025-11-15")
		// ?lang=, else Accept-Language, else English: the document of
		// `ruqsat evaluate --format json --lang LANG`.
		for _, c := range []struct {
			query, accept string
			lang          i18n.Lang
		}{{"&lang=ru", "", i18n.RU}, {"&lang=kk", "ru", i18n.KK}, {"", "kk-KZ, ru;q=0.8", i18n.KK}, {"&lang=en", "kk", i18n.EN}, {"", "de", i18n.EN}} {
			res := rules.New(nil, nil).Evaluate(rec, asOf)
			res.Render(i18n.For(c.lang))
			r := f.do("GET", "/api/v1/employers/"+f.binA+"/findings?as_of=2025-11-15"+c.query, f.viewA, nil, "Accept-Language", c.accept)
			if r.status != 200 || !bytes.Equal(r.body, res.AppendJSON(nil)) {
				t.Fatalf("%s %q: status %d, not the %s document:\n%s", c.query, c.accept, r.status, c.lang, r.body)
			}
		}
		if r := f.do("GET", "/api/v1/employers/"+f.binA+"/findings?lang=de", f.viewA, nil); r.status != 400 && r.status != 422 {
			t.Fatalf("lang=de: status %d, want 400 or 422", r.status)
		}
		res := rules.New(nil, nil).Evaluate(rec, asOf)
		res.Render(i18n.For(i18n.EN))
		want := res.AppendJSON(nil)
		r := f.do("GET", "/api/v1/employers/"+f.binA+"/findings?as_of=2025-11-15", f.viewA, nil)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		if !bytes.Equal(r.body, want) {
			t.Fatalf("findings differ from rules evaluation:\n got %s\nwant %s", r.body, want)
		}
		if r := f.do("GET", "/api/v1/employers/"+f.binA+"/findings?as_of=2025-13-01", f.viewA, nil); r.status != 400 && r.status != 422 {
			t.Fatalf("bad as_of: status %d, want 400 or 422", r.status)
		}
	})
}

func TestIfMatch(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		path := "/api/v1/employers/" + f.binA
		r := f.do("GET", path, f.tokenA, nil)
		if r.status != 200 {
			t.Fatalf("get: status %d: %s", r.status, r.body)
		}
		tag := r.header.Get("ETag")
		var rec map[string]any
		if err := json.Unmarshal(r.body, &rec); err != nil {
			t.Fatal(err)
		}
		delete(rec, "$schema")
		rec["employer"].(map[string]any)["name"] = "Renamed LLP"
		body, _ := json.Marshal(rec)

		if r := f.do("PUT", path, f.tokenA, body); r.status != 428 {
			t.Fatalf("without If-Match: status %d, want 428: %s", r.status, r.body)
		}
		if r := f.do("PUT", path, f.viewA, body, "If-Match", tag); r.status != 403 {
			t.Fatalf("viewer: status %d, want 403: %s", r.status, r.body)
		}
		r = f.do("PUT", path, f.tokenA, body, "If-Match", tag)
		if r.status != 200 || r.header.Get("ETag") == tag {
			t.Fatalf("first writer: status %d, ETag %q: %s", r.status, r.header.Get("ETag"), r.body)
		}
		fresh := r.header.Get("ETag")
		if r := f.do("PUT", path, f.tokenA, body, "If-Match", tag); r.status != 412 {
			t.Fatalf("stale ETag: status %d, want 412: %s", r.status, r.body)
		}
		if r := f.do("DELETE", path, f.tokenA, nil, "If-Match", tag); r.status != 412 {
			t.Fatalf("stale delete: status %d, want 412: %s", r.status, r.body)
		}
		if r := f.do("GET", path, f.tokenA, nil); !strings.Contains(string(r.body), "Renamed LLP") || r.header.Get("ETag") != fresh {
			t.Fatalf("after put: ETag %q, body %s", r.header.Get("ETag"), r.body)
		}
		if r := f.do("DELETE", path, f.tokenA, nil, "If-Match", fresh); r.status != 204 {
			t.Fatalf("delete: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", path, f.tokenA, nil); r.status != 404 {
			t.Fatalf("after delete: status %d, want 404", r.status)
		}
		// And create it again, as new.
		if r := f.do("PUT", path, f.tokenA, body, "If-None-Match", "*"); r.status != 200 {
			t.Fatalf("create: status %d: %s", r.status, r.body)
		}
	})
}

// TestCrossTenant walks every operation of the OpenAPI document as the
// owner of tenant B on tenant A's things (A's employer, user, token and
// consultation request): each operation on one of them must answer 404 or
// 403, and each collection must show nothing of A's. Without credentials
// every secured operation answers 401.
func TestCrossTenant(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixtureOn(t, url)
		ctx := context.Background()
		ownerA, err := f.db.UserByEmail(ctx, "a-owner@example.com")
		if err != nil {
			t.Fatal(err)
		}
		tokensA, err := f.db.Tokens(ctx, ownerA.TenantID, 0)
		if err != nil || len(tokensA) == 0 {
			t.Fatalf("A's tokens: %v, %v", tokensA, err)
		}
		reqA := &store.ConsultationRequest{Name: "Aigerim", Contact: "a-contact@example.com",
			Consent: store.Consent{TextVersion: "v1", Purpose: "to answer"}}
		if err := f.db.CreateConsultationRequest(ctx, ownerA.TenantID, store.SystemActor, reqA); err != nil {
			t.Fatal(err)
		}
		_, inviteHash, _ := auth.NewToken(app.InviteTokenPrefix)
		inviteA := &store.Invite{Email: "a-invitee@example.com", Role: domain.RoleViewer, ExpiresAt: time.Now().Add(time.Hour)}
		if err := f.db.CreateInvite(ctx, ownerA.TenantID, store.SystemActor, inviteA, inviteHash); err != nil {
			t.Fatal(err)
		}
		// Valid bodies, so that each request reaches the tenant check; where
		// a body can name one of A's things, it does.
		bodies := map[string]string{
			"PUT /api/v1/employers/{bin}":                            `{"employer":{"bin":"` + f.binA + `","size":"small"}}`,
			"PATCH /api/v1/employers/{bin}":                          `{"name":"taken over"}`,
			"POST /api/v1/employers/{bin}/what-if":                   `{"workers":[{"id":"w1","trips":[{"region":"KZ-71","from":"2025-03-01","to":"2025-03-05"}]}]}`,
			"POST /api/v1/users":                                     `{"email":"b-new@example.com","role":"viewer","password":"` + password + `","employers":["` + f.binA + `"]}`,
			"PATCH /api/v1/users/{id}":                               `{"role":"viewer"}`,
			"PUT /api/v1/me/password":                                `{"current":"not the password","new":"` + password + `"}`,
			"POST /api/v1/tokens":                                    `{"name":"b's script"}`,
			"POST /api/v1/consultation-requests":                     `{"name":"B's caller","contact":"b-caller@example.com","consent":{"text_version":"v1","purpose":"to answer"}}`,
			"POST /api/v1/consultation-requests/{id}/revoke-consent": ``,
			"POST /api/v1/me/calendar":                               ``,
			"POST /api/v1/invites":                                   `{"email":"b-invitee@example.com","role":"viewer"}`,
			"PATCH /api/v1/tenant":                                   `{"legal_name":"B's operator"}`,
			"PATCH /api/v1/consultation-requests/{id}":               `{"status":"done"}`,
			"POST /api/v1/employers/{bin}/workers/{id}/documents":    "--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npassport\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\n\r\n--b--\r\n",
			// A logo of one pixel, so that the upload reaches the tenant check.
			"PUT /api/v1/employers/{bin}/logo": "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n" +
				"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\b\x00\x00\x00\x00:~\x9bU\x00\x00\x00\x0eIDATx\x9cbb\x00\x04\x00\x00\xff\xff\x00\x06\x00\x03\xfa\xd0Y\xae\x00\x00\x00\x00IEND\xaeB`\x82\r\n--b--\r\n",
		}
		contentTypes := map[string]string{"POST /api/v1/employers/{bin}/workers/{id}/documents": "multipart/form-data; boundary=b",
			"PUT /api/v1/employers/{bin}/logo": "multipart/form-data; boundary=b"}
		ids := map[string]int64{"/api/v1/users/{id}": ownerA.ID, "/api/v1/tokens/{id}": tokensA[0].ID,
			"/api/v1/consultation-requests/{id}/revoke-consent": reqA.ID, "/api/v1/invites/{id}": inviteA.ID,
			"/api/v1/consultation-requests/{id}": reqA.ID}
		leaks := []string{f.binA, "a-owner@", "a-viewer@", "a-contact@", "a-invitee@"}
		doc := api.New(api.Config{App: app.New(app.Config{DB: f.db})}).OpenAPI()
		ops := 0
		for path, item := range doc.Paths {
			for method, op := range map[string]*huma.Operation{"GET": item.Get, "PUT": item.Put, "POST": item.Post, "DELETE": item.Delete, "PATCH": item.Patch} {
				if op == nil || (path == "/api/v1/session" && method == "POST") {
					continue // logging in needs no credentials; its tenant is the user's
				}
				ops++
				url := strings.ReplaceAll(path, "{bin}", f.binA)
				// A worker's id and an attachment's of A's employer.
				url = strings.ReplaceAll(strings.ReplaceAll(url, "/workers/{id}", "/workers/w1"), "{doc_id}", "1")
				if id, ok := ids[path]; ok {
					url = strings.ReplaceAll(url, "{id}", strconv.FormatInt(id, 10))
				} else if strings.Contains(url, "{id}") {
					t.Fatalf("%s: the walk does not know whose {id} to try", path)
				}
				var body []byte
				if b, ok := bodies[method+" "+path]; ok && b != "" {
					body = []byte(b)
				} else if !ok && (method == "PUT" || method == "POST" || method == "PATCH") {
					t.Fatalf("%s %s: the walk has no body for it", method, path)
				}
				headers := []string{"If-Match", `"1"`}
				if ct, ok := contentTypes[method+" "+path]; ok {
					headers = append(headers, "Content-Type", ct)
				}
				t.Run(method+" "+path, func(t *testing.T) {
					if r := f.do(method, url, "", body, headers...); r.status != 401 {
						t.Errorf("no credentials: status %d, want 401", r.status)
					}
					r := f.do(method, url, f.tokenB, body, headers...)
					// Creating a user limited to A's employer, and changing B's
					// own password with a wrong one, are refused too.
					if strings.Contains(path, "{") || method+" "+path == "POST /api/v1/users" || method+" "+path == "PUT /api/v1/me/password" {
						if r.status != 404 && r.status != 403 {
							t.Errorf("other tenant: status %d, want 404 or 403: %s", r.status, r.body)
						}
						return
					}
					// A collection or the caller's own things: it may answer,
					// but nothing of tenant A's.
					if r.status >= 400 {
						t.Errorf("status %d: %s", r.status, r.body)
					}
					for _, leak := range leaks {
						if bytes.Contains(r.body, []byte(leak)) {
							t.Errorf("other tenant sees A's %s: %s", leak, r.body)
						}
					}
				})
			}
		}
		if ops < 20 {
			t.Fatalf("walked %d operations; the document has fewer than expected", ops)
		}
		// A's things are untouched.
		if r := f.do("GET", "/api/v1/employers/"+f.binA, f.tokenA, nil); r.status != 200 || r.header.Get("ETag") != `"1"` {
			t.Fatalf("A's employer after the walk: status %d, ETag %q", r.status, r.header.Get("ETag"))
		}
		if r := f.do("GET", "/api/v1/users", f.tokenA, nil); r.status != 200 || !bytes.Contains(r.body, []byte(`"role":"owner"`)) {
			t.Fatalf("A's users after the walk: %d %s", r.status, r.body)
		}
		if got, err := f.db.ConsultationRequest(ctx, ownerA.TenantID, reqA.ID); err != nil || got.Consent.Revoked() {
			t.Fatalf("A's consultation request after the walk: %+v, %v", got, err)
		}
	})
}

func TestLimitedUser(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		hash, _ := auth.HashPassword(password)
		u := &store.User{Email: "limited@example.com", PasswordHash: hash, Role: domain.RoleEditor, Employers: []string{}}
		if err := f.db.CreateUser(ctx, 1, store.SystemActor, u); err != nil {
			t.Fatal(err)
		}
		tok, h, _ := auth.NewToken(auth.APITokenPrefix)
		if _, err := f.db.CreateToken(ctx, 1, store.SystemActor, u.ID, "t", h); err != nil {
			t.Fatal(err)
		}
		if r := f.do("GET", "/api/v1/employers/"+f.binA, tok, nil); r.status != 404 {
			t.Fatalf("outside scope: status %d, want 404", r.status)
		}
		if r := f.do("GET", "/api/v1/employers", tok, nil); bytes.Contains(r.body, []byte(f.binA)) {
			t.Fatalf("list shows an employer outside scope: %s", r.body)
		}
		if r := f.do("GET", "/api/v1/audit", tok, nil); r.status != 200 || bytes.Contains(r.body, []byte(f.binA)) {
			t.Fatalf("audit: status %d: %s", r.status, r.body)
		}
	})
}

func TestOperationalEndpoints(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct{ path, want string }{
			{"/healthz", "ok"},
			{"/readyz", "ok"},
			{"/api/openapi.json", `"openapi":"3.1.0"`},
		} {
			r := f.do("GET", tc.path, "", nil)
			if r.status != 200 || !strings.Contains(string(r.body), tc.want) {
				t.Errorf("%s: status %d: %.200s", tc.path, r.status, r.body)
			}
		}
		if r := f.do("GET", "/api/v1/nothing-here", f.tokenA, nil); r.status != 404 || r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("unknown API route: status %d, %s: %s", r.status, r.header.Get("Content-Type"), r.body)
		}
		f.do("GET", "/api/v1/employers", f.tokenA, nil)
		r := f.do("GET", "/metrics", "", nil)
		if r.status != 200 || !strings.Contains(string(r.body), `ruqsat_http_requests_total{route="GET /api/v1/employers",status="200"} 1`) ||
			!strings.Contains(string(r.body), "ruqsat_http_request_duration_seconds_bucket") {
			t.Errorf("/metrics: status %d:\n%s", r.status, r.body)
		}
		f.db.Close()
		if r := f.do("GET", "/readyz", "", nil); r.status != 503 {
			t.Errorf("/readyz with the database closed: status %d, want 503", r.status)
		}
	})
}

func TestAuditLog(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		r := f.do("GET", "/api/v1/audit?entity=employer", f.tokenA, nil)
		if r.status != 200 || !bytes.Contains(r.body, []byte(f.binA)) || bytes.Contains(r.body, []byte(f.binB)) {
			t.Fatalf("status %d: %.300s", r.status, r.body)
		}
	})
}

// FuzzEmployerBody sends arbitrary bodies to the operations that decode
// JSON (PUT and PATCH of an employer, PATCH of a user, a consultation
// request): the server must answer every one without a 5xx, and never panic.
func FuzzEmployerBody(f *testing.F) {
	fx := newFixtureOn(f, testdb.SQLite(f))
	h := api.New(api.Config{App: app.New(app.Config{DB: fx.db})})
	r := fx.do("GET", "/api/v1/employers/"+fx.binA, fx.tokenA, nil)
	f.Add(r.body)
	f.Add([]byte(`{"employer":{"bin":"` + fx.binA + `","size":"small"},"workers":[{"id":"w","basis":"permit","start":"2025-02-30"}]}`))
	f.Add([]byte(`{"employer":{"bin":"` + fx.binA + `","size":"large","staff_kz":[1,2,3,4]},"reports":[{"month":"2025-13","submitted":"x"}]}`))
	f.Add([]byte(`{"employer":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"name":null,"staff_kz":[1,2,3,4],"total_employees":null}`))
	f.Add([]byte(`{"size":null,"staff_kz":[1,2]}`))
	f.Add([]byte(`{"role":"viewer","employers":null,"password":"x"}`))
	f.Add([]byte(`{"name":"A","contact":"a@b.kz","consent":{"text_version":"v1","purpose":"p","given_at":"2026-13-01T00:00:00Z"}}`))
	emp := "/api/v1/employers/" + fx.binA
	routes := []struct{ method, path, etag string }{
		{"PUT", emp, `"1"`}, {"PUT", emp, `"999"`}, {"PATCH", emp, `"1"`},
		{"PATCH", "/api/v1/users/2", ""}, {"POST", "/api/v1/consultation-requests", ""},
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, route := range routes {
			req := httptest.NewRequest(route.method, route.path, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+fx.tokenA)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("If-Match", route.etag)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("status %d for body %q: %s", w.Code, body, w.Body)
			}
		}
	})
}

// TestTenantFindings: the evaluation of many employers on a date embeds, for
// each, exactly the document of the employer's own findings route; a
// limited user gets only their employers.
func TestTenantFindings(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		r := f.do("GET", "/api/v1/findings?as_of=2025-06-30", f.viewA, nil)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		var doc struct {
			AsOf      string `json:"as_of"`
			Total     int
			Employers []struct {
				BIN        string
				Evaluation json.RawMessage
			}
		}
		if err := json.Unmarshal(r.body, &doc); err != nil {
			t.Fatalf("%v: %.500s", err, r.body)
		}
		if doc.AsOf != "2025-06-30" || doc.Total != 1 || len(doc.Employers) != 1 || doc.Employers[0].BIN != f.binA {
			t.Fatalf("document %+v", doc)
		}
		one := f.do("GET", "/api/v1/employers/"+f.binA+"/findings?as_of=2025-06-30", f.viewA, nil)
		var a, b any
		if json.Unmarshal(one.body, &a) != nil || json.Unmarshal(doc.Employers[0].Evaluation, &b) != nil || !reflect.DeepEqual(a, b) {
			t.Fatalf("the embedded evaluation differs from the employer's own:\n%s\n%s", doc.Employers[0].Evaluation, one.body)
		}
		if !bytes.Contains(one.body, bytes.TrimSpace(doc.Employers[0].Evaluation)[:200]) {
			t.Fatal("the embedded evaluation is not the same bytes")
		}
		limited := f.user(1, "lim@example.com", domain.RoleViewer)
		if err := limitTo(f, "lim@example.com", "000000000000"); err == nil {
			t.Fatal("limited to an employer that does not exist")
		}
		only := []string{}
		u, _ := f.db.UserByEmail(context.Background(), "lim@example.com")
		if _, err := f.db.UpdateUser(context.Background(), 1, store.SystemActor, u.ID, store.UserChange{Employers: &only}); err != nil {
			t.Fatal(err)
		}
		if r := f.do("GET", "/api/v1/findings", limited, nil); r.status != 200 || !bytes.Contains(r.body, []byte(`"total":0`)) {
			t.Fatalf("a user limited to no employer: %d %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/findings?as_of=2025-02-30", f.viewA, nil); r.status != 400 && r.status != 422 {
			t.Fatalf("bad as_of: %d", r.status)
		}
	})
}
