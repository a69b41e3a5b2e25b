package bulk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/synth"
)

const bin = "940140000385"

// parseCSV imports CSV texts keyed by kind, for the employer bin.
func parseCSV(t testing.TB, opts Options, files map[Kind]string) *Batch {
	t.Helper()
	im := New(opts)
	for _, k := range Kinds {
		if text, ok := files[k]; ok {
			if err := im.CSV(string(k)+".csv", k, strings.NewReader(text)); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := im.Finish()
	checkResult(t, b, err)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestApplyingTheSameImportTwiceChangesNothing(t *testing.T) {
	b := importCSV(t, "testdata/cases/valid_english")
	rec := &domain.Records{Employer: domain.Employer{BIN: bin, Size: domain.SizeSmall}}
	ch, err := b.Apply(rec)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Changes{WorkersAdded: 3, PermitsAdded: 2, TripsAdded: 3}); ch != want {
		t.Errorf("first apply: %+v, want %+v", ch, want)
	}
	first := cloneRecords(rec)
	ch, err = b.Apply(rec)
	if err != nil || !ch.None() {
		t.Errorf("second apply: %+v, %v", ch, err)
	}
	if !reflect.DeepEqual(rec, first) {
		t.Errorf("the second apply changed the records:\n%+v\n%+v", rec, first)
	}
	// The records share nothing with the batch.
	b.Employers[0].Workers[0].Permits[0].Regions[0] = "KZ-10"
	b.Employers[0].Workers[0].Contract.Signed = 1
	if !reflect.DeepEqual(rec, first) {
		t.Errorf("the records share memory with the batch")
	}
}

func cloneRecords(r *domain.Records) *domain.Records {
	c := *r
	c.Workers = nil
	for _, w := range r.Workers {
		c.Workers = append(c.Workers, (&Worker{Worker: w}).clone())
	}
	return &c
}

func TestApplySetsTheColumnsGivenAndKeepsTheOthers(t *testing.T) {
	d := domain.MustDate
	rec := &domain.Records{Employer: domain.Employer{BIN: bin, Size: domain.SizeSmall}, Workers: []domain.Worker{{
		ID: "w1", Name: "J. Smith", Citizenship: "GB", IIN: "850101300124", Basis: domain.BasisPermit,
		Category: domain.Category3, Position: "Engineer", Start: d("2026-01-10"), End: d("2026-06-30"),
		Contract: &domain.Contract{Signed: d("2026-01-10"), Registered: d("2026-01-12")},
		Permits:  []domain.Permit{{Number: "P-1", Regions: []domain.Region{"KZ-71", "KZ-75"}, From: d("2026-01-05"), To: d("2027-01-04")}},
		Trips:    []domain.Trip{{Region: "KZ-23", From: d("2026-02-01"), To: d("2026-02-03"), Notified: d("2026-02-02")}},
	}}}
	b := parseCSV(t, Options{BIN: bin}, map[Kind]string{
		// No position or contract columns; an empty end cell clears the end.
		Workers: "id,name,basis,category,start,end,birth date\nw1,John Smith,permit,3,2026-01-10,,02.04.1985\n",
		// The same permit with its regions in another order, and a new one.
		Permits: "worker,number,regions,from,to\nw1,P-1,\"KZ-75,KZ-71\",2026-01-05,2027-01-04\nw1,P-2,KZ-75,2027-01-05,2028-01-04\n",
		// The same trip, longer; no notified column.
		Trips: "worker,region,from,to\nw1,KZ-23,2026-02-01,2026-02-05\n",
	})
	ch, err := b.Apply(rec)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Changes{WorkersUpdated: 1, PermitsAdded: 1, TripsUpdated: 1}); ch != want {
		t.Errorf("changes %+v, want %+v", ch, want)
	}
	w := rec.Workers[0]
	if w.Name != "John Smith" || w.End != 0 || w.BirthDate != d("1985-04-02") || w.Position != "Engineer" || w.IIN != "850101300124" || w.Contract == nil || w.Contract.Registered != d("2026-01-12") {
		t.Errorf("worker %+v", w)
	}
	if len(w.Permits) != 2 || !reflect.DeepEqual(w.Permits[0].Regions, []domain.Region{"KZ-71", "KZ-75"}) {
		t.Errorf("permits %+v", w.Permits)
	}
	if w.Trips[0] != (domain.Trip{Region: "KZ-23", From: d("2026-02-01"), To: d("2026-02-05"), Notified: d("2026-02-02")}) {
		t.Errorf("trip %+v", w.Trips[0])
	}
}

func TestApplyRefusesAndChangesNothing(t *testing.T) {
	d := domain.MustDate
	recorded := func() *domain.Records {
		return &domain.Records{Employer: domain.Employer{BIN: bin, Size: domain.SizeSmall}, Workers: []domain.Worker{
			{ID: "w1", Basis: domain.BasisBranchHead, Start: d("2026-01-10")},
			{ID: "w2", Basis: domain.BasisPermit, Category: domain.Category3, Start: d("2026-01-10"),
				Permits: []domain.Permit{{Number: "P-9", Regions: []domain.Region{"KZ-75"}, From: d("2026-01-05"), To: d("2027-01-04")}}},
		}}
	}
	known := func(bin, id string) bool { return true }
	for _, tc := range []struct {
		name  string
		opts  Options
		files map[Kind]string
		rec   *domain.Records
		code  string
	}{
		{"another employer", Options{BIN: bin}, map[Kind]string{Workers: "id,basis,start\nw3,branch_head,2026-01-10\n"},
			&domain.Records{Employer: domain.Employer{BIN: "990140004654", Size: domain.SizeSmall}}, domain.ENOTFOUND},
		{"a worker said to be recorded is not", Options{BIN: bin, Known: known},
			map[Kind]string{Workers: "id,basis,start\nw3,branch_head,2026-01-10\n", Trips: "worker,region,from,to\nw7,KZ-71,2026-02-01,2026-02-03\n"},
			recorded(), domain.ENOTFOUND},
		{"a permit of another worker", Options{BIN: bin},
			map[Kind]string{Workers: "id,basis,start\nw3,branch_head,2026-01-10\n", Permits: "worker,number,regions,from,to\nw3,P-9,KZ-75,2026-01-05,2027-01-04\n"},
			recorded(), domain.ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := parseCSV(t, tc.opts, tc.files)
			before := cloneRecords(tc.rec)
			_, err := b.Apply(tc.rec)
			if domain.ErrorCode(err) != tc.code {
				t.Errorf("error %v, want code %s", err, tc.code)
			}
			if !reflect.DeepEqual(tc.rec, before) {
				t.Errorf("the records changed")
			}
		})
	}
}

