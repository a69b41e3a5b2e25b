package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/store"
)

// TestConcurrentFailedLoginsHashWithinTheBound: 120 failed logins at once,
// from 120 client addresses (so that the rate limit lets each through),
// half for a real user with a wrong password and half for unknown emails,
// never run more argon2id hashes at once than the gate allows: each holds
// 19 MiB, and 400 at once took 6.8 GB.
//
// The hashes here are cheap (1 MiB, one pass), to keep the test short;
// without the gate they would still overlap, as argon2 waits for its lanes'
// goroutines.
func TestConcurrentFailedLoginsHashWithinTheBound(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		// The production bound; a wait long enough that no login is
		// refused, so that every one of them hashes.
		bound := auth.DefaultHashConcurrency()
		gate := auth.NewGate(auth.GateConfig{Concurrency: bound, Queue: 1000, Wait: 5 * time.Minute})
		hasher, err := auth.NewHasher(auth.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
		if err != nil {
			t.Fatal(err)
		}
		hasher = hasher.WithGate(gate)
		const email = "gated@example.com"
		owner, err := f.db.UserByEmail(context.Background(), "a-owner@example.com")
		if err != nil {
			t.Fatal(err)
		}
		hash, err := hasher.Hash(password)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.db.CreateUser(context.Background(), owner.TenantID, store.SystemActor,
			&store.User{Email: email, PasswordHash: hash, Role: owner.Role}); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(api.New(api.Config{App: app.New(app.Config{DB: f.db, Passwords: hasher}),
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}))
		defer srv.Close()

		const logins = 120
		start := make(chan struct{})
		statuses := make([]int, logins)
		var wg sync.WaitGroup
		for i := range logins {
			email := email
			if i%2 == 1 {
				email = fmt.Sprintf("nobody%d@example.com", i)
			}
			body, _ := json.Marshal(map[string]string{"email": email, "password": "not the password"})
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", srv.URL+"/api/v1/session", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
				<-start
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			}()
		}
		close(start)
		wg.Wait()
		for i, s := range statuses {
			if s != http.StatusUnauthorized {
				t.Errorf("login %d: status %d, want 401", i, s)
			}
		}
		if peak := gate.Peak(); peak > bound || peak < 1 {
			t.Errorf("%d password hashes ran at once, want 1..%d", peak, bound)
		}
		if gate.Running() != 0 || gate.Waiting() != 0 {
			t.Errorf("after the logins: %d hashes running, %d waiting", gate.Running(), gate.Waiting())
		}
	})
}

// TestBusyLoginIs503: when the gate refuses a password check, the API
// answers 503 with Retry-After, the same for an unknown email as for a real
// one, and the web UI shows the message; such an attempt is not a failed
// login, so the user can log in as soon as the server has room.
func TestBusyLoginIs503(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		gate := auth.NewGate(auth.GateConfig{Concurrency: 1, Queue: 1, Wait: time.Millisecond})
		srv := serveHardened(t, f, api.Config{App: app.New(app.Config{DB: f.db, Passwords: auth.DefaultHasher().WithGate(gate)})}, 1000)
		c := clientFrom("127.0.0.1")
		base := "http://" + srv.addr

		// Another login holds the only slot.
		held, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() { done <- gate.Do(context.Background(), func() { close(held); <-release }) }()
		<-held

		// More attempts than the failed-login limit allows (5).
		for i := range 6 {
			email := []string{"a-owner@example.com", "nobody@example.com"}[i%2]
			resp, err := c.Post(base+"/api/v1/session", "application/json",
				strings.NewReader(`{"email":"`+email+`","password":"`+password+`"}`))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
				!strings.Contains(string(b), "busy") {
				t.Fatalf("login %s while the gate is full: %d %v %s, want 503 with Retry-After", email, resp.StatusCode, resp.Header, b)
			}
		}
		resp, err := c.PostForm(base+"/login", url.Values{"email": {"a-owner@example.com"}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
			!strings.Contains(string(b), "Сервер занят") {
			t.Fatalf("web login while the gate is full: %d %v %s", resp.StatusCode, resp.Header, b)
		}

		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		resp, err = c.Post(base+"/api/v1/session", "application/json",
			strings.NewReader(`{"email":"a-owner@example.com","password":"`+password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("login once the gate has room: status %d, want 200 (the refused attempts are no failures)", resp.StatusCode)
		}
	})
}
