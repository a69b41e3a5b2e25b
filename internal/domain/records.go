package domain

import "strconv"

// Size is the business size of an employer, which sets the fine amounts.
type Size string

// Business sizes. NGOs are fined as small businesses.
const (
	SizeSmall  Size = "small"
	SizeMedium Size = "medium"
	SizeLarge  Size = "large"
)

// Sizes lists the valid sizes in order.
var Sizes = []Size{SizeSmall, SizeMedium, SizeLarge}

// Basis is the legal ground on which a foreign worker is engaged.
type Basis string

// Engagement bases (RULES.md §2).
const (
	BasisPermit          Basis = "permit"
	BasisICT             Basis = "ict"
	BasisSpecialRoute    Basis = "special_route"
	BasisBranchHead      Basis = "branch_head"
	BasisExemptDirector  Basis = "exempt_director"
	BasisExemptInvestor  Basis = "exempt_investor"
	BasisEAEU            Basis = "eaeu"
	BasisResidencePermit Basis = "residence_permit"
	BasisSelfEmployment  Basis = "self_employment"
	BasisBusinessVisit   Basis = "business_visit"
)

// Bases lists every valid basis.
var Bases = []Basis{BasisPermit, BasisICT, BasisSpecialRoute, BasisBranchHead,
	BasisExemptDirector, BasisExemptInvestor, BasisEAEU, BasisResidencePermit,
	BasisSelfEmployment, BasisBusinessVisit}

// NeedsPermit reports whether a worker on this basis needs a work permit
// (and so counts for monthly reports and must have an IIN).
func (b Basis) NeedsPermit() bool {
	return b == BasisPermit || b == BasisICT || b == BasisSpecialRoute
}

// Valid reports whether b is one of Bases.
func (b Basis) Valid() bool {
	for _, v := range Bases {
		if v == b {
			return true
		}
	}
	return false
}

// Category is a foreign worker's category: 1 heads and deputies, 2 heads of
// structural units, 3 specialists, 4 skilled workers, or seasonal. The zero
// value means "not given".
type Category uint8

// Categories.
const (
	CategoryNone     Category = 0
	Category1        Category = 1
	Category2        Category = 2
	Category3        Category = 3
	Category4        Category = 4
	CategorySeasonal Category = 5
)

// String returns "1".."4", "seasonal" or "".
func (c Category) String() string {
	switch {
	case c >= Category1 && c <= Category4:
		return strconv.Itoa(int(c))
	case c == CategorySeasonal:
		return "seasonal"
	}
	return ""
}

// ParseCategory parses "1".."4" or "seasonal".
func ParseCategory(s string) (Category, bool) {
	switch s {
	case "1", "2", "3", "4":
		return Category(s[0] - '0'), true
	case "seasonal":
		return CategorySeasonal, true
	}
	return CategoryNone, false
}

// Employer is the legal entity that engages foreign workers.
type Employer struct {
	BIN             string
	Name            string
	Size            Size
	BranchOfForeign bool // a branch or representative office of a foreign company
	// StaffKZ is the number of Kazakhstan citizens on staff by category
	// (index 1..4); nil when the employer gave no staff data.
	StaffKZ        *[5]int
	TotalEmployees *int // nil when not given
	// The employer's details for its letterhead and the documents it
	// signs; "" when not given.
	Address  string
	Phone    string
	Email    string
	Director Director // the head who signs the employer's letters; zero when not given
	// UsesSeal: the employer stamps its letters with a seal. A private
	// business need not have one, so a letter leaves room for it only when
	// this says so.
	UsesSeal bool
}

// Director is the person who signs for the employer: their full name and
// position ("Director", "General Director").
type Director struct {
	Name     string
	Position string
}

// Worker is a foreign worker with everything recorded about them.
type Worker struct {
	ID             string
	Name           string
	Citizenship    string // ISO 3166-1 alpha-2
	IIN            string // "" when not known
	BirthDate      Date   // zero when not known
	Basis          Basis
	Category       Category
	Position       string
	Start          Date
	End            Date // zero: still engaged
	Contract       *Contract
	Permits        []Permit
	Trips          []Trip
	AddressChanges []AddressChange
	Applications   []Application
	// What a qualification letter states about the worker; nil (or nil
	// ExperienceYears) when not given.
	Passport        *Passport
	Education       *Education
	ExperienceYears *int // whole years of work in the field
	// Documents are the papers on file for the worker's permit application
	// or intra-corporate transfer.
	Documents []WorkerDocument
}

// DocumentKind is the kind of a worker's document.
type DocumentKind string

// Kinds of a worker's documents.
const (
	DocPassport              DocumentKind = "passport"
	DocDiploma               DocumentKind = "diploma"
	DocWorkRecord            DocumentKind = "work_record"            // a record of work experience
	DocEmploymentCertificate DocumentKind = "employment_certificate" // from the place of work (ICT)
	DocICTLetterSender       DocumentKind = "ict_letter_sender"      // the sending party's letter (ICT)
	DocICTLetterReceiver     DocumentKind = "ict_letter_receiver"    // the receiving party's letter (ICT)
	DocICTAgreement          DocumentKind = "ict_agreement"          // the transfer agreement or letter (ICT)
	DocContract              DocumentKind = "contract"               // the employment contract
	DocOther                 DocumentKind = "other"
)