// TestApplyRefusesMergedRecordsTheValidatorRefuses: each file is valid on
// its own, but merged into what is recorded it is not. Apply changes
// nothing and places each problem at the row or cell that brought it.
func TestApplyRefusesMergedRecordsTheValidatorRefuses(t *testing.T) {
	d := domain.MustDate
	rec := &domain.Records{Employer: domain.Employer{BIN: bin, Size: domain.SizeSmall}, Workers: []domain.Worker{
		{ID: "w1", Basis: domain.BasisBranchHead, Start: d("2026-01-10"), End: d("2026-06-30")},
		{ID: "w2", Basis: domain.BasisBranchHead, Start: d("2026-01-10"), BirthDate: d("2026-05-02")}, // a typo, say
		// Recorded before the model's limits: no file gives it.
		{ID: "w3", Basis: domain.BasisBranchHead, Start: d("1985-01-01")},
	}}
	b := parseCSV(t, Options{BIN: bin}, map[Kind]string{
		// No end or birth date column: the recorded ones stay.
		Workers: "id,basis,start\nw1,branch_head,2026-08-01\nw2,branch_head,2026-02-01\n",
	})
	before := cloneRecords(rec)
	_, err := b.Apply(rec)
	want := "workers.csv:2: as recorded, end: 2026-06-30 is before start 2026-08-01; expected a day on or after it\n" +
		"workers.csv:3:C (start): 2026-02-01 is before birth_date 2026-05-02; expected a day on or after it\n" +
		"employer 940140000385, workers[2].start as recorded: 1985-01-01 is out of range; expected the first day of the engagement from 1990-01-01 to 2100-12-31"
	if domain.ErrorCode(err) != domain.EINVALID || domain.ErrorMessage(err) != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	var de *domain.Error
	if errors.As(err, &de); de == nil || de.Problems == nil || len(de.Problems.List) != 3 {
		t.Errorf("the error does not hold the validator's problems: %#v", err)
	}
	if !reflect.DeepEqual(rec, before) {
		t.Errorf("the records changed:\n%+v\n%+v", rec, before)
	}
}

