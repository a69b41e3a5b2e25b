// Package api is ruqsat's JSON API under /api/v1: huma operations on the
// standard library's ServeMux, described by an OpenAPI 3.1 document at
// /api/openapi.json, with problem+json errors. It also serves the
// operational endpoints /healthz, /readyz and /metrics.
//
// Every operation works within the tenant of the authenticated user (an API
// token or a session cookie); no request names a tenant. A user limited to
// some employers is answered 404 for any other, as if it did not exist.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/session"
)

// Config is what a Server needs. Zero fields take defaults.
type Config struct {
	// App is the application layer every operation goes through (with
	// the database, the rules engine, the login limit, the password
	// hasher and the dashboard cache). Without one, the server can only
	// describe itself (its OpenAPI document): every operation fails.
	App    *app.App
	Logger *slog.Logger // default slog.Default()
	// Registry receives the HTTP metrics (default a new registry, served
	// at /metrics with the Go and process collectors).
	Registry *prometheus.Registry
	// SecureCookie marks session cookies Secure even on plain HTTP: set it
	// when a proxy terminates TLS in front of ruqsat. A request that came
	// over TLS always gets a Secure cookie.
	SecureCookie bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (see clientAddr); empty: the connection's peer is the
	// client.
	TrustedProxies []netip.Prefix
	// MetricsElsewhere leaves /metrics out of the server's routes: the
	// caller serves MetricsHandler on another (private) address.
	MetricsElsewhere bool
	// Limits are the timeouts and connection caps against slow and many
	// clients (see Limits; zero fields take defaults).
	Limits Limits
	// BaseURL is the server's public address (ParseBaseURL), from which
	// the calendar feeds link to the web pages; "" for no links.
	BaseURL string
}

// Server is the API: an http.Handler.
type Server struct {
	app *app.App
	log *slog.Logger

	secureCookie bool
	baseURL      string
	limits       Limits
	refused      *prometheus.CounterVec // connections refused by the caps
	proxies      []netip.Prefix
	mux          *http.ServeMux
	metrics      http.Handler

	api     huma.API
	handler http.Handler
}

func init() {
	// A JSON key that differs from a field's only in case is an unknown
	// property, not a second value that encoding/json would take after
	// the schema checked the first ("role":"viewer","ROLE":"owner").
	huma.ValidateStrictCasing = true
}

// New returns a Server with every route registered.
func New(cfg Config) *Server {
	s := &Server{app: cfg.App, log: cfg.Logger, secureCookie: cfg.SecureCookie, proxies: cfg.TrustedProxies,
		limits: cfg.Limits.withDefaults(), baseURL: cfg.BaseURL}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.app == nil {
		s.app = app.New(app.Config{Logger: s.log}) // no database: documents only
	}
	reg := cfg.Registry
	if reg == nil {
		reg = newRegistry()
	}
	s.refused = refusedCounter(reg)

	mux := http.NewServeMux()
	s.mux = mux
	hc := huma.DefaultConfig("ruqsat API", "1")
	hc.Info.Description = "Foreign-labour compliance records and findings of a tenant's employers."
	// Relative: the API is at the root of whichever address serves this
	// document, one per deployment.
	hc.Servers = []*huma.Server{{URL: "/", Description: "the ruqsat server that serves this document"}}
	hc.CreateHooks = []func(huma.Config) huma.Config{schemaLinks} // huma's, minus the servers
	hc.OpenAPIPath = "/api/openapi"
	// The built-in docs page loads its scripts from a CDN; no page of
	// ruqsat loads assets from the internet.
	hc.DocsPath = ""
	hc.SchemasPath = "/api/schemas"
	hc.Transformers = append(hc.Transformers, redactBodyValues, translateErrors)
	hc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		schemeBearer: {Type: "http", Scheme: "bearer", Description: "an API token from `ruqsat token create`"},
		schemeCookie: {Type: "apiKey", In: "cookie", Name: session.CookieName, Description: "a session from POST /api/v1/session"},
	}
	s.api = humago.New(mux, hc)
	s.api.UseMiddleware(s.authenticate, language)

	s.registerSession()
	s.registerEmployers()
	s.registerFindings()
	s.registerWhatIf()
	s.registerDocuments()
	s.registerAttachments()
	s.registerLogo()
	s.registerAudit()
	s.registerDashboard()
	s.registerUsers()
	s.registerTokens()
	s.registerConsultations()
	s.registerInvites()
	s.registerTenant()
	s.registerCalendar()
	documentAnswers(s.api.OpenAPI())

	// Unknown paths under /api/ answer in problem+json, not with the web
	// UI's 404 page.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"title":"Not Found","status":404,"detail":"no such API route"}` + "\n"))
	})
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	s.registerICal()
	s.metrics = metricsHandler(reg)
	if !cfg.MetricsElsewhere {
		mux.Handle("GET /metrics", s.metrics)
	}

	// Cookie-authenticated writes from another origin are refused
	// (Sec-Fetch-Site / Origin); scripts with a bearer token send neither.
	var h http.Handler = http.NewCrossOriginProtection().Handler(mux)
	s.handler = instrument(reg, h)
	return s
}

// MetricsHandler serves the Prometheus metrics (what /metrics serves unless
// Config.MetricsElsewhere).
func (s *Server) MetricsHandler() http.Handler { return s.metrics }

// Mount serves h at pattern (a ServeMux pattern, such as "/" for the web
// UI) behind the same cross-origin protection and metrics as the API. Call
// it before serving.
func (s *Server) Mount(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// ServeHTTP serves the API, what is mounted and the operational endpoints.
// Every response is nosniff and no-store unless its handler says otherwise,
// and every request body is cut when it stalls or crawls (see Limits).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if addr := clientAddr(r, s.proxies); addr != r.RemoteAddr {
		r = r.WithContext(r.Context()) // a shallow copy
		r.RemoteAddr = addr
	}
	r = s.limitBody(w, r)
	setSecurityHeaders(w)
	s.handler.ServeHTTP(w, r)
}

// App returns the application layer the server goes through, for the web
// UI mounted beside it.
func (s *Server) App() *app.App { return s.app }

// OpenAPI returns the API's OpenAPI document, with every operation.
func (s *Server) OpenAPI() *huma.OpenAPI { return s.api.OpenAPI() }

// fail turns err into the HTTP error the client sees. Only the message of a
// *domain.Error reaches the client; any other error is logged and shown as
// "internal error".
func (s *Server) fail(ctx context.Context, err error) error {
	var se huma.StatusError
	if errors.As(err, &se) {
		return se
	}
	var be *auth.BusyError
	if errors.As(err, &be) {
		return busy(be)
	}
	msg := i18n.For(langOf(ctx)).Error(err)
	switch domain.ErrorCode(err) {
	case domain.EINVALID:
		if ps := problemsOf(err); ps != nil {
			return invalidRecords(ps, langOf(ctx))
		}
		return huma.Error400BadRequest(msg)
	case domain.ENOTFOUND:
		return huma.Error404NotFound(msg)
	case domain.ECONFLICT:
		return huma.Error409Conflict(msg)
	case domain.EFORBIDDEN:
		return huma.Error403Forbidden(msg)
	}
	s.log.ErrorContext(ctx, "request failed", "err", err)
	return huma.Error500InternalServerError("internal error")
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.app.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// each returns f of every element of list, as a non-nil slice (so that an
// empty list is [] in JSON, not null).
func each[T, U any](list []T, f func(*T) U) []U {
	out := make([]U, len(list))
	for i := range list {
		out[i] = f(&list[i])
	}
	return out
}
