package bulk_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestDocumentColumns reads the passport, education and experience columns
// under Russian and Kazakh headers, merges them into recorded workers
// without touching what the file has no column for, and places a cell that
// holds no level or number at its cell.
func TestDocumentColumns(t *testing.T) {
	csv := "Табельный номер;ФИО;Основание;Категория;Дата приема;Номер паспорта;Срок действия паспорта;Образование;Учебное заведение;Специальность;Год окончания;Жұмыс өтілі\n" +
		"117;Zhou Ming;permit;3;10.01.2026;EG7731925;10.04.2029;высшее;China University of Petroleum;Petroleum engineering;2007;16\n" +
		"118;Li Wei;permit;3;10.01.2026;;;жоғары;;;;\n"
	b, err := bulk.Parse(bulk.Workers, strings.NewReader(csv), bulk.Options{Name: "workers.csv", BIN: "940140000385"})
	if err != nil {
		t.Fatal(err)
	}
	ws := b.Employers[0].Workers
	sixteen := 16
	want := domain.Worker{ID: "117", Name: "Zhou Ming", Basis: domain.BasisPermit, Category: domain.Category3, Start: domain.MustDate("2026-01-10"),
		Passport:        &domain.Passport{Number: "EG7731925", Expires: domain.MustDate("2029-04-10")},
		Education:       &domain.Education{Level: domain.EducationHigher, Institution: "China University of Petroleum", Specialty: "Petroleum engineering", Graduated: 2007},
		ExperienceYears: &sixteen}
	if !reflect.DeepEqual(ws[0].Worker, want) {
		t.Errorf("worker 117:\n got %+v\nwant %+v", ws[0].Worker, want)
	}
	if w := ws[1].Worker; w.Passport != nil || w.ExperienceYears != nil || w.Education == nil || *w.Education != (domain.Education{Level: domain.EducationHigher}) {
		t.Errorf("worker 118: %+v %+v", w.Passport, w.Education)
	}

	// Merged into recorded workers: the issuer, which the file has no column
	// for, stays.
	rec := &domain.Records{Employer: domain.Employer{BIN: "940140000385", Size: domain.SizeSmall},
		Workers: []domain.Worker{{ID: "117", Basis: domain.BasisPermit, Category: domain.Category3, Start: domain.MustDate("2026-01-10"),
			Passport: &domain.Passport{Number: "OLD", Issuer: "MPS"}}}}
	if _, err := b.Apply(rec); err != nil {
		t.Fatal(err)
	}
	if p := rec.Workers[0].Passport; p == nil || *p != (domain.Passport{Number: "EG7731925", Expires: domain.MustDate("2029-04-10"), Issuer: "MPS"}) {
		t.Errorf("merged passport %+v", p)
	}

	bad := "id;basis;start;education;experience\nw1;permit;2026-01-10;doctor of magic;many\n"
	_, err = bulk.Parse(bulk.Workers, strings.NewReader(bad), bulk.Options{Name: "w.csv", BIN: "940140000385"})
	got := ""
	if err != nil {
		got = err.Error()
	}
	for _, w := range []string{`w.csv:2:D (education): "doctor of magic" is not a level of education`, `w.csv:2:E (experience): "many" is not a whole number`} {
		if !strings.Contains(got, w) {
			t.Errorf("want %q in\n%s", w, got)
		}
	}
	// A level beyond the model's limit is the validator's, at its cell.
	bad = "id;basis;category;start;experience\nw1;permit;3;2026-01-10;81\n"
	_, err = bulk.Parse(bulk.Workers, strings.NewReader(bad), bulk.Options{Name: "w.csv", BIN: "940140000385"})
	if err == nil || !strings.Contains(err.Error(), "w.csv:2:E (experience): 81 is out of range") {
		t.Errorf("experience of 81 years: %v", err)
	}
}
