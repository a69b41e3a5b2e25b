package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestErrorPageInPageLanguage: the error page is in the page's language:
// the web's own not-found message and the application's messages alike.
func TestErrorPageInPageLanguage(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.login(ownerA, "/")
	for _, c := range []struct {
		lang, path string
		status     int
		want       string
	}{
		{"kk", "/employers/" + f.binB, http.StatusNotFound, "жұмыс беруші табылмады"},
		{"kk", "/employers?q=%01", http.StatusBadRequest, "сұрау параметрі q: "},
		{"ru", "/employers?q=%01", http.StatusBadRequest, "параметр запроса q: недопустимый текст"},
		{"en", "/employers?q=%01", http.StatusBadRequest, "q: "},
	} {
		b.accept = c.lang
		r := b.get(c.path)
		if r.status != c.status || !strings.Contains(strings.ToLower(string(r.body)), strings.ToLower(c.want)) {
			t.Errorf("%s %s: status %d, want %d with %q:\n%s", c.lang, c.path, r.status, c.status, c.want, r.body)
		}
	}
}
