package scenario

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// testChecker stands in for the rules package's parameter check: it knows a
// few parameters and the form of their values.
func testChecker(name, value string) error {
	switch {
	case name == "trip_limit_days" || name == "mci.2026":
		if _, err := strconv.Atoi(value); err != nil {
			return fmt.Errorf("%q is not a whole number; expected a number", value)
		}
	case name == "shift_fixed_deadlines":
		if value != "true" && value != "false" {
			return fmt.Errorf("%q is not true or false", value)
		}
	case strings.HasPrefix(name, "quota_deadline."):
		parts := strings.Split(name, ".")
		if len(parts) != 3 || !domain.Region(parts[1]).Valid() {
			return fmt.Errorf("expected quota_deadline.REGION.YEAR")
		}
		if _, err := domain.ParseDate(value); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown parameter %q", name)
	}
	return nil
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t testing.TB, name string, data []byte) *File {
	t.Helper()
	f, err := Parse(name, data, testChecker)
	if err != nil {
		t.Fatalf("Parse(%s):\n%v", name, err)
	}
	return f
}

func TestParseValidFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no files under testdata/valid")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			mustParse(t, filepath.Base(path), readFile(t, path))
		})
	}
}

// TestParseInvalidFiles compares the errors of each file under
// testdata/invalid with its NAME.err golden file; -update rewrites them.
func TestParseInvalidFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no files under testdata/invalid")
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			f, err := Parse(name, readFile(t, path), testChecker)
			if f != nil || err == nil {
				t.Fatalf("Parse accepted an invalid file")
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(path, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := string(readFile(t, golden))
			if got != want {
				t.Errorf("errors differ from %s (run go test -update to accept)\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestParseExample(t *testing.T) {
	f := mustParse(t, "example.yaml", readFile(t, "testdata/valid/example.yaml"))
	d := domain.MustDate
	total := 110
	want := &File{
		AsOf: d("2026-04-30"),
		Records: domain.Records{
			Employer: domain.Employer{
				BIN:            "940140000385",
				Name:           "Steppe Drilling LLP",
				Size:           domain.SizeSmall,
				StaffKZ:        &[5]int{0, 2, 8, 40, 60},
				TotalEmployees: &total,
			},
			Workers: []domain.Worker{{
				ID:          "w1",
				Name:        "John Smith",
				Citizenship: "GB",
				IIN:         "850101300124",
				Basis:       domain.BasisPermit,
				Category:    domain.Category3,
				Position:    "Drilling engineer",
				Start:       d("2026-01-10"),
				End:         d("2026-12-31"),
				Contract:    &domain.Contract{Signed: d("2026-01-10"), Registered: d("2026-01-14")},
				Permits: []domain.Permit{{Number: "KZ-75-2026-0001", Regions: []domain.Region{"KZ-75"},
					From: d("2026-01-05"), To: d("2027-01-04")}},
				Trips:          []domain.Trip{{Region: "KZ-71", From: d("2026-01-12"), To: d("2026-02-20"), Notified: d("2026-01-14")}},
				AddressChanges: []domain.AddressChange{{Date: d("2026-02-20"), Notified: d("2026-02-24")}},
				Applications:   []domain.Application{{Filed: d("2026-01-02"), VacancyPosted: d("2025-12-15"), VacancyCode: "V-123"}},
			}},
			Reports:           []domain.Report{{Month: domain.NewYearMonth(2026, 1), Submitted: d("2026-01-28")}},
			QuotaPlans:        []domain.QuotaPlan{{Year: 2027, Region: "KZ-75", Category: domain.Category3, Position: "Drilling engineer", Count: 2}},
			QuotaApplications: []domain.QuotaApplication{{Year: 2027, Region: "KZ-75", Submitted: d("2026-09-15")}},
			Penalties:         []domain.Penalty{{Article: "98", Date: d("2025-11-05")}},
		},
		Overrides:   []domain.Override{{Name: "quota_deadline.KZ-71.2026", Value: "2026-09-27"}},
		WorkerLines: map[string]int{"w1": 12},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("got\n%+v\nwant\n%+v", f, want)
	}
}

// scenarioWith returns a valid scenario with extra top-level text appended.
func scenarioWith(extra string) string {
	return "as_of: 2026-04-30\nemployer:\n  bin: \"940140000385\"\n  size: small\n" + extra
}

func TestParseAccepts(t *testing.T) {
	d := domain.MustDate
	for _, tc := range []struct {
		name  string
		in    string
		check func(t *testing.T, f *File)
	}{
		{"plain and quoted dates are the same date", scenarioWith("workers:\n  - {id: a, basis: eaeu, citizenship: RU, start: 2026-01-10, end: \"2026-01-10\"}\n"),
			func(t *testing.T, f *File) {
				if w := f.Records.Workers[0]; w.Start != d("2026-01-10") || w.End != w.Start {
					t.Errorf("start %v, end %v", w.Start, w.End)
				}
			}},
		{"no staff gives nil staff counts", scenarioWith(""),
			func(t *testing.T, f *File) {
				if f.Records.Employer.StaffKZ != nil || f.Records.Employer.TotalEmployees != nil {
					t.Errorf("staff %v, total %v", f.Records.Employer.StaffKZ, f.Records.Employer.TotalEmployees)
				}
			}},
		{"staff categories left out are zero", "as_of: 2026-04-30\nemployer: {bin: \"940140000385\", size: small, staff: {kz: {3: 7}}}\n",
			func(t *testing.T, f *File) {
				if got := f.Records.Employer.StaffKZ; got == nil || *got != [5]int{0, 0, 0, 7, 0} {
					t.Errorf("staff %v", got)
				}
			}},
		{"a key with no value is absent", scenarioWith("workers:\nreports: ~\n"),
			func(t *testing.T, f *File) {
				if f.Records.Workers != nil || f.Records.Reports != nil {
					t.Errorf("workers %v, reports %v", f.Records.Workers, f.Records.Reports)
				}
			}},
		{"empty lists give nil slices", scenarioWith("workers: []\nreports: []\nquota: {plans: [], applications: []}\npenalties: []\noverrides: {}\n"),
			func(t *testing.T, f *File) {
				r := f.Records
				if r.Workers != nil || r.Reports != nil || r.QuotaPlans != nil || r.QuotaApplications != nil || r.Penalties != nil || f.Overrides != nil {
					t.Errorf("records %+v, overrides %v", r, f.Overrides)
				}
			}},
		{"category is a number or seasonal", scenarioWith("workers:\n  - {id: a, basis: permit, category: 4, start: 2026-01-10}\n  - {id: b, basis: permit, category: seasonal, start: 2026-01-10}\n  - {id: c, basis: ict, category: \"2\", start: 2026-01-10}\n"),
			func(t *testing.T, f *File) {
				w := f.Records.Workers
				if w[0].Category != domain.Category4 || w[1].Category != domain.CategorySeasonal || w[2].Category != domain.Category2 {
					t.Errorf("categories %v %v %v", w[0].Category, w[1].Category, w[2].Category)
				}
			}},
		{"category is optional outside permit and ict", scenarioWith("workers:\n  - {id: a, basis: special_route, start: 2026-01-10}\n"),
			func(t *testing.T, f *File) {
				if f.Records.Workers[0].Category != domain.CategoryNone {
					t.Errorf("category %v", f.Records.Workers[0].Category)
				}
			}},
		{"article is a number or a string", scenarioWith("penalties:\n  - {article: 86, part: 2, date: 2025-01-01}\n  - {article: \"519\", date: 2025-01-02}\n"),
			func(t *testing.T, f *File) {
				p := f.Records.Penalties
				if p[0].Article != "86" || p[0].Part != "2" || p[1].Article != "519" {
					t.Errorf("penalties %+v", p)
				}
			}},
		{"text keeps a number as written", scenarioWith("workers:\n  - {id: 007, name: 1.50, citizenship: AM, position: true, basis: eaeu, start: 2026-01-10}\n"),
			func(t *testing.T, f *File) {
				w := f.Records.Workers[0]
				if w.ID != "007" || w.Name != "1.50" || w.Position != "true" {
					t.Errorf("worker %+v", w)
				}
			}},
		{"a plain << as a value is text, not a merge key", "as_of: 2026-04-30\nemployer: {bin: \"940140000385\", size: small, name: <<}\n",
			func(t *testing.T, f *File) {
				if f.Records.Employer.Name != "<<" {
					t.Errorf("name %q", f.Records.Employer.Name)
				}
			}},
		{"worker lines count CRLF line ends once", "as_of: 2026-04-30\r\nemployer: {bin: \"940140000385\", size: small}\r\nworkers:\r\n  - {id: a, basis: business_visit, start: 2026-01-10}\r\n",
			func(t *testing.T, f *File) {
				if f.WorkerLines["a"] != 4 {
					t.Errorf("worker lines %v", f.WorkerLines)
				}
			}},
		{"citizenship NO is Norway", scenarioWith("workers:\n  - {id: a, citizenship: NO, basis: business_visit, start: 2026-01-10}\n"),
			func(t *testing.T, f *File) {
				if c := f.Records.Workers[0].Citizenship; c != "NO" {
					t.Errorf("citizenship %q", c)
				}
			}},
		{"overrides flatten into dotted names sorted by name", scenarioWith("overrides:\n  trip_limit_days: 100\n  quota_deadline: {KZ-75: {2027: 2027-09-30}, KZ-71: {2026: \"2026-09-27\"}}\n  mci.2026: 4325\n"),
			func(t *testing.T, f *File) {
				want := []domain.Override{
					{Name: "mci.2026", Value: "4325"},
					{Name: "quota_deadline.KZ-71.2026", Value: "2026-09-27"},
					{Name: "quota_deadline.KZ-75.2027", Value: "2027-09-30"},
					{Name: "trip_limit_days", Value: "100"},
				}
				if !reflect.DeepEqual(f.Overrides, want) {
					t.Errorf("overrides %v", f.Overrides)
				}
			}},
		{"worker lines point at each worker", scenarioWith("workers:\n  - id: a\n    basis: business_visit\n    start: 2026-01-10\n  - {id: b, basis: business_visit, start: 2026-01-10}\n"),
			func(t *testing.T, f *File) {
				if want := map[string]int{"a": 6, "b": 9}; !reflect.DeepEqual(f.WorkerLines, want) {
					t.Errorf("worker lines %v", f.WorkerLines)
				}
			}},
		{"explicit keys and a final document marker are plain YAML", "? as_of\n: 2026-04-30\nemployer: {bin: \"940140000385\", size: small}\n...\n",
			func(t *testing.T, f *File) {
				if f.AsOf != d("2026-04-30") {
					t.Errorf("as_of %v", f.AsOf)
				}
			}},
		{"a document marker and an empty trailing document are accepted", "---\n" + scenarioWith("---\n"),
			func(t *testing.T, f *File) {
				if f.AsOf != d("2026-04-30") {
					t.Errorf("as_of %v", f.AsOf)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("t.yaml", []byte(tc.in), nil)
			if err != nil {
				t.Fatalf("Parse:\n%v", err)
			}
			tc.check(t, f)
		})
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want string // the one error line
	}{
		{"an unquoted BIN with the fix", "as_of: 2026-04-30\nemployer: {bin: 940140000385, size: small}\n",
			`t.yaml:2:17: employer.bin: 940140000385 is written as a number, which loses leading zeros; expected it in quotes: bin: "940140000385"`},
		{"an impossible date", "as_of: 2026-02-30\nemployer: {bin: \"940140000385\", size: small}\n",
			`t.yaml:1:8: as_of: "2026-02-30" is not a real date; expected a day that exists, as YYYY-MM-DD`},
		{"a missing required key at its mapping", "as_of: 2026-04-30\nemployer:\n  bin: \"940140000385\"\n",
			`t.yaml:3:3: employer.size: size is missing; expected a business size: small, medium or large`},
		{"an unknown key listing the allowed ones", scenarioWith("worker: []\n"),
			`t.yaml:5:1: unknown key "worker"; expected one of as_of, employer, workers, reports, monthly_figures, quota, penalties, overrides`},
		{"a duplicate worker id naming the first", scenarioWith("workers:\n  - {id: a, basis: business_visit, start: 2026-01-10}\n  - {id: a, basis: business_visit, start: 2026-01-10}\n"),
			`t.yaml:7:10: workers[1].id: "a" is repeated from workers[0].id on line 6; expected each once`},
		{"an override the checker refuses", scenarioWith("overrides:\n  trip_limit_days: lots\n"),
			`t.yaml:6:20: overrides.trip_limit_days: "lots" is not a whole number; expected a number`},
		{"an alias", scenarioWith("workers: *all\n"),
			`t.yaml:5:10: aliases (*name) are not allowed; expected the value written out in full`},
		{"an unterminated flow list", "as_of: [2026\n",
			`t.yaml:2:1: invalid YAML: did not find expected ',' or ']'`},
		{"a syntax error at the line of its cause", "as_of: 2026-04-30\nemployer: {bin: \"940140000385\", size: small}\n- x\n",
			`t.yaml:3:1: invalid YAML: did not find expected key`},
		{"the non-specific tag", "as_of: 2026-04-30\nemployer: {bin: \"940140000385\", size: small, total_employees: ! 12}\n",
			`t.yaml:2:63: the YAML tag ! is not allowed; expected a plain value (quote a value to make it text)`},
		{"an alias to an unknown anchor, with one in quotes before it", "as_of: 2026-04-30\nemployer: {bin: \"940140000385\", size: small, name: \"*x\"}\nworkers: *x\n",
			`t.yaml:3:10: aliases (*name) are not allowed; expected the value written out in full`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("t.yaml", []byte(tc.in), testChecker)
			if f != nil || err == nil {
				t.Fatal("Parse accepted the input")
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestParseReadsOnAfter checks that the constructs the YAML parser cannot
// place or does not refuse by itself are reported where they are, with the
// rest of the file still read.
func TestParseReadsOnAfter(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"a directive", "%YAML 1.1\n---\nas_of: 2026-04-30\nemployer: {bin: \"940140000385\", size: tiny}\n",
			"t.yaml:1:1: YAML directives (%YAML, %TAG) are not allowed; expected the scenario mapping only\n" +
				`t.yaml:4:39: employer.size: "tiny" is not a business size; expected small, medium or large`},
		{"an alias before its anchor", "as_of: 2026-04-30\nemployer:\n  bin: \"940140000385\"\n  size: *size\n  name: &size small\n",
			"t.yaml:4:9: aliases (*name) are not allowed; expected the value written out in full\n" +
				"t.yaml:5:9: anchors (&name) are not allowed; expected every value written out where it is used"},
		{"a value after its anchor", "as_of: 2026-04-30\nemployer: {bin: \"940140000385\", size: &s tiny}\n",
			"t.yaml:2:39: anchors (&name) are not allowed; expected every value written out where it is used\n" +
				`t.yaml:2:42: employer.size: "tiny" is not a business size; expected small, medium or large`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(tc.in), nil)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got\n%v\nwant\n%s", err, tc.want)
			}
		})
	}
}

func TestParseGivesUpOnManyUnknownAliases(t *testing.T) {
	in := scenarioWith("workers: [*a, *b, *c, *d, *e, *f, *g, *h, *i, *j]\n")
	_, err := Parse("t.yaml", []byte(in), nil)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != maxAliasEdits+1 {
		t.Fatalf("got %v, want %d alias errors", err, maxAliasEdits+1)
	}
	for _, e := range list {
		if !strings.HasPrefix(e.Msg, "aliases (*name) are not allowed") || e.Line != 5 {
			t.Errorf("error %v", e)
		}
	}
}

// TestKeyListsFitAnObject guards the size of object's entries.
func TestKeyListsFitAnObject(t *testing.T) {
	for _, keys := range [][]string{topKeys, employerKeys, staffKeys, staffKZKeys, workerKeys, contractKeys, permitKeys,
		tripKeys, addressKeys, applicationKeys, reportKeys, quotaKeys, planKeys, quotaAppKeys, penaltyKeys, directorKeys, passportKeys, educationKeys, figuresKeys, contractsKeys, documentKeys} {
		if len(keys) > maxKeys {
			t.Errorf("%d keys %v; an object holds %d", len(keys), keys, maxKeys)
		}
	}
}

func TestParseReportsEveryProblemInOrder(t *testing.T) {
	in := "employer:\n  bin: \"1\"\n  size: tiny\nworkers:\n  - {id: a, basis: x, start: 2026-13-01}\n"
	_, err := Parse("t.yaml", []byte(in), nil)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %T, want ErrorList", err)
	}
	if len(list) != 5 {
		t.Fatalf("got %d errors, want 5:\n%v", len(list), err)
	}
	for i := 1; i < len(list); i++ {
		a, b := list[i-1], list[i]
		if a.Line > b.Line || a.Line == b.Line && a.Col > b.Col {
			t.Errorf("errors out of order: %v before %v", a, b)
		}
	}
	if e := list[0]; e.File != "t.yaml" || e.Line != 1 || e.Col != 1 {
		t.Errorf("first error %+v", e)
	}
}

func TestErrorFormat(t *testing.T) {
	l := ErrorList{{File: "a.yaml", Line: 3, Col: 7, Msg: "one"}, {File: "a.yaml", Line: 12, Col: 1, Msg: "two"}}
	if got, want := l.Error(), "a.yaml:3:7: one\na.yaml:12:1: two"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseCallsCheckerWithEachOverride(t *testing.T) {
	var seen []string
	check := func(name, value string) error {
		seen = append(seen, name+"="+value)
		return nil
	}
	in := scenarioWith("overrides:\n  a: {b: 1, c: {d: x}}\n  e: \"2026-01-01\"\n")
	if _, err := Parse("t.yaml", []byte(in), check); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.b=1", "a.c.d=x", "e=2026-01-01"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("checker saw %v, want %v", seen, want)
	}
}
