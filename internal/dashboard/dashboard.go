// Package dashboard answers "what is due soon across all my employers"
// for a tenant without evaluating every employer on every request.
//
// A Cache keeps, per tenant, the dashboard-relevant findings of each
// employer (open obligations with a deadline and missed ones), computed on
// the as-of date (today in Almaty, from the injected clock) and stamped with
// the employer's row id, version and creation. A query reads the tenant's
// records version (one row): when it is the one the items were computed at
// and the date is the same, the cached list answers. Otherwise it reads the
// employers' stamps (one small query), re-evaluates only the employers
// whose stamp changed, or all of them when the date changed, and filters
// the tenant's sorted list. One refresh per tenant runs at a time; requests
// arriving meanwhile wait for it and then find nothing left to do.
//
// Re-evaluating a whole tenant takes seconds for thousands of employers, so
// the first request of a day should not have to. Run, in the background,
// refreshes every tenant the cache holds shortly after each midnight in
// Almaty, one tenant at a time, and drops the tenants nobody has queried for
// Idle; Warm fills tenants ahead of their first request (at server start).
package dashboard

import (
	"cmp"
	"context"
	"log/slog"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
)

// Item is one finding on the dashboard: a compact copy of a domain.Finding
// (without facts and basis) with its employer.
type Item struct {
	BIN      string
	Employer string
	Rule     string
	Subject  string
	Period   string
	Severity domain.Severity
	Status   domain.Status
	Due      domain.Date
	// Message is empty in the cache, which keeps each finding's Key and
	// Args rather than words: Text tells it in the reader's language.
	Message string
	Fine    *domain.Fine
	Key     domain.MessageKey
	Args    domain.Args
}

// Text tells the item's message in l's language (Message when the item
// has no key).
func (it *Item) Text(l *i18n.Localizer) string {
	return l.Message(&domain.Finding{Key: it.Key, Args: it.Args, Subject: it.Subject, Message: it.Message})
}

// Overdue reports whether the item's deadline passed before asOf.
func (it *Item) Overdue(asOf domain.Date) bool { return it.Due < asOf }

// keep reports whether a finding belongs on a dashboard: it has a deadline
// and is an open obligation (or a dated warning or due item) or a missed one.
func keep(f *domain.Finding) bool {
	if f.Due.IsZero() {
		return false
	}
	switch f.Status {
	case domain.StatusOpen, domain.StatusMissed:
		return true
	case domain.StatusNone:
		return f.Severity == domain.SeverityDue || f.Severity == domain.SeverityWarning
	}
	return false
}

// Items returns the dashboard items of one evaluation of an employer.
func Items(e *domain.Employer, res rules.Result) []Item {
	var out []Item
	for i := range res.Findings {
		f := &res.Findings[i]
		if !keep(f) {
			continue
		}
		out = append(out, Item{BIN: e.BIN, Employer: e.Name, Rule: f.Rule.String(), Subject: f.Subject, Period: f.Period,
			Severity: f.Severity, Status: f.Status, Due: f.Due, Message: f.Message, Fine: f.Fine, Key: f.Key, Args: f.Args})
	}
	return out
}

// compareItems orders items by due date, then BIN, rule, subject, period.
func compareItems(a, b *Item) int {
	return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.BIN, b.BIN), cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Period, b.Period), cmp.Compare(a.Key, b.Key), cmp.Compare(a.Message, b.Message))
}

// Query selects items.
type Query struct {
	Days    int  // the window: due in [as-of, as-of+Days]
	Overdue bool // also items whose deadline passed (before the window)
	// OverdueOnly selects only the items whose deadline passed: the
	// overdue view (Days and Overdue are then not read).
	OverdueOnly bool
	// Only, when not nil, limits the items to these BINs (a user limited
	// to some employers).
	Only     []string
	Rule     string          // "" for any
	Severity domain.Severity // 0 for any
	Limit    int
	Offset   int
}

// Page is the answer to a Query.
type Page struct {
	AsOf  domain.Date
	To    domain.Date
	Total int    // items that match, over all pages
	Items []Item // this page
}

// Cache holds the dashboards of tenants. It is safe for concurrent use; its
// exported fields are Run's settings, to be set before Run is called.
type Cache struct {
	// Idle is how long a tenant stays cached after its last Query (or its
	// Warm, if never queried since) before Run drops it; 0 means
	// DefaultIdle.
	Idle time.Duration
	// Delay is how long after midnight in Almaty Run refreshes the tenants;
	// 0 (or a day or more) means DefaultDelay. The margin keeps a timer
	// that fires a little early from refreshing on the day that is ending.
	Delay time.Duration
	// Log receives Run's refresh errors and summaries; nil means
	// slog.Default().
	Log *slog.Logger

	db  *store.DB
	now func() time.Time
	// eval evaluates one employer: the engine's Evaluate, replaced by tests
	// that count evaluations.
	eval func(*domain.Records, domain.Date) rules.Result

	mu      sync.Mutex
	tenants map[int64]*tenant
}

