package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestServerAndStoreErrorsInRequestLanguage: a request without a session or
// token (401), and a store's refusal that reaches the client (a user whose
// email is taken, 409), are answered in the request's language; English
// stays as it was.
func TestServerAndStoreErrorsInRequestLanguage(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		detail := func(r response) string {
			var body struct{ Detail, Title string }
			if err := json.Unmarshal(r.body, &body); err != nil {
				t.Fatalf("%v: %s", err, r.body)
			}
			return body.Title + ": " + body.Detail
		}
		for _, c := range []struct {
			path, lang string
			want       string
		}{
			{"/api/v1/employers?lang=ru", "", "требуется вход: токен программного интерфейса"},
			{"/api/v1/employers", "kk-KZ,ru;q=0.5", "кіру қажет: бағдарламалық интерфейс токені"},
			{"/api/v1/employers", "", "authentication required: an API token"},
		} {
			var h []string
			if c.lang != "" {
				h = []string{"Accept-Language", c.lang}
			}
			r := f.do("GET", c.path, "", nil, h...)
			if got := detail(r); r.status != 401 || !strings.Contains(got, c.want) {
				t.Errorf("%s %s: %d %q, want 401 with %q", c.path, c.lang, r.status, got, c.want)
			}
		}
		body := []byte(`{"email":"twice@example.com","role":"viewer","password":"correct horse battery staple"}`)
		if r := f.do("POST", "/api/v1/users", f.tokenA, body); r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		for lang, want := range map[string]string{
			"ru": "пользователь с почтой twice@example.com уже существует",
			"kk": "twice@example.com поштасы бар пайдаланушы бұрыннан бар",
			"en": "a user with email twice@example.com already exists",
		} {
			r := f.do("POST", "/api/v1/users?lang="+lang, f.tokenA, body)
			if got := detail(r); r.status != 409 || !strings.Contains(got, want) {
				t.Errorf("%s: %d %q, want 409 with %q", lang, r.status, got, want)
			}
		}
	})
}
