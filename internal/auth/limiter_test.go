package auth

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newTestLimiter(clk *fakeClock, cfg LimiterConfig) *Limiter {
	cfg.Now = clk.Now
	return NewLimiter(cfg)
}

var alice = LimitKey{Email: "alice@example.kz", IP: "203.0.113.7"}

// attempt is one login that fails, as a handler would make it: Allow, then
// Fail if allowed.
func attempt(t *testing.T, l *Limiter, k LimitKey) {
	t.Helper()
	if ok, wait := l.Allow(k); !ok {
		t.Fatalf("Allow(%v) refused (retry after %v), want allowed", k, wait)
	}
	l.Fail(k)
}

func wantAllowed(t *testing.T, l *Limiter, k LimitKey) {
	t.Helper()
	if ok, wait := l.Allow(k); !ok {
		t.Fatalf("Allow(%v) refused (retry after %v), want allowed", k, wait)
	}
}

func wantRefused(t *testing.T, l *Limiter, k LimitKey, retryAfter time.Duration) {
	t.Helper()
	ok, wait := l.Allow(k)
	if ok || wait != retryAfter {
		t.Fatalf("Allow(%v) = %v, %v; want false, %v", k, ok, wait, retryAfter)
	}
}

func TestLimiterDefaults(t *testing.T) {
	l := NewLimiter(LimiterConfig{})
	c := l.cfg
	if c.MaxFailures != 5 || c.Window != 15*time.Minute || c.BaseDelay != time.Second ||
		c.MaxIPFailures != 100 || c.MaxKeys != 100_000 || c.Now == nil {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLimiterAllowsFirstAttempt(t *testing.T) {
	l := newTestLimiter(newFakeClock(), LimiterConfig{})
	wantAllowed(t, l, alice)
}

func TestLimiterBacksOffExponentially(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5, BaseDelay: time.Second})
	for _, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		attempt(t, l, alice)
		wantRefused(t, l, alice, wait)
		clk.Advance(wait - time.Millisecond)
		wantRefused(t, l, alice, time.Millisecond)
		clk.Advance(time.Millisecond)
	}
	start := clk.Now().Add(-15 * time.Second) // the first failure
	attempt(t, l, alice)                      // the fifth: the cap
	wantRefused(t, l, alice, start.Add(15*time.Minute).Sub(clk.Now()))
}

func TestLimiterBackoffAfterNthFailure(t *testing.T) {
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{
		{1, time.Second},
		{2, 2 * time.Second},
		{3, 4 * time.Second},
		{4, 8 * time.Second},
	} {
		t.Run(fmt.Sprint(tc.failures), func(t *testing.T) {
			clk := newFakeClock()
			l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5, BaseDelay: time.Second})
			for range tc.failures {
				l.Fail(alice) // all at one instant
			}
			wantRefused(t, l, alice, tc.want)
			clk.Advance(tc.want)
			wantAllowed(t, l, alice)
		})
	}
}

func TestLimiterBackoffIsCappedAtTheWindow(t *testing.T) {
	l := NewLimiter(LimiterConfig{MaxFailures: 100, BaseDelay: time.Second, Window: time.Minute})
	if got := l.backoff(99); got != time.Minute {
		t.Errorf("backoff(99) = %v, want the window, 1m", got)
	}
}

func TestLimiterRefusesAfterMaxFailuresUntilTheWindowPasses(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5, Window: 15 * time.Minute, BaseDelay: time.Second})
	start := clk.Now()
	for i := range 5 {
		attempt(t, l, alice)
		clk.Advance(l.backoff(i + 1))
	}
	// 1+2+4+8+16 s have passed; the first failure was at start.
	wantRefused(t, l, alice, start.Add(15*time.Minute).Sub(clk.Now()))
	clk.Advance(start.Add(15 * time.Minute).Sub(clk.Now()))
	// The oldest failure left the window: one more attempt, and no more,
	// since the other four are still in it.
	attempt(t, l, alice)
	ok, _ := l.Allow(alice)
	if ok {
		t.Fatal("allowed a sixth failure within one window")
	}
}

func TestLimiterForgetsFailuresAfterTheWindow(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5, Window: 15 * time.Minute})
	for range 5 {
		l.Fail(alice)
	}
	wantRefused(t, l, alice, 15*time.Minute)
	clk.Advance(15*time.Minute - time.Second)
	wantRefused(t, l, alice, time.Second)
	clk.Advance(time.Second)
	// All five have left the window: back to a fresh start, with one second
	// of back-off after the next failure, not sixteen.
	attempt(t, l, alice)
	wantRefused(t, l, alice, time.Second)
}

