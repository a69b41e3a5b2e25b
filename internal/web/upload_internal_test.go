package web

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// FuzzReadFileForm: whatever the body and its content type, a page's
// upload form gives the file (at most one byte more than the upload may
// have, for the application to refuse), the named fields within their
// bound, or a problem; never a panic.
func FuzzReadFileForm(f *testing.F) {
	const ct = "multipart/form-data; boundary=b"
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npassport\r\n--b\r\nContent-Disposition: form-data; name=\"number\"\r\n\r\nN1\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\r\n--b--\r\n"))
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n\r\n--b--\r\n"))
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n\x1a\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.png\"\r\n\r\nx\r\n--b--\r\n"))
	f.Add("multipart/form-data", []byte("--b--"))
	f.Add("application/x-www-form-urlencoded", []byte("file=x"))
	f.Add(ct, []byte("--b\r\n\r\n"))
	const max = 1 << 10
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		r := httptest.NewRequest("POST", "/employers/x/workers/y/files", bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		vals, data, problem := readFileForm(httptest.NewRecorder(), r, max, "kind", "number")
		if problem != uploadOK {
			if vals != nil || data != nil {
				t.Fatalf("problem %d with %d fields and %d bytes", problem, len(vals), len(data))
			}
			return
		}
		if len(data) > max+1 {
			t.Fatalf("%d bytes read", len(data))
		}
		for k, v := range vals {
			if (k != "kind" && k != "number") || len(v) > 4*domain.MaxCodeLen {
				t.Fatalf("field %q of %d bytes", k, len(v))
			}
		}
	})
}