// Defaults of the Cache's settings.
const (
	DefaultIdle  = 24 * time.Hour
	DefaultDelay = time.Minute
)

type tenant struct {
	id   int64
	used time.Time // last Query (or Warm that created it), by the cache's clock; under Cache.mu
	// snap is what queries read without a lock: the sorted items of the
	// last refresh, with the date and records version they are of.
	snap atomic.Pointer[snapshot]
	// sem is held (a value sent) by the one refresh; waiting for it can be
	// given up when the waiter's context ends, unlike a sync.Mutex.
	sem chan struct{}
	// The refresh's state, under sem.
	asOf      domain.Date
	version   int64 // the tenant's records version the items are of (store.TenantRecordsVersion)
	employers map[string]*employer
	sorted    []Item    // all items of all employers, by compareItems; replaced, never changed
	overview  *overview // the employers' summaries and undated items; replaced, never changed
}

// snapshot is a refresh's result, never changed once published.
type snapshot struct {
	asOf     domain.Date
	version  int64
	sorted   []Item
	overview *overview
}

// refreshTimeout bounds a refresh, which runs on even when the request
// that started it goes away (the requests waiting for it need it too).
const refreshTimeout = 5 * time.Minute

type employer struct {
	stamp   store.EmployerStamp
	items   []Item
	summary Summary
	undated []Item // undated violations and warnings (see Overview)
}

// New returns an empty cache over db, evaluating with engine on today's
// date by now (time.Now when nil).
func New(db *store.DB, engine *rules.Engine, now func() time.Time) *Cache {
	if now == nil {
		now = time.Now
	}
	return &Cache{db: db, now: now, eval: engine.Evaluate, tenants: map[int64]*tenant{}}
}

// Query returns the tenant's dashboard items that q selects, on today's
// date in Almaty. Items are ordered by due date, then BIN, rule, subject,
// period and message. It returns the store's errors.
func (c *Cache) Query(ctx context.Context, tenantID int64, q Query) (Page, error) {
	pages, err := c.Queries(ctx, tenantID, q)
	if err != nil {
		return Page{}, err
	}
	return pages[0], nil
}

// Queries answers several queries of one tenant (the counts and the list
// of one page) from one refresh, on one date. Errors are Query's.
func (c *Cache) Queries(ctx context.Context, tenantID int64, qs ...Query) ([]Page, error) {
	now := c.now()
	asOf := domain.Today(now)
	t := c.hold(tenantID, now, true)
	sorted, err := c.refresh(ctx, t, asOf)
	if err != nil {
		return nil, err
	}
	pages := make([]Page, len(qs))
	for i, q := range qs {
		pages[i] = selectItems(sorted, asOf, q)
	}
	return pages, nil
}

// selectItems is the page of sorted, the items of asOf, that q selects.
func selectItems(sorted []Item, asOf domain.Date, q Query) Page {
	p := Page{AsOf: asOf, To: asOf.AddDays(max(q.Days, 0))}
	lo := sort.Search(len(sorted), func(i int) bool { return sorted[i].Due >= asOf })
	if q.Overdue {
		lo = 0
	}
	hi := sort.Search(len(sorted), func(i int) bool { return sorted[i].Due > p.To })
	if q.OverdueOnly {
		lo, hi, p.To = 0, sort.Search(len(sorted), func(i int) bool { return sorted[i].Due >= asOf }), asOf.AddDays(-1)
	}
	var only map[string]bool
	if q.Only != nil {
		only = make(map[string]bool, len(q.Only))
		for _, b := range q.Only {
			only[b] = true
		}
	}
	offset, limit := max(q.Offset, 0), q.Limit
	if limit <= 0 {
		limit = 50
	}
	for i := lo; i < hi; i++ {
		it := &sorted[i]
		if (only != nil && !only[it.BIN]) || (q.Rule != "" && it.Rule != q.Rule) || (q.Severity != 0 && it.Severity != q.Severity) {
			continue
		}
		if p.Total >= offset && len(p.Items) < limit {
			p.Items = append(p.Items, *it)
		}
		p.Total++
	}
	return p
}

// hold returns the tenant's cache entry, creating it used at now. A query
// (query true) marks it used at now.
func (c *Cache) hold(id int64, now time.Time, query bool) *tenant {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.tenants[id]
	if t == nil {
		t = &tenant{id: id, used: now, sem: make(chan struct{}, 1)}
		c.tenants[id] = t
	}
	if query {
		t.used = now
	}
	return t
}

// Forget drops a tenant's cached dashboard.
func (c *Cache) Forget(tenantID int64) {
	c.mu.Lock()
	delete(c.tenants, tenantID)
	c.mu.Unlock()
}

// refresh brings t's items up to date on asOf and returns them. When the
// tenant's records version is the one of the published snapshot (nothing
// changed) and the date is the same, that is one row read and no lock.
// Otherwise one refresh runs at a time; the requests that wait for it give
// up when their context ends, and the refresh itself does not stop when
// the request that started it does.
func (c *Cache) refresh(ctx context.Context, t *tenant, asOf domain.Date) ([]Item, error) {
	s, err := c.snapshot(ctx, t, asOf)
	if err != nil {
		return nil, err
	}
	return s.sorted, nil
}

