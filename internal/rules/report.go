package rules

import (
	"github.com/ruqsat/ruqsat/internal/domain"
)

// evalReportMonthly: report.monthly. For each month in which the employer had
// at least one worker engaged on a basis that needs a permit (on any day of
// the month up to the as-of date; a missing permit does not remove the duty),
// a report to the employment department is due by report_monthly_day (30th;
// the month's last day in February), moved to the next working day when
// shift_fixed_deadlines is on. Findings cover report_lookback_months (12)
// before the as-of month up to it.
//
// Late and missed reports are offences under CoAO 98 part 5: a warning,
// unless the offence comes within repeat_window_days after a recorded Art. 98
// penalty: then a repeat, fined fine.98.5 (10 MCI). An earlier late report
// that was not penalised does not make a repeat (see isRepeat); offences of
// months before the window are still kept for quota.risk (reading 22).
func evalReportMonthly(c *evalCtx) {
	lookback, ok := c.intParam("report_lookback_months", c.asOf)
	if !ok {
		c.skip(domain.RuleReportMonthly, "report_lookback_months")
		return
	}
	if len(c.workers) == 0 {
		return
	}
	asOfMonth := c.asOf.YearMonth()
	windowStart := asOfMonth.Add(-lookback)

	// The earliest month any reporting worker was engaged: offences before the
	// window still count for quota.risk.
	first := asOfMonth.Add(1)
	for _, w := range c.workers {
		if w.Basis.NeedsPermit() && w.Start <= c.asOf {
			first = min(first, w.Start.YearMonth())
		}
	}
	if first > asOfMonth {
		return
	}
	submitted := map[domain.YearMonth]domain.Date{}
	for _, r := range c.rec.Reports {
		if r.Submitted > c.asOf {
			continue // not submitted yet on the as-of date
		}
		if s, ok := submitted[r.Month]; !ok || r.Submitted < s {
			submitted[r.Month] = r.Submitted
		}
	}
	for m := first; m <= asOfMonth; m++ {
		firstDay, last := m.First(), min(m.Last(), c.asOf)
		engaged := 0
		for _, w := range c.workers {
			if w.Basis.NeedsPermit() && w.EngagedBetween(firstDay, last) {
				engaged++
			}
		}
		if engaged == 0 {
			continue
		}
		day, ok := c.intParam("report_monthly_day", firstDay)
		if !ok {
			continue
		}
		due, prov := c.fixedDeadline(m.Year(), m.Month(), day)
		sub := submitted[m]
		st := c.status(due, sub)
		f := domain.Finding{
			Rule:        domain.RuleReportMonthly,
			Subject:     "employer",
			Period:      m.String(),
			Status:      st,
			Severity:    severity(st, true),
			Due:         due,
			Provisional: prov,
			Facts:       c.facts(domain.Int("workers", engaged)),
			Args:        domain.Args{Date: firstDay, Due: due},
		}
		switch st {
		case domain.StatusOpen:
			f.Key = domain.MsgReportMonthlyOpen
		case domain.StatusDone:
			f.Key, f.Args.Done = domain.MsgReportMonthlyDone, sub
			f.Facts = append(f.Facts, domain.DateFact("submitted", sub))
		case domain.StatusLate, domain.StatusMissed:
			f.Offence = due.AddDays(1)
			repeat := c.isRepeat("98", f.Offence)
			f.Facts = append(f.Facts, domain.Bool("repeat", repeat))
			if repeat {
				f.Fine = c.fine("98", "5", false, f.Offence)
			} else {
				f.Fine = warningFine("98", "5")
			}
			if st == domain.StatusLate {
				f.Facts = append(f.Facts, domain.DateFact("submitted", sub))
				f.Args.Done = sub
				f.Key = domain.MsgReportMonthlyLateFirst
			} else {
				f.Key = domain.MsgReportMonthlyMissedFirst
			}
			if repeat {
				f.Key++ // the repeat's message follows the first offence's
			}
		}
		if m < windowStart {
			// Kept only as an offence for quota risk.
			if !f.Offence.IsZero() {
				c.offences = append(c.offences, offence{rule: domain.RuleReportMonthly, article: "98", date: f.Offence})
			}
			continue
		}
		c.add(f, "98")
	}
}
