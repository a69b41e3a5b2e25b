package bulk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// caseOptions is a case's options.yaml: the import's options, with the
// mapping as a mapping file has it and the workers already recorded as
// BIN/ID.
type caseOptions struct {
	BIN     string    `yaml:"bin"`
	Strict  bool      `yaml:"strict"`
	Mapping yaml.Node `yaml:"mapping"`
	Known   []string  `yaml:"known"`
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// loadOptions reads the options of the case in dir.
func loadOptions(t testing.TB, dir string) Options {
	t.Helper()
	var opts Options
	data, err := os.ReadFile(filepath.Join(dir, "options.yaml"))
	if errors.Is(err, os.ErrNotExist) {
		return opts
	}
	if err != nil {
		t.Fatal(err)
	}
	var co caseOptions
	if err := yaml.Unmarshal(data, &co); err != nil {
		t.Fatal(err)
	}
	opts.BIN, opts.Strict = co.BIN, co.Strict
	if co.Mapping.Kind != 0 {
		text, err := yaml.Marshal(&co.Mapping)
		if err != nil {
			t.Fatal(err)
		}
		if opts.Mapping, err = LoadMapping("mapping.yaml", text); err != nil {
			t.Fatal(err)
		}
	}
	if len(co.Known) > 0 {
		known := map[string]bool{}
		for _, k := range co.Known {
			known[k] = true
		}
		opts.Known = func(bin, id string) bool { return known[bin+"/"+id] }
	}
	return opts
}

// importCSV imports the files workers.csv, permits.csv and trips.csv of the
// case in dir, those it has.
func importCSV(t testing.TB, dir string) *Batch {
	t.Helper()
	im := New(loadOptions(t, dir))
	for _, k := range Kinds {
		name := string(k) + ".csv"
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := im.CSV(name, k, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}
	b, err := im.Finish()
	checkResult(t, b, err)
	return b
}

// checkResult checks the contract of Finish: problems as the error exactly
// when one is not a warning, and records only without them.
func checkResult(t testing.TB, b *Batch, err error) {
	t.Helper()
	if b == nil {
		t.Fatalf("no batch; error %v", err)
	}
	errs := b.Problems.Errors()
	switch {
	case errs > 0 && err == nil:
		t.Fatalf("%d problems but no error", errs)
	case errs == 0 && err != nil:
		t.Fatalf("error %v without problems", err)
	case errs > 0 && len(b.Employers) > 0:
		t.Fatalf("%d problems, yet records of %d employers", errs, len(b.Employers))
	}
	if err != nil {
		var ps Problems
		if !errors.As(err, &ps) || len(ps) != len(b.Problems) {
			t.Fatalf("the error is not the batch's problems: %v", err)
		}
	}
	for _, p := range b.Problems {
		if p.Msg == "" || strings.ContainsAny(p.String(), "\r\n") || p.Row < 0 || p.Column != "" && p.Row == 0 {
			t.Fatalf("malformed problem %+v", p)
		}
	}
}

// dump writes a batch's problems, then its records, one per line.
func dump(b *Batch) string {
	var s strings.Builder
	for _, p := range b.Problems {
		s.WriteString(p.String() + "\n")
	}
	if b.Problems.Errors() > 0 {
		return s.String()
	}
	c := b.Counts()
	fmt.Fprintf(&s, "%d employers, %d workers, %d permits, %d trips", c.Employers, c.Workers, c.Permits, c.Trips)
	if c.Documents+c.Figures+c.Contracts > 0 {
		fmt.Fprintf(&s, ", %d documents, %d months of figures, %d contracts", c.Documents, c.Figures, c.Contracts)
	}
	s.WriteString("\n")
	for _, e := range b.Employers {
		fmt.Fprintf(&s, "employer %s", e.BIN)
		if e.Name != "" || e.Size != "" {
			fmt.Fprintf(&s, " name=%q size=%s", e.Name, e.Size)
		}
		s.WriteString("\n")
		for _, w := range e.Workers {
			if !w.Listed {
				fmt.Fprintf(&s, "  worker %q (recorded)\n", w.ID)
			} else {
				fmt.Fprintf(&s, "  worker %q name=%q citizenship=%s iin=%s basis=%s category=%s position=%q start=%s end=%s",
					w.ID, w.Name, w.Citizenship, w.IIN, w.Basis, w.Category, w.Position, w.Start, w.End)
				if w.Contract != nil {
					fmt.Fprintf(&s, " contract=%s/%s", w.Contract.Signed, w.Contract.Registered)
				}
				if !w.BirthDate.IsZero() {
					fmt.Fprintf(&s, " born=%s", w.BirthDate)
				}
				s.WriteString("\n")
			}
			for _, p := range w.Permits {
				fmt.Fprintf(&s, "    permit %q %v %s..%s\n", p.Number, p.Regions, p.From, p.To)
			}
			for _, tr := range w.Trips {
				fmt.Fprintf(&s, "    trip %s %s..%s notified=%s\n", tr.Region, tr.From, tr.To, tr.Notified)
			}
			for _, d := range w.Documents {
				fmt.Fprintf(&s, "    document %s %q issued=%s expires=%s\n", d.Kind, d.Number, d.Issued, d.Expires)
			}
		}
		for _, f := range e.Figures {
			fmt.Fprintf(&s, "  figures %s trained=%d replaced=%d working=%d jobs=%d\n", f.Month, f.KZTrained, f.KZReplaced, f.KZWorking, f.JobsCreated)
		}
		for _, c := range e.Contracts {
			fmt.Fprintf(&s, "  contract %q customer=%q date=%s region=%s\n", c.Number, c.Customer, c.Date, c.Region)
		}
	}
	return s.String()
}

func caseDirs(t testing.TB) []string {
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases under testdata/cases: %v", err)
	}
	return dirs
}

// TestCasesReportEveryProblem compares what each case under testdata/cases
// gives, its problems or its records, with the case's want.golden; -update
// rewrites them.
func TestCasesReportEveryProblem(t *testing.T) {
	for _, dir := range caseDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := dump(importCSV(t, dir))
			golden := filepath.Join(dir, "want.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(readFile(t, golden)); got != want {
				t.Errorf("result differs from %s (run go test -update to accept)\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// csvRows reads a CSV file as the test's own reference: each record at its
// line, which is its row when no cell spans lines.
func csvRows(t testing.TB, data []byte) map[int][]string {
	t.Helper()
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	if bytes.Count(data, []byte(";")) > bytes.Count(data, []byte(",")) {
		r.Comma = ';'
	}
	rows := map[int][]string{}
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		line, _ := r.FieldPos(0)
		rows[line] = rec
	}
	return rows
}

// workbook builds an XLSX workbook with a sheet per kind from the CSV files
// of a case, every cell text.
func workbook(t testing.TB, dir string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for _, k := range Kinds {
		data, err := os.ReadFile(filepath.Join(dir, string(k)+".csv"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if first {
			if err := f.SetSheetName("Sheet1", string(k)); err != nil {
				t.Fatal(err)
			}
			first = false
		} else if _, err := f.NewSheet(string(k)); err != nil {
			t.Fatal(err)
		}
		for row, cells := range csvRows(t, data) {
			for i, c := range cells {
				if c == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(i+1, row)
				if err := f.SetCellStr(string(k), cell, c); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCasesReadTheSameFromAWorkbook imports each case's files as the sheets
// of one workbook and expects the same problems, at the same rows and
// columns, and the same records as from the CSV files. Cases named csv_ are
// about CSV text itself.
func TestCasesReadTheSameFromAWorkbook(t *testing.T) {
	for _, dir := range caseDirs(t) {
		if strings.HasPrefix(filepath.Base(dir), "csv_") {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := importCSV(t, dir)
			im := New(loadOptions(t, dir))
			if err := im.XLSX("book.xlsx", "", bytes.NewReader(workbook(t, dir))); err != nil {
				t.Fatal(err)
			}
			got, err := im.Finish()
			checkResult(t, got, err)
			if g, w := located(got), located(want); g != w {
				t.Errorf("the workbook gives\n%s\nthe CSV files\n%s", g, w)
			}
		})
	}
}

// located writes a batch as dump does, without the names of files and
// sheets, and with a sheet's words as a file's.
func located(b *Batch) string {
	c := *b
	c.Problems = make(Problems, 0, len(b.Problems))
	for _, p := range b.Problems {
		if p.File != "" && p.Sheet == "" && p.Row == 0 && strings.Contains(p.Msg, "is not read") {
			continue // a workbook's sheet that is not read
		}
		p.File, p.Sheet = "-", ""
		p.Msg = strings.ReplaceAll(p.Msg, "the sheet", "the file")
		for _, k := range Kinds { // another row, named by its place
			p.Msg = strings.ReplaceAll(p.Msg, "book.xlsx["+string(k)+"]:", string(k)+".csv:")
		}
		p.Msg = strings.ReplaceAll(p.Msg, ", or a date cell", "")
		c.Problems = append(c.Problems, p)
	}
	return dump(&c)
}

func TestOneBadRowYieldsNoRecords(t *testing.T) {
	b := importCSV(t, "testdata/cases/one_bad_row")
	if len(b.Employers) != 0 {
		t.Fatalf("records of %d employers from a file with a bad row", len(b.Employers))
	}
	if len(b.Problems) != 1 {
		t.Fatalf("problems:\n%v", b.Problems)
	}
	p := b.Problems[0]
	want := Problem{File: "workers.csv", Row: 5, Column: "E", Header: "iin", Msg: `IIN "880715300674" has a wrong check digit: the last digit should be 3`}
	if p != want {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
	if _, err := b.Apply(&domain.Records{Employer: domain.Employer{BIN: "940140000385"}}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("Apply of a batch with problems: %v", err)
	}
}

func TestProblemString(t *testing.T) {
	for _, tc := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "w.csv", Row: 7, Column: "C", Header: "ИИН", Msg: "m"}, "w.csv:7:C (ИИН): m"},
		{Problem{File: "b.xlsx", Sheet: "workers", Row: 7, Column: "AA", Msg: "m"}, "b.xlsx[workers]:7:AA: m"},
		{Problem{File: "w.csv", Row: 1, Msg: "m"}, "w.csv:1: m"},
		{Problem{File: "w.csv", Msg: "m"}, "w.csv: m"},
		{Problem{Msg: "m"}, "m"},
		{Problem{File: "w.csv", Row: 1, Column: "H", Header: "Примечание", Warning: true, Msg: "m"}, "w.csv:1:H (Примечание): warning: m"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestColumnNames(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d) = %s, want %s", i, got, want)
		}
	}
}