func TestPermitsAndTripsOfARecordedWorker(t *testing.T) {
	rec := &domain.Records{Employer: domain.Employer{BIN: bin, Size: domain.SizeSmall}, Workers: []domain.Worker{{ID: "w1", Basis: domain.BasisPermit, Category: 3, Start: domain.MustDate("2026-01-10")}}}
	opts := Options{BIN: bin, Known: func(b, id string) bool { return b == bin && id == "w1" }}
	b := parseCSV(t, opts, map[Kind]string{Permits: "worker,number,regions,from,to\nw1,P-1,KZ-75,2026-01-05,2027-01-04\n"})
	ch, err := b.Apply(rec)
	if err != nil || ch != (Changes{PermitsAdded: 1}) || len(rec.Workers[0].Permits) != 1 {
		t.Fatalf("changes %+v, error %v, worker %+v", ch, err, rec.Workers[0])
	}
	if rec.Workers[0].Basis != domain.BasisPermit || rec.Workers[0].Start.IsZero() {
		t.Errorf("a worker only referred to lost its fields: %+v", rec.Workers[0])
	}
}

// writeCSV writes the workers, permits, trips, documents, monthly figures
// and customer contracts of records as CSV files, with the columns in an
// order of their own.
func writeCSV(t testing.TB, recs []domain.Records) map[Kind]string {
	var files [6]bytes.Buffer
	var ws [6]*csv.Writer
	for i := range ws {
		ws[i] = csv.NewWriter(&files[i])
	}
	ws[0].Write([]string{"BIN", "Табельный номер", "ФИО", "Гражданство", "ИИН", "Дата рождения", "Основание", "Категория", "Должность", "Дата приема", "Дата увольнения", "Contract signed", "ESUTD"})
	ws[1].Write([]string{"BIN", "Worker", "Номер разрешения", "Регион", "С", "По"})
	ws[2].Write([]string{"BIN", "Worker", "Регион", "С", "По", "Дата уведомления"})
	ws[3].Write([]string{"БИН", "Табельный номер", "Вид документа", "Номер документа", "Дата выдачи", "Срок действия"})
	ws[4].Write([]string{"БСН", "Есепті ай", "Оқытылған ҚР азаматтары", "Шетелдіктерді алмастырған ҚР азаматтары", "Жұмыс істейтін ҚР азаматтары", "Құрылған жұмыс орындары"})
	ws[5].Write([]string{"BIN", "Заказчик", "Номер договора", "Дата договора", "Регион"})
	docWords := map[domain.DocumentKind]string{domain.DocPassport: "Паспорт", domain.DocDiploma: "диплом", domain.DocWorkRecord: "Еңбек кітапшасы",
		domain.DocEmploymentCertificate: "Справка с места работы", domain.DocContract: "Трудовой договор"}
	monthNames := []string{"", "январь", "ақпан", "March", "04.", "мая", "маусым", "July", "08/", "сентябрь", "қазан", "Nov", "-12"}
	dd := func(d domain.Date) string { // DD.MM.YYYY, as a spreadsheet shows it
		if d.IsZero() {
			return ""
		}
		s := d.String()
		return s[8:10] + "." + s[5:7] + "." + s[0:4]
	}
	for _, r := range recs {
		for _, w := range r.Workers {
			var signed, registered string
			if w.Contract != nil {
				signed, registered = w.Contract.Signed.String(), dd(w.Contract.Registered)
			}
			ws[0].Write([]string{r.Employer.BIN, w.ID, w.Name, w.Citizenship, w.IIN, dd(w.BirthDate), string(w.Basis), w.Category.String(), w.Position, dd(w.Start), w.End.String(), signed, registered})
			for _, p := range w.Permits {
				regions := make([]string, len(p.Regions))
				for i, reg := range p.Regions {
					ri, _ := domain.LookupRegion(reg)
					regions[i] = []string{string(reg), ri.RU, ri.KK, ri.EN}[i%4]
				}
				ws[1].Write([]string{r.Employer.BIN, w.ID, p.Number, strings.Join(regions, ", "), p.From.String(), dd(p.To)})
			}
			for _, tr := range w.Trips {
				ws[2].Write([]string{r.Employer.BIN, w.ID, string(tr.Region), dd(tr.From), tr.To.String(), tr.Notified.String()})
			}
			for _, d := range w.Documents {
				kind, ok := docWords[d.Kind]
				if !ok {
					kind = string(d.Kind)
				}
				ws[3].Write([]string{r.Employer.BIN, w.ID, kind, d.Number, dd(d.Issued), d.Expires.String()})
			}
		}
		for _, f := range r.MonthlyFigures { // the month in the ways people write it
			y, m := strconv.Itoa(f.Month.Year()), f.Month.Month()
			month := monthNames[m] + " " + y
			switch monthNames[m][len(monthNames[m])-1] {
			case '.', '/':
				month = monthNames[m] + y
			case '-':
				month = y + monthNames[m]
			}
			ws[4].Write([]string{r.Employer.BIN, month, strconv.Itoa(f.KZTrained), strconv.Itoa(f.KZReplaced), strconv.Itoa(f.KZWorking), strconv.Itoa(f.JobsCreated)})
		}
		for _, c := range r.QuotaContracts {
			ws[5].Write([]string{r.Employer.BIN, c.Customer, c.Number, dd(c.Date), string(c.Region)})
		}
	}
	out := map[Kind]string{}
	for i, k := range Kinds {
		ws[i].Flush()
		out[k] = files[i].String()
	}
	return out
}

