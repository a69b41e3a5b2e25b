package app_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

const planBIN = "940140000385"

var d = domain.MustDate

// addPlanEmployer stores in the fixture's tenant A an employer whose worker
// w1 holds a permit for Almaty city for 2026–2027 and has been to Astana for
// 80 days (1 Sep–19 Nov 2026: 30 + 31 + 19), notified on time; w2 has no
// trips.
func addPlanEmployer(t *testing.T, f *fixture) {
	t.Helper()
	worker := func(id string) domain.Worker {
		return domain.Worker{ID: id, Name: "Worker " + id, Citizenship: "GB", IIN: "850101300124", Basis: domain.BasisPermit,
			Category: domain.Category3, Start: d("2026-01-05"), Contract: &domain.Contract{Signed: d("2026-01-05"), Registered: d("2026-01-05")},
			Permits: []domain.Permit{{Number: "P1", Regions: []domain.Region{"KZ-75"}, From: d("2026-01-05"), To: d("2027-12-31")}}}
	}
	w1 := worker("w1")
	w1.Trips = []domain.Trip{{Region: "KZ-71", From: d("2026-09-01"), To: d("2026-11-19"), Notified: d("2026-09-02")}}
	rec := &domain.Records{Employer: domain.Employer{BIN: planBIN, Name: "Steppe Drilling LLP", Size: domain.SizeSmall},
		Workers: []domain.Worker{w1, worker("w2")}}
	if err := f.db.ReplaceEmployerRecords(context.Background(), f.owner.TenantID, store.SystemActor, rec); err != nil {
		t.Fatal(err)
	}
}

func problemAt(t *testing.T, err error) []string {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != domain.EINVALID || e.Problems == nil {
		t.Fatalf("error %v: want EINVALID with problems", err)
	}
	var at []string
	for _, p := range e.Problems.List {
		at = append(at, p.Path.String())
		if p.Other != nil {
			at = append(at, "other "+p.Other.String())
		}
	}
	return at
}

