package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportInRussian: with --lang ru (or RUQSAT_LANG) the records
// validator's problems of an import are told in that language, at their
// file, row and column; English stays the default.
func TestImportInRussian(t *testing.T) {
	data := tenantData(t, "T")
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "../../examples/steppe-drilling.yaml"); code != 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	permits := filepath.Join(dir, "permits.csv")
	os.WriteFile(permits, []byte("worker,number,regions,from,to\nw1,P-9,KZ-75,2026-01-01,2025-01-01\n"), 0o644)
	code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--lang", "ru", permits)
	if code != 2 || !strings.Contains(errs, "permits.csv:2:E (to): ") || !strings.Contains(errs, "01.01.2025 раньше") || strings.Contains(errs, "is before") || !strings.HasSuffix(errs, "\nничего не импортировано\n") {
		t.Fatalf("--lang ru: exit %d\n%s", code, errs)
	}
	dup := filepath.Join(dir, "dup.csv")
	os.WriteFile(dup, []byte("worker,number,regions,from,to\nw1,P-9,KZ-75,2026-01-01,2026-12-31\nw1,P-9,KZ-75,2026-01-01,2026-12-31\n"), 0o644)
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--lang", "ru", dup); code != 2 || !strings.Contains(errs, "dup.csv:3:B (number): разрешение «P-9» уже указано в строке 2; ") {
		t.Errorf("a permit twice: exit %d\n%s", code, errs)
	}
	trips := filepath.Join(dir, "trips.csv")
	os.WriteFile(trips, []byte("worker,region,from,to\nw1,KZ-23,2026-03-01,2026-03-05\nw1,KZ-23,2026-03-01,2026-03-05\n,KZ-23,2026-04-01,2026-04-02\n"), 0o644)
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--lang", "ru", trips); code != 2 ||
		!strings.Contains(errs, "trips.csv:3:C (from): командировка работника «w1» в KZ-23 с 01.03.2026 уже указана в строке 2; ") ||
		!strings.Contains(errs, "trips.csv:4:A (worker): значение не указано; ожидается табельный номер работника") {
		t.Errorf("a trip twice, a trip of no worker: exit %d\n%s", code, errs)
	}
	code, _, en := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", permits)
	if code != 2 || !strings.Contains(en, "permits.csv:2:E (to): 2025-01-01 is before from 2026-01-01") {
		t.Fatalf("English: exit %d\n%s", code, en)
	}

	// A merge the validator refuses: the recorded end before the new start.
	workers := filepath.Join(dir, "workers.csv")
	os.WriteFile(workers, []byte("id;basis;citizenship;start;end\nw9;eaeu;RU;01.10.2026;31.10.2026\n"), 0o644)
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", workers); code != 0 {
		t.Fatalf("import with an end: %s", errs)
	}
	os.WriteFile(workers, []byte("id;basis;citizenship;start\nw9;eaeu;RU;01.11.2026\n"), 0o644)
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Now:    func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) },
		Getenv: func(k string) string { return map[string]string{"RUQSAT_LANG": "ru"}[k] }}
	code = m.Run(context.Background(), []string{"import", "--data", data, "--tenant", "T", "--bin", "940140000385", workers})
	if errs := errb.String(); code != 2 || !strings.HasPrefix(errs, workers+":2: в сохраненных записях, end: ") || strings.Contains(errs, "is before") {
		t.Fatalf("RUQSAT_LANG=ru, merge refused: exit %d\n%s", code, errs)
	}
}

// TestImportSyntaxInRussian: the import's own problems with a file (an
// unknown column, a cell that is no date, country, region, basis,
// category, employer's size or the import's employer) are told in Russian with
// --lang ru.
func TestImportSyntaxInRussian(t *testing.T) {
	data := tenantData(t, "T")
	workers := writeFile(t, "workers.csv", "id;name;citizenship;basis;start;shoe size\nw1;Ли Вэй;Марс;eaeu;31.02.2026;42\n")
	code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--size", "small", "--lang", "ru", workers)
	for _, want := range []string{
		workers + ":1:F (shoe size): предупреждение: неизвестный столбец «shoe size» не читается; ожидается один из столбцов файла (работники): ",
		workers + ":2:C (citizenship): «Марс» — не страна; ",
		workers + ":2:E (start): «31.02.2026» — несуществующая дата; ",
		"ничего не импортировано",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("lacks %q", want)
		}
	}
	permits := writeFile(t, "permits.csv", "worker,number,regions,from,to\nw1,P-9,Атырауская облость,2026-01-01,2026-12-31\n")
	code2, _, errs2 := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--lang", "ru", permits)
	if !strings.Contains(errs2, ":2:C (regions): «Атырауская облость» — не регион; ") || strings.Contains(errs2, "is not a region") || !strings.Contains(errs2, ":2:A (worker): работник «w1» не указан для работодателя 940140000385; ") {
		t.Errorf("region: %s", errs2)
	}
	register := writeFile(t, "register.csv", "БИН;Табельный номер;ФИО;Гражданство;Основание;Категория;Размер;Дата приема\n990140004654;w1;Ли Вэй;CN;виза;пятая;гигантское;01.02.2026\n")
	code3, _, errs3 := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--lang", "ru", register)
	for _, want := range []string{"БИН 990140004654 — не работодатель этого импорта; ожидается 940140000385 или пустая ячейка", "«виза» — не основание привлечения; ", "«пятая» — не категория работника; "} {
		if !strings.Contains(errs3, want) {
			t.Errorf("register: lacks %q", want)
		}
	}
	empty := writeFile(t, "empty.csv", "\n")
	noHeader := writeFile(t, "list.csv", "a;b;c\n1;2;3\n")
	headerOnly := writeFile(t, "workers.csv", "Табельный номер;ФИО;Гражданство;Основание;Дата приема\n")
	code4, _, errs4 := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--lang", "kk", empty, noHeader, headerOnly)
	for _, want := range []string{empty + ": файл бос; ", noHeader + ": алғашқы 10 жолдың ешқайсысы ", headerOnly + ": ескерту: файлда тақырыптан төмен жолдар жоқ; әр жазбаға бір жол күтіледі (жұмыскерлер)"} {
		if !strings.Contains(errs4, want) {
			t.Errorf("kk, files: lacks %q\n%s", want, errs4)
		}
	}
	if code4 != 2 {
		t.Errorf("kk, files: exit %d", code4)
	}
	twice := writeFile(t, "twice.csv", "id;Табельный номер;name\nw1;w1;Ли Вэй\n")
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--lang", "ru", twice); code != 2 ||
		!strings.Contains(errs, twice+":1:B (Табельный номер): этот столбец и столбец A (id) — оба id; ") ||
		!strings.Contains(errs, ": нет столбца БИН, и работодатель для импорта не указан; ") {
		t.Errorf("two columns of one field, no BIN: exit %d\n%s", code, errs)
	}
	sizes := writeFile(t, "sizes.csv", strings.ReplaceAll(kazakhRegister, ";шағын;", ";алып;"))
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--lang", "ru", sizes); code != 2 || !strings.Contains(errs, "«алып» — не размер работодателя; ") {
		t.Errorf("size: exit %d\n%s", code, errs)
	}
	if code != 2 || code2 != 2 || code3 != 2 || t.Failed() {
		t.Fatalf("exit %d, %d, %d\n%s\n%s\n%s", code, code2, code3, errs, errs2, errs3)
	}
}
