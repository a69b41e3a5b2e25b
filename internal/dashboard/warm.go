package dashboard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Run keeps the cache warm until ctx is done, then returns ctx.Err().
//
// Shortly after each midnight in Almaty (Delay past it) it refreshes every
// tenant the cache holds on the new date, one tenant at a time, so that the
// first query of the day finds the tenant's dashboard computed. Before that,
// and every hour (every Idle when that is shorter), it drops the tenants not
// queried for Idle: they are not refreshed, and their next query computes
// their dashboard afresh.
//
// The schedule follows the cache's clock; the waits are the time package's
// timers. Refresh errors are logged, not returned: the tenant's next query
// tries again. Run is meant to run once per Cache.
func (c *Cache) Run(ctx context.Context) error {
	idle := c.idle()
	sweep := time.NewTicker(min(idle, time.Hour))
	defer sweep.Stop()
	// The target moves on only once its refresh has run: a sweep that
	// ends just after the target must not push it to the next night.
	target := nextRefresh(c.now(), c.delay())
	for {
		timer := time.NewTimer(max(0, target.Sub(c.now())))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-sweep.C:
			timer.Stop()
			if n := c.sweep(c.now(), idle); n > 0 {
				c.log().Info("dashboard: dropped idle tenants", "count", n)
			}
		case <-timer.C:
			target = nextRefresh(c.now(), c.delay())
			start := time.Now()
			dropped := c.sweep(c.now(), idle)
			ids := c.held()
			err := c.refreshTenants(ctx, ids, false)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				c.log().Warn("dashboard: nightly refresh", "err", err)
			}
			c.log().Info("dashboard: nightly refresh", "tenants", len(ids), "dropped", dropped, "took", time.Since(start))
		}
	}
}

// Warm brings the dashboards of these tenants up to date on today's date,
// one tenant at a time, so that their first query does not wait for it: at
// server start, for instance. A tenant the cache does not hold is added as
// if queried now (Run keeps it for Idle). A tenant id that names no tenant
// gets an empty dashboard.
//
// When ctx ends Warm stops and returns ctx.Err(). Otherwise it tries every
// tenant and returns the store's errors, joined, each naming its tenant.
func (c *Cache) Warm(ctx context.Context, tenantIDs ...int64) error {
	return c.refreshTenants(ctx, tenantIDs, true)
}

// refreshTenants refreshes the tenants ids, in order, on today's date. With
// add it adds those the cache does not hold; without, it skips them (a
// tenant dropped since the ids were listed). Errors are those of Warm.
func (c *Cache) refreshTenants(ctx context.Context, ids []int64, add bool) error {
	var errs []error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		now := c.now()
		var t *tenant
		if add {
			t = c.hold(id, now, false)
		} else if t = c.lookup(id); t == nil {
			continue
		}
		if _, err := c.refresh(ctx, t, domain.Today(now)); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			errs = append(errs, fmt.Errorf("dashboard of tenant %d: %w", id, err))
		}
	}
	return errors.Join(errs...)
}

// sweep drops the tenants whose last query (or Warm) is idle or longer
// before now, and returns how many it dropped.
func (c *Cache) sweep(now time.Time, idle time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for id, t := range c.tenants {
		if !t.used.Add(idle).After(now) {
			delete(c.tenants, id)
			n++
		}
	}
	return n
}

// held returns the ids of the tenants the cache holds, in increasing order.
func (c *Cache) held() []int64 {
	c.mu.Lock()
	ids := make([]int64, 0, len(c.tenants))
	for id := range c.tenants {
		ids = append(ids, id)
	}
	c.mu.Unlock()
	slices.Sort(ids)
	return ids
}

// lookup returns the tenant's cache entry, or nil when the cache does not
// hold it.
func (c *Cache) lookup(id int64) *tenant {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tenants[id]
}

func (c *Cache) idle() time.Duration {
	if c.Idle <= 0 {
		return DefaultIdle
	}
	return c.Idle
}

// delay returns Delay, or DefaultDelay when Delay is not a duration from 0
// (excluded) to a day (excluded).
func (c *Cache) delay() time.Duration {
	if c.Delay <= 0 || c.Delay >= 24*time.Hour {
		return DefaultDelay
	}
	return c.Delay
}

func (c *Cache) log() *slog.Logger {
	if c.Log == nil {
		return slog.Default()
	}
	return c.Log
}

// nextRefresh returns the first instant after t that is delay past a
// midnight in Almaty. delay is less than a day. The day is the one after
// the date of t − delay, so a t between a midnight and delay past it gets
// that same night's refresh, not the next one.
func nextRefresh(t time.Time, delay time.Duration) time.Time {
	return midnight(domain.Today(t.Add(-delay)).AddDays(1)).Add(delay)
}

// midnight returns the instant at which day d begins in Almaty: the first
// instant whose domain.Today is d.
func midnight(d domain.Date) time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, domain.Almaty())
}
