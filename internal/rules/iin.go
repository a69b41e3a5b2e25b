package rules

import "github.com/ruqsat/ruqsat/internal/domain"

// evalIINMissing: iin.missing. From iin_required_from (1 Sep 2025) every
// worker who needs a permit (permit, ict, special_route) and is engaged on
// the as-of date has an IIN.
func evalIINMissing(c *evalCtx) {
	if !c.inForce("iin_required_from", c.asOf) {
		return
	}
	for _, w := range c.workers {
		if w.IIN != "" || !w.Basis.NeedsPermit() || !w.EngagedOn(c.asOf) {
			continue
		}
		c.add(domain.Finding{
			Rule:     domain.RuleIINMissing,
			Subject:  w.ID,
			Severity: domain.SeverityWarning,
			Key:      domain.MsgIINMissing,
			Args:     domain.Args{Name: w.Name, Code: string(w.Basis)},
			Facts:    c.facts(domain.String("basis", string(w.Basis))),
		}, "")
	}
}
