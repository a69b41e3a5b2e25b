package domain

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the records model. They are the same through every door (a
// scenario file, a CSV or XLSX import, the API, the web UI, the CLI):
// Records.Validate enforces them, and the readers of each door size their
// own input caps from them.
const (
	MaxNameLen = 300    // characters of a name, a position, a title
	MaxCodeLen = 64     // characters of an id, a number, a code
	MaxTextLen = 10_000 // characters of free text

	MaxWorkers           = 20_000 // workers of one employer
	MaxPermits           = 1_000  // permits of one worker
	MaxTrips             = 5_000  // business trips of one worker
	MaxAddressChanges    = 1_000  // address changes of one worker
	MaxApplications      = 1_000  // permit applications of one worker
	MaxReports           = 10_000 // monthly reports of one employer
	MaxQuotaPlans        = 10_000 // quota plans of one employer
	MaxQuotaApplications = 10_000 // quota applications of one employer
	MaxPenalties         = 10_000 // penalties of one employer
	MaxQuotaContracts    = 10_000 // quota contracts of one employer
	MaxMonthlyFigures    = 10_000 // months of figures of one employer
	MaxExperienceYears   = 80     // years of a worker's experience
	MaxWorkerDocuments   = 100    // documents on file for one worker
	MaxCount             = 10_000_000

	// MaxProblems is the most problems Validate lists; it counts the rest.
	MaxProblems = 100

	// MaxRecordsBytes is the most bytes of one employer's records a door
	// reads as one document (a scenario file, an API body): an employer at
	// MaxWorkers with five trips each is about 20 MB in either form.
	MaxRecordsBytes = 64 << 20
)

// TextLimits gives the most characters of each text field of the records,
// by its path without list indexes. The validator enforces them; the API's
// schema states them (its test compares the two).
var TextLimits = map[string]int{
	"employer.name":                     MaxNameLen,
	"workers.id":                        MaxCodeLen,
	"workers.name":                      MaxNameLen,
	"workers.position":                  MaxNameLen,
	"workers.permits.number":            MaxCodeLen,
	"workers.applications.vacancy_code": MaxCodeLen,
	"quota_plans.position":              MaxNameLen,
	"penalties.part":                    MaxCodeLen,
	"employer.address":                  MaxNameLen,
	"employer.phone":                    MaxCodeLen,
	"employer.email":                    MaxNameLen,
	"employer.director.name":            MaxNameLen,
	"employer.director.position":        MaxNameLen,
	"workers.passport.number":           MaxCodeLen,
	"workers.documents.number":          MaxCodeLen,
	"workers.passport.issuer":           MaxNameLen,
	"workers.education.institution":     MaxNameLen,
	"workers.education.specialty":       MaxNameLen,
	"quota_plans.justification":         MaxTextLen,
	"quota_contracts.customer":          MaxNameLen,
	"quota_contracts.number":            MaxCodeLen,
}

// The dates a record may hold: events (engagements, permits, trips,
// reports, as-of dates) fall within the years the working-day calendar
// covers; people are born from 1900 on.
var (
	MinEventDate = NewDate(1990, 1, 1)
	MaxEventDate = NewDate(2100, 12, 31)
	MinBirthDate = NewDate(1900, 1, 1)
	MinYear      = 1990
	MaxYear      = 2100
)

// Articles are the articles of the Code of Administrative Offences whose
// penalties ruqsat knows.
var Articles = []string{"86", "98", "518", "519"}

// Validation problem codes: what is wrong with a value. A problem's Args
// hold the parameters of its message; Message writes it in English.
const (
	CodeRequired    = "required"     // a value is missing
	CodeInvalidText = "invalid_text" // not UTF-8, or a NUL or control character
	CodeTooLong     = "too_long"     // Args: max, len (characters)
	CodeTooMany     = "too_many"     // a list is longer than the model allows; Args: max, len
	CodeEmptyList   = "empty_list"   // a list needs at least one item
	CodeNotOneOf    = "not_one_of"   // Args: value, allowed ([]string)
	CodeLowerCase   = "lower_case"   // a code written in lower case; Args: value, want
	CodeIdentifier  = "identifier"   // a BIN or IIN; Args: kind, value, reason
	CodeOutOfRange  = "out_of_range" // a number; Args: value, min, max
	CodeDateRange   = "date_range"   // a date or month; Args: value, min, max
	CodeBefore      = "before"       // an end before its start; Args: value, start_key, start
	CodeDuplicate   = "duplicate"    // Args: value; Other: the first
	CodeEAEU        = "eaeu"         // basis eaeu for a non-member; Args: value, members
	CodeKZCitizen   = "kz_citizen"   // a worker with Kazakhstan's citizenship; Args: value
	CodeFormat      = "format"       // a door could not read a value; Args: value, want
)

// PathSeg is one step of a Path: a key, with the index of an item of the
// list under that key, or -1.
type PathSeg struct {
	Key   string
	Index int
}

// Path addresses a value within Records in the names of the API's JSON
// (docs/SCENARIO.md has the same names; its quota section nests them):
// workers[3].permits[0].to, employer.staff_kz[2], quota_plans[1].year.
type Path []PathSeg

// String writes the path as workers[3].permits[0].to.
func (p Path) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.Key)
		if s.Index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.Index))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// Pointer writes the path as a JSON pointer (RFC 6901) into the API's