// DocumentKinds lists the kinds in order.
var DocumentKinds = []DocumentKind{DocPassport, DocDiploma, DocWorkRecord, DocEmploymentCertificate, DocICTLetterSender,
	DocICTLetterReceiver, DocICTAgreement, DocContract, DocOther}

// WorkerDocument is a document on file for a worker: its kind, number and
// dates (zero: not given).
type WorkerDocument struct {
	Kind    DocumentKind
	Number  string
	Issued  Date
	Expires Date
}

// Passport is a worker's identity document. Zero dates and empty texts
// mean "not given".
type Passport struct {
	Number  string
	Issued  Date
	Expires Date
	Issuer  string
}

// EducationLevel is the level of a worker's education.
type EducationLevel string

// Education levels.
const (
	EducationSecondary    EducationLevel = "secondary"
	EducationVocational   EducationLevel = "vocational"
	EducationHigher       EducationLevel = "higher"
	EducationPostgraduate EducationLevel = "postgraduate"
)

// EducationLevels lists the valid levels in order.
var EducationLevels = []EducationLevel{EducationSecondary, EducationVocational, EducationHigher, EducationPostgraduate}

// Education is a worker's highest education: its level, where, in what
// specialty and the year of graduation (0: not given).
type Education struct {
	Level       EducationLevel
	Institution string
	Specialty   string
	Graduated   int
}

// EngagedOn reports whether the worker is engaged on day d.
func (w *Worker) EngagedOn(d Date) bool {
	return w.Start <= d && (w.End.IsZero() || d <= w.End)
}

// EngagedBetween reports whether the worker is engaged on any day of [from, to].
func (w *Worker) EngagedBetween(from, to Date) bool {
	return w.Start <= to && (w.End.IsZero() || w.End >= from)
}

// Contract is an employment contract (or ICT agreement) and its registration in
// the state contract system. A zero date means "not done".
type Contract struct {
	Signed     Date
	Registered Date
}

// Permit is a work permit covering one or more regions from From to To, both
// included.
type Permit struct {
	Number  string
	Regions []Region
	From    Date
	To      Date
}

// Covers reports whether the permit is valid on d.
func (p *Permit) Covers(d Date) bool { return p.From <= d && d <= p.To }

// HasRegion reports whether r is one of the permit's regions.
func (p *Permit) HasRegion(r Region) bool {
	for _, x := range p.Regions {
		if x == r {
			return true
		}
	}
	return false
}

// Trip is a business trip to a region, from From to To inclusive; Notified is
// when the Migration Service was notified (zero: not notified).
type Trip struct {
	Region   Region
	From     Date
	To       Date
	Notified Date
}

// AddressChange is a change of the worker's temporary address.
type AddressChange struct {
	Date     Date
	Notified Date
}

// Application is a permit application filed for the worker.
type Application struct {
	Filed         Date
	VacancyPosted Date
	VacancyCode   string
}

// Report is a monthly report submitted to the employment department.
type Report struct {
	Month     YearMonth
	Submitted Date
}

// QuotaPlan is a planned engagement of Count workers in a region and year.
type QuotaPlan struct {
	Year     int
	Region   Region
	Category Category
	Position string
	Count    int
	// Justification says why the workers are needed (the projects); "" when
	// not given.
	Justification string
}

// QuotaContract is a contract with a customer that a quota application
// cites as the reason for its plans; Region is where the work is ("" when
// not given).
type QuotaContract struct {
	Customer string
	Number   string
	Date     Date
	Region   Region
}

// MonthlyFigures are the counts of a monthly report for one month, kept
// apart from the report's submission: they are known before it is sent.
type MonthlyFigures struct {
	Month       YearMonth
	KZTrained   int // Kazakhstan citizens trained
	KZReplaced  int // citizens who replaced foreign workers
	KZWorking   int // citizens working for the employer
	JobsCreated int // jobs created for citizens
}

// QuotaApplication is a quota application for a target year and region.
type QuotaApplication struct {
	Year      int
	Region    Region
	Submitted Date
}

// Penalty is an administrative penalty already imposed on the employer.
type Penalty struct {
	Article string // "86", "98", "518", "519"
	Part    string
	Date    Date
}

// Records is everything recorded about one employer: the input of evaluation.
type Records struct {
	Employer          Employer
	Workers           []Worker
	Reports           []Report
	QuotaPlans        []QuotaPlan
	QuotaApplications []QuotaApplication
	QuotaContracts    []QuotaContract
	Penalties         []Penalty
	MonthlyFigures    []MonthlyFigures
}

// Override sets one parameter for one evaluation. Name is the parameter's
// name, with keys joined by dots ("quota_deadline.KZ-71.2026"); Value is its
// text as written ("2026-09-27", "100", "true").
type Override struct {
	Name  string
	Value string
}
