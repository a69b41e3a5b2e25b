// Package demo provides the records of the demo tenant that `ruqsat serve
// --demo` loads: four clients of a consultancy, each a scenario file under
// data/ that `ruqsat evaluate` reads as well.
//
//   - Zhaiyk Caspian Drilling LLP, a drilling contractor in Atyrau: a
//     drilling supervisor near the 90-day business-trip limit, a permit
//     extension due, a new hire next month, everything else on time.
//   - KazStroy Astana LLP, a general contractor in Astana: trip notices late
//     and missed, a contract not registered in the state system, too few
//     Kazakhstan citizens among skilled staff, no quota application for the
//     next year, two new hires this month.
//   - Saryarka Mining Company LLP, a mining company in Karaganda Region:
//     intra-corporate transfers, a monthly report late again within a year
//     of a warning (a repeat offence), a permit just extended and another to
//     extend, a new mechanic without an IIN yet.
//   - Alatau Hospitality Group LLP, hotels and restaurants in Almaty: a
//     monthly report never submitted, an address change notified late, a
//     permit extension due this month, a chef starting this week.
//
// # Dates
//
// The files are written for one base date, Base (their as_of). Records
// returns them moved by whole months so that the base month becomes the
// month of today: a demo started on any day shows the same story, with
// things due this week, some overdue and some done. Shift moves records by
// n months:
//
//   - every date moves n months and keeps its day of the month, clamped to
//     the end of a shorter month (Date.AddMonths);
//   - every month (a report's month) moves n months, with the report's
//     submission date: a report submitted on the 24th of its month is
//     still submitted on the 24th of its month, on time, and one submitted
//     on the 9th of the next month is still late;
//   - a quota application's target year moves by as many years as its
//     submission date moved, so an application filed in year Y for Y+1 is
//     still filed the year before its target;
//   - a quota plan's year moves by as many years as the base date moved: the
//     files plan for the year after the base year, the moved records for the
//     year after today's.
//
// Everything that compares two dates thus compares them as in the files, up
// to the lengths of the months in between; the files use days 1 to 28 only,
// so no date is clamped and two dates on the same day of different months
// stay whole months apart. Deadlines that count working days, or that fall
// on a fixed day of the year, do not move with the records: the files keep
// margins so that notifications made within three calendar days and
// registrations within four stay on time, late ones are later than any
// run of holidays can move a deadline, and every quota application
// submitted is filed at least three months before the base month, so that
// it is on time whenever its target year is the one the rules look at.
// What the shift cannot keep is the calendar year: a worker's trip days, counted per calendar year, split between two years
// when today's month is early in the year, and in the first months of a
// year (before the month the application was filed in, moved) the next
// year's quota application shows as open rather than done.
//
// Some records are dated after the base date: a report submitted on the
// 26th, a trip notified on its first day next week, a new hire's contract
// signed the day before the start. The rules treat a submission,
// notification, signature or registration dated after the as-of date as not
// yet done, so the same records read as "due" before that day and "done"
// after it. The new hires start about every six days of the month (on the
// 6th, 12th, 18th and 24th, and on the 2nd of the next month), so on any
// day of the month something is due within the week. Records for a month
// are meant to be evaluated on the days of that month: a demo that keeps
// running into the next month should load them again for it.
package demo

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

//go:embed data/*.yaml
var data embed.FS

// base is the as_of of every file under data/.
var base = domain.NewDate(2026, time.November, 16)

// Base returns the date the demo's files are written for: their as_of.
func Base() domain.Date { return base }

// Months returns the number of months Records moves the files for today:
// from the base month to today's month.
func Months(today domain.Date) int { return int(today.YearMonth() - base.YearMonth()) }

