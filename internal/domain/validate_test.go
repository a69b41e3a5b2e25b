package domain_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func validRecords() *domain.Records {
	return &domain.Records{
		Employer: domain.Employer{BIN: "940140000385", Name: "Steppe Drilling LLP", Size: domain.SizeMedium},
		Workers: []domain.Worker{{ID: "w1", Name: "Zhou Ming", Citizenship: "CN", Basis: domain.BasisPermit,
			Category: domain.Category3, Start: domain.MustDate("2025-01-10"), BirthDate: domain.MustDate("1985-04-02"),
			Permits: []domain.Permit{{Number: "P-1", Regions: []domain.Region{"KZ-23"}, From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")}},
			Trips:   []domain.Trip{{Region: "KZ-75", From: domain.MustDate("2025-02-01"), To: domain.MustDate("2025-02-05")}}}},
		QuotaPlans: []domain.QuotaPlan{{Year: 2026, Region: "KZ-23", Category: domain.Category3, Count: 2}},
		Penalties:  []domain.Penalty{{Article: "98", Date: domain.MustDate("2025-05-01")}},
	}
}

func TestValidateAcceptsValidRecords(t *testing.T) {
	if ps := validRecords().Validate(); ps != nil {
		t.Fatal(ps.Error())
	}
}

// TestValidateProblems changes one thing at a time and checks the path and
// code of the problem the validator reports.
func TestValidateProblems(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(r *domain.Records)
		path string
		code string
	}{
		{"no BIN", func(r *domain.Records) { r.Employer.BIN = "" }, "employer.bin", domain.CodeRequired},
		{"BIN check digit", func(r *domain.Records) { r.Employer.BIN = "940140000386" }, "employer.bin", domain.CodeIdentifier},
		{"unknown size", func(r *domain.Records) { r.Employer.Size = "tiny" }, "employer.size", domain.CodeNotOneOf},
		{"negative staff", func(r *domain.Records) { r.Employer.StaffKZ = &[5]int{0, 1, -1, 0, 0} }, "employer.staff_kz[1]", domain.CodeOutOfRange},
		{"name too long", func(r *domain.Records) { r.Employer.Name = strings.Repeat("ә", domain.MaxNameLen+1) }, "employer.name", domain.CodeTooLong},
		{"name of exactly the limit", func(r *domain.Records) { r.Employer.Name = strings.Repeat("ә", domain.MaxNameLen) }, "", ""},
		{"NUL in a name", func(r *domain.Records) { r.Workers[0].Name = "a\x00b" }, "workers[0].name", domain.CodeInvalidText},
		{"invalid UTF-8", func(r *domain.Records) { r.Workers[0].Position = "\xff" }, "workers[0].position", domain.CodeInvalidText},
		{"line break", func(r *domain.Records) { r.Workers[0].Name = "a\nb" }, "workers[0].name", domain.CodeInvalidText},
		{"worker id too long", func(r *domain.Records) { r.Workers[0].ID = strings.Repeat("x", domain.MaxCodeLen+1) }, "workers[0].id", domain.CodeTooLong},
		{"duplicate worker id", func(r *domain.Records) { r.Workers = append(r.Workers, r.Workers[0]) }, "workers[1].id", domain.CodeDuplicate},
		{"lower-case country", func(r *domain.Records) { r.Workers[0].Citizenship = "cn" }, "workers[0].citizenship", domain.CodeLowerCase},
		{"permit basis without category", func(r *domain.Records) { r.Workers[0].Category = 0 }, "workers[0].category", domain.CodeRequired},
		{"eaeu for a non-member", func(r *domain.Records) { r.Workers[0].Basis = domain.BasisEAEU }, "workers[0].basis", domain.CodeEAEU},
		{"birth date before 1900", func(r *domain.Records) { r.Workers[0].BirthDate = domain.MustDate("1899-12-31") }, "workers[0].birth_date", domain.CodeDateRange},
		{"born after starting", func(r *domain.Records) { r.Workers[0].BirthDate = domain.MustDate("2025-02-01") }, "workers[0].start", domain.CodeBefore},
		{"passport expires before issue", func(r *domain.Records) {
			r.Workers[0].Passport = &domain.Passport{Issued: domain.MustDate("2019-04-11"), Expires: domain.MustDate("2019-04-10")}
		}, "workers[0].passport.expires", domain.CodeBefore},
		{"unknown education level", func(r *domain.Records) { r.Workers[0].Education = &domain.Education{Level: "doctorate"} }, "workers[0].education.level", domain.CodeNotOneOf},
		{"graduated in year 12", func(r *domain.Records) { r.Workers[0].Education = &domain.Education{Graduated: 12} }, "workers[0].education.graduated", domain.CodeOutOfRange},
		{"document of no kind", func(r *domain.Records) { r.Workers[0].Documents = []domain.WorkerDocument{{Number: "D-1"}} }, "workers[0].documents[0].kind", domain.CodeRequired},
		{"document of an unknown kind", func(r *domain.Records) { r.Workers[0].Documents = []domain.WorkerDocument{{Kind: "visa"}} }, "workers[0].documents[0].kind", domain.CodeNotOneOf},
		{"document expiring before issue", func(r *domain.Records) {
			r.Workers[0].Documents = []domain.WorkerDocument{{Kind: domain.DocDiploma, Issued: domain.MustDate("2007-06-30"), Expires: domain.MustDate("2007-06-29")}}
		}, "workers[0].documents[0].expires", domain.CodeBefore},
		{"negative experience", func(r *domain.Records) { n := -1; r.Workers[0].ExperienceYears = &n }, "workers[0].experience_years", domain.CodeOutOfRange},
		{"experience of a lifetime", func(r *domain.Records) { n := 81; r.Workers[0].ExperienceYears = &n }, "workers[0].experience_years", domain.CodeOutOfRange},
		{"line break in the address", func(r *domain.Records) { r.Employer.Address = "Almaty\nAbai Ave" }, "employer.address", domain.CodeInvalidText},
		{"contract without customer", func(r *domain.Records) { r.QuotaContracts = []domain.QuotaContract{{Number: "QG-1"}} }, "quota_contracts[0].customer", domain.CodeRequired},
		{"contract in an unknown region", func(r *domain.Records) { r.QuotaContracts = []domain.QuotaContract{{Customer: "C", Region: "KZ-99"}} }, "quota_contracts[0].region", domain.CodeNotOneOf},
		{"figures without month", func(r *domain.Records) { r.MonthlyFigures = []domain.MonthlyFigures{{KZTrained: 1}} }, "monthly_figures[0].month", domain.CodeRequired},
		{"figures of a month twice", func(r *domain.Records) {
			r.MonthlyFigures = []domain.MonthlyFigures{{Month: domain.NewYearMonth(2026, 2)}, {Month: domain.NewYearMonth(2026, 2)}}
		}, "monthly_figures[1].month", domain.CodeDuplicate},
		{"negative jobs created", func(r *domain.Records) {
			r.MonthlyFigures = []domain.MonthlyFigures{{Month: domain.NewYearMonth(2026, 2), JobsCreated: -1}}
		}, "monthly_figures[0].jobs_created", domain.CodeOutOfRange},
		{"start before 1990", func(r *domain.Records) { r.Workers[0].Start = domain.MustDate("1989-12-31") }, "workers[0].start", domain.CodeDateRange},
		{"permit without regions", func(r *domain.Records) { r.Workers[0].Permits[0].Regions = nil }, "workers[0].permits[0].regions", domain.CodeEmptyList},
		{"region twice", func(r *domain.Records) { r.Workers[0].Permits[0].Regions = []domain.Region{"KZ-23", "KZ-23"} }, "workers[0].permits[0].regions[1]", domain.CodeDuplicate},
		{"unknown region", func(r *domain.Records) { r.Workers[0].Trips[0].Region = "KZ-99" }, "workers[0].trips[0].region", domain.CodeNotOneOf},
		{"trip ends first", func(r *domain.Records) { r.Workers[0].Trips[0].To = domain.MustDate("2025-01-31") }, "workers[0].trips[0].to", domain.CodeBefore},
		{"too many trips", func(r *domain.Records) {
			r.Workers[0].Trips = make([]domain.Trip, domain.MaxTrips+1)
			for i := range r.Workers[0].Trips {
				r.Workers[0].Trips[i] = domain.Trip{Region: "KZ-75", From: domain.MustDate("2025-02-01"), To: domain.MustDate("2025-02-01")}
			}
		}, "workers[0].trips", domain.CodeTooMany},
		{"quota plan year 0", func(r *domain.Records) { r.QuotaPlans[0].Year = 0 }, "quota_plans[0].year", domain.CodeOutOfRange},
		{"quota plan without category", func(r *domain.Records) { r.QuotaPlans[0].Category = 0 }, "quota_plans[0].category", domain.CodeRequired},
		{"penalty article 999", func(r *domain.Records) { r.Penalties[0].Article = "999" }, "penalties[0].article", domain.CodeNotOneOf},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := validRecords()
			c.edit(r)
			ps := r.Validate()
			if c.code == "" {
				if ps != nil {
					t.Fatalf("want no problem, got %s", ps.Error())
				}
				return
			}
			if ps == nil {
				t.Fatalf("no problem; want %s at %s", c.code, c.path)
			}
			for _, p := range ps.List {
				if p.Path.String() == c.path && p.Code == c.code {
					if m := p.Message(nil); m == "" || m == p.Code {
						t.Errorf("no message for %s", p.Code)
					}
					return
				}
			}
			t.Fatalf("want %s at %s; got %s", c.code, c.path, ps.Error())
		})
	}
}

