package api

import (
	"slices"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The records of an employer as JSON, in the keys of the scenario format
// (docs/SCENARIO.md): the same names as the files and the audit log. Dates
// are YYYY-MM-DD, months YYYY-MM; an optional date left out is not done.

// Records is everything recorded about one employer.
type Records struct {
	Employer          Employer           `json:"employer"`
	Workers           []Worker           `json:"workers,omitempty" maxItems:"20000"`
	Reports           []Report           `json:"reports,omitempty" maxItems:"10000"`
	QuotaPlans        []QuotaPlan        `json:"quota_plans,omitempty" maxItems:"10000"`
	QuotaApplications []QuotaApplication `json:"quota_applications,omitempty" maxItems:"10000"`
	QuotaContracts    []QuotaContract    `json:"quota_contracts,omitempty" maxItems:"10000"`
	Penalties         []Penalty          `json:"penalties,omitempty" maxItems:"10000"`
	MonthlyFigures    []MonthlyFigures   `json:"monthly_figures,omitempty" maxItems:"10000"`
}

// Employer is the legal entity.
type Employer struct {
	BIN             string    `json:"bin" doc:"12-digit business identification number"`
	Name            string    `json:"name,omitempty" maxLength:"300"`
	Size            string    `json:"size" enum:"small,medium,large"`
	BranchOfForeign bool      `json:"branch_of_foreign,omitempty"`
	StaffKZ         *[4]int   `json:"staff_kz,omitempty" doc:"Kazakhstan citizens on staff in categories 1 to 4"`
	TotalEmployees  *int      `json:"total_employees,omitempty"`
	Address         string    `json:"address,omitempty" maxLength:"300"`
	Phone           string    `json:"phone,omitempty" maxLength:"64"`
	Email           string    `json:"email,omitempty" maxLength:"300"`
	Director        *Director `json:"director,omitempty" doc:"who signs the employer's letters"`
	UsesSeal        bool      `json:"uses_seal,omitempty" doc:"the employer stamps its letters with a seal"`
}

// Director is the person who signs for the employer.
type Director struct {
	Name     string `json:"name,omitempty" maxLength:"300"`
	Position string `json:"position,omitempty" maxLength:"300"`
}

// Worker is a foreign worker.
type Worker struct {
	ID              string           `json:"id" maxLength:"64"`
	Name            string           `json:"name,omitempty" maxLength:"300"`
	Citizenship     string           `json:"citizenship,omitempty" doc:"ISO 3166-1 alpha-2"`
	IIN             string           `json:"iin,omitempty"`
	BirthDate       string           `json:"birth_date,omitempty" format:"date"`
	Basis           string           `json:"basis"`
	Category        string           `json:"category,omitempty" doc:"1, 2, 3, 4 or seasonal"`
	Position        string           `json:"position,omitempty" maxLength:"300"`
	Start           string           `json:"start,omitempty" format:"date"`
	End             string           `json:"end,omitempty" format:"date"`
	Contract        *Contract        `json:"contract,omitempty"`
	Permits         []Permit         `json:"permits,omitempty" maxItems:"1000"`
	Trips           []Trip           `json:"trips,omitempty" maxItems:"5000"`
	AddressChanges  []AddressChange  `json:"address_changes,omitempty" maxItems:"1000"`
	Applications    []Application    `json:"applications,omitempty" maxItems:"1000"`
	Passport        *Passport        `json:"passport,omitempty"`
	Education       *Education       `json:"education,omitempty"`
	ExperienceYears *int             `json:"experience_years,omitempty" minimum:"0" maximum:"80"`
	Documents       []WorkerDocument `json:"documents,omitempty" maxItems:"100"`
}

// WorkerDocument is a document on file for a worker.
type WorkerDocument struct {
	Kind    string `json:"kind" enum:"passport,diploma,work_record,employment_certificate,ict_letter_sender,ict_letter_receiver,ict_agreement,contract,other"`
	Number  string `json:"number,omitempty" maxLength:"64"`
	Issued  string `json:"issued,omitempty" format:"date"`
	Expires string `json:"expires,omitempty" format:"date"`
}

// Passport is a worker's identity document.
type Passport struct {
	Number  string `json:"number,omitempty" maxLength:"64"`
	Issued  string `json:"issued,omitempty" format:"date"`
	Expires string `json:"expires,omitempty" format:"date"`
	Issuer  string `json:"issuer,omitempty" maxLength:"300"`
}

// Education is a worker's highest education.
type Education struct {
	Level       string `json:"level,omitempty" enum:"secondary,vocational,higher,postgraduate"`
	Institution string `json:"institution,omitempty" maxLength:"300"`
	Specialty   string `json:"specialty,omitempty" maxLength:"300"`
	Graduated   int    `json:"graduated,omitempty" doc:"the year of graduation"`
}

// QuotaContract is a customer's contract a quota application cites.
type QuotaContract struct {
	Customer string `json:"customer" maxLength:"300"`
	Number   string `json:"number,omitempty" maxLength:"64"`
	Date     string `json:"date,omitempty" format:"date"`
	Region   string `json:"region,omitempty"`
}

// MonthlyFigures are the counts of a month's report.
type MonthlyFigures struct {
	Month       string `json:"month" doc:"YYYY-MM"`
	KZTrained   int    `json:"kz_trained" doc:"Kazakhstan citizens trained"`
	KZReplaced  int    `json:"kz_replaced" doc:"citizens who replaced foreign workers"`
	KZWorking   int    `json:"kz_working" doc:"citizens working"`
	JobsCreated int    `json:"jobs_created" doc:"jobs created"`
}

// Contract is an employment contract and its registration.
type Contract struct {
	Signed     string `json:"signed,omitempty" format:"date"`
	Registered string `json:"registered,omitempty" format:"date"`
}

// Permit is a work permit.
type Permit struct {
	Number  string   `json:"number,omitempty" maxLength:"64"`
	Regions []string `json:"regions" maxItems:"20"`
	From    string   `json:"from" format:"date"`
	To      string   `json:"to" format:"date"`
}

// Trip is a business trip.
type Trip struct {
	Region   string `json:"region"`
	From     string `json:"from" format:"date"`
	To       string `json:"to" format:"date"`
	Notified string `json:"notified,omitempty" format:"date"`
}

// AddressChange is a change of temporary address.
type AddressChange struct {
	Date     string `json:"date" format:"date"`
	Notified string `json:"notified,omitempty" format:"date"`
}

// Application is a permit application.
type Application struct {
	Filed         string `json:"filed" format:"date"`
	VacancyPosted string `json:"vacancy_posted,omitempty" format:"date"`
	VacancyCode   string `json:"vacancy_code,omitempty" maxLength:"64"`
}

// Report is a monthly report submitted.
type Report struct {
	Month     string `json:"month" doc:"YYYY-MM"`
	Submitted string `json:"submitted" format:"date"`
}

// QuotaPlan is a planned engagement.
type QuotaPlan struct {
	Year          int    `json:"year"`
	Region        string `json:"region"`
	Category      string `json:"category,omitempty"`
	Position      string `json:"position,omitempty" maxLength:"300"`
	Count         int    `json:"count"`
	Justification string `json:"justification,omitempty" maxLength:"10000"`
}

// QuotaApplication is a quota application.
type QuotaApplication struct {
	Year      int    `json:"year"`
	Region    string `json:"region"`
	Submitted string `json:"submitted" format:"date"`
}

// Penalty is a penalty already imposed.
type Penalty struct {
	Article string `json:"article"`
	Part    string `json:"part,omitempty" maxLength:"64"`
	Date    string `json:"date" format:"date"`
}

func dateText(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// recordsJSON returns r as JSON records.
func recordsJSON(r *domain.Records) *Records {
	out := &Records{Employer: Employer{BIN: r.Employer.BIN, Name: r.Employer.Name, Size: string(r.Employer.Size),
		BranchOfForeign: r.Employer.BranchOfForeign, TotalEmployees: r.Employer.TotalEmployees,
		Address: r.Employer.Address, Phone: r.Employer.Phone, Email: r.Employer.Email, UsesSeal: r.Employer.UsesSeal}}
	if s := r.Employer.StaffKZ; s != nil {
		out.Employer.StaffKZ = &[4]int{s[1], s[2], s[3], s[4]}
	}
	if d := r.Employer.Director; d != (domain.Director{}) {
		out.Employer.Director = &Director{Name: d.Name, Position: d.Position}
	}
	for i := range r.Workers {
		w := &r.Workers[i]
		jw := Worker{ID: w.ID, Name: w.Name, Citizenship: w.Citizenship, IIN: w.IIN, BirthDate: dateText(w.BirthDate), Basis: string(w.Basis),
			Category: w.Category.String(), Position: w.Position, Start: dateText(w.Start), End: dateText(w.End)}
		if c := w.Contract; c != nil {
			jw.Contract = &Contract{Signed: dateText(c.Signed), Registered: dateText(c.Registered)}
		}
		for _, p := range w.Permits {
			regions := make([]string, len(p.Regions))
			for j, r := range p.Regions {
				regions[j] = string(r)
			}
			jw.Permits = append(jw.Permits, Permit{Number: p.Number, Regions: regions, From: dateText(p.From), To: dateText(p.To)})
		}
		for _, t := range w.Trips {
			jw.Trips = append(jw.Trips, Trip{Region: string(t.Region), From: dateText(t.From), To: dateText(t.To), Notified: dateText(t.Notified)})
		}
		for _, a := range w.AddressChanges {
			jw.AddressChanges = append(jw.AddressChanges, AddressChange{Date: dateText(a.Date), Notified: dateText(a.Notified)})
		}
		for _, a := range w.Applications {
			jw.Applications = append(jw.Applications, Application{Filed: dateText(a.Filed), VacancyPosted: dateText(a.VacancyPosted), VacancyCode: a.VacancyCode})
		}
		if p := w.Passport; p != nil {
			jw.Passport = &Passport{Number: p.Number, Issued: dateText(p.Issued), Expires: dateText(p.Expires), Issuer: p.Issuer}
		}
		if e := w.Education; e != nil {
			jw.Education = &Education{Level: string(e.Level), Institution: e.Institution, Specialty: e.Specialty, Graduated: e.Graduated}
		}
		jw.ExperienceYears = w.ExperienceYears
		for _, d := range w.Documents {
			jw.Documents = append(jw.Documents, WorkerDocument{Kind: string(d.Kind), Number: d.Number, Issued: dateText(d.Issued), Expires: dateText(d.Expires)})
		}
		out.Workers = append(out.Workers, jw)
	}
	for _, x := range r.Reports {
		out.Reports = append(out.Reports, Report{Month: x.Month.String(), Submitted: dateText(x.Submitted)})
	}
	for _, x := range r.QuotaPlans {
		out.QuotaPlans = append(out.QuotaPlans, QuotaPlan{Year: x.Year, Region: string(x.Region), Category: x.Category.String(), Position: x.Position, Count: x.Count,
			Justification: x.Justification})
	}
	for _, x := range r.QuotaContracts {
		out.QuotaContracts = append(out.QuotaContracts, QuotaContract{Customer: x.Customer, Number: x.Number, Date: dateText(x.Date), Region: string(x.Region)})
	}
	for _, x := range r.MonthlyFigures {
		out.MonthlyFigures = append(out.MonthlyFigures, MonthlyFigures{Month: x.Month.String(), KZTrained: x.KZTrained, KZReplaced: x.KZReplaced,
			KZWorking: x.KZWorking, JobsCreated: x.JobsCreated})
	}
	for _, x := range r.QuotaApplications {
		out.QuotaApplications = append(out.QuotaApplications, QuotaApplication{Year: x.Year, Region: string(x.Region), Submitted: dateText(x.Submitted)})
	}
	for _, x := range r.Penalties {
		out.Penalties = append(out.Penalties, Penalty{Article: x.Article, Part: x.Part, Date: dateText(x.Date)})
	}
	return out
}

// decoder converts JSON records to domain records, collecting the values
// that are not in their format (a date that is not YYYY-MM-DD) with their
// paths. What the values mean, the records validator judges.
type decoder struct{ ps domain.Problems }

func (d *decoder) format(p domain.Path, value, want string) {
	if len(d.ps.List) >= domain.MaxProblems {
		d.ps.More++
		return
	}
	d.ps.List = append(d.ps.List, domain.Problem{Path: p, Code: domain.CodeFormat, Args: map[string]any{"value": value, "want": want}})
}

func (d *decoder) date(p func() domain.Path, s string) domain.Date {
	if s == "" {
		return 0
	}
	v, err := domain.ParseDate(s)
	if err != nil {
		d.format(p(), s, "a date YYYY-MM-DD")
	}
	return v
}

func (d *decoder) category(p func() domain.Path, s string) domain.Category {
	if s == "" {
		return domain.CategoryNone
	}
	c, ok := domain.ParseCategory(s)
	if !ok {
		d.format(p(), s, "1, 2, 3, 4 or seasonal")
	}
	return c
}

// at returns a path maker for a key of item i of list (or of list itself
// when i < 0), under the item's own path.
func at(base domain.Path, key string) func() domain.Path {
	return func() domain.Path {
		return append(slices.Clone(base), domain.PathSeg{Key: key, Index: -1})
	}
}

func item(base domain.Path, key string, i int) domain.Path {
	return append(slices.Clone(base), domain.PathSeg{Key: key, Index: i})
}

// domainRecords returns r as domain records, or EINVALID with the values
// not in their format at their paths. What the records mean, the
// application layer has the validator judge, after it has checked who asks.
func domainRecords(r *Records) (*domain.Records, error) {
	var d decoder
	e := r.Employer
	out := &domain.Records{Employer: domain.Employer{BIN: e.BIN, Name: e.Name, Size: domain.Size(e.Size),
		BranchOfForeign: e.BranchOfForeign, TotalEmployees: e.TotalEmployees,
		Address: e.Address, Phone: e.Phone, Email: e.Email, UsesSeal: e.UsesSeal}}
	if e.StaffKZ != nil {
		out.Employer.StaffKZ = &[5]int{0, e.StaffKZ[0], e.StaffKZ[1], e.StaffKZ[2], e.StaffKZ[3]}
	}
	if e.Director != nil {
		out.Employer.Director = domain.Director{Name: e.Director.Name, Position: e.Director.Position}
	}
	if len(r.Workers) > 0 {
		out.Workers = make([]domain.Worker, len(r.Workers))
	}
	for i := range r.Workers {
		w := &r.Workers[i]
		wp := domain.Path{{Key: "workers", Index: i}}
		dw := &out.Workers[i]
		*dw = domain.Worker{ID: w.ID, Name: w.Name, Citizenship: w.Citizenship, IIN: w.IIN,
			BirthDate: d.date(at(wp, "birth_date"), w.BirthDate), Basis: domain.Basis(w.Basis),
			Category: d.category(at(wp, "category"), w.Category), Position: w.Position,
			Start: d.date(at(wp, "start"), w.Start), End: d.date(at(wp, "end"), w.End)}
		if c := w.Contract; c != nil {
			cp := item(wp, "contract", -1)
			dw.Contract = &domain.Contract{Signed: d.date(at(cp, "signed"), c.Signed), Registered: d.date(at(cp, "registered"), c.Registered)}
		}
		for j, p := range w.Permits {
			pp := item(wp, "permits", j)
			regions := make([]domain.Region, len(p.Regions))
			for k, r := range p.Regions {
				regions[k] = domain.Region(r)
			}
			dw.Permits = append(dw.Permits, domain.Permit{Number: p.Number, Regions: regions,
				From: d.date(at(pp, "from"), p.From), To: d.date(at(pp, "to"), p.To)})
		}
		for j, t := range w.Trips {
			tp := item(wp, "trips", j)
			dw.Trips = append(dw.Trips, domain.Trip{Region: domain.Region(t.Region), From: d.date(at(tp, "from"), t.From),
				To: d.date(at(tp, "to"), t.To), Notified: d.date(at(tp, "notified"), t.Notified)})
		}
		for j, a := range w.AddressChanges {
			ap := item(wp, "address_changes", j)
			dw.AddressChanges = append(dw.AddressChanges, domain.AddressChange{Date: d.date(at(ap, "date"), a.Date), Notified: d.date(at(ap, "notified"), a.Notified)})
		}
		for j, a := range w.Applications {
			ap := item(wp, "applications", j)
			dw.Applications = append(dw.Applications, domain.Application{Filed: d.date(at(ap, "filed"), a.Filed),
				VacancyPosted: d.date(at(ap, "vacancy_posted"), a.VacancyPosted), VacancyCode: a.VacancyCode})
		}
		if p := w.Passport; p != nil {
			pp := item(wp, "passport", -1)
			dw.Passport = &domain.Passport{Number: p.Number, Issued: d.date(at(pp, "issued"), p.Issued),
				Expires: d.date(at(pp, "expires"), p.Expires), Issuer: p.Issuer}
		}
		if e := w.Education; e != nil {
			dw.Education = &domain.Education{Level: domain.EducationLevel(e.Level), Institution: e.Institution, Specialty: e.Specialty, Graduated: e.Graduated}
		}
		dw.ExperienceYears = w.ExperienceYears
		for j, x := range w.Documents {
			dp := item(wp, "documents", j)
			dw.Documents = append(dw.Documents, domain.WorkerDocument{Kind: domain.DocumentKind(x.Kind), Number: x.Number,
				Issued: d.date(at(dp, "issued"), x.Issued), Expires: d.date(at(dp, "expires"), x.Expires)})
		}
	}
	for i, x := range r.Reports {
		rp := domain.Path{{Key: "reports", Index: i}}
		var m domain.YearMonth
		if x.Month != "" {
			var err error
			if m, err = domain.ParseYearMonth(x.Month); err != nil {
				d.format(at(rp, "month")(), x.Month, "a month YYYY-MM")
			}
		}
		out.Reports = append(out.Reports, domain.Report{Month: m, Submitted: d.date(at(rp, "submitted"), x.Submitted)})
	}
	for i, x := range r.MonthlyFigures {
		fp := domain.Path{{Key: "monthly_figures", Index: i}}
		var m domain.YearMonth
		if x.Month != "" {
			var err error
			if m, err = domain.ParseYearMonth(x.Month); err != nil {
				d.format(at(fp, "month")(), x.Month, "a month YYYY-MM")
			}
		}
		out.MonthlyFigures = append(out.MonthlyFigures, domain.MonthlyFigures{Month: m, KZTrained: x.KZTrained, KZReplaced: x.KZReplaced,
			KZWorking: x.KZWorking, JobsCreated: x.JobsCreated})
	}
	for i, x := range r.QuotaContracts {
		cp := domain.Path{{Key: "quota_contracts", Index: i}}
		out.QuotaContracts = append(out.QuotaContracts, domain.QuotaContract{Customer: x.Customer, Number: x.Number,
			Date: d.date(at(cp, "date"), x.Date), Region: domain.Region(x.Region)})
	}
	for i, x := range r.QuotaPlans {
		qp := domain.Path{{Key: "quota_plans", Index: i}}
		out.QuotaPlans = append(out.QuotaPlans, domain.QuotaPlan{Year: x.Year, Region: domain.Region(x.Region),
			Category: d.category(at(qp, "category"), x.Category), Position: x.Position, Count: x.Count, Justification: x.Justification})
	}
	for i, x := range r.QuotaApplications {
		qp := domain.Path{{Key: "quota_applications", Index: i}}
		out.QuotaApplications = append(out.QuotaApplications, domain.QuotaApplication{Year: x.Year, Region: domain.Region(x.Region),
			Submitted: d.date(at(qp, "submitted"), x.Submitted)})
	}
	for i, x := range r.Penalties {
		pp := domain.Path{{Key: "penalties", Index: i}}
		out.Penalties = append(out.Penalties, domain.Penalty{Article: x.Article, Part: x.Part, Date: d.date(at(pp, "date"), x.Date)})
	}
	if len(d.ps.List) > 0 {
		return nil, d.ps.Err()
	}
	return out, nil
}
