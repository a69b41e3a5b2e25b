package rules

import (
	"github.com/ruqsat/ruqsat/internal/domain"
)

// evalICTTerm: ict.term. An intra-corporate transfer lasts at most 3 years
// and may be extended once, by 12 months: for a worker on basis ict the term
// ends at the latest on the cap, ict_term_max_years (4) years after the start
// less a day ("N years after D" is the same month and day, 28 February for a
// 29 February in a year without one).
//
// Engaged on the as-of date after the cap: a violation, offence date cap + 1
// (no fine encoded); quota.risk counts it like any violation. Engaged on the
// as-of date with the cap at most ict_term_warning_days (90) ahead
// (cap − as-of ≤ 90), and the engagement (no end, or an end after the cap) or
// a permit of the worker running past the cap: a warning, due on the cap,
// that the term cannot be extended again, so that the employer seeks a
// standard permit in time. Otherwise no finding. One finding per worker; its
// period is the start.
func evalICTTerm(c *evalCtx) {
	years, ok := c.intParam("ict_term_max_years", c.asOf)
	if !ok {
		c.skip(domain.RuleICTTerm, "ict_term_max_years")
		return
	}
	warnDays, ok := c.intParam("ict_term_warning_days", c.asOf)
	if !ok {
		c.skip(domain.RuleICTTerm, "ict_term_warning_days")
		return
	}
	for _, w := range c.workers {
		if w.Basis != domain.BasisICT || !w.EngagedOn(c.asOf) {
			continue
		}
		capDay := w.Start.AddYears(years).AddDays(-1)
		f := domain.Finding{
			Rule:    domain.RuleICTTerm,
			Subject: w.ID,
			Period:  w.Start.String(),
			Args:    domain.Args{Name: w.Name, Date: capDay, Other: w.Start},
		}
		switch {
		case c.asOf > capDay:
			f.Severity = domain.SeverityViolation
			f.Offence = capDay.AddDays(1)
			f.Key = domain.MsgICTTermOver
		case capDay.Sub(c.asOf) <= warnDays && runsPast(w, capDay):
			f.Severity = domain.SeverityWarning
			f.Due = capDay
			f.Key = domain.MsgICTTermEnding
		default:
			continue
		}
		f.Facts = c.facts(domain.DateFact("start", w.Start), domain.DateFact("cap", capDay))
		c.add(f, "")
	}
}

// runsPast reports whether w's engagement (no end, or an end after d) or one
// of w's permits runs past d.
func runsPast(w *domain.Worker, d domain.Date) bool {
	if w.End.IsZero() || w.End > d {
		return true
	}
	for i := range w.Permits {
		if w.Permits[i].To > d {
			return true
		}
	}
	return false
}
