package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/session"
)

// maxFormBytes bounds a form post's body: a login is a few hundred bytes.
const maxFormBytes = 16 << 10

// loginPage is the data of the login page.
type loginPage struct {
	Email string
	Next  string
	Error string
}

// user returns the request's logged-in user. When there is none it
// redirects to the login page, which comes back to this page after the
// login, and returns nil; on any other error it shows the error page and
// returns nil.
func (h *handler) user(w http.ResponseWriter, r *http.Request, l *locale) *app.User {
	u, err := h.sessionUser(r)
	if err == nil {
		return u
	}
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		h.fail(w, r, l, nil, err)
		return nil
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(localPath(r.URL.RequestURI())), http.StatusSeeOther)
	return nil
}

// sessionUser returns the user of the request's session, or ENOTFOUND.
func (h *handler) sessionUser(r *http.Request) (*app.User, error) {
	return h.app.UserBySession(r.Context(), session.Token(r))
}

// loginForm shows the login form, or goes on to next for a user who is
// logged in already.
func (h *handler) loginForm(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if _, err := h.sessionUser(r); err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	l := h.locales.of(r)
	h.render(w, r, "login.html", &page{L: l, Title: l.S("login_title"), Data: loginPage{Next: next}})
}

// login checks the email and password through the application layer
// (which limits failed logins, for the API too), sets the session cookie
// and goes on to next.
func (h *handler) login(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, l, nil, domain.Errorf(domain.EINVALID, "%s", l.S("error_bad_form")))
		return
	}
	email, password := r.PostForm.Get("email"), r.PostForm.Get("password")
	data := loginPage{Email: email, Next: localPath(r.PostForm.Get("next"))}
	_, sess, err := h.app.Login(r.Context(), email, password, r.RemoteAddr)
	var le *app.LoginError
	switch {
	case errors.As(err, &le):
		status := http.StatusTooManyRequests
		if le.TooMany {
			secs := max(1, int((le.RetryAfter+time.Second-1)/time.Second))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			if secs < 60 {
				data.Error = l.S("login_rate_limited_seconds", "Count", secs)
			} else {
				data.Error = l.S("login_rate_limited", "Count", (secs+59)/60)
			}
		} else {
			status = http.StatusUnauthorized
			data.Error = l.S("login_wrong")
		}
		h.render(w, r, "login.html", &page{L: l, Status: status, Title: l.S("login_title"), Data: data})
		return
	case err != nil:
		h.fail(w, r, l, nil, err)
		return
	}
	http.SetCookie(w, session.Cookie(sess.Token, sess.ExpiresAt, h.secure || r.TLS != nil))
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
}

// logout ends the session and goes to the login page.
func (h *handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.app.Logout(r.Context(), session.Token(r)); err != nil {
		h.fail(w, r, h.locales.of(r), nil, err)
		return
	}
	http.SetCookie(w, session.Cookie("", time.Time{}, h.secure || r.TLS != nil))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang keeps the chosen language in a cookie for a year and goes back
// to the page the switch was on.
func (h *handler) setLang(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, h.locales.of(r), nil, domain.Errorf(domain.EINVALID, "%s", h.locales.of(r).S("error_bad_form")))
		return
	}
	if l := h.locales.byTag[r.PostForm.Get("lang")]; l != nil {
		http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: l.Tag, Path: "/", MaxAge: 365 * 24 * 60 * 60,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	}
	http.Redirect(w, r, localPath(r.PostForm.Get("next")), http.StatusSeeOther)
}