// TestValidateRefusesKazakhstanCitizens: a foreign worker is not a
// Kazakhstan citizen (RULES.md reading 26): citizenship KZ is refused on
// every basis, eaeu included (Kazakhstan is an EAEU member), once, at the
// worker's citizenship; another EAEU member's citizen on basis eaeu is not.
func TestValidateRefusesKazakhstanCitizens(t *testing.T) {
	for _, b := range domain.Bases {
		t.Run(string(b), func(t *testing.T) {
			r := validRecords()
			r.Workers[0].Basis = b
			r.Workers[0].Citizenship = "KZ"
			ps := r.Validate()
			if ps == nil {
				t.Fatal("citizenship KZ accepted")
			}
			var got []string
			for _, p := range ps.List {
				got = append(got, p.Path.String()+" "+p.Code)
				if p.Code == domain.CodeKZCitizen && !strings.Contains(p.Message(nil), `citizenship KZ is Kazakhstan's`) {
					t.Errorf("message %q", p.Message(nil))
				}
			}
			if want := []string{"workers[0].citizenship " + domain.CodeKZCitizen}; !slices.Equal(got, want) {
				t.Fatalf("problems %q, want %q", got, want)
			}
		})
	}
	r := validRecords()
	r.Workers[0].Basis = domain.BasisEAEU
	r.Workers[0].Citizenship = "KG"
	if ps := r.Validate(); ps != nil {
		t.Fatalf("a citizen of Kyrgyzstan on basis eaeu: %s", ps.Error())
	}
}