// Records returns the demo employers' records moved by whole months so that
// the base month becomes the month of today (see the package documentation),
// in the order of their file names. Each call returns fresh records that the
// caller may change. The error reports a file that does not parse, which
// the package's tests rule out, or a today too far from the base date.
func Records(today domain.Date) ([]*domain.Records, error) {
	if y := today.Year(); today.IsZero() || y < 1000 || y > 9000 {
		return nil, fmt.Errorf("demo: today %q is out of range: expected a date in years 1000-9000", today)
	}
	files, err := parse()
	if err != nil {
		return nil, err
	}
	n := Months(today)
	out := make([]*domain.Records, len(files))
	for i, f := range files {
		out[i] = &f.Records
		Shift(out[i], n)
	}
	return out, nil
}

// parse reads every file under data/, in the order of their names.
func parse() ([]*scenario.File, error) {
	entries, err := fs.ReadDir(data, "data")
	if err != nil {
		return nil, err
	}
	var out []*scenario.File
	for _, e := range entries {
		name := path.Join("data", e.Name())
		b, err := data.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := scenario.Parse(name, b, nil)
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		if f.AsOf != base {
			return nil, fmt.Errorf("demo: %s: as_of is %s; expected the base date %s", name, f.AsOf, base)
		}
		if len(f.Overrides) > 0 {
			return nil, errors.New("demo: " + name + ": overrides cannot be loaded into a tenant; expected none")
		}
		out = append(out, f)
	}
	return out, nil
}

// Shift moves records written for Base by months months, in place: every
// date by whole months, keeping its day of the month (clamped to the end of
// a shorter month); every report month and month of figures by the same
// months; a quota
// application's year by the years its submission date moved; a quota
// plan's year (and an application's without a submission date) by the
// years Base moved.
func Shift(rec *domain.Records, months int) {
	if months == 0 {
		return
	}
	move := func(d *domain.Date) {
		if !d.IsZero() {
			*d = d.AddMonths(months)
		}
	}
	for i := range rec.Workers {
		w := &rec.Workers[i]
		move(&w.Start)
		move(&w.End)
		if w.Contract != nil {
			move(&w.Contract.Signed)
			move(&w.Contract.Registered)
		}
		for j := range w.Permits {
			move(&w.Permits[j].From)
			move(&w.Permits[j].To)
		}
		for j := range w.Trips {
			move(&w.Trips[j].From)
			move(&w.Trips[j].To)
			move(&w.Trips[j].Notified)
		}
		for j := range w.AddressChanges {
			move(&w.AddressChanges[j].Date)
			move(&w.AddressChanges[j].Notified)
		}
		for j := range w.Applications {
			move(&w.Applications[j].Filed)
			move(&w.Applications[j].VacancyPosted)
		}
		// Birth, passport and document dates move too, so that a worker is
		// as old and a paper as fresh on every day of the demo.
		move(&w.BirthDate)
		if p := w.Passport; p != nil {
			move(&p.Issued)
			move(&p.Expires)
		}
		for j := range w.Documents {
			move(&w.Documents[j].Issued)
			move(&w.Documents[j].Expires)
		}
	}
	for i := range rec.MonthlyFigures {
		rec.MonthlyFigures[i].Month = rec.MonthlyFigures[i].Month.Add(months)
	}
	for i := range rec.QuotaContracts {
		move(&rec.QuotaContracts[i].Date)
	}
	for i := range rec.Reports {
		r := &rec.Reports[i]
		r.Month = r.Month.Add(months)
		move(&r.Submitted)
	}
	years := base.AddMonths(months).Year() - base.Year()
	for i := range rec.QuotaPlans {
		rec.QuotaPlans[i].Year += years
	}
	for i := range rec.QuotaApplications {
		a := &rec.QuotaApplications[i]
		if a.Submitted.IsZero() {
			a.Year += years
			continue
		}
		s := a.Submitted.AddMonths(months)
		a.Year += s.Year() - a.Submitted.Year()
		a.Submitted = s
	}
	for i := range rec.Penalties {
		move(&rec.Penalties[i].Date)
	}
}
