package bulk

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// TestWorkbookSheetsOfDocumentsFiguresAndContracts: with the zero Kind,
// every sheet named after a kind in any of the three languages is read as
// that kind, and a sheet named Лист1 as the kind its header row names; a
// month may be a date cell, counts number cells.
// recordsBook is a workbook of a worker, its documents, monthly figures
// and a contract, its sheets named in Russian and Kazakh, the contracts'
// Лист1: dates in date cells, counts in number cells.
func recordsBook(t testing.TB) []byte {
	return book(t, []string{"Работники", "Жұмыскерлердің құжаттары", "Ежемесячные показатели", "Лист1"}, map[string][][]any{
		"Работники": {
			{"Табельный номер", "ФИО", "Гражданство", "Основание", "Дата приема"},
			{117, "John Smith", "GB", "branch_head", day("2026-01-10")},
		},
		"Жұмыскерлердің құжаттары": {
			{"Табель нөмірі", "Құжат түрі", "Құжат нөмірі", "Берілген күні", "Жарамдылық мерзімі"},
			{117, "Төлқұжат", "533380006", day("2019-04-02"), day("2029-04-01")},
			{117, "Диплом", "BSc-1", day("2008-06-30"), nil},
		},
		"Ежемесячные показатели": {
			{"Месяц", "Обучено граждан РК", "Заменили иностранцев", "Работает граждан РК", "Создано рабочих мест"},
			{day("2026-11-01"), 2, 0, 148, 1},
			{"декабрь 2026", 1, 1, 150, 0},
		},
		"Лист1": {
			{"Заказчик", "Номер договора", "Дата договора", "Регион"},
			{"ТОО «Тенгиз»", "Д-17", day("2025-12-01"), "Атырауская область"},
		},
	}, nil)
}

func TestWorkbookSheetsOfDocumentsFiguresAndContracts(t *testing.T) {
	data := recordsBook(t)
	b, err := ParseXLSX("", bytes.NewReader(data), Options{Name: "hr.xlsx", BIN: bin})
	checkResult(t, b, err)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []Kind
	for _, s := range b.Sources() {
		kinds = append(kinds, s.Kind)
	}
	if want := []Kind{Workers, Documents, Figures, Contracts}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("sheets read as %v, want %v", kinds, want)
	}
	d := domain.MustDate
	e := b.Employer(bin)
	if e == nil || len(e.Workers) != 1 {
		t.Fatalf("batch:\n%s", dump(b))
	}
	if got, want := e.Workers[0].Documents, []domain.WorkerDocument{
		{Kind: domain.DocPassport, Number: "533380006", Issued: d("2019-04-02"), Expires: d("2029-04-01")},
		{Kind: domain.DocDiploma, Number: "BSc-1", Issued: d("2008-06-30")},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("documents %+v", got)
	}
	if got, want := e.Figures, []domain.MonthlyFigures{
		{Month: domain.NewYearMonth(2026, 11), KZTrained: 2, KZWorking: 148, JobsCreated: 1},
		{Month: domain.NewYearMonth(2026, 12), KZTrained: 1, KZReplaced: 1, KZWorking: 150},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("figures %+v", got)
	}
	if got, want := e.Contracts, []domain.QuotaContract{{Customer: "ТОО «Тенгиз»", Number: "Д-17", Date: d("2025-12-01"), Region: "KZ-23"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("contracts %+v", got)
	}
	// With a kind, the sheet named after it.
	for _, k := range []Kind{Documents, Figures} {
		b, err := ParseXLSX(k, bytes.NewReader(data), Options{Name: "hr.xlsx", BIN: bin, Known: func(_, id string) bool { return id == "117" }})
		checkResult(t, b, err)
		if err != nil || len(b.Sources()) != 1 || b.Sources()[0].Sheet == "Работники" {
			t.Errorf("%s: %v %+v", k, err, b.Sources())
		}
	}
}

