package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"mime/multipart"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// withDocument gives the first worker of tenant A's employer a passport
// on file and returns the worker's id.
func withDocument(t *testing.T, f *fixture) string {
	t.Helper()
	ctx := context.Background()
	owner, err := f.db.UserByEmail(ctx, "a-owner@example.com")
	if err != nil {
		t.Fatal(err)
	}
	rec, _, err := f.db.EmployerRecords(ctx, owner.TenantID, f.binA)
	if err != nil {
		t.Fatal(err)
	}
	rec.Workers[0].Documents = append(rec.Workers[0].Documents, domain.WorkerDocument{Kind: domain.DocPassport, Number: "E1234567"})
	if err := f.db.ReplaceEmployerRecords(ctx, owner.TenantID, store.SystemActor, rec); err != nil {
		t.Fatal(err)
	}
	return rec.Workers[0].ID
}

// uploadForm returns a multipart body with the fields and the file, and
// its content type.
func uploadForm(t testing.TB, kind, number, fileName, partType string, data []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("kind", kind)
	w.WriteField("number", number)
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + fileName + `"`}
	h["Content-Type"] = []string{partType}
	p, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	p.Write(data)
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

var (
	testPDF = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	testPNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	testEXE = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 64)...)
)

func TestAttachments(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		worker := withDocument(t, f)
		base := "/api/v1/employers/" + f.binA + "/workers/" + worker + "/documents"
		upload := func(token string, data []byte, partType string) response {
			body, ct := uploadForm(t, "passport", "E1234567", "scan.pdf", partType, data)
			return f.do("POST", base, token, body, "Content-Type", ct)
		}

		// A PDF: 201 with its SHA-256, size and sniffed type; the download
		// gives the bytes back.
		r := upload(f.tokenA, testPDF, "application/octet-stream")
		if r.status != 201 {
			t.Fatalf("upload PDF: status %d: %s", r.status, r.body)
		}
		var got struct {
			ID          int64
			ContentType string `json:"content_type"`
			Size        int64
			SHA256      string
		}
		if err := json.Unmarshal(r.body, &got); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(testPDF)
		if got.ContentType != "application/pdf" || got.Size != int64(len(testPDF)) || got.SHA256 != hex.EncodeToString(sum[:]) || got.ID == 0 {
			t.Errorf("upload PDF: %s", r.body)
		}
		url := base + "/" + strconv.FormatInt(got.ID, 10)
		if loc := r.header.Get("Location"); loc != url {
			t.Errorf("Location %q, want %q", loc, url)
		}
		// A viewer may download.
		d := f.do("GET", url, f.viewA, nil)
		if d.status != 200 || !bytes.Equal(d.body, testPDF) {
			t.Fatalf("download: status %d: %q", d.status, d.body)
		}
		if ct := d.header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("download: Content-Type %q", ct)
		}
		if ns := d.header.Get("X-Content-Type-Options"); ns != "nosniff" {
			t.Errorf("download: X-Content-Type-Options %q", ns)
		}
		if cd := d.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="`) || !strings.HasSuffix(cd, `-passport-E1234567.pdf"`) {
			t.Errorf("download: Content-Disposition %q", cd)
		}

		// A PNG replaces it, whatever its part says it is.
		r = upload(f.tokenA, testPNG, "application/pdf")
		if r.status != 201 || !bytes.Contains(r.body, []byte(`"content_type":"image/png"`)) || !bytes.Contains(r.body, []byte(`"id":`+strconv.FormatInt(got.ID, 10))) {
			t.Fatalf("upload PNG: status %d: %s", r.status, r.body)
		}
		if d := f.do("GET", url, f.tokenA, nil); d.status != 200 || d.header.Get("Content-Type") != "image/png" || !bytes.Equal(d.body, testPNG) {
			t.Errorf("download PNG: status %d, %s", d.status, d.header.Get("Content-Type"))
		}

		// A program that calls itself a PDF: 415, in the request's language.
		if r := upload(f.tokenA, testEXE, "application/pdf"); r.status != 415 {
			t.Errorf("exe as PDF: status %d: %s", r.status, r.body)
		}
		body, ct := uploadForm(t, "passport", "E1234567", "scan.pdf", "application/pdf", testEXE)
		if r := f.do("POST", base+"?lang=ru", f.tokenA, body, "Content-Type", ct); r.status != 415 || !strings.Contains(string(r.body), "приложить можно") {
			t.Errorf("exe as PDF in Russian: status %d: %s", r.status, r.body)
		}

		// Over 20 MB: 413, whether the application or the body limit sees it.
		big := append(append([]byte{}, testPDF...), make([]byte, app.MaxAttachmentSize)...)
		if r := upload(f.tokenA, big, "application/pdf"); r.status != 413 {
			t.Errorf("21 MB: status %d: %.300s", r.status, r.body)
		}
		huge := make([]byte, app.MaxAttachmentSize+2<<20)
		copy(huge, testPDF)
		if r := upload(f.tokenA, huge, "application/pdf"); r.status != 413 {
			t.Errorf("22 MB: status %d: %.300s", r.status, r.body)
		}

		// A viewer may not upload; another tenant finds nothing.
		if r := upload(f.viewA, testPDF, "application/pdf"); r.status != 403 {
			t.Errorf("viewer upload: status %d: %s", r.status, r.body)
		}
		if r := upload(f.tokenB, testPDF, "application/pdf"); r.status != 404 {
			t.Errorf("other tenant's upload: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", url, f.tokenB, nil); r.status != 404 {
			t.Errorf("other tenant's download: status %d: %s", r.status, r.body)
		}

		// A document the worker lacks, a kind that is none, no file.
		body, ct = uploadForm(t, "passport", "OTHER", "scan.pdf", "application/pdf", testPDF)
		if r := f.do("POST", base, f.tokenA, body, "Content-Type", ct); r.status != 404 {
			t.Errorf("no such document: status %d: %s", r.status, r.body)
		}
		body, ct = uploadForm(t, "visa", "E1234567", "scan.pdf", "application/pdf", testPDF)
		if r := f.do("POST", base, f.tokenA, body, "Content-Type", ct); r.status != 400 {
			t.Errorf("no such kind: status %d: %s", r.status, r.body)
		}
		if r := f.do("POST", base, f.tokenA, []byte(`{"file":"x"}`)); r.status != 400 {
			t.Errorf("JSON body: status %d: %s", r.status, r.body)
		}

		// The list: a viewer reads it, another tenant finds nothing.
		l := f.do("GET", base, f.viewA, nil)
		var list struct{ Attachments []struct{ ID int64 } }
		if l.status != 200 || json.Unmarshal(l.body, &list) != nil || len(list.Attachments) != 1 || list.Attachments[0].ID != got.ID {
			t.Errorf("list: status %d: %s", l.status, l.body)
		}
		if r := f.do("GET", base, f.tokenB, nil); r.status != 404 {
			t.Errorf("other tenant's list: status %d: %s", r.status, r.body)
		}
		// Delete: not a viewer, not another tenant; then 404 and an empty list.
		if r := f.do("DELETE", url, f.viewA, nil); r.status != 403 {
			t.Errorf("viewer delete: status %d: %s", r.status, r.body)
		}
		if r := f.do("DELETE", url, f.tokenB, nil); r.status != 404 {
			t.Errorf("other tenant's delete: status %d: %s", r.status, r.body)
		}
		if r := f.do("DELETE", url, f.tokenA, nil); r.status != 204 {
			t.Fatalf("delete: status %d: %s", r.status, r.body)
		}
		if r := f.do("GET", url, f.tokenA, nil); r.status != 404 {
			t.Errorf("download after delete: status %d", r.status)
		}
		if l := f.do("GET", base, f.tokenA, nil); l.status != 200 || !bytes.Contains(l.body, []byte(`"attachments":[]`)) {
			t.Errorf("list after delete: status %d: %s", l.status, l.body)
		}
	})
}

// FuzzSniffAttachment: whatever the bytes, the upload's sniffing takes
// only a PDF, JPEG or PNG, and takes exactly what http.DetectContentType
// calls one of them.
func FuzzSniffAttachment(f *testing.F) {
	for _, seed := range [][]byte{testPDF, testPNG, testEXE, {0xff, 0xd8, 0xff, 0xe0}, []byte("<html><script>"), []byte("%PDF"),
		[]byte("GIF89a"), []byte("PK\x03\x04"), {}, []byte(" %PDF-1.4")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := app.SniffAttachment(data)
		if err != nil {
			if ct != "" || domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("%q: %q, %v", data, ct, err)
			}
			return
		}
		switch ct {
		case "application/pdf":
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Fatalf("%q taken as a PDF", data)
			}
		case "image/png":
			if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
				t.Fatalf("%q taken as a PNG", data)
			}
		case "image/jpeg":
			if !bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}) {
				t.Fatalf("%q taken as a JPEG", data)
			}
		default:
			t.Fatalf("%q taken as %s", data, ct)
		}
	})
}
