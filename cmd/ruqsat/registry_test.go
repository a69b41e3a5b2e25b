package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportExportEvaluateRoundTrip: a scenario imported into the registry
// and exported again evaluates to exactly the same findings.
func TestImportExportEvaluateRoundTrip(t *testing.T) {
	data := tenantData(t, "Acme Migration")
	example := "../../examples/steppe-drilling.yaml"
	if code, out, errs := run(t, "", "import", "--data", data, "--tenant", "Acme Migration", example); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	code, exported, errs := run(t, "", "export", "--data", data, "--tenant", "Acme Migration", "--employer", "940140000385", "--as-of", "2026-11-20")
	if code != 0 {
		t.Fatalf("export: exit %d %s", code, errs)
	}
	path := filepath.Join(t.TempDir(), "exported.yaml")
	if err := os.WriteFile(path, []byte(exported), 0o644); err != nil {
		t.Fatal(err)
	}
	_, want, _ := run(t, "", "evaluate", "--format", "json", example)
	_, got, errs := run(t, "", "evaluate", "--format", "json", path)
	if got != want || want == "" {
		t.Fatalf("findings differ after import and export (%s)\nexported file:\n%s", errs, exported)
	}
	// Importing the export again changes nothing that evaluation sees.
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "Acme Migration", path); code != 0 {
		t.Fatalf("re-import: %s", errs)
	}
	_, again, _ := run(t, "", "export", "--data", data, "--tenant", "Acme Migration", "--employer", "940140000385", "--as-of", "2026-11-20")
	if again != exported {
		t.Fatalf("export changed after re-import")
	}
}

func TestImportRefusesBadFilesAndStoresNothing(t *testing.T) {
	data := tenantData(t, "T")
	bad := writeFile(t, "bad.yaml", "as_of: 2026-02-30\nemployer: {bin: \"940140000386\", size: small}\n")
	good := "../../examples/steppe-drilling.yaml"
	code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", good, bad)
	if code != 2 || !strings.Contains(errs, "bad.yaml:1:") || !strings.Contains(errs, "nothing was imported") {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if code, _, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "940140000385"); code == 0 {
		t.Fatal("the good file of a failed import was stored")
	}
}

func TestImportCSVMergesIntoRecordedEmployer(t *testing.T) {
	data := tenantData(t, "T")
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "../../examples/steppe-drilling.yaml"); code != 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	workers := filepath.Join(dir, "workers.csv")
	os.WriteFile(workers, []byte("Табельный номер;ФИО;Гражданство;Основание;Категория;Дата приема\nw9;Ivan Petrov;RU;eaeu;;01.10.2026\n"), 0o644)
	code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--dry-run", workers)
	if code != 0 || !strings.Contains(out, "dry run") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if _, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "940140000385"); strings.Contains(exp, "Ivan Petrov") {
		t.Fatal("dry run stored the worker")
	}
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", workers); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	_, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "940140000385")
	if !strings.Contains(exp, "Ivan Petrov") || !strings.Contains(exp, "John Smith") {
		t.Fatalf("merged export:\n%s", exp)
	}
	badCSV := filepath.Join(dir, "permits.csv")
	os.WriteFile(badCSV, []byte("worker,number,regions,from,to\nw1,P-9,KZ-99,2026-01-01,2025-01-01\n"), 0o644)
	code, _, errs = run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", badCSV)
	if code != 2 || !strings.Contains(errs, "permits.csv:2:C (regions): \"KZ-99\" is not a region code") || !strings.Contains(errs, "permits.csv:2:E (to): 2025-01-01 is before from 2026-01-01") {
		t.Fatalf("bad CSV: exit %d\n%s", code, errs)
	}

	// A file valid on its own, whose merge into the recorded worker is not:
	// the recorded end would come before the new start.
	os.WriteFile(workers, []byte("id;basis;citizenship;start;end\nw9;eaeu;RU;01.10.2026;31.10.2026\n"), 0o644)
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", workers); code != 0 {
		t.Fatalf("import with an end: %s", errs)
	}
	os.WriteFile(workers, []byte("id;basis;citizenship;start\nw9;eaeu;RU;01.11.2026\n"), 0o644)
	code, _, errs = run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", workers)
	want := workers + ":2: as recorded, end: 2026-10-31 is before start 2026-11-01; expected a day on or after it\nnothing was imported\n"
	if code != 2 || errs != want {
		t.Fatalf("merge refused by the validator: exit %d\n%s\nwant\n%s", code, errs, want)
	}
	if _, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "940140000385"); !strings.Contains(exp, "start: 2026-10-01") {
		t.Fatalf("the refused merge was stored:\n%s", exp)
	}
}

