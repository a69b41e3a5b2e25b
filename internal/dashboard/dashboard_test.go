package dashboard

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

var engine = rules.New(nil, nil)

// noon is the clock's start in most tests: midday on 2025-06-10 in Almaty.
var noon = time.Date(2025, time.June, 10, 12, 0, 0, 0, domain.Almaty())

// clock is a test clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// evals counts the evaluations of each BIN.
type evals struct {
	mu sync.Mutex
	n  map[string]int
}

// take returns the counts since the last take and starts again from zero.
func (e *evals) take() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.n
	e.n = map[string]int{}
	return n
}

// newCache returns a cache over db on clk whose evaluations are counted.
func newCache(t *testing.T, db *store.DB, clk func() time.Time) (*Cache, *evals) {
	c := New(db, engine, clk)
	c.Log = slog.New(slog.NewTextHandler(t.Output(), nil))
	ev := &evals{n: map[string]int{}}
	c.eval = func(rec *domain.Records, asOf domain.Date) rules.Result {
		ev.mu.Lock()
		ev.n[rec.Employer.BIN]++
		ev.mu.Unlock()
		return engine.Evaluate(rec, asOf)
	}
	return c, ev
}

func openDB(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newTenant(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	tn, err := db.CreateTenant(context.Background(), store.SystemActor, name)
	if err != nil {
		t.Fatal(err)
	}
	return tn.ID
}

// spec is n employers' generated records over the year before 2025-06-10,
// which gives open, due and missed findings on that date.
func spec(seed uint64, n int) synth.Spec {
	to := domain.MustDate("2025-06-10")
	return synth.Spec{Seed: seed, Employers: n, Workers: 8 * n, Trips: 4 * n, From: to.AddYears(-1), To: to}
}

// load stores the records that sp generates in the tenant, in one
// transaction, and returns their BINs, sorted. (Generated BINs can repeat;
// the last records win.)
func load(t *testing.T, db *store.DB, tenant int64, sp synth.Spec) []string {
	t.Helper()
	recs := synth.Generate(sp)
	byBIN := map[string]*domain.Records{}
	for i := range recs {
		byBIN[recs[i].Employer.BIN] = &recs[i]
	}
	bins := slices.Sorted(maps.Keys(byBIN))
	batch := make([]*domain.Records, len(bins))
	for i, bin := range bins {
		batch[i] = byBIN[bin]
	}
	if err := db.ReplaceEmployersRecords(context.Background(), tenant, store.SystemActor, batch); err != nil {
		t.Fatal(err)
	}
	return bins
}

// ones is the evaluation count of each BIN evaluated once.
func ones(bins ...string) map[string]int {
	m := map[string]int{}
	for _, b := range bins {
		m[b] = 1
	}
	return m
}

// order is the order the dashboard promises: by due date, then BIN, rule,
// subject, period, message key.
func order(a, b Item) int {
	return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.BIN, b.BIN), cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Period, b.Period), cmp.Compare(a.Key, b.Key), cmp.Compare(a.Message, b.Message))
}

// all returns the dashboard items of a direct evaluation on asOf of each of
// the tenant's employers, read one by one, in order.
func all(t *testing.T, db *store.DB, tenant int64, asOf domain.Date) []Item {
	t.Helper()
	ctx := context.Background()
	stamps, err := db.TenantVersions(ctx, tenant)
	if err != nil {
		t.Fatal(err)
	}
	var out []Item
	for bin := range stamps {
		rec, _, err := db.EmployerRecords(ctx, tenant, bin)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Items(&rec.Employer, engine.Evaluate(rec, asOf))...)
	}
	slices.SortStableFunc(out, order)
	return out
}

// want returns the page that q should give out of items on asOf.
func want(items []Item, asOf domain.Date, q Query) Page {
	p := Page{AsOf: asOf, To: asOf.AddDays(max(q.Days, 0))}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	for _, it := range items {
		switch {
		case it.Due > p.To, it.Due < asOf && !q.Overdue:
		case q.Only != nil && !slices.Contains(q.Only, it.BIN):
		case q.Rule != "" && it.Rule != q.Rule:
		case q.Severity != 0 && it.Severity != q.Severity:
		default:
			if p.Total >= q.Offset && len(p.Items) < limit {
				p.Items = append(p.Items, it)
			}
			p.Total++
		}
	}
	return p
}

