package dashboard

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
	_ "time/tzdata" // Almaty's offsets before 2024, on machines without a zone database

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestNextRefresh: the refresh comes delay after the next midnight in
// Almaty, which was 18:00 UTC while Almaty was UTC+6 and is 19:00 UTC since
// it moved to UTC+5 on 2024-03-01.
func TestNextRefresh(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		t     time.Time
		delay time.Duration
		want  time.Time
	}{
		{"UTC+6 in 2023: midnight is 18:00 UTC", utc("2023-06-10T12:00:00Z"), time.Minute, utc("2023-06-10T18:01:00Z")},
		{"UTC+6: at 18:30 UTC the day has changed; the refresh is the next day's", utc("2023-06-10T18:30:00Z"), time.Minute, utc("2023-06-11T18:01:00Z")},
		{"UTC+5 since 2024: midnight is 19:00 UTC", utc("2025-06-10T12:00:00Z"), time.Minute, utc("2025-06-10T19:01:00Z")},
		{"UTC+5: at 18:30 UTC it is still the evening before", utc("2025-06-10T18:30:00Z"), time.Minute, utc("2025-06-10T19:01:00Z")},
		{"at midnight exactly: delay later", utc("2025-06-10T19:00:00Z"), time.Minute, utc("2025-06-10T19:01:00Z")},
		{"within the delay after midnight: that same night", utc("2025-06-10T19:00:59.999Z"), time.Minute, utc("2025-06-10T19:01:00Z")},
		{"at the refresh itself: the next night", utc("2025-06-10T19:01:00Z"), time.Minute, utc("2025-06-11T19:01:00Z")},
		{"no delay: at midnight, the next one", utc("2025-06-10T19:00:00Z"), 0, utc("2025-06-11T19:00:00Z")},
		{"a long delay", utc("2025-06-10T12:00:00Z"), 3 * time.Hour, utc("2025-06-10T22:00:00Z")},
		{"a long delay, before it has passed", utc("2025-06-10T21:00:00Z"), 3 * time.Hour, utc("2025-06-10T22:00:00Z")},
		{"the night of the change: 23:00-24:00 on 29 February came twice; midnight at 19:00 UTC",
			utc("2024-02-29T17:30:00Z"), time.Minute, utc("2024-02-29T19:01:00Z")},
		{"the night of the change, during the repeated hour", utc("2024-02-29T18:30:00Z"), time.Minute, utc("2024-02-29T19:01:00Z")},
		{"the day after the change", utc("2024-02-29T19:30:00Z"), time.Minute, utc("2024-03-01T19:01:00Z")},
		{"the night before the change: still UTC+6", utc("2024-02-28T12:00:00Z"), time.Minute, utc("2024-02-28T18:01:00Z")},
		{"new year", utc("2025-12-31T18:00:00Z"), time.Minute, utc("2025-12-31T19:01:00Z")},
		{"leap day", utc("2028-02-28T20:00:00Z"), time.Minute, utc("2028-02-29T19:01:00Z")},
		{"a time given in another zone", utc("2025-06-10T12:00:00Z").In(newYork), time.Minute, utc("2025-06-10T19:01:00Z")},
		{"1981: daylight saving began at midnight; the day began at 01:00", utc("1981-03-31T12:00:00Z"), time.Minute, utc("1981-03-31T18:01:00Z")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := nextRefresh(tc.t, tc.delay)
			if !got.Equal(tc.want) {
				t.Fatalf("nextRefresh(%s, %s) = %s, want %s", tc.t.UTC(), tc.delay, got.UTC(), tc.want.UTC())
			}
			// The date in Almaty changes exactly delay before it.
			m := got.Add(-tc.delay)
			if before, at := domain.Today(m.Add(-time.Nanosecond)), domain.Today(m); at != before.AddDays(1) {
				t.Fatalf("the date in Almaty goes from %s to %s at %s, not to the next day", before, at, m.UTC())
			}
		})
	}
}

// TestSweep: a tenant is dropped once Idle has passed since its last
// query, not its first; Warm adds a tenant as if queried, but refreshing a
// held tenant is not a query.
func TestSweep(t *testing.T) {
	db := openDB(t, testdb.SQLite(t))
	ctx := context.Background()
	a, b, w := newTenant(t, db, "A"), newTenant(t, db, "B"), newTenant(t, db, "W")
	clk := &clock{t: noon}
	c, _ := newCache(t, db, clk.now)
	const idle = 24 * time.Hour

	query(t, c, a, Query{})
	query(t, c, b, Query{})
	clk.add(20 * time.Hour)
	query(t, c, b, Query{}) // b is used again
	// a is held: refreshing it is no query; w is new: it counts as used now.
	if err := c.Warm(ctx, a, w); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		after time.Duration
		held  []int64
	}{
		{0, []int64{a, b, w}},
		{4*time.Hour - time.Nanosecond, []int64{a, b, w}},
		{time.Nanosecond, []int64{b, w}}, // a: 24 hours after its query
		{20 * time.Hour, nil},
	} {
		clk.add(step.after)
		c.sweep(clk.now(), idle)
		if got := c.held(); !slices.Equal(got, step.held) {
			t.Fatalf("at %s: held %v, want %v", clk.now(), got, step.held)
		}
	}
}

