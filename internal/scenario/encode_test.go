package scenario

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func encode(t testing.TB, f *File) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameFile compares two Files apart from WorkerLines, which describe the text
// rather than the records.
func sameFile(a, b *File) bool {
	x, y := *a, *b
	x.WorkerLines, y.WorkerLines = nil, nil
	return reflect.DeepEqual(x, y)
}

// TestEncodeRoundTrip checks, for every valid file, that Parse reads Encode's
// output back to the same File, that encoding again gives the same bytes,
// and that the output matches the golden file under testdata/encoded.
func TestEncodeRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, name, readFile(t, path))
			out := encode(t, f)
			g := mustParse(t, "encoded-"+name, out)
			if !sameFile(f, g) {
				t.Errorf("the encoded file reads back differently\nencoded:\n%s\nbefore: %+v\nafter:  %+v", out, f, g)
			}
			if again := encode(t, g); !bytes.Equal(again, out) {
				t.Errorf("encoding is not stable\nfirst:\n%s\nsecond:\n%s", out, again)
			}
			golden := filepath.Join("testdata", "encoded", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := readFile(t, golden); !bytes.Equal(out, want) {
				t.Errorf("output differs from %s (run go test -update to accept)\ngot:\n%s", golden, out)
			}
		})
	}
}

func TestEncodeOmitsEmptyOptionalKeys(t *testing.T) {
	f := &File{
		AsOf: domain.MustDate("2026-04-30"),
		Records: domain.Records{
			Employer: domain.Employer{BIN: "940140000385", Size: domain.SizeSmall},
			Workers: []domain.Worker{{ID: "w1", Basis: domain.BasisBusinessVisit, Start: domain.MustDate("2026-01-10"),
				Contract: &domain.Contract{},
				Trips:    []domain.Trip{{Region: "KZ-71", From: domain.MustDate("2026-01-12"), To: domain.MustDate("2026-01-13")}}}},
		},
	}
	want := `as_of: 2026-04-30
employer:
  bin: "940140000385"
  size: small
workers:
  - id: "w1"
    basis: business_visit
    start: 2026-01-10
    contract: {}
    trips:
      - {region: KZ-71, from: 2026-01-12, to: 2026-01-13}
`
	if got := string(encode(t, f)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestEncodeQuotesTextSafely(t *testing.T) {
	awkward := []string{
		`He said "hi"`, `back\slash`, `colon: here`, `# not a comment`, ` leading space`,
		`trailing space `, `null`, `~`, `- dash`, `[brackets]`, `{braces}`, `'single'`,
		`ТОО «Каспий»`, "soft\u00adhyphen", `&anchor`, `*alias`, `!tag`, `%`, `@`, "`", `|`, `>`,
	}
	for _, s := range awkward {
		t.Run(s, func(t *testing.T) {
			f := &File{
				AsOf: domain.MustDate("2026-04-30"),
				Records: domain.Records{
					Employer: domain.Employer{BIN: "940140000385", Name: s, Size: domain.SizeSmall},
					Workers:  []domain.Worker{{ID: s, Name: s, Position: s, Basis: domain.BasisBusinessVisit, Start: domain.MustDate("2026-01-10")}},
				},
				Overrides: []domain.Override{{Name: "x", Value: s}},
			}
			out := encode(t, f)
			g, err := Parse("t.yaml", out, nil)
			if err != nil {
				t.Fatalf("Parse of the encoded file:\n%v\n%s", err, out)
			}
			if !sameFile(f, g) {
				t.Errorf("read back %+v\nfrom\n%s", g, out)
			}
		})
	}
}

func TestEncodeOverrides(t *testing.T) {
	for _, tc := range []struct {
		name      string
		overrides []domain.Override
		want      string
	}{
		{"nested names become nested mappings", []domain.Override{
			{Name: "quota_deadline.KZ-71.2026", Value: "2026-09-27"},
			{Name: "quota_deadline.KZ-71.2027", Value: "2027-09-30"},
			{Name: "trip_limit_days", Value: "100"},
		}, "overrides:\n  quota_deadline:\n    KZ-71:\n      2026: 2026-09-27\n      2027: 2027-09-30\n  trip_limit_days: 100\n"},
		{"a name that prefixes another is written flat", []domain.Override{
			{Name: "a", Value: "1"},
			{Name: "a.b", Value: "2"},
		}, "overrides:\n  a: 1\n  \"a.b\": 2\n"},
		{"an empty segment is written flat", []domain.Override{
			{Name: "a..b", Value: "yes"},
		}, "overrides:\n  \"a..b\": \"yes\"\n"},
		{"values that YAML would change are quoted", []domain.Override{
			{Name: "a", Value: "null"},
			{Name: "b", Value: ""},
			{Name: "c", Value: "1.50"},
			{Name: "d", Value: "true"},
			{Name: "e", Value: "-5"},
		}, "overrides:\n  a: \"null\"\n  b: \"\"\n  c: 1.50\n  d: true\n  e: \"-5\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &File{
				AsOf:      domain.MustDate("2026-04-30"),
				Records:   domain.Records{Employer: domain.Employer{BIN: "940140000385", Size: domain.SizeSmall}},
				Overrides: tc.overrides,
			}
			out := string(encode(t, f))
			got := out[strings.Index(out, "overrides:"):]
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			g, err := Parse("t.yaml", []byte(out), nil)
			if err != nil {
				t.Fatalf("Parse of the encoded file:\n%v", err)
			}
			if !reflect.DeepEqual(g.Overrides, tc.overrides) {
				t.Errorf("read back %v, want %v", g.Overrides, tc.overrides)
			}
		})
	}
}

func TestEncodeNilFile(t *testing.T) {
	if err := Encode(&bytes.Buffer{}, nil); err == nil {
		t.Error("Encode(nil) gave no error")
	}
}