// records: /workers/3/permits/0/to.
func (p Path) Pointer() string {
	var b strings.Builder
	for _, s := range p {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(s.Key, "~", "~0"), "/", "~1"))
		if s.Index >= 0 {
			b.WriteByte('/')
			b.WriteString(strconv.Itoa(s.Index))
		}
	}
	return b.String()
}

// Leaf returns the last key of the path, "" for the empty path.
func (p Path) Leaf() string {
	if len(p) == 0 {
		return ""
	}
	return p[len(p)-1].Key
}

// key returns a copy of p with key k added.
func (p Path) key(k string) Path {
	q := make(Path, len(p), len(p)+1)
	copy(q, p)
	return append(q, PathSeg{Key: k, Index: -1})
}

// item returns a copy of p with key k and item i added.
func (p Path) item(k string, i int) Path {
	q := make(Path, len(p), len(p)+1)
	copy(q, p)
	return append(q, PathSeg{Key: k, Index: i})
}

// Problem is one thing wrong with records: where (Path), what (Code), and
// the parameters of its message (Args). Other is the path of the value a
// duplicate repeats.
type Problem struct {
	Path  Path
	Code  string
	Args  map[string]any
	Other Path
}

// Message writes the problem in English, without its place: where writes a
// path the way the door names places (a line, a row, a JSON pointer); nil
// writes Path.String.
func (p Problem) Message(where func(Path) string) string {
	if where == nil {
		where = Path.String
	}
	a := p.Args
	what := Describe(p.Path)
	switch p.Code {
	case CodeRequired:
		switch {
		case a["members"] != nil:
			what = "the citizenship of an EAEU member (" + strings.Join(a["members"].([]string), ", ") + ") for basis eaeu"
		case a["basis"] != nil:
			what = fmt.Sprintf("%s for a worker on basis %v", what, a["basis"])
		}
		if c, ok := choices[p.Path.Leaf()]; ok {
			what += ": " + ListWords(c)
		}
		if leaf := p.Path.Leaf(); leaf != "" {
			return leaf + " is missing; expected " + what
		}
		return "missing; expected " + what
	case CodeInvalidText:
		return fmt.Sprintf("%s; expected %s, on one line", a["reason"], what)
	case CodeTooLong:
		return fmt.Sprintf("%d characters long; expected at most %d", a["len"], a["max"])
	case CodeTooMany:
		return fmt.Sprintf("the list has %d items; expected at most %d", a["len"], a["max"])
	case CodeEmptyList:
		return "the list is empty; expected at least one item: " + what
	case CodeNotOneOf:
		kind := kinds[p.Path.Leaf()]
		if kind == "" {
			kind = "a value allowed"
		}
		allowed := a["allowed"].([]string)
		if len(allowed) > 5 {
			return fmt.Sprintf("%s is not %s; expected one of %s", quoteValue(a["value"]), kind, strings.Join(allowed, ", "))
		}
		return fmt.Sprintf("%s is not %s; expected %s", quoteValue(a["value"]), kind, ListWords(allowed))
	case CodeLowerCase:
		return fmt.Sprintf("%s is in lower case; expected %s", quoteValue(a["value"]), a["want"])
	case CodeIdentifier:
		return fmt.Sprint(a["reason"])
	case CodeOutOfRange:
		return fmt.Sprintf("%d is out of range; expected %s from %d to %d", a["value"], what, a["min"], a["max"])
	case CodeDateRange:
		return fmt.Sprintf("%v is out of range; expected %s from %v to %v", a["value"], what, a["min"], a["max"])
	case CodeBefore:
		return fmt.Sprintf("%v is before %s %v; expected a day on or after it", a["value"], a["start_key"], a["start"])
	case CodeDuplicate:
		return fmt.Sprintf("%s is repeated from %s; expected each once", quoteValue(a["value"]), where(p.Other))
	case CodeFormat:
		return fmt.Sprintf("%s is not %s", quoteValue(a["value"]), a["want"])
	case CodeEAEU:
		return fmt.Sprintf("basis eaeu is only for citizens of EAEU members (%s), and citizenship is %v; expected another basis or citizenship",
			strings.Join(a["members"].([]string), ", "), a["value"])
	case CodeKZCitizen:
		return fmt.Sprintf("citizenship %v is Kazakhstan's, and a foreign worker is not a Kazakhstan citizen; expected the worker's foreign citizenship (Kazakhstan citizens are counted in the employer's staff)", a["value"])
	}
	return p.Code
}

