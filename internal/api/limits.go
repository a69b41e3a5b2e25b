package api

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ruqsat/ruqsat/internal/auth"
)

// Limits are the server's defences against clients that are slow or many:
// how long each part of a request may take, and how many connections are
// served at once. A zero field takes its default.
//
// A request body is cut (the read fails, the connection is closed) when no
// byte of it comes for BodyIdleTimeout, or when, BodyGrace after the
// request began, it has come at less than BodyMinRate on average: a 20 MB
// upload at 64 KiB/s (five minutes) passes, a body trickled a byte at a time
// does not. There is deliberately no timeout on the whole request.
type Limits struct {
	// ReadHeaderTimeout bounds the reading of a request's line and headers
	// (default 10 s).
	ReadHeaderTimeout time.Duration
	// IdleTimeout closes a keep-alive connection that waits this long for
	// its next request (default 60 s).
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds a request's line and headers (default 64 KiB).
	MaxHeaderBytes int
	// BodyIdleTimeout cuts a request body that sends no byte for this long
	// (default 15 s).
	BodyIdleTimeout time.Duration
	// BodyMinRate is the least average rate of a request body, in bytes a
	// second, counted from the start of the request once BodyGrace has
	// passed (default 1024).
	BodyMinRate int
	// BodyGrace is how long a request body may come at any rate before
	// BodyMinRate applies (default 10 s).
	BodyGrace time.Duration
	// MaxConns caps the connections open at once; one more is closed as
	// soon as it is accepted (default 4096).
	MaxConns int
	// MaxConnsPerIP caps the connections open at once from one client
	// address (an IPv6 /64 counts as one address), so that one client
	// cannot take all of MaxConns (default 128). Connections from the
	// trusted proxies count only against MaxConns.
	MaxConnsPerIP int
}

// withDefaults returns l with its zero fields set to the defaults.
func (l Limits) withDefaults() Limits {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.ReadHeaderTimeout, 10*time.Second)
	def(&l.IdleTimeout, 60*time.Second)
	def(&l.BodyIdleTimeout, 15*time.Second)
	def(&l.BodyGrace, 10*time.Second)
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = 64 << 10
	}
	if l.BodyMinRate <= 0 {
		l.BodyMinRate = 1024
	}
	if l.MaxConns <= 0 {
		l.MaxConns = 4096
	}
	if l.MaxConnsPerIP <= 0 {
		l.MaxConnsPerIP = 128
	}
	return l
}

// HTTPServer returns an http.Server that serves s with the timeouts of
// its Limits. Serve it on s.Listener(ln), which applies the connection
// caps; the caller may set ErrorLog and the like before serving.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.limits.ReadHeaderTimeout,
		IdleTimeout:       s.limits.IdleTimeout,
		MaxHeaderBytes:    s.limits.MaxHeaderBytes,
	}
}

// Listener returns ln with s's connection caps: a connection beyond
// MaxConns, or beyond MaxConnsPerIP from its address, is closed as soon as
// it is accepted, before anything is read from it.
func (s *Server) Listener(ln net.Listener) net.Listener {
	return &limitListener{Listener: ln, total: s.limits.MaxConns, perIP: s.limits.MaxConnsPerIP,
		exempt: s.proxies, byIP: map[netip.Addr]int{}, refused: s.refused}
}

// limitListener is the net.Listener of Server.Listener.
type limitListener struct {
	net.Listener
	total, perIP int
	exempt       []netip.Prefix // counted only in total
	refused      *prometheus.CounterVec

	mu   sync.Mutex
	open int
	byIP map[netip.Addr]int
}

// Accept returns the next connection within the caps, closing those beyond
// them on the way.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip, counted := l.key(c.RemoteAddr())
		if reason := l.admit(ip, counted); reason != "" {
			l.refused.WithLabelValues(reason).Inc()
			c.Close()
			continue
		}
		return &limitConn{Conn: c, l: l, ip: ip, counted: counted}, nil
	}
}

// key returns the address a connection from addr counts under, and whether
// it counts per address at all (not for trusted proxies or non-IP
// addresses).
func (l *limitListener) key(addr net.Addr) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return netip.Addr{}, false
	}
	ip := ap.Addr().Unmap()
	if inAny(ip, l.exempt) {
		return ip, false
	}
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		ip = p.Addr()
	}
	return ip, true
}

