package cluster_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/demo"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/mail"
	"github.com/ruqsat/ruqsat/internal/mail/mailtest"
	"github.com/ruqsat/ruqsat/internal/session"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

const password = "correct horse battery staple"

// server is one `ruqsat serve` as cmd/ruqsat wires it: its own connection
// pool, App (dashboard cache, login limiter) and HTTP server.
type server struct {
	db      *store.DB
	app     *app.App
	digests *app.Digests
	http    *httptest.Server
}

// clock is the servers' shared, movable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration)     { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func (c *clock) set(t time.Time)         { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (s *server) url(path string) string { return s.http.URL + path }

type answer struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, method, url, cookie string, body any, hdr ...string) answer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

// TestTwoServersOnePostgres: see the package comment.
func TestTwoServersOnePostgres(t *testing.T) {
	url := testdb.Postgres(t)
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 11, 25, 8, 0, 0, 0, domain.Almaty())}

	// Both start on an empty database at once: goose's advisory lock
	// makes one wait while the other migrates, so that neither fails on
	// a table the other just created.
	dbs := make([]*store.DB, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range dbs {
		wg.Go(func() { dbs[i], errs[i] = store.Open(ctx, url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("server %d: migrating at the same time as the other: %v", i, err)
		}
		t.Cleanup(func() { dbs[i].Close() })
		cur, latest, err := dbs[i].SchemaVersion(ctx)
		if err != nil || cur != latest {
			t.Fatalf("server %d: schema version %d of %d, %v", i, cur, latest, err)
		}
	}

	// One tenant, the demo's employers, an owner and a viewer.
	db := dbs[0]
	tn, err := db.CreateTenant(ctx, store.SystemActor, "Cluster")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := demo.Records(domain.Today(clk.now()))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceEmployersRecords(ctx, tn.ID, store.SystemActor, recs); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*store.User{{Email: "owner@cluster.kz", Role: domain.RoleOwner}, {Email: "viewer@cluster.kz", Role: domain.RoleViewer}} {
		u.PasswordHash = hash
		if err := db.CreateUser(ctx, tn.ID, store.SystemActor, u); err != nil {
			t.Fatal(err)
		}
	}

	smtp := mailtest.Start(t)
	cfg, err := mail.ParseURL(smtp.URL())
	if err != nil {
		t.Fatal(err)
	}
	from, _ := mail.ParseAddress("noreply@cluster.kz")
	servers := make([]*server, 2)
	for i := range servers {
		s := &server{db: dbs[i]}
		dbs[i].Now = clk.now
		s.app = app.New(app.Config{DB: dbs[i], Now: clk.now, Limiter: auth.NewLimiter(auth.LimiterConfig{Now: clk.now})})
		s.digests = app.NewDigests(s.app, app.DigestConfig{Mailer: mail.NewSender(cfg), From: from})
		s.http = httptest.NewServer(api.New(api.Config{App: s.app}))
		t.Cleanup(s.http.Close)
		// Each server warms its own dashboard cache, as serve does.
		if err := s.app.DashboardCache().Warm(ctx, tn.ID); err != nil {
			t.Fatal(err)
		}
		servers[i] = s
	}
	a, b := servers[0], servers[1]

	// A session made on one server is valid on the other.
	login := func(s *server, email, pw string) answer {
		return do(t, "POST", s.url("/api/v1/session"), "", map[string]string{"email": email, "password": pw})
	}
	r := login(a, "owner@cluster.kz", password)
	if r.status != 200 {
		t.Fatalf("login on A: %d %s", r.status, r.body)
	}
	var cookie string
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == session.CookieName {
			cookie = c.Name + "=" + c.Value
		}
	}
	if r := do(t, "GET", b.url("/api/v1/me"), cookie, nil); r.status != 200 || !strings.Contains(string(r.body), "owner@cluster.kz") {
		t.Fatalf("A's session on B: %d %s", r.status, r.body)
	}

	// A change through A shows at once on B's dashboard and findings.
	type dash struct {
		Total    int `json:"total"`
		Findings []struct {
			BIN      string `json:"bin"`
			Employer string `json:"employer"`
		} `json:"findings"`
	}
	dashboardOf := func(s *server) dash {
		t.Helper()
		r := do(t, "GET", s.url("/api/v1/dashboard?days=366&overdue=true&limit=1000"), cookie, nil)
		var d dash
		if r.status != 200 || json.Unmarshal(r.body, &d) != nil {
			t.Fatalf("dashboard: %d %s", r.status, r.body)
		}
		return d
	}
	before := dashboardOf(b)
	if before.Total == 0 {
		t.Fatal("the demo's dashboard is empty; the test tests nothing")
	}
	bin := before.Findings[0].BIN
	got := do(t, "GET", a.url("/api/v1/employers/"+bin), cookie, nil)
	if got.status != 200 {
		t.Fatalf("employer on A: %d", got.status)
	}
	if r := do(t, "PATCH", a.url("/api/v1/employers/"+bin), cookie, map[string]string{"name": "Renamed Through A LLP"},
		"If-Match", got.header.Get("ETag")); r.status != 200 {
		t.Fatalf("rename on A: %d %s", r.status, r.body)
	}
	after := dashboardOf(b)
	renamed := 0
	for _, f := range after.Findings {
		if f.BIN == bin && f.Employer == "Renamed Through A LLP" {
			renamed++
		} else if f.BIN == bin {
			t.Errorf("B's dashboard still names %s %q", bin, f.Employer)
		}
	}
	if renamed == 0 {
		t.Errorf("B's dashboard does not show A's change")
	}
	// Deleted through A: gone from B's dashboard and findings.
	got = do(t, "GET", a.url("/api/v1/employers/"+bin), cookie, nil)
	if r := do(t, "DELETE", a.url("/api/v1/employers/"+bin), cookie, nil, "If-Match", got.header.Get("ETag")); r.status != 204 {
		t.Fatalf("delete on A: %d %s", r.status, r.body)
	}
	for _, f := range dashboardOf(b).Findings {
		if f.BIN == bin {
			t.Fatalf("B's dashboard still holds the employer A deleted")
		}
	}
	if r := do(t, "GET", b.url("/api/v1/employers/"+bin+"/findings"), cookie, nil); r.status != 404 {
		t.Errorf("B's findings of the employer A deleted: %d", r.status)
	}

	// The failed-login limit is each server's (docs/OPERATIONS.md says
	// why that is acceptable): after 5 failures A refuses even the right
	// password; B takes its own 5 and then refuses too. Two servers give
	// an attacker at most 2 × 5 guesses in the window, never more.
	guesses := 0
	for i := range 30 {
		s := servers[i%2]
		clk.add(20 * time.Second) // past each back-off (1, 2, 4, 8 s), well within the 15-minute window
		switch r := login(s, "viewer@cluster.kz", "wrong guess"); r.status {
		case 401:
			guesses++
		case 429:
		default:
			t.Fatalf("guess %d: %d %s", i, r.status, r.body)
		}
	}
	if guesses != 10 {
		t.Errorf("%d guesses checked on two servers, want 2 × 5", guesses)
	}
	for i, s := range servers {
		if r := login(s, "viewer@cluster.kz", password); r.status != 429 {
			t.Errorf("server %d after its 5 failures: the right password answered %d, want 429", i, r.status)
		}
	}

	// The digests of a day go out once per user, both servers sending at
	// once (at 08:00 both schedulers fire).
	clk.set(time.Date(2026, 11, 26, 8, 0, 0, 0, domain.Almaty()))
	reps := make([]app.DigestReport, 2)
	for i, s := range servers {
		wg.Go(func() {
			var err error
			if reps[i], err = s.digests.Send(ctx, app.DigestRun{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	msgs := smtp.Messages()
	to := map[string]int{}
	for _, m := range msgs {
		to[strings.Join(m.To, ",")]++
	}
	if len(msgs) != 2 || to["owner@cluster.kz"] != 1 || to["viewer@cluster.kz"] != 1 {
		t.Errorf("digests of two servers: %v (reports %+v)", to, reps)
	}
	if reps[0].Sent+reps[1].Sent != 2 || reps[0].Before+reps[1].Before != 2 {
		t.Errorf("reports %+v: want 2 sent and 2 found claimed in all", reps)
	}
	// Restarted, both send again that day: nothing.
	for _, s := range servers {
		if rep, _ := s.digests.Send(ctx, app.DigestRun{}); rep.Sent != 0 {
			t.Errorf("a second run of the day sent %d", rep.Sent)
		}
	}
	if len(smtp.Messages()) != 2 {
		t.Errorf("%d messages after the second runs", len(smtp.Messages()))
	}
}