func quoteValue(v any) string {
	s := fmt.Sprint(v)
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strconv.Quote(s)
}

// ListWords writes "a, b or c".
func ListWords(w []string) string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " or " + w[len(w)-1]
}

// descriptions says what the value at a path is, by the keys of its last
// two steps ("permits.to") or its last ("to").
var descriptions = map[string]string{
	"employer.bin":                 "the employer's BIN, 12 digits",
	"employer.name":                "the employer's name",
	"employer.size":                "a business size",
	"employer.staff_kz":            "a number of staff",
	"employer.total_employees":     "a number of employees",
	"workers.id":                   "the worker's id, unique for the employer",
	"workers.name":                 "the worker's name",
	"workers.citizenship":          "an ISO 3166-1 alpha-2 country code such as GB",
	"workers.iin":                  "the worker's IIN, 12 digits",
	"workers.birth_date":           "the worker's date of birth",
	"workers.basis":                "the basis of engagement",
	"workers.category":             "the worker's category: 1, 2, 3, 4 or seasonal",
	"workers.position":             "the worker's position",
	"workers.start":                "the first day of the engagement",
	"workers.end":                  "the last day of the engagement",
	"contract.signed":              "the day the contract was signed",
	"contract.registered":          "the day the contract was registered",
	"permits.number":               "the permit number",
	"permits.regions":              "a region code (ISO 3166-2:KZ), such as KZ-75",
	"permits.from":                 "the first day the permit is valid",
	"permits.to":                   "the last day the permit is valid",
	"trips.region":                 "the region of the trip (ISO 3166-2:KZ), such as KZ-71",
	"trips.from":                   "the first day of the trip",
	"trips.to":                     "the last day of the trip",
	"trips.notified":               "the day the trip was notified",
	"address_changes.date":         "the day the address changed",
	"address_changes.notified":     "the day the address change was notified",
	"applications.filed":           "the day the application was filed",
	"applications.vacancy_posted":  "the day the vacancy was posted",
	"applications.vacancy_code":    "the vacancy's code on the labour exchange",
	"reports.month":                "the month reported on",
	"reports.submitted":            "the day the report was submitted",
	"quota_plans.year":             "the year of the planned engagement",
	"quota_plans.region":           "the region of the planned engagement (ISO 3166-2:KZ)",
	"quota_plans.category":         "the category: 1, 2, 3, 4 or seasonal",
	"quota_plans.position":         "the position's title",
	"quota_plans.count":            "the number of workers planned",
	"quota_applications.year":      "the year the quota is for",
	"quota_applications.region":    "the region of the application (ISO 3166-2:KZ)",
	"quota_applications.submitted": "the day the application was submitted",
	"penalties.article":            "an article of the Code of Administrative Offences ruqsat knows",
	"penalties.part":               "the part of the article",
	"penalties.date":               "the day the penalty was imposed",
	"employer.address":             "the employer's address",
	"employer.phone":               "the employer's phone number",
	"employer.email":               "the employer's e-mail address",
	"director.name":                "the director's full name",
	"director.position":            "the director's position",
	"passport.number":              "the passport number",
	"passport.issued":              "the day the passport was issued",
	"passport.expires":             "the last day the passport is valid",
	"passport.issuer":              "the authority that issued the passport",
	"education.level":              "the level of education",
	"education.institution":        "the educational institution",
	"education.specialty":          "the specialty studied",
	"education.graduated":          "the year of graduation",
	"workers.experience_years":     "the worker's years of work experience",
	"documents.kind":               "the kind of document",
	"documents.number":             "the document's number",
	"documents.issued":             "the day the document was issued",
	"documents.expires":            "the last day the document is valid",
	"workers.permits":              "a permit, whose region's local executive body the letter is addressed to (or the region named)",
	"quota_plans.justification":    "why the workers are needed",
	"quota_contracts.customer":     "the customer of the contract",
	"quota_contracts.number":       "the contract's number",
	"quota_contracts.date":         "the day the contract was signed",
	"quota_contracts.region":       "the region of the contract's work (ISO 3166-2:KZ)",
	"monthly_figures":              "the month's figures (citizens trained, who replaced foreign workers, working; jobs created)",
	"monthly_figures.month":        "the month of the figures",
	"monthly_figures.kz_trained":   "a number of citizens trained",
	"monthly_figures.kz_replaced":  "a number of citizens who replaced foreign workers",
	"monthly_figures.kz_working":   "a number of citizens working",
	"monthly_figures.jobs_created": "a number of jobs created",
	"as_of":                        "the as-of date",
	"workers":                      "the workers",
}

