package domain

import "fmt"

// Severity says how serious a finding is. It is a small integer, because an
// evaluation makes millions of findings; its text form is its name.
type Severity uint8

// Severities, from the most serious. The zero value is no severity.
const (
	SeverityViolation Severity = 1 + iota // an offence has happened
	SeverityWarning                       // a risk or a planned breach
	SeverityDue                           // an open obligation
	SeverityInfo
)

var severityNames = [...]string{"", "violation", "warning", "due", "info"}

// String returns "violation", "warning", "due", "info" or "".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return ""
}

// Rank orders severities: violation 0, warning 1, due 2, info 3.
func (s Severity) Rank() int {
	if s == 0 || int(s) >= len(severityNames) {
		return len(severityNames)
	}
	return int(s) - 1
}

// ParseSeverity returns the severity named s.
func ParseSeverity(s string) (Severity, bool) {
	for i, n := range severityNames {
		if i > 0 && n == s {
			return Severity(i), true
		}
	}
	return 0, false
}

// MarshalText returns the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return fmt.Errorf("unknown severity %q", b)
	}
	*s = v
	return nil
}

// Status is the state of an obligation; StatusNone for findings that are not
// one.
type Status uint8

// Obligation statuses.
const (
	StatusNone   Status = iota // not an obligation
	StatusOpen                 // not done, deadline not passed
	StatusDone                 // done on time
	StatusLate                 // done after the deadline
	StatusMissed               // not done and past the deadline
)

var statusNames = [...]string{"", "open", "done", "late", "missed"}

// String returns "open", "done", "late", "missed" or "".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return ""
}

// ParseStatus returns the status named s ("" is StatusNone).
func ParseStatus(s string) (Status, bool) {
	for i, n := range statusNames {
		if n == s {
			return Status(i), true
		}
	}
	return 0, false
}

// MarshalText returns the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a status's name.
func (s *Status) UnmarshalText(b []byte) error {
	v, ok := ParseStatus(string(b))
	if !ok {
		return fmt.Errorf("unknown status %q", b)
	}
	*s = v
	return nil
}

// Citation is the legal basis of a finding: an act, a reference within it, the
// confidence ruqsat has in it (H, M or L) and, where the law is unclear, the
// interpretation ruqsat applies.
type Citation struct {
	Act string `json:"act"`
	// ActTitle is the act's title, in the language the finding is told in.
	ActTitle       string `json:"act_title"`
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
	Rule RuleID `json:"rule"`
	// Title is the rule's title, in the language of Message.
	Title    string   `json:"title"`
	Subject  string   `json:"subject"`
	Period   string   `json:"period"`
	Severity Severity `json:"severity"`
	Status   Status   `json:"status"`
	Due      Date     `json:"due"`
	// Message is the finding told in one language; Key and Args are what it
	// is rendered from (package i18n). The rules leave it empty.
	Message string     `json:"message"`
	Basis   []Citation `json:"basis"`
	Fine    *Fine      `json:"fine"`
	Facts   Facts      `json:"facts"`
	// Provisional is true when the finding depends on a calendar year without
	// verified data.
	Provisional bool `json:"provisional,omitempty"`
	// Offence is the date of the offence for violations and late or missed
	// obligations (zero otherwise). It is in Facts as "offence_date" too.
	Offence Date `json:"-"`
	// Key and Args: the sentence the finding is told in, and its values.
	Key  MessageKey `json:"-"`
	Args Args       `json:"-"`
}
