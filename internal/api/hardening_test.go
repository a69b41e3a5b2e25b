package api_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/testdb"
	"github.com/ruqsat/ruqsat/internal/web"
)

// served is an API server with the web UI mounted, as serve runs it: its
// http.Server and connection caps on a listener of 127.0.0.1.
type served struct {
	addr string
	reg  *prometheus.Registry
}

// serveHardened serves cfg (its DB and Limits) with the web UI, on a
// listener that holds at most fds connections at once, the way a process
// out of file descriptors accepts no more (see fdBudget).
func serveHardened(t *testing.T, f *fixture, cfg api.Config, fds int) *served {
	t.Helper()
	if cfg.App == nil {
		cfg.App = app.New(app.Config{DB: f.db})
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	s := api.New(cfg)
	s.Mount("/", web.New(web.Config{App: s.App()}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := s.HTTPServer()
	budget := &fdBudget{Listener: ln, slots: make(chan struct{}, fds), done: make(chan struct{})}
	go srv.Serve(s.Listener(budget))
	t.Cleanup(func() {
		budget.Close()
		srv.Close()
	})
	return &served{addr: ln.Addr().String(), reg: cfg.Registry}
}

// fdBudget stands for the file descriptors of the process: it accepts a
// connection only while fewer than cap(slots) it accepted are open. Like
// accept(2) failing with EMFILE, it leaves the others waiting in the
// listen backlog, so that a server holding on to connections it should
// have closed stops answering anyone.
type fdBudget struct {
	net.Listener
	slots chan struct{}
	done  chan struct{}
	once  sync.Once
}

func (l *fdBudget) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &budgetConn{Conn: c, release: sync.OnceFunc(func() { <-l.slots })}, nil
}

func (l *fdBudget) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

type budgetConn struct {
	net.Conn
	release func()
}

func (c *budgetConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// dialFrom connects to addr from the local address ip (any of 127/8 on
// Linux), so that a test can be several clients.
func dialFrom(t *testing.T, ip, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// clientFrom is an HTTP client whose connections come from ip. Its timeout
// only bounds a failing test.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// stalledRequests are requests that never finish: headers and the start
// of a body that never comes, on every kind of route (the UI's forms, the
// login, an authenticated write, an unknown API path, an operational
// endpoint), and headers that never end.
func stalledRequests(bin string) []string {
	body := func(method, path, ct string) string {
		return method + " " + path + " HTTP/1.1\r\nHost: ruqsat.test\r\nContent-Type: " + ct + "\r\nContent-Length: 1000\r\n\r\nab"
	}
	form, js := "application/x-www-form-urlencoded", "application/json"
	return []string{
		body("POST", "/login", form),
		body("POST", "/logout", form),
		body("POST", "/lang", form),
		body("POST", "/api/v1/session", js),
		body("PUT", "/api/v1/employers/"+bin, js),
		body("POST", "/api/v1/nothing", js),
		body("GET", "/healthz", js),
		"POST /api/v1/session HTTP/1.1\r\nHost: ruqsat.test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"ema",
		"GET /healthz HTTP/1.1\r\nHost: ruqsat.test\r\nX-Slow: ",
	}
}

// TestHealthzAnswersWhileOneAddressHoldsConnections: 300 connections from
// one address that send headers and never the body (or never the end of
// the headers) are more than the process can hold (here 200 "file
// descriptors"); the cap per address closes those beyond it at once, and
// /healthz still answers another address.
func TestHealthzAnswersWhileOneAddressHoldsConnections(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		// Timeouts long enough that only the caps free connections here.
		srv := serveHardened(t, f, api.Config{Limits: api.Limits{MaxConnsPerIP: 50, MaxConns: 1000,
			ReadHeaderTimeout: time.Minute, BodyIdleTimeout: time.Minute, BodyGrace: time.Minute}}, 200)
		reqs := stalledRequests(f.binA)
		const stalled = 300
		for i := range stalled {
			c := dialFrom(t, "127.0.0.1", srv.addr)
			t.Cleanup(func() { c.Close() })
			// A write can fail once the server closed the connection.
			c.Write([]byte(reqs[i%len(reqs)]))
		}

		resp, err := clientFrom("127.0.0.2").Get("http://" + srv.addr + "/healthz")
		if err != nil {
			t.Fatalf("/healthz with %d stalled connections: %v", stalled, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != "ok\n" {
			t.Fatalf("/healthz: %d %q", resp.StatusCode, b)
		}
		// The connections are accepted in order: all 300 were before
		// /healthz's, and all but 50 were closed at once.
		if got := refused(t, srv.reg, "per_ip"); got != stalled-50 {
			t.Errorf("%v connections refused per address, want %d", got, stalled-50)
		}
	})
}

// refused reads ruqsat_http_connections_refused_total{reason}.
func refused(t *testing.T, reg *prometheus.Registry, reason string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "ruqsat_http_connections_refused_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "reason" && l.GetValue() == reason {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// TestTotalConnectionCap: beyond MaxConns, a connection from any address
// is closed at once, before anything is read from it.
func TestTotalConnectionCap(t *testing.T) {
	f := newFixtureOn(t, testdb.SQLite(t))
	srv := serveHardened(t, f, api.Config{Limits: api.Limits{MaxConnsPerIP: 10, MaxConns: 20}}, 1000)
	for i := range 4 {
		ip := fmt.Sprintf("127.0.0.%d", 10+i)
		for range 10 {
			c := dialFrom(t, ip, srv.addr)
			t.Cleanup(func() { c.Close() })
		}
	}
	// Once the 40 connections are accepted, 20 are open and 20 closed; a
	// request from a fifth address finds the server full.
	c := dialFrom(t, "127.0.0.20", srv.addr)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second)) // bounds a failing test
	fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: ruqsat.test\r\n\r\n")
	if b, err := io.ReadAll(c); err != nil && isTimeout(err) || len(b) > 0 {
		t.Fatalf("a connection beyond the total cap was served: %q, %v", b, err)
	}
	if got := refused(t, srv.reg, "total"); got != 21 {
		t.Errorf("%v connections refused by the total cap, want 21", got)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestSlowBodiesAreCut: a request body that stops coming, or comes a byte
// at a time, is cut on every route (the UI's form handlers included), and
// the connection closed: it does not hold a connection for ever.
func TestSlowBodiesAreCut(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		// Short limits; the trickle below sends a byte every 20 ms, well
		// within BodyIdleTimeout, but far below BodyMinRate.
		srv := serveHardened(t, f, api.Config{Limits: api.Limits{
			BodyIdleTimeout: 400 * time.Millisecond, BodyGrace: 400 * time.Millisecond, BodyMinRate: 1024}}, 1000)
		routes := []struct{ method, path, token string }{
			{"POST", "/login", ""},
			{"POST", "/logout", ""},
			{"POST", "/lang", ""},
			{"POST", "/api/v1/session", ""},
			{"PUT", "/api/v1/employers/" + f.binA, ""},       // refused before the body is read
			{"PUT", "/api/v1/employers/" + f.binA, f.tokenA}, // read
			{"PUT", "/api/v1/me/password", f.tokenA},         // read
			{"POST", "/api/v1/nothing", ""},                  // no such route
			{"GET", "/healthz", ""},                          // a body nobody reads
		}
		// All at once: each waits for the server to cut it.
		var wg sync.WaitGroup
		for _, rt := range routes {
			for _, mode := range []string{"stall", "trickle"} {
				name := mode + " " + rt.method + " " + rt.path + map[bool]string{true: " with a token"}[rt.token != ""]
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := slowBody(srv.addr, rt.method, rt.path, rt.token, mode == "trickle"); err != nil {
						t.Errorf("%s: the server held on to the body: %v", name, err)
					}
				}()
			}
		}
		wg.Wait()
	})
}

// slowBody sends a request whose body stalls after its first byte or, with
// trickle, comes a byte every 20 ms, and returns nil once the server has
// closed the connection; an error if it has not after 10 s, which only
// bounds a failing test.
func slowBody(addr, method, path, token string, trickle bool) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	fmt.Fprintf(c, "%s %s HTTP/1.1\r\nHost: ruqsat.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n", method, path)
	if token != "" {
		fmt.Fprintf(c, "Authorization: Bearer %s\r\n", token)
	}
	fmt.Fprintf(c, "\r\n{")
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	closed := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(c) // the server's answer, if any, then EOF or a reset
		closed <- err
	}()
	if !trickle {
		err = <-closed
	} else {
		err = errTrickleEnded
	trickle:
		for range 500 {
			select {
			case err = <-closed:
				break trickle
			case <-time.After(20 * time.Millisecond):
				c.Write([]byte(" "))
			}
		}
	}
	if err != nil && (isTimeout(err) || errors.Is(err, errTrickleEnded)) {
		return err
	}
	return nil
}

