package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/demo"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// syncBuffer is a bytes.Buffer safe for the server's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveOnce runs `ruqsat serve --demo` in data until /readyz answers 200,
// calls while (when not nil) with the server's address and log so far, then
// cancels its context and expects a clean exit. It returns the log.
func serveOnce(t *testing.T, data string, while func(addr, log string), extra ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	var stderr syncBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, Now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, append([]string{"serve", "--addr", addr, "--data", data, "--demo"}, extra...))
	}()

	ready := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && !ready; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			ready = resp.StatusCode == http.StatusOK
		}
	}
	if !ready {
		cancel()
		<-done
		t.Fatalf("server never ready; log:\n%s", stderr.String())
	}
	if while != nil {
		while(addr, stderr.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit status %d; log:\n%s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	return stderr.String()
}

func TestServeDemoAndShutdown(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	log := serveOnce(t, data, newcomerLogsIn(t))
	if !strings.Contains(log, "demo@ruqsat.local") || !strings.Contains(log, "password=demo_") || !strings.Contains(log, "stopped") {
		t.Errorf("want the demo owner's password and a clean stop in the log:\n%s", log)
	}
	// A second start finds the demo and prints no password.
	if log := serveOnce(t, data, nil); strings.Contains(log, "password=") {
		t.Errorf("second start printed a password:\n%s", log)
	}
}

// newcomerLogsIn does what the README tells a newcomer: open the server in
// a browser, log in to the demo tenant with the password from the log, and
// see the dashboard.
func newcomerLogsIn(t *testing.T) func(addr, log string) {
	return func(addr, log string) {
		t.Helper()
		m := regexp.MustCompile(`password=(demo_\S+)`).FindStringSubmatch(log)
		if m == nil {
			t.Fatalf("no demo password in the log:\n%s", log)
		}
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar}
		resp, err := client.Get("http://" + addr + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Request.URL.Path != "/login" {
			t.Fatalf("/ led to %s, want the login page", resp.Request.URL)
		}
		resp, err = client.PostForm("http://"+addr+"/login", url.Values{"email": {"demo@ruqsat.local"}, "password": {m[1]}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" || !bytes.Contains(body, []byte("<table")) {
			t.Fatalf("after logging in: status %d at %s:\n%.2000s", resp.StatusCode, resp.Request.URL, body)
		}
		// A demo employer's qualification letter, on its letterhead with
		// its logo, in Kazakh.
		resp, err = client.Get("http://" + addr + "/employers/110640008217/documents/letter?worker=b1&lang=kk&format=pdf")
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.Contains(pdf, []byte("/Subtype /Image")) {
			t.Errorf("the demo's letter: status %d, %s, %d bytes, logo drawn: %v", resp.StatusCode, resp.Header.Get("Content-Type"), len(pdf), bytes.Contains(pdf, []byte("/Subtype /Image")))
		}
	}
}

func TestServeRefusesBadProxyList(t *testing.T) {
	m := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Now: time.Now}
	if code := m.Run(context.Background(), []string{"serve", "--data", t.TempDir(), "--trusted-proxy", "10.0.0.0/8,not-an-address"}); code != 2 {
		t.Fatalf("exit %d, want 2 (usage)", code)
	}
	if !strings.Contains(m.Stderr.(*bytes.Buffer).String(), "not-an-address") {
		t.Fatalf("the error does not name the bad entry: %s", m.Stderr)
	}
}

// TestDemoMovesToThisMonth: the demo tenant is written for the month it is
// created in; a start in a later month moves the employers nobody changed.
func TestDemoMovesToThisMonth(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	created := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return created }
	if err := loadDemo(ctx, db, log, db.Now); err != nil {
		t.Fatal(err)
	}
	tn, err := db.TenantByName(ctx, demoTenant)
	if err != nil {
		t.Fatal(err)
	}
	march, _ := demo.Records(domain.Today(created))
	changed := march[1].Employer.BIN
	if _, err := db.UpdateEmployer(ctx, tn.ID, cliActor, changed, 1, func(e *domain.Employer) error { e.Name += " (edited)"; return nil }); err != nil {
		t.Fatal(err)
	}

	later := time.Date(2026, 5, 20, 6, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return later }
	if err := loadDemo(ctx, db, log, db.Now); err != nil {
		t.Fatal(err)
	}
	may, _ := demo.Records(domain.Today(later))
	for i, want := range may {
		got, _, err := db.EmployerRecords(ctx, tn.ID, want.Employer.BIN)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want.Employer.BIN == changed:
			if !reflect.DeepEqual(got.Workers, march[i].Workers) || !strings.HasSuffix(got.Employer.Name, "(edited)") {
				t.Errorf("%s was edited and should have stayed as it was", changed)
			}
		case !reflect.DeepEqual(got, want):
			t.Errorf("%s was not moved to May", want.Employer.BIN)
		}
	}
}

// TestServeMetricsElsewhere: with --metrics-addr, /metrics is served there
// and not beside the UI and the API.
func TestServeMetricsElsewhere(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	maddr := ln.Addr().String()
	ln.Close()
	serveOnce(t, filepath.Join(t.TempDir(), "data"), func(addr, _ string) {
		for _, c := range []struct {
			url  string
			want int
		}{{"http://" + addr + "/metrics", http.StatusNotFound}, {"http://" + maddr + "/metrics", http.StatusOK}} {
			resp, err := http.Get(c.url)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Errorf("GET %s: status %d, want %d", c.url, resp.StatusCode, c.want)
			}
		}
	}, "--metrics-addr", maddr)
}
