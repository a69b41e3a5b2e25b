package rules

import (
	"strconv"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// localContentGroup is a group of categories that shares one minimum share
// of Kazakhstan citizens.
type localContentGroup struct {
	key   string
	cats  [2]domain.Category
	param string
}

var localContentGroups = []localContentGroup{
	{"cat1-2", [2]domain.Category{domain.Category1, domain.Category2}, "local_content_min_cat12"},
	{"cat3-4", [2]domain.Category{domain.Category3, domain.Category4}, "local_content_min_cat34"},
}

// evalLocalContentRatio: local_content.ratio. Among staff of categories 1-2,
// Kazakhstan citizens are at least local_content_min_cat12 (70 %); of
// categories 3-4, local_content_min_cat34 (90 %), counting foreign workers on
// basis permit engaged on the as-of date. A branch or representative office
// of a foreign company with at most local_content_branch_exempt_max (10)
// employees is exempt; its size is total_employees or, when absent,
// Kazakhstan staff plus engaged foreign workers. A branch with neither staff
// data nor total_employees is not assumed exempt. Without staff data: one
// info per group that has permit workers. A compliant group gives nothing.
func evalLocalContentRatio(c *evalCtx) {
	emp := &c.rec.Employer
	var foreign [6]int // by category
	engagedForeign := 0
	for _, w := range c.workers {
		if !w.EngagedOn(c.asOf) {
			continue
		}
		engagedForeign++
		if w.Basis == domain.BasisPermit && int(w.Category) < len(foreign) {
			foreign[w.Category]++
		}
	}
	if emp.BranchOfForeign {
		if max, ok := c.intParam("local_content_branch_exempt_max", c.asOf); ok {
			size := -1
			switch {
			case emp.TotalEmployees != nil:
				size = *emp.TotalEmployees
			case emp.StaffKZ != nil:
				size = engagedForeign
				for _, n := range emp.StaffKZ {
					size += n
				}
			}
			if size >= 0 && size <= max {
				return
			}
		}
	}
	for _, g := range localContentGroups {
		minimum, ok := c.decimalParam(g.param, c.asOf)
		if !ok {
			c.skip(domain.RuleLocalContentRatio, g.param)
			continue
		}
		nf := foreign[g.cats[0]] + foreign[g.cats[1]]
		if nf == 0 {
			continue
		}
		f := domain.Finding{Rule: domain.RuleLocalContentRatio, Subject: g.key}
		if emp.StaffKZ == nil {
			f.Severity = domain.SeverityInfo
			f.Key = domain.MsgLocalContentNoStaff
			f.Args = domain.Args{N: int32(nf), Bound: minimum}
			f.Facts = c.facts(domain.Int("foreign", nf), domain.Decimal("minimum", minimum), domain.Bool("staff_data", false))
			c.add(f, "")
			continue
		}
		kz := emp.StaffKZ[g.cats[0]] + emp.StaffKZ[g.cats[1]]
		share := float64(kz) / float64(kz+nf)
		if share >= minimum {
			continue
		}
		f.Severity = domain.SeverityWarning
		f.Key = domain.MsgLocalContentBelow
		f.Args = domain.Args{Share: share, Bound: minimum, Of: int32(kz), M: int32(kz + nf)}
		f.Facts = c.facts(domain.Decimal("kz_share", round6(share)), domain.Decimal("minimum", minimum), domain.Int("kz", kz), domain.Int("foreign", nf))
		c.add(f, "")
	}
}

// evalICTShare: ict.share. Intra-corporate transferees in a category are at
// most ict_share_max (50 %) of the Kazakhstan staff of that category: a
// warning when strictly more. Nothing without staff data.
func evalICTShare(c *evalCtx) {
	maxShare, ok := c.decimalParam("ict_share_max", c.asOf)
	if !ok {
		c.skip(domain.RuleICTShare, "ict_share_max")
		return
	}
	staff := c.rec.Employer.StaffKZ
	if staff == nil {
		return
	}
	var ict [5]int
	for _, w := range c.workers {
		if w.Basis == domain.BasisICT && w.EngagedOn(c.asOf) && w.Category >= domain.Category1 && w.Category <= domain.Category4 {
			ict[w.Category]++
		}
	}
	for cat := 1; cat <= 4; cat++ {
		n, kz := ict[cat], staff[cat]
		if n == 0 || float64(n) <= maxShare*float64(kz) {
			continue
		}
		facts := c.facts(domain.Int("ict", n), domain.Int("kz", kz), domain.Decimal("maximum", maxShare))
		if kz > 0 {
			facts = append(facts, domain.Decimal("share", round6(float64(n)/float64(kz))))
		}
		c.add(domain.Finding{
			Rule:     domain.RuleICTShare,
			Subject:  strconv.Itoa(cat),
			Severity: domain.SeverityWarning,
			Key:      domain.MsgICTShareOver,
			Args:     domain.Args{N: int32(n), Of: int32(kz), Bound: maxShare},
			Facts:    facts,
		}, "")
	}
}
