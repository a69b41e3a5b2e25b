package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/store"
)

// fullScenario writes domaintest.Full as a scenario file dated asOf.
func fullScenario(t *testing.T, asOf domain.Date, edit func(*domain.Records)) string {
	t.Helper()
	rec := domaintest.Full()
	if edit != nil {
		edit(rec)
	}
	var b bytes.Buffer
	if err := scenario.Encode(&b, &scenario.File{AsOf: asOf, Records: *rec}); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "steppe.yaml", b.String())
}

// TestDocMakesWhatDocumentsMakes: `ruqsat doc` writes, to standard output
// or --out, the bytes documents.Make gives for the file's records, with
// the file's as_of as the document's date.
func TestDocMakesWhatDocumentsMakes(t *testing.T) {
	asOf := domain.MustDate("2025-03-10")
	file := fullScenario(t, asOf, nil)
	want, err := documents.Make(documents.Input{Records: domaintest.Full()}, documents.Request{Kind: documents.Letter, Format: documents.PDF,
		Lang: i18n.KK, AsOf: asOf, Worker: "w-001", Number: "01-12/345"})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "", "doc", "letter", "--worker", "w-001", "--lang", "kk", "--format", "pdf", "--number", "01-12/345", file)
	if code != 0 || out != string(want.Data) {
		t.Fatalf("exit %d, %d bytes, want %d; %s", code, len(out), len(want.Data), errs)
	}
	// The default format of each kind, to a file.
	for kind, magic := range map[string]string{"letter": "PK", "checklist": "%PDF", "monthly-report": "PK", "quota-application": "PK", "compliance": "%PDF"} {
		dst := filepath.Join(t.TempDir(), "out")
		code, out, errs := run(t, "", "doc", kind, "--worker", "w-001", "--month", "2025-02", "--region", "KZ-23", "--year", "2026", "--out", dst, file)
		data, _ := os.ReadFile(dst)
		if code != 0 || out != "" || !bytes.HasPrefix(data, []byte(magic)) {
			t.Errorf("%s: exit %d, stdout %q, file %.8q; %s", kind, code, out, data, errs)
		}
	}
}

// TestDocRefuses: an unknown kind, format or worker, and records without a
// field the document needs, exit 2 with a message that names what is
// wrong (the missing fields at their paths), in the run's language.
func TestDocRefuses(t *testing.T) {
	file := fullScenario(t, domain.MustDate("2025-03-10"), func(r *domain.Records) {
		r.Employer.Director = domain.Director{}
		r.Workers[0].Passport = nil
	})
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"doc", "visa", file}, []string{`unknown document "visa"; expected one of letter, checklist, monthly-report, quota-application, compliance`}},
		{[]string{"doc", "quota-application", "--region", "KZ-23", file}, []string{"a quota application is for one region and year; expected both"}},
		{[]string{"doc", "letter", "--format", "xlsx", "--worker", "w-001", file}, []string{`a letter is not made as "xlsx"; expected docx, pdf`}},
		{[]string{"doc", "letter", "--worker", "w-9", file}, []string{`employer 940140000385 has no worker "w-9"`}},
		{[]string{"doc", "letter", "--worker", "w-001", file}, []string{"employer.director.name: name is missing; expected the director's full name", "employer.director.position:",
			"workers[0].passport.number: number is missing; expected the passport number"}},
		{[]string{"doc", "letter", "--worker", "w-001", "--lang", "ru", file}, []string{"workers[0].passport.number: значение не указано; ожидается номер паспорта"}},
		{[]string{"doc", "monthly-report", "--month", "2024-07", file}, []string{"monthly_figures: monthly_figures is missing"}},
		{[]string{"doc", "monthly-report", "--month", "July", file}, []string{`--month «July»: expected a month YYYY-MM`}},
		{[]string{"doc", "letter"}, []string{"give the document's kind and a scenario file"}},
	} {
		code, out, errs := run(t, "", c.args...)
		if code != 2 || out != "" {
			t.Errorf("%v: exit %d, stdout %q", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: want %q in\n%s", c.args, w, errs)
			}
		}
	}
}

