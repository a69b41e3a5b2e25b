// Package loadtenant makes the load tests' tenant (`make load`): 5,000
// employers and about 100,000 workers from the synthetic generator, stored
// once in the database the tests are given and found by name afterwards.
package loadtenant

import (
	"context"
	"time"

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
