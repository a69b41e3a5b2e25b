package workcal

import (
	"sort"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// statutory is the law on holidays as rules that give any year's days off:
// the fixed holidays with the years they apply, and which of them move to
// the next working day when they fall on a weekend.
type statutory struct {
	source   Source
	holidays []statutoryHoliday // in month and day order
}

type statutoryHoliday struct {
	month       time.Month
	day         int
	name        string
	moves       bool // false: the day off is lost when it falls on a weekend
	from, until int  // years in force, both included; 0 = open
}

func (h statutoryHoliday) inForce(y int) bool {
	return (h.from == 0 || y >= h.from) && (h.until == 0 || y <= h.until)
}

// yearSpec is one year's days off as listed facts, whether read from a
// yearly file or derived from the statutory rules.
type yearSpec struct {
	year      int
	verified  bool
	sources   []Source
	holidays  []holiday
	kurbanAit domain.Date // 0 when unknown: then it is a working day
	moved     []move
	working   []domain.Date // Saturdays and Sundays that are working days
}

type holiday struct {
	date domain.Date
	name string
}

// move is a day off moved to date from a Saturday or Sunday: a holiday that
// fell on one, or a weekend day made a working day by the Government.
type move struct {
	date, from domain.Date
}

func (s *yearSpec) isHoliday(d domain.Date) bool {
	for _, h := range s.holidays {
		if h.date == d {
			return true
		}
	}
	return false
}

func (s *yearSpec) holidayName(d domain.Date) string {
	for _, h := range s.holidays {
		if h.date == d {
			return h.name
		}
	}
	return ""
}

func (s *yearSpec) isWorkingWeekend(d domain.Date) bool {
	for _, w := range s.working {
		if w == d {
			return true
		}
	}
	return false
}

func (s *yearSpec) isMovedDayOff(d domain.Date) bool {
	for _, m := range s.moved {
		if m.date == d {
			return true
		}
	}
	return false
}

func (s *yearSpec) sort() {
	sort.Slice(s.holidays, func(i, j int) bool { return s.holidays[i].date < s.holidays[j].date })
	sort.Slice(s.moved, func(i, j int) bool { return s.moved[i].date < s.moved[j].date })
	sort.Slice(s.working, func(i, j int) bool { return s.working[i] < s.working[j] })
}

// year derives year y from the statutory rules alone. The result is not
// verified: the Government may still move days off, and Kurban Ait, whose
// date is set each year, is unknown and so left a working day.
func (r *statutory) year(y int) yearSpec {
	spec := yearSpec{year: y, sources: []Source{r.source}}
	var moving []domain.Date
	for _, h := range r.holidays {
		if !h.inForce(y) {
			continue
		}
		d := domain.NewDate(y, h.month, h.day)
		spec.holidays = append(spec.holidays, holiday{date: d, name: h.name})
		if h.moves && isWeekend(d) {
			moving = append(moving, d)
		}
	}
	// Holidays are taken in date order, and each moved day off goes to the
	// first day after its holiday that is still a working day: Nauryz on Sat
	// 21 and Sun 22 March 2026 moves past Mon 23 (a holiday) to 24 and 25.
	for _, from := range moving {
		d := from.AddDays(1)
		for isWeekend(d) || spec.isHoliday(d) || spec.isMovedDayOff(d) {
			d = d.AddDays(1)
		}
		spec.moved = append(spec.moved, move{date: d, from: from})
	}
	spec.sort()
	return spec
}
