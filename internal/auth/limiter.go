package auth

import (
	"crypto/sha256"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// A LimitKey identifies who is trying to log in: the email typed and the
// client's IP address. Counting per (email, IP) rather than per email means
// that an attacker guessing a user's password locks out only the attacker's
// own address, not the user; the per-IP cap stops one address trying many
// emails.
type LimitKey struct {
	Email string // as typed; compared without case and surrounding space
	IP    string // "1.2.3.4", "2001:db8::1" or with a port; IPv6 counts per /64
}

// LimiterConfig configures a Limiter. A zero field takes its default.
type LimiterConfig struct {
	// MaxFailures is the most failed logins per (email, IP) in any Window
	// (default 5). Once reached, Allow refuses until the oldest of them is
	// older than Window.
	MaxFailures int
	// Window is the period over which failures count (default 15 minutes).
	Window time.Duration
	// BaseDelay is the wait after the first failure of a key; each further
	// failure in the window doubles it (default 1 second: 1 s, 2 s, 4 s, ...).
	BaseDelay time.Duration
	// MaxIPFailures caps the failed logins from one IP (or IPv6 /64) per
	// window, whatever the emails (default 100: an office behind one NAT
	// must not lock itself out, a password sprayer must not get far).
	MaxIPFailures int
	// MaxKeys caps the number of (email, IP) keys and, separately, of IPs
	// remembered (default 100,000 each: about 28 MB with both tables full,
	// which takes an attack from very many addresses). When a table is
	// full, its least recently seen entry is forgotten first.
	MaxKeys int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// attemptTimeout is how long an attempt that Allow let through counts as in
// flight if its caller never reports Fail or Succeed.
const attemptTimeout = time.Minute

// A Limiter limits failed logins per (email, IP) and per IP, in a sliding
// window with exponential back-off. It is safe for concurrent use and its
// memory is bounded by MaxKeys.
//
// The login handler calls Allow before checking the password; if it is
// allowed, it must then call Fail or Succeed once. An attempt between Allow
// and its Fail or Succeed counts against the caps, so that a burst of
// concurrent attempts cannot overrun them.
type Limiter struct {
	cfg   LimiterConfig
	epoch time.Time // instants are nanoseconds since epoch

	mu   sync.Mutex
	keys lru[keyState] // by hash of (email, IP bucket)
	ips  lru[ipState]  // by hash of the IP bucket
}

// An instant is a time as nanoseconds since the Limiter's epoch: a third of
// a time.Time's size, and (from time.Now) still on the monotonic clock, so
// that a wall clock step neither locks users out nor lets attempts through.
type instant int64

// keyState is one (email, IP)'s recent failures, oldest first, at most
// MaxFailures of them, and its attempts in flight.
type keyState struct {
	fails []instant
	flight
}

// ipState counts one IP's failures in a fixed window from its first
// failure: less exact than keyState's log, but constant in size however
// large MaxIPFailures is. Up to twice the cap can fit around a window's end.
type ipState struct {
	start instant
	fails int
	flight
}

// flight counts attempts allowed and not yet reported; all of them lapse
// attemptTimeout after the latest.
type flight struct {
	n    int
	last instant
}

func (f *flight) inFlight(now instant) int {
	if now-f.last >= instant(attemptTimeout) {
		f.n = 0
	}
	return f.n
}

func (f *flight) begin(now instant) { f.n++; f.last = now }

func (f *flight) end() {
	if f.n > 0 {
		f.n--
	}
}

// NewLimiter returns a Limiter with cfg, its zero fields set to defaults.
func NewLimiter(cfg LimiterConfig) *Limiter {
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = 5
	}
	if cfg.Window <= 0 {
		cfg.Window = 15 * time.Minute
	}
	if cfg.BaseDelay <= 0 {
		cfg.BaseDelay = time.Second
	}
	if cfg.MaxIPFailures <= 0 {
		cfg.MaxIPFailures = 100
	}
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = 100_000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	l := &Limiter{cfg: cfg, epoch: cfg.Now()}
	l.keys.init(cfg.MaxKeys)
	l.ips.init(cfg.MaxKeys)
	return l
}

func (l *Limiter) now() instant { return instant(l.cfg.Now().Sub(l.epoch)) }

// Allow reports whether a login attempt for k may go ahead and, if not, how
// long to wait before the next (for a Retry-After header). An allowed
// attempt is in flight until Fail or Succeed.
func (l *Limiter) Allow(k LimitKey) (ok bool, retryAfter time.Duration) {
	ks, is := limitKeys(k)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)

	var wait time.Duration
	if n := l.keys.get(ks, now); n != nil {
		wait = max(wait, l.keyWait(&n.v, now))
	}
	if n := l.ips.get(is, now); n != nil {
		wait = max(wait, l.ipWait(&n.v, now))
	}
	if wait > 0 {
		return false, wait
	}
	l.keys.getOrAdd(ks, now).v.begin(now)
	l.ips.getOrAdd(is, now).v.begin(now)
	return true, 0
}

