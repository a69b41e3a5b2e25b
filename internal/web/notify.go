package web

import (
	"net/http"

	"github.com/ruqsat/ruqsat/internal/app"
)

// notifyPage is the data of the notifications page (/account/notifications):
// the personal calendar feed and the morning digest.
type notifyPage struct {
	// HasFeed: the user has a calendar feed. FeedURL is the feed's address,
	// set only on the answer to its creation (shown once).
	HasFeed bool
	FeedURL string
	// Mail: this server sends mail (serve --smtp-url, --mail-from).
	Mail bool
	// Digest and Lang are the user's digest setting.
	Digest bool
	Lang   string
	Langs  []string
	Saved  string // "digest", "revoked": what the last post did
	Error  string
}

// notify shows the notifications page.
func (h *handler) notify(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	h.renderNotify(w, r, l, u, &notifyPage{Saved: r.URL.Query().Get("saved")}, 0)
}

func (h *handler) renderNotify(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, d *notifyPage, status int) {
	ctx := r.Context()
	n, err := h.app.Notifications(ctx, u)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	if d.HasFeed, err = h.app.HasCalendarFeed(ctx, u); err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	if d.Lang == "" {
		d.Digest, d.Lang = n.Digest, n.Lang
	}
	d.Mail, d.Langs = h.digests.Configured(), []string{"kk", "ru", "en"}
	h.render(w, r, "notify.html", &page{L: l, User: u, Nav: "account", Title: l.S("notify_title"), Data: d, Status: status, Path: "/account/notifications"})
}

// notifyCalendar makes (action=create) or revokes (action=revoke) the
// user's calendar feed. A new feed's address is shown on the answer, once,
// absolute from the server's public address (serve --base-url), else from
// the request's.
func (h *handler) notifyCalendar(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	switch r.PostForm.Get("action") {
	case "create":
		secret, err := h.app.CreateCalendarFeed(r.Context(), u, l.fl.Lang())
		if err != nil {
			h.fail(w, r, l, u, err)
			return
		}
		h.renderNotify(w, r, l, u, &notifyPage{FeedURL: h.publicURL(r) + "/ical/" + secret + ".ics"}, 0)
	case "revoke":
		if err := h.app.RevokeCalendarFeed(r.Context(), u); err != nil {
			h.fail(w, r, l, u, err)
			return
		}
		http.Redirect(w, r, "/account/notifications?saved=revoked", http.StatusSeeOther)
	default:
		h.notFound(w, r)
	}
}

// notifyDigest saves the user's digest setting: on or off, and the
// language of the mails.
func (h *handler) notifyDigest(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	n := app.Notifications{Digest: r.PostForm.Get("digest") == "on", Lang: r.PostForm.Get("lang")}
	if err := h.app.SetNotifications(r.Context(), u, n); err != nil {
		status, msg, ok := userError(l, err)
		if !ok {
			h.fail(w, r, l, u, err)
			return
		}
		h.renderNotify(w, r, l, u, &notifyPage{Error: msg, Digest: n.Digest, Lang: "ru"}, status)
		return
	}
	http.Redirect(w, r, "/account/notifications?saved=digest", http.StatusSeeOther)
}

// publicURL is the server's public address: serve's --base-url, else the
// scheme and host the request came to.
func (h *handler) publicURL(r *http.Request) string {
	if b := h.digests.BaseURL(); b != "" {
		return b
	}
	scheme := "http"
	if r.TLS != nil || h.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// LangName is the name of a language in that language (the digest's
// language choice).
func (l *locale) LangName(code string) string {
	switch code {
	case "kk":
		return l.S("notify_lang_kk")
	case "en":
		return l.S("notify_lang_en")
	}
	return l.S("notify_lang_ru")
}
