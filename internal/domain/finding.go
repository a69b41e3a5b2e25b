package domain

// Severity says how serious a finding is.
type Severity string

// Severities, from the most serious.
const (
	SeverityViolation Severity = "violation" // an offence has happened
	SeverityWarning   Severity = "warning"   // a risk or a planned breach
	SeverityDue       Severity = "due"       // an open obligation
	SeverityInfo      Severity = "info"
)

// Rank orders severities: violation 0, warning 1, due 2, info 3.
func (s Severity) Rank() int {
	switch s {
	case SeverityViolation:
		return 0
	case SeverityWarning:
		return 1
	case SeverityDue:
		return 2
	}
	return 3
}

// Status is the state of an obligation; empty for findings that are not one.
type Status string

// Obligation statuses.
const (
	StatusNone   Status = ""
	StatusOpen   Status = "open"   // not done, deadline not passed
	StatusDone   Status = "done"   // done on time
	StatusLate   Status = "late"   // done after the deadline
	StatusMissed Status = "missed" // not done and past the deadline
)

// Citation is the legal basis of a finding: an act, a reference within it, the
// confidence ruqsat has in it (H, M or L) and, where the law is unclear, the
// interpretation ruqsat applies.
type Citation struct {
	Act            string `json:"act"`
	Ref            string `json:"ref"`
	Confidence     string `json:"confidence"`
	URL            string `json:"url"`
	Interpretation string `json:"interpretation,omitempty"`
}

// Fine is the penalty a finding exposes the employer to. MCI is the multiple
// of the monthly calculation index; KZT = MCI × the index in force on the
// offence date.
// Warning is true when the penalty is a warning only.
type Fine struct {
	Article string `json:"article"`
	Part    string `json:"part"`
	MCI     int    `json:"mci"`
	KZT     *int64 `json:"kzt"` // nil when no MCI is known for the offence date
	Warning bool   `json:"warning"`
}

// Finding is one result of evaluating a rule: what it is about (Rule, Subject,
// Period identify it), how serious it is, its deadline, the facts counted, the
// legal basis and the fine.
type Finding struct {
	Rule     string     `json:"rule"`
	Subject  string     `json:"subject"`
	Period   string     `json:"period"`
	Severity Severity   `json:"severity"`
	Status   Status     `json:"status"`
	Due      Date       `json:"due"`
	Message  string     `json:"message"`
	Basis    []Citation `json:"basis"`
	Fine     *Fine      `json:"fine"`
	Facts    Facts      `json:"facts"`
	// Provisional is true when the finding depends on a calendar year without
	// verified data.
	Provisional bool `json:"provisional,omitempty"`
	// Offence is the date of the offence for violations and late or missed
	// obligations (zero otherwise). It is in Facts as "offence_date" too.
	Offence Date `json:"-"`
}
