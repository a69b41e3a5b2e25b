package store

import (
	"github.com/ruqsat/ruqsat/internal/domain"
)

// The audit log keeps entities as JSON documents in the keys of the scenario
// format (docs/SCENARIO.md), so that an entry reads like the file an
// employer's records come from. Dates are YYYY-MM-DD; absent values are
// left out.

type employerDoc struct {
	BIN             string           `json:"bin"`
	Name            string           `json:"name,omitempty"`
	Size            string           `json:"size"`
	BranchOfForeign bool             `json:"branch_of_foreign"`
	StaffKZ         *[4]int          `json:"staff_kz,omitempty"`
	TotalEmployees  *int             `json:"total_employees,omitempty"`
	Address         string           `json:"address,omitempty"`
	Phone           string           `json:"phone,omitempty"`
	Email           string           `json:"email,omitempty"`
	Director        *domain.Director `json:"director,omitempty"`
	UsesSeal        bool             `json:"uses_seal,omitempty"`
	// Version is the employer's version (see UpdateEmployer) once the
	// change is made, or before it.
	Version int64 `json:"version"`
}

type recordsDoc struct {
	Employer          employerDoc        `json:"employer"`
	Workers           []workerDoc        `json:"workers,omitempty"`
	Reports           []reportDoc        `json:"reports,omitempty"`
	QuotaPlans        []quotaPlanDoc     `json:"quota_plans,omitempty"`
	QuotaApplications []quotaAppDoc      `json:"quota_applications,omitempty"`
	QuotaContracts    []quotaContractDoc `json:"quota_contracts,omitempty"`
	Penalties         []penaltyDoc       `json:"penalties,omitempty"`
	MonthlyFigures    []figuresDoc       `json:"monthly_figures,omitempty"`
}

type workerDoc struct {
	ID              string             `json:"id"`
	Name            string             `json:"name,omitempty"`
	Citizenship     string             `json:"citizenship,omitempty"`
	IIN             string             `json:"iin,omitempty"`
	BirthDate       domain.Date        `json:"birth_date,omitzero"`
	Basis           string             `json:"basis"`
	Category        string             `json:"category,omitempty"`
	Position        string             `json:"position,omitempty"`
	Start           domain.Date        `json:"start,omitzero"`
	End             domain.Date        `json:"end,omitzero"`
	Contract        *contractDoc       `json:"contract,omitempty"`
	Permits         []permitDoc        `json:"permits,omitempty"`
	Trips           []tripDoc          `json:"trips,omitempty"`
	AddressChanges  []addressChangeDoc `json:"address_changes,omitempty"`
	Applications    []applicationDoc   `json:"applications,omitempty"`
	Passport        *passportDoc       `json:"passport,omitempty"`
	Education       *educationDoc      `json:"education,omitempty"`
	ExperienceYears *int               `json:"experience_years,omitempty"`
	Documents       []documentDoc      `json:"documents,omitempty"`
}

type documentDoc struct {
	Kind    string      `json:"kind"`
	Number  string      `json:"number,omitempty"`
	Issued  domain.Date `json:"issued,omitzero"`
	Expires domain.Date `json:"expires,omitzero"`
}

type passportDoc struct {
	Number  string      `json:"number,omitempty"`
	Issued  domain.Date `json:"issued,omitzero"`
	Expires domain.Date `json:"expires,omitzero"`
	Issuer  string      `json:"issuer,omitempty"`
}

type educationDoc struct {
	Level       string `json:"level,omitempty"`
	Institution string `json:"institution,omitempty"`
	Specialty   string `json:"specialty,omitempty"`
	Graduated   int    `json:"graduated,omitempty"`
}

type quotaContractDoc struct {
	Customer string        `json:"customer"`
	Number   string        `json:"number,omitempty"`
	Date     domain.Date   `json:"date,omitzero"`
	Region   domain.Region `json:"region,omitempty"`
}

type figuresDoc struct {
	Month       domain.YearMonth `json:"month"`
	KZTrained   int              `json:"kz_trained"`
	KZReplaced  int              `json:"kz_replaced"`
	KZWorking   int              `json:"kz_working"`
	JobsCreated int              `json:"jobs_created"`
}

type contractDoc struct {
	Signed     domain.Date `json:"signed,omitzero"`
	Registered domain.Date `json:"registered,omitzero"`
}

type permitDoc struct {
	Number  string          `json:"number,omitempty"`
	Regions []domain.Region `json:"regions"`
	From    domain.Date     `json:"from"`
	To      domain.Date     `json:"to"`
}

type tripDoc struct {
	Region   domain.Region `json:"region"`
	From     domain.Date   `json:"from"`
	To       domain.Date   `json:"to"`
	Notified domain.Date   `json:"notified,omitzero"`
}

type addressChangeDoc struct {
	Date     domain.Date `json:"date"`
	Notified domain.Date `json:"notified,omitzero"`
}

type applicationDoc struct {
	Filed         domain.Date `json:"filed"`
	VacancyPosted domain.Date `json:"vacancy_posted,omitzero"`
	VacancyCode   string      `json:"vacancy_code,omitempty"`
}

type reportDoc struct {
	Month     domain.YearMonth `json:"month"`
	Submitted domain.Date      `json:"submitted"`
}

