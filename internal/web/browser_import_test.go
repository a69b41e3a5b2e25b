package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"

	"github.com/chromedp/chromedp"
)

// TestBrowserImport imports a register in a real browser as a consultant
// would, on a laptop in Russian and on a phone in Kazakh: a Windows-1251
// CSV from Russian Excel with a bad row shows the problem at its row and
// column, and stores nothing; the fixed file shows which column became
// which field, and its commit stores it and leads to the employer with a
// "saved" note. Every page must fit the window.
func TestBrowserImport(t *testing.T) {
	for _, tc := range []struct {
		name, lang    string
		width, height int64
		problem       string // the bad date's message, in the page's language
		field         string // the personnel number column's field
	}{
		{"laptop-ru", "ru", 1366, 900, "несуществующая дата", "Табельный номер"},
		{"phone-kk", "kk", 390, 844, "31.02.2025", "Табель нөмірі"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			bin := f.binsA[3]
			_, v0 := version(t, f, bin)
			dir := t.TempDir()
			bad := filepath.Join(dir, "реестр.csv")
			if err := os.WriteFile(bad, []byte(registerCP1251(t, func(s string) string {
				return strings.Replace(s, "15.01.2025;ALA-2025", "31.02.2025;ALA-2025", 1)
			})), 0o644); err != nil {
				t.Fatal(err)
			}
			good := filepath.Join(dir, "workers.csv")
			if err := os.WriteFile(good, []byte(registerCP1251(t, func(s string) string { return s })), 0o644); err != nil {
				t.Fatal(err)
			}
			c := newChrome(t, f, tc.width, tc.height, tc.name)
			c.open("/login")
			c.do("log in", chromedp.WaitVisible(chromedp.ID("email")),
				chromedp.SendKeys(chromedp.ID("email"), ownerA), chromedp.SendKeys(chromedp.ID("password"), password))
			c.submit("#login-submit")
			c.submit(`button[name="lang"][value="` + tc.lang + `"]`)

			// From the employer's tabs to its import page.
			c.open("/employers/" + bin)
			c.submit("#tab-import")
			if loc := c.location(); loc != "/employers/"+bin+"/import" {
				t.Fatalf("the import tab leads to %s", loc)
			}

			// The bad file: its problem at row 4, column H; nothing stored.
			c.do("choose the bad file", chromedp.SetUploadFiles(chromedp.CSS("#import-files"), []string{bad}))
			c.submit("#import-check")
			if n := c.count("#import-problems tr.problem:not(.warning)"); n != 1 {
				t.Fatalf("the bad file shows %d problems, want 1", n)
			}
			row := c.text("#import-problems tr.problem:not(.warning)")
			for _, want := range []string{"реестр.csv", "4", "H", tc.problem} {
				if !strings.Contains(row, want) {
					t.Errorf("the problem %q lacks %q", row, want)
				}
			}
			if c.count("#import-commit") != 0 {
				t.Error("a file with a problem may be committed")
			}
			c.shot("import-problem")
			if _, v := version(t, f, bin); v != v0 {
				t.Fatal("the dry run stored something")
			}

			// The good file: which column became which field, then commit.
			c.do("choose the good file", chromedp.SetUploadFiles(chromedp.CSS("#import-files"), []string{good}))
			c.submit("#import-check")
			if !strings.Contains(c.text(".import-map"), tc.field) {
				t.Errorf("the preview does not show the field %q", tc.field)
			}
			if c.count("#import-changes tr[data-bin]") != 1 {
				t.Fatal("the preview does not list the employer")
			}
			c.shot("import-preview")
			c.submit("#import-commit")
			if loc := c.location(); loc != "/employers/"+bin+"?saved=1" {
				t.Fatalf("after the commit: %s", loc)
			}
			if c.count(".saved") != 1 {
				t.Error("no saved note after the commit")
			}
			rec, v := version(t, f, bin)
			if v == v0 || !hasWorker(rec, "00117") || !hasWorker(rec, "00121") {
				t.Fatalf("the commit did not store the register (version %d → %d)", v0, v)
			}

			// Workers' documents, monthly figures and contracts with
			// customers, each file told by its header row.
			var files []string
			for _, name := range []string{"workers.csv", "documents.csv", "figures.csv", "contracts.csv"} {
				abs, err := filepath.Abs(filepath.Join("..", "bulk", "testdata", "cases", "valid_records_russian", name))
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, abs)
			}
			c.open("/employers/" + bin + "/import")
			c.do("choose the records' files", chromedp.SetUploadFiles(chromedp.CSS("#import-files"), files))
			c.submit("#import-check")
			if c.count("#import-commit") != 1 {
				t.Fatalf("the records' files cannot be committed: %s", c.text("main"))
			}
			c.shot("import-records")
			c.submit("#import-commit")
			rec, _ = version(t, f, bin)
			months := map[domain.YearMonth]bool{}
			for _, m := range rec.MonthlyFigures {
				months[m.Month] = true
			}
			for m := 1; m <= 4; m++ {
				if !months[domain.NewYearMonth(2026, time.Month(m))] {
					t.Errorf("after the commit no figures of 2026-%02d", m)
				}
			}
			if n := len(rec.QuotaContracts); n < 3 {
				t.Errorf("after the commit: %d contracts", n)
			}
		})
	}
}
