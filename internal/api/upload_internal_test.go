package api

import (
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// FuzzReadUpload: whatever the body and its content type, an upload's
// form gives the file's bytes (at most one more than the upload may have,
// for the application to refuse) and the named fields, or EINVALID, never
// a panic.
func FuzzReadUpload(f *testing.F) {
	const ct = "multipart/form-data; boundary=b"
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n\x1a\n\r\n--b--\r\n"))
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nx\r\n--b--\r\n"))
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\na\r\n--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nb\r\n--b--\r\n"))
	f.Add("multipart/form-data", []byte("--b--"))
	f.Add("application/json", []byte(`{"file":"x"}`))
	f.Add(ct, []byte("--b\r\n\r\n"))
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npassport\r\n--b\r\nContent-Disposition: form-data; name=\"number\"\r\n\r\nN1\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\r\n--b--\r\n"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		vals, data, err := readUpload(contentType, body, app.MaxLogoSize, "kind", "number")
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID || data != nil || vals != nil {
				t.Fatalf("%v, %d bytes", err, len(data))
			}
			return
		}
		if len(data) > app.MaxLogoSize+1 {
			t.Fatalf("%d bytes read", len(data))
		}
		for k, v := range vals {
			if (k != "kind" && k != "number") || len(v) > 4*domain.MaxCodeLen {
				t.Fatalf("field %q of %d bytes", k, len(v))
			}
		}
	})
}