type quotaPlanDoc struct {
	Year          int           `json:"year"`
	Region        domain.Region `json:"region"`
	Category      string        `json:"category,omitempty"`
	Position      string        `json:"position,omitempty"`
	Count         int           `json:"count"`
	Justification string        `json:"justification,omitempty"`
}

type quotaAppDoc struct {
	Year      int           `json:"year"`
	Region    domain.Region `json:"region"`
	Submitted domain.Date   `json:"submitted"`
}

type penaltyDoc struct {
	Article string      `json:"article"`
	Part    string      `json:"part,omitempty"`
	Date    domain.Date `json:"date"`
}

func newEmployerDoc(e *domain.Employer, version int64) employerDoc {
	d := employerDoc{Version: version, BIN: e.BIN, Name: e.Name, Size: string(e.Size), BranchOfForeign: e.BranchOfForeign, TotalEmployees: e.TotalEmployees,
		Address: e.Address, Phone: e.Phone, Email: e.Email, UsesSeal: e.UsesSeal}
	if e.Director != (domain.Director{}) {
		dir := e.Director
		d.Director = &dir
	}
	if e.StaffKZ != nil {
		d.StaffKZ = &[4]int{e.StaffKZ[1], e.StaffKZ[2], e.StaffKZ[3], e.StaffKZ[4]}
	}
	return d
}

func newRecordsDoc(r *domain.Records, version int64) *recordsDoc {
	d := &recordsDoc{Employer: newEmployerDoc(&r.Employer, version)}
	if len(r.Workers) > 0 {
		d.Workers = make([]workerDoc, len(r.Workers))
	}
	for i := range r.Workers {
		w := &r.Workers[i]
		wd := &d.Workers[i]
		*wd = workerDoc{ID: w.ID, Name: w.Name, Citizenship: w.Citizenship, IIN: w.IIN, BirthDate: w.BirthDate,
			Basis: string(w.Basis), Category: w.Category.String(), Position: w.Position, Start: w.Start, End: w.End}
		if w.Contract != nil {
			wd.Contract = &contractDoc{Signed: w.Contract.Signed, Registered: w.Contract.Registered}
		}
		if p := w.Passport; p != nil {
			wd.Passport = &passportDoc{Number: p.Number, Issued: p.Issued, Expires: p.Expires, Issuer: p.Issuer}
		}
		if e := w.Education; e != nil {
			wd.Education = &educationDoc{Level: string(e.Level), Institution: e.Institution, Specialty: e.Specialty, Graduated: e.Graduated}
		}
		wd.ExperienceYears = w.ExperienceYears
		wd.Documents = mapSlice(w.Documents, func(d *domain.WorkerDocument) documentDoc {
			return documentDoc{Kind: string(d.Kind), Number: d.Number, Issued: d.Issued, Expires: d.Expires}
		})
		wd.Permits = mapSlice(w.Permits, func(p *domain.Permit) permitDoc {
			return permitDoc{Number: p.Number, Regions: p.Regions, From: p.From, To: p.To}
		})
		wd.Trips = mapSlice(w.Trips, func(t *domain.Trip) tripDoc {
			return tripDoc{Region: t.Region, From: t.From, To: t.To, Notified: t.Notified}
		})
		wd.AddressChanges = mapSlice(w.AddressChanges, func(a *domain.AddressChange) addressChangeDoc {
			return addressChangeDoc{Date: a.Date, Notified: a.Notified}
		})
		wd.Applications = mapSlice(w.Applications, func(a *domain.Application) applicationDoc {
			return applicationDoc{Filed: a.Filed, VacancyPosted: a.VacancyPosted, VacancyCode: a.VacancyCode}
		})
	}
	d.Reports = mapSlice(r.Reports, func(x *domain.Report) reportDoc { return reportDoc{Month: x.Month, Submitted: x.Submitted} })
	d.QuotaPlans = mapSlice(r.QuotaPlans, func(x *domain.QuotaPlan) quotaPlanDoc {
		return quotaPlanDoc{Year: x.Year, Region: x.Region, Category: x.Category.String(), Position: x.Position, Count: x.Count,
			Justification: x.Justification}
	})
	d.QuotaContracts = mapSlice(r.QuotaContracts, func(x *domain.QuotaContract) quotaContractDoc {
		return quotaContractDoc{Customer: x.Customer, Number: x.Number, Date: x.Date, Region: x.Region}
	})
	d.MonthlyFigures = mapSlice(r.MonthlyFigures, func(x *domain.MonthlyFigures) figuresDoc {
		return figuresDoc{Month: x.Month, KZTrained: x.KZTrained, KZReplaced: x.KZReplaced, KZWorking: x.KZWorking, JobsCreated: x.JobsCreated}
	})
	d.QuotaApplications = mapSlice(r.QuotaApplications, func(x *domain.QuotaApplication) quotaAppDoc {
		return quotaAppDoc{Year: x.Year, Region: x.Region, Submitted: x.Submitted}
	})
	d.Penalties = mapSlice(r.Penalties, func(x *domain.Penalty) penaltyDoc {
		return penaltyDoc{Article: x.Article, Part: x.Part, Date: x.Date}
	})
	return d
}

func mapSlice[T, U any](s []T, f func(*T) U) []U {
	if len(s) == 0 {
		return nil
	}
	out := make([]U, len(s))
	for i := range s {
		out[i] = f(&s[i])
	}
	return out
}