func query(t *testing.T, c *Cache, tenant int64, q Query) Page {
	t.Helper()
	p, err := c.Query(context.Background(), tenant, q)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// check queries the cache with q and compares the page with a direct
// evaluation on the clock's date.
func check(t *testing.T, what string, c *Cache, db *store.DB, tenant int64, q Query) Page {
	t.Helper()
	asOf := domain.Today(c.now())
	got := query(t, c, tenant, q)
	if w := want(all(t, db, tenant, asOf), asOf, q); !reflect.DeepEqual(got, w) {
		t.Fatalf("%s: Query(%+v) gives\n%s\nwant\n%s", what, q, show(got), show(w))
	}
	return got
}

func show(p Page) string {
	s := fmt.Sprintf("as of %s to %s, total %d:", p.AsOf, p.To, p.Total)
	for _, it := range p.Items {
		s += fmt.Sprintf("\n  %s %s %s %s %s %s %s %q", it.Due, it.BIN, it.Rule, it.Subject, it.Period, it.Severity, it.Status, it.Message)
	}
	return s
}

// TestQuerySelectsWhatADirectEvaluationGives: every filter of a Query gives
// the items of a direct evaluation of each employer that it selects, in
// order, and every employer is evaluated once for all these queries.
func TestQuerySelectsWhatADirectEvaluationGives(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		tenant := newTenant(t, db, "A")
		bins := load(t, db, tenant, spec(1, 12))
		clk := &clock{t: noon}
		c, ev := newCache(t, db, clk.now)

		// Pick a rule and a severity that the data has, each a part of it.
		asOf := domain.Today(noon)
		items := all(t, db, tenant, asOf)
		byRule, sevs := map[string]int{}, map[domain.Severity]int{}
		overdue := 0
		for _, it := range items {
			byRule[it.Rule]++
			sevs[it.Severity]++
			if it.Due < asOf {
				overdue++
			}
		}
		rule := slices.MaxFunc(slices.Collect(maps.Keys(byRule)), func(a, b string) int { return cmp.Compare(byRule[a], byRule[b]) })
		if len(byRule) < 2 || len(sevs) < 2 || overdue == 0 || overdue == len(items) {
			t.Fatalf("the generated data is too uniform: rules %v, severities %v, %d of %d overdue", byRule, sevs, overdue, len(items))
		}

		for _, tc := range []struct {
			name string
			q    Query
			some bool // the page must not be empty
		}{
			{"30 days ahead", Query{Days: 30, Limit: 1000}, true},
			{"overdue too", Query{Days: 30, Overdue: true, Limit: 1000}, true},
			{"a year ahead with overdue: everything", Query{Days: 366, Overdue: true, Limit: 1000}, true},
			{"today only", Query{Days: 0, Overdue: false, Limit: 1000}, false},
			{"negative days are today only", Query{Days: -5, Limit: 1000}, false},
			{"only some employers", Query{Days: 366, Overdue: true, Only: bins[:3], Limit: 1000}, true},
			{"only an unknown employer", Query{Days: 366, Overdue: true, Only: []string{"000000000000"}, Limit: 1000}, false},
			{"an empty Only shows nothing", Query{Days: 366, Overdue: true, Only: []string{}, Limit: 1000}, false},
			{"one rule", Query{Days: 366, Overdue: true, Rule: rule, Limit: 1000}, true},
			{"an unknown rule", Query{Days: 366, Overdue: true, Rule: "no.such.rule", Limit: 1000}, false},
			{"violations", Query{Days: 366, Overdue: true, Severity: domain.SeverityViolation, Limit: 1000}, true},
			{"due items", Query{Days: 366, Overdue: true, Severity: domain.SeverityDue, Limit: 1000}, true},
			{"rule, severity and employers together", Query{Days: 366, Overdue: true, Rule: rule, Severity: domain.SeverityDue, Only: bins[:6], Limit: 1000}, false},
			{"first page", Query{Days: 366, Overdue: true, Limit: 5}, true},
			{"second page", Query{Days: 366, Overdue: true, Limit: 5, Offset: 5}, true},
			{"past the last page", Query{Days: 366, Overdue: true, Limit: 5, Offset: 10000}, false},
			{"no limit is 50", Query{Days: 366, Overdue: true}, true},
			{"a negative offset is 0", Query{Days: 366, Overdue: true, Limit: 5, Offset: -3}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q := tc.q
				got := query(t, c, tenant, q)
				q.Offset = max(q.Offset, 0)
				w := want(items, asOf, q)
				if !reflect.DeepEqual(got, w) {
					t.Fatalf("got\n%s\nwant\n%s", show(got), show(w))
				}
				if tc.some && len(got.Items) == 0 {
					t.Fatalf("empty page; the test needs data that this query selects")
				}
				if !slices.IsSortedFunc(got.Items, order) {
					t.Fatalf("not in order:\n%s", show(got))
				}
			})
		}
		if got := ev.take(); !reflect.DeepEqual(got, ones(bins...)) {
			t.Fatalf("evaluations %v, want each employer once", got)
		}
	})
}

