package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"slices"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/demo"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/web"
)

// shutdownTimeout is how long requests in flight may take to finish once
// the server is told to stop.
const shutdownTimeout = 15 * time.Second

// Demo tenant and owner that --demo creates.
const (
	demoTenant = "demo"
	demoEmail  = "demo@ruqsat.local"
)

// runServe implements `ruqsat serve`: the web UI, the JSON API and the
// operational endpoints, until ctx is cancelled (SIGINT, SIGTERM), then a graceful
// shutdown.
func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.flagSet("serve")
	addr := fs.String("addr", envOr("RUQSAT_ADDR", "127.0.0.1:8080"), "address to listen on (env RUQSAT_ADDR)")
	dbf := m.addDBFlags(fs)
	retention := addRetentionFlag(fs)
	demo := fs.Bool("demo", false, "create a demo tenant with a few employers and an owner demo@ruqsat.local")
	secure := fs.Bool("secure-cookie", envOr("RUQSAT_SECURE_COOKIE", "") == "true",
		"mark session cookies Secure: set it when a proxy in front of ruqsat serves HTTPS (env RUQSAT_SECURE_COOKIE=true)")
	metricsAddr := fs.String("metrics-addr", envOr("RUQSAT_METRICS_ADDR", ""),
		"serve /metrics on this address only (e.g. 127.0.0.1:9090), not beside the UI and the API (env RUQSAT_METRICS_ADDR)")
	baseURL := fs.String("base-url", envOr("RUQSAT_BASE_URL", ""),
		"the server's public address (https://ruqsat.example.kz), from which the calendar feeds link to the pages (env RUQSAT_BASE_URL)")
	proxyList := fs.String("trusted-proxy", envOr("RUQSAT_TRUSTED_PROXY", ""),
		"comma-separated addresses or CIDR prefixes of reverse proxies whose X-Forwarded-For names the client (env RUQSAT_TRUSTED_PROXY)")
	mailf := addMailFlags(fs)
	lim := api.DefaultLimits()
	fs.DurationVar(&lim.ReadHeaderTimeout, "read-header-timeout", lim.ReadHeaderTimeout, "longest time to read a request's headers")
	fs.DurationVar(&lim.IdleTimeout, "idle-timeout", lim.IdleTimeout, "close a keep-alive connection idle this long")
	fs.DurationVar(&lim.BodyIdleTimeout, "body-idle-timeout", lim.BodyIdleTimeout, "cut a request body that sends no byte for this long")
	fs.IntVar(&lim.BodyMinRate, "body-min-rate", lim.BodyMinRate, "cut a request body slower than this many bytes a second on average, once --body-grace has passed")
	fs.DurationVar(&lim.BodyGrace, "body-grace", lim.BodyGrace, "time a request body may take at any rate before --body-min-rate applies")
	fs.IntVar(&lim.MaxConns, "max-conns", lim.MaxConns, "most connections open at once; more are closed at once")
	fs.IntVar(&lim.MaxConnsPerIP, "max-conns-per-ip", lim.MaxConnsPerIP, "most connections open at once from one client address (IPv6: /64); trusted proxies count only against --max-conns")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if _, err := m.retention(*retention); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return m.usageErr("cli.no_args", "Name", "serve")
	}
	proxies, err := api.ParseProxies(*proxyList)
	if err != nil {
		return m.usageErr("cli.serve.proxy", "Code", *proxyList)
	}
	base, err := api.ParseBaseURL(*baseURL)
	if err != nil {
		return m.usageErr("cli.serve.base_url", "Code", *baseURL)
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	mailCfg, err := mailf.config(m, base, log)
	if err != nil {
		return err
	}

	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = m.Now
	if *demo {
		if err := loadDemo(ctx, db, log, m.Now); err != nil {
			return m.failure("cli.serve.demo", "Other", m.loc().Error(err))
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return m.failure("cli.serve.listen", "Code", *addr)
	}
	engine := rules.New(nil, nil)
	cache := dashboard.New(db, engine, m.Now)
	cache.Log = log
	// One application layer for both doors: one login limit, one session
	// store, one dashboard cache.
	a := app.New(app.Config{DB: db, Engine: engine, Dashboard: cache, Now: m.Now, Logger: log})
	apiSrv := api.New(api.Config{App: a, Logger: log, SecureCookie: *secure,
		TrustedProxies: proxies, MetricsElsewhere: *metricsAddr != "", Limits: lim, BaseURL: base})
	digests := app.NewDigests(a, mailCfg)
	apiSrv.Mount("/", web.New(web.Config{App: a, SecureCookie: *secure, Logger: log, Digests: digests}))
	// The timeouts and connection caps of lim; see api.Limits.
	srv := apiSrv.HTTPServer()
	srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	if *metricsAddr != "" {
		mln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			ln.Close()
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", apiSrv.MetricsHandler())
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: srv.ErrorLog}
		log.Info("metrics", "addr", mln.Addr().String())
		defer msrv.Close()
		go msrv.Serve(mln) //nolint:errcheck // closed at return
	}
	log.Info("listening", "addr", ln.Addr().String(), "db", string(db.Engine()))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(apiSrv.Listener(ln)) }()
	go sweepSessions(ctx, db, log, time.Hour)
	go purgeAuditKeys(ctx, db, log, *retention, m.Now, 24*time.Hour)
	go cache.Run(ctx) //nolint:errcheck // it returns ctx's error at shutdown
	go warmDashboards(ctx, db, cache, log)
	go digests.Run(ctx) //nolint:errcheck // it returns ctx's error at shutdown

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// warmDashboards fills the dashboard cache of every tenant in the
// background, so that the first dashboard request after a start does not
// wait for a whole tenant's evaluation. Tenants nobody then asks for are
// dropped by the cache after its idle period.
func warmDashboards(ctx context.Context, db *store.DB, cache *dashboard.Cache, log *slog.Logger) {
	start := time.Now()
	ids, err := db.TenantIDs(ctx)
	if err == nil {
		err = cache.Warm(ctx, ids...)
	}
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("warming dashboards", "err", err)
		}
		return
	}
	log.Info("dashboards warm", "tenants", len(ids), "took", time.Since(start).Round(time.Millisecond))
}

