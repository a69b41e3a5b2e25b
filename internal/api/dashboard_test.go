package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
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
)

type dashboardDoc struct {
	AsOf     string `json:"as_of"`
	Total    int    `json:"total"`
	Findings []struct {
		BIN, Employer, Rule, Subject, Period, Severity, Status, Due, Message string
		Overdue                                                              bool
	} `json:"findings"`
}

// wantDashboard evaluates the tenant's employers directly and returns the
// keys of the findings the dashboard should show, in order.
func wantDashboard(t *testing.T, f *fixture, tenant int64, asOf domain.Date, days int, overdue bool) []string {
	t.Helper()
	recs, _, err := f.db.TenantRecords(context.Background(), tenant)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		due domain.Date
		s   string
	}
	var keys []key
	eng := rules.New(nil, nil)
	for _, rec := range recs {
		res := eng.Evaluate(rec, asOf)
		res.Render(i18n.For(i18n.EN))
		for _, it := range dashboard.Items(&rec.Employer, res) {
			if it.Due > asOf.AddDays(days) || (!overdue && it.Due < asOf) {
				continue
			}
			keys = append(keys, key{it.Due, fmt.Sprint(it.Due, it.BIN, it.Employer, it.Rule, it.Subject, it.Period, it.Message, it.Due < asOf)})
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return keys[i].s < keys[j].s })
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.s
	}
	return out
}

func gotDashboard(t *testing.T, f *fixture, path, token string) (dashboardDoc, []string) {
	t.Helper()
	r := f.do("GET", path, token, nil)
	if r.status != 200 {
		t.Fatalf("GET %s: status %d: %s", path, r.status, r.body)
	}
	var doc dashboardDoc
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	var keys []string
	prev := ""
	for _, it := range doc.Findings {
		if it.Due < prev {
			t.Fatalf("not sorted by due date: %s after %s", it.Due, prev)
		}
		prev = it.Due
		keys = append(keys, fmt.Sprint(domain.MustDate(it.Due), it.BIN, it.Employer, it.Rule, it.Subject, it.Period, it.Message, it.Overdue))
	}
	sort.Strings(keys)
	return doc, keys
}

func equalKeys(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d findings, want %d\n got %q\nwant %q", what, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: finding %d is %q, want %q", what, i, got[i], want[i])
		}
	}
}