// kinds names the kind of value a key holds, for "is not" messages.
var kinds = map[string]string{
	"size":        "a business size",
	"basis":       "an engagement basis",
	"article":     "an article ruqsat knows",
	"region":      "a region code",
	"regions":     "a region code",
	"citizenship": "a country code",
	"category":    "a category",
	"level":       "a level of education",
	"kind":        "a kind of document",
}

// choices lists the values a key allows, for "is missing" messages.
var choices = map[string][]string{
	"size":    sizeWords,
	"basis":   basisWords,
	"article": Articles,
	"level":   levelWords,
	"kind":    docKindWords,
}

// Describe says in English what the value at p is ("the last day the permit
// is valid"); the path's text when the model has no words for it.
func Describe(p Path) string {
	if len(p) >= 2 {
		if d, ok := descriptions[p[len(p)-2].Key+"."+p[len(p)-1].Key]; ok {
			return d
		}
	}
	if d, ok := descriptions[p.Leaf()]; ok {
		return d
	}
	return p.String()
}

// Problems is what Validate found: at most MaxProblems of them, and how many
// more there were. As an error it is EINVALID.
type Problems struct {
	List []Problem
	More int
}

// Error lists the problems, one a line, as "path: message".
func (ps *Problems) Error() string {
	var b strings.Builder
	for i, p := range ps.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Path.String())
		b.WriteString(": ")
		b.WriteString(p.Message(nil))
	}
	if ps.More > 0 {
		fmt.Fprintf(&b, "\n(and %d more problems)", ps.More)
	}
	return b.String()
}

// Err returns ps as an *Error with code EINVALID whose message lists the
// problems, and whose Problems are ps; nil when there are none.
func (ps *Problems) Err() error {
	if ps == nil || len(ps.List) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: ps.Error(), Problems: ps}
}

// validator collects problems; paths are built only for a problem. A
// problem at a path skip reports is left out.
type validator struct {
	ps   Problems
	skip func(Path) bool
}

// add records a problem and reports whether it is listed.
func (v *validator) add(p Path, code string, args map[string]any) bool {
	if v.skip != nil && v.skip(p) {
		return false
	}
	if len(v.ps.List) >= MaxProblems {
		v.ps.More++
		return false
	}
	v.ps.List = append(v.ps.List, Problem{Path: p, Code: code, Args: args})
	return true
}

// CheckText reports what is wrong with a one-line text of at most max
// characters: "" when nothing is, else CodeInvalidText or CodeTooLong with
// the problem's arguments. Every text that enters ruqsat, query parameters
// and login names included, goes through it.
func CheckText(s string, max int) (code string, args map[string]any) {
	if len(s) > max { // bytes ≥ characters: only then count
		if n := utf8.RuneCountInString(s); n > max {
			return CodeTooLong, map[string]any{"max": max, "len": n}
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			return checkTextSlow(s)
		}
	}
	return "", nil
}

func checkTextSlow(s string) (string, map[string]any) {
	if !utf8.ValidString(s) {
		return CodeInvalidText, map[string]any{"reason": "the text is not valid UTF-8"}
	}
	for _, r := range s {
		if r == 0 {
			return CodeInvalidText, map[string]any{"reason": "the text holds a NUL character"}
		}
		// Line and paragraph separators break a line as \n does; bidi
		// controls make a text show other than it reads (a name that
		// displays as another).
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return CodeInvalidText, map[string]any{"reason": "the text holds a line break or control character"}
		}
	}
	return "", nil
}

// text checks an optional one-line text.
func (v *validator) text(p func() Path, s string, max int) {
	if s == "" {
		return
	}
	if code, args := CheckText(s, max); code != "" {
		v.add(p(), code, args)
	}
}

// requiredText checks a text that must be given.
func (v *validator) requiredText(p func() Path, s string, max int) bool {
	if s == "" {
		v.add(p(), CodeRequired, nil)
		return false
	}
	code, args := CheckText(s, max)
	if code != "" {
		v.add(p(), code, args)
		return false
	}
	return true
}