// errTrickleEnded is the error of a trickle the server never cut.
var errTrickleEnded = errors.New("trickled for 10 s")

// TestSlowButSteadyBodyPasses: a body that takes longer than the idle
// timeout and the grace period, but comes steadily above the minimum
// rate, is read whole: there is no timeout on a whole request.
func TestSlowButSteadyBodyPasses(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		srv := serveHardened(t, f, api.Config{Limits: api.Limits{
			BodyIdleTimeout: 300 * time.Millisecond, BodyGrace: 200 * time.Millisecond, BodyMinRate: 1024}}, 1000)
		pad := strings.Repeat(" ", 16<<10)
		body := `{"email":"nobody@example.com",` + pad + `"password":"not the password"}`
		c := dialFrom(t, "127.0.0.1", srv.addr)
		defer c.Close()
		fmt.Fprintf(c, "POST /api/v1/session HTTP/1.1\r\nHost: ruqsat.test\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", len(body))
		// 1 KiB every 40 ms: 25 KiB/s for over half a second.
		for rest := body; rest != ""; {
			n := min(1024, len(rest))
			if _, err := c.Write([]byte(rest[:n])); err != nil {
				t.Fatalf("the server cut a steady body after %d bytes: %v", len(body)-len(rest), err)
			}
			rest = rest[n:]
			time.Sleep(40 * time.Millisecond)
		}
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		b, _ := io.ReadAll(c)
		if !bytes.HasPrefix(b, []byte("HTTP/1.1 401 ")) {
			t.Fatalf("a steady %d-byte body: %q, want 401 (wrong email)", len(body), b)
		}
	})
}