func TestLimiterSucceedClearsTheKey(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5})
	for range 4 {
		l.Fail(alice)
	}
	wantRefused(t, l, alice, 8*time.Second)
	l.Succeed(alice)
	wantAllowed(t, l, alice)
	l.Fail(alice)
	wantRefused(t, l, alice, time.Second)
}

func TestLimiterCountsEachEmailAndIPApart(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5})
	for range 5 {
		l.Fail(alice)
	}
	for _, tc := range []struct {
		name    string
		k       LimitKey
		refused bool
	}{
		{"same email and IP", alice, true},
		{"email in another case, with spaces", LimitKey{Email: "  Alice@Example.KZ ", IP: alice.IP}, true},
		{"IP with a port", LimitKey{Email: alice.Email, IP: alice.IP + ":51234"}, true},
		{"IPv4-mapped IPv6", LimitKey{Email: alice.Email, IP: "::ffff:" + alice.IP}, true},
		// The owner of the account, elsewhere, is not locked out.
		{"same email, other IP", LimitKey{Email: alice.Email, IP: "198.51.100.1"}, false},
		{"other email, same IP", LimitKey{Email: "bob@example.kz", IP: alice.IP}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, _ := l.Allow(tc.k)
			if ok == tc.refused {
				t.Errorf("Allow(%+v) = %v, want %v", tc.k, ok, !tc.refused)
			}
			if ok {
				l.Succeed(tc.k)
			}
		})
	}
}

func TestLimiterCapsFailuresPerIP(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5, MaxIPFailures: 10, Window: 15 * time.Minute})
	sprayer := "192.0.2.66"
	for i := range 10 {
		attempt(t, l, LimitKey{Email: fmt.Sprintf("user%d@example.kz", i), IP: sprayer})
	}
	fresh := LimitKey{Email: "fresh@example.kz", IP: sprayer}
	wantRefused(t, l, fresh, 15*time.Minute)

	// A good login from the same IP does not reset the IP's count.
	l.Succeed(LimitKey{Email: "user0@example.kz", IP: sprayer})
	wantRefused(t, l, fresh, 15*time.Minute)

	// Other IPs are unaffected.
	wantAllowed(t, l, LimitKey{Email: fresh.Email, IP: "192.0.2.67"})

	clk.Advance(15 * time.Minute)
	wantAllowed(t, l, fresh)
}

func TestLimiterCountsIPv6PerSlash64(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5, MaxIPFailures: 3})
	for i := range 3 {
		// Each failure from another address of one /64 and another email.
		attempt(t, l, LimitKey{Email: fmt.Sprintf("u%d@example.kz", i), IP: fmt.Sprintf("2001:db8:1:2::%x", i+1)})
	}
	for _, tc := range []struct {
		ip      string
		refused bool
	}{
		{"2001:db8:1:2::ffff", true},
		{"[2001:db8:1:2::9]:443", true},
		{"2001:db8:1:2:aaaa:bbbb:cccc:dddd", true},
		{"2001:db8:1:3::1", false},
	} {
		ok, _ := l.Allow(LimitKey{Email: "new@example.kz", IP: tc.ip})
		if ok == tc.refused {
			t.Errorf("Allow from %s = %v, want %v", tc.ip, ok, !tc.refused)
		}
	}
}

func TestLimiterCountsAttemptsInFlightAgainstTheCap(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5, BaseDelay: time.Second})
	for range 5 {
		wantAllowed(t, l, alice) // five concurrent attempts, none reported yet
	}
	wantRefused(t, l, alice, time.Second)

	// An attempt never reported lapses after attemptTimeout.
	clk.Advance(attemptTimeout)
	wantAllowed(t, l, alice)
}

func TestLimiterCountsAttemptsInFlightAgainstTheIPCap(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxIPFailures: 3, BaseDelay: time.Second})
	for i := range 3 {
		wantAllowed(t, l, LimitKey{Email: fmt.Sprintf("u%d@example.kz", i), IP: alice.IP})
	}
	wantRefused(t, l, alice, time.Second)
	l.Succeed(LimitKey{Email: "u0@example.kz", IP: alice.IP}) // one attempt done
	wantAllowed(t, l, alice)
}

