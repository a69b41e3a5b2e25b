package rules

import (
	"slices"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// evalVacancyPosting: vacancy.posting. From vacancy_posting_from (1 Sep 2025,
// by filing date) a permit application may be filed only
// vacancy_posting_days (15) calendar days or more after the vacancy was
// posted on the state labour exchange, quoting its code. An application
// without a posting date or a code is a violation too. A filing dated after
// the as-of date has not happened yet; a compliant one gives no finding.
// Applications filed on the same day for one worker give at most one finding
// (the first breach in order of posting date and code): rule, subject and
// period identify a finding.
func evalVacancyPosting(c *evalCtx) {
	var apps []*domain.Application
	for _, w := range c.workers {
		apps = apps[:0]
		for i := range w.Applications {
			apps = append(apps, &w.Applications[i])
		}
		slices.SortFunc(apps, func(a, b *domain.Application) int {
			if a.Filed != b.Filed {
				return int(a.Filed - b.Filed)
			}
			if a.VacancyPosted != b.VacancyPosted {
				return int(a.VacancyPosted - b.VacancyPosted)
			}
			return strings.Compare(a.VacancyCode, b.VacancyCode)
		})
		var reported domain.Date
		for _, a := range apps {
			if a.Filed == reported || a.Filed > c.asOf || !c.inForce("vacancy_posting_from", a.Filed) {
				continue
			}
			days, ok := c.intParam("vacancy_posting_days", a.Filed)
			if !ok {
				continue
			}
			facts := c.facts(domain.DateFact("filed", a.Filed), domain.Int("min_days", days))
			var problem domain.MessageKey
			var earliest domain.Date
			switch {
			case a.VacancyPosted.IsZero() && a.VacancyCode == "":
				problem = domain.MsgVacancyNoDateNoCode
			case a.VacancyPosted.IsZero():
				problem = domain.MsgVacancyNoDate
			default:
				earliest = a.VacancyPosted.AddDays(days)
				facts = append(facts, domain.DateFact("earliest", earliest))
				facts = append(facts, domain.DateFact("posted", a.VacancyPosted))
				if a.Filed < earliest {
					problem = domain.MsgVacancyTooEarly
				} else if a.VacancyCode == "" {
					problem = domain.MsgVacancyNoCode
				}
			}
			if problem == 0 {
				continue
			}
			if a.VacancyCode != "" {
				facts = append(facts, domain.String("vacancy_code", a.VacancyCode))
			}
			reported = a.Filed
			c.add(domain.Finding{
				Rule:     domain.RuleVacancyPosting,
				Subject:  w.ID,
				Period:   a.Filed.String(),
				Severity: domain.SeverityViolation,
				Offence:  a.Filed,
				Key:      problem,
				Args:     domain.Args{Name: w.Name, Date: a.Filed, Done: a.VacancyPosted, Other: earliest},
				Facts:    facts,
			}, "")
		}
	}
}