func (v *validator) date(p func() Path, d, lo, hi Date, required bool) {
	switch {
	case d.IsZero():
		if required {
			v.add(p(), CodeRequired, nil)
		}
	case d < lo || d > hi:
		v.add(p(), CodeDateRange, map[string]any{"value": d, "min": lo, "max": hi})
	}
}

func (v *validator) event(p func() Path, d Date, required bool) {
	v.date(p, d, MinEventDate, MaxEventDate, required)
}

// ordered checks that end is not before start.
func (v *validator) ordered(p func() Path, start, end Date, startKey string) {
	if !start.IsZero() && !end.IsZero() && end < start {
		v.add(p(), CodeBefore, map[string]any{"value": end, "start_key": startKey, "start": start})
	}
}

func (v *validator) count(p func() Path, n, lo, hi int) {
	if n < lo || n > hi {
		v.add(p(), CodeOutOfRange, map[string]any{"value": n, "min": lo, "max": hi})
	}
}

func (v *validator) list(p Path, n, max int) {
	if n > max {
		v.add(p, CodeTooMany, map[string]any{"max": max, "len": n})
	}
}

func (v *validator) region(p func() Path, r Region, required bool) {
	switch {
	case r == "":
		if required {
			v.add(p(), CodeRequired, nil)
		}
	case !r.Valid():
		if code, _ := CheckText(string(r), MaxCodeLen); code != "" {
			v.add(p(), CodeInvalidText, map[string]any{"reason": "the region code is not a code"})
			return
		}
		v.add(p(), CodeNotOneOf, map[string]any{"value": string(r), "allowed": regionCodes})
	}
}

var regionCodes = func() []string {
	s := make([]string, len(Regions))
	for i, r := range Regions {
		s[i] = string(r.Code)
	}
	return s
}()

func (v *validator) identifier(p func() Path, kind, s string, check func(string) error) {
	if s == "" {
		return
	}
	if code, args := CheckText(s, MaxCodeLen); code != "" {
		v.add(p(), code, args)
		return
	}
	if err := check(s); err != nil {
		v.add(p(), CodeIdentifier, map[string]any{"kind": kind, "value": s, "reason": err.Error()})
	}
}

func words[T ~string](xs []T) []string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return s
}

var (
	sizeWords    = words(Sizes)
	basisWords   = words(Bases)
	levelWords   = words(EducationLevels)
	docKindWords = words(DocumentKinds)
)

func (v *validator) oneOf(p func() Path, value string, allowed []string) {
	for _, a := range allowed {
		if a == value {
			return
		}
	}
	if value == "" {
		v.add(p(), CodeRequired, nil)
		return
	}
	if code, args := CheckText(value, MaxCodeLen); code != "" {
		v.add(p(), code, args)
		return
	}
	v.add(p(), CodeNotOneOf, map[string]any{"value": value, "allowed": allowed})
}

func (v *validator) category(p func() Path, c Category, required bool) {
	switch {
	case c == CategoryNone:
		if required {
			v.add(p(), CodeRequired, nil)
		}
	case c > CategorySeasonal:
		v.add(p(), CodeNotOneOf, map[string]any{"value": strconv.Itoa(int(c)), "allowed": []string{"1", "2", "3", "4", "seasonal"}})
	}
}

// Validate checks everything recorded about one employer against the model:
// required values, texts (UTF-8 on one line, no NUL, within their lengths),
// codes (sizes, bases, categories, regions, countries, articles), BIN and
// IIN check digits, numbers and dates within their ranges, ranges that end
// on or after they start, unique worker ids, and the lengths of lists. It
// returns every problem (up to MaxProblems) with its path, or nil.
//
// It is the one validator: every door reads its input into Records and asks
// Validate; the store refuses what it refuses.
func (r *Records) Validate() *Problems {
	return r.validate(nil)
}

// ValidateExcept is Validate leaving out the problems at the paths skip
// reports. A door that has already reported a value as unreadable leaves
// out what the validator finds there, so that such problems neither show
// twice nor take the places of others among the MaxProblems listed.
func (r *Records) ValidateExcept(skip func(Path) bool) *Problems {
	return r.validate(skip)
}

