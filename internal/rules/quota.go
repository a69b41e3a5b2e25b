package rules

import (
	"sort"
	"strconv"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// riskArticles are the CoAO articles whose penalties put a quota application
// at risk: contracts (86), reporting (98), notifications (518) and illegal
// attraction of foreign labour (519).
var riskArticles = map[string]bool{"86": true, "98": true, "518": true, "519": true}

// evalQuota: quota.application and quota.risk.
//
// quota.application: with the as-of date in year Y, for each region R an
// application for Y+1 is due when the employer plans engagements in R for Y+1
// (a plan with count 0 plans none) or has a quota-requiring worker (basis permit) engaged on 1 January of Y+1
// with a permit in R valid that day. The deadline is quota_deadline.R.Y when
// set (exact, not moved), else quota_deadline (30 September) of Y, moved to a
// working day when shift_fixed_deadlines is on. Late or missed: a warning
// (renewals and new permits may be refused).
//
// quota.risk: for every quota.application finding, a warning when the
// employer has a recorded CoAO 86, 98, 518 or 519 penalty, or a violation
// found by these rules, with its date in the quota_risk_window_months (12)
// up to the deadline, or a current local_content.ratio warning.
func evalQuota(c *evalCtx) {
	y := c.asOf.Year()
	target := y + 1
	jan1 := domain.NewDate(target, time.January, 1)
	if _, ok := c.param("quota_deadline", domain.NewDate(y, time.January, 1)); !ok {
		// Only regions with a deadline of their own for year y are evaluated.
		c.skip(domain.RuleQuotaApplication, "quota_deadline")
	}
	permits := map[domain.Region]int{}
	planned := map[domain.Region]int{}
	regions := map[domain.Region]bool{}
	for _, w := range c.workers {
		if w.Basis != domain.BasisPermit || !w.EngagedOn(jan1) {
			continue
		}
		seen := map[domain.Region]bool{}
		for i := range w.Permits {
			p := &w.Permits[i]
			if !p.Covers(jan1) {
				continue
			}
			for _, r := range p.Regions {
				if !seen[r] {
					seen[r] = true
					permits[r]++
					regions[r] = true
				}
			}
		}
	}
	for _, p := range c.rec.QuotaPlans {
		// A plan for no one (count 0) is not a planned engagement.
		if p.Year == target && p.Count > 0 {
			planned[p.Region] += p.Count
			regions[p.Region] = true
		}
	}
	order := make([]domain.Region, 0, len(regions))
	for r := range regions {
		order = append(order, r)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })

	localContentWarning := false
	for i := range c.findings {
		if f := &c.findings[i]; f.Rule == domain.RuleLocalContentRatio && f.Severity == domain.SeverityWarning {
			localContentWarning = true
		}
	}
	for _, r := range order {
		due, prov, ok := c.quotaDeadline(r, y)
		if !ok {
			continue
		}
		var submitted domain.Date
		for _, a := range c.rec.QuotaApplications {
			if a.Year == target && a.Region == r && a.Submitted <= c.asOf && (submitted.IsZero() || a.Submitted < submitted) {
				submitted = a.Submitted
			}
		}
		st := c.status(due, submitted)
		ts := strconv.Itoa(target)
		f := domain.Finding{
			Rule:        domain.RuleQuotaApplication,
			Subject:     string(r),
			Period:      ts,
			Status:      st,
			Severity:    severity(st, false),
			Due:         due,
			Provisional: prov,
			Facts:       c.facts(domain.Int("permits", permits[r]), domain.Int("planned", planned[r])),
			Key:         domain.MsgQuotaOpen + domain.MessageKey(st-domain.StatusOpen),
			Args:        domain.Args{Due: due, N: int32(permits[r]), M: int32(planned[r]), Year: int32(target)},
		}
		switch st {
		case domain.StatusDone:
			f.Facts = append(f.Facts, domain.DateFact("submitted", submitted))
			f.Args.Done = submitted
		case domain.StatusLate:
			f.Offence = due.AddDays(1)
			f.Facts = append(f.Facts, domain.DateFact("submitted", submitted))
			f.Args.Done = submitted
		case domain.StatusMissed:
			f.Offence = due.AddDays(1)
		}
		c.add(f, "")
		c.quotaRisk(r, target, due, prov, localContentWarning)
	}
}

// quotaDeadline returns the deadline of the application filed in year y for
// region r.
func (c *evalCtx) quotaDeadline(r domain.Region, y int) (domain.Date, bool, bool) {
	if p, ok := c.e.params.Param("quota_deadline." + string(r) + "." + strconv.Itoa(y)); ok && len(p.Values) > 0 {
		v := p.Values[len(p.Values)-1]
		return v.Date, false, true
	}
	v, ok := c.param("quota_deadline", domain.NewDate(y, time.January, 1))
	if !ok {
		return 0, false, false
	}
	d, prov := c.fixedDeadline(y, time.Month(v.Month), v.Day)
	return d, prov, true
}

func (c *evalCtx) quotaRisk(r domain.Region, year int, due domain.Date, prov, localContent bool) {
	months, ok := c.intParam("quota_risk_window_months", due)
	if !ok {
		c.skip(domain.RuleQuotaRisk, "quota_risk_window_months")
		return
	}
	from := due.AddMonths(-months)
	reasons := map[string]bool{}
	for _, p := range c.rec.Penalties {
		if riskArticles[p.Article] && p.Date <= c.asOf && from <= p.Date && p.Date <= due {
			reasons["CoAO "+p.Article] = true
		}
	}
	for _, o := range c.offences {
		if from <= o.date && o.date <= due {
			reasons[o.rule.String()] = true
		}
	}
	if localContent {
		reasons[domain.RuleLocalContentRatio.String()] = true
	}
	if len(reasons) == 0 {
		return
	}
	list := make([]string, 0, len(reasons))
	for k := range reasons {
		list = append(list, k)
	}
	sort.Strings(list)
	c.add(domain.Finding{
		Rule:        domain.RuleQuotaRisk,
		Subject:     string(r),
		Period:      strconv.Itoa(year),
		Severity:    domain.SeverityWarning,
		Provisional: prov,
		Key:         domain.MsgQuotaRisk,
		Args:        domain.Args{Due: due, Other: from, Year: int32(year)},
		Facts:       c.facts(domain.List("reasons", list), domain.DateFact("window_from", from), domain.DateFact("window_to", due)),
	}, "")
}