// TestErrorsNeverEchoSecrets: huma echoes the value at a validation
// error's location, and for an unknown property that is the whole body;
// no answer may carry a password or any part of a body back.
func TestErrorsNeverEchoSecrets(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		const secret = "Sesame-0pen-Secret"
		long := secret + strings.Repeat("x", 1100)
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
		}{
			{"login unknown field", "POST", "/api/v1/session", "", `{"email":"a-owner@example.com","password":"` + secret + `","remember":true}`, 422},
			{"login long password", "POST", "/api/v1/session", "", `{"email":"a-owner@example.com","password":"` + long + `"}`, 422},
			{"login password of the wrong type", "POST", "/api/v1/session", "", `{"email":"a-owner@example.com","password":["` + secret + `"]}`, 422},
			{"login missing email", "POST", "/api/v1/session", "", `{"password":"` + secret + `"}`, 422},
			{"login broken JSON", "POST", "/api/v1/session", "", `{"email":"a","password":"` + secret, 400},
			{"login JSON error after a secret", "POST", "/api/v1/session", "", `{"password":"` + secret + `"Z}`, 400},
			{"password change unknown field", "PUT", "/api/v1/me/password", f.tokenA, `{"current":"` + secret + `","new":"` + secret + `","again":"` + secret + `"}`, 422},
			{"user create bad role", "POST", "/api/v1/users", f.tokenA, `{"email":"new@example.com","role":"god","password":"` + secret + `"}`, 422},
			{"user create unknown field", "POST", "/api/v1/users", f.tokenA, `{"email":"new@example.com","role":"viewer","password":"` + secret + `","token":"` + secret + `"}`, 422},
			{"token create unknown field", "POST", "/api/v1/tokens", f.tokenA, `{"name":"x","secret":"` + secret + `"}`, 422},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := f.do(tc.method, tc.path, tc.token, []byte(tc.body))
				if r.status != tc.status {
					t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
				}
				if bytes.Contains(r.body, []byte(secret[:6])) || bytes.Contains(r.body, []byte("'Z'")) {
					t.Fatalf("the answer echoes the body: %s", r.body)
				}
				// It still says what is wrong, and where.
				var p struct {
					Errors []struct {
						Location string
						Message  string
						Value    any
					}
				}
				if err := json.Unmarshal(r.body, &p); err != nil || len(p.Errors) == 0 {
					t.Fatalf("no error details (%v): %s", err, r.body)
				}
				for _, e := range p.Errors {
					if e.Message == "" || e.Location == "" || e.Value != nil {
						t.Errorf("detail %+v: want a message, a location and no value", e)
					}
				}
			})
		}
		// Values outside the body (the query) are still echoed: they are
		// in the URL anyway, and help to find the mistake.
		if r := f.do("GET", "/api/v1/employers?limit=5000", f.tokenA, nil); r.status != 422 || !bytes.Contains(r.body, []byte(`"value":5000`)) {
			t.Errorf("a query error: %d %s, want 422 echoing the value", r.status, r.body)
		}
	})
}

