package rules

import (
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules/params"
)

// Family groups the rules about one kind of obligation: the permit rules,
// the migration-service notices of trips, ... It is shown to users; it is not
// the file a rule lives in (address.notice is in trip.go).
type Family string

// The families.
const (
	FamilyPermit       Family = "permit"
	FamilyTrip         Family = "trip"
	FamilyAddress      Family = "address"
	FamilyReport       Family = "report"
	FamilyContract     Family = "contract"
	FamilyVacancy      Family = "vacancy"
	FamilyIIN          Family = "iin"
	FamilyLocalContent Family = "local_content"
	FamilyICT          Family = "ict"
	FamilyQuota        Family = "quota"
)

// Subject is what a rule's findings are about: the kind of value in
// Finding.Subject.
type Subject string

// The subjects.
const (
	SubjectWorker        Subject = "worker"         // a worker's id
	SubjectEmployer      Subject = "employer"       // the literal "employer"; the period is the month reported on (report.monthly) or "" (permit.refusal_risk)
	SubjectRegion        Subject = "region"         // a region code (KZ-75)
	SubjectCategoryGroup Subject = "category_group" // "cat1-2" or "cat3-4"
	SubjectCategory      Subject = "category"       // a staff category, "1" to "4"
)

// rule is one entry of the catalogue: its id, family, subject and
// evaluation; its legal basis is params.Set.Rules[id]. quota.risk is
// evaluated by quota.application's function, after every other rule, because
// it looks at their violations.
type rule struct {
	id      domain.RuleID
	family  Family
	subject Subject
	eval    func(*evalCtx)
}

// catalogue lists every rule in evaluation order, the order of the
// domain.RuleID constants.
var catalogue = []rule{
	{domain.RulePermitMissing, FamilyPermit, SubjectWorker, evalPermitMissing},
	{domain.RulePermitExpiring, FamilyPermit, SubjectWorker, evalPermitExpiring},
	{domain.RuleTripLimit, FamilyTrip, SubjectWorker, evalTripLimit},
	{domain.RuleTripNotice, FamilyTrip, SubjectWorker, evalTripNotice},
	{domain.RuleAddressNotice, FamilyAddress, SubjectWorker, evalAddressNotice},
	{domain.RuleReportMonthly, FamilyReport, SubjectEmployer, evalReportMonthly},
	{domain.RuleContractRequired, FamilyContract, SubjectWorker, evalContractRequired},
	{domain.RuleContractESUTD, FamilyContract, SubjectWorker, evalContractESUTD},
	{domain.RuleVacancyPosting, FamilyVacancy, SubjectWorker, evalVacancyPosting},
	{domain.RuleIINMissing, FamilyIIN, SubjectWorker, evalIINMissing},
	{domain.RuleLocalContentRatio, FamilyLocalContent, SubjectCategoryGroup, evalLocalContentRatio},
	{domain.RuleICTShare, FamilyLocalContent, SubjectCategory, evalICTShare},
	{domain.RuleICTTerm, FamilyICT, SubjectWorker, evalICTTerm},
	{domain.RulePermitRefusalRisk, FamilyPermit, SubjectEmployer, evalPermitRefusalRisk},
	{domain.RuleQuotaApplication, FamilyQuota, SubjectRegion, evalQuota},
	{domain.RuleQuotaRisk, FamilyQuota, SubjectRegion, nil},
}

// Info describes a rule for `ruqsat rules` and the UI.
type Info struct {
	ID      domain.RuleID
	Family  Family
	Subject Subject
	params.RuleInfo
}

// Catalogue returns every rule with its title and legal basis from p.
func Catalogue(p *params.Set) []Info {
	out := make([]Info, len(catalogue))
	for i, r := range catalogue {
		out[i] = Info{ID: r.id, Family: r.family, Subject: r.subject, RuleInfo: p.Rules[r.id.String()]}
	}
	return out
}

// IDs returns the ids of every rule in catalogue order.
func IDs() []domain.RuleID {
	ids := make([]domain.RuleID, len(catalogue))
	for i, r := range catalogue {
		ids[i] = r.id
	}
	return ids
}
