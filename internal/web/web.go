// Package web is ruqsat's HTML user interface: server-rendered pages
// (html/template) for people, beside the JSON API on the same server.
//
// Pages: GET /login and POST /login (the API server's login, so sessions
// and the failed-login rate limit are shared), POST /logout, GET / (the
// dashboard: what is due in the next 7, 30 or 90 days across the employers
// the user may see, from the shared dashboard cache), GET /employers (the
// list, with search) and GET /employers/{bin} (one employer's findings on a
// date, each with its facts, legal basis and fine, and the quick action
// that meets it: "notified on", "submitted on", "registered on", "permit
// extended"). POST /lang sets the language. Anything else is a 404 page.
//
// Records are kept here too (edit.go, forms.go, records.go): an employer's
// workers (/employers/{bin}/workers), a worker with their permits (the
// extension history), trips (a year's timeline against the trip limit, and
// a planned trip's what-if before it is booked), address changes and
// applications (/employers/{bin}/workers/{id}); the employer's own records
// (/employers/{bin}/records) and who changed what (/employers/{bin}/history).
// One form page edits any record (GET and POST /employers/{bin}/edit?record=
// &worker=&i=), POST /employers/{bin}/delete removes one, POST
// /employers/{bin}/act records a finding's quick action, /employers/new
// creates an employer. GET and POST /import and /employers/{bin}/import
// upload CSV, XLSX and scenario files to the importer of `ruqsat import`
// (import.go): a dry run with its problems, then a commit. Every change
// goes through the application layer (app.EditRecords, app.Act,
// app.ReplaceRecords, app.ImportFiles): the records validator's
// problems stand next to the fields they are about, in the page's language,
// and a form carries the employer's version, so that a save over someone
// else's change shows what they changed and keeps what the user typed.
//
// People and the tenant (people.go, settings.go, consult.go): an owner's
// /people (users' roles and employer limits, one-time invite links) and
// /settings (name, public slug, the operator of personal data); every
// user's /account (password, API tokens); the queue of consultation
// requests (/requests); and the public pages, which need no session: the
// invite link (/invite/{token}) and the consultation form of a tenant
// (/c/{slug}, /c/{slug}/thanks).
//
// Everything is embedded: templates, the style sheet and the translations.
// No page needs JavaScript or loads anything from another origin; every
// page is sent with a Content-Security-Policy of default-src 'self'.
// Cross-origin form posts are refused by the API server's
// CrossOriginProtection, which the UI is mounted behind.
//
// Languages are Kazakh (kk), Russian (ru) and English (en). The language is
// the one the "lang" cookie names (set from the switch on every page), else
// the best match of the browser's Accept-Language, else Russian: the
// language most of ruqsat's users (employers' HR staff and migration
// consultants in Kazakhstan) work in. The UI's own words are in
// locales/*.yaml; findings, legal references and the validator's problems
// come from internal/i18n in the same language.
//
// Only the message of a *domain.Error reaches the user; any other error is
// logged and shown as "internal error" in the user's language.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the UI needs. App is required; zero fields of the others
// take defaults.
type Config struct {
	// App is the application layer: the UI logs in and out, reads and
	// evaluates through it, with the API's sessions and dashboard cache.
	App *app.App
	// SecureCookie marks the session cookie Secure even on plain HTTP
	// (a proxy in front serves HTTPS); one that came over TLS always is.
	SecureCookie bool
	Logger       *slog.Logger // default slog.Default()
	// Digests sends the morning digests; the notifications page tells
	// whether this server sends mail (default: a server that sends none).
	Digests *app.Digests
}

// pageSize is how many rows a list or the dashboard shows on one page.
const pageSize = 50

// handler serves the UI.
type handler struct {
	app     *app.App
	secure  bool
	log     *slog.Logger
	locales *locales
	pages   map[string]*template.Template
	// cssURL is the style sheet's address, with a hash of its content so
	// that browsers may cache it for good.
	cssURL string
	mux    *http.ServeMux
	// imports are the uploads waiting for their commit (import.go).
	imports *pendingImports
	// digests tells whether this server sends mail; nil: it sends none.
	digests *app.Digests
}

