package rules

import (
	"reflect"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// timelineWorker holds a permit for Almaty city for 2025–2026 and one for
// Astana from 1 March 2026; the expectations below are counted by hand on
// the 2025 and 2026 calendars.
func timelineWorker() domain.Worker {
	w := permitWorker("w1", "2025-01-01", almatyPermit("2025-01-01", "2026-12-31"),
		domain.Permit{Number: "P2", Regions: []domain.Region{"KZ-71"}, From: d("2026-03-01"), To: d("2026-12-31")})
	w.Trips = []domain.Trip{
		// Across New Year to Astana, before its permit: 12 days in 2025
		// (20–31 Dec), 10 in 2026 (1–10 Jan). Notice: Sat 20 Dec + 3
		// working days = Wed 24 Dec.
		{Region: "KZ-71", From: d("2025-12-20"), To: d("2026-01-10"), Notified: d("2025-12-22")},
		// Astana again, its permit valid from 1 March: 20–28 Feb count (9),
		// 1–10 Mar do not.
		{Region: "KZ-71", From: d("2026-02-20"), To: d("2026-03-10")},
		// Almaty city, its permit valid throughout: nothing counts. Notice:
		// Mon 25 May + 3 working days, Kurban Ait on Wed 27 May = Fri 29 May.
		{Region: "KZ-75", From: d("2026-05-25"), To: d("2026-06-05")},
		// Atyrau, no permit: 20 Mar–31 May, 12 + 30 + 31 = 73 days. Notice:
		// Fri 20 Mar + 3 working days over Nauryz (23 Mar holiday, 24–25
		// moved days off) = Mon 30 Mar.
		{Region: "KZ-23", From: d("2026-03-20"), To: d("2026-05-31")},
		// Atyrau again, 30 May–2 Jun: 4 days, of which 30–31 May are counted
		// already: 2 new. Notice: Sat 30 May + 3 working days = Wed 3 Jun.
		{Region: "KZ-23", From: d("2026-05-30"), To: d("2026-06-02")},
	}
	return w
}

func TestTripTimelineCountsAsTheRule(t *testing.T) {
	w := timelineWorker()
	e := New(nil, nil)
	tl := e.TripTimeline(&w, 2026)

	type row struct {
		index              int
		counted            []DayRange
		days, newDays, sum int
		exceeds            bool
		noticeDue          domain.Date
	}
	want := []row{
		{0, []DayRange{{d("2026-01-01"), d("2026-01-10")}}, 10, 10, 10, false, d("2025-12-24")},
		{1, []DayRange{{d("2026-02-20"), d("2026-02-28")}}, 9, 9, 19, false, d("2026-02-25")},
		{3, []DayRange{{d("2026-03-20"), d("2026-05-31")}}, 73, 73, 92, true, d("2026-03-30")},
		{2, nil, 0, 0, 92, false, d("2026-05-29")},
		{4, []DayRange{{d("2026-05-30"), d("2026-06-02")}}, 4, 2, 94, false, d("2026-06-03")},
	}
	if len(tl.Trips) != len(want) {
		t.Fatalf("%d trips in 2026, want %d: %+v", len(tl.Trips), len(want), tl.Trips)
	}
	for i, wt := range want {
		got := tl.Trips[i]
		if got.Index != wt.index || !reflect.DeepEqual(got.Counted, wt.counted) || got.Days != wt.days ||
			got.NewDays != wt.newDays || got.Total != wt.sum || got.Exceeds != wt.exceeds ||
			got.NoticeDue != wt.noticeDue || got.NoticeDays != 3 {
			t.Errorf("trip %d: %+v\nwant %+v", i, got, wt)
		}
	}
	// 19 days before 20 March; the 91st is the 72nd day of the Atyrau
	// trip: 12 in March, 30 in April, 30 in May.
	if !tl.Limited || tl.Limit != 90 || tl.Warning != 80 || tl.Used != 94 || tl.ExceedsOn != d("2026-05-30") {
		t.Errorf("limited %v, limit %d, warning %d, used %d, exceeds on %s; want true, 90, 80, 94, 2026-05-30",
			tl.Limited, tl.Limit, tl.Warning, tl.Used, tl.ExceedsOn)
	}
	// The rule's finding for the year has the same figures.
	res := e.Evaluate(&domain.Records{Employer: employer(), Workers: []domain.Worker{w}}, d("2026-12-31"))
	f := find(t, res, "trip.limit", "w1", "2026")
	if f.Facts.Get("days") != tl.Used || f.Facts.Get("exceeds_on") != tl.ExceedsOn.String() {
		t.Errorf("the rule counts %v days, exceeded on %v; the timeline %d, %s", f.Facts.Get("days"), f.Facts.Get("exceeds_on"), tl.Used, tl.ExceedsOn)
	}
	// 2026 is verified: 365 − 247 working days are days off.
	if tl.Provisional || len(tl.NonWorking) != 365-247 {
		t.Errorf("provisional %v, %d non-working days; want false, 118", tl.Provisional, len(tl.NonWorking))
	}
	nauryz := false
	for _, day := range tl.NonWorking {
		if day.Date == d("2026-03-23") && day.Kind == workcal.KindHoliday {
			nauryz = true
		}
	}
	if !nauryz {
		t.Error("23 March 2026 (Nauryz) is not among the non-working days")
	}
}

func TestTripTimelineAcrossNewYear(t *testing.T) {
	w := timelineWorker()
	e := New(nil, nil)
	tl := e.TripTimeline(&w, 2025)
	if len(tl.Trips) != 1 {
		t.Fatalf("%d trips in 2025, want the one across New Year", len(tl.Trips))
	}
	got := tl.Trips[0]
	want := TimelineTrip{Index: 0, Region: "KZ-71", From: d("2025-12-20"), To: d("2026-01-10"), Notified: d("2025-12-22"),
		Counted: []DayRange{{d("2025-12-20"), d("2025-12-31")}}, Days: 12, NewDays: 12, Total: 12,
		NoticeDue: d("2025-12-24"), NoticeDays: 3}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("2025: %+v\nwant %+v", got, want)
	}
	if tl.Used != 12 || !tl.ExceedsOn.IsZero() {
		t.Errorf("2025: used %d, exceeds on %s; want 12 and none", tl.Used, tl.ExceedsOn)
	}
	res := e.Evaluate(&domain.Records{Employer: employer(), Workers: []domain.Worker{w}}, d("2026-12-31"))
	if f := find(t, res, "trip.limit", "w1", "2025"); f.Facts.Get("days") != 12 {
		t.Errorf("the rule counts %v days in 2025", f.Facts.Get("days"))
	}
	if tl := e.TripTimeline(&w, 2027); len(tl.Trips) != 0 || tl.Used != 0 {
		t.Errorf("2027: %+v", tl)
	}
}

// A worker who needs no permit has no trip limit: the rule makes no finding
// and the timeline counts no day, but the notices still fall due.
func TestTripTimelineWithoutPermitCountsNothing(t *testing.T) {
	w := timelineWorker()
	w.Basis, w.Citizenship, w.Category = domain.BasisEAEU, "KG", domain.CategoryNone
	tl := New(nil, nil).TripTimeline(&w, 2026)
	if tl.Limited || tl.Used != 0 || !tl.ExceedsOn.IsZero() || len(tl.Trips) != 5 {
		t.Fatalf("%+v", tl)
	}
	for _, tt := range tl.Trips {
		if tt.Days != 0 || tt.Counted != nil || tt.NoticeDue.IsZero() {
			t.Errorf("%+v", tt)
		}
	}
}
