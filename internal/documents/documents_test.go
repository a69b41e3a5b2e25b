package documents

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ruqsat/ruqsat/internal/demo"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the golden text extractions under testdata")

var (
	testAsOf = domain.MustDate("2025-03-10")
	langs    = []i18n.Lang{i18n.KK, i18n.RU, i18n.EN}
)

// sample returns records with every field set (domaintest.Full) and a
// second worker with a Kazakh name, and their evaluation on testAsOf in
// lang.
func sample(lang i18n.Lang) (*domain.Records, *rules.Result) {
	rec := domaintest.Full()
	w := rec.Workers[0]
	w.ID, w.Name, w.Citizenship, w.IIN, w.Position = "w-002", "Әлібек Ұлан Үмбетұлы", "UZ", "", "Бұрғылау шебері"
	w.Permits = []domain.Permit{{Number: "ATR-2025-0300", Regions: []domain.Region{"KZ-23"}, From: domain.MustDate("2025-02-01"), To: domain.MustDate("2026-01-31")}}
	rec.Workers = append(rec.Workers, w)
	res := rules.New(nil, nil).Evaluate(rec, testAsOf)
	res.Render(i18n.For(lang))
	return rec, &res
}

// testLogo is the sample employer's logo (testdata/logo.png: 480 × 200
// pixels, with transparency).
func testLogo(t testing.TB) *Logo {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "logo.png"))
	if err != nil {
		t.Fatal(err)
	}
	return &Logo{Data: data, ContentType: "image/png"}
}

// make1 makes a document of the sample records; a letter has the logo on
// its letterhead and an executor.
func make1(t testing.TB, kind Kind, f Format, lang i18n.Lang) *Document {
	t.Helper()
	rec, res := sample(lang)
	req := Request{Kind: kind, Format: f, Lang: lang, AsOf: testAsOf, Worker: "w-001", Month: domain.NewYearMonth(2025, 2), Number: "01-12/345"}
	in := Input{Records: rec, Result: res}
	switch kind {
	case Quota:
		req.Region, req.Year = "KZ-23", 2026
	case Letter:
		req.Executor, req.ExecutorPhone = "Сапарова Айгүл", "+7 7122 30-45-67"
		in.Logo = testLogo(t)
	}
	d, err := Make(in, req)
	if err != nil {
		t.Fatalf("%s %s %s: %v", kind, f, lang, err)
	}
	return d
}

// tool returns the path of a Debian tool the test needs; without it the
// test is skipped, or fails under CI=true (make test installs it).
func tool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (make test installs it)", names[0])
	}
	t.Skipf("%s is not installed (make test installs it)", names[0])
	return ""
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils), in its
// layout.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := tool(t, "pdftotext")
	cmd := exec.Command(bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// golden compares got with testdata/name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (-update rewrites it, then read the diff):\n%s", name, got)
	}
}

var dmyRE = regexp.MustCompile(`\b\d{2}\.\d{2}\.\d{4}\b`)