// TestQueryFollowsChanges: after the first query only what changed is
// evaluated again: a new version of an employer, an employer created again
// under the same BIN; a deleted employer disappears unevaluated; a new day
// evaluates every employer on it.
func TestQueryFollowsChanges(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := openDB(t, url)
		tenant := newTenant(t, db, "A")
		bins := load(t, db, tenant, spec(2, 10))
		clk := &clock{t: noon}
		c, ev := newCache(t, db, clk.now)
		q := Query{Days: 366, Overdue: true, Limit: 1000}

		recs, _, err := db.TenantRecords(ctx, tenant)
		if err != nil {
			t.Fatal(err)
		}
		changed, deleted, recreated := bins[0], bins[1], bins[2]

		for _, step := range []struct {
			name   string
			do     func(t *testing.T)
			evals  map[string]int
			absent string // a BIN that no item may have
		}{
			{"the first query evaluates every employer", func(*testing.T) {}, ones(bins...), ""},
			{"nothing changed: nothing is evaluated", func(*testing.T) {}, ones(), ""},
			{"later the same day: nothing is evaluated", func(*testing.T) { clk.add(11 * time.Hour) }, ones(), ""},
			{"a new version is evaluated, and only it", func(t *testing.T) {
				rec := recs[changed]
				rec.Employer.Name = "Renamed LLP"
				rec.Workers = rec.Workers[:len(rec.Workers)/2]
				if _, err := db.ReplaceEmployerRecordsIf(ctx, tenant, store.SystemActor, rec, store.AnyVersion); err != nil {
					t.Fatal(err)
				}
			}, ones(changed), ""},
			{"a deleted employer disappears", func(t *testing.T) {
				if err := db.DeleteEmployer(ctx, tenant, store.SystemActor, deleted, store.AnyVersion); err != nil {
					t.Fatal(err)
				}
			}, ones(), deleted},
			{"an employer created again at the same version is evaluated", func(t *testing.T) {
				if err := db.DeleteEmployer(ctx, tenant, store.SystemActor, recreated, store.AnyVersion); err != nil {
					t.Fatal(err)
				}
				if v, err := db.ReplaceEmployerRecordsIf(ctx, tenant, store.SystemActor, recs[recreated], 0); err != nil || v != 1 {
					t.Fatalf("version %d, %v; want 1", v, err)
				}
			}, ones(recreated), ""},
			{"a new day evaluates every employer", func(*testing.T) { clk.add(time.Hour) }, ones(slices.DeleteFunc(slices.Clone(bins), func(b string) bool { return b == deleted })...), deleted},
			{"and then nothing again", func(*testing.T) {}, ones(), deleted},
		} {
			step.do(t)
			p := check(t, step.name, c, db, tenant, q)
			if got := ev.take(); !reflect.DeepEqual(got, step.evals) {
				t.Fatalf("%s: evaluations %v, want %v", step.name, got, step.evals)
			}
			for _, it := range p.Items {
				if it.BIN == step.absent {
					t.Fatalf("%s: an item of %s: %+v", step.name, step.absent, it)
				}
			}
		}
		if p := query(t, c, tenant, q); p.AsOf != domain.MustDate("2025-06-11") {
			t.Fatalf("as of %s after midnight, want 2025-06-11", p.AsOf)
		}
	})
}

// TestQueryAfterManyChanges: when many employers changed at once the
// tenant is reloaded in bulk; the items are still those of a direct
// evaluation, and no employer is evaluated twice.
func TestQueryAfterManyChanges(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := openDB(t, url)
		tenant := newTenant(t, db, "A")
		bins := load(t, db, tenant, synth.Spec{Seed: 3, Employers: 70, Workers: 70, Trips: 10,
			From: domain.MustDate("2024-06-10"), To: domain.MustDate("2025-06-10")})
		clk := &clock{t: noon}
		c, ev := newCache(t, db, clk.now)
		q := Query{Days: 366, Overdue: true, Limit: 1000}
		check(t, "first", c, db, tenant, q)
		ev.take()

		recs, _, err := db.TenantRecords(ctx, tenant)
		if err != nil {
			t.Fatal(err)
		}
		var batch []*domain.Records
		if len(bins) < 66 {
			t.Fatalf("%d employers; the test needs more than 64 to change", len(bins))
		}
		for _, bin := range bins[:66] {
			recs[bin].Employer.Name += " (renamed)"
			batch = append(batch, recs[bin])
		}
		if err := db.ReplaceEmployersRecords(ctx, tenant, store.SystemActor, batch); err != nil {
			t.Fatal(err)
		}
		check(t, "after renaming 66 employers", c, db, tenant, q)
		for bin, n := range ev.take() {
			if n != 1 {
				t.Errorf("%s evaluated %d times", bin, n)
			}
		}
	})
}