func (r *Records) validate(skip func(Path) bool) *Problems {
	v := validator{skip: skip}
	v.employer(&r.Employer)
	root := Path{}
	v.list(root.key("workers"), len(r.Workers), MaxWorkers)
	ids := make(map[string]int, len(r.Workers))
	for i := range r.Workers {
		v.worker(i, &r.Workers[i], ids)
	}
	v.list(root.key("reports"), len(r.Reports), MaxReports)
	for i := range r.Reports {
		x := &r.Reports[i]
		p := func(k string) func() Path { return func() Path { return Path{{"reports", i}, {k, -1}} } }
		switch {
		case x.Month == 0:
			v.add(p("month")(), CodeRequired, nil)
		case x.Month < MinEventDate.YearMonth() || x.Month > MaxEventDate.YearMonth():
			v.add(p("month")(), CodeDateRange, map[string]any{"value": x.Month, "min": MinEventDate.YearMonth(), "max": MaxEventDate.YearMonth()})
		}
		v.event(p("submitted"), x.Submitted, true)
	}
	v.list(root.key("quota_plans"), len(r.QuotaPlans), MaxQuotaPlans)
	for i := range r.QuotaPlans {
		x := &r.QuotaPlans[i]
		p := func(k string) func() Path { return func() Path { return Path{{"quota_plans", i}, {k, -1}} } }
		v.year(p("year"), x.Year)
		v.region(p("region"), x.Region, true)
		v.category(p("category"), x.Category, true)
		v.text(p("position"), x.Position, MaxNameLen)
		v.count(p("count"), x.Count, 0, MaxCount)
		v.text(p("justification"), x.Justification, MaxTextLen)
	}
	v.list(root.key("quota_contracts"), len(r.QuotaContracts), MaxQuotaContracts)
	for i := range r.QuotaContracts {
		x := &r.QuotaContracts[i]
		p := func(k string) func() Path { return func() Path { return Path{{"quota_contracts", i}, {k, -1}} } }
		v.requiredText(p("customer"), x.Customer, MaxNameLen)
		v.text(p("number"), x.Number, MaxCodeLen)
		v.event(p("date"), x.Date, false)
		v.region(p("region"), x.Region, false)
	}
	v.list(root.key("monthly_figures"), len(r.MonthlyFigures), MaxMonthlyFigures)
	months := make(map[YearMonth]int, len(r.MonthlyFigures))
	for i := range r.MonthlyFigures {
		x := &r.MonthlyFigures[i]
		p := func(k string) func() Path { return func() Path { return Path{{"monthly_figures", i}, {k, -1}} } }
		switch {
		case x.Month == 0:
			v.add(p("month")(), CodeRequired, nil)
		case x.Month < MinEventDate.YearMonth() || x.Month > MaxEventDate.YearMonth():
			v.add(p("month")(), CodeDateRange, map[string]any{"value": x.Month, "min": MinEventDate.YearMonth(), "max": MaxEventDate.YearMonth()})
		default:
			if first, dup := months[x.Month]; dup {
				if v.add(p("month")(), CodeDuplicate, map[string]any{"value": x.Month.String()}) {
					v.ps.List[len(v.ps.List)-1].Other = Path{{"monthly_figures", first}, {"month", -1}}
				}
			} else {
				months[x.Month] = i
			}
		}
		v.count(p("kz_trained"), x.KZTrained, 0, MaxCount)
		v.count(p("kz_replaced"), x.KZReplaced, 0, MaxCount)
		v.count(p("kz_working"), x.KZWorking, 0, MaxCount)
		v.count(p("jobs_created"), x.JobsCreated, 0, MaxCount)
	}
	v.list(root.key("quota_applications"), len(r.QuotaApplications), MaxQuotaApplications)
	for i := range r.QuotaApplications {
		x := &r.QuotaApplications[i]
		p := func(k string) func() Path { return func() Path { return Path{{"quota_applications", i}, {k, -1}} } }
		v.year(p("year"), x.Year)
		v.region(p("region"), x.Region, true)
		v.event(p("submitted"), x.Submitted, true)
	}
	v.list(root.key("penalties"), len(r.Penalties), MaxPenalties)
	for i := range r.Penalties {
		x := &r.Penalties[i]
		p := func(k string) func() Path { return func() Path { return Path{{"penalties", i}, {k, -1}} } }
		v.oneOf(p("article"), x.Article, Articles)
		v.text(p("part"), x.Part, MaxCodeLen)
		v.event(p("date"), x.Date, true)
	}
	if len(v.ps.List) == 0 {
		return nil
	}
	return &v.ps
}

// Validate checks the employer's own fields as Records.Validate does.
func (e *Employer) Validate() *Problems {
	var v validator
	v.employer(e)
	if len(v.ps.List) == 0 {
		return nil
	}
	return &v.ps
}

func (v *validator) year(p func() Path, y int) {
	v.count(p, y, MinYear, MaxYear)
}