// TestDocFromTheRegistry: --employer with --tenant makes the document of
// the stored records, the same bytes as from the file they were imported
// from; an unknown employer exits non-zero with the store's message.
func TestDocFromTheRegistry(t *testing.T) {
	asOf := domain.MustDate("2025-03-10")
	file := fullScenario(t, asOf, nil)
	data := tenantData(t, "T")
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", file); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	args := []string{"compliance", "--lang", "ru", "--format", "xlsx", "--as-of", "2025-03-10"}
	code, fromDB, errs := run(t, "", append(append([]string{"doc"}, args...), "--data", data, "--tenant", "T", "--employer", "940140000385")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	_, fromFile, _ := run(t, "", append(append([]string{"doc"}, args...), file)...)
	if fromDB != fromFile || len(fromDB) < 1000 {
		t.Errorf("the stored records give %d bytes, the file %d", len(fromDB), len(fromFile))
	}
	if code, _, errs := run(t, "", "doc", "compliance", "--data", data, "--tenant", "T", "--employer", "990140004654"); code == 0 || !strings.Contains(errs, "990140004654") {
		t.Errorf("unknown employer: exit %d: %s", code, errs)
	}
}

// TestDocLogoAndExecutor: --logo puts a file on the letter's letterhead,
// and with --employer the employer's stored logo is used; --executor and
// --executor-phone make the executor mark; a file that is no PNG or JPEG
// exits 2 and makes nothing. The bytes are documents.Make's.
func TestDocLogoAndExecutor(t *testing.T) {
	asOf := domain.MustDate("2025-03-10")
	file := fullScenario(t, asOf, nil)
	logoData, err := os.ReadFile(filepath.Join("..", "..", "internal", "documents", "testdata", "logo.png"))
	if err != nil {
		t.Fatal(err)
	}
	logo := writeFile(t, "logo.png", string(logoData))
	req := documents.Request{Kind: documents.Letter, Format: documents.PDF, Lang: i18n.RU, AsOf: asOf, Worker: "w-001",
		Executor: "Сапарова Айгүл", ExecutorPhone: "+7 7122 30-45-67"}
	want, err := documents.Make(documents.Input{Records: domaintest.Full(), Logo: &documents.Logo{Data: logoData, ContentType: "image/png"}}, req)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"doc", "letter", "--worker", "w-001", "--lang", "ru", "--format", "pdf", "--executor", "Сапарова Айгүл", "--executor-phone", "+7 7122 30-45-67"}
	code, out, errs := run(t, "", append(append(slices.Clone(args), "--logo", logo), file)...)
	if code != 0 || out != string(want.Data) {
		t.Fatalf("--logo: exit %d, %d bytes, want %d; %s", code, len(out), len(want.Data), errs)
	}

	// From the registry: the stored logo.
	data := tenantData(t, "T")
	if code, _, errs := run(t, "", "import", "--data", data, "--tenant", "T", file); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	db, err := store.Open(context.Background(), "sqlite:"+filepath.Join(data, "ruqsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	tn, err := db.TenantByName(context.Background(), "T")
	if err == nil {
		_, err = db.PutLogo(context.Background(), tn.ID, store.SystemActor, "940140000385", "image/png", logoData)
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, "", append(slices.Clone(args), "--data", data, "--tenant", "T", "--employer", "940140000385", "--as-of", "2025-03-10")...)
	if code != 0 || out != string(want.Data) {
		t.Fatalf("stored logo: exit %d, %d bytes, want %d; %s", code, len(out), len(want.Data), errs)
	}

	// Not an image: exit 2, in the run's language, nothing written.
	text := writeFile(t, "logo.txt", "not an image at all")
	dst := filepath.Join(t.TempDir(), "letter.pdf")
	code, _, errs = run(t, "", "doc", "letter", "--worker", "w-001", "--lang", "ru", "--logo", text, "--out", dst, file)
	if _, err := os.Stat(dst); code != 2 || !strings.Contains(errs, "логотипом может быть только") || err == nil {
		t.Errorf("a text file as the logo: exit %d, %s, file: %v", code, errs, err)
	}
	code, _, errs = run(t, "", "doc", "letter", "--worker", "w-001", "--executor-phone", "+7 700", file)
	if code != 2 {
		t.Errorf("a phone without an executor: exit %d, %s", code, errs)
	}
}