func TestImportCSVBirthDatesAreExported(t *testing.T) {
	data := tenantData(t, "T")
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "../../examples/steppe-drilling.yaml"); code != 0 {
		t.Fatal(errs)
	}
	workers := filepath.Join(t.TempDir(), "workers.csv")
	os.WriteFile(workers, []byte("Табельный номер;Основание;Категория;Дата приема;Дата рождения\nw1;permit;3;10.01.2026;01.01.1985\n"), 0o644)
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", workers); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	_, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "940140000385")
	if !strings.Contains(exp, "birth_date: 1985-01-01") {
		t.Fatalf("export without the birth date:\n%s", exp)
	}
}

func TestUserAddAndTokenCreate(t *testing.T) {
	data := t.TempDir()
	code, out, errs := run(t, "correct horse battery staple\n", "user", "add", "--data", data, "--tenant", "Acme", "--email", "Owner@Example.kz", "--role", "owner")
	if code != 0 || !strings.Contains(out, "owner@example.kz") {
		t.Fatalf("user add: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := run(t, "short\n", "user", "add", "--data", data, "--tenant", "Acme", "--email", "b@example.kz"); code != 2 || !strings.Contains(errs, "password") {
		t.Fatalf("weak password: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, "correct horse battery staple\n", "user", "add", "--data", data, "--tenant", "Other", "--email", "owner@example.kz"); code != 1 || errs == "" {
		t.Fatalf("duplicate email: exit %d %s", code, errs)
	}
	code, out, errs = run(t, "", "token", "create", "--data", data, "--email", "owner@example.kz")
	if code != 0 || !strings.HasPrefix(out, "rq_") {
		t.Fatalf("token: exit %d %q %s", code, out, errs)
	}
	if code, out, errs := run(t, "another long passphrase\n", "user", "passwd", "--data", data, "--email", "OWNER@example.kz"); code != 0 || !strings.Contains(out, "owner@example.kz") {
		t.Fatalf("user passwd: exit %d %s%s", code, out, errs)
	}
	if code, _, errs := run(t, "x\n", "user", "passwd", "--data", data, "--email", "owner@example.kz"); code != 2 || !strings.Contains(errs, "password") {
		t.Fatalf("weak new password: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, "another long passphrase\n", "user", "passwd", "--data", data, "--email", "nobody@example.kz"); code != 1 || errs == "" {
		t.Fatalf("unknown user: exit %d %s", code, errs)
	}
	if code, _, _ := run(t, "", "user", "remove"); code != 2 {
		t.Fatalf("unknown user subcommand: exit %d, want 2", code)
	}
	if code, out, _ := run(t, "", "migrate", "--data", data); code != 0 || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: %d %s", code, out)
	}
}

func TestBackupIsAUsableDatabase(t *testing.T) {
	data := tenantData(t, "T")
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "../../examples/steppe-drilling.yaml"); code != 0 {
		t.Fatal(errs)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if code, _, errs := run(t, "", "backup", "--data", data, copyPath); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	if code, _, _ := run(t, "", "backup", "--data", data, copyPath); code != 2 {
		t.Fatal("backup overwrote an existing file")
	}
	code, out, errs := run(t, "", "export", "--db", "sqlite:"+copyPath, "--tenant", "T", "--employer", "940140000385")
	if code != 0 || !strings.Contains(out, "Steppe Drilling") {
		t.Fatalf("export from the copy: exit %d %s", code, errs)
	}
}

// TestImportScenarioAndTableOfOneEmployer imports, for an employer already
// recorded, its scenario file and a table of more workers at once: the
// table merges into the file's records (they replace the stored ones), and
// the employer is written once.
func TestImportScenarioAndTableOfOneEmployer(t *testing.T) {
	data := tenantData(t, "T")
	example := "../../examples/steppe-drilling.yaml"
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", example); code != 0 {
		t.Fatal(errs)
	}
	// The file as changed since (the employer renamed), and a table.
	src, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	changed := filepath.Join(dir, "steppe.yaml")
	os.WriteFile(changed, []byte(strings.Replace(string(src), "name: ", "name: Renamed ", 1)), 0o644)
	workers := filepath.Join(dir, "workers.csv")
	os.WriteFile(workers, []byte("Табельный номер;ФИО;Гражданство;Основание;Категория;Дата приема\nw9;Ivan Petrov;RU;eaeu;;01.10.2026\n"), 0o644)
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", changed, workers); code != 0 {
		t.Fatalf("import of the file and the table: %s", errs)
	}
	_, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "940140000385")
	if !strings.Contains(exp, "Ivan Petrov") || !strings.Contains(exp, "John Smith") || !strings.Contains(exp, "Renamed") {
		t.Fatalf("export after the import:\n%s", exp)
	}
}