func (v *validator) employer(e *Employer) {
	p := func(k string) func() Path { return func() Path { return Path{{"employer", -1}, {k, -1}} } }
	if e.BIN == "" {
		v.add(p("bin")(), CodeRequired, nil)
	} else {
		v.identifier(p("bin"), "BIN", e.BIN, CheckBIN)
	}
	v.text(p("name"), e.Name, MaxNameLen)
	v.oneOf(p("size"), string(e.Size), sizeWords)
	if s := e.StaffKZ; s != nil {
		if s[0] != 0 {
			v.add(Path{{"employer", -1}, {"staff_kz", -1}}, CodeOutOfRange, map[string]any{"value": s[0], "min": 0, "max": 0})
		}
		for c := 1; c <= 4; c++ {
			v.count(func() Path { return Path{{"employer", -1}, {"staff_kz", c - 1}} }, s[c], 0, MaxCount)
		}
	}
	if t := e.TotalEmployees; t != nil {
		v.count(p("total_employees"), *t, 0, MaxCount)
	}
	v.text(p("address"), e.Address, MaxNameLen)
	v.text(p("phone"), e.Phone, MaxCodeLen)
	v.text(p("email"), e.Email, MaxNameLen)
	dp := func(k string) func() Path {
		return func() Path { return Path{{"employer", -1}, {"director", -1}, {k, -1}} }
	}
	v.text(dp("name"), e.Director.Name, MaxNameLen)
	v.text(dp("position"), e.Director.Position, MaxNameLen)
}

