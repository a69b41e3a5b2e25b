package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
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
	req, err := http.NewRequest("POST", b.f.srv.URL+path, &body)
	if err != nil {
		b.f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if b.accept != "" {
		req.Header.Set("Accept-Language", b.accept)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(out)}
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
	if r.status != http.StatusUnsupportedMediaType || !strings.Contains(r.body, `id="file-error"`) || !strings.Contains(r.body, "PDF, JPEG или PNG") {
		t.Errorf("a program: status %d", r.status)
	}
	r = b.fileForm(files, "diploma", "D-77", "", nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Выберите файл") {
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
	hist := b.page("/employers/" + bin + "/history")
	if n := strings.Count(hist, "Файл документа работника"); n != 2 {
		t.Errorf("history names %d file changes, want 2 (attached, removed)", n)
	}
}