// TestPDFText extracts the text of every PDF in every language: the names,
// dates as DD.MM.YYYY, the numbers and the words of the language are
// there, as selectable text in the embedded font, Kazakh letters
// included; and it is the golden extraction.
func TestPDFText(t *testing.T) {
	words := map[i18n.Lang]map[Kind][]string{
		i18n.KK: {Letter: {"Шетелдік жұмыскердің біліктілігі туралы", "Жергілікті атқарушы органға", "Атырау облысы", "Серікбаев Нұрлан", "Қытай", "16 жыл", "Шығ. № 01-12/345", "М. О.",
			"Орынд.: Сапарова Айгүл, тел. +7 7122 30-45-67"},
			MonthlyReport: {"Тартылған шетелдік жұмыскерлер туралы мәліметтер: 2025 жылғы ақпан", "Әлібек Ұлан", "Үмбетұлы", "Өзбекстан", "Оқытылған Қазақстан Республикасының азаматтары"},
			Compliance:    {"Заңнама талаптарының сақталуы туралы есеп", "Ықтимал айыппұлдар, барлығы", "АЕК"},
			Checklist:     {"Рұқсат алуға қажетті құжаттар: Zhou Ming", "Білімі туралы диплом", "бар", "басып шығаруға дайын"},
			Quota:         {"2026 жылға шетелдік жұмыс күшін тартуға арналған квотаға өтінім", "Өңір: Атырау облысы", "01.01.2026 күні қолданыстағы рұқсаттар: 1", "Жоспарланған тарту: 2", "Тапсырыс берушілермен шарттар"}},
		i18n.RU: {Letter: {"О квалификации иностранного работника", "В местный исполнительный орган", "Атырауская область", "Китай", "16 лет", "Исх. № 01-12/345", "несёт ответственность за достоверность", "М. П.",
			"Исп.: Сапарова Айгүл, тел. +7 7122 30-45-67"},
			MonthlyReport: {"Сведения о привлечённых иностранных работниках за февраль 2025 г.", "Узбекистан", "Работающие граждане Республики Казахстан"},
			Compliance:    {"Отчёт о соблюдении требований законодательства", "Возможные штрафы, всего", "МРП"},
			Checklist:     {"Документы для получения разрешения: Zhou Ming", "Диплом", "имеется", "готово к печати"},
			Quota:         {"Заявка на квоту на привлечение иностранной рабочей силы на 2026 год", "Регион: Атырауская область", "Разрешения, действующие на 01.01.2026: 1", "Планируемое привлечение: 2"}},
		i18n.EN: {Letter: {"On the qualifications of a foreign worker", "To the local executive body", "Atyrau Region", "China", "16 years", "Ref. No. 01-12/345", "is responsible for the accuracy",
			"Prepared by: Сапарова Айгүл, tel. +7 7122 30-45-67"},
			MonthlyReport: {"Information on the foreign workers engaged: 2025-02", "Uzbekistan", "Kazakhstan citizens working"},
			Compliance:    {"Compliance report", "Total fine exposure", "MCI"},
			Checklist:     {"Documents for the permit application: Zhou Ming", "Diploma", "on file", "ready to print"},
			Quota:         {"Application for a quota to attract foreign labour for 2026", "Region: Atyrau Region", "Permits valid on 01.01.2026: 1", "Planned engagements: 2", "Customers' contracts"}},
	}
	common := map[Kind][]string{
		Letter:        {"Zhou Ming", "02.04.1985", "EG7731925", "11.04.2019", "10.04.2029", "China University of Petroleum", "2007", "10.03.2025", "940140000385", "Серікбаев Нұрлан"},
		MonthlyReport: {"Zhou Ming", "ATR-2025-0141", "01.01.2025", "31.12.2025", "ATR-2025-0300", "01.02.2025", "940140000385", "155", "10.03.2025"},
		Compliance:    {"940140000385", "10.03.2025", "28.02.2025"},
		Checklist:     {"EG7731925", "11.04.2019", "10.04.2029", "CUP-2007-118", "30.06.2007", "10.03.2026"},
		Quota:         {"940140000385", "ATR-2025-0300", "01.02.2025", "31.01.2026", "Drilling engineer", "Tengiz well programme 2026, contract QG-2025-118", "Tengizchevroil LLP", "QG-2025-118", "03.11.2025", "Серікбаев Нұрлан"},
	}
	for _, lang := range langs {
		for _, kind := range Kinds {
			d := make1(t, kind, PDF, lang)
			text := pdfText(t, d.Data)
			for _, w := range append(slices.Clone(common[kind]), words[lang][kind]...) {
				if !strings.Contains(strings.Join(strings.Fields(text), " "), w) {
					t.Errorf("%s: %q is not in the text:\n%s", d.FileName, w, text)
				}
			}
			if !dmyRE.MatchString(text) {
				t.Errorf("%s: no date DD.MM.YYYY", d.FileName)
			}
			golden(t, strings.TrimSuffix(d.FileName, ".pdf")+".txt", text)
		}
	}
}

