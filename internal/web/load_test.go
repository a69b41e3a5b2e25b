package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/loadtenant"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/web"
)

// TestPagesLoad times the pages of a consultancy of 5,000 employers and
// 100,000 workers (issue target: every page under 50 ms of server time
// with the dashboard cache warm, and under 100 KB gzipped). It runs only
// when RUQSAT_LOAD_DB names a database (`make load`); the tenant is made
// on the first run. Figures are logged, never asserted.
//
//	RUQSAT_LOAD_DB=sqlite:bin/load.db go test ./internal/web -run TestPagesLoad -v -timeout 30m
func TestPagesLoad(t *testing.T) {
	db, tn := loadtenant.Open(t)
	ctx := context.Background()
	email := loadtenant.User(t, db, tn, domain.RoleOwner, password).Email
	srv := api.New(api.Config{App: app.New(app.Config{DB: db})})
	srv.Mount("/", web.New(web.Config{App: srv.App()}))
	hs := httptest.NewServer(srv)
	defer hs.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(hs.URL+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %v %v", resp, err)
	}
	resp.Body.Close()
	list, _, err := db.ListEmployers(ctx, tn.ID, store.EmployerFilter{Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("employers: %v", err)
	}
	emp := "/employers/" + list[0].BIN
	get := func(path string) (time.Duration, int) {
		req, _ := http.NewRequest("GET", hs.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		start := time.Now()
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return time.Since(start), int(n)
	}
	start := time.Now()
	get("/")
	t.Logf("warm-up (read and evaluate the tenant): %v", time.Since(start))
	for _, p := range []string{"/", "/?view=overdue", "/?days=90", "/employers", "/employers?q=" + url.QueryEscape("llp"),
		"/employers?sort=overdue", "/employers?sort=exposure", emp, emp + "/workers", emp + "/records", emp + "/history", "/law"} {
		var times []time.Duration
		size := 0
		for range 15 {
			d, n := get(p)
			times, size = append(times, d), n
		}
		slices.Sort(times)
		t.Logf("%-32s median %6.1f ms  p90 %6.1f ms  %6.1f KB gzipped", p, ms(times[len(times)/2]), ms(times[len(times)*9/10]), float64(size)/1024)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
