// Package app is ruqsat's application layer: the one place that decides
// who may do what, and through which every door (the JSON API, the web UI,
// the CLI) reads and changes the registry and evaluates the rules.
//
// It owns:
//   - authentication: logging in (the failed-login limit, the password
//     check, the session), finding the user of an API token or session;
//   - authorization: the role a use case needs (auth.Can), the tenant (a
//     user only ever reaches their own), and the employers a limited user
//     may see (any other is "not found", so that a limit does not reveal
//     which BINs the tenant holds);
//   - validation: records go through domain.Records.Validate, texts that
//     arrive as query parameters through domain.CheckText, dates to
//     evaluate on through domain.CheckAsOf;
//   - version checks: every change of an employer names the version it
//     read, imports included;
//   - the call into the rules engine, on bounded dates.
//
// The adapters above it translate their protocol to these calls and back;
// they hold no policy of their own. Errors are *domain.Error with a code
// (EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN), a *LoginError, or an
// *auth.BusyError; anything else is internal.
package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
)

// The registry's types that the adapters show, named here so that they
// need not reach past this layer into the store.
type (
	User                = store.User
	Actor               = store.Actor
	EmployerSummary     = store.EmployerSummary
	AuditEntry          = store.AuditEntry
	AuditFilter         = store.AuditFilter
	APIToken            = store.APIToken
	ConsultationRequest = store.ConsultationRequest
	Consent             = store.Consent
	UserChange          = store.UserChange
	Tenant              = store.Tenant
)

// Config is what an App needs. Zero fields take defaults.
type Config struct {
	DB        *store.DB
	Engine    *rules.Engine    // default rules.New(nil, nil)
	Dashboard *dashboard.Cache // default a new cache on DB and Engine
	Limiter   *auth.Limiter    // failed logins; default auth.NewLimiter with defaults
	Passwords *auth.Hasher     // default auth.DefaultHasher(), bounded by its gate
	// SessionTTL is how long a login lasts (default 12 hours).
	SessionTTL time.Duration
	Now        func() time.Time // default time.Now: "today" and session expiry
	Logger     *slog.Logger     // default slog.Default()
}

// App is the application layer; safe for concurrent use.
type App struct {
	db        *store.DB
	engine    *rules.Engine
	dashboard *dashboard.Cache
	limiter   *auth.Limiter
	hasher    *auth.Hasher
	ttl       time.Duration
	now       func() time.Time
	log       *slog.Logger
	public    publicLimiter // the public consultation form's requests per address
}

// New returns an App.
func New(cfg Config) *App {
	a := &App{db: cfg.DB, engine: cfg.Engine, dashboard: cfg.Dashboard, limiter: cfg.Limiter,
		hasher: cfg.Passwords, ttl: cfg.SessionTTL, now: cfg.Now, log: cfg.Logger}
	if a.engine == nil {
		a.engine = rules.New(nil, nil)
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.limiter == nil {
		a.limiter = auth.NewLimiter(auth.LimiterConfig{Now: a.now})
	}
	if a.hasher == nil {
		a.hasher = auth.DefaultHasher()
	}
	if a.ttl == 0 {
		a.ttl = 12 * time.Hour
	}
	if a.dashboard == nil {
		a.dashboard = dashboard.New(a.db, a.engine, a.now)
	}
	return a
}

// Engine returns the rules engine the App evaluates with.
func (a *App) Engine() *rules.Engine { return a.engine }

// DashboardCache returns the dashboard cache, for the server's warming.
func (a *App) DashboardCache() *dashboard.Cache { return a.dashboard }

// Today is today's date in Almaty.
func (a *App) Today() domain.Date { return domain.Today(a.now()) }

// Operator is the user the operator's own tools (the CLI) act as in a
// tenant: an owner limited to no employers, named in the audit log by what
// it does ("import", "cli").
func Operator(tenant int64, name string) *User {
	return &User{TenantID: tenant, Email: name, Role: domain.RoleOwner}
}

// actor names u in the audit log.
func actor(u *User) Actor {
	if u.ID == 0 {
		return Actor{Name: u.Email}
	}
	return Actor{UserID: u.ID, Name: u.Email}
}

// require returns EFORBIDDEN unless u's role may do act.
func require(u *User, act auth.Action) error {
	if u == nil {
		return domain.Errorf(domain.EFORBIDDEN, "not authenticated").Say("error.not_authenticated")
	}
	if !auth.Can(u.Role, act) {
		return domain.Errorf(domain.EFORBIDDEN, "your role (%s) may not do this", u.Role).Say("error.role", "Code", string(u.Role))
	}
	if act == auth.ActionManageUsers && u.Employers != nil {
		// The store makes no limited owners; one from before that rule
		// still may not manage users, or it could lift its own limit.
		return domain.Errorf(domain.EFORBIDDEN, "a user limited to some employers may not manage users").Say("error.limited_users")
	}
	return nil
}

// scoped returns ENOTFOUND when u may not see the employer bin, so that a
// limited user cannot learn which BINs the tenant holds.
func scoped(u *User, bin string) error {
	// Not a BIN: no employer has it, and no engine is asked.
	if domain.CheckBIN(bin) != nil || !u.MayAccess(bin) {
		return domain.Errorf(domain.ENOTFOUND, "no employer with BIN %s", bin).Say("error.no_employer", "Code", bin)
	}
	return nil
}

// tenantWide returns EFORBIDDEN for a user limited to some employers: the
// thing asked for is the tenant's, not an employer's.
func tenantWide(u *User) error {
	if u.Employers != nil {
		return domain.Errorf(domain.EFORBIDDEN, "a user limited to some employers may not see the tenant's consultation requests").Say("error.limited_requests")
	}
	return nil
}

// text returns EINVALID when s, a text that arrived from outside (a query
// parameter, a login name), is not one line of at most max characters of
// UTF-8 without NUL: what no engine should be asked to compare.
func text(name, s string, max int) error {
	if code, args := domain.CheckText(s, max); code != "" {
		p := domain.Problem{Path: domain.Path{{Key: name, Index: -1}}, Code: code, Args: args}
		return domain.Errorf(domain.EINVALID, "%s: %s", name, p.Message(nil)).Say("error.query_text", "Name", name, "Other", p)
	}
	return nil
}

// Ping checks that the database answers, for readiness probes.
func (a *App) Ping(ctx context.Context) error { return a.db.Ping(ctx) }
