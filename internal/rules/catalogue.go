package rules

import "github.com/ruqsat/ruqsat/internal/rules/params"

// rule is one entry of the catalogue: its id, its family (the file it lives
// in) and its evaluation. quota.risk is evaluated by quota.application's
// function, after every other rule, because it looks at their violations.
type rule struct {
	id     string
	family string
	eval   func(*evalCtx)
}

// catalogue lists every rule in evaluation order.
var catalogue = []rule{
	{"permit.missing", "permit", evalPermitMissing},
	{"permit.expiring", "permit", evalPermitExpiring},
	{"trip.limit", "trip", evalTripLimit},
	{"trip.notice", "trip", evalTripNotice},
	{"address.notice", "address", evalAddressNotice},
	{"report.monthly", "report", evalReportMonthly},
	{"contract.required", "contract", evalContractRequired},
	{"contract.esutd", "contract", evalContractESUTD},
	{"vacancy.posting", "vacancy", evalVacancyPosting},
	{"iin.missing", "iin", evalIINMissing},
	{"local_content.ratio", "local_content", evalLocalContentRatio},
	{"ict.share", "local_content", evalICTShare},
	{"quota.application", "quota", evalQuota},
	{"quota.risk", "quota", nil},
}

// Info describes a rule for `ruqsat rules` and the UI.
type Info struct {
	ID     string
	Family string
	params.RuleInfo
}

// Catalogue returns every rule with its title and legal basis from p.
func Catalogue(p *params.Set) []Info {
	out := make([]Info, len(catalogue))
	for i, r := range catalogue {
		out[i] = Info{ID: r.id, Family: r.family, RuleInfo: p.Rules[r.id]}
	}
	return out
}

// IDs returns the ids of every rule in catalogue order.
func IDs() []string {
	ids := make([]string, len(catalogue))
	for i, r := range catalogue {
		ids[i] = r.id
	}
	return ids
}
