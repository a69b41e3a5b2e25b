// Package domaintest gives the tests of every door one employer's records
// with every field of the model set, and a check that it is so: a door
// that reads or writes records (the scenario format, the API's JSON, the
// store, the audit log, the importer) round-trips Full, so that a field
// added to the model and forgotten in one door fails that door's test.
package domaintest

import (
	"fmt"
	"reflect"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Full returns valid records in which every field of every type of the
// model holds a value other than its zero value (every list has an item,
// every pointer a target). When a field is added to the model, set it here:
// TestFullSetsEveryField fails until it is.
func Full() *domain.Records {
	total, experience := 140, 16
	return &domain.Records{
		Employer: domain.Employer{BIN: "940140000385", Name: "Steppe Drilling LLP «Дала»", Size: domain.SizeMedium,
			BranchOfForeign: true, StaffKZ: &[5]int{0, 2, 8, 40, 60}, TotalEmployees: &total,
			Address: "Atyrau, Satpayev Ave 17, office 4", Phone: "+7 7122 45 67 89", Email: "hr@steppe-drilling.kz",
			Director: domain.Director{Name: "Серікбаев Нұрлан Ерланұлы", Position: "Director"}, UsesSeal: true},
		Workers: []domain.Worker{{
			ID: "w-001", Name: "Zhou Ming", Citizenship: "CN", IIN: "850402300011", BirthDate: domain.MustDate("1985-04-02"),
			Basis: domain.BasisPermit, Category: domain.Category3, Position: "Drilling engineer",
			Start: domain.MustDate("2025-01-10"), End: domain.MustDate("2026-12-31"),
			Contract: &domain.Contract{Signed: domain.MustDate("2025-01-08"), Registered: domain.MustDate("2025-01-09")},
			Permits: []domain.Permit{{Number: "ATR-2025-0141", Regions: []domain.Region{"KZ-23", "KZ-47"},
				From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")}},
			Trips: []domain.Trip{{Region: "KZ-75", From: domain.MustDate("2025-03-02"), To: domain.MustDate("2025-03-06"),
				Notified: domain.MustDate("2025-03-03")}},
			AddressChanges: []domain.AddressChange{{Date: domain.MustDate("2025-04-01"), Notified: domain.MustDate("2025-04-02")}},
			Applications: []domain.Application{{Filed: domain.MustDate("2024-11-20"), VacancyPosted: domain.MustDate("2024-10-01"),
				VacancyCode: "V-77-2024"}},
			Passport: &domain.Passport{Number: "EG7731925", Issued: domain.MustDate("2019-04-11"), Expires: domain.MustDate("2029-04-10"),
				Issuer: "Ministry of Public Security of the PRC"},
			Education: &domain.Education{Level: domain.EducationHigher, Institution: "China University of Petroleum",
				Specialty: "Petroleum engineering", Graduated: 2007},
			ExperienceYears: &experience,
			Documents: []domain.WorkerDocument{{Kind: domain.DocDiploma, Number: "CUP-2007-118", Issued: domain.MustDate("2007-06-30"),
				Expires: domain.MustDate("2099-12-31")}},
		}},
		Reports: []domain.Report{{Month: domain.NewYearMonth(2025, 1), Submitted: domain.MustDate("2025-01-28")}},
		QuotaPlans: []domain.QuotaPlan{{Year: 2026, Region: "KZ-23", Category: domain.Category3, Position: "Drilling engineer", Count: 2,
			Justification: "Tengiz well programme 2026, contract QG-2025-118"}},
		QuotaContracts: []domain.QuotaContract{{Customer: "Tengizchevroil LLP", Number: "QG-2025-118", Date: domain.MustDate("2025-11-03"),
			Region: "KZ-23"}},
		MonthlyFigures: []domain.MonthlyFigures{{Month: domain.NewYearMonth(2025, 2), KZTrained: 6, KZReplaced: 2, KZWorking: 155,
			JobsCreated: 3}},
		QuotaApplications: []domain.QuotaApplication{{Year: 2026, Region: "KZ-23", Submitted: domain.MustDate("2025-09-15")}},
		Penalties:         []domain.Penalty{{Article: "98", Part: "1", Date: domain.MustDate("2025-05-01")}},
	}
}

// Unset returns the paths of the fields of v that hold their zero value,
// looking into structs, pointers, arrays and the first item of each list;
// empty when every field is set.
func Unset(v any) []string {
	var out []string
	walk(reflect.ValueOf(v), "", &out)
	return out
}

func walk(v reflect.Value, at string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			*out = append(*out, at)
			return
		}
		walk(v.Elem(), at, out)
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				walk(v.Field(i), at+"."+t.Field(i).Name, out)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			*out = append(*out, at)
			return
		}
		walk(v.Index(0), at+"[0]", out)
	case reflect.Array:
		if v.IsZero() {
			*out = append(*out, at)
		}
	default:
		if v.IsZero() {
			*out = append(*out, fmt.Sprint(at))
		}
	}
}
