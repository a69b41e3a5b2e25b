package rules

import (
	"cmp"
	"slices"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// TripTimeline is one worker's business trips in one calendar year as the
// trip rules see them: the days each trip counts against the trip limit
// (trip.limit), the running total, the day the limit is crossed, and the
// deadline of each trip's notice (trip.notice), with the year's
// non-working days, so that a page can draw the year.
type TripTimeline struct {
	Year   int
	Worker string // the worker's id
	// Limited is false when the worker's basis needs no permit: the limit is
	// about the regions of a worker's permits, and no day of such a worker's
	// trips counts (the rule makes no finding for them).
	Limited bool
	// Limit is trip_limit_days in force on 1 January of the year (0 when none
	// is), Warning trip_warning_days (0: none).
	Limit, Warning int
	// Trips are the worker's trips with a day in the year, by first day, then
	// region, then last day. A trip across 31 December is in both years'
	// timelines; only its days in the year count here.
	Trips []TimelineTrip
	// Used is the days counted in the year, each day once however many
	// trips cover it: the trip.limit finding's "days".
	Used int
	// ExceedsOn is the counted day on which Used first passes Limit (the
	// finding's "exceeds_on"); zero when it does not.
	ExceedsOn domain.Date
	// NonWorking lists the year's days off in date order: weekends,
	// holidays, Kurban Ait and moved days off (workcal.Calendar.NonWorkingDays).
	NonWorking []workcal.Day
	// Provisional is true when the year's calendar is not verified: a
	// notice deadline in it may move once it is.
	Provisional bool
}

// TimelineTrip is one trip of a TripTimeline.
type TimelineTrip struct {
	// Index is the trip's place in the worker's Trips.
	Index    int
	Region   domain.Region
	From, To domain.Date // as recorded: they may lie outside the year
	Notified domain.Date // zero: not notified
	// Counted are the runs of consecutive days of the trip, within the
	// year, that count against the limit: the days on which no permit of
	// the worker valid that day includes the trip's region. Days counts
	// them.
	Counted []DayRange
	Days    int
	// NewDays are the counted days that no trip before it in Trips counted
	// already; Total is the days used in the year up to and with this trip
	// (the running total: the last trip's Total is the timeline's Used).
	NewDays, Total int
	// Exceeds is true for the trip on whose days the limit is crossed (the
	// first in Trips to count ExceedsOn).
	Exceeds bool
	// NoticeDue is the last day to notify the Migration Service of the
	// trip: NoticeDays working days after its first day
	// (trip_notice_working_days in force that day), on the calendar the
	// rules use; zero when no such parameter is in force. NoticeProvisional
	// is true when the deadline rests on an unverified calendar year.
	NoticeDue         domain.Date
	NoticeDays        int
	NoticeProvisional bool
}

// DayRange is the days From to To, both included.
type DayRange struct {
	From, To domain.Date
}

// TripTimeline returns the timeline of w's trips in year, which must be
// within the calendar's years (domain.MinYear to domain.MaxYear). It counts
// with the trip-limit rule's own code (limitDays), so that its Used and
// ExceedsOn are the figures of that rule's finding for the year.
func (e *Engine) TripTimeline(w *domain.Worker, year int) TripTimeline {
	c := &evalCtx{e: e}
	jan1 := domain.NewDate(year, time.January, 1)
	next := domain.NewDate(year+1, time.January, 1)
	tl := TripTimeline{Year: year, Worker: w.ID, Limited: w.Basis.NeedsPermit(),
		NonWorking: e.cal.NonWorkingDays(year), Provisional: !e.cal.Verified(year)}
	if limit, ok := c.intParam("trip_limit_days", jan1); ok {
		tl.Limit = limit
		tl.Warning, _ = c.intParam("trip_warning_days", jan1)
	}
	for i := range w.Trips {
		if t := &w.Trips[i]; t.From < next && t.To >= jan1 {
			tl.Trips = append(tl.Trips, TimelineTrip{Index: i, Region: t.Region, From: t.From, To: t.To, Notified: t.Notified})
		}
	}
	slices.SortStableFunc(tl.Trips, func(a, b TimelineTrip) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Region, b.Region), cmp.Compare(a.To, b.To))
	})
	var used yearDays                       // the days counted so far, in trip order
	owns := make([]yearDays, len(tl.Trips)) // each trip's counted days
	var covering []*domain.Permit
	for i := range tl.Trips {
		tt := &tl.Trips[i]
		t := &w.Trips[tt.Index]
		if n, ok := c.intParam("trip_notice_working_days", t.From); ok {
			tt.NoticeDays = n
			tt.NoticeDue, tt.NoticeProvisional = c.addWorkingDays(t.From, n)
		}
		if !tl.Limited {
			continue
		}
		// The trip's own days, over the years it spans.
		first, last := t.From.Year(), t.To.Year()
		years := make([]yearDays, last-first+1)
		starts := make([]domain.Date, len(years)+1)
		for y := range starts {
			starts[y] = domain.NewDate(first+y, time.January, 1)
		}
		covering = limitDays(w, t, first, starts, years, covering)
		own := &years[year-first]
		before := used.count()
		for wi := range own {
			used[wi] |= own[wi]
		}
		tt.Days, tt.Total = own.count(), used.count()
		tt.NewDays = tt.Total - before
		tt.Counted = own.runs(jan1)
		owns[i] = *own
	}
	tl.Used = used.count()
	if tl.Limit > 0 && tl.Used > tl.Limit {
		// As the rule finds it: the (limit+1)-th counted day of the year in
		// date order, whichever trip counted it.
		at := used.nth(tl.Limit + 1)
		tl.ExceedsOn = jan1.AddDays(at)
		for i := range owns {
			if owns[i].has(at) {
				tl.Trips[i].Exceeds = true
				break
			}
		}
	}
	return tl
}

// has reports whether day i is set.
func (y *yearDays) has(i int) bool { return y[i>>6]&(1<<(uint(i)&63)) != 0 }

// runs returns the set days as runs of consecutive days, day i being
// jan1+i.
func (y *yearDays) runs(jan1 domain.Date) []DayRange {
	var out []DayRange
	for i := 0; i < len(y)*64; i++ {
		if !y.has(i) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].To == jan1.AddDays(i-1) {
			out[n-1].To = jan1.AddDays(i)
			continue
		}
		out = append(out, DayRange{From: jan1.AddDays(i), To: jan1.AddDays(i)})
	}
	return out
}
