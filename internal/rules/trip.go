package rules

import (
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// yearDays is a set of days of one calendar year, bit i for day i+1.
type yearDays [6]uint64

func (y *yearDays) set(i int) { y[i>>6] |= 1 << (uint(i) & 63) }

// countFrom counts the set days with index i or later.
func (y *yearDays) countFrom(i int) (n int) {
	if i <= 0 {
		return y.count()
	}
	for wi := range y {
		lo := wi * 64
		switch {
		case i >= lo+64:
		case i <= lo:
			n += bits.OnesCount64(y[wi])
		default:
			n += bits.OnesCount64(y[wi] >> uint(i-lo))
		}
	}
	return n
}
func (y *yearDays) count() (n int) {
	for _, w := range y {
		n += bits.OnesCount64(w)
	}
	return n
}

// nth returns the index of the n-th set day (n ≥ 1), or -1.
func (y *yearDays) nth(n int) int {
	for wi, w := range y {
		c := bits.OnesCount64(w)
		if n > c {
			n -= c
			continue
		}
		for ; ; n-- {
			i := bits.TrailingZeros64(w)
			if n == 1 {
				return wi*64 + i
			}
			w &^= 1 << uint(i)
		}
	}
	return -1
}

// evalTripLimit: trip.limit. Business-trip days outside the regions of the
// worker's permits, per calendar year: every day of a trip counts (start and
// end included), overlapping trips count once, a day in a region where the
// worker holds a permit valid that day does not count, and trips across 31
// December split by year. Recorded trips include planned ones. Over the limit
// (90): a violation when the 91st day is on or before the as-of date, else a
// warning (planned breach) with exceeds_on. From trip_warning_days (80): a
// warning "approaching"; below, info with the days used. One finding per
// worker and year with any counted day.
//
// Only workers who need a permit are counted: the limit is about the regions
// of their permits, and a worker who needs none has no such regions.
func evalTripLimit(c *evalCtx) {
	for _, w := range c.workers {
		if len(w.Trips) == 0 || !w.Basis.NeedsPermit() {
			continue
		}
		first, last := w.Trips[0].From.Year(), w.Trips[0].To.Year()
		for _, t := range w.Trips[1:] {
			first = min(first, t.From.Year())
			last = max(last, t.To.Year())
		}
		years := make([]yearDays, last-first+1)
		jan1 := make([]domain.Date, len(years)+1)
		for i := range jan1 {
			jan1[i] = domain.NewDate(first+i, time.January, 1)
		}
		var covering []*domain.Permit
		for ti := range w.Trips {
			covering = limitDays(w, &w.Trips[ti], first, jan1, years, covering)
		}
		for yi := range years {
			n := years[yi].count()
			if n == 0 {
				continue
			}
			year := first + yi
			limit, ok := c.intParam("trip_limit_days", jan1[yi])
			if !ok {
				continue
			}
			warnAt, _ := c.intParam("trip_warning_days", jan1[yi])
			planned := years[yi].countFrom(c.asOf.Sub(jan1[yi]) + 1)
			f := domain.Finding{
				Rule:    domain.RuleTripLimit,
				Subject: w.ID,
				Period:  itoa(year),
				Facts:   c.facts(domain.Int("days", n), domain.Int("limit", limit), domain.Int("planned_days", planned)),
				Args:    domain.Args{Name: w.Name, N: int32(n), Of: int32(limit), Year: int32(year)},
			}
			switch {
			case n > limit:
				exceeds := jan1[yi].AddDays(years[yi].nth(limit + 1))
				f.Facts = append(f.Facts, domain.DateFact("exceeds_on", exceeds))
				f.Args.Other = exceeds
				if exceeds <= c.asOf {
					f.Severity = domain.SeverityViolation
					f.Offence = exceeds
					f.Key = domain.MsgTripLimitOver
				} else {
					f.Severity = domain.SeverityWarning
					f.Key = domain.MsgTripLimitPlannedOver
				}
			case warnAt > 0 && n >= warnAt:
				f.Severity = domain.SeverityWarning
				f.Key = domain.MsgTripLimitApproaching
			default:
				f.Severity = domain.SeverityInfo
				f.Key = domain.MsgTripLimitUsed
			}
			c.add(f, "")
		}
	}
}

// limitDays sets, in years, the days of trip t that count against w's trip
// limit: every day of the trip, start and end included, except a day on
// which a permit of w that includes t's region is valid. years[i] is the
// calendar year first+i, jan1[i] its 1 January and jan1[len(years)] the
// next; they must span the trip. covering is scratch space (the permits
// that include t's region), returned for reuse. The trip-limit rule and the
// trip timeline (timeline.go) both count with it.
func limitDays(w *domain.Worker, t *domain.Trip, first int, jan1 []domain.Date, years []yearDays, covering []*domain.Permit) []*domain.Permit {
	covering = covering[:0]
	for pi := range w.Permits {
		if p := &w.Permits[pi]; p.HasRegion(t.Region) {
			covering = append(covering, p)
		}
	}
	yi := t.From.Year() - first
days:
	for d := t.From; d <= t.To; d++ {
		for d >= jan1[yi+1] {
			yi++
		}
		for _, p := range covering {
			if p.Covers(d) {
				continue days
			}
		}
		years[yi].set(d.Sub(jan1[yi]))
	}
	return covering
}

// evalTripNotice: trip.notice. Each trip is notified to the Migration Service
// within trip_notice_working_days working days after its first day; late or
// missed: CoAO 518 part 1 by business size. Trips of one worker starting on
// the same day share one deadline and give one finding, with the worst
// status among them.
func evalTripNotice(c *evalCtx) {
	var trips []*domain.Trip
	for _, w := range c.workers {
		trips = trips[:0]
		for i := range w.Trips {
			trips = append(trips, &w.Trips[i])
		}
		if len(trips) > 1 {
			slices.SortFunc(trips, func(a, b *domain.Trip) int {
				if a.From != b.From {
					return int(a.From - b.From)
				}
				return strings.Compare(string(a.Region), string(b.Region))
			})
		}
		for i := 0; i < len(trips); {
			t := trips[i]
			regions, notified := string(t.Region), t.Notified
			j := i + 1
			for ; j < len(trips) && trips[j].From == t.From; j++ {
				regions += ", " + string(trips[j].Region)
				notified = worseNotice(notified, trips[j].Notified, c.asOf)
			}
			i = j
			c.notice(domain.RuleTripNotice, domain.MsgTripNoticeOpen, "trip_notice_working_days", w, t.From, notified, regions)
		}
	}
}

// worseNotice returns the notification date that gives the worse status for
// two events on one day: none (or one after the as-of date) before the later.
func worseNotice(a, b, asOf domain.Date) domain.Date {
	if a.IsZero() || a > asOf {
		return a
	}
	if b.IsZero() || b > asOf {
		return b
	}
	return max(a, b)
}

// evalAddressNotice: address.notice. Each change of temporary address, with
// the same deadline and fine as trip.notice; changes on one day give one
// finding.
func evalAddressNotice(c *evalCtx) {
	for _, w := range c.workers {
		n := len(w.AddressChanges)
		if n == 0 {
			continue
		}
		done := make(map[domain.Date]bool, n)
		for i := range w.AddressChanges {
			a := &w.AddressChanges[i]
			if done[a.Date] {
				continue
			}
			done[a.Date] = true
			notified := a.Notified
			for k := i + 1; k < n; k++ {
				if b := &w.AddressChanges[k]; b.Date == a.Date {
					notified = worseNotice(notified, b.Notified, c.asOf)
				}
			}
			c.notice(domain.RuleAddressNotice, domain.MsgAddressNoticeOpen, "address_notice_working_days", w, a.Date, notified, "")
		}
	}
}

// notice evaluates one migration-service notification due N working days
// after event. open is the rule's message for an open notice, followed by
// those for done, late and missed (the order of the statuses); regions are
// a trip's.
func (c *evalCtx) notice(rule domain.RuleID, open domain.MessageKey, daysParam string, w *domain.Worker, event, notified domain.Date, regions string) {
	n, ok := c.intParam(daysParam, event)
	if !ok {
		return
	}
	due, prov := c.addWorkingDays(event, n)
	st := c.status(due, notified)
	f := domain.Finding{
		Rule:        rule,
		Subject:     w.ID,
		Period:      event.String(),
		Status:      st,
		Severity:    severity(st, true),
		Due:         due,
		Provisional: prov,
		Key:         open + domain.MessageKey(st-domain.StatusOpen),
		Args:        domain.Args{Name: w.Name, Code: regions, Date: event, Due: due},
	}
	if st != domain.StatusOpen && st != domain.StatusMissed {
		f.Args.Done = notified
	}
	switch st {
	case domain.StatusOpen:
		f.Facts = c.facts(domain.Int("working_days", n))
	case domain.StatusDone:
		f.Facts = c.facts(domain.Int("working_days", n), domain.DateFact("notified", notified))
	case domain.StatusLate:
		f.Offence = due.AddDays(1)
		f.Fine = c.fine("518", "1", true, f.Offence)
		f.Facts = c.facts(domain.Int("working_days", n), domain.DateFact("notified", notified))
	case domain.StatusMissed:
		f.Offence = due.AddDays(1)
		f.Fine = c.fine("518", "1", true, f.Offence)
		f.Facts = c.facts(domain.Int("working_days", n))
	}
	c.add(f, "518")
}