func TestWhatIfApp(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		addPlanEmployer(t, f)
		ctx := context.Background()
		a := f.a
		asOf := d("2026-12-01")

		t.Run("who may ask", func(t *testing.T) {
			if _, err := a.WhatIf(ctx, f.viewer, planBIN, asOf, i18n.EN, nil); err != nil {
				t.Errorf("viewer: %v", err)
			}
			_, err := a.WhatIf(ctx, f.limit, planBIN, asOf, i18n.EN, nil)
			wantCode(t, "limited to another employer", err, domain.ENOTFOUND)
			_, err = a.WhatIf(ctx, f.other, planBIN, asOf, i18n.EN, nil)
			wantCode(t, "another tenant", err, domain.ENOTFOUND)
			_, err = a.WhatIf(ctx, nil, planBIN, asOf, i18n.EN, nil)
			wantCode(t, "nobody", err, domain.EFORBIDDEN)
			_, err = a.WhatIf(ctx, f.owner, planBIN, d("2101-01-01"), i18n.EN, nil)
			wantCode(t, "as of 2101", err, domain.EINVALID)
		})

		t.Run("problems are placed in the additions", func(t *testing.T) {
			add := &domain.Records{
				Workers: []domain.Worker{
					{ID: "w1", Trips: []domain.Trip{
						{Region: "KZ-71", From: d("2026-09-01"), To: d("2026-11-19"), Notified: d("1980-01-01")}, // a recorded trip: notified already
						{Region: "KZ-23", From: d("2026-12-10"), To: d("2026-12-20")},
						{Region: "KZ-23", From: d("2026-12-22"), To: d("2026-12-21")}, // ends before it starts
					}},
					{ID: "w7", Basis: domain.BasisEAEU, Citizenship: "KG", Start: d("2026-02-01")},
					{ID: "w7", Basis: domain.BasisEAEU, Citizenship: "KG", Start: d("2026-02-01")}, // twice
					{ID: "w2", Trips: []domain.Trip{{Region: "KZ-99", From: d("2026-12-01"), To: d("2026-12-02")}}},
				},
				Reports: []domain.Report{{Month: domain.NewYearMonth(2026, 11)}}, // not submitted
			}
			_, err := a.WhatIf(ctx, f.owner, planBIN, asOf, i18n.EN, add)
			at := problemAt(t, err)
			for _, want := range []string{
				// the recorded trip has its notice: this one is added, and its date is out of range
				"workers[0].trips[0].notified",
				"workers[0].trips[2].to",
				"workers[2].id", "other workers[1].id",
				"workers[3].trips[0].region",
				"reports[0].submitted",
			} {
				if !slices.Contains(at, want) {
					t.Errorf("no problem at %s; problems at %v", want, at)
				}
			}
		})

		t.Run("a recorded value is not changed, a missing one is filled in", func(t *testing.T) {
			_, err := a.WhatIf(ctx, f.owner, planBIN, asOf, i18n.EN, &domain.Records{Workers: []domain.Worker{{ID: "w1", Start: d("2026-01-06")}}})
			var e *domain.Error
			if !errors.As(err, &e) || e.Code != domain.EINVALID || e.Key != "error.whatif_worker_field" {
				t.Fatalf("another start: %v", err)
			}
			if got := i18n.For(i18n.RU).Error(err); got != "у работника w1 уже записано другое значение поля start; предварительная проверка дополняет списки работника и незаполненные поля, но не изменяет записанное" {
				t.Errorf("ru: %q", got)
			}
			// w2 leaves on 30 November: no longer engaged on the as-of date.
			res, err := a.WhatIf(ctx, f.owner, planBIN, asOf, i18n.EN, &domain.Records{Workers: []domain.Worker{{ID: "w2", Start: d("2026-01-05"), End: d("2026-11-30")}}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.New)+len(res.Changed)+len(res.Gone) == 0 {
				t.Error("an end date filled in changed nothing")
			}
			_, err = a.WhatIf(ctx, f.owner, planBIN, asOf, i18n.EN, &domain.Records{Employer: domain.Employer{Name: "Renamed"}})
			wantCode(t, "the employer's name", err, domain.EINVALID)
		})

		t.Run("staff counts replace the recorded ones", func(t *testing.T) {
			n := 2
			res, err := a.WhatIf(ctx, f.owner, planBIN, asOf, i18n.EN, &domain.Records{Employer: domain.Employer{BIN: planBIN, StaffKZ: &[5]int{0, 0, 0, 0, 1}, TotalEmployees: &n}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.New)+len(res.Changed) == 0 {
				t.Errorf("staff counts that put local content far below the ratio changed nothing: %+v", res)
			}
		})

		t.Run("nothing is stored", func(t *testing.T) {
			_, v0, err := a.Records(ctx, f.owner, planBIN)
			if err != nil {
				t.Fatal(err)
			}
			res, err := a.WhatIf(ctx, f.owner, planBIN, asOf, i18n.EN, &domain.Records{Workers: []domain.Worker{{ID: "w1", Trips: []domain.Trip{{Region: "KZ-23", From: d("2026-12-10"), To: d("2026-12-31")}}}}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Version != v0 {
				t.Errorf("version %d, stored %d", res.Version, v0)
			}
			rec, v1, err := a.Records(ctx, f.owner, planBIN)
			if err != nil || v1 != v0 || len(rec.Workers[0].Trips) != 1 {
				t.Errorf("after: version %d (was %d), %d trips of w1, %v", v1, v0, len(rec.Workers[0].Trips), err)
			}
		})
	})
}

func TestPlanTrip(t *testing.T) {
	f := newFixture(t, testdb.SQLite(t))
	addPlanEmployer(t, f)
	ctx := context.Background()
	a := f.a

	// Fri 11 Dec 2026 to Fri 8 Jan 2027, to Atyrau: 21 days in 2026 on top
	// of 80 (the 91st counted day is 21 Dec), 8 in 2027. The notice is due 3
	// working days after 11 Dec: Mon 14, Tue 15, (Wed 16 is Independence
	// Day) Thu 17.
	trip := domain.Trip{Region: "KZ-23", From: d("2026-12-11"), To: d("2027-01-08")}
	plan, err := a.PlanTrip(ctx, f.viewer, planBIN, "w1", trip, d("2026-12-01"), i18n.KK)
	if err != nil {
		t.Fatal(err)
	}
	if plan.NoticeDue != d("2026-12-17") || plan.NoticeDays != 3 {
		t.Errorf("notice due %s in %d working days; want 2026-12-17 in 3", plan.NoticeDue, plan.NoticeDays)
	}
	if len(plan.Years) != 2 {
		t.Fatalf("%d years, want 2026 and 2027", len(plan.Years))
	}
	type year struct {
		year, before, after, days, added int
		exceeds                          domain.Date
	}
	for i, want := range []year{{2026, 80, 101, 21, 21, d("2026-12-21")}, {2027, 0, 8, 8, 8, 0}} {
		y := plan.Years[i]
		got := year{y.Year, y.Before.Used, y.After.Used, y.Days, y.Added, y.After.ExceedsOn}
		if got != want || y.After.Limit != 90 {
			t.Errorf("year %d: %+v, limit %d; want %+v, 90", i, got, y.After.Limit, want)
		}
	}
	for _, k := range []app.FindingKey{
		{Rule: domain.RuleTripNotice, Subject: "w1", Period: "2026-12-11"},
		{Rule: domain.RuleTripLimit, Subject: "w1", Period: "2027"},
	} {
		if !slices.Contains(plan.WhatIf.New, k) {
			t.Errorf("%v is not new: %v", k, plan.WhatIf.New)
		}
	}
	if k := (app.FindingKey{Rule: domain.RuleTripLimit, Subject: "w1", Period: "2026"}); !slices.Contains(plan.WhatIf.Changed, k) {
		t.Errorf("%v has not changed: %v", k, plan.WhatIf.Changed)
	}
	for _, x := range plan.WhatIf.Evaluation.Findings {
		if x.Rule == domain.RuleTripLimit && x.Period == "2026" && (x.Severity != domain.SeverityWarning || x.Message == "" || x.Facts.Get("exceeds_on") != "2026-12-21") {
			t.Errorf("trip.limit 2026 with the plan: %+v", x)
		}
	}

	_, err = a.PlanTrip(ctx, f.viewer, planBIN, "w5", trip, d("2026-12-01"), i18n.EN)
	wantCode(t, "an unknown worker", err, domain.ENOTFOUND)
	bad := domain.Trip{Region: "KZ-23", From: d("2026-12-11"), To: d("2026-12-01")}
	_, err = a.PlanTrip(ctx, f.viewer, planBIN, "w1", bad, d("2026-12-01"), i18n.EN)
	if at := problemAt(t, err); !slices.Equal(at, []string{"workers[0].trips[0].to"}) {
		t.Errorf("problems at %v; want the trip's to", at)
	}
	_, err = a.PlanTrip(ctx, f.limit, planBIN, "w1", trip, d("2026-12-01"), i18n.EN)
	wantCode(t, "limited to another employer", err, domain.ENOTFOUND)
}

func TestTripTimelineApp(t *testing.T) {
	f := newFixture(t, testdb.SQLite(t))
	addPlanEmployer(t, f)
	ctx := context.Background()
	a := f.a
	tl, err := a.TripTimeline(ctx, f.viewer, planBIN, "w1", 2026)
	if err != nil {
		t.Fatal(err)
	}
	// 1 Sep + 3 working days: Wed 2, Thu 3, Fri 4 Sep.
	if tl.Used != 80 || len(tl.Trips) != 1 || tl.Trips[0].Days != 80 || tl.Trips[0].NoticeDue != d("2026-09-04") || len(tl.NonWorking) == 0 {
		t.Errorf("%+v", tl)
	}
	_, err = a.TripTimeline(ctx, f.viewer, planBIN, "w5", 2026)
	wantCode(t, "an unknown worker", err, domain.ENOTFOUND)
	_, err = a.TripTimeline(ctx, f.viewer, planBIN, "w1", 2101)
	wantCode(t, "year 2101", err, domain.EINVALID)
	_, err = a.TripTimeline(ctx, f.limit, planBIN, "w1", 2026)
	wantCode(t, "limited to another employer", err, domain.ENOTFOUND)
}