// TestSheetNamedContractsOfAnotherKind: an HR office's own sheet
// «Договоры» (its employment contracts) or an empty «Документы» beside the
// workers is passed over with a warning, as a sheet whose name says
// nothing; it does not stop the import.
func TestSheetNamedContractsOfAnotherKind(t *testing.T) {
	data := book(t, []string{"Работники", "Договоры", "Документы"}, map[string][][]any{
		"Работники": {{"Табельный номер", "ФИО", "Гражданство", "Основание", "Категория", "Дата приема"}, {"117", "Zhou Ming", "CN", "permit", "2", "01.03.2025"}},
		"Договоры":  {{"Сотрудник", "№ трудового договора", "Срок"}, {"Zhou Ming", "ТД-5", "бессрочный"}},
	}, nil)
	b, err := ParseXLSX("", bytes.NewReader(data), Options{Name: "hr.xlsx", BIN: bin})
	if err != nil {
		t.Fatalf("the import stopped: %v", err)
	}
	warned := false
	for _, p := range b.Problems {
		if p.Sheet == "Договоры" && p.Warning && strings.Contains(p.Msg, "not read") {
			warned = true
		}
		if p.Sheet == "Документы" {
			t.Errorf("the empty sheet: %s", p)
		}
	}
	read := 0
	for _, s := range b.Sources() {
		if s.Kind != "" {
			read++
		}
	}
	if !warned || read != 1 {
		t.Errorf("problems %v, sheets read %+v", b.Problems, b.Sources())
	}
}

// TestHeaderRowsTellTheNewKinds: the header row of a file whose kind is
// not given tells documents, figures and contracts in three languages, and
// the headers of workers, permits and trips are still theirs.
func TestHeaderRowsTellTheNewKinds(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   Kind
	}{
		{"worker;kind;number;issued;expires", Documents},
		{"Табельный номер;Вид документа;Номер;Дата выдачи;Срок действия", Documents},
		{"Табельный номер;ФИО;Документ;Номер документа;Дата выдачи", Documents},
		{"Табель нөмірі;Құжат түрі;Құжат нөмірі;Берілген күні;Жарамдылық мерзімі", Documents},
		{"month;kz_trained;kz_replaced;kz_working;jobs_created", Figures},
		{"Отчетный месяц;Обучено граждан РК;Заменили иностранцев;Работает граждан РК;Создано рабочих мест", Figures},
		{"Есепті ай;Оқытылған ҚР азаматтары;Жұмыс істейтін ҚР азаматтары", Figures},
		{"customer;number;date;region", Contracts},
		{"Заказчик;Номер договора;Дата договора;Регион", Contracts},
		{"Тапсырыс беруші;Шарт нөмірі;Шарт күні;Өңір", Contracts},
		// The kinds found before are found still.
		{"Табельный номер;ФИО;Гражданство;Основание;Дата приема", Workers},
		{"Табельный номер;Номер разрешения;Регион;Дата начала;Дата окончания", Permits},
		{"Табельный номер;Тип;Номер разрешения;Дата выдачи;Срок действия", Permits},
		{"Табельный номер;Регион командировки;С;По;Дата уведомления", Trips},
		{"Табельный номер;ФИО;Номер разрешения;Регион;Действует с;Действует до", Workers},
	} {
		im := New(Options{BIN: bin})
		if err := im.CSV("file.csv", "", strings.NewReader(tc.header+"\n")); err != nil {
			t.Fatal(err)
		}
		b, _ := im.Finish()
		if got := b.Sources()[0].Kind; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.header, got, tc.want)
		}
	}
}

// recorded are an employer's records with a worker, a document, two months
// of figures and two contracts with customers.
func recorded() *domain.Records {
	d := domain.MustDate
	return &domain.Records{
		Employer: domain.Employer{BIN: bin, Size: domain.SizeSmall},
		Workers: []domain.Worker{{ID: "w1", Basis: domain.BasisBranchHead, Start: d("2026-01-10"),
			Documents: []domain.WorkerDocument{{Kind: domain.DocPassport, Number: "P1", Issued: d("2020-01-01"), Expires: d("2030-01-01")}}}},
		MonthlyFigures: []domain.MonthlyFigures{
			{Month: domain.NewYearMonth(2026, 1), KZTrained: 1, KZWorking: 10},
			{Month: domain.NewYearMonth(2026, 2), KZTrained: 2, KZWorking: 11},
		},
		QuotaContracts: []domain.QuotaContract{
			{Customer: "ТОО «А»", Number: "Д-1", Date: d("2025-12-01"), Region: "KZ-23"},
			{Customer: "ТОО «Б»", Number: "Д-2", Date: d("2025-12-02")},
		},
	}
}