// Fail records a failed login for k (wrong password or unknown email) and
// ends one attempt in flight.
func (l *Limiter) Fail(k LimitKey) {
	ks, is := limitKeys(k)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)

	ke := &l.keys.getOrAdd(ks, now).v
	l.pruneKey(ke, now)
	ke.end()
	if ke.fails == nil {
		ke.fails = make([]instant, 0, l.cfg.MaxFailures)
	}
	if len(ke.fails) == l.cfg.MaxFailures {
		ke.fails = append(ke.fails[:0], ke.fails[1:]...)
	}
	ke.fails = append(ke.fails, now)

	ie := &l.ips.getOrAdd(is, now).v
	l.pruneIP(ie, now)
	ie.end()
	if ie.fails == 0 {
		ie.start = now
	}
	ie.fails++
}

// Succeed records a successful login for k: it forgets k's failures and
// attempts in flight, and ends one of its IP's attempts in flight. The IP's
// failures still count, so that one good account does not reset a sprayer's
// budget.
func (l *Limiter) Succeed(k LimitKey) {
	ks, is := limitKeys(k)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)

	if n := l.keys.get(ks, now); n != nil {
		l.keys.remove(n)
	}
	if n := l.ips.get(is, now); n != nil {
		n.v.end()
	}
}

// Len returns how many (email, IP) keys and IPs the Limiter remembers, for
// metrics and tests.
func (l *Limiter) Len() (keys, ips int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys.m), len(l.ips.m)
}

// expire forgets the entries not touched for a window: nothing in them can
// still refuse an attempt (failures are older than the window, back-off is
// at most a window, attempts in flight lapse sooner).
func (l *Limiter) expire(now instant) {
	before := now - instant(max(l.cfg.Window, attemptTimeout))
	l.keys.expire(before)
	l.ips.expire(before)
}

func (l *Limiter) pruneKey(s *keyState, now instant) {
	i := 0
	for i < len(s.fails) && now-s.fails[i] >= instant(l.cfg.Window) {
		i++
	}
	if i > 0 {
		s.fails = append(s.fails[:0], s.fails[i:]...)
	}
}

func (l *Limiter) pruneIP(s *ipState, now instant) {
	if s.fails > 0 && now-s.start >= instant(l.cfg.Window) {
		s.fails = 0
	}
}

// keyWait returns how long k must wait before its next attempt, 0 if none.
func (l *Limiter) keyWait(s *keyState, now instant) time.Duration {
	l.pruneKey(s, now)
	n := len(s.fails)
	if n >= l.cfg.MaxFailures {
		return time.Duration(s.fails[0]-now) + l.cfg.Window
	}
	if n > 0 {
		if d := time.Duration(s.fails[n-1]-now) + l.backoff(n); d > 0 {
			return d
		}
	}
	if n+s.inFlight(now) >= l.cfg.MaxFailures {
		return l.cfg.BaseDelay // others are in flight: try again shortly
	}
	return 0
}