func TestValidateCapsProblems(t *testing.T) {
	r := validRecords()
	for i := 0; i < 300; i++ {
		r.Penalties = append(r.Penalties, domain.Penalty{Article: "1"})
	}
	ps := r.Validate()
	if len(ps.List) != domain.MaxProblems || ps.More != 600-domain.MaxProblems {
		t.Fatalf("listed %d, more %d", len(ps.List), ps.More)
	}
}

func TestPathPointer(t *testing.T) {
	p := domain.Path{{Key: "workers", Index: 3}, {Key: "permits", Index: 0}, {Key: "to", Index: -1}}
	if got := p.Pointer(); got != "/workers/3/permits/0/to" {
		t.Fatal(got)
	}
	if got := p.String(); got != "workers[3].permits[0].to" {
		t.Fatal(got)
	}
}

func TestCheckText(t *testing.T) {
	for s, want := range map[string]string{"ok": "", "Жұмыс": "", "a\x00": domain.CodeInvalidText, "%ff\xff": domain.CodeInvalidText, "tab\t": domain.CodeInvalidText, "a\u2028b": domain.CodeInvalidText, "\u202eevil": domain.CodeInvalidText} {
		if code, _ := domain.CheckText(s, 10); code != want {
			t.Errorf("CheckText(%q) = %q, want %q", s, code, want)
		}
	}
	if code, _ := domain.CheckText(strings.Repeat("ә", 11), 10); code != domain.CodeTooLong {
		t.Error("11 characters pass a limit of 10")
	}
}

