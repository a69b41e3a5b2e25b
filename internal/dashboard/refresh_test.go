package dashboard

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestRefreshWaitersAndCancellation: a query waiting for another's refresh
// gives up when its context ends; a refresh goes on when the request that
// started it goes away; a panic in a rule costs one employer's items, not
// the process.
func TestRefreshWaitersAndCancellation(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := openDB(t, url)
		a := newTenant(t, db, "A")
		bins := load(t, db, a, spec(21, 6))
		clk := &clock{t: noon}
		c, _ := newCache(t, db, clk.now)
		q := Query{Days: 366, Overdue: true, Limit: 10000}
		full := query(t, c, a, q)

		// A refresh is running (the semaphore is held) and the tenant
		// changed: a query with a deadline gives up rather than wait.
		rename(t, db, a, bins[0])
		tn := c.lookup(a)
		tn.sem <- struct{}{}
		wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		_, err := c.Query(wctx, a, q)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("waiting query: %v, want the deadline", err)
		}
		<-tn.sem

		// The request that starts a refresh goes away during it: the
		// refresh still completes and is kept for the next query.
		rename(t, db, a, bins[1])
		rename(t, db, a, bins[2])
		rctx, cancelReq := context.WithCancel(ctx)
		c.eval = func(rec *domain.Records, asOf domain.Date) rules.Result {
			cancelReq() // the client hangs up while the refresh works
			return engine.Evaluate(rec, asOf)
		}
		if _, err := c.Query(rctx, a, q); err != nil {
			t.Fatalf("query whose client left during the refresh: %v", err)
		}
		evaluated := 0
		c.eval = func(rec *domain.Records, asOf domain.Date) rules.Result {
			evaluated++
			return engine.Evaluate(rec, asOf)
		}
		if p := query(t, c, a, q); p.Total != full.Total || evaluated != 0 {
			t.Fatalf("after the refresh: %d items (want %d), %d evaluations (want 0)", p.Total, full.Total, evaluated)
		}

		// A rule that panics on one employer: the others stay.
		clk.add(24 * time.Hour) // a new day: everything is evaluated again
		c.eval = func(rec *domain.Records, asOf domain.Date) rules.Result {
			if rec.Employer.BIN == bins[3] {
				panic("a bug in a rule")
			}
			return engine.Evaluate(rec, asOf)
		}
		p := query(t, c, a, q)
		if p.Total == 0 {
			t.Fatal("one employer's panic emptied the dashboard")
		}
		for _, it := range p.Items {
			if it.BIN == bins[3] {
				t.Fatalf("items of the employer whose evaluation panicked: %+v", it)
			}
		}
	})
}

// rename changes an employer's name, which moves its version.
func rename(t *testing.T, db *store.DB, tenant int64, bin string) {
	t.Helper()
	ctx := context.Background()
	_, v, err := db.EmployerRecords(ctx, tenant, bin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateEmployer(ctx, tenant, store.SystemActor, bin, v, func(e *domain.Employer) error { e.Name += "'"; return nil }); err != nil {
		t.Fatal(err)
	}
}

// TestQueriesEqualQuery: several queries answered from one refresh give
// what each gives alone.
func TestQueriesEqualQuery(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		a := newTenant(t, db, "A")
		bins := load(t, db, a, spec(5, 6))
		clk := &clock{t: noon}
		c, _ := newCache(t, db, clk.now)
		qs := []Query{{Days: 30, Overdue: true, Limit: 7, Offset: 3}, {Days: 5, Limit: 1}, {Days: 366, Only: bins[:2], Limit: 1000}}
		pages, err := c.Queries(context.Background(), a, qs...)
		if err != nil {
			t.Fatal(err)
		}
		for i, q := range qs {
			if one := query(t, c, a, q); !reflect.DeepEqual(pages[i], one) {
				t.Errorf("query %d: together %+v, alone %+v", i, pages[i], one)
			}
		}
		if pages[0].Total == 0 || len(pages[0].Items) != 7 {
			t.Fatalf("the fixture should give more than a page: %+v", pages[0])
		}
	})
}