func (v *validator) worker(i int, w *Worker, ids map[string]int) {
	base := Path{{"workers", i}}
	p := func(k string) func() Path { return func() Path { return base.key(k) } }
	if v.requiredText(p("id"), w.ID, MaxCodeLen) {
		if first, dup := ids[w.ID]; dup {
			if v.add(base.key("id"), CodeDuplicate, map[string]any{"value": w.ID}) {
				v.ps.List[len(v.ps.List)-1].Other = Path{{"workers", first}, {"id", -1}}
			}
		} else {
			ids[w.ID] = i
		}
	}
	v.text(p("name"), w.Name, MaxNameLen)
	if c := w.Citizenship; c != "" && !ValidCountry(c) {
		if up := strings.ToUpper(c); ValidCountry(up) {
			v.add(base.key("citizenship"), CodeLowerCase, map[string]any{"value": c, "want": up})
		} else if code, args := CheckText(c, MaxCodeLen); code != "" {
			v.add(base.key("citizenship"), code, args)
		} else {
			v.add(base.key("citizenship"), CodeNotOneOf, map[string]any{"value": c, "allowed": []string{"an ISO 3166-1 alpha-2 country code such as GB"}})
		}
	}
	v.identifier(p("iin"), "IIN", w.IIN, CheckIIN)
	v.date(p("birth_date"), w.BirthDate, MinBirthDate, MaxEventDate, false)
	if !w.BirthDate.IsZero() && !w.Start.IsZero() && w.Start < w.BirthDate {
		v.add(base.key("start"), CodeBefore, map[string]any{"value": w.Start, "start_key": "birth_date", "start": w.BirthDate})
	}
	v.oneOf(p("basis"), string(w.Basis), basisWords)
	if w.Category == CategoryNone && (w.Basis == BasisPermit || w.Basis == BasisICT) {
		v.add(base.key("category"), CodeRequired, map[string]any{"basis": string(w.Basis)})
	}
	v.category(p("category"), w.Category, false)
	if w.Citizenship == "KZ" {
		// A foreign worker is not a Kazakhstan citizen, on any basis
		// (RULES.md reading 26): Kazakhstan's citizens are staff.
		v.add(base.key("citizenship"), CodeKZCitizen, map[string]any{"value": w.Citizenship})
	}
	if w.Basis == BasisEAEU {
		switch {
		case w.Citizenship == "":
			v.add(base.key("citizenship"), CodeRequired, map[string]any{"members": EAEUMembers})
		case ValidCountry(w.Citizenship) && !IsEAEU(w.Citizenship):
			v.add(base.key("basis"), CodeEAEU, map[string]any{"value": w.Citizenship, "members": EAEUMembers})
		}
	}
	v.text(p("position"), w.Position, MaxNameLen)
	v.event(p("start"), w.Start, true)
	v.event(p("end"), w.End, false)
	v.ordered(p("end"), w.Start, w.End, "start")
	if c := w.Contract; c != nil {
		cp := func(k string) func() Path { return func() Path { return base.key("contract").key(k) } }
		v.event(cp("signed"), c.Signed, false)
		v.event(cp("registered"), c.Registered, false)
	}
	v.list(base.key("permits"), len(w.Permits), MaxPermits)
	for j := range w.Permits {
		x := &w.Permits[j]
		pp := func(k string) func() Path { return func() Path { return base.item("permits", j).key(k) } }
		v.text(pp("number"), x.Number, MaxCodeLen)
		if len(x.Regions) == 0 {
			v.add(pp("regions")(), CodeEmptyList, nil)
		}
		v.list(pp("regions")(), len(x.Regions), len(Regions))
		for k, r := range x.Regions {
			rp := func() Path { return base.item("permits", j).item("regions", k) }
			v.region(rp, r, true)
			for l := range k {
				if x.Regions[l] == r && r != "" {
					if v.add(rp(), CodeDuplicate, map[string]any{"value": string(r)}) {
						v.ps.List[len(v.ps.List)-1].Other = base.item("permits", j).item("regions", l)
					}
					break
				}
			}
		}
		v.event(pp("from"), x.From, true)
		v.event(pp("to"), x.To, true)
		v.ordered(pp("to"), x.From, x.To, "from")
	}
	v.list(base.key("trips"), len(w.Trips), MaxTrips)
	for j := range w.Trips {
		x := &w.Trips[j]
		tp := func(k string) func() Path { return func() Path { return base.item("trips", j).key(k) } }
		v.region(tp("region"), x.Region, true)
		v.event(tp("from"), x.From, true)
		v.event(tp("to"), x.To, true)
		v.ordered(tp("to"), x.From, x.To, "from")
		v.event(tp("notified"), x.Notified, false)
	}
	v.list(base.key("address_changes"), len(w.AddressChanges), MaxAddressChanges)
	for j := range w.AddressChanges {
		x := &w.AddressChanges[j]
		ap := func(k string) func() Path { return func() Path { return base.item("address_changes", j).key(k) } }
		v.event(ap("date"), x.Date, true)
		v.event(ap("notified"), x.Notified, false)
	}
	v.list(base.key("applications"), len(w.Applications), MaxApplications)
	for j := range w.Applications {
		x := &w.Applications[j]
		ap := func(k string) func() Path { return func() Path { return base.item("applications", j).key(k) } }
		v.event(ap("filed"), x.Filed, true)
		v.event(ap("vacancy_posted"), x.VacancyPosted, false)
		v.text(ap("vacancy_code"), x.VacancyCode, MaxCodeLen)
	}
	if x := w.Passport; x != nil {
		pp := func(k string) func() Path { return func() Path { return base.key("passport").key(k) } }
		v.text(pp("number"), x.Number, MaxCodeLen)
		v.date(pp("issued"), x.Issued, MinBirthDate, MaxEventDate, false)
		v.date(pp("expires"), x.Expires, MinBirthDate, MaxEventDate, false)
		v.ordered(pp("expires"), x.Issued, x.Expires, "issued")
		v.text(pp("issuer"), x.Issuer, MaxNameLen)
	}
	if x := w.Education; x != nil {
		ep := func(k string) func() Path { return func() Path { return base.key("education").key(k) } }
		if x.Level != "" {
			v.oneOf(ep("level"), string(x.Level), levelWords)
		}
		v.text(ep("institution"), x.Institution, MaxNameLen)
		v.text(ep("specialty"), x.Specialty, MaxNameLen)
		if x.Graduated != 0 {
			v.count(ep("graduated"), x.Graduated, MinBirthDate.Year(), MaxYear)
		}
	}
	if x := w.ExperienceYears; x != nil {
		v.count(p("experience_years"), *x, 0, MaxExperienceYears)
	}
	v.list(base.key("documents"), len(w.Documents), MaxWorkerDocuments)
	for j := range w.Documents {
		x := &w.Documents[j]
		dp := func(k string) func() Path { return func() Path { return base.item("documents", j).key(k) } }
		v.oneOf(dp("kind"), string(x.Kind), docKindWords)
		v.text(dp("number"), x.Number, MaxCodeLen)
		v.date(dp("issued"), x.Issued, MinBirthDate, MaxEventDate, false)
		v.date(dp("expires"), x.Expires, MinBirthDate, MaxEventDate, false)
		v.ordered(dp("expires"), x.Issued, x.Expires, "issued")
	}
}

// CheckAsOf returns EINVALID when d is not a date rules can be evaluated on
// (within MinEventDate..MaxEventDate, the calendar's years).
func CheckAsOf(d Date) error {
	if d < MinEventDate || d > MaxEventDate {
		return Errorf(EINVALID, "the as-of date %v is out of range; expected a day from %v to %v", d, MinEventDate, MaxEventDate).
			Say("error.as_of_range", "Date", d.String(), "M", MinEventDate.String(), "Of", MaxEventDate.String())
	}
	return nil
}
