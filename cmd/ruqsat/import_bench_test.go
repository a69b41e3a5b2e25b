package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// BenchmarkImportCommand times the whole `ruqsat import` process of an HR
// department's CSV files into a fresh SQLite database: 100,000 workers and
// their permits (synth seed 9), of 5 employers of 20,000 workers (the
// model's limit per employer) named in a BIN column, into employers
// already registered (target: under 10 s). Each round starts from a copy
// of the database with only the employers.
func BenchmarkImportCommand(b *testing.B) {
	benchImport(b, func(dir string, recs []domain.Records) ([]string, int) {
		workers, permits := filepath.Join(dir, "workers.csv"), filepath.Join(dir, "permits.csv")
		return []string{workers, permits}, writeHRFiles(b, recs, workers, permits)
	})
}

// BenchmarkImportCommandOneTable times the same import from one register
// as a consultancy keeps it: a Windows-1251 CSV from Russian Excel, a row
// per worker and permit (the worker's columns repeated on each of its
// permits' rows, a worker without a permit on a row of its own), country
// and region names, categories in Roman numerals, in a file whose name does
// not say what it holds.
func BenchmarkImportCommandOneTable(b *testing.B) {
	benchImport(b, func(dir string, recs []domain.Records) ([]string, int) {
		register := filepath.Join(dir, "реестр.csv")
		return []string{register}, writeRegister(b, recs, register)
	})
}

// benchImport imports the files write makes of the synthetic records.
func benchImport(b *testing.B, write func(dir string, recs []domain.Records) (files []string, permits int)) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "ruqsat")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	recs := synth.Generate(synth.Spec{Seed: 9, Employers: 5, Workers: 100_000,
		From: domain.MustDate("2024-01-01"), To: domain.MustDate("2026-10-31")})
	files, nPermits := write(dir, recs)

	// The employers alone, from scenario files, in a template database.
	var empFiles []string
	for i, rec := range recs {
		employer := rec
		employer.Workers = nil
		var buf bytes.Buffer
		if err := scenario.Encode(&buf, &scenario.File{AsOf: domain.MustDate("2026-11-20"), Records: employer}); err != nil {
			b.Fatal(err)
		}
		empFile := filepath.Join(dir, fmt.Sprintf("employer%d.yaml", i))
		if err := os.WriteFile(empFile, buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
		empFiles = append(empFiles, empFile)
	}
	template := tenantData(b, "T")
	// cpu is the CPU time (user and system) of the timed imports, which a
	// shared machine's load changes less than the wall time.
	var cpu time.Duration
	run := func(args ...string) {
		cmd := exec.Command(bin, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("ruqsat %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	run(append([]string{"import", "--data", template, "--tenant", "T"}, empFiles...)...)
	db, err := os.ReadFile(filepath.Join(template, "ruqsat.db"))
	if err != nil {
		b.Fatal(err)
	}

	cpu = 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		data := filepath.Join(dir, fmt.Sprintf("data%d", i))
		if err := os.MkdirAll(data, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, "ruqsat.db"), db, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		run(append([]string{"import", "--data", data, "--tenant", "T"}, files...)...)
	}
	b.ReportMetric(float64(nPermits), "permits")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// writeHRFiles writes the workers and permits of recs as an HR department
// keeps them (Russian headers, semicolons, DD.MM.YYYY), each row with its
// employer's BIN, and returns the number of permits.
func writeHRFiles(b *testing.B, recs []domain.Records, workersPath, permitsPath string) int {
	dd := func(d domain.Date) string {
		if d.IsZero() {
			return ""
		}
		s := d.String()
		return s[8:10] + "." + s[5:7] + "." + s[0:4]
	}
	create := func(path, header string) (*os.File, *bufio.Writer) {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		w.WriteString(header)
		return f, w
	}
	wf, w := create(workersPath, "БИН;Табельный номер;ФИО;Гражданство;ИИН;Основание;Категория;Должность;Дата приема;Дата увольнения\n")
	pf, p := create(permitsPath, "БИН;Табельный номер;Номер разрешения;Регион;Дата начала;Дата окончания\n")
	n := 0
	for r := range recs {
		rec := &recs[r]
		bin := rec.Employer.BIN
		for i := range rec.Workers {
			x := &rec.Workers[i]
			fmt.Fprintf(w, "%s;%s;%s;%s;%s;%s;%s;%s;%s;%s\n", bin, x.ID, x.Name, x.Citizenship, x.IIN, x.Basis, x.Category, x.Position, dd(x.Start), dd(x.End))
			for _, pm := range x.Permits {
				regions := make([]string, len(pm.Regions))
				for j, r := range pm.Regions {
					regions[j] = string(r)
				}
				fmt.Fprintf(p, "%s;%s;%s;%s;%s;%s\n", bin, x.ID, pm.Number, strings.Join(regions, ","), dd(pm.From), dd(pm.To))
				n++
			}
		}
	}
	for _, c := range []struct {
		f *os.File
		w *bufio.Writer
	}{{wf, w}, {pf, p}} {
		if err := c.w.Flush(); err != nil {
			b.Fatal(err)
		}
		c.f.Close()
	}
	return n
}

// writeRegister writes the workers and permits of recs as one register in
// Windows-1251 and returns the number of permits.
func writeRegister(b *testing.B, recs []domain.Records, path string) int {
	dd := func(d domain.Date) string {
		if d.IsZero() {
			return ""
		}
		s := d.String()
		return s[8:10] + "." + s[5:7] + "." + s[0:4]
	}
	roman := map[domain.Category]string{1: "I", 2: "II", 3: "III", 4: "IV"}
	country := map[string]string{"CN": "Китай", "TR": "Турция", "RU": "Россия", "UZ": "Узбекистан", "IN": "Индия", "GB": "Великобритания", "DE": "Германия", "KG": "Киргизия"}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	// Excel writes a character the code page lacks (Kazakh letters) as "?".
	tw := transform.NewWriter(f, encoding.ReplaceUnsupported(charmap.Windows1251.NewEncoder()))
	w := bufio.NewWriter(tw)
	w.WriteString("Реестр иностранных работников\r\nБИН;Таб. №;ФИО;Гражданство;ИИН;Основание;Категория;Должность;Дата приема;Дата увольнения;Номер разрешения;Регион;Дата выдачи;Срок действия\r\n")
	n := 0
	for r := range recs {
		rec := &recs[r]
		bin := rec.Employer.BIN
		for i := range rec.Workers {
			x := &rec.Workers[i]
			c := x.Citizenship
			if name, ok := country[c]; ok {
				c = name
			}
			cat := roman[x.Category]
			if cat == "" {
				cat = x.Category.String()
			}
			worker := fmt.Sprintf("%s;%s;%s;%s;%s;%s;%s;%s;%s;%s", bin, x.ID, x.Name, c, x.IIN, x.Basis, cat, x.Position, dd(x.Start), dd(x.End))
			if len(x.Permits) == 0 {
				fmt.Fprintf(w, "%s;;;;\r\n", worker)
			}
			for _, pm := range x.Permits {
				regions := make([]string, len(pm.Regions))
				for j, code := range pm.Regions {
					ri, _ := domain.LookupRegion(code)
					regions[j] = ri.RU
				}
				fmt.Fprintf(w, "%s;%s;%s;%s;%s\r\n", worker, pm.Number, strings.Join(regions, ", "), dd(pm.From), dd(pm.To))
				n++
			}
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return n
}
