package domain

import "fmt"

// RuleID names a rule of the catalogue (RULES.md §5). It is a small integer
// rather than a string, so that a misspelt id is a compile error instead of a
// finding without a legal basis, and a finding stays small; its text form is
// the id ("permit.missing"). The zero value is no rule.
//
// The constants are in evaluation order; package rules maps each one to its
// family, subject, evaluation and legal basis.
type RuleID uint8

// The rules.
const (
	RulePermitMissing     RuleID = 1 + iota // permit.missing
	RulePermitExpiring                      // permit.expiring
	RuleTripLimit                           // trip.limit
	RuleTripNotice                          // trip.notice
	RuleAddressNotice                       // address.notice
	RuleReportMonthly                       // report.monthly
	RuleContractRequired                    // contract.required
	RuleContractESUTD                       // contract.esutd
	RuleVacancyPosting                      // vacancy.posting
	RuleIINMissing                          // iin.missing
	RuleLocalContentRatio                   // local_content.ratio
	RuleICTShare                            // ict.share
	RuleICTTerm                             // ict.term
	RulePermitRefusalRisk                   // permit.refusal_risk
	RuleQuotaApplication                    // quota.application
	RuleQuotaRisk                           // quota.risk
)

var ruleNames = [...]string{"",
	"permit.missing",
	"permit.expiring",
	"trip.limit",
	"trip.notice",
	"address.notice",
	"report.monthly",
	"contract.required",
	"contract.esutd",
	"vacancy.posting",
	"iin.missing",
	"local_content.ratio",
	"ict.share",
	"ict.term",
	"permit.refusal_risk",
	"quota.application",
	"quota.risk",
}

// RuleIDs returns every rule id, in evaluation order.
func RuleIDs() []RuleID {
	ids := make([]RuleID, len(ruleNames)-1)
	for i := range ids {
		ids[i] = RuleID(i + 1)
	}
	return ids
}

// String returns the rule's id ("permit.missing"), or "" for the zero value
// and values that name no rule.
func (r RuleID) String() string {
	if int(r) < len(ruleNames) {
		return ruleNames[r]
	}
	return ""
}

// ParseRuleID returns the rule whose id is s.
func ParseRuleID(s string) (RuleID, bool) {
	for i, n := range ruleNames {
		if i > 0 && n == s {
			return RuleID(i), true
		}
	}
	return 0, false
}

// MarshalText returns the rule's id.
func (r RuleID) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText parses a rule's id; the empty string gives the zero value.
func (r *RuleID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = 0
		return nil
	}
	v, ok := ParseRuleID(string(b))
	if !ok {
		return fmt.Errorf("unknown rule %q", b)
	}
	*r = v
	return nil
}