// TestDOCXInLibreOffice converts each letter's DOCX to PDF with LibreOffice
// (as a consultant's Word would open it) and checks its text; and the
// template's placeholders are each within one run, and exactly the fields
// the code fills.
func TestDOCXInLibreOffice(t *testing.T) {
	tpl, err := assets.ReadFile("templates/letter.docx")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(tpl), int64(len(tpl)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range regexp.MustCompile(`\{\{([^}]*)\}\}`).FindAllStringSubmatch(string(data), -1) {
			if strings.ContainsAny(m[1], "<>") {
				t.Errorf("%s: a placeholder spans runs: %q", f.Name, m[0])
			}
			if f.Name == "word/document.xml" {
				names = append(names, m[1])
			}
		}
	}
	want := append(slices.Clone(letterFields), "logo")
	slices.Sort(want)
	slices.Sort(names)
	if !slices.Equal(slices.Compact(names), want) {
		t.Errorf("the template's placeholders %v, the code's fields %v", names, want)
	}

	soffice := tool(t, "soffice", "libreoffice")
	dir := t.TempDir()
	for _, lang := range langs {
		d := make1(t, Letter, DOCX, lang)
		src := filepath.Join(dir, d.FileName)
		if err := os.WriteFile(src, d.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, src)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("libreoffice: %v\n%s", err, out)
		}
		pdf, err := os.ReadFile(strings.TrimSuffix(src, ".docx") + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
		pdfOwn := strings.Join(strings.Fields(pdfText(t, make1(t, Letter, PDF, lang).Data)), " ")
		for _, w := range []string{"Zhou Ming", "02.04.1985", "EG7731925", "10.03.2025", "01-12/345", "Серікбаев Нұрлан Ерланұлы", "16"} {
			if !strings.Contains(text, w) || !strings.Contains(pdfOwn, w) {
				t.Errorf("%s: %q is not in the converted text:\n%s", d.FileName, w, text)
			}
		}
		f, _, _ := letter(sampleRecords(), Request{Kind: Letter, Lang: lang, AsOf: testAsOf, Worker: "w-001"}, i18n.For(lang))
		for _, k := range []string{"title", "statement", "addressee_1", "label_education"} {
			if !strings.Contains(text, f[k]) {
				t.Errorf("%s: the %s %q is not in the converted text", d.FileName, k, f[k])
			}
		}
	}
}

func sampleRecords() *domain.Records { r, _ := sample(i18n.EN); return r }

// TestXLSXCells reads the workbooks back: numbers are number cells, dates
// date cells shown DD.MM.YYYY, texts in the language.
func TestXLSXCells(t *testing.T) {
	for _, lang := range langs {
		d := make1(t, MonthlyReport, XLSX, lang)
		f, err := excelize.OpenReader(bytes.NewReader(d.Data))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		if sheet != i18n.For(lang).T("doc.monthly.sheet") {
			t.Errorf("%s: sheet %q", d.FileName, sheet)
		}
		rows, _ := f.GetRows(sheet)
		// Row 6 is the header, 7 and 8 the workers; the counts follow a
		// blank row.
		if len(rows) < 14 || rows[6][1] != "Zhou Ming" || rows[7][1] != "Әлібек Ұлан Үмбетұлы" {
			t.Fatalf("%s: rows %q", d.FileName, rows)
		}
		for cell, want := range map[string]string{"A7": "1", "H7": "01.01.2025", "I7": "31.12.2025", "H8": "01.02.2025", "B10": "2", "B11": "6", "B13": "155", "B14": "3"} {
			typ, _ := f.GetCellType(sheet, cell)
			got, _ := f.GetCellValue(sheet, cell)
			raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if got != want || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) || strings.Contains(raw, ".") {
				t.Errorf("%s %s: %q (raw %q, type %v), want the number or date %s", d.FileName, cell, got, raw, typ, want)
			}
		}
		props, _ := f.GetDocProps()
		if !strings.HasPrefix(props.Created, "2025-03-09T19:00:00") {
			t.Errorf("%s: created %q, want the as-of date (midnight in Almaty)", d.FileName, props.Created)
		}
		f.Close()

		d = make1(t, Quota, XLSX, lang)
		f, err = excelize.OpenReader(bytes.NewReader(d.Data))
		if err != nil {
			t.Fatal(err)
		}
		sheet = f.GetSheetName(0)
		rows, _ = f.GetRows(sheet)
		found := false
		for i, r := range rows {
			if len(r) > 3 && r[1] == "Drilling engineer" {
				found = true
				cell, _ := excelize.CoordinatesToCellName(3, i+1)
				typ, _ := f.GetCellType(sheet, cell)
				if v, _ := f.GetCellValue(sheet, cell); v != "2" || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
					t.Errorf("%s %s: planned %q (type %v), want the number 2", d.FileName, cell, v, typ)
				}
			}
			if len(r) > 7 && r[5] == "ATR-2025-0300" && r[6] != "01.02.2025" {
				t.Errorf("%s: the permit's first day %q, want a date cell 01.02.2025", d.FileName, r[6])
			}
		}
		if !found {
			t.Errorf("%s: no planned engagement: %q", d.FileName, rows)
		}
		f.Close()

		d = make1(t, Compliance, XLSX, lang)
		f, err = excelize.OpenReader(bytes.NewReader(d.Data))
		if err != nil {
			t.Fatal(err)
		}
		sheet = f.GetSheetName(0)
		rows, _ = f.GetRows(sheet)
		head := -1
		for i, r := range rows {
			if len(r) > 0 && r[0] == i18n.For(lang).T("doc.col.severity") {
				head = i
			}
		}
		if head < 0 || len(rows) <= head+1 {
			t.Fatalf("%s: no findings table: %q", d.FileName, rows)
		}
		cell, _ := excelize.CoordinatesToCellName(7, head+2) // the first finding's deadline
		if got, _ := f.GetCellValue(sheet, cell); !dmyRE.MatchString(got) {
			t.Errorf("%s %s: deadline %q, want a date cell DD.MM.YYYY", d.FileName, cell, got)
		}
		if typ, _ := f.GetCellType(sheet, "B6"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s: the fine exposure in MCI is not a number", d.FileName)
		}
		f.Close()
	}
}

