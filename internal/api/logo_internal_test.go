package api

import (
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// FuzzReadLogoForm: whatever the body and its content type, the logo's
// form gives the file's bytes (at most one more than a logo may have, for
// the application to refuse) or EINVALID, never a panic.
func FuzzReadLogoForm(f *testing.F) {
	const ct = "multipart/form-data; boundary=b"
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n\x1a\n\r\n--b--\r\n"))
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nx\r\n--b--\r\n"))
	f.Add(ct, []byte("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\na\r\n--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nb\r\n--b--\r\n"))
	f.Add("multipart/form-data", []byte("--b--"))
	f.Add("application/json", []byte(`{"file":"x"}`))
	f.Add(ct, []byte("--b\r\n\r\n"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		data, err := readLogoForm(contentType, body)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID || data != nil {
				t.Fatalf("%v, %d bytes", err, len(data))
			}
			return
		}
		if len(data) > app.MaxLogoSize+1 {
			t.Fatalf("%d bytes read", len(data))
		}
	})
}