// moveDemo moves the demo tenant's untouched employers from the month they
// were written for (the tenant's creation or their last move, found by
// trying each month since) to today's.
func moveDemo(ctx context.Context, db *store.DB, log *slog.Logger, t *store.Tenant, today domain.Date) error {
	want, err := demo.Records(today)
	if err != nil {
		return err
	}
	// What the demo wrote in each month since the tenant was created, by BIN.
	written := map[string][]*domain.Records{}
	for day := domain.Today(t.CreatedAt); day.YearMonth() < today.YearMonth(); day = day.AddMonths(1) {
		old, err := demo.Records(day)
		if err != nil {
			return err
		}
		for _, r := range old {
			written[r.Employer.BIN] = append(written[r.Employer.BIN], r)
		}
	}
	var moved []*domain.Records
	for _, rec := range want {
		stored, _, err := db.EmployerRecords(ctx, t.ID, rec.Employer.BIN)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue // deleted by someone: stays deleted
		}
		if err != nil {
			return err
		}
		if slices.ContainsFunc(written[rec.Employer.BIN], func(old *domain.Records) bool { return reflect.DeepEqual(stored, old) }) {
			moved = append(moved, rec)
		}
	}
	if len(moved) == 0 {
		return nil
	}
	if err := db.ReplaceEmployersRecords(ctx, t.ID, cliActor, moved); err != nil {
		return err
	}
	log.Info("demo employers moved to this month", "employers", len(moved))
	return nil
}

// sweepSessions deletes expired sessions at start and then every interval,
// until ctx ends. Expired sessions are refused anyway; this keeps the table
// small.
func sweepSessions(ctx context.Context, db *store.DB, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := db.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			log.Warn("deleting expired sessions", "err", err)
		} else if n > 0 {
			log.Info("deleted expired sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// loadDemo creates the demo tenant with the clients of internal/demo,
// dated for this month, and its owner with a random password that is logged
// once, when the owner is created. On a later start in another month it
// moves the demo employers nobody has changed to this month, so that the
// demo keeps showing things due this week; employers someone changed are
// left alone.
func loadDemo(ctx context.Context, db *store.DB, log *slog.Logger, now func() time.Time) error {
	today := domain.Today(now())
	t, err := db.TenantByRef(ctx, demoTenant) // by its slug too: renamed in its settings, it is not made again
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		if t, err = db.CreateTenant(ctx, cliActor, demoTenant); err != nil {
			return err
		}
		recs, err := demo.Records(today)
		if err != nil {
			return err
		}
		if err := db.ReplaceEmployersRecords(ctx, t.ID, cliActor, recs); err != nil {
			return err
		}
		for _, rec := range recs {
			logo := demo.Logo(rec.Employer.BIN)
			if logo == nil {
				continue
			}
			if _, err := app.SniffLogo(logo); err != nil { // as every door checks one
				return err
			}
			if _, err := db.PutLogo(ctx, t.ID, cliActor, rec.Employer.BIN, "image/png", logo); err != nil {
				return err
			}
		}
		log.Info("demo tenant created", "tenant", demoTenant, "employers", len(recs))
	case err != nil:
		return err
	default:
		if err := moveDemo(ctx, db, log, t, today); err != nil {
			return err
		}
	}
	if _, err := db.UserByEmail(ctx, demoEmail); err == nil {
		return nil
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	pw, _, err := auth.NewToken("demo_")
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	owner := &store.User{Email: demoEmail, PasswordHash: hash, Role: domain.RoleOwner}
	if err := db.CreateUser(ctx, t.ID, cliActor, owner); err != nil {
		return err
	}
	log.Info("demo owner created; this password is shown only once", "email", demoEmail, "password", pw)
	// Two colleagues whose morning digests are in Kazakh and English, so
	// that the demo's digests (`ruqsat digest --dry-run`) come in the three
	// languages; their passwords are random and not shown (the owner may
	// set them: ruqsat user passwd).
	for _, c := range []struct {
		email, lang string
		role        domain.Role
	}{{demoEmail, "ru", domain.RoleOwner}, {"demo-kk@ruqsat.local", "kk", domain.RoleEditor}, {"demo-en@ruqsat.local", "en", domain.RoleViewer}} {
		u := owner
		if c.email != demoEmail {
			cpw, _, err := auth.NewToken("demo_")
			if err != nil {
				return err
			}
			chash, err := auth.HashPassword(cpw)
			if err != nil {
				return err
			}
			u = &store.User{Email: c.email, PasswordHash: chash, Role: c.role}
			if err := db.CreateUser(ctx, t.ID, cliActor, u); err != nil {
				return err
			}
		}
		if err := db.SetNotifications(ctx, t.ID, u.ID, store.Notifications{Digest: true, Lang: c.lang}); err != nil {
			return err
		}
	}
	return nil
}
