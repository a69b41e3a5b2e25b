// Package loadtenant makes the load tests' tenant (`make load`): 5,000
// employers and about 100,000 workers from the synthetic generator, stored
// once in the database the tests are given and found by name afterwards.
package loadtenant

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/auth"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// Name is the name of the load tests' tenant.
const Name = "load"

// Ensure returns the load tests' tenant in db (`make load`): 5,000
// employers and about 100,000 workers, generated and stored on the first
// call (a minute or more), found by name afterwards. It says how long
// storing took (0 when the tenant was there).
func Ensure(ctx context.Context, db *store.DB) (*store.Tenant, time.Duration, error) {
	if t, err := db.TenantByName(ctx, Name); err == nil {
		return t, 0, nil
	}
	start := time.Now()
	tn, err := db.CreateTenant(ctx, store.SystemActor, Name)
	if err != nil {
		return nil, 0, err
	}
	recs := synth.Generate(synth.Spec{Seed: 42, Employers: 5050, Workers: 101_000, Trips: 50_000,
		From: domain.MustDate("2025-01-01"), To: domain.MustDate("2026-06-30")})
	var ptrs []*domain.Records
	seen := map[string]bool{}
	for i := range recs {
		if !seen[recs[i].Employer.BIN] && len(ptrs) < 5000 {
			seen[recs[i].Employer.BIN] = true
			ptrs = append(ptrs, &recs[i])
		}
	}
	for i := 0; i < len(ptrs); i += 500 {
		if err := db.ReplaceEmployersRecords(ctx, tn.ID, store.SystemActor, ptrs[i:min(i+500, len(ptrs))]); err != nil {
			return nil, 0, err
		}
	}
	return tn, time.Since(start), nil
}

// Open is the start of a load test: it skips the test unless RUQSAT_LOAD_DB
// names a database (sqlite:PATH or postgres://...), opens it (closed when
// the test ends) and returns it with the load tenant, made on the first run.
func Open(t testing.TB) (*store.DB, *store.Tenant) {
	t.Helper()
	url := os.Getenv("RUQSAT_LOAD_DB")
	if url == "" {
		t.Skip("RUQSAT_LOAD_DB not set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tn, took, err := Ensure(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if took > 0 {
		t.Logf("stored the load tenant in %v", took)
	}
	return db, tn
}

// User makes a new user of the load tenant with this role and password,
// named after the moment, so that runs do not collide.
func User(t testing.TB, db *store.DB, tn *store.Tenant, role domain.Role, password string) *store.User {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	u := &store.User{Email: "load-" + time.Now().Format("150405.000000") + "@example.com", PasswordHash: hash, Role: role}
	if err := db.CreateUser(context.Background(), tn.ID, store.SystemActor, u); err != nil {
		t.Fatal(err)
	}
	return u
}
