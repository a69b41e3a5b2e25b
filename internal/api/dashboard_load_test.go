package api_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/loadtenant"
	"github.com/ruqsat/ruqsat/internal/store"
)

// TestDashboardLoad is the dashboard load test of the issue: a tenant of
// 5,000 employers and 100,000 workers, the API on a real TCP listener, and
// wrk against GET /api/v1/dashboard?days=30. It runs only when
// RUQSAT_LOAD_DB names a database (sqlite:PATH or postgres://...); the
// tenant is generated when the database has none. RUQSAT_LOAD_WRK holds
// wrk's options (default "-t2 -c4 -d60s --latency").
//
//	RUQSAT_LOAD_DB=sqlite:bin/load.db go test ./internal/api -run TestDashboardLoad -v -timeout 30m
func TestDashboardLoad(t *testing.T) {
	db, tn := loadtenant.Open(t)
	ctx := context.Background()
	u := loadtenant.User(t, db, tn, domain.RoleViewer, password)
	tok, h, _ := auth.NewToken(auth.APITokenPrefix)
	if _, err := db.CreateToken(ctx, tn.ID, store.SystemActor, u.ID, "load", h); err != nil {
		t.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: api.New(api.Config{App: app.New(app.Config{DB: db})})}
	go srv.Serve(ln)
	defer srv.Close()
	target := "http://" + ln.Addr().String() + "/api/v1/dashboard?days=30"

	req, _ := http.NewRequest("GET", target, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("warm-up: %v %v", resp, err)
	}
	resp.Body.Close()
	t.Logf("warm-up (load and evaluate the tenant): %v", time.Since(start))

	opts := os.Getenv("RUQSAT_LOAD_WRK")
	if opts == "" {
		opts = "-t2 -c4 -d60s --latency"
	}
	cmd := exec.Command("sh", "-c", "wrk "+opts+` -H "Authorization: Bearer `+tok+`" '`+target+`'`)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	t.Logf("wrk %s -H 'Authorization: Bearer ...' %s", opts, target)
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
}
