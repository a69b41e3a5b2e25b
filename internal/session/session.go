// Package session is the session cookie that the two HTTP doors, the JSON
// API and the web UI, share: one login is valid in both. What a session
// is (a token whose hash the store keeps) is the application layer's; this
// package only carries its token in and out of HTTP.
package session

import (
	"net/http"
	"time"
)

// CookieName is the name of the cookie that holds a session token.
const CookieName = "ruqsat_session"

// Cookie is the cookie that holds token until expires: HttpOnly,
// SameSite=Lax, Secure when secure (the request came over TLS, or a proxy
// in front serves HTTPS). An empty token gives the cookie that deletes it.
func Cookie(token string, expires time.Time, secure bool) *http.Cookie {
	c := &http.Cookie{Name: CookieName, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secure}
	if token == "" {
		c.Expires, c.MaxAge = time.Time{}, -1
	}
	return c
}

// Token returns the session token of the request's cookie, or "".
func Token(r *http.Request) string {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return ""
	}
	return c.Value
}