func TestLimiterBurstOfConcurrentAttemptsStaysWithinTheCap(t *testing.T) {
	// The clock does not move: however the goroutines interleave, no more
	// than MaxFailures attempts of one key may be let through.
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 5, MaxIPFailures: 20})
	var allowed, allowedIP atomic.Int32
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			if ok, _ := l.Allow(alice); ok {
				allowed.Add(1)
				l.Fail(alice)
			}
			k := LimitKey{Email: fmt.Sprintf("spray%d@example.kz", i), IP: "192.0.2.1"}
			if ok, _ := l.Allow(k); ok {
				allowedIP.Add(1)
				l.Fail(k)
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n < 1 || n > 5 {
		t.Errorf("%d attempts of one key let through, want 1 to 5", n)
	}
	if n := allowedIP.Load(); n < 1 || n > 20 {
		t.Errorf("%d attempts from one IP let through, want 1 to 20", n)
	}
}

func TestLimiterForgetsIdleKeys(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{Window: 15 * time.Minute})
	for i := range 1000 {
		l.Fail(LimitKey{Email: fmt.Sprintf("u%d@example.kz", i), IP: fmt.Sprintf("10.0.%d.%d", i/256, i%256)})
	}
	if keys, ips := l.Len(); keys != 1000 || ips != 1000 {
		t.Fatalf("Len = %d, %d; want 1000, 1000", keys, ips)
	}
	clk.Advance(15*time.Minute + time.Nanosecond)
	wantAllowed(t, l, alice) // any call sweeps
	if keys, ips := l.Len(); keys != 1 || ips != 1 {
		t.Errorf("after a window, Len = %d, %d; want 1, 1 (alice's attempt in flight)", keys, ips)
	}
}

func TestLimiterEvictsLeastRecentKeysBeyondMaxKeys(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxKeys: 100, MaxFailures: 1})
	key := func(i int) LimitKey {
		return LimitKey{Email: fmt.Sprintf("u%d@example.kz", i), IP: fmt.Sprintf("10.%d.%d.%d", i>>16, (i>>8)&255, i&255)}
	}
	for i := range 10_000 {
		l.Fail(key(i))
		clk.Advance(time.Millisecond)
	}
	if keys, ips := l.Len(); keys != 100 || ips != 100 {
		t.Errorf("Len = %d, %d; want the cap, 100, 100", keys, ips)
	}
	// The most recent keys are remembered, the oldest forgotten.
	if ok, _ := l.Allow(key(9_999)); ok {
		t.Error("the most recent key was forgotten")
	}
	if ok, _ := l.Allow(key(0)); !ok {
		t.Error("the oldest key is still remembered beyond the cap")
	}
}

func TestLimiterIsSafeForConcurrentUse(t *testing.T) {
	// Run with -race. Many goroutines on few keys, a clock that moves, and
	// a small cap so that eviction happens all along.
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxKeys: 50, Window: time.Minute, BaseDelay: time.Millisecond})
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for range 2000 {
				k := LimitKey{Email: fmt.Sprintf("u%d@example.kz", r.IntN(80)), IP: fmt.Sprintf("10.0.0.%d", r.IntN(60))}
				switch r.IntN(10) {
				case 0:
					clk.Advance(time.Duration(r.IntN(1000)) * time.Millisecond)
				case 1:
					l.Len()
				default:
					if ok, wait := l.Allow(k); ok {
						if r.IntN(4) == 0 {
							l.Succeed(k)
						} else {
							l.Fail(k)
						}
					} else if wait <= 0 {
						t.Errorf("refused with retryAfter %v", wait)
					}
				}
			}
		})
	}
	wg.Wait()
	if keys, ips := l.Len(); keys > 50 || ips > 50 {
		t.Errorf("Len = %d, %d; above the cap of 50", keys, ips)
	}
}

func BenchmarkLimiterAllowFail(b *testing.B) {
	l := NewLimiter(LimiterConfig{})
	keys := make([]LimitKey, 1024)
	for i := range keys {
		keys[i] = LimitKey{Email: fmt.Sprintf("u%d@example.kz", i), IP: fmt.Sprintf("10.0.%d.%d", i/256, i%256)}
	}
	i := 0
	for b.Loop() {
		k := keys[i%len(keys)]
		if ok, _ := l.Allow(k); ok {
			l.Fail(k)
		}
		i++
	}
}
