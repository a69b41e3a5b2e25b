package bulk

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// benchEmployers is how many employers the n workers of hrFiles are spread
// over: one employer may have at most domain.MaxWorkers.
const benchEmployers = 5

// hrFiles returns a workers file of n workers and a permits file of one
// permit each, as an HR department would export them: Russian headers,
// semicolons, dates as DD.MM.YYYY, regions by code or by name; the workers
// are spread over benchEmployers employers by a BIN column.
func hrFiles(n int) (workers, permits []byte) {
	var w, p bytes.Buffer
	w.WriteString("\uFEFFБИН;Табельный номер;ФИО;Гражданство;ИИН;Основание;Категория;Должность;Дата приема;Дата увольнения\n")
	p.WriteString("\uFEFFБИН;Табельный номер;Номер разрешения;Регион;Дата начала;Дата окончания\n")
	bins := make([]string, benchEmployers)
	for i := range bins {
		bins[i] = synth.BIN(uint64(i))
	}
	countries := []string{"TR", "CN", "IN", "GB", "US", "DE", "IT", "KR", "UZ", "FR"}
	regions := []string{"KZ-75", "город Астана", "Атырау облысы", "KZ-47", "Mangystau Region"}
	start := domain.MustDate("2024-01-01")
	dd := func(d domain.Date) string {
		s := d.String()
		return s[8:10] + "." + s[5:7] + "." + s[0:4]
	}
	for i := range n {
		s := start.AddDays(i % 900)
		end := ""
		if i%4 == 0 {
			end = dd(s.AddDays(365))
		}
		bin := bins[i%benchEmployers]
		fmt.Fprintf(&w, "%s;%06d;Worker Number %d;%s;%s;permit;%d;Drilling engineer;%s;%s\n",
			bin, i+1, i+1, countries[i%len(countries)], synth.IIN(uint64(i)), 1+i%4, dd(s), end)
		fmt.Fprintf(&p, "%s;%06d;KZ-%d-%06d;%s;%s;%s\n", bin, i+1, 2024+i%3, i+1, regions[i%len(regions)], dd(s.AddDays(-10)), dd(s.AddDays(355)))
	}
	return w.Bytes(), p.Bytes()
}