// snapshot is refresh's published state: the items and the overview.
func (c *Cache) snapshot(ctx context.Context, t *tenant, asOf domain.Date) (*snapshot, error) {
	// Read before anything else: a change made meanwhile shows as another
	// version on the next request, which then looks again.
	version, err := c.db.TenantRecordsVersion(ctx, t.id)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		version, err = 0, nil // no such tenant: no employers
	}
	if err != nil {
		return nil, err
	}
	if s := t.snap.Load(); s != nil && s.asOf == asOf && s.version == version {
		return s, nil
	}
	select {
	case t.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-t.sem }()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
	defer cancel()
	sorted, err := c.update(rctx, t, asOf, version)
	if err != nil {
		return nil, err
	}
	s := &snapshot{asOf: t.asOf, version: t.version, sorted: sorted, overview: t.overview}
	t.snap.Store(s)
	return s, nil
}

// update brings the refresh state of t up to date on asOf, for the records
// version read before; the caller holds t.sem.
func (c *Cache) update(ctx context.Context, t *tenant, asOf domain.Date, version int64) ([]Item, error) {
	if t.employers != nil && t.asOf == asOf && t.version == version {
		return t.sorted, nil // refreshed by the one we waited for
	}
	if t.employers == nil || t.asOf != asOf {
		// New tenant or a new day: everything, loaded in bulk.
		return t.reload(ctx, c, asOf, version)
	}
	stamps, err := c.db.TenantVersions(ctx, t.id)
	if err != nil {
		return nil, err
	}
	var stale []string
	changed := len(stamps) != len(t.employers)
	for bin, s := range stamps {
		if e := t.employers[bin]; e == nil || e.stamp != s {
			stale = append(stale, bin)
		}
	}
	for bin := range t.employers {
		if _, ok := stamps[bin]; !ok {
			delete(t.employers, bin)
			changed = true
		}
	}
	if len(stale) > 64 && len(stale) > len(stamps)/10 {
		return t.reload(ctx, c, asOf, version)
	}
	for _, bin := range stale {
		// The records read may be newer than the stamp read above; their
		// own version is what is kept.
		rec, v, err := c.db.EmployerRecords(ctx, t.id, bin)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			delete(t.employers, bin)
			changed = true
			continue
		}
		if err != nil {
			return nil, err
		}
		// An employer deleted and created again meanwhile has another
		// stamp on the next look, which evaluates it again then.
		stamp := stamps[bin]
		stamp.Version = v
		t.employers[bin] = c.evaluate(rec, stamp, asOf)
		changed = true
	}
	if changed {
		t.rebuild()
	}
	t.version = version
	return t.sorted, nil
}

// reload evaluates all the tenant's employers on asOf, in parallel.
func (t *tenant) reload(ctx context.Context, c *Cache, asOf domain.Date, version int64) ([]Item, error) {
	recs, stamps, err := c.db.TenantRecords(ctx, t.id)
	if err != nil {
		return nil, err
	}
	bins := make([]string, 0, len(recs))
	for bin := range recs {
		bins = append(bins, bin)
	}
	out := make([]*employer, len(bins))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				out[i] = c.evaluate(recs[bins[i]], stamps[bins[i]], asOf)
			}
		})
	}
	for i := range bins {
		next <- i
	}
	close(next)
	wg.Wait()
	t.employers = make(map[string]*employer, len(bins))
	for i, bin := range bins {
		t.employers[bin] = out[i]
	}
	t.asOf, t.version = asOf, version
	t.rebuild()
	return t.sorted, nil
}

// evaluate evaluates one employer for the dashboard. A panic in a rule
// (a bug) is logged and leaves the employer without items rather than
// ending the process: the background refresh and warming run outside any
// request, where nothing else would recover it.
func (c *Cache) evaluate(rec *domain.Records, stamp store.EmployerStamp, asOf domain.Date) (e *employer) {
	defer func() {
		if p := recover(); p != nil {
			c.log().Error("dashboard: evaluating an employer panicked", "bin", rec.Employer.BIN, "panic", p)
			e = &employer{stamp: stamp}
		}
	}()
	res := c.eval(rec, asOf)
	e = &employer{stamp: stamp, items: Items(&rec.Employer, res)}
	e.summary, e.undated = summarize(&rec.Employer, res, asOf)
	return e
}

// rebuild makes t.sorted from the employers' items.
func (t *tenant) rebuild() {
	n := 0
	for _, e := range t.employers {
		n += len(e.items)
	}
	all := make([]Item, 0, n)
	for _, e := range t.employers {
		all = append(all, e.items...)
	}
	slices.SortFunc(all, func(a, b Item) int { return compareItems(&a, &b) })
	t.sorted = all
	t.overview = newOverview(t.employers)
}
