package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/store"
)

// logoUpload returns a multipart form whose field file holds data.
func logoUpload(t *testing.T, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	p, err := w.CreateFormFile("file", "logo.png")
	if err != nil {
		t.Fatal(err)
	}
	p.Write(data)
	w.Close()
	return &b, w.FormDataContentType()
}

func testLogoPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.NRGBA{R: 0x1f, G: 0x4e, B: 0x79, A: 0xff})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLogoOnTheRecordsTab: an owner uploads a logo on the records tab and
// is sent back to it with a notice; the image is served to readers and the
// letter's letterhead has it; a file that is no image, or too large, is
// refused with a notice in the page's language and changes nothing; a
// viewer sees the logo but no form and may not post; another tenant finds
// nothing; the removal removes it.
func TestLogoOnTheRecordsTab(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	bin := f.binsA[0]
	records := "/employers/" + bin + "/records"
	logo := testLogoPNG(t, 240, 100)

	body, ct := logoUpload(t, logo)
	r := b.send("/employers/"+bin+"/logo", ct, body)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != records+"?logo=saved#logo" {
		t.Fatalf("upload: status %d, Location %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	if page := b.get(records + "?logo=saved"); !strings.Contains(page.body, "Логотип сохранён") || !strings.Contains(page.body, `id="logo-upload"`) ||
		!strings.Contains(page.body, `src="/employers/`+bin+`/logo?v=`) || !strings.Contains(page.body, `id="logo-remove"`) || strings.Contains(page.body, `id="logo-none"`) {
		t.Errorf("the records tab after the upload:\n%s", page.body)
	}
	img := b.get("/employers/" + bin + "/logo")
	if img.status != 200 || img.body != string(logo) || img.header.Get("Content-Type") != "image/png" || img.header.Get("ETag") == "" {
		t.Fatalf("the image: status %d, %v", img.status, img.header)
	}
	if r := b.do("GET", "/employers/"+bin+"/logo", nil, "If-None-Match", img.header.Get("ETag")); r.status != http.StatusNotModified {
		t.Errorf("the image again: status %d", r.status)
	}

	// Refusals: a notice in the page's language, the logo as it was.
	for _, c := range []struct {
		data   []byte
		notice string
		text   string
	}{
		{[]byte("just text, not an image"), "type", "не является изображением"},
		{append(append([]byte{}, logo...), make([]byte, app.MaxLogoSize)...), "too_large", "больше 1 МБ"},
		{make([]byte, app.MaxLogoSize+200<<10), "too_large", "больше 1 МБ"},
		{testLogoPNG(t, 4001, 2), "dimensions", "слишком большое"},
		{logo[:len(logo)/2], "unreadable", "файл повреждён"},
		{nil, "none", "Сначала выберите файл"},
	} {
		body, ct := logoUpload(t, c.data)
		r := b.send("/employers/"+bin+"/logo", ct, body)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != records+"?logo="+c.notice+"#logo" {
			t.Errorf("%s: status %d, Location %q", c.notice, r.status, r.header.Get("Location"))
			continue
		}
		if page := b.get(records + "?logo=" + c.notice); !strings.Contains(page.body, c.text) || !strings.Contains(page.body, `role="alert"`) {
			t.Errorf("%s: the page does not say %q", c.notice, c.text)
		}
	}
	if img := b.get("/employers/" + bin + "/logo"); img.body != string(logo) {
		t.Errorf("the refusals changed the logo")
	}
	b.accept = "kk"
	if page := b.get(records + "?logo=type"); !strings.Contains(page.body, "суреті емес") {
		t.Errorf("the notice in Kazakh")
	}

	// The letter's letterhead: an employer with what a letter needs.
	full := domaintest.Full()
	if err := f.db.ReplaceEmployerRecords(context.Background(), f.tenantA, store.SystemActor, full); err != nil {
		t.Fatal(err)
	}
	body, ct = logoUpload(t, logo)
	if r := b.send("/employers/"+full.Employer.BIN+"/logo", ct, body); r.status != http.StatusSeeOther {
		t.Fatalf("upload: status %d", r.status)
	}
	q := url.Values{"worker": {"w-001"}, "lang": {"ru"}, "format": {"pdf"}, "number": {"01-12/345"}, "executor": {"Сапарова Айгүл"}, "executor_phone": {"+7 700"}}
	got := b.get("/employers/" + full.Employer.BIN + "/documents/letter?" + q.Encode())
	want, err := documents.Make(documents.Input{Records: full, Logo: &documents.Logo{Data: logo, ContentType: "image/png"}},
		documents.Request{Kind: documents.Letter, Format: documents.PDF, Lang: i18n.RU, AsOf: domain.Today(today), Worker: "w-001",
			Number: "01-12/345", Executor: "Сапарова Айгүл", ExecutorPhone: "+7 700"})
	if err != nil {
		t.Fatal(err)
	}
	if got.status != 200 || got.body != string(want.Data) {
		t.Errorf("the letter: status %d, %d bytes, want %d", got.status, len(got.body), len(want.Data))
	}
	// The worker's page offers the letter's form.
	if page := b.get("/employers/" + full.Employer.BIN + "/workers/w-001"); !strings.Contains(page.body, `name="executor_phone"`) {
		t.Errorf("the worker's page has no letter form")
	}

	// A viewer sees the logo, no form, and may not post.
	v := f.browser()
	v.accept = "ru"
	v.login(limitedA, "/")
	if page := v.get(records); !strings.Contains(page.body, `id="logo-image"`) || strings.Contains(page.body, `id="logo-upload"`) || strings.Contains(page.body, `id="logo-remove"`) {
		t.Errorf("the viewer's records tab:\n%s", page.body)
	}
	if img := v.get("/employers/" + bin + "/logo"); img.body != string(logo) {
		t.Errorf("the viewer's image: status %d", img.status)
	}
	body, ct = logoUpload(t, logo)
	if r := v.send("/employers/"+bin+"/logo", ct, body); r.status != http.StatusForbidden {
		t.Errorf("viewer upload: status %d", r.status)
	}
	if r := v.post("/employers/"+bin+"/logo/delete", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("viewer removal: status %d", r.status)
	}

	// Another tenant: not found.
	o := f.browser()
	o.login(ownerB, "/")
	if r := o.get("/employers/" + bin + "/logo"); r.status != http.StatusNotFound {
		t.Errorf("another tenant's image: status %d", r.status)
	}
	body, ct = logoUpload(t, logo)
	if r := o.send("/employers/"+bin+"/logo", ct, body); r.status != http.StatusNotFound {
		t.Errorf("another tenant's upload: status %d", r.status)
	}
	if r := o.post("/employers/"+bin+"/logo/delete", url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("another tenant's removal: status %d", r.status)
	}

	// Removed.
	if r := b.post("/employers/"+bin+"/logo/delete", url.Values{}); r.status != http.StatusSeeOther || r.header.Get("Location") != records+"?logo=removed#logo" {
		t.Errorf("removal: status %d, Location %q", r.status, r.header.Get("Location"))
	}
	if r := b.get("/employers/" + bin + "/logo"); r.status != http.StatusNotFound {
		t.Errorf("the image after the removal: status %d", r.status)
	}
}

// TestBrowserLogo uploads a logo on the records tab in a real browser, on a
// phone in Kazakh and a laptop in Russian: before, the panel says there is
// none; after, it shows the image 76 px high; a
// text file shows the refusal; the worker's letter form opens; every page
// fits the window.
func TestBrowserLogo(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	logoFile, jpegFile, textFile := dir+"/logo.png", dir+"/logo.jpg", dir+"/notes.png"
	if err := os.WriteFile(logoFile, testLogoPNG(t, 480, 200), 0o644); err != nil {
		t.Fatal(err)
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, image.NewGray(image.Rect(0, 0, 300, 100)), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jpegFile, jb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(textFile, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	full := domaintest.Full()
	if err := f.db.ReplaceEmployerRecords(context.Background(), f.tenantA, store.SystemActor, full); err != nil {
		t.Fatal(err)
	}
	// The records tab of a fixture's employer, and the letter's form of
	// the full one's worker.
	records := "/employers/" + f.binsA[0] + "/records"
	bin, emp := f.binsA[0], "/employers/"+full.Employer.BIN
	for _, tc := range []struct {
		name, lang    string
		width, height int64
		refused       string
	}{{"phone-kk", "kk", 390, 844, "суреті емес"}, {"laptop-ru", "ru", 1280, 900, "не является изображением"}} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChrome(t, f, tc.width, tc.height, tc.name)
			c.open("/login")
			c.do("log in", chromedp.WaitVisible(chromedp.ID("email")),
				chromedp.SendKeys(chromedp.ID("email"), ownerA), chromedp.SendKeys(chromedp.ID("password"), password))
			c.submit("#login-submit")
			c.submit(`button[name="lang"][value="` + tc.lang + `"]`)
			if err := f.db.DeleteLogo(context.Background(), f.tenantA, store.SystemActor, bin); err != nil {
				t.Fatal(err)
			}
			c.open(records)
			shown := func(sel string) float64 {
				t.Helper()
				h, err := chromedp.Run(c.ctx, chromedp.Evaluate[float64](`(document.querySelector(`+jsString(sel)+`)?.getBoundingClientRect().height) ?? 0`))
				if err != nil {
					t.Fatalf("height of %s: %v", sel, err)
				}
				return h
			}
			// Without a logo the panel says so, and offers no removal.
			if c.count("#logo-remove") != 0 {
				t.Errorf("the panel offers to remove a logo there is none of")
			}
			for i := 0; shown("#logo-none") == 0; i++ {
				if i == 50 {
					t.Fatalf("without a logo the panel does not say so")
				}
				time.Sleep(100 * time.Millisecond)
			}
			c.shotScreen("logo-none")
			c.do("choose a text file", chromedp.SetUploadFiles(chromedp.CSS("#logo-file"), []string{textFile}))
			c.submit("#logo-upload")
			if s := c.text("#logo-notice"); !strings.Contains(s, tc.refused) {
				t.Errorf("a text file: the notice %q", s)
			}
			c.do("choose the logo", chromedp.SetUploadFiles(chromedp.CSS("#logo-file"), []string{logoFile}))
			c.submit("#logo-upload")
			if loc := c.location(); loc != records+"?logo=saved#logo" {
				t.Errorf("after the upload: %s", loc)
			}
			for i := 0; shown("#logo-image") < 70 && i < 50; i++ {
				time.Sleep(100 * time.Millisecond)
			}
			if h := shown("#logo-image"); h < 70 || h > 80 || shown("#logo-none") != 0 {
				t.Errorf("the logo is %v px high, the fallback %v", h, shown("#logo-none"))
			}
			c.shotScreen("logo-records")
			// A JPEG shows too.
			c.do("choose a JPEG", chromedp.SetUploadFiles(chromedp.CSS("#logo-file"), []string{jpegFile}))
			c.submit("#logo-upload")
			for i := 0; shown("#logo-image") < 70 && i < 50; i++ {
				time.Sleep(100 * time.Millisecond)
			}
			if h := shown("#logo-image"); h < 70 || h > 80 || shown("#logo-none") != 0 {
				t.Errorf("the JPEG logo is %v px high, the fallback %v", h, shown("#logo-none"))
			}
			c.open(emp + "/workers/w-001")
			c.do("open the letter's form", chromedp.Click(chromedp.CSS(".document-form summary")))
			c.fits("the letter's form")
			c.shot("logo-letter-form")
		})
	}
}