// New returns the UI's handler. Mount it at "/" on the API server's mux,
// so that it sits behind the same cross-origin protection, body limits and
// client address, and the API's more specific routes take precedence.
func New(cfg Config) http.Handler {
	h := &handler{app: cfg.App, secure: cfg.SecureCookie, log: cfg.Logger, imports: newPendingImports(), digests: cfg.Digests}
	if h.log == nil {
		h.log = slog.Default()
	}
	// The embedded files are checked by the tests: an error here is a
	// broken build.
	var err error
	if h.locales, err = loadLocales(); err != nil {
		panic("web: " + err.Error())
	}
	if h.pages, err = parsePages(); err != nil {
		panic("web: " + err.Error())
	}
	css, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		panic("web: " + err.Error())
	}
	sum := sha256.Sum256(css)
	h.cssURL = "/static/style.css?v=" + hex.EncodeToString(sum[:6])

	static, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))

	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", h.loginForm)
	mux.HandleFunc("POST /login", h.login)
	mux.HandleFunc("POST /logout", h.logout)
	mux.HandleFunc("POST /lang", h.setLang)
	mux.HandleFunc("GET /{$}", h.dashboard)
	mux.HandleFunc("GET /employers", h.employerList)
	mux.HandleFunc("GET /employers/{bin}", h.employerShow)
	mux.HandleFunc("GET /employers/new", h.employerNew)
	mux.HandleFunc("POST /employers/new", h.employerCreate)
	mux.HandleFunc("GET /employers/{bin}/workers", h.workerList)
	mux.HandleFunc("GET /employers/{bin}/workers/{id}", h.workerShow)
	mux.HandleFunc("GET /employers/{bin}/records", h.recordsShow)
	mux.HandleFunc("GET /employers/{bin}/history", h.historyShow)
	mux.HandleFunc("GET /employers/{bin}/documents/{kind}", h.documentShow)
	mux.HandleFunc("GET /employers/{bin}/edit", h.editForm)
	mux.HandleFunc("POST /employers/{bin}/edit", h.editSave)
	mux.HandleFunc("POST /employers/{bin}/delete", h.editDelete)
	mux.HandleFunc("POST /employers/{bin}/act", h.act)
	mux.HandleFunc("GET /import", h.importForm)
	mux.HandleFunc("POST /import", h.importPost)
	mux.HandleFunc("GET /employers/{bin}/import", h.importForm)
	mux.HandleFunc("POST /employers/{bin}/import", h.importPost)
	mux.HandleFunc("GET /people", h.people)
	mux.HandleFunc("POST /people/invite", h.invite)
	mux.HandleFunc("POST /people/invite/{id}/delete", h.inviteDelete)
	mux.HandleFunc("POST /people/{id}", h.userSave)
	mux.HandleFunc("POST /people/{id}/delete", h.userDelete)
	mux.HandleFunc("GET /account", h.account)
	mux.HandleFunc("POST /account/password", h.accountPassword)
	mux.HandleFunc("POST /account/tokens", h.tokenCreate)
	mux.HandleFunc("POST /account/tokens/{id}/revoke", h.tokenRevoke)
	mux.HandleFunc("GET /account/notifications", h.notify)
	mux.HandleFunc("POST /account/notifications/calendar", h.notifyCalendar)
	mux.HandleFunc("POST /account/notifications/digest", h.notifyDigest)
	mux.HandleFunc("GET /settings", h.settings)
	mux.HandleFunc("POST /settings", h.settingsSave)
	mux.HandleFunc("GET /requests", h.queue)
	mux.HandleFunc("POST /requests/{id}", h.queueSave)
	mux.HandleFunc("POST /requests/{id}/revoke", h.queueRevoke)
	// Public pages: no session.
	mux.HandleFunc("GET /invite/{token}", h.inviteForm)
	mux.HandleFunc("POST /invite/{token}", h.inviteAccept)
	mux.HandleFunc("GET /c/{slug}", h.consultShow)
	mux.HandleFunc("POST /c/{slug}", h.consultSend)
	mux.HandleFunc("GET /c/{slug}/thanks", h.consultThanks)
	h.attachmentRoutes(mux)
	h.logoRoutes(mux)
	mux.HandleFunc("GET /law", h.lawShow)
	mux.HandleFunc("GET /calendar", h.calendarShow)
	mux.Handle("GET /static/", cacheForever(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			h.notFound(w, r) // no directory listings
			return
		}
		files.ServeHTTP(w, r)
	})))
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/", h.notFound)
	h.mux = mux
	return h
}

// ServeHTTP sets the security headers and serves the request.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
	h.mux.ServeHTTP(w, r)
}

// cacheForever marks static files asked for by an address with a hash of
// their content (?v=) cacheable for a year, and others (the icon) for a
// day, so that a changed file reaches browsers.
func cacheForever(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("v") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=86400")
		}
		next.ServeHTTP(w, r)
	})
}