// TestReproducible: the same records and request give the same bytes, and
// the file's creation date is the as-of date, not the clock's.
func TestReproducible(t *testing.T) {
	for _, kind := range Kinds {
		for _, f := range kind.Formats() {
			a, b := make1(t, kind, f, i18n.KK), make1(t, kind, f, i18n.KK)
			if !bytes.Equal(a.Data, b.Data) {
				t.Errorf("%s: two makes differ", a.FileName)
			}
			if f == PDF && !bytes.Contains(a.Data, []byte("/CreationDate (D:20250310")) {
				t.Errorf("%s: the creation date is not the as-of date", a.FileName)
			}
		}
	}
}

// TestMissingFieldsMakeNothing: a document whose records lack what it
// needs names every missing field at its path, and makes nothing.
func TestMissingFieldsMakeNothing(t *testing.T) {
	rec := &domain.Records{Employer: domain.Employer{BIN: "940140000385", Size: domain.SizeSmall},
		Workers: []domain.Worker{{ID: "w1", Basis: domain.BasisPermit, Category: domain.Category3, Start: domain.MustDate("2025-01-10")}}}
	res := rules.New(nil, nil).Evaluate(rec, testAsOf)
	for _, c := range []struct {
		req  Request
		want []string
	}{
		{Request{Kind: Letter, Worker: "w1"}, []string{"employer.name", "employer.address", "employer.phone", "employer.director.name",
			"employer.director.position", "workers[0].name", "workers[0].citizenship", "workers[0].birth_date", "workers[0].passport.number",
			"workers[0].education.level", "workers[0].education.institution", "workers[0].education.specialty", "workers[0].education.graduated",
			"workers[0].experience_years", "workers[0].position", "workers[0].permits"}},
		{Request{Kind: MonthlyReport, Month: domain.NewYearMonth(2025, 2)}, []string{"employer.name", "monthly_figures", "workers[0].name"}},
		{Request{Kind: Compliance}, []string{"employer.name"}},
	} {
		c.req.AsOf = testAsOf
		d, err := Make(Input{Records: rec, Result: &res}, c.req)
		var de *domain.Error
		if d != nil || !errorsAs(err, &de) || de.Code != domain.EINVALID || de.Problems == nil {
			t.Fatalf("%s: %v, %v", c.req.Kind, d, err)
		}
		var got []string
		for _, p := range de.Problems.List {
			if p.Code != domain.CodeRequired {
				t.Errorf("%s: %v", c.req.Kind, p)
			}
			got = append(got, p.Path.String())
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: missing %v, want %v", c.req.Kind, got, c.want)
		}
	}
	for _, req := range []Request{{Kind: "visa"}, {Kind: Letter, Format: XLSX, Worker: "w1"}, {Kind: Letter}, {Kind: Letter, Worker: "w9"},
		{Kind: Letter, Worker: "w1", Region: "KZ-99"}, {Kind: MonthlyReport, Month: domain.NewYearMonth(1980, 1)}} {
		req.AsOf = testAsOf
		if _, err := Make(Input{Records: rec, Result: &res}, req); domain.ErrorCode(err) != domain.EINVALID && domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("%+v: %v", req, err)
		}
	}
}

