package bulk

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/i18n"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// checkApply applies a batch without problems to empty records of each of
// its employers, twice, and expects the second time to change nothing: a
// batch that passed the validator gives merged records that pass it.
func checkApply(t *testing.T, b *Batch) {
	for _, e := range b.Employers {
		rec := &domain.Records{Employer: domain.Employer{BIN: e.BIN, Size: domain.SizeSmall}}
		for _, w := range e.Workers {
			if !w.Listed { // recorded already: make it so, as valid records
				rec.Workers = append(rec.Workers, domain.Worker{ID: w.ID, Basis: domain.BasisBranchHead, Start: domain.MustDate("2026-01-10")})
			}
		}
		if _, err := b.Apply(rec); err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if ch, err := b.Apply(rec); err != nil || !ch.None() {
			t.Fatalf("Apply again: %+v, %v", ch, err)
		}
	}
}

// FuzzParseCSV checks that a CSV file of any content never panics, gives a
// batch whose problems are well formed, records only without errors, and
// records that Apply merges idempotently. Its seeds are the CSV files under
// testdata.
func FuzzParseCSV(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*/*.csv")
	if len(files) == 0 {
		f.Fatal("no CSV files under testdata/cases")
	}
	for i, path := range files {
		f.Add(readFile(f, path), uint8(i))
	}
	// The decoders' edges: UTF-16 in both byte orders, a lone byte-order
	// mark, an odd byte count, Windows-1251 cut in a row.
	f.Add([]byte("\xFE\xFF\x00i\x00d\x00\t\x00b\x00a\x00s\x00i\x00s\x00\n\x00w\x001"), uint8(0))
	f.Add([]byte("\xFF\xFE"), uint8(3))
	f.Add([]byte("\xFF\xFEi\x00d\x00\n"), uint8(0))
	f.Add([]byte("\xD2\xE0\xE1. \xB9;\xD4\xC8\xCE;\xC3\xF0\xE0\xE6\xE4\xE0\xED\xF1\xF2\xE2\xEE\n1;\xC2\xE0\xED"), uint8(3))
	// Documents, figures and contracts (kinds 4, 5 and 6, or told by the
	// header): the words of a document's kind, months as people write
	// them, counts with spaces, and cells that are none of these.
	f.Add([]byte("worker;kind;number;issued;expires\nw1;паспорт;P1;01.01.2020;2030-01-01\nw1;Еңбек кітапшасы;;;\nw2;права;X;31.02.2020;\n"), uint8(4))
	f.Add([]byte("Отчетный месяц;Обучено граждан РК;Заменили иностранцев;Работает граждан РК;Создано рабочих мест\nноябрь 2026;1;0;1 250;0\n11.2026;;;;\n13/2026;-1;x;2,0;\nза март 2026 г.;0;0;0;0\n"), uint8(0))
	f.Add([]byte("month,kz_working\n2026-11,1\nқараша 2026 ж.,2\nNovember 2026,3\n46327,4\n2026,5\n"), uint8(5))
	f.Add([]byte("Тапсырыс беруші,Шарт нөмірі,Шарт күні,Өңір\nА,Ш-1,2025-12-01,Атырау облысы\nБ,Ш-1,,\n,,2026-13-01,Марс\n"), uint8(6))
	kinds := append([]Kind{""}, Kinds...) // "": the kind the header row names
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		opts := Options{Name: "fuzz.csv", BIN: "940140000385", Known: func(_, id string) bool { return len(id) == 2 }}
		b, err := Parse(kinds[int(k)%len(kinds)], bytes.NewReader(data), opts)
		checkResult(t, b, err)
		for _, p := range b.Problems {
			if p.File != "fuzz.csv" && p.File != "" {
				t.Fatalf("problem in file %q", p.File)
			}
		}
		checkApply(t, b)
		// In Russian: as many problems, at the same places, each told
		// from the catalogue (no key left unrendered).
		opts.Lang = i18n.For(i18n.RU)
		ru, _ := Parse(kinds[int(k)%len(kinds)], bytes.NewReader(data), opts)
		if len(ru.Problems) != len(b.Problems) {
			t.Fatalf("in Russian %d problems, in English %d", len(ru.Problems), len(b.Problems))
		}
		for i, p := range ru.Problems {
			q := b.Problems[i]
			if p.Row != q.Row || p.Column != q.Column || p.Msg == "" || strings.Contains(p.Msg, "import.") || strings.Contains(p.Msg, "problem.") {
				t.Fatalf("in Russian %+v, in English %+v", p, q)
			}
		}
	})
}

// FuzzParseXLSX does the same for workbooks. Its seeds are workbooks built
// from the cases under testdata and one with date and number cells; the
// XLSX reader is guarded, so that even a panic inside it is a problem.
func FuzzParseXLSX(f *testing.F) {
	dirs, _ := filepath.Glob("testdata/cases/*")
	for _, dir := range dirs {
		if fi, err := os.Stat(filepath.Join(dir, "workers.csv")); err == nil && fi.Size() > 0 && filepath.Base(dir) != "csv_utf16" && filepath.Base(dir) != "csv_xlsx_as_csv" {
			f.Add(workbook(f, dir))
		}
	}
	f.Add(cellsBook(f))
	f.Add(recordsBook(f))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{Name: "fuzz.xlsx", BIN: "940140000385"}
		b, err := ParseXLSX("", bytes.NewReader(data), opts)
		checkResult(t, b, err)
		checkApply(t, b)
	})
}
