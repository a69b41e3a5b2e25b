package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
	"github.com/ruqsat/ruqsat/internal/web"
)

const password = "correct horse battery staple"

// Users of the fixture.
const (
	ownerA   = "owner@a.example"   // tenant A, every employer
	limitedA = "limited@a.example" // tenant A, only its first employer
	ownerB   = "owner@b.example"   // tenant B
)

// today is the fixture's date: a Tuesday.
var today = time.Date(2025, 6, 10, 12, 0, 0, 0, domain.Almaty())

// fixture is the API server with the UI mounted, as `ruqsat serve` runs
// them, over a SQLite store with two tenants: A with many employers (more
// than a page of them, and of dashboard rows) and B with one.
type fixture struct {
	t       testing.TB
	db      *store.DB
	cache   *dashboard.Cache
	srv     *httptest.Server
	tenantA int64
	binsA   []string // sorted as the employers list sorts them: by name
	binB    string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := func() time.Time { return today }
	db.Now = clock // as serve does: sessions expire by the same clock
	f := &fixture{t: t, db: db}
	asOf := domain.Today(today)
	for i, spec := range []synth.Spec{
		{Seed: 7, Employers: 60, Workers: 180, Trips: 60, From: asOf.AddYears(-1), To: asOf.AddDays(30)},
		{Seed: 8, Employers: 1, Workers: 6, Trips: 4, From: asOf.AddYears(-1), To: asOf},
	} {
		tn, err := db.CreateTenant(ctx, store.SystemActor, []string{"A", "B"}[i])
		if err != nil {
			t.Fatal(err)
		}
		recs := synth.Generate(spec)
		ptrs := make([]*domain.Records, len(recs))
		for j := range recs {
			ptrs[j] = &recs[j]
		}
		if err := db.ReplaceEmployersRecords(ctx, tn.ID, store.SystemActor, ptrs); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.tenantA = tn.ID
			list, _, err := db.ListEmployers(ctx, tn.ID, store.EmployerFilter{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				f.binsA = append(f.binsA, e.BIN)
			}
			f.user(tn.ID, ownerA, domain.RoleOwner, nil)
			f.user(tn.ID, limitedA, domain.RoleViewer, []string{f.binsA[0]})
		} else {
			f.binB = recs[0].Employer.BIN
			f.user(tn.ID, ownerB, domain.RoleOwner, nil)
		}
	}
	engine := rules.New(nil, nil)
	f.cache = dashboard.New(db, engine, clock)
	// The clock stands still in 2025 but the cookie jar and the browser
	// expire cookies by the real time: sessions last long enough for both.
	ttl := time.Until(today) + 100*365*24*time.Hour
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	srv := api.New(api.Config{App: app.New(app.Config{DB: db, Engine: engine, Now: clock, Dashboard: f.cache, SessionTTL: ttl, Logger: log}), Logger: log})
	srv.Mount("/", web.New(web.Config{App: srv.App(), Logger: log}))
	f.srv = httptest.NewServer(srv)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) user(tenant int64, email string, role domain.Role, employers []string) {
	f.t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		f.t.Fatal(err)
	}
	u := &store.User{Email: email, PasswordHash: hash, Role: role, Employers: employers}
	if err := f.db.CreateUser(context.Background(), tenant, store.SystemActor, u); err != nil {
		f.t.Fatal(err)
	}
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so that tests see them.
type browser struct {
	f      *fixture
	c      *http.Client
	accept string // Accept-Language
}

func (f *fixture) browser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{f: f, c: c}
}

type response struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values, headers ...string) response {
	b.f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.f.srv.URL+path, body)
	if err != nil {
		b.f.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.accept != "" {
		req.Header.Set("Accept-Language", b.accept)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.f.t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(data)}
}

// send posts body of contentType (a multipart form) to path, in the
// browser's language.
func (b *browser) send(path, contentType string, body io.Reader) response {
	b.f.t.Helper()
	req, err := http.NewRequest("POST", b.f.srv.URL+path, body)
	if err != nil {
		b.f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if b.accept != "" {
		req.Header.Set("Accept-Language", b.accept)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(data)}
}

func (b *browser) get(path string) response { b.f.t.Helper(); return b.do("GET", path, nil) }

func (b *browser) post(path string, form url.Values) response {
	b.f.t.Helper()
	return b.do("POST", path, form)
}

// login logs in as email and checks that it goes on to next.
func (b *browser) login(email, next string) {
	b.f.t.Helper()
	r := b.post("/login", url.Values{"email": {email}, "password": {password}, "next": {next}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != next {
		b.f.t.Fatalf("login as %s: status %d, Location %q, want 303 to %s\n%s", email, r.status, r.header.Get("Location"), next, r.body)
	}
}

// page GETs path and wants 200.
func (b *browser) page(path string) string {
	b.f.t.Helper()
	r := b.get(path)
	if r.status != http.StatusOK {
		b.f.t.Fatalf("GET %s: status %d (Location %q)\n%s", path, r.status, r.header.Get("Location"), r.body)
	}
	return r.body
}

var (
	rowKeyRE = regexp.MustCompile(`data-key="([^"]*)"`)
	binRE    = regexp.MustCompile(`data-bin="([^"]*)"`)
	h1RE     = regexp.MustCompile(`(?s)<h1>(.*?)</h1>`)
)

// rowKeys returns the keys of the dashboard rows of a page, in order.
func rowKeys(body string) []string {
	var keys []string
	for _, m := range rowKeyRE.FindAllStringSubmatch(body, -1) {
		keys = append(keys, m[1])
	}
	return keys
}

func itemKey(it *dashboard.Item) string {
	return it.BIN + " " + it.Rule + " " + it.Subject + " " + it.Period + " " + it.Due.String()
}

func h1(body string) string {
	m := h1RE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1])
}