func (l *Limiter) ipWait(s *ipState, now instant) time.Duration {
	l.pruneIP(s, now)
	if s.fails >= l.cfg.MaxIPFailures {
		return time.Duration(s.start-now) + l.cfg.Window
	}
	if s.fails+s.inFlight(now) >= l.cfg.MaxIPFailures {
		return l.cfg.BaseDelay
	}
	return 0
}

// backoff is the wait after the n-th failure in the window: BaseDelay·2ⁿ⁻¹,
// at most Window.
func (l *Limiter) backoff(n int) time.Duration {
	d := l.cfg.BaseDelay
	for i := 1; i < n && d < l.cfg.Window; i++ {
		d *= 2
	}
	return min(d, l.cfg.Window)
}

// limitKeys returns the table keys of k: fixed-size hashes, so that a long
// email costs no more memory than a short one and no email is kept in
// memory in the clear.
func limitKeys(k LimitKey) (key, ip tableKey) {
	b := ipBucket(k.IP)
	email := strings.ToLower(strings.TrimSpace(k.Email))
	kh := sha256.Sum256([]byte("key\x00" + b + "\x00" + email))
	ih := sha256.Sum256([]byte("ip\x00" + b))
	return tableKey(kh[:16]), tableKey(ih[:16])
}

// A tableKey is 128 bits of SHA-256: no collision will be found.
type tableKey [16]byte

// ipBucket returns the address ip counts under: the address itself for
// IPv4 (also IPv4-mapped IPv6), its /64 for IPv6 (one subscriber's
// allocation, which an attacker can cycle through freely), and the string
// as given if it does not parse.
func ipBucket(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		ap, err := netip.ParseAddrPort(ip)
		if err != nil {
			return ip
		}
		a = ap.Addr()
	}
	a = a.Unmap().WithZone("")
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// lru is a map whose entries are also on a list from most to least recently
// touched, with a cap on its size.
type lru[V any] struct {
	m          map[tableKey]*node[V]
	head, tail *node[V] // most and least recently touched
	max        int
}

type node[V any] struct {
	key        tableKey
	touched    instant
	prev, next *node[V]
	v          V
}

func (c *lru[V]) init(size int) {
	c.m = make(map[tableKey]*node[V])
	c.max = size
}

// get returns the entry for k, touched at now, or nil.
func (c *lru[V]) get(k tableKey, now instant) *node[V] {
	n := c.m[k]
	if n != nil {
		c.unlink(n)
		c.pushFront(n, now)
	}
	return n
}

// getOrAdd returns the entry for k, touched at now, adding it (and
// forgetting the least recently touched entry if full) if it is missing.
func (c *lru[V]) getOrAdd(k tableKey, now instant) *node[V] {
	if n := c.get(k, now); n != nil {
		return n
	}
	for len(c.m) >= c.max && c.tail != nil {
		c.remove(c.tail)
	}
	n := &node[V]{key: k}
	c.m[k] = n
	c.pushFront(n, now)
	return n
}

func (c *lru[V]) remove(n *node[V]) {
	c.unlink(n)
	delete(c.m, n.key)
}

// expire removes the entries last touched before t.
func (c *lru[V]) expire(t instant) {
	for c.tail != nil && c.tail.touched < t {
		c.remove(c.tail)
	}
}

func (c *lru[V]) pushFront(n *node[V], now instant) {
	n.touched = now
	n.prev, n.next = nil, c.head
	if c.head != nil {
		c.head.prev = n
	}
	c.head = n
	if c.tail == nil {
		c.tail = n
	}
}

func (c *lru[V]) unlink(n *node[V]) {
	if n.prev != nil {
		n.prev.next = n.next
	} else {
		c.head = n.next
	}
	if n.next != nil {
		n.next.prev = n.prev
	} else {
		c.tail = n.prev
	}
	n.prev, n.next = nil, nil
}
