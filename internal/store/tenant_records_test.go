package store

import (
	"context"
	"reflect"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// TestTenantRecords: the bulk load of a tenant equals EmployerRecords of
// each of its employers, sees nothing of another tenant, and its stamps
// are those of TenantVersions.
func TestTenantRecords(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b := mustTenant(t, db, "A"), mustTenant(t, db, "B")
		var recs []*domain.Records
		for _, f := range scenarioFiles(t) {
			recs = append(recs, &parseScenario(t, f).Records)
		}
		gen := synth.Generate(synth.Spec{Seed: 7, Employers: 5, Workers: 60, Trips: 40,
			From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
		for i := range gen {
			recs = append(recs, &gen[i])
		}
		seen := map[string]bool{}
		for _, rec := range recs {
			if seen[rec.Employer.BIN] {
				continue
			}
			seen[rec.Employer.BIN] = true
			if err := db.ReplaceEmployerRecords(ctx, a, SystemActor, rec); err != nil {
				t.Fatal(err)
			}
		}
		other := synth.Generate(synth.Spec{Seed: 9, Employers: 2, Workers: 10, Trips: 5,
			From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
		for i := range other {
			if err := db.ReplaceEmployerRecords(ctx, b, SystemActor, &other[i]); err != nil {
				t.Fatal(err)
			}
		}

		got, stamps, err := db.TenantRecords(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(seen) || len(stamps) != len(seen) {
			t.Fatalf("%d employers, %d stamps; want %d", len(got), len(stamps), len(seen))
		}
		versions, err := db.TenantVersions(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(versions, stamps) {
			t.Fatalf("TenantVersions %v, TenantRecords stamps %v", versions, stamps)
		}
		for bin := range seen {
			want, v, err := db.EmployerRecords(ctx, a, bin)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[bin], want) {
				t.Errorf("employer %s: bulk load differs from EmployerRecords\n got %+v\nwant %+v", bin, got[bin], want)
			}
			if stamps[bin].Version != v {
				t.Errorf("employer %s: version %d, want %d", bin, stamps[bin].Version, v)
			}
		}
		for i := range other {
			if _, ok := got[other[i].Employer.BIN]; ok {
				t.Errorf("tenant A's load holds tenant B's employer %s", other[i].Employer.BIN)
			}
		}
		empty := mustTenant(t, db, "C")
		if got, _, err := db.TenantRecords(ctx, empty); err != nil || len(got) != 0 {
			t.Fatalf("empty tenant: %v, %v", got, err)
		}
	})
}