// TestFileNames: ASCII file names from the worker's name in any script.
func TestFileNames(t *testing.T) {
	for in, want := range map[string]string{"Zhou Ming": "zhou-ming", "Әлібек Ұлан Үмбетұлы": "alibek-ulan-umbetuly", "Щукин Ёрш": "shchukin-ersh",
		"  ": "w-1", "李明": "w-1"} {
		if got := fileWord(in, "w-1"); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// FuzzFillXML: the DOCX filler never panics, writes every value escaped
// for XML, and leaves no placeholder it filled.
func FuzzFillXML(f *testing.F) {
	tpl, _ := assets.ReadFile("templates/letter.docx")
	zr, _ := zip.NewReader(bytes.NewReader(tpl), int64(len(tpl)))
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, _ := zf.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			f.Add(data, "Zhou <Ming> & «Дала»")
		}
	}
	f.Add([]byte("<w:t>{{x}}</w:t>{{"), "a")
	f.Add([]byte("{{}}{{x}}}}"), "\"'")
	f.Fuzz(func(t *testing.T, data []byte, v string) {
		values := map[string]string{"x": v}
		for _, k := range letterFields {
			values[k] = v
		}
		out, err := fillXML(data, values)
		if err != nil {
			return
		}
		if bytes.Contains(out, []byte("{{x}}")) && !strings.Contains(v, "{{x}}") {
			t.Fatalf("a placeholder left: %q", out)
		}
		if strings.ContainsAny(v, "<&") && bytes.Contains(data, []byte("{{x}}")) && bytes.Contains(out, []byte(v)) {
			t.Fatalf("the value %q is not escaped", v)
		}
	})
}

func errorsAs(err error, target **domain.Error) bool { return errors.As(err, target) }

// TestFontCoversKazakh: every Kazakh letter, capital and small, is written
// with a glyph of the embedded font and reads back as text.
func TestFontCoversKazakh(t *testing.T) {
	const letters = "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі Ёё ₸ «»–№"
	p := newPDF(testAsOf, "font", false)
	p.text(letters, "L")
	p.font("B", 10)
	p.text(letters, "L")
	data, err := p.bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, data)
	if strings.Count(text, letters) != 2 {
		t.Errorf("the letters read back as %q", text)
	}
	for name, face := range map[string][]byte{"regular": fontRegular, "bold": fontBold} {
		for _, r := range strings.ReplaceAll(letters, " ", "") {
			if glyphOf(t, face, r) == 0 {
				t.Errorf("%s: no glyph for %q", name, r)
			}
		}
		if glyphOf(t, face, '中') != 0 {
			t.Errorf("%s: the cmap reader finds a glyph the font has not", name)
		}
	}
}

// glyphOf returns the glyph a TrueType font's cmap (format 4, the Basic
// Multilingual Plane) gives r; 0 for none.
func glyphOf(t *testing.T, font []byte, r rune) int {
	t.Helper()
	u16 := func(b []byte, i int) int { return int(b[i])<<8 | int(b[i+1]) }
	u32 := func(b []byte, i int) int { return u16(b, i)<<16 | u16(b, i+2) }
	var cmap []byte
	for i, n := 0, u16(font, 4); i < n; i++ {
		rec := font[12+16*i:]
		if string(rec[:4]) == "cmap" {
			cmap = font[u32(rec, 8):]
		}
	}
	if cmap == nil {
		t.Fatal("the font has no cmap")
	}
	for i, n := 0, u16(cmap, 2); i < n; i++ {
		st := cmap[u32(cmap, 4+8*i+4):]
		if u16(st, 0) != 4 {
			continue
		}
		segs := u16(st, 6) / 2
		for s := 0; s < segs; s++ {
			end, start := u16(st, 14+2*s), u16(st, 16+2*segs+2*s)
			if int(r) < start || int(r) > end {
				continue
			}
			delta, roAt := u16(st, 16+4*segs+2*s), 16+6*segs+2*s
			ro := u16(st, roAt)
			if ro == 0 {
				return (int(r) + delta) & 0xffff
			}
			g := u16(st, roAt+ro+2*(int(r)-start))
			if g == 0 {
				return 0
			}
			return (g + delta) & 0xffff
		}
		return 0
	}
	t.Fatal("the font has no cmap of format 4")
	return 0
}