// BenchmarkParseCSV100k imports 100,000 workers of 5 employers with one
// permit each from two CSV files: reading, linking and checking with the
// records validator, without storing. The import of such files is to take
// under 10 s on SQLite in all.
func BenchmarkParseCSV100k(b *testing.B) {
	const n = 100_000
	workers, permits := hrFiles(n)
	b.SetBytes(int64(len(workers) + len(permits)))
	b.ReportAllocs()
	for b.Loop() {
		im := New(Options{})
		if err := im.CSV("workers.csv", Workers, bytes.NewReader(workers)); err != nil {
			b.Fatal(err)
		}
		if err := im.CSV("permits.csv", Permits, bytes.NewReader(permits)); err != nil {
			b.Fatal(err)
		}
		batch, err := im.Finish()
		if err != nil {
			b.Fatal(err)
		}
		if c := batch.Counts(); c.Workers != n || c.Permits != n {
			b.Fatalf("counts %+v", c)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "workers/s")
}

// BenchmarkApply100k merges the 100,000 workers of BenchmarkParseCSV100k
// into the empty records of their employers, each merge checked with the
// records validator.
func BenchmarkApply100k(b *testing.B) {
	workers, permits := hrFiles(100_000)
	im := New(Options{})
	_ = im.CSV("workers.csv", Workers, bytes.NewReader(workers))
	_ = im.CSV("permits.csv", Permits, bytes.NewReader(permits))
	batch, err := im.Finish()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range batch.Employers {
			rec := &domain.Records{Employer: domain.Employer{BIN: e.BIN, Size: domain.SizeSmall}}
			if _, err := batch.Apply(rec); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseXLSX10k reads 10,000 workers from a workbook.
func BenchmarkParseXLSX10k(b *testing.B) {
	const n = 10_000
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	_ = sw.SetRow("A1", []any{"Табельный номер", "ФИО", "Гражданство", "ИИН", "Основание", "Категория", "Дата приема"})
	start := domain.MustDate("2024-01-01")
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		s := start.AddDays(i % 900)
		if err := sw.SetRow(cell, []any{i + 1, fmt.Sprintf("Worker Number %d", i+1), "TR", synth.IIN(uint64(i)), "permit", 1 + i%4, s.String()}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		batch, err := ParseXLSX(Workers, bytes.NewReader(data), Options{BIN: bin})
		if err != nil {
			b.Fatal(err)
		}
		if c := batch.Counts(); c.Workers != n {
			b.Fatalf("counts %+v", c)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "workers/s")
}

// registerFile returns n workers as one register in Windows-1251, a row
// per worker and permit, 1 to 4 permits a worker (the worker's cells
// repeated on each of its rows), with country and region names and
// categories in Roman numerals; and the number of permits.
func registerFile(n int) ([]byte, int) {
	var w bytes.Buffer
	w.WriteString("БИН;Табельный номер;ФИО;Гражданство;ИИН;Основание;Категория;Должность;Дата приема;Дата увольнения;Номер разрешения;Регион;Дата выдачи;Срок действия\r\n")
	bins := make([]string, benchEmployers)
	for i := range bins {
		bins[i] = synth.BIN(uint64(i))
	}
	countries := []string{"Турция", "Китай", "Индия", "Великобритания", "США", "Германия", "Италия", "Южная Корея", "Узбекистан", "Франция"}
	regions := []string{"г. Алматы", "г. Астана", "Атырауская обл.", "Мангистауская обл.", "Атырау облысы, Мангистауская область"}
	roman := []string{"I", "II", "III", "IV"}
	start := domain.MustDate("2024-01-01")
	dd := func(d domain.Date) string {
		s := d.String()
		return s[8:10] + "." + s[5:7] + "." + s[0:4]
	}
	permits := 0
	for i := range n {
		s := start.AddDays(i % 900)
		end := ""
		if i%4 == 0 {
			end = dd(s.AddDays(365 * 4))
		}
		for j := range 1 + i%4 {
			from := s.AddDays(-10 + 365*j)
			fmt.Fprintf(&w, "%s;%06d;Работник %d;%s;%s;разрешение;%s;Инженер;%s;%s;KZ-%d-%06d-%d;%s;%s;%s\r\n",
				bins[i%benchEmployers], i+1, i+1, countries[i%len(countries)], synth.IIN(uint64(i)), roman[i%4], dd(s), end,
				2024+i%3, i+1, j, regions[i%len(regions)], dd(from), dd(from.AddDays(364)))
			permits++
		}
	}
	out, err := charmap.Windows1251.NewEncoder().Bytes(w.Bytes())
	if err != nil {
		panic(err)
	}
	return out, permits
}

// BenchmarkParseRegister100k imports 100,000 workers of 5 employers and
// their 250,000 permits from one Windows-1251 register whose header row
// tells its kind.
func BenchmarkParseRegister100k(b *testing.B) {
	const n = 100_000
	data, permits := registerFile(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		im := New(Options{})
		if err := im.CSV("реестр.csv", "", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		batch, err := im.Finish()
		if err != nil {
			b.Fatal(err)
		}
		if c := batch.Counts(); c.Workers != n || c.Permits != permits {
			b.Fatalf("counts %+v", c)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "workers/s")
}

// BenchmarkParseDocuments100k imports 20,000 workers of 5 employers and
// 100,000 of their documents, five a worker, as an HR department exports
// them (Russian headers and kinds, DD.MM.YYYY dates), and merges them into
// the employers' records: reading, linking, checking with the records
// validator and Apply.
func BenchmarkParseDocuments100k(b *testing.B) {
	const workers, perWorker = 20_000, 5
	wf, _ := hrFiles(workers)
	var d bytes.Buffer
	d.WriteString("\uFEFFБИН;Табельный номер;Вид документа;Номер документа;Дата выдачи;Срок действия\n")
	kinds := []string{"Паспорт", "Диплом", "Трудовая книжка", "Справка с места работы", "Трудовой договор"}
	for i := range workers {
		for k, kind := range kinds[:perWorker] {
			fmt.Fprintf(&d, "%s;%06d;%s;N%d-%d;%02d.%02d.20%02d;\n", synth.BIN(uint64(i%benchEmployers)), i+1, kind, i, k, 1+i%28, 1+k, 10+k)
		}
	}
	docs := d.Bytes()
	b.SetBytes(int64(len(docs)))
	b.ReportAllocs()
	for b.Loop() {
		im := New(Options{})
		if err := im.CSV("workers.csv", Workers, bytes.NewReader(wf)); err != nil {
			b.Fatal(err)
		}
		if err := im.CSV("documents.csv", Documents, bytes.NewReader(docs)); err != nil {
			b.Fatal(err)
		}
		batch, err := im.Finish()
		if err != nil {
			b.Fatal(err)
		}
		if c := batch.Counts(); c.Documents != workers*perWorker {
			b.Fatalf("counts %+v", c)
		}
		for _, e := range batch.Employers {
			if _, err := batch.Apply(&domain.Records{Employer: domain.Employer{BIN: e.BIN, Size: domain.SizeLarge}}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(workers*perWorker)*float64(b.N)/b.Elapsed().Seconds(), "documents/s")
}