func TestDashboard(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		var mu sync.Mutex
		now := time.Date(2025, 6, 10, 12, 0, 0, 0, domain.Almaty())
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		srv := httptest.NewServer(api.New(api.Config{App: app.New(app.Config{DB: f.db, Now: clock})}))
		defer srv.Close()
		f.srv = srv

		check := func(what string, days int, overdue bool) dashboardDoc {
			t.Helper()
			asOf := domain.Today(clock())
			path := fmt.Sprintf("/api/v1/dashboard?days=%d&limit=1000&overdue=%v", days, overdue)
			doc, got := gotDashboard(t, f, path, f.viewA)
			if doc.AsOf != asOf.String() {
				t.Fatalf("%s: as_of %s, want %s", what, doc.AsOf, asOf)
			}
			equalKeys(t, what, got, wantDashboard(t, f, 1, asOf, days, overdue))
			if doc.Total != len(doc.Findings) {
				t.Fatalf("%s: total %d, %d findings", what, doc.Total, len(doc.Findings))
			}
			return doc
		}
		doc := check("30 days", 30, false)
		if len(doc.Findings) == 0 {
			t.Fatal("no findings due in 30 days; the fixture should have some")
		}
		check("90 days with overdue", 90, true)

		// In Kazakh: the same findings, each message in Kazakh.
		kk, _ := gotDashboard(t, f, "/api/v1/dashboard?days=30&limit=1000&lang=kk", f.viewA)
		if len(kk.Findings) != len(doc.Findings) {
			t.Fatalf("kk: %d findings, en %d", len(kk.Findings), len(doc.Findings))
		}
		for i := range kk.Findings {
			if kk.Findings[i].Message == doc.Findings[i].Message || !strings.ContainsAny(kk.Findings[i].Message, "әғқңөұүһі") {
				t.Errorf("kk: finding %d's message %q is not Kazakh", i, kk.Findings[i].Message)
			}
		}

		// Pagination.
		all, _ := gotDashboard(t, f, "/api/v1/dashboard?days=90&overdue=true&limit=1000", f.viewA)
		page, _ := gotDashboard(t, f, "/api/v1/dashboard?days=90&overdue=true&limit=2&offset=1", f.viewA)
		if page.Total != all.Total || len(page.Findings) != min(2, max(all.Total-1, 0)) {
			t.Fatalf("page: total %d of %d, %d findings", page.Total, all.Total, len(page.Findings))
		}
		if len(page.Findings) > 0 && page.Findings[0] != all.Findings[1] {
			t.Fatalf("page starts with %+v, want %+v", page.Findings[0], all.Findings[1])
		}
		// Filters.
		if len(all.Findings) > 0 {
			rule := all.Findings[0].Rule
			byRule, _ := gotDashboard(t, f, "/api/v1/dashboard?days=90&overdue=true&limit=1000&rule="+rule, f.viewA)
			n := 0
			for _, it := range all.Findings {
				if it.Rule == rule {
					n++
				}
			}
			if byRule.Total != n {
				t.Fatalf("rule %s: %d findings, want %d", rule, byRule.Total, n)
			}
		}
		if r := f.do("GET", "/api/v1/dashboard?severity=bad", f.viewA, nil); r.status != 400 && r.status != 422 {
			t.Fatalf("bad severity: status %d", r.status)
		}

		// A change of the employer (PUT bumps its version) shows at once.
		path := "/api/v1/employers/" + f.binA
		r := f.do("GET", path, f.tokenA, nil)
		var rec map[string]any
		if err := json.Unmarshal(r.body, &rec); err != nil {
			t.Fatal(err)
		}
		delete(rec, "$schema")
		rec["employer"].(map[string]any)["name"] = "Renamed Dashboard LLP"
		rec["workers"] = []any{}
		body, _ := json.Marshal(rec)
		if r := f.do("PUT", path, f.tokenA, body, "If-Match", r.header.Get("ETag")); r.status != 200 {
			t.Fatalf("put: status %d: %s", r.status, r.body)
		}
		doc = check("after PUT", 90, true)
		for _, it := range doc.Findings {
			if it.Employer != "Renamed Dashboard LLP" {
				t.Fatalf("stale item after PUT: %+v", it)
			}
		}

		// A new day re-evaluates.
		mu.Lock()
		now = now.Add(45 * 24 * time.Hour)
		mu.Unlock()
		check("45 days later", 30, true)

		// Another tenant sees none of A's; a user limited to no employer sees nothing.
		if _, got := gotDashboard(t, f, "/api/v1/dashboard?days=366&overdue=true&limit=1000", f.tokenB); len(got) > 0 {
			for _, k := range got {
				if strings.Contains(k, f.binA) {
					t.Fatalf("tenant B sees A's finding %q", k)
				}
			}
		}
	})
}

// TestDashboardLimitedUser: a user limited to some employers sees on the
// dashboard only findings of those employers, and one limited to none sees
// nothing.
func TestDashboardLimitedUser(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		other := synth.Generate(synth.Spec{Seed: 7, Employers: 1, Workers: 6, Trips: 4,
			From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})[0]
		if err := f.db.ReplaceEmployerRecords(ctx, 1, store.SystemActor, &other); err != nil {
			t.Fatal(err)
		}
		hash, _ := auth.HashPassword(password)
		limited := func(email string, bins []string) string {
			u := &store.User{Email: email, PasswordHash: hash, Role: domain.RoleViewer, Employers: bins}
			if err := f.db.CreateUser(ctx, 1, store.SystemActor, u); err != nil {
				t.Fatal(err)
			}
			tok, h, _ := auth.NewToken(auth.APITokenPrefix)
			if _, err := f.db.CreateToken(ctx, 1, store.SystemActor, u.ID, "t", h); err != nil {
				t.Fatal(err)
			}
			return tok
		}
		const path = "/api/v1/dashboard?days=366&overdue=true&limit=1000"
		all, _ := gotDashboard(t, f, path, f.tokenA)
		seen := map[string]bool{}
		for _, it := range all.Findings {
			seen[it.BIN] = true
		}
		if !seen[f.binA] || !seen[other.Employer.BIN] {
			t.Fatalf("the owner should see both employers' findings; saw %v", seen)
		}
		one, _ := gotDashboard(t, f, path, limited("one@example.com", []string{f.binA}))
		if len(one.Findings) == 0 {
			t.Fatal("a user limited to one employer sees nothing")
		}
		for _, it := range one.Findings {
			if it.BIN != f.binA {
				t.Fatalf("a user limited to %s sees a finding of %s", f.binA, it.BIN)
			}
		}
		none, _ := gotDashboard(t, f, path, limited("none@example.com", []string{}))
		if len(none.Findings) != 0 || none.Total != 0 {
			t.Fatalf("a user limited to no employer sees %d findings", len(none.Findings))
		}
	})
}
