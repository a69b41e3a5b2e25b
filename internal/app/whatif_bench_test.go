package app_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// benchEmployer stores one employer of 1,000 workers and 5,000 trips in
// 2026 on SQLite and returns the app, an owner and the employer's records.
func benchEmployer(b *testing.B) (*app.App, *app.User, *domain.Records) {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.SQLite(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	tn, err := db.CreateTenant(ctx, store.SystemActor, "bench")
	if err != nil {
		b.Fatal(err)
	}
	rec := synth.Generate(synth.Spec{Seed: 7, Employers: 1, Workers: 1000, Trips: 5000, From: d("2026-01-01"), To: d("2026-12-31")})[0]
	if err := db.ReplaceEmployerRecords(ctx, tn.ID, store.SystemActor, &rec); err != nil {
		b.Fatal(err)
	}
	return app.New(app.Config{DB: db}), app.Operator(tn.ID, "bench"), &rec
}

// cpuTime is the processor time the process has used (user and system),
// which other work on a shared machine disturbs less than elapsed time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs op b.N times and reports its processor milliseconds per run
// besides the elapsed time.
func loop(b *testing.B, op func() error) {
	b.ReportAllocs()
	c := cpuTime()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-c).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkWhatIf1000: a what-if of one planned trip for an employer of
// 1,000 workers: loading the records, the merge, the validator, two
// evaluations and the comparison, and the evaluation's words in Russian.
func BenchmarkWhatIf1000(b *testing.B) {
	a, u, rec := benchEmployer(b)
	ctx := context.Background()
	add := &domain.Records{Workers: []domain.Worker{{ID: rec.Workers[0].ID,
		Trips: []domain.Trip{{Region: "KZ-23", From: d("2026-12-10"), To: d("2026-12-20")}}}}}
	loop(b, func() error {
		_, err := a.WhatIf(ctx, u, rec.Employer.BIN, d("2026-12-01"), i18n.RU, add)
		return err
	})
}

// BenchmarkPlanTrip1000: the plan check of a form (the what-if above and
// the worker's timelines of the year without and with the trip).
func BenchmarkPlanTrip1000(b *testing.B) {
	a, u, rec := benchEmployer(b)
	ctx := context.Background()
	trip := domain.Trip{Region: "KZ-23", From: d("2026-12-10"), To: d("2026-12-20")}
	loop(b, func() error {
		_, err := a.PlanTrip(ctx, u, rec.Employer.BIN, rec.Workers[0].ID, trip, d("2026-12-01"), i18n.RU)
		return err
	})
}

// BenchmarkEvaluate1000 is the findings route's work on the same employer,
// to compare the what-if with.
func BenchmarkEvaluate1000(b *testing.B) {
	a, u, rec := benchEmployer(b)
	ctx := context.Background()
	loop(b, func() error {
		_, err := a.Evaluate(ctx, u, rec.Employer.BIN, d("2026-12-01"), i18n.RU)
		return err
	})
}
