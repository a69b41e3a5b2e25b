package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/mail"
	"github.com/ruqsat/ruqsat/internal/mail/mailtest"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// BenchmarkDigests1000 sends the morning digests of 1,000 users of one
// tenant (200 employers, 4,000 workers; a third of the users in each
// language, every tenth limited to 20 employers) through the SMTP test
// listener, a new day each iteration: the claims, the dashboard reads, the
// mails written and the SMTP exchange (a connection per mail). The goal of
// issue 12 is under 30 s. docs/BENCHMARKS.md has the figures.
func BenchmarkDigests1000(b *testing.B) {
	for _, engine := range testdb.Engines {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db, err := store.Open(ctx, testdb.URL(b, engine))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			tn, err := db.CreateTenant(ctx, store.SystemActor, "Bench")
			if err != nil {
				b.Fatal(err)
			}
			recs := synth.Generate(synth.Spec{Seed: 12, Employers: 200, Workers: 4000, Trips: 2000,
				From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
			ptrs := make([]*domain.Records, len(recs))
			for i := range recs {
				ptrs[i] = &recs[i]
			}
			if err := db.ReplaceEmployersRecords(ctx, tn.ID, store.SystemActor, ptrs); err != nil {
				b.Fatal(err)
			}
			langs := []string{"kk", "ru", "en"}
			for i := range 1000 {
				u := &store.User{Email: fmt.Sprintf("user%04d@bench.kz", i), Role: domain.RoleViewer}
				if i%10 == 0 {
					for j := range 20 {
						u.Employers = append(u.Employers, recs[(i+j)%len(recs)].Employer.BIN)
					}
				}
				if err := db.CreateUser(ctx, tn.ID, store.SystemActor, u); err != nil {
					b.Fatal(err)
				}
				if err := db.SetNotifications(ctx, tn.ID, u.ID, store.Notifications{Digest: true, Lang: langs[i%3]}); err != nil {
					b.Fatal(err)
				}
			}
			var mu sync.Mutex
			now := time.Date(2025, 6, 1, 8, 0, 0, 0, domain.Almaty())
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			a := app.New(app.Config{DB: db, Now: clock, Logger: slog.New(slog.DiscardHandler)})
			srv := mailtest.Start(b)
			cfg, _ := mail.ParseURL(srv.URL())
			from, _ := mail.ParseAddress("noreply@bench.kz")
			d := app.NewDigests(a, app.DigestConfig{Mailer: mail.NewSender(cfg), From: from, BaseURL: "https://ruqsat.example.kz"})
			if err := a.DashboardCache().Warm(ctx, tn.ID); err != nil { // as serve does at start
				b.Fatal(err)
			}
			sent, bytes := 0, 0
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				mu.Lock()
				now = now.AddDate(0, 0, 1)
				mu.Unlock()
				// The day's dashboard is computed after midnight by Cache.Run,
				// before 08:00: not the digests' cost.
				if err := a.DashboardCache().Warm(ctx, tn.ID); err != nil {
					b.Fatal(err)
				}
				before := len(srv.Messages())
				b.StartTimer()
				rep, err := d.Send(ctx, app.DigestRun{})
				if err != nil || rep.Failed != 0 || rep.Sent+rep.Empty != 1000 {
					b.Fatalf("%+v, %v", rep, err)
				}
				sent += rep.Sent
				for _, m := range srv.Messages()[before:] {
					bytes += len(m.Data)
				}
			}
			if sent == 0 {
				b.Fatal("no digest sent: the benchmark measures nothing")
			}
			b.ReportMetric(float64(sent)/float64(b.N), "mails/op")
			b.ReportMetric(float64(bytes)/float64(sent), "B/mail")
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(sent), "ms/mail")
		})
	}
}