// page is what every template gets: the locale, the user (nil when logged
// out) and the page's own data.
type page struct {
	L      *locale
	Langs  []*locale // for the language switch
	User   *app.User
	CSS    string
	Nav    string // the active navigation item
	Path   string // the request's path and query, for the language switch
	Title  string
	Status int // the HTTP status, 200 when 0
	Data   any
}

// render writes a page with the named template. The page is executed into
// a buffer first, so that a template error gives a clean error page.
func (h *handler) render(w http.ResponseWriter, r *http.Request, name string, p *page) {
	p.CSS, p.Langs = h.cssURL, h.locales.list
	if p.Path == "" {
		p.Path = r.URL.RequestURI()
	}
	var buf bytes.Buffer
	if err := h.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		h.log.ErrorContext(r.Context(), "rendering a page", "page", name, "err", err)
		if name != "error.html" {
			h.fail(w, r, p.L, p.User, err)
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Add("Vary", "Accept-Encoding")
	status := p.Status
	if status == 0 {
		status = http.StatusOK
	}
	body := buf.Bytes()
	if len(body) > gzipMin && acceptsGzip(r) {
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.DefaultCompression)
		zw.Write(body)
		if zw.Close() == nil {
			w.Header().Set("Content-Encoding", "gzip")
			body = z.Bytes()
		}
	}
	w.WriteHeader(status)
	w.Write(body)
}

// gzipMin is the smallest page sent compressed: below it, compressing
// saves less than it costs.
const gzipMin = 1400

// acceptsGzip reports whether the client takes gzip (Accept-Encoding names
// it without q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// errorPage is the data of the error page.
type errorPage struct {
	Heading string
	Message string
}

// fail shows err to the user: the message of a *domain.Error with the
// status its code means, a password check refused because too many were
// running (*auth.BusyError) as 503 with Retry-After, anything else logged
// and shown as "internal error".
func (h *handler) fail(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, err error) {
	status, heading, msg := http.StatusInternalServerError, l.S("error_internal_title"), l.S("error_internal")
	var de *domain.Error
	var busy *auth.BusyError
	if errors.As(err, &busy) {
		// Too many password checks at once: not a wrong password, try
		// again shortly.
		secs := max(1, int((busy.RetryAfter+time.Second-1)/time.Second))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		status, heading, msg = http.StatusServiceUnavailable, l.S("error_busy_title"), l.S("error_busy")
	} else if errors.As(err, &de) {
		lang, _ := i18n.Parse(l.Tag)
		text := i18n.For(lang).Error(err)
		switch de.Code {
		case domain.EINVALID:
			status, heading, msg = http.StatusBadRequest, l.S("error_invalid_title"), text
		case domain.ENOTFOUND:
			status, heading, msg = http.StatusNotFound, l.S("error_not_found_title"), text
		case domain.ECONFLICT:
			status, heading, msg = http.StatusConflict, l.S("error_conflict_title"), text
		case domain.EFORBIDDEN:
			status, heading, msg = http.StatusForbidden, l.S("error_forbidden_title"), text
		}
	}
	if status == http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	h.render(w, r, "error.html", &page{L: l, User: u, Status: status, Title: heading,
		Data: errorPage{Heading: heading, Message: msg}})
}

// notFound is the 404 page for any address the UI does not know.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u, _ := h.sessionUser(r)
	h.render(w, r, "error.html", &page{L: l, User: u, Status: http.StatusNotFound, Title: l.S("error_not_found_title"),
		Data: errorPage{Heading: l.S("error_not_found_title"), Message: l.S("error_not_found")}})
}

// localPath returns next when it is a path on this site ("/..."), else
// "/": a login or language switch never redirects to another site.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// funcs are the templates' functions; words and formats are the
// locale's methods.
var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	// isOwner and seesRequests choose the navigation's links (people.go).
	"isOwner":      isOwner,
	"seesRequests": seesRequests,
	// dict makes a map of name, value pairs: the data of a template
	// called with more than one value.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, errors.New("dict: a name is not a string")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// parsePages parses each page template with the layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// Partials (templates/_NAME.html) define blocks that any page may use
	// (a panel shown on several pages), beside the layout's.
	shared := []string{"templates/layout.html"}
	partials, err := fs.Glob(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	shared = append(shared, partials...)
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, append(slices.Clone(shared), n)...)
		if err != nil {
			return nil, err
		}
		pages[base] = t
	}
	return pages, nil
}
