package app

import (
	"context"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// TripTimeline returns the timeline of worker workerID's business trips in
// year at employer bin (rules.Engine.TripTimeline: the days each trip
// counts against the trip limit, the running total, the day the limit is
// crossed, each notice's deadline in working days, the year's non-working
// days). Any user who may read the employer may ask. ENOTFOUND when there
// is no such employer (or u may not see it) or no such worker; EINVALID
// for a year outside the calendar's (domain.MinYear to domain.MaxYear).
func (a *App) TripTimeline(ctx context.Context, u *User, bin, workerID string, year int) (rules.TripTimeline, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return rules.TripTimeline{}, err
	}
	if err := checkYear(year); err != nil {
		return rules.TripTimeline{}, err
	}
	if err := text("worker", workerID, domain.MaxCodeLen); err != nil {
		return rules.TripTimeline{}, err
	}
	rec, _, err := a.Records(ctx, u, bin)
	if err != nil {
		return rules.TripTimeline{}, err
	}
	w, err := findWorker(rec, workerID)
	if err != nil {
		return rules.TripTimeline{}, err
	}
	return a.engine.TripTimeline(w, year), nil
}

// TripPlan is what one planned business trip would do to a worker's trip
// limit and notices: the answer to "what if we send them there then?"
// before the trip is booked.
type TripPlan struct {
	// WhatIf is the what-if of the records with the trip: the evaluation
	// and the findings the trip adds, changes or removes.
	WhatIf WhatIfResult
	// Years has one item for each calendar year the trip has a day in,
	// in order (two for a trip across New Year).
	Years []TripPlanYear
	// NoticeDue is the last day to notify the Migration Service of the
	// trip, NoticeDays working days after its first day (zero when no such
	// parameter is in force); NoticeProvisional when it rests on an
	// unverified calendar year.
	NoticeDue         domain.Date
	NoticeDays        int
	NoticeProvisional bool
}

// TripPlanYear is one calendar year of a TripPlan.
type TripPlanYear struct {
	Year int
	// Before and After are the worker's timelines of the year without and
	// with the trip: Before.Used and After.Used are the days used before
	// and after, After.ExceedsOn the day the limit would be crossed (zero:
	// it would not), After.Limit the limit.
	Before, After rules.TripTimeline
	// Days are the trip's own days that count in the year; Added those of
	// them that no recorded trip counts already (After.Used - Before.Used).
	Days, Added int
}

// PlanTrip checks one planned trip of worker workerID at employer bin
// before it is recorded: WhatIf with the trip added to the worker's trips,
// and the worker's timelines of the years the trip touches without and
// with it. Nothing is stored. Any user who may read the employer may ask.
// ENOTFOUND when there is no such employer or worker; EINVALID with the
// validator's problems (placed at workers[0].trips[0].region, .from, .to,
// .notified) when the trip is not a valid one.
func (a *App) PlanTrip(ctx context.Context, u *User, bin, workerID string, trip domain.Trip, asOf domain.Date, lang i18n.Lang) (*TripPlan, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	if err := text("worker", workerID, domain.MaxCodeLen); err != nil {
		return nil, err
	}
	add := &domain.Records{Workers: []domain.Worker{{ID: workerID, Trips: []domain.Trip{trip}}}}
	// An unknown id would be a new worker to the what-if: a plan is for a
	// recorded one.
	known := func(rec *domain.Records) error { _, err := findWorker(rec, workerID); return err }
	res, recs, err := a.whatIf(ctx, u, bin, asOf, lang, add, known)
	if err != nil {
		return nil, err
	}
	before, _ := findWorker(recs.stored, workerID)
	after, _ := findWorker(recs.combined, workerID)
	index := len(after.Trips) - 1 // the planned trip: merge appends it
	plan := &TripPlan{WhatIf: res}
	for y := trip.From.Year(); y <= trip.To.Year(); y++ {
		py := TripPlanYear{Year: y, Before: a.engine.TripTimeline(before, y), After: a.engine.TripTimeline(after, y)}
		for _, t := range py.After.Trips {
			if t.Index == index {
				py.Days = t.Days
				plan.NoticeDue, plan.NoticeDays, plan.NoticeProvisional = t.NoticeDue, t.NoticeDays, t.NoticeProvisional
			}
		}
		py.Added = py.After.Used - py.Before.Used
		plan.Years = append(plan.Years, py)
	}
	return plan, nil
}

// findWorker returns the worker of rec whose id is id: ENOTFOUND when
// there is none.
func findWorker(rec *domain.Records, id string) (*domain.Worker, error) {
	for i := range rec.Workers {
		if rec.Workers[i].ID == id {
			return &rec.Workers[i], nil
		}
	}
	return nil, domain.Errorf(domain.ENOTFOUND, "employer %s has no worker %s", rec.Employer.BIN, id).
		Say("error.whatif_no_worker", "Code", id, "Other", rec.Employer.BIN)
}

// checkYear returns EINVALID for a year outside the calendar's.
func checkYear(y int) error {
	if y < domain.MinYear || y > domain.MaxYear {
		return domain.Errorf(domain.EINVALID, "year %d: expected %d to %d", y, domain.MinYear, domain.MaxYear).
			Say("error.whatif_year", "N", y, "M", domain.MinYear, "Of", domain.MaxYear)
	}
	return nil
}