// TestDemoEmployers: every document of every demo employer (serve --demo)
// is made in every language and format: each worker's letter (on the
// employer's letterhead with its logo), the monthly report for the month
// before the demo's date, the compliance report.
func TestDemoEmployers(t *testing.T) {
	recs, err := demo.Records(demo.Base())
	if err != nil {
		t.Fatal(err)
	}
	engine := rules.New(nil, nil)
	n := 0
	for _, rec := range recs {
		for _, lang := range langs {
			res := engine.Evaluate(rec, demo.Base())
			res.Render(i18n.For(lang))
			reqs := []Request{{Kind: MonthlyReport}, {Kind: Compliance}}
			for _, p := range rec.QuotaPlans {
				reqs = append(reqs, Request{Kind: Quota, Region: p.Region, Year: p.Year})
			}
			for _, w := range rec.Workers {
				if w.Basis.NeedsPermit() { // the letter goes with a permit application
					reqs = append(reqs, Request{Kind: Letter, Worker: w.ID})
				}
				reqs = append(reqs, Request{Kind: Checklist, Worker: w.ID})
			}
			for _, req := range reqs {
				for _, f := range req.Kind.Formats() {
					req.Format, req.Lang, req.AsOf = f, lang, demo.Base()
					in := Input{Records: rec, Result: &res, Logo: &Logo{Data: demo.Logo(rec.Employer.BIN), ContentType: "image/png"}}
					if _, err := Make(in, req); err != nil {
						t.Errorf("%s %s %s %s %s: %v", rec.Employer.Name, req.Kind, req.Worker, f, lang, err)
					}
					n++
				}
			}
		}
	}
	t.Logf("%d documents", n)
}

// TestRenderings: docs/documents holds a PNG of the first page of every
// PDF in every language, for a reviewer to see; -update renders them again
// with pdftoppm (poppler-utils).
func TestRenderings(t *testing.T) {
	dir := filepath.Join("..", "..", "docs", "documents")
	for _, lang := range langs {
		for _, kind := range Kinds {
			d := make1(t, kind, PDF, lang)
			png := filepath.Join(dir, strings.TrimSuffix(d.FileName, ".pdf")+".png")
			if *update {
				bin := tool(t, "pdftoppm")
				cmd := exec.Command(bin, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", strings.TrimSuffix(png, ".png"))
				cmd.Stdin = bytes.NewReader(d.Data)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("pdftoppm: %v\n%s", err, out)
				}
			}
			if b, err := os.ReadFile(png); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
				t.Errorf("%s: no rendering (-update makes it): %v", png, err)
			}
		}
	}
}

// TestChecklist: an intra-corporate transfer's file lists what it needs;
// the documents on file are so, the others missing, and a passport that
// expires before the permit would end is named with its date.
func TestChecklist(t *testing.T) {
	rec := domaintest.Full()
	w := &rec.Workers[0]
	w.Basis = domain.BasisICT
	w.Passport.Expires = domain.MustDate("2025-12-01")
	w.Documents = []domain.WorkerDocument{{Kind: domain.DocEmploymentCertificate, Number: "EC-1", Issued: domain.MustDate("2024-12-01")},
		{Kind: domain.DocContract, Number: "C-7"}}
	c, err := checklistData(rec, nil, Request{Kind: Checklist, Worker: "w-001", AsOf: testAsOf, Lang: i18n.EN}, i18n.For(i18n.EN))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range c.rows {
		got = append(got, r.label+": "+r.status)
	}
	want := []string{"Passport: expires on 01.12.2025, before the permit would end", "Certificate from the place of work: on file",
		"Letter of the sending party on qualifications and experience: missing", "Letter of the receiving party on qualifications and experience: missing",
		"Intra-corporate transfer agreement or letter, or the employment contract: on file"}
	if !slices.Equal(got, want) || c.permitEnd != domain.MustDate("2026-03-10") {
		t.Errorf("checklist until %s:\n%q\nwant\n%q", c.permitEnd, got, want)
	}

	// From the registry, the documents on file say whether their scan is
	// attached (the passport of the worker's own fields has none).
	scans := map[Scan]bool{{Worker: "w-001", Kind: domain.DocEmploymentCertificate, Number: "EC-1"}: true}
	c, err = checklistData(rec, scans, Request{Kind: Checklist, Worker: "w-001", AsOf: testAsOf, Lang: i18n.EN}, i18n.For(i18n.EN))
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, r := range c.rows {
		got = append(got, r.label+": "+r.status)
	}
	want = []string{"Passport: expires on 01.12.2025, before the permit would end; no scan attached", "Certificate from the place of work: on file; scan attached",
		"Letter of the sending party on qualifications and experience: missing", "Letter of the receiving party on qualifications and experience: missing",
		"Intra-corporate transfer agreement or letter, or the employment contract: on file; no scan attached"}
	if !slices.Equal(got, want) {
		t.Errorf("checklist with scans:\n%q\nwant\n%q", got, want)
	}
}

