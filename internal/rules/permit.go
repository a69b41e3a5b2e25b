package rules

import (
	"slices"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// evalPermitMissing: permit.missing. An engaged worker who needs a permit has
// no permit covering the as-of date (CoAO 519; the amount is not encoded).
// The offence date is the first day of the gap that contains the as-of date.
func evalPermitMissing(c *evalCtx) {
	for _, w := range c.workers {
		if !w.Basis.NeedsPermit() || !w.EngagedOn(c.asOf) {
			continue
		}
		gap := w.Start
		covered := false
		for i := range w.Permits {
			p := &w.Permits[i]
			if p.Covers(c.asOf) {
				covered = true
				break
			}
			if p.To < c.asOf && p.To.AddDays(1) > gap {
				gap = p.To.AddDays(1)
			}
		}
		if covered {
			continue
		}
		c.add(domain.Finding{
			Rule:     domain.RulePermitMissing,
			Subject:  w.ID,
			Severity: domain.SeverityViolation,
			Key:      domain.MsgPermitMissing,
			Args:     domain.Args{Name: w.Name, Code: string(w.Basis), Date: gap},
			Offence:  gap,
			Facts:    c.facts(domain.DateFact("since", gap), domain.String("basis", string(w.Basis))),
		}, "519")
	}
}

// evalPermitExpiring: permit.expiring. The permit covering the as-of date ends
// within permit_extension_window_days (end − as-of ≤ 60) and no renewal
// follows it: a later permit for the same worker that starts on or before
// end + 1 and ends after end. Nothing either when the engagement ends on or
// before the permit's end. The extension is due end − 30 calendar days (not
// moved to a working day); past that, a warning with status missed. Before
// the window is in force (1 Jul 2023) the rule is not evaluated, and the
// result says so.
//
// Permits that end on the same day (one per region, say) give one finding:
// rule, subject and period identify a finding.
func evalPermitExpiring(c *evalCtx) {
	window, ok := c.intParam("permit_extension_window_days", c.asOf)
	if !ok {
		c.skip(domain.RulePermitExpiring, "permit_extension_window_days")
		return
	}
	last, ok := c.intParam("permit_extension_last_days", c.asOf)
	if !ok {
		c.skip(domain.RulePermitExpiring, "permit_extension_last_days")
		return
	}
	var ending []*domain.Permit
	for _, w := range c.workers {
		if !w.EngagedOn(c.asOf) {
			continue
		}
		ending = ending[:0]
		for i := range w.Permits {
			p := &w.Permits[i]
			if !p.Covers(c.asOf) || p.To.Sub(c.asOf) > window {
				continue
			}
			if (!w.End.IsZero() && w.End <= p.To) || renewed(w, p) {
				continue
			}
			ending = append(ending, p)
		}
		slices.SortFunc(ending, func(a, b *domain.Permit) int {
			if a.To != b.To {
				return int(a.To - b.To)
			}
			return strings.Compare(a.Number, b.Number)
		})
		for i := 0; i < len(ending); {
			end := ending[i].To
			numbers := ending[i].Number
			j := i + 1
			for ; j < len(ending) && ending[j].To == end; j++ {
				numbers += ", " + ending[j].Number
			}
			count := int32(j - i)
			i = j
			due := end.AddDays(-last)
			f := domain.Finding{
				Rule:    domain.RulePermitExpiring,
				Subject: w.ID,
				Period:  end.String(),
				Due:     due,
				Facts:   c.facts(domain.DateFact("end", end), domain.DateFact("window_opens", end.AddDays(-window)), domain.String("permit", numbers), domain.Int("days_left", end.Sub(c.asOf))),
				Args:    domain.Args{Name: w.Name, Code: numbers, Date: end, Due: due, N: count},
			}
			if c.asOf > due {
				f.Status, f.Severity = domain.StatusMissed, domain.SeverityWarning
				f.Offence = due.AddDays(1)
				f.Key = domain.MsgPermitExpiringMissed
			} else {
				f.Status, f.Severity = domain.StatusOpen, domain.SeverityDue
				f.Key = domain.MsgPermitExpiringOpen
			}
			c.add(f, "")
		}
	}
}

// renewed reports whether another permit of w continues p: it starts on or
// before the day after p ends and ends after p.
func renewed(w *domain.Worker, p *domain.Permit) bool {
	for i := range w.Permits {
		q := &w.Permits[i]
		if q != p && q.From <= p.To.AddDays(1) && q.To > p.To {
			return true
		}
	}
	return false
}