// admit counts a new connection and returns "", or why it is refused.
func (l *limitListener) admit(ip netip.Addr, counted bool) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open >= l.total {
		return "total"
	}
	if counted {
		if l.byIP[ip] >= l.perIP {
			return "per_ip"
		}
		l.byIP[ip]++
	}
	l.open++
	return ""
}

func (l *limitListener) release(ip netip.Addr, counted bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open--
	if counted {
		if l.byIP[ip]--; l.byIP[ip] <= 0 {
			delete(l.byIP, ip)
		}
	}
}

// limitConn gives its place back when it is closed, once.
type limitConn struct {
	net.Conn
	l       *limitListener
	ip      netip.Addr
	counted bool
	once    sync.Once
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.release(c.ip, c.counted) })
	return err
}

// limitBody returns r with its body, if it has one, cut when it stalls or
// crawls (see Limits). Reading it sets the connection's read deadline
// before each read (which also overrides huma's deadline for a whole
// body); the body's end clears it, so that the server's wait for the client
// to go away never times out under a long handler. A handler that does not
// read the body is covered too: the deadline is set at once, and bounds the
// server's own reading of the rest after the handler.
//
// r itself is left alone: net/http looks at the body of the request it
// made to tell whether a cut body leaves the connection unusable, which it
// cannot see through a wrapper.
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request) *http.Request {
	if r.Body == nil || r.Body == http.NoBody {
		return r
	}
	b := &slowBody{body: r.Body, rc: http.NewResponseController(w), lim: &s.limits, start: time.Now()}
	if err := b.arm(); err != nil {
		return r // not a connection of net/http's server (a test recorder)
	}
	r = r.WithContext(r.Context()) // a shallow copy
	r.Body = b
	return r
}

// slowBody is a request body with the deadlines of limitBody.
type slowBody struct {
	body  io.ReadCloser
	rc    *http.ResponseController
	lim   *Limits
	start time.Time
	n     int64 // bytes read so far
	done  bool  // the body has ended
	err   error // the read error that cut it, returned from then on
}

// arm sets the read deadline for the next byte: BodyIdleTimeout from now,
// or sooner, when the bytes read so far fall below BodyMinRate on average
// since the start (after BodyGrace).
func (b *slowBody) arm() error {
	d := time.Now().Add(b.lim.BodyIdleTimeout)
	byRate := b.start.Add(b.lim.BodyGrace + time.Duration(float64(b.n)/float64(b.lim.BodyMinRate)*float64(time.Second)))
	if byRate.Before(d) {
		d = byRate
	}
	return b.rc.SetReadDeadline(d)
}

func (b *slowBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if !b.done {
		if err := b.arm(); err != nil {
			return 0, err
		}
	}
	n, err := b.body.Read(p)
	b.n += int64(n)
	switch {
	case errors.Is(err, io.EOF):
		if !b.done {
			b.done = true
			b.rc.SetReadDeadline(time.Time{})
		}
	case err != nil:
		b.err = err
	}
	return n, err
}

func (b *slowBody) Close() error { return b.body.Close() }

// refusedCounter registers the count of connections refused by the caps.
func refusedCounter(reg *prometheus.Registry) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ruqsat_http_connections_refused_total",
		Help: "Connections closed at once because of the cap on all connections (total) or on one address's (per_ip).",
	}, []string{"reason"})
	reg.MustRegister(c)
	return c
}

// setSecurityHeaders marks every response nosniff and, unless its handler
// says otherwise (the UI's static files), not to be stored: API answers
// hold a tenant's records.
func setSecurityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
}

// busy is the 503 answer to a password check the hash gate refused.
func busy(e *auth.BusyError) error {
	return &retryError{&huma.ErrorModel{Title: http.StatusText(http.StatusServiceUnavailable),
		Status: http.StatusServiceUnavailable, Detail: e.Error()}, e.RetryAfter}
}

// DefaultLimits returns the Limits a zero Limits stands for.
func DefaultLimits() Limits { return Limits{}.withDefaults() }