func BenchmarkValidate(b *testing.B) {
	r := validRecords()
	w := r.Workers[0]
	r.Workers = nil
	for i := 0; i < 1000; i++ {
		w.ID = "w" + strings.Repeat("1", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26%26))
		trips := make([]domain.Trip, 10)
		for j := range trips {
			trips[j] = w.Trips[0]
		}
		w.Trips = trips
		r.Workers = append(r.Workers, w)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ps := r.Validate(); ps != nil {
			b.Fatal(ps.Error())
		}
	}
}

// TestTextLimitsAreTheValidators checks each entry of TextLimits against
// the validator: a text of the limit passes, one character more is too
// long at that path.
func TestTextLimitsAreTheValidators(t *testing.T) {
	set := map[string]func(r *domain.Records, s string){
		"employer.name":                     func(r *domain.Records, s string) { r.Employer.Name = s },
		"workers.id":                        func(r *domain.Records, s string) { r.Workers[0].ID = s },
		"workers.name":                      func(r *domain.Records, s string) { r.Workers[0].Name = s },
		"workers.position":                  func(r *domain.Records, s string) { r.Workers[0].Position = s },
		"workers.permits.number":            func(r *domain.Records, s string) { r.Workers[0].Permits[0].Number = s },
		"workers.applications.vacancy_code": func(r *domain.Records, s string) { r.Workers[0].Applications[0].VacancyCode = s },
		"quota_plans.position":              func(r *domain.Records, s string) { r.QuotaPlans[0].Position = s },
		"penalties.part":                    func(r *domain.Records, s string) { r.Penalties[0].Part = s },
		"employer.address":                  func(r *domain.Records, s string) { r.Employer.Address = s },
		"employer.phone":                    func(r *domain.Records, s string) { r.Employer.Phone = s },
		"employer.email":                    func(r *domain.Records, s string) { r.Employer.Email = s },
		"employer.director.name":            func(r *domain.Records, s string) { r.Employer.Director.Name = s },
		"employer.director.position":        func(r *domain.Records, s string) { r.Employer.Director.Position = s },
		"workers.passport.number":           func(r *domain.Records, s string) { r.Workers[0].Passport = &domain.Passport{Number: s} },
		"workers.passport.issuer":           func(r *domain.Records, s string) { r.Workers[0].Passport = &domain.Passport{Issuer: s} },
		"workers.education.institution":     func(r *domain.Records, s string) { r.Workers[0].Education = &domain.Education{Institution: s} },
		"workers.education.specialty":       func(r *domain.Records, s string) { r.Workers[0].Education = &domain.Education{Specialty: s} },
		"workers.documents.number": func(r *domain.Records, s string) {
			r.Workers[0].Documents = []domain.WorkerDocument{{Kind: domain.DocDiploma, Number: s}}
		},
		"quota_plans.justification": func(r *domain.Records, s string) { r.QuotaPlans[0].Justification = s },
		"quota_contracts.customer":  func(r *domain.Records, s string) { r.QuotaContracts = []domain.QuotaContract{{Customer: s}} },
		"quota_contracts.number": func(r *domain.Records, s string) {
			r.QuotaContracts = []domain.QuotaContract{{Customer: "Tengizchevroil LLP", Number: s}}
		},
	}
	for path, max := range domain.TextLimits {
		f, ok := set[path]
		if !ok {
			t.Errorf("%s: no setter in this test; add one", path)
			continue
		}
		r := validRecords()
		r.Workers[0].Applications = []domain.Application{{Filed: domain.MustDate("2024-12-01")}}
		f(r, strings.Repeat("ә", max))
		if ps := r.Validate(); ps != nil {
			t.Errorf("%s: %d characters refused: %s", path, max, ps.Error())
		}
		f(r, strings.Repeat("ә", max+1))
		ps := r.Validate()
		found := false
		for _, p := range ps.List {
			found = found || (p.Code == domain.CodeTooLong && strings.ReplaceAll(strings.ReplaceAll(p.Path.String(), "[0]", ""), "[1]", "") == path)
		}
		if !found {
			t.Errorf("%s: %d characters not too long: %v", path, max+1, ps)
		}
	}
}
