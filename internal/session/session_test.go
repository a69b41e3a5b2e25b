package session_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/session"
)

func TestCookieRoundTrip(t *testing.T) {
	exp := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
	c := session.Cookie("rs_token", exp, true)
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || !c.Expires.Equal(exp) {
		t.Fatalf("cookie %+v: want HttpOnly, Secure, SameSite=Lax, Path=/, the expiry", c)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.AddCookie(c)
	if got := session.Token(r); got != "rs_token" {
		t.Fatalf("Token = %q", got)
	}
	if got := session.Token(httptest.NewRequest("GET", "/", nil)); got != "" {
		t.Fatalf("Token without a cookie = %q", got)
	}
	if d := session.Cookie("", time.Time{}, false); d.MaxAge >= 0 || d.Secure {
		t.Fatalf("deleting cookie %+v: want MaxAge < 0, not Secure", d)
	}
}
