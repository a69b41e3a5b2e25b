package rules

import (
	"github.com/ruqsat/ruqsat/internal/domain"
)

// evalPermitRefusalRisk: permit.refusal_risk. A permit is refused for 12
// months after the employer engaged foreign workers without a permit. One
// warning for the employer (period "") when, on the as-of date, a
// permit.missing violation is found (new permits may be refused until as-of
// + permit_refusal_days, 365) or a CoAO 519 penalty is recorded with date D
// and D ≤ as-of ≤ D + 365 (until D + 365). Facts: until, the latest of these
// ends, and the reasons, sorted: "CoAO 519", "permit.missing". It runs after
// permit.missing, whose findings it reads.
func evalPermitRefusalRisk(c *evalCtx) {
	days, ok := c.intParam("permit_refusal_days", c.asOf)
	if !ok {
		c.skip(domain.RulePermitRefusalRisk, "permit_refusal_days")
		return
	}
	var until domain.Date
	penalty := false
	for _, p := range c.rec.Penalties {
		if end := p.Date.AddDays(days); p.Article == "519" && !p.Date.IsZero() && p.Date <= c.asOf && c.asOf <= end {
			penalty = true
			until = max(until, end)
		}
	}
	missing := false
	for i := range c.findings {
		if f := &c.findings[i]; f.Rule == domain.RulePermitMissing && f.Severity == domain.SeverityViolation {
			missing = true
			until = max(until, c.asOf.AddDays(days))
			break
		}
	}
	if !penalty && !missing {
		return
	}
	reasons := make([]string, 0, 2)
	if penalty {
		reasons = append(reasons, "CoAO 519")
	}
	if missing {
		reasons = append(reasons, domain.RulePermitMissing.String())
	}
	c.add(domain.Finding{
		Rule:     domain.RulePermitRefusalRisk,
		Subject:  "employer",
		Severity: domain.SeverityWarning,
		Key:      domain.MsgPermitRefusalRisk,
		Args:     domain.Args{Date: until},
		Facts:    c.facts(domain.DateFact("until", until), domain.List("reasons", reasons)),
	}, "")
}
