package bulk

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// book builds a workbook: sheets in order, each a list of rows of cells,
// each cell set with SetCellValue (so a time.Time is a date cell and an int
// a number cell). A nil cell is left empty.
func book(t testing.TB, sheets []string, rows map[string][][]any, tune func(*excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, cells := range rows[name] {
			for c, v := range cells {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if tune != nil {
		tune(f)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// cellsBook is a workbook as an HR department keeps it: Russian sheet
// names, dates in date cells, IINs and personnel numbers in number cells.
func cellsBook(t testing.TB) []byte {
	return book(t, []string{"Работники", "Разрешения", "Командировки"}, map[string][][]any{
		"Работники": {
			{"БИН", "Табельный номер", "ФИО", "Гражданство", "ИИН", "Основание", "Категория", "Дата приема", "Туған күні"},
			{940140000385, 117, "John Smith", "GB", 850101300124, "permit", 3, day("2026-01-10"), day("1985-01-01")},
			{940140000385, 118, "Li Wei", "CN", nil, "ict", 1, day("2025-11-03"), "05.02.1990"},
		},
		"Разрешения": {
			{"БИН", "Табельный номер", "Номер разрешения", "Регион", "С", "По"},
			{940140000385, "117", "KZ-75-2026-0001", "KZ-75", day("2026-01-05"), day("2027-01-04")},
		},
		"Командировки": {
			{"БИН", "Табельный номер", "Регион", "С", "По", "Дата уведомления"},
			{940140000385, 118, "Астана", day("2026-02-09"), "13.02.2026", day("2026-02-10")},
		},
	}, nil)
}

func TestWorkbookCellsAreReadAsTheirValues(t *testing.T) {
	b, err := ParseXLSX("", bytes.NewReader(cellsBook(t)), Options{Name: "hr.xlsx"})
	checkResult(t, b, err)
	if err != nil {
		t.Fatal(err)
	}
	d := domain.MustDate
	e := b.Employer("940140000385")
	if e == nil || len(e.Workers) != 2 {
		t.Fatalf("batch:\n%s", dump(b))
	}
	w := e.Workers[0]
	if w.ID != "117" || w.IIN != "850101300124" || w.Start != d("2026-01-10") || w.Category != domain.Category3 || w.BirthDate != d("1985-01-01") {
		t.Errorf("worker %+v", w.Worker)
	}
	if w := e.Workers[1]; w.BirthDate != d("1990-02-05") {
		t.Errorf("worker %+v", w.Worker)
	}
	if len(w.Permits) != 1 || w.Permits[0].From != d("2026-01-05") || w.Permits[0].To != d("2027-01-04") {
		t.Errorf("permits %+v", w.Permits)
	}
	if tr := e.Workers[1].Trips; len(tr) != 1 || tr[0] != (domain.Trip{Region: "KZ-71", From: d("2026-02-09"), To: d("2026-02-13"), Notified: d("2026-02-10")}) {
		t.Errorf("trips %+v", tr)
	}
}

func TestWorkbookOf1904DateSystem(t *testing.T) {
	yes := true
	data := book(t, []string{"workers"}, map[string][][]any{"workers": {
		{"id", "basis", "start"},
		{"w1", "eaeu", 44196}, // 2025-01-01 counted from 1904
	}}, func(f *excelize.File) {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	})
	b, err := ParseXLSX(Workers, bytes.NewReader(data), Options{BIN: "940140000385"})
	if err == nil {
		t.Fatalf("eaeu without citizenship accepted:\n%s", dump(b))
	}
	// The only problem is the missing citizenship column: the date was read.
	if len(b.Problems) != 1 || !strings.Contains(b.Problems[0].Msg, "no column for citizenship") {
		t.Fatalf("problems:\n%v", b.Problems)
	}
	data = book(t, []string{"workers"}, map[string][][]any{"workers": {
		{"id", "basis", "start"},
		{"w1", "branch_head", 44196},
	}}, func(f *excelize.File) {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	})
	b, err = ParseXLSX(Workers, bytes.NewReader(data), Options{BIN: "940140000385"})
	checkResult(t, b, err)
	if err != nil || b.Employers[0].Workers[0].Start != domain.MustDate("2025-01-01") {
		t.Fatalf("%v\n%s", err, dump(b))
	}
}

func TestWorkbookSheetsAreChosenByKindOrName(t *testing.T) {
	rows := map[string][][]any{
		"Инструкция": {{"Заполните лист «Сотрудники»"}},
		"Сотрудники": {{"id", "basis", "start"}, {"w1", "branch_head", "2026-01-10"}},
		"Other":      {{"id", "basis", "start"}, {"w2", "branch_head", "2026-01-10"}},
	}
	data := book(t, []string{"Инструкция", "Сотрудники", "Other"}, rows, nil)
	opts := Options{Name: "hr.xlsx", BIN: "940140000385"}
	for _, tc := range []struct {
		name  string
		kind  Kind
		sheet string
		want  string // the ids read, or a part of the problems
	}{
		{"sheets named after kinds, or whose header names one", "", "", "w1w2"},
		{"a named sheet", Workers, "Other", "w2"},
		{"a named sheet in another case", Workers, "сотрудники", "w1"},
		{"the sheet named after the kind by default", Workers, "", "w1"},
		{"else the first sheet", Trips, "", "no column for worker"},
		{"a sheet that is not there", Workers, "Staff", `the workbook has no sheet "Staff"; expected one of "Инструкция", "Сотрудники", "Other"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := opts
			o.Sheet = tc.sheet
			b, err := ParseXLSX(tc.kind, bytes.NewReader(data), o)
			checkResult(t, b, err)
			var got string
			if err != nil {
				got = err.Error()
			} else {
				for _, w := range b.Employers[0].Workers {
					got += w.ID
				}
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got\n%s\nwant %s", got, tc.want)
			}
		})
	}
	b, _ := ParseXLSX("", bytes.NewReader(data), opts)
	// "Other" is read by its header row, which names a worker's columns.
	want := []string{
		`hr.xlsx[Инструкция]: warning: the sheet is not read: neither its name nor a header row in its first 10 rows says whether it holds workers, permits, trips, documents, monthly figures or contracts (работники, разрешения, командировки, документы, показатели, договоры; қызметкерлер, рұқсаттар, іссапарлар, құжаттар, көрсеткіштер, шарттар)`,
	}
	if n := len(b.Employers[0].Workers); n != 2 {
		t.Errorf("%d workers, want w1 and w2", n)
	}
	if got := strings.Split(b.Problems.Error(), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// rawZip returns a ZIP archive with one entry that claims to unpack to size
// bytes.
func rawZip(t testing.TB, size uint64) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store, UncompressedSize64: size, CompressedSize64: 4})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("<x/>"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWhatIsNotAWorkbookIsRefusedWithAReason(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "the file is empty; expected an .xlsx workbook"},
		{"CSV text", []byte("id,basis,start\nw1,permit,2026-01-10\n"), "the file is text, not an XLSX workbook"},
		{"an old .xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "an old Excel workbook (.xls) or a workbook with a password"},
		{"binary", []byte{0, 1, 2, 3, 0xff}, "not a ZIP archive"},
		{"a broken ZIP", []byte("PK\x03\x04broken"), "its ZIP archive is broken"},
		{"a ZIP bomb", rawZip(t, 1<<40), "the workbook unpacks to over 256 MiB"},
		{"a ZIP that is no workbook", rawZip(t, 4), "the workbook could not be read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ParseXLSX(Workers, bytes.NewReader(tc.data), Options{Name: "x.xlsx"})
			checkResult(t, b, err)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestWorkbookLimitsAreProblems(t *testing.T) {
	wide := make([]any, maxColumns+1)
	wide[0], wide[maxColumns] = "w2", "x"
	data := book(t, []string{"workers"}, map[string][][]any{"workers": {
		{"id", "name", "basis", "start"},
		{"w1", strings.Repeat("я", maxCellChars+1), "branch_head", "2026-01-10"},
		wide,
	}}, nil)
	b, err := ParseXLSX(Workers, bytes.NewReader(data), Options{Name: "x.xlsx", BIN: "940140000385"})
	checkResult(t, b, err)
	want := "x.xlsx[workers]:2:B (name): the cell holds 1001 characters; expected at most 1000\n" +
		"x.xlsx[workers]:3: the row has 513 cells; expected at most 512 columns"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}