// TestListLimitsHaveAMaximum: every list has a page size with a maximum,
// and a larger one is refused with 422 naming the parameter and the
// maximum, rather than answering with everything.
func TestListLimitsHaveAMaximum(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct {
			path string
			max  int
		}{
			{"/api/v1/dashboard", 1000},
			{"/api/v1/findings", 200},
			{"/api/v1/employers", 1000},
			{"/api/v1/audit", 1000},
			{"/api/v1/consultation-requests", 1000},
		} {
			if r := f.do("GET", fmt.Sprintf("%s?limit=%d", tc.path, tc.max), f.tokenA, nil); r.status != 200 {
				t.Errorf("%s?limit=%d: status %d, want 200: %s", tc.path, tc.max, r.status, r.body)
			}
			r := f.do("GET", fmt.Sprintf("%s?limit=%d", tc.path, tc.max+1), f.tokenA, nil)
			want := fmt.Sprintf("expected number <= %d", tc.max)
			if r.status != 422 || !bytes.Contains(r.body, []byte(want)) || !bytes.Contains(r.body, []byte(`"query.limit"`)) {
				t.Errorf("%s?limit=%d: %d %s, want 422 with %q at query.limit", tc.path, tc.max+1, r.status, r.body, want)
			}
		}
	})
	// And in the contract: no operation takes a limit without a maximum.
	doc := api.New(api.Config{}).OpenAPI()
	for path, item := range doc.Paths {
		if item.Get == nil {
			continue
		}
		for _, p := range item.Get.Parameters {
			if p.In == "query" && p.Name == "limit" && (p.Schema == nil || p.Schema.Maximum == nil) {
				t.Errorf("GET %s: limit has no maximum", path)
			}
		}
	}
}

// TestSecurityHeaders: every API answer, errors included, is nosniff and
// no-store; the UI's pages are nosniff too, and its static files keep
// their caching.
func TestSecurityHeaders(t *testing.T) {
	f := newFixtureOn(t, testdb.SQLite(t))
	srv := serveHardened(t, f, api.Config{}, 1000)
	c := clientFrom("127.0.0.1")
	get := func(method, path, token string, body string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, "http://"+srv.addr+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		return resp
	}
	for _, tc := range []struct {
		method, path, token, body string
		status                    int
	}{
		{"GET", "/api/v1/me", f.tokenA, "", 200},
		{"GET", "/api/v1/employers/" + f.binA, f.tokenA, "", 200},
		{"GET", "/api/v1/employers/" + f.binA + "/findings", f.tokenA, "", 200},
		{"GET", "/api/v1/me", "", "", 401},
		{"POST", "/api/v1/session", "", `{"email":1}`, 422},
		{"GET", "/api/v1/nothing", "", "", 404},
		{"GET", "/api/openapi.json", "", "", 200},
		{"GET", "/healthz", "", "", 200},
	} {
		resp := get(tc.method, tc.path, tc.token, tc.body)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, resp.StatusCode, tc.status)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s %s: X-Content-Type-Options %q, want nosniff", tc.method, tc.path, got)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: Cache-Control %q, want no-store", tc.method, tc.path, got)
		}
	}
	page := get("GET", "/login", "", "")
	if page.Header.Get("X-Content-Type-Options") != "nosniff" || page.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the login page: %v", page.Header)
	}
	b, _ := io.ReadAll(page.Body)
	css := regexp.MustCompile(`/static/style\.css\?v=[0-9a-f]+`).Find(b)
	if css == nil {
		t.Fatalf("no style sheet in the login page: %s", b)
	}
	static := get("GET", string(css), "", "")
	if static.StatusCode != 200 || !strings.Contains(static.Header.Get("Cache-Control"), "immutable") ||
		static.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("the style sheet: %d %v, want it cacheable and nosniff", static.StatusCode, static.Header)
	}
}
