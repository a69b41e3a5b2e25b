package store

import (
	"context"
	"reflect"
	"slices"
	"sync"
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

// TestTenantRecordsVersion: every change of a tenant's employers moves the
// tenant's records version, reads and other tenants' changes do not, and
// an employer deleted and created again gets another stamp.
func TestTenantRecordsVersion(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b := mustTenant(t, db, "A"), mustTenant(t, db, "B")
		version := func(tenant int64) int64 {
			t.Helper()
			v, err := db.TenantRecordsVersion(ctx, tenant)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		_, err := db.TenantRecordsVersion(ctx, 999)
		wantCode(t, err, domain.ENOTFOUND)
		last := version(a)
		moved := func(what string) {
			t.Helper()
			if v := version(a); v <= last {
				t.Fatalf("%s: records version %d, was %d", what, v, last)
			} else {
				last = v
			}
		}
		rec := steppe(t)
		bin := rec.Employer.BIN
		if err := db.ReplaceEmployerRecords(ctx, a, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		moved("create")
		rec.Workers[0].Trips = rec.Workers[0].Trips[:0]
		if err := db.ReplaceEmployerRecords(ctx, a, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		moved("replace")
		if _, err := db.UpdateEmployer(ctx, a, SystemActor, bin, 2, func(e *domain.Employer) error { e.Name = "Renamed"; return nil }); err != nil {
			t.Fatal(err)
		}
		moved("update")
		if _, _, err := db.EmployerRecords(ctx, a, bin); err != nil {
			t.Fatal(err)
		}
		if v := version(a); v != last {
			t.Fatalf("a read moved the version: %d, was %d", v, last)
		}
		bv := version(b)
		if err := db.ReplaceEmployerRecords(ctx, b, SystemActor, steppe(t)); err != nil {
			t.Fatal(err)
		}
		if v := version(a); v != last {
			t.Fatalf("another tenant's change moved the version: %d, was %d", v, last)
		}
		if version(b) <= bv {
			t.Fatal("tenant B's change did not move B's version")
		}
		before, _ := db.TenantVersions(ctx, a)
		if err := db.DeleteEmployer(ctx, a, SystemActor, bin, AnyVersion); err != nil {
			t.Fatal(err)
		}
		moved("delete")
		if err := db.ReplaceEmployerRecords(ctx, a, SystemActor, steppe(t)); err != nil {
			t.Fatal(err)
		}
		moved("create again")
		after, _ := db.TenantVersions(ctx, a)
		if before[bin] == after[bin] {
			t.Fatalf("the employer created again has the stamp of the one deleted: %+v", after[bin])
		}
	})
}

// TestConcurrentTenantWriters: imports of several employers and changes of
// single employers of one tenant, at once, all succeed: writers of a tenant
// take their locks in one order (no deadlock on PostgreSQL).
func TestConcurrentTenantWriters(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "T")
		gen := synth.Generate(synth.Spec{Seed: 3, Employers: 8, Workers: 40, Trips: 20,
			From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
		all := make([]*domain.Records, len(gen))
		for i := range gen {
			all[i] = &gen[i]
		}
		if err := db.ReplaceEmployersRecords(ctx, tenant, SystemActor, all); err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 40)
		var wg sync.WaitGroup
		for g := range 20 {
			wg.Go(func() {
				// Half import everything (in reverse order for some), half
				// rename one employer.
				if g%2 == 0 {
					recs := slices.Clone(all)
					if g%4 == 0 {
						slices.Reverse(recs)
					}
					errs <- db.ReplaceEmployersRecords(ctx, tenant, SystemActor, recs)
					return
				}
				bin := all[g%len(all)].Employer.BIN
				_, v, err := db.EmployerRecords(ctx, tenant, bin)
				if err == nil {
					_, err = db.UpdateEmployer(ctx, tenant, SystemActor, bin, v, func(e *domain.Employer) error { e.Name += "+"; return nil })
				}
				if domain.ErrorCode(err) == domain.ECONFLICT {
					err = nil // changed by an import since it was read: as it should be
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}