func TestMergingDocumentsFiguresAndContractsTwiceChangesNothing(t *testing.T) {
	rec := recorded()
	opts := Options{BIN: bin, Known: func(_, id string) bool { return id == "w1" }}
	b := parseCSV(t, opts, map[Kind]string{
		// The passport's expiry is updated, its issue date kept (no
		// column); a diploma is added.
		Documents: "Табельный номер;Вид документа;Номер документа;Срок действия\nw1;паспорт;P1;01.01.2031\nw1;диплом;Д-9;\n",
		// January's figures are as recorded; February's working count is
		// updated, its trained count kept (no column); March is added.
		Figures: "Айы;Жұмыс істейтін ҚР азаматтары;Құрылған жұмыс орындары\nқаңтар 2026;10;0\nақпан 2026;12;0\nнаурыз 2026;13;1\n",
		// Д-1 is as recorded but for its region, Д-3 is new.
		Contracts: "Customer,Contract number,Contract date,Region\nТОО «А»,Д-1,2025-12-01,KZ-75\nТОО «В»,Д-3,2026-01-15,\n",
	})
	ch, err := b.Apply(rec)
	want := Changes{DocumentsAdded: 1, DocumentsUpdated: 1, FiguresAdded: 1, FiguresUpdated: 1, ContractsAdded: 1, ContractsUpdated: 1}
	if err != nil || ch != want {
		t.Fatalf("changes %+v, want %+v; error %v", ch, want, err)
	}
	d := domain.MustDate
	if got := rec.Workers[0].Documents; len(got) != 2 || got[0] != (domain.WorkerDocument{Kind: domain.DocPassport, Number: "P1", Issued: d("2020-01-01"), Expires: d("2031-01-01")}) {
		t.Errorf("documents %+v", got)
	}
	if got := rec.MonthlyFigures; len(got) != 3 || got[1] != (domain.MonthlyFigures{Month: domain.NewYearMonth(2026, 2), KZTrained: 2, KZWorking: 12}) {
		t.Errorf("figures %+v", got)
	}
	if got := rec.QuotaContracts; len(got) != 3 || got[0].Region != "KZ-75" || got[1] != recorded().QuotaContracts[1] || got[2].Customer != "ТОО «В»" {
		t.Errorf("contracts %+v", got)
	}
	first := cloneRecords(rec)
	if ch, err := b.Apply(rec); err != nil || !ch.None() {
		t.Errorf("applied again: %+v, %v", ch, err)
	}
	if !reflect.DeepEqual(rec, first) {
		t.Errorf("applying again changed the records")
	}
	// Records without a quota contract or figures get them.
	empty := &domain.Records{Employer: domain.Employer{BIN: bin, Size: domain.SizeSmall}, Workers: []domain.Worker{{ID: "w1", Basis: domain.BasisBranchHead, Start: d("2026-01-10")}}}
	if ch, err := b.Apply(empty); err != nil || ch.ContractsAdded != 2 || ch.FiguresAdded != 3 || ch.DocumentsAdded != 2 {
		t.Errorf("onto empty records: %+v, %v", ch, err)
	}
}

