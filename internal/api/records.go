package api

import (
	"fmt"

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
	Penalties         []Penalty          `json:"penalties,omitempty" maxItems:"10000"`
}

// Employer is the legal entity.
type Employer struct {
	BIN             string  `json:"bin" doc:"12-digit business identification number"`
	Name            string  `json:"name,omitempty"`
	Size            string  `json:"size" enum:"small,medium,large"`
	BranchOfForeign bool    `json:"branch_of_foreign,omitempty"`
	StaffKZ         *[4]int `json:"staff_kz,omitempty" doc:"Kazakhstan citizens on staff in categories 1 to 4"`
	TotalEmployees  *int    `json:"total_employees,omitempty"`
}

// Worker is a foreign worker.
type Worker struct {
	ID             string          `json:"id"`
	Name           string          `json:"name,omitempty"`
	Citizenship    string          `json:"citizenship,omitempty" doc:"ISO 3166-1 alpha-2"`
	IIN            string          `json:"iin,omitempty"`
	Basis          string          `json:"basis"`
	Category       string          `json:"category,omitempty" doc:"1, 2, 3, 4 or seasonal"`
	Position       string          `json:"position,omitempty"`
	Start          string          `json:"start,omitempty" format:"date"`
	End            string          `json:"end,omitempty" format:"date"`
	Contract       *Contract       `json:"contract,omitempty"`
	Permits        []Permit        `json:"permits,omitempty" maxItems:"1000"`
	Trips          []Trip          `json:"trips,omitempty" maxItems:"5000"`
	AddressChanges []AddressChange `json:"address_changes,omitempty" maxItems:"1000"`
	Applications   []Application   `json:"applications,omitempty" maxItems:"1000"`
}

// Contract is an employment contract and its registration.
type Contract struct {
	Signed     string `json:"signed,omitempty" format:"date"`
	Registered string `json:"registered,omitempty" format:"date"`
}

// Permit is a work permit.
type Permit struct {
	Number  string   `json:"number,omitempty"`
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
	VacancyCode   string `json:"vacancy_code,omitempty"`
}

// Report is a monthly report submitted.
type Report struct {
	Month     string `json:"month" doc:"YYYY-MM"`
	Submitted string `json:"submitted" format:"date"`
}

// QuotaPlan is a planned engagement.
type QuotaPlan struct {
	Year     int    `json:"year"`
	Region   string `json:"region"`
	Category string `json:"category,omitempty"`
	Position string `json:"position,omitempty"`
	Count    int    `json:"count"`
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
	Part    string `json:"part,omitempty"`
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
		BranchOfForeign: r.Employer.BranchOfForeign, TotalEmployees: r.Employer.TotalEmployees}}
	if s := r.Employer.StaffKZ; s != nil {
		out.Employer.StaffKZ = &[4]int{s[1], s[2], s[3], s[4]}
	}
	for i := range r.Workers {
		w := &r.Workers[i]
		jw := Worker{ID: w.ID, Name: w.Name, Citizenship: w.Citizenship, IIN: w.IIN, Basis: string(w.Basis),
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
		out.Workers = append(out.Workers, jw)
	}
	for _, x := range r.Reports {
		out.Reports = append(out.Reports, Report{Month: x.Month.String(), Submitted: dateText(x.Submitted)})
	}
	for _, x := range r.QuotaPlans {
		out.QuotaPlans = append(out.QuotaPlans, QuotaPlan{Year: x.Year, Region: string(x.Region), Category: x.Category.String(), Position: x.Position, Count: x.Count})
	}
	for _, x := range r.QuotaApplications {
		out.QuotaApplications = append(out.QuotaApplications, QuotaApplication{Year: x.Year, Region: string(x.Region), Submitted: dateText(x.Submitted)})
	}
	for _, x := range r.Penalties {
		out.Penalties = append(out.Penalties, Penalty{Article: x.Article, Part: x.Part, Date: dateText(x.Date)})
	}
	return out
}

// decoder converts JSON records to domain records, keeping the first
// problem with the path of the field it is in. The store validates what
// the types cannot (BINs, regions, countries, ranges).
type decoder struct{ err error }