// pdfImages lists a PDF's images with pdfimages -list (poppler-utils):
// one line of fields per image (page, num, type, width, height...).
func pdfImages(t *testing.T, pdf []byte) [][]string {
	t.Helper()
	bin := tool(t, "pdfimages")
	f := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-list", f).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	var rows [][]string
	for i, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if i >= 2 { // a header and a rule
			rows = append(rows, strings.Fields(line))
		}
	}
	return rows
}

// convertDOCX converts a DOCX to PDF with LibreOffice, as a consultant's
// Word would open it.
func convertDOCX(t *testing.T, d *Document) []byte {
	t.Helper()
	soffice := tool(t, "soffice", "libreoffice")
	dir := t.TempDir()
	src := filepath.Join(dir, d.FileName)
	if err := os.WriteFile(src, d.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(strings.TrimSuffix(src, ".docx") + ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// docxPart returns a part of a DOCX.
func docxPart(t *testing.T, docx []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			return string(data)
		}
	}
	return ""
}

// TestLetterLogo: with a logo, the letter's PDF draws it once on the first
// page (its text stays text) and the DOCX embeds it (a media part, its
// relationship, its type, a drawing where {{logo}} was), which LibreOffice
// shows; a JPEG and a 16-bit PNG are taken too. Without a logo or an
// executor, neither leaves a trace.
func TestLetterLogo(t *testing.T) {
	rec, _ := sample(i18n.RU)
	req := Request{Kind: Letter, Lang: i18n.RU, AsOf: testAsOf, Worker: "w-001", Executor: "Сапарова Айгүл", ExecutorPhone: "+7 7122 30-45-67"}
	logo := testLogo(t)
	for _, f := range []Format{PDF, DOCX} {
		req.Format = f
		with, err := Make(Input{Records: rec, Logo: logo}, req)
		if err != nil {
			t.Fatal(err)
		}
		pdf := with.Data
		if f == DOCX {
			doc := docxPart(t, with.Data, "word/document.xml")
			if !strings.Contains(doc, `<a:blip r:embed="rIdRuqsatLogo"/>`) || strings.Contains(doc, "{{") ||
				!strings.Contains(docxPart(t, with.Data, "word/_rels/document.xml.rels"), `Target="media/logo.png"`) ||
				!strings.Contains(docxPart(t, with.Data, "[Content_Types].xml"), `<Default Extension="png" ContentType="image/png"/>`) ||
				docxPart(t, with.Data, "word/media/logo.png") != string(logo.Data) {
				t.Errorf("the DOCX does not embed the logo:\n%s", doc)
			}
			pdf = convertDOCX(t, with)
		}
		imgs := pdfImages(t, pdf)
		if len(imgs) == 0 || imgs[0][0] != "1" || imgs[0][3] != "480" || imgs[0][4] != "200" {
			t.Errorf("%s: the images %v, want the 480 × 200 logo on page 1", f, imgs)
		}
		text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
		for _, w := range []string{"Steppe Drilling LLP «Дала»", "БИН 940140000385", "Исп.: Сапарова Айгүл, тел. +7 7122 30-45-67"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q is not in the text: %s", f, w, text)
			}
		}

		plain, err := Make(Input{Records: rec}, Request{Kind: Letter, Format: f, Lang: i18n.RU, AsOf: testAsOf, Worker: "w-001"})
		if err != nil {
			t.Fatal(err)
		}
		pdf = plain.Data
		if f == DOCX {
			if doc := docxPart(t, plain.Data, "word/document.xml"); strings.Contains(doc, "w:drawing") || strings.Contains(doc, "framePr") ||
				docxPart(t, plain.Data, "word/media/logo.png") != "" {
				t.Errorf("a letter without logo or executor has their traces:\n%s", doc)
			}
			pdf = convertDOCX(t, plain)
		}
		if imgs := pdfImages(t, pdf); len(imgs) != 0 {
			t.Errorf("%s without a logo: images %v", f, imgs)
		}
		if text := pdfText(t, pdf); strings.Contains(text, "Исп.") {
			t.Errorf("%s without an executor: %s", f, text)
		}
	}

	// Other images: a JPEG, a 16-bit PNG (fpdf reads 8 bits: written
	// again), a tall one; a file that is not what it says is refused.
	for name, img := range map[string]*Logo{
		"jpeg":    {Data: encodeTest(t, "jpeg", 8, 300, 120), ContentType: "image/jpeg"},
		"png16":   {Data: encodeTest(t, "png", 16, 300, 120), ContentType: "image/png"},
		"tall":    {Data: encodeTest(t, "png", 8, 50, 400), ContentType: "image/png"},
		"damaged": {Data: logo.Data[:60], ContentType: "image/png"},
		"liar":    {Data: logo.Data, ContentType: "image/jpeg"},
	} {
		d, err := Make(Input{Records: rec, Logo: img}, Request{Kind: Letter, Format: PDF, Lang: i18n.KK, AsOf: testAsOf, Worker: "w-001"})
		if name == "damaged" || name == "liar" {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if imgs := pdfImages(t, d.Data); len(imgs) == 0 {
			t.Errorf("%s: no image", name)
		}
	}
}

// encodeTest encodes a w × h test image with bits a channel.
func encodeTest(t *testing.T, format string, bits, w, h int) []byte {
	t.Helper()
	var img image.Image
	if bits == 16 {
		m := image.NewNRGBA64(image.Rect(0, 0, w, h))
		for x := range w {
			m.Set(x, x%h, color.NRGBA64{R: 0xffff, A: 0xffff})
		}
		img = m
	} else {
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		for x := range w {
			m.Set(x, x%h, color.NRGBA{B: 0xff, A: 0xff})
		}
		img = m
	}
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestExecutorRefused: an executor's name or phone that is not one short
// line, or a phone without a name, makes no letter.
func TestExecutorRefused(t *testing.T) {
	rec, _ := sample(i18n.EN)
	for _, c := range [][2]string{{strings.Repeat("я", maxExecutor+1), ""}, {"A\nB", ""}, {"Ann", strings.Repeat("1", maxExecutor+1)}, {"", "+7 700"}} {
		_, err := Make(Input{Records: rec}, Request{Kind: Letter, Lang: i18n.EN, AsOf: testAsOf, Worker: "w-001", Executor: c[0], ExecutorPhone: c[1]})
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%q: %v, want EINVALID", c, err)
		}
	}
}

// FuzzPlaceLogo: whatever bytes a logo holds, the letter is made or
// refused with EINVALID, never a panic or another error.
func FuzzPlaceLogo(f *testing.F) {
	logo := testLogo(f)
	for _, seed := range [][]byte{logo.Data, logo.Data[:40], []byte("\x89PNG\r\n\x1a\n"), {0xff, 0xd8, 0xff, 0xe0}, {}} {
		f.Add(seed, true)
	}
	rec, _ := sample(i18n.EN)
	f.Fuzz(func(t *testing.T, data []byte, isPNG bool) {
		ct := "image/jpeg"
		if isPNG {
			ct = "image/png"
		}
		for _, format := range []Format{PDF, DOCX} {
			_, err := Make(Input{Records: rec, Logo: &Logo{Data: data, ContentType: ct}},
				Request{Kind: Letter, Format: format, Lang: i18n.EN, AsOf: testAsOf, Worker: "w-001"})
			if err != nil && domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("%s: %v", format, err)
			}
		}
	})
}