// TestMergedRecordsProblemsAtTheirCells: the validator's problems with the
// merged records are placed at the cell that gave the value, or at the row
// that keeps a recorded one, or named as recorded.
func TestMergedRecordsProblemsAtTheirCells(t *testing.T) {
	rec := recorded()
	rec.MonthlyFigures[1].KZTrained = -1                       // recorded so, before the validator knew better
	rec.QuotaContracts[1].Date = domain.MustDate("1985-01-01") // the same
	before := cloneRecords(rec)
	opts := Options{BIN: bin, Known: func(_, id string) bool { return id == "w1" }}
	b := parseCSV(t, opts, map[Kind]string{
		Documents: "worker,kind,number,expires\nw1,passport,P1,2019-12-31\n",
		Figures:   "month,kz_working\n2026-02,12\n",
	})
	_, err := b.Apply(rec)
	want := []string{
		"documents.csv:2:D (expires): 2019-12-31 is before issued 2020-01-01; expected a day on or after it",
		"employer 940140000385, quota_contracts[1].date as recorded: 1985-01-01 is out of range; expected the day the contract was signed from 1990-01-01 to 2100-12-31",
		"figures.csv:2: as recorded, kz_trained: -1 is out of range; expected a number of citizens trained from 0 to 10000000",
	}
	if domain.ErrorCode(err) != domain.EINVALID || domain.ErrorMessage(err) != strings.Join(want, "\n") {
		t.Errorf("got\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}
	if !reflect.DeepEqual(rec, before) {
		t.Errorf("the records changed")
	}
	// The contract's own row, when a file gives it.
	b = parseCSV(t, Options{BIN: bin}, map[Kind]string{Contracts: "customer,number\nТОО «Б»,Д-2\n"})
	_, err = b.Apply(rec)
	ps := MergeProblems(err)
	if len(ps) != 2 || ps[0].String() != "contracts.csv:2: as recorded, date: 1985-01-01 is out of range; expected the day the contract was signed from 1990-01-01 to 2100-12-31" {
		t.Errorf("problems:\n%v", ps)
	}
	// A value of the file's own, at its cell.
	rec = recorded()
	b = parseCSV(t, Options{BIN: bin}, map[Kind]string{Contracts: "customer,number,date\nТОО «Б»,Д-2,2026-03-01\n", Figures: "month,kz_trained\n2026-02,3\n"})
	if _, err := b.Apply(rec); err != nil {
		t.Fatal(err)
	}
	pl := &placer{srcs: b.srcs, bin: bin, e: b.Employers[0], rec: rec, merged: true}
	for _, tc := range []struct {
		p    domain.Path
		want string
	}{
		{domain.Path{{Key: "monthly_figures", Index: 1}, {Key: "kz_trained", Index: -1}}, "figures.csv:2:B"},
		{domain.Path{{Key: "monthly_figures", Index: 0}, {Key: "kz_trained", Index: -1}}, ""},
		{domain.Path{{Key: "quota_contracts", Index: 1}, {Key: "date", Index: -1}}, "contracts.csv:2:C"},
		{domain.Path{{Key: "quota_contracts", Index: 0}, {Key: "date", Index: -1}}, ""},
	} {
		s := pl.locate(tc.p)
		got := ""
		if s.a.row > 0 {
			q := place(pl.srcs, s.a, "")
			got = fmt.Sprintf("%s:%d:%s", q.File, q.Row, q.Column)
		}
		if got != tc.want {
			t.Errorf("%s is at %q, want %q", tc.p, got, tc.want)
		}
	}
}

// TestNewKindsProblemsInKazakhAndRussian: every problem of the new kinds is
// told from the catalogue, in the import's language.
func TestNewKindsProblemsInKazakhAndRussian(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.RU, i18n.KK} {
		opts := loadOptions(t, "testdata/cases/records_problems")
		opts.Lang = i18n.For(lang)
		im := New(opts)
		for _, k := range []Kind{Workers, Documents, Figures, Contracts} {
			if err := im.CSV(string(k)+".csv", k, bytes.NewReader(readFile(t, "testdata/cases/records_problems/"+string(k)+".csv"))); err != nil {
				t.Fatal(err)
			}
		}
		b, _ := im.Finish()
		if len(b.Problems) < 10 {
			t.Fatalf("%s: %d problems", lang, len(b.Problems))
		}
		for _, p := range b.Problems {
			if strings.Contains(p.Msg, "import.") || strings.Contains(p.Msg, "expected") || strings.Contains(p.Msg, "doc.kind") {
				t.Errorf("%s: %s", lang, p)
			}
		}
	}
}

func TestChangesAreToldInThreeLanguages(t *testing.T) {
	ch := Changes{WorkersAdded: 3, DocumentsAdded: 2, FiguresUpdated: 1, ContractsAdded: 5}
	for lang, want := range map[i18n.Lang]string{
		i18n.EN: "3 workers added, 2 documents added, 1 month of figures updated, 5 contracts added",
		i18n.RU: "добавлено 3 работника, добавлено 2 документа, обновлены показатели за 1 месяц, добавлено 5 договоров",
		i18n.KK: "3 жұмыскер қосылды, 2 құжат қосылды, 1 айдың көрсеткіштері жаңартылды, 5 шарт қосылды",
	} {
		if got := ch.In(i18n.For(lang)); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := (Changes{}).In(nil); got != "nothing changed" {
		t.Errorf("no changes: %q", got)
	}
}

// TestMappingOfTheNewKinds: a mapping names the headers of documents',
// figures' and contracts' fields, by kind.
func TestMappingOfTheNewKinds(t *testing.T) {
	m, err := LoadMapping("m.yaml", []byte("documents:\n  kind: Бумага\nfigures:\n  month: Период отчета\n  kz_working: Штат из граждан РК\ncontracts.customer: Контрагент по договору\n"))
	if err != nil {
		t.Fatal(err)
	}
	b := parseCSV(t, Options{BIN: bin, Mapping: m, Known: func(_, id string) bool { return id == "w1" }}, map[Kind]string{
		Documents: "Табельный номер;Бумага;Номер\nw1;паспорт;P1\n",
		Figures:   "Период отчета;Штат из граждан РК\n11.2026;5\n",
		Contracts: "Контрагент по договору;Номер договора\nТОО «А»;Д-1\n",
	})
	e := b.Employer(bin)
	if e == nil || len(e.Workers) != 1 || len(e.Workers[0].Documents) != 1 || e.Workers[0].Documents[0].Kind != domain.DocPassport ||
		len(e.Figures) != 1 || e.Figures[0] != (domain.MonthlyFigures{Month: domain.NewYearMonth(2026, 11), KZWorking: 5}) ||
		len(e.Contracts) != 1 || e.Contracts[0].Customer != "ТОО «А»" {
		t.Fatalf("batch:\n%s", dump(b))
	}
}

// TestRegisterGivesTheLetterhead: a register's employer columns (address,
// phone, email, director and position, in Russian headers) set the
// employer's letterhead; applying again changes nothing; another value on
// a later row of the employer, and a value the validator refuses, are
// problems at their cells.
func TestRegisterGivesTheLetterhead(t *testing.T) {
	header := "БИН;Табельный номер;ФИО;Гражданство;Основание;Категория;Дата приема;Юридический адрес;Телефон работодателя;Электронная почта работодателя;Руководитель;Должность руководителя\n"
	row := func(id, addr, phone string) string {
		return bin + ";" + id + ";Zhou Ming;CN;permit;2;01.03.2025;" + addr + ";" + phone + ";office@steppe.kz;Ахметов Ерлан;Генеральный директор\n"
	}
	csv := header + row("117", "г. Атырау, ул. Сатпаева 1", "+7 7122 00 00 00") + row("118", "г. Атырау, ул. Сатпаева 1", "+7 7122 00 00 00")
	b, err := Parse(Workers, strings.NewReader(csv), Options{Name: "реестр.csv"})
	checkResult(t, b, err)
	if err != nil {
		t.Fatal(err)
	}
	rec := &domain.Records{Employer: domain.Employer{BIN: bin, Name: "Steppe Drilling LLP", Size: domain.SizeMedium, Address: "old"}}
	ch, err := b.Apply(rec)
	if err != nil || ch.EmployerUpdated != 1 || ch.WorkersAdded != 2 {
		t.Fatalf("apply: %+v, %v", ch, err)
	}
	want := domain.Employer{BIN: bin, Name: "Steppe Drilling LLP", Size: domain.SizeMedium, Address: "г. Атырау, ул. Сатпаева 1",
		Phone: "+7 7122 00 00 00", Email: "office@steppe.kz", Director: domain.Director{Name: "Ахметов Ерлан", Position: "Генеральный директор"}}
	if !reflect.DeepEqual(rec.Employer, want) {
		t.Errorf("employer %+v", rec.Employer)
	}
	if ch, err := b.Apply(rec); err != nil || !ch.None() {
		t.Errorf("again: %+v, %v", ch, err)
	}
	if got := ch.In(i18n.For(i18n.RU)); !strings.Contains(got, "обновлены реквизиты работодателя") {
		t.Errorf("changes in Russian: %q", got)
	}

	// Another address on the second row: a problem at its cell.
	b, err = Parse(Workers, strings.NewReader(header+row("117", "г. Атырау", "1")+row("118", "г. Актау", "1")), Options{Name: "реестр.csv"})
	if err == nil || len(b.Problems) != 1 || b.Problems[0].Row != 3 || b.Problems[0].Column != "H" {
		t.Errorf("another address: %v", b.Problems)
	}
	// A phone of 100 characters: the validator's problem once merged, at
	// its cell; the records stay as they were.
	b, err = Parse(Workers, strings.NewReader(header+row("117", "г. Атырау", strings.Repeat("7", 100))), Options{Name: "реестр.csv"})
	if err != nil {
		t.Fatal(err)
	}
	before := rec.Employer
	_, err = b.Apply(rec)
	ps := MergeProblems(err)
	if len(ps) != 1 || ps[0].Row != 2 || ps[0].Column != "I" || rec.Employer != before {
		t.Errorf("a long phone: %v (%v)", ps, err)
	}
}
