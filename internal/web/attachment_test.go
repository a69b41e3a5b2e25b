package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
	"github.com/ruqsat/ruqsat/internal/store"
)

// fileForm posts a file to a worker's document as the worker page's form
// does: the fields kind and number, and the file.
func (b *browser) fileForm(path, kind, number, name string, data []byte) response {
	b.f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", kind)
	mw.WriteField("number", number)
	w, err := mw.CreateFormFile("file", name)
	if err != nil {
		b.f.t.Fatal(err)
	}
	w.Write(data)
	mw.Close()
	return b.send(path, mw.FormDataContentType(), &body)
}

var fileLinkRE = regexp.MustCompile(`href="(/employers/[0-9]+/workers/[^"]+/files/[0-9]+)"`)

// TestWorkerFiles: on a worker's page an editor attaches a scan to a
// document, downloads it, sees a refused file said in the page's language,
// and removes it; the history names each change; a viewer downloads only;
// another tenant finds nothing.
func TestWorkerFiles(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	bin := f.binsA[0]
	var worker string
	_, version, err := f.db.EmployerRecords(ctx, f.tenantA, bin)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.db.EditEmployerRecords(ctx, f.tenantA, store.SystemActor, bin, version, func(rec *domain.Records) error {
		w := &rec.Workers[0]
		worker = w.ID
		w.Documents = append(w.Documents, domain.WorkerDocument{Kind: domain.DocDiploma, Number: "D-77"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page := "/employers/" + bin + "/workers/" + url.PathEscape(worker)
	files := page + "/files"
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 3000)...)

	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	body := b.page(page)
	if !strings.Contains(body, `action="`+files+`"`) || !strings.Contains(body, "Нет файла") {
		t.Fatalf("the worker's page has no upload form for the diploma")
	}

	r := b.fileForm(files, "diploma", "D-77", "диплом.pdf", pdf)
	wantRedirect(t, "upload", r, page+"?saved=1#documents")
	body = b.page(page)
	m := fileLinkRE.FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "PDF, 3 КБ") || !strings.Contains(body, "Заменить") {
		t.Fatalf("after the upload the page shows no file link")
	}
	d := b.get(m[1])
	if d.status != 200 || d.body != string(pdf) || d.header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(d.header.Get("Content-Disposition"), "attachment;") || d.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: status %d, %v", d.status, d.header)
	}

	// A program is refused, in the page's language, and nothing changes.
	r = b.fileForm(files, "diploma", "D-77", "scan.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00 a program"))
	if r.status != http.StatusUnsupportedMediaType || !regexp.MustCompile(`id="file-error">[^<]*«PNG»`).MatchString(r.body) {
		t.Errorf("a program: status %d", r.status)
	}
	r = b.fileForm(files, "diploma", "D-77", "", nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="file-error">Выберите файл`) {
		t.Errorf("no file: status %d", r.status)
	}
	if d := b.get(m[1]); d.body != string(pdf) {
		t.Errorf("a refused upload changed the file")
	}
	// A document the worker does not have: not found.
	if r := b.fileForm(files, "passport", "NONE", "scan.pdf", pdf); r.status != http.StatusNotFound {
		t.Errorf("no such document: status %d", r.status)
	}

	// A viewer of the employer downloads and has no forms; posting is
	// forbidden. Another tenant finds nothing.
	v := f.browser()
	v.login(limitedA, "/")
	body = v.page(page)
	if strings.Contains(body, `action="`+files+`"`) || !strings.Contains(body, m[1]) {
		t.Errorf("the viewer's page: forms shown or link missing")
	}
	if d := v.get(m[1]); d.status != 200 {
		t.Errorf("viewer download: status %d", d.status)
	}
	if r := v.fileForm(files, "diploma", "D-77", "scan.pdf", pdf); r.status != http.StatusForbidden {
		t.Errorf("viewer upload: status %d", r.status)
	}
	o := f.browser()
	o.login(ownerB, "/")
	if d := o.get(m[1]); d.status != http.StatusNotFound {
		t.Errorf("another tenant's download: status %d", d.status)
	}

	// Remove: the document stays, its file goes; the history says both.
	r = b.post(m[1]+"/delete", url.Values{})
	wantRedirect(t, "remove", r, page+"?saved=1#documents")
	body = b.page(page)
	if fileLinkRE.MatchString(body) || !strings.Contains(body, "D-77") {
		t.Errorf("after removing the file: link still there or document gone")
	}
	if d := b.get(m[1]); d.status != http.StatusNotFound {
		t.Errorf("download after removal: status %d", d.status)
	}
	// The letterhead's logo is the employer's too.
	if _, err := f.db.PutLogo(ctx, f.tenantA, store.SystemActor, bin, "image/png", []byte("\x89PNG\r\n\x1a\n")); err != nil {
		t.Fatal(err)
	}
	hist := b.page("/employers/" + bin + "/history")
	if n := strings.Count(hist, "Файл документа работника"); n != 2 {
		t.Errorf("history names %d file changes, want 2 (attached, removed)", n)
	}
	if !strings.Contains(hist, "Логотип на бланке: PNG, 1 КБ") {
		t.Errorf("history does not name the logo's upload")
	}
	// The viewer limited to the employer reads the same history.
	v.accept = "en"
	if hist := v.page("/employers/" + bin + "/history"); !strings.Contains(hist, "Letterhead logo: PNG, 1 KB") {
		t.Errorf("the limited viewer's history lacks the logo's entry")
	}
}

// TestBrowserWorkerFiles attaches a scan to a worker's document in a real
// browser (the file input, no script), at 1366 px in Russian and 390 px in
// Kazakh: the link appears, a refused file is said by the documents, and
// no page scrolls sideways.
func TestBrowserWorkerFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walks run in the plain pass, not with -short")
	}
	f := newFixture(t)
	ctx := context.Background()
	bin := f.binsA[1]
	_, version, err := f.db.EmployerRecords(ctx, f.tenantA, bin)
	if err != nil {
		t.Fatal(err)
	}
	var worker string
	_, err = f.db.EditEmployerRecords(ctx, f.tenantA, store.SystemActor, bin, version, func(rec *domain.Records) error {
		w := &rec.Workers[0]
		worker = w.ID
		w.Documents = append(w.Documents,
			domain.WorkerDocument{Kind: domain.DocPassport, Number: "N1234567", Issued: domain.MustDate("2021-03-01"), Expires: domain.MustDate("2031-02-28")},
			domain.WorkerDocument{Kind: domain.DocDiploma, Number: "ДВС 0456123", Issued: domain.MustDate("2012-06-30")})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	scan := dir + "/passport.pdf"
	if err := os.WriteFile(scan, append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 150_000)...), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := dir + "/scan.pdf"
	if err := os.WriteFile(fake, []byte("<html><script>alert(1)</script>"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, lang, linkText, refused string
		width, height                 int64
	}{
		{"laptop-ru", "ru", "PDF, 146 КБ", "«PNG»", 1366, 900},
		{"phone-kk", "kk", "PDF, 146 КБ", "«PNG»", 390, 844},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChrome(t, f, tc.width, tc.height, tc.name)
			c.open("/login")
			c.do("log in", chromedp.WaitVisible(chromedp.ID("email")),
				chromedp.SendKeys(chromedp.ID("email"), ownerA), chromedp.SendKeys(chromedp.ID("password"), password))
			c.submit("#login-submit")
			c.submit(`button[name="lang"][value="` + tc.lang + `"]`)
			c.open("/employers/" + bin + "/workers/" + url.PathEscape(worker) + "#documents")
			row := `tr.doc-row[data-kind="passport"]`
			c.do("choose the scan", chromedp.SetUploadFiles(chromedp.CSS(row+` input[type=file]`), []string{scan}))
			c.submit(row + ` form.attach button`)
			if got := c.text(row + ` a.file-link`); got != tc.linkText {
				t.Errorf("the passport's file link reads %q, want %q", got, tc.linkText)
			}
			c.capture("worker-files", chromedp.Screenshot(chromedp.CSS("#documents")))
			// An HTML page named .pdf is refused, and said by the documents.
			diploma := `tr.doc-row[data-kind="diploma"]`
			c.do("choose the fake", chromedp.SetUploadFiles(chromedp.CSS(diploma+` input[type=file]`), []string{fake}))
			c.submit(diploma + ` form.attach button`)
			if got := c.text("#file-error"); !strings.Contains(got, tc.refused) {
				t.Errorf("the refusal reads %q, want it to name %q", got, tc.refused)
			}
			if n := c.count(diploma + ` a.file-link`); n != 0 {
				t.Errorf("the refused file was attached")
			}
			// Remove it again for the next language.
			c.submit(row + ` form.inline button`)
			if n := c.count(row + ` a.file-link`); n != 0 {
				t.Errorf("the removed file is still linked")
			}
		})
	}
}

// TestPagesFitALaptop opens the pages of an employer whose records hold
// every kind of record (domaintest.Full: long Russian and Kazakh headings,
// documents with files) at 1280 px in each language: none scrolls
// sideways.
func TestPagesFitALaptop(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walks run in the plain pass, not with -short")
	}
	f := newFixture(t)
	full := domaintest.Full()
	if err := f.db.ReplaceEmployerRecords(context.Background(), f.tenantA, store.SystemActor, full); err != nil {
		t.Fatal(err)
	}
	w := full.Workers[0]
	if _, err := f.db.PutAttachment(context.Background(), f.tenantA, store.SystemActor, full.Employer.BIN, w.ID,
		string(w.Documents[0].Kind), w.Documents[0].Number, "application/pdf", []byte("%PDF-1.7\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
	c := newChrome(t, f, 1280, 800, "laptop")
	c.open("/login")
	c.do("log in", chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), ownerA), chromedp.SendKeys(chromedp.ID("password"), password))
	c.submit("#login-submit")
	emp := "/employers/" + full.Employer.BIN
	for _, lang := range []string{"kk", "ru", "en"} {
		c.submit(`button[name="lang"][value="` + lang + `"]`)
		for _, p := range []string{emp, emp + "?done=all", emp + "/workers", emp + "/workers/" + url.PathEscape(w.ID), emp + "/records", emp + "/history"} {
			c.open(p)
		}
	}
}