// TestSyntheticRecordsSurviveCSV writes the records of synthetic employers
// as CSV, imports them onto empty records, and expects the same workers,
// permits and trips back.
func TestSyntheticRecordsSurviveCSV(t *testing.T) {
	recs := synth.Generate(synth.Spec{Seed: 7, Employers: 5, Workers: 300, Trips: 400,
		From: domain.MustDate("2024-01-01"), To: domain.MustDate("2026-06-30")})
	for i := range recs { // synth gives no birth dates, documents, figures or contracts: some have them
		r := &recs[i]
		for j := range r.Workers {
			if w := &r.Workers[j]; j%3 == 0 {
				w.BirthDate = domain.NewDate(1960+j%40, time.Month(1+j%12), 1+j%28)
			}
			if w := &r.Workers[j]; j%4 == 1 {
				for k, kind := range domain.DocumentKinds[:1+j%len(domain.DocumentKinds)] {
					w.Documents = append(w.Documents, domain.WorkerDocument{Kind: kind, Number: fmt.Sprintf("N%d-%d", j, k),
						Issued: domain.NewDate(2010+k, time.Month(1+j%12), 1+k), Expires: domain.NewDate(2030+k, 1, 1)})
				}
			}
		}
		for m := range 14 {
			r.MonthlyFigures = append(r.MonthlyFigures, domain.MonthlyFigures{Month: domain.NewYearMonth(2025, time.Month(1+m%12)).Add(m / 12 * 12),
				KZTrained: m, KZReplaced: m % 3, KZWorking: 100 + m*i, JobsCreated: m % 2})
		}
		for k := range 3 {
			r.QuotaContracts = append(r.QuotaContracts, domain.QuotaContract{Customer: fmt.Sprintf("ТОО «Заказчик %d»", k), Number: fmt.Sprintf("Д-%d/%d", i, k),
				Date: domain.NewDate(2025, time.Month(1+k), 10), Region: domain.Regions[k*5].Code})
		}
	}
	b := parseCSV(t, Options{}, writeCSV(t, recs))
	if len(b.Employers) != len(recs) {
		t.Fatalf("%d employers, want %d", len(b.Employers), len(recs))
	}
	for _, want := range recs {
		got := &domain.Records{Employer: domain.Employer{BIN: want.Employer.BIN, Size: domain.SizeSmall}}
		if _, err := b.Apply(got); err != nil {
			t.Fatal(err)
		}
		if len(got.Workers) != len(want.Workers) {
			t.Fatalf("%s: %d workers, want %d", want.Employer.BIN, len(got.Workers), len(want.Workers))
		}
		for i := range want.Workers {
			w := want.Workers[i]
			w.AddressChanges, w.Applications = nil, nil // not in the files
			if !reflect.DeepEqual(got.Workers[i], w) {
				t.Fatalf("worker %s:\ngot  %+v\nwant %+v", w.ID, got.Workers[i], w)
			}
		}
		if !reflect.DeepEqual(got.MonthlyFigures, want.MonthlyFigures) || !reflect.DeepEqual(got.QuotaContracts, want.QuotaContracts) {
			t.Fatalf("%s: figures and contracts\ngot  %+v\n     %+v\nwant %+v\n     %+v", want.Employer.BIN, got.MonthlyFigures, got.QuotaContracts, want.MonthlyFigures, want.QuotaContracts)
		}
		if ch, err := b.Apply(got); err != nil || !ch.None() {
			t.Fatalf("%s: applied again: %+v, %v", want.Employer.BIN, ch, err)
		}
	}
}
