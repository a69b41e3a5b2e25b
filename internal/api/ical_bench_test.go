package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// BenchmarkPersonalFeed is the feed of the issue: a consultant who sees a
// tenant of 5,000 employers (20,000 workers, 10,000 trips, synth seed 42,
// SQLite) asks for their personal feed with the dashboard cache warm (one
// request before the timer, as the server warms it at start); "full" is a
// whole answer, "changed" one after a change of one employer, "304" a poll
// with the ETag the client holds. Through the
// server's handler, without a network. The setup stores the tenant first
// (about a minute):
//
//	go test ./internal/api -run NONE -bench PersonalFeed -benchtime 20x
func BenchmarkPersonalFeed(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.SQLite(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	tn, err := db.CreateTenant(ctx, store.SystemActor, "feed")
	if err != nil {
		b.Fatal(err)
	}
	recs := synth.Generate(synth.Spec{Seed: 42, Employers: 5050, Workers: 20_200, Trips: 10_000,
		From: domain.MustDate("2025-07-01"), To: domain.MustDate("2026-06-30")})
	var ptrs []*domain.Records
	seen := map[string]bool{}
	for i := range recs {
		if !seen[recs[i].Employer.BIN] && len(ptrs) < 5000 {
			seen[recs[i].Employer.BIN] = true
			ptrs = append(ptrs, &recs[i])
		}
	}
	for i := 0; i < len(ptrs); i += 500 {
		if err := db.ReplaceEmployersRecords(ctx, tn.ID, store.SystemActor, ptrs[i:min(i+500, len(ptrs))]); err != nil {
			b.Fatal(err)
		}
	}
	u := &store.User{Email: "consultant@example.com", Role: domain.RoleViewer}
	if err := db.CreateUser(ctx, tn.ID, store.SystemActor, u); err != nil {
		b.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 6, 15, 6, 0, 0, 0, time.UTC) }
	a := app.New(app.Config{DB: db, Now: now})
	secret, err := a.CreateCalendarFeed(ctx, u, i18n.RU)
	if err != nil {
		b.Fatal(err)
	}
	h := api.New(api.Config{App: a, BaseURL: "https://ruqsat.example.kz"})
	get := func(etag string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/ical/"+secret+".ics", nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	warm := get("") // warms the dashboard cache
	if warm.Code != http.StatusOK {
		b.Fatalf("%d %s", warm.Code, warm.Body)
	}
	etag := warm.Header().Get("ETag")
	events := strings.Count(warm.Body.String(), "BEGIN:VEVENT")
	b.Logf("%d employers, %d events, %d bytes", len(ptrs), events, warm.Body.Len())
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			if w := get(""); w.Code != http.StatusOK {
				b.Fatal(w.Code)
			}
		}
		b.ReportMetric(float64(events), "events")
		b.ReportMetric(float64(warm.Body.Len()), "bytes")
	})
	// After a change of one employer: the dashboard cache evaluates it
	// again and its events are serialized again, the others' come from the
	// events' cache. The change itself is not timed.
	b.Run("changed", func(b *testing.B) {
		rec, _, err := db.EmployerRecords(ctx, tn.ID, ptrs[0].Employer.BIN)
		if err != nil {
			b.Fatal(err)
		}
		name := rec.Employer.Name
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			rec.Employer.Name = name + " " + strconv.Itoa(i)
			if err := db.ReplaceEmployerRecords(ctx, tn.ID, store.SystemActor, rec); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if w := get(etag); w.Code != http.StatusOK {
				b.Fatal(w.Code)
			}
		}
	})
	b.Run("304", func(b *testing.B) {
		etag := get("").Header().Get("ETag") // the records changed above
		for b.Loop() {
			if w := get(etag); w.Code != http.StatusNotModified {
				b.Fatal(w.Code)
			}
		}
	})
}