func (d *decoder) failf(at, format string, args ...any) {
	if d.err == nil {
		d.err = domain.Errorf(domain.EINVALID, "%s: %s", at, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) date(at, s string, required bool) domain.Date {
	if s == "" {
		if required {
			d.failf(at, "a date (YYYY-MM-DD) is required")
		}
		return 0
	}
	v, err := domain.ParseDate(s)
	if err != nil {
		d.failf(at, "%q is not a date (YYYY-MM-DD)", s)
	}
	return v
}

func (d *decoder) category(at, s string) domain.Category {
	if s == "" {
		return domain.CategoryNone
	}
	c, ok := domain.ParseCategory(s)
	if !ok {
		d.failf(at, "%q is not a category: expected 1, 2, 3, 4 or seasonal", s)
	}
	return c
}

// domainRecords returns r as domain records, or EINVALID.
func domainRecords(r *Records) (*domain.Records, error) {
	var d decoder
	e := r.Employer
	out := &domain.Records{Employer: domain.Employer{BIN: e.BIN, Name: e.Name, Size: domain.Size(e.Size),
		BranchOfForeign: e.BranchOfForeign, TotalEmployees: e.TotalEmployees}}
	if e.StaffKZ != nil {
		out.Employer.StaffKZ = &[5]int{0, e.StaffKZ[0], e.StaffKZ[1], e.StaffKZ[2], e.StaffKZ[3]}
	}
	if len(r.Workers) > 0 {
		out.Workers = make([]domain.Worker, len(r.Workers))
	}
	for i := range r.Workers {
		w := &r.Workers[i]
		at := fmt.Sprintf("workers[%d]", i)
		dw := &out.Workers[i]
		*dw = domain.Worker{ID: w.ID, Name: w.Name, Citizenship: w.Citizenship, IIN: w.IIN, Basis: domain.Basis(w.Basis),
			Category: d.category(at+".category", w.Category), Position: w.Position,
			Start: d.date(at+".start", w.Start, true), End: d.date(at+".end", w.End, false)}
		if c := w.Contract; c != nil {
			dw.Contract = &domain.Contract{Signed: d.date(at+".contract.signed", c.Signed, false), Registered: d.date(at+".contract.registered", c.Registered, false)}
		}
		for j, p := range w.Permits {
			pat := fmt.Sprintf("%s.permits[%d]", at, j)
			regions := make([]domain.Region, len(p.Regions))
			for k, r := range p.Regions {
				regions[k] = domain.Region(r)
			}
			dw.Permits = append(dw.Permits, domain.Permit{Number: p.Number, Regions: regions,
				From: d.date(pat+".from", p.From, true), To: d.date(pat+".to", p.To, true)})
		}
		for j, t := range w.Trips {
			tat := fmt.Sprintf("%s.trips[%d]", at, j)
			dw.Trips = append(dw.Trips, domain.Trip{Region: domain.Region(t.Region), From: d.date(tat+".from", t.From, true),
				To: d.date(tat+".to", t.To, true), Notified: d.date(tat+".notified", t.Notified, false)})
		}
		for j, a := range w.AddressChanges {
			aat := fmt.Sprintf("%s.address_changes[%d]", at, j)
			dw.AddressChanges = append(dw.AddressChanges, domain.AddressChange{Date: d.date(aat+".date", a.Date, true), Notified: d.date(aat+".notified", a.Notified, false)})
		}
		for j, a := range w.Applications {
			aat := fmt.Sprintf("%s.applications[%d]", at, j)
			dw.Applications = append(dw.Applications, domain.Application{Filed: d.date(aat+".filed", a.Filed, true),
				VacancyPosted: d.date(aat+".vacancy_posted", a.VacancyPosted, false), VacancyCode: a.VacancyCode})
		}
	}
	for i, x := range r.Reports {
		at := fmt.Sprintf("reports[%d]", i)
		m, err := domain.ParseYearMonth(x.Month)
		if err != nil {
			d.failf(at+".month", "%q is not a month (YYYY-MM)", x.Month)
		}
		out.Reports = append(out.Reports, domain.Report{Month: m, Submitted: d.date(at+".submitted", x.Submitted, true)})
	}
	for i, x := range r.QuotaPlans {
		at := fmt.Sprintf("quota_plans[%d]", i)
		out.QuotaPlans = append(out.QuotaPlans, domain.QuotaPlan{Year: x.Year, Region: domain.Region(x.Region),
			Category: d.category(at+".category", x.Category), Position: x.Position, Count: x.Count})
	}
	for i, x := range r.QuotaApplications {
		at := fmt.Sprintf("quota_applications[%d]", i)
		out.QuotaApplications = append(out.QuotaApplications, domain.QuotaApplication{Year: x.Year, Region: domain.Region(x.Region),
			Submitted: d.date(at+".submitted", x.Submitted, true)})
	}
	for i, x := range r.Penalties {
		at := fmt.Sprintf("penalties[%d]", i)
		out.Penalties = append(out.Penalties, domain.Penalty{Article: x.Article, Part: x.Part, Date: d.date(at+".date", x.Date, true)})
	}
	if d.err != nil {
		return nil, d.err
	}
	return out, nil
}
