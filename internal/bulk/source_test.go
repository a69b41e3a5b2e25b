package bulk_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/bulk"
)

// TestSources: what each file was read as (encoding, delimiter, kind,
// header row) and which column became which field, as the web UI's
// import shows them before anything is stored.
func TestSources(t *testing.T) {
	var srcs []bulk.Source
	for _, tc := range []struct{ name, bin string }{
		{"csv_register_windows1251/workers.csv", "940140000385"},
		{"valid_register_kazakh/workers.csv", ""},
	} {
		f, err := os.Open("testdata/cases/" + tc.name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := bulk.Parse("", f, bulk.Options{Name: tc.name, BIN: tc.bin})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, b.Sources()...)
	}
	if len(srcs) != 2 {
		t.Fatalf("%d sources, want 2", len(srcs))
	}
	cp, kk := srcs[0], srcs[1]
	if cp.Encoding != "Windows-1251" || cp.Delimiter != ';' || cp.Kind != bulk.Workers || cp.HeaderRow != 3 {
		t.Errorf("the Windows-1251 register read as %+v", cp)
	}
	if kk.Encoding != "UTF-8 BOM" || kk.Delimiter != ';' || kk.HeaderRow != 2 {
		t.Errorf("the Kazakh register read as %s %q row %d", kk.Encoding, kk.Delimiter, kk.HeaderRow)
	}
	fields := func(s bulk.Source, header string) []string {
		for _, c := range s.Columns {
			if c.Header == header {
				return c.Fields
			}
		}
		t.Errorf("%s: no column %q", s.File, header)
		return nil
	}
	for _, tc := range []struct {
		src    bulk.Source
		header string
		want   []string
	}{
		{cp, "№ п/п", nil},
		{cp, "Таб. №", []string{"id"}},
		{cp, "Срок действия", []string{"permit_to"}},
		{cp, "Регион", []string{"permit_regions"}},
		{kk, "БСН", []string{"bin"}},
		{kk, "Көлемі", []string{"size"}},
	} {
		if got := fields(tc.src, tc.header); !slices.Equal(got, tc.want) {
			t.Errorf("%s: column %q became %v, want %v", tc.src.File, tc.header, got, tc.want)
		}
	}
	if c := cp.Columns[1]; c.Column != "B" {
		t.Errorf("the second column is %q", c.Column)
	}
	for _, name := range bulk.FieldNames(bulk.Workers) {
		if strings.ContainsAny(name, " ") {
			t.Errorf("field name %q", name)
		}
	}
}

// TestProblemValue: a problem found while its row is read carries the
// cell's text.
func TestProblemValue(t *testing.T) {
	csv := "bin,id,name,citizenship,basis,category,start\n940140000385,w1,Ann Lee,Нарния,permit,3,31.02.2025\n"
	b, err := bulk.Parse(bulk.Workers, strings.NewReader(csv), bulk.Options{Name: "w.csv"})
	if err == nil {
		t.Fatal("a bad country and date are accepted")
	}
	got := map[string]string{}
	for _, p := range b.Problems {
		got[p.Column] = p.Value
	}
	if got["D"] != "Нарния" || got["G"] != "31.02.2025" {
		t.Errorf("the problems' values by column: %v", got)
	}
}