// TestWarm: warmed tenants answer their first query without evaluating;
// Warm reports the store's errors by tenant, and stops when ctx ends.
func TestWarm(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := openDB(t, url)
		a, b := newTenant(t, db, "A"), newTenant(t, db, "B")
		binsA := load(t, db, a, spec(8, 4))
		binsB := load(t, db, b, spec(9, 3))
		clk := &clock{t: noon}
		c, ev := newCache(t, db, clk.now)

		if err := c.Warm(ctx, a, b, 999); err != nil {
			t.Fatal(err)
		}
		if got := ev.take(); !reflect.DeepEqual(got, ones(append(binsA, binsB...)...)) {
			t.Fatalf("Warm evaluated %v, want each employer once", got)
		}
		if got := c.held(); !reflect.DeepEqual(got, []int64{a, b, 999}) {
			t.Fatalf("held %v after Warm", got)
		}
		q := Query{Days: 366, Overdue: true, Limit: 1000}
		check(t, "A after Warm", c, db, a, q)
		check(t, "B after Warm", c, db, b, q)
		if got := ev.take(); len(got) != 0 {
			t.Fatalf("first queries after Warm evaluated %v", got)
		}

		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if err := c.Warm(cancelled, a); !errors.Is(err, context.Canceled) {
			t.Fatalf("Warm with a cancelled context: %v", err)
		}

		closed := openDB(t, testdb.SQLite(t))
		closed.Close()
		err := New(closed, engine, clk.now).Warm(ctx, 7, 8)
		if err == nil || !strings.Contains(err.Error(), "tenant 7") || !strings.Contains(err.Error(), "tenant 8") {
			t.Fatalf("Warm on a closed database: %v, want errors naming tenants 7 and 8", err)
		}
	})
}

// TestRun runs the cache in a bubble of fake time over a real database:
// after each midnight in Almaty (plus Delay) the tenants it holds are
// evaluated on the new date before anyone asks, one not queried for Idle is
// dropped and not evaluated, and Run returns when its context ends.
//
// The database is migrated before the bubble: on PostgreSQL the migrations
// wait for an advisory lock that another package's tests may hold, and in
// the bubble that wait would run on fake time and give up at once.
func TestRun(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		openDB(t, url).Close()
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			db, err := store.Connect(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			a, b := newTenant(t, db, "A"), newTenant(t, db, "B")
			binsA := load(t, db, a, spec(10, 4))
			binsB := load(t, db, b, spec(11, 3))
			// The clock starts at 22:00 on 2025-06-10 in Almaty and moves
			// with the bubble's fake time.
			start, base := time.Now(), time.Date(2025, time.June, 10, 22, 0, 0, 0, domain.Almaty())
			now := func() time.Time { return base.Add(time.Since(start)) }
			c, ev := newCache(t, db, now)
			c.Idle = 24 * time.Hour
			q := Query{Days: 30, Overdue: true, Limit: 1000}
			query(t, c, a, q)
			query(t, c, b, q)
			ev.take()

			done := make(chan error)
			go func() { done <- c.Run(ctx) }()
			asOf := func(id int64) domain.Date {
				if t := c.lookup(id); t != nil {
					if s := t.snap.Load(); s != nil {
						return s.asOf
					}
				}
				return 0
			}

			// 23:59 on the 10th: nothing happens before midnight.
			time.Sleep(time.Hour + 59*time.Minute)
			synctest.Wait()
			if got := ev.take(); len(got) != 0 {
				t.Fatalf("before midnight: evaluated %v", got)
			}
			// 00:30 on the 11th: both tenants were evaluated on the 11th at
			// 00:01, and A's first query of the day evaluates nothing.
			time.Sleep(31 * time.Minute)
			synctest.Wait()
			if got, want := ev.take(), ones(append(binsA, binsB...)...); !reflect.DeepEqual(got, want) {
				t.Fatalf("after midnight: evaluated %v, want %v", got, want)
			}
			day := domain.MustDate("2025-06-11")
			if asOf(a) != day || asOf(b) != day {
				t.Fatalf("as of %s and %s after midnight, want %s", asOf(a), asOf(b), day)
			}
			check(t, "A's first query of the day", c, db, a, q)
			if got := ev.take(); len(got) != 0 {
				t.Fatalf("A's first query of the day evaluated %v", got)
			}

			// 22:00 on the 11th: B, last queried 24 hours ago, is dropped.
			time.Sleep(21*time.Hour + 30*time.Minute)
			synctest.Wait()
			if got := c.held(); !reflect.DeepEqual(got, []int64{a}) {
				t.Fatalf("at %s: held %v, want only A", now(), got)
			}
			// 00:30 on the 12th: only A was evaluated, on the 12th.
			time.Sleep(2*time.Hour + 30*time.Minute)
			synctest.Wait()
			if got, want := ev.take(), ones(binsA...); !reflect.DeepEqual(got, want) {
				t.Fatalf("second night: evaluated %v, want %v", got, want)
			}
			if asOf(a) != day.AddDays(1) {
				t.Fatalf("A as of %s on the second night", asOf(a))
			}

			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Fatalf("Run returned %v, want context.Canceled", err)
			}
		})
	})
}
