package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	neturl "net/url"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
	"github.com/ruqsat/ruqsat/internal/store"
)

// logoForm returns a multipart body whose field file holds data, and its
// content type.
func logoForm(t testing.TB, partType string, data []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := map[string][]string{"Content-Disposition": {`form-data; name="file"; filename="logo.png"`}, "Content-Type": {partType}}
	p, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	p.Write(data)
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

func logoPNG(t testing.TB, w, h int) []byte {
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

// TestLogo: an editor puts a PNG (200 with its SHA-256, whatever type the
// part names), a viewer downloads it (its type, ETag, 304 for the same
// ETag) and the letter shows it; a text file is 415, over 1 MB 413, an
// image too large 400, a viewer's upload 403, another tenant 404; DELETE
// is 204 and the logo is gone.
func TestLogo(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		url := "/api/v1/employers/" + f.binA + "/logo"
		put := func(token string, data []byte, query string) response {
			body, ct := logoForm(t, "application/octet-stream", data)
			return f.do("PUT", url+query, token, body, "Content-Type", ct)
		}
		logo := logoPNG(t, 300, 120)
		r := put(f.tokenA, logo, "")
		sum := sha256.Sum256(logo)
		if r.status != 200 || !bytes.Contains(r.body, []byte(`"content_type":"image/png"`)) || !bytes.Contains(r.body, []byte(hex.EncodeToString(sum[:]))) {
			t.Fatalf("put: status %d: %s", r.status, r.body)
		}
		g := f.do("GET", url, f.viewA, nil)
		etag := `"` + hex.EncodeToString(sum[:]) + `"`
		if g.status != 200 || !bytes.Equal(g.body, logo) || g.header.Get("Content-Type") != "image/png" || g.header.Get("ETag") != etag ||
			g.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("get: status %d, %v", g.status, g.header)
		}
		if r := f.do("GET", url, f.viewA, nil, "If-None-Match", etag); r.status != 304 || len(r.body) != 0 {
			t.Errorf("get with the ETag: status %d, %d bytes", r.status, len(r.body))
		}
		// The letter of an employer with everything a letter needs has the
		// logo on its letterhead; another employer's letter has none.
		ctx := context.Background()
		owner, err := f.db.UserByEmail(ctx, "a-owner@example.com")
		if err != nil {
			t.Fatal(err)
		}
		full := domaintest.Full()
		if err := f.db.ReplaceEmployerRecords(ctx, owner.TenantID, store.SystemActor, full); err != nil {
			t.Fatal(err)
		}
		fullURL := "/api/v1/employers/" + full.Employer.BIN
		if r := f.do("PUT", fullURL+"/logo", f.tokenA, nil); r.status != 400 {
			t.Errorf("put without a body: status %d", r.status)
		}
		body, ct := logoForm(t, "image/png", logo)
		if r := f.do("PUT", fullURL+"/logo", f.tokenA, body, "Content-Type", ct); r.status != 200 {
			t.Fatalf("put on the full employer: status %d: %s", r.status, r.body)
		}
		letter := fullURL + "/documents/letter?format=pdf&lang=ru&worker=w-001&executor=" + neturl.QueryEscape("Сапарова Айгүл") + "&executor_phone=%2B7+700"
		if r := f.do("GET", letter, f.viewA, nil); r.status != 200 || !bytes.Contains(r.body, []byte("/Subtype /Image")) {
			t.Errorf("the letter: status %d, has an image: %v", r.status, bytes.Contains(r.body, []byte("/Subtype /Image")))
		}
		if r := f.do("DELETE", fullURL+"/logo", f.tokenA, nil); r.status != 204 {
			t.Errorf("delete: status %d", r.status)
		}
		if r := f.do("GET", letter, f.viewA, nil); r.status != 200 || bytes.Contains(r.body, []byte("/Subtype /Image")) {
			t.Errorf("the letter without a logo: status %d", r.status)
		}
		if r := f.do("GET", fullURL+"/documents/letter?worker=w-001&executor="+strings.Repeat("a", 101), f.tokenA, nil); r.status != 422 {
			t.Errorf("a long executor: status %d: %.200s", r.status, r.body)
		}
		if r := f.do("GET", fullURL+"/documents/letter?worker=w-001&executor_phone=1", f.tokenA, nil); r.status != 400 {
			t.Errorf("a phone without an executor: status %d: %.200s", r.status, r.body)
		}

		// Refused files leave it as it was.
		if r := put(f.tokenA, []byte("this is only text, not an image"), "?lang=ru"); r.status != 415 || !strings.Contains(string(r.body), "логотипом может быть только") {
			t.Errorf("text: status %d: %s", r.status, r.body)
		}
		big := append(append([]byte{}, logo...), make([]byte, app.MaxLogoSize)...)
		if r := put(f.tokenA, big, ""); r.status != 413 {
			t.Errorf("over 1 MB: status %d: %.300s", r.status, r.body)
		}
		if r := put(f.tokenA, make([]byte, app.MaxLogoSize+256<<10), ""); r.status != 413 {
			t.Errorf("over the body limit: status %d: %.300s", r.status, r.body)
		}
		if r := put(f.tokenA, logoPNG(t, 4001, 2), ""); r.status != 400 {
			t.Errorf("4001 px: status %d: %s", r.status, r.body)
		}
		if r := f.do("PUT", url, f.tokenA, []byte(`{"file":"x"}`)); r.status != 400 {
			t.Errorf("JSON body: status %d: %s", r.status, r.body)
		}
		if g := f.do("GET", url, f.tokenA, nil); !bytes.Equal(g.body, logo) {
			t.Errorf("after the refusals the logo changed")
		}

		// A viewer may not; another tenant finds nothing.
		if r := put(f.viewA, logo, ""); r.status != 403 {
			t.Errorf("viewer put: status %d", r.status)
		}
		if r := f.do("DELETE", url, f.viewA, nil); r.status != 403 {
			t.Errorf("viewer delete: status %d", r.status)
		}
		for _, m := range []string{"GET", "DELETE"} {
			if r := f.do(m, url, f.tokenB, nil); r.status != 404 {
				t.Errorf("other tenant %s: status %d", m, r.status)
			}
		}
		if r := put(f.tokenB, logo, ""); r.status != 404 {
			t.Errorf("other tenant put: status %d", r.status)
		}

		if r := f.do("DELETE", url, f.tokenA, nil); r.status != 204 {
			t.Errorf("delete: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", url, f.tokenA, nil); r.status != 404 {
			t.Errorf("after delete: status %d", r.status)
		}
		if r := f.do("DELETE", url, f.tokenA, nil); r.status != 204 {
			t.Errorf("delete again: status %d", r.status)
		}
	})
}