// TestTenantsAreIsolated: a tenant's dashboard holds only its employers,
// even one with the BIN of another tenant's employer, and forgetting one
// tenant leaves the other cached.
func TestTenantsAreIsolated(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := openDB(t, url)
		a, b := newTenant(t, db, "A"), newTenant(t, db, "B")
		binsA := load(t, db, a, spec(4, 5))
		binsB := load(t, db, b, spec(5, 4))
		// B has its own employer under one of A's BINs.
		twin := synth.Generate(spec(6, 1))[0]
		twin.Employer.BIN, twin.Employer.Name = binsA[0], "B's twin LLP"
		if err := db.ReplaceEmployerRecords(ctx, b, store.SystemActor, &twin); err != nil {
			t.Fatal(err)
		}
		binsB = append(binsB, twin.Employer.BIN)

		clk := &clock{t: noon}
		c, ev := newCache(t, db, clk.now)
		q := Query{Days: 366, Overdue: true, Limit: 1000}
		pa := check(t, "tenant A", c, db, a, q)
		pb := check(t, "tenant B", c, db, b, q)
		for _, it := range pa.Items {
			if !slices.Contains(binsA, it.BIN) || it.Employer == twin.Employer.Name {
				t.Fatalf("tenant A sees %s %s", it.BIN, it.Employer)
			}
		}
		for _, it := range pb.Items {
			if !slices.Contains(binsB, it.BIN) {
				t.Fatalf("tenant B sees %s %s", it.BIN, it.Employer)
			}
		}
		ev.take()

		c.Forget(a)
		check(t, "tenant B after forgetting A", c, db, b, q)
		if got := ev.take(); len(got) != 0 {
			t.Fatalf("forgetting A made B evaluate %v", got)
		}
		check(t, "tenant A after forgetting it", c, db, a, q)
		if got := ev.take(); !reflect.DeepEqual(got, ones(binsA...)) {
			t.Fatalf("evaluations %v, want A's employers once", got)
		}
	})
}

// TestConcurrentQueries: many goroutines querying a cold cache at once
// share one evaluation of each employer and all get the direct evaluation's
// pages; while an employer changes under them, each page is that of one of
// its states.
func TestConcurrentQueries(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := openDB(t, url)
		tenant := newTenant(t, db, "A")
		bins := load(t, db, tenant, spec(7, 12))
		clk := &clock{t: noon}
		c, ev := newCache(t, db, clk.now)
		asOf := domain.Today(noon)
		queries := []Query{
			{Days: 30, Limit: 1000},
			{Days: 366, Overdue: true, Limit: 1000},
			{Days: 366, Overdue: true, Limit: 7, Offset: 3},
			{Days: 366, Overdue: true, Only: bins[:4], Limit: 1000},
			{Days: 366, Overdue: true, Severity: domain.SeverityDue, Limit: 1000},
		}

		// The pages of each query in each state of the changing employer.
		recs, _, err := db.TenantRecords(ctx, tenant)
		if err != nil {
			t.Fatal(err)
		}
		rec := recs[bins[0]]
		names := []string{rec.Employer.Name, "Renamed LLP"}
		wants := make([][]Page, len(names))
		for i := len(names) - 1; i >= 0; i-- {
			rec.Employer.Name = names[i]
			if err := db.ReplaceEmployerRecords(ctx, tenant, store.SystemActor, rec); err != nil {
				t.Fatal(err)
			}
			items := all(t, db, tenant, asOf)
			for _, q := range queries {
				wants[i] = append(wants[i], want(items, asOf, q))
			}
		}

		const readers = 32
		run := func(writer func()) {
			var wg sync.WaitGroup
			for g := range readers {
				wg.Go(func() {
					for k := range 20 {
						i := (g + k) % len(queries)
						got, err := c.Query(ctx, tenant, queries[i])
						if err != nil {
							t.Error(err)
							return
						}
						if !reflect.DeepEqual(got, wants[0][i]) && (writer == nil || !reflect.DeepEqual(got, wants[1][i])) {
							t.Errorf("query %+v gives\n%s\nwhich is no state's page", queries[i], show(got))
							return
						}
					}
				})
			}
			if writer != nil {
				wg.Go(writer)
			}
			wg.Wait()
		}

		run(nil)
		if got := ev.take(); !reflect.DeepEqual(got, ones(bins...)) {
			t.Fatalf("concurrent first queries: evaluations %v, want each employer once", got)
		}
		run(func() {
			for k := range 20 {
				rec.Employer.Name = names[(k+1)%2]
				if err := db.ReplaceEmployerRecords(ctx, tenant, store.SystemActor, rec); err != nil {
					t.Error(err)
					return
				}
			}
		})
		// The writer left the first state; every query now agrees.
		for i, q := range queries {
			if got := query(t, c, tenant, q); !reflect.DeepEqual(got, wants[0][i]) {
				t.Fatalf("after the writer: query %+v gives\n%s\nwant\n%s", q, show(got), show(wants[0][i]))
			}
		}
	})
}
