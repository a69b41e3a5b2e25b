package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestEditEmployerRecords: an edit reads, changes and writes in one
// transaction, with the version check, the validator and one audit entry;
// what it does not change stays as it was, row ids included.
func TestEditEmployerRecords(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		bin := rec.Employer.BIN
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		stored, v, _ := db.EmployerRecords(ctx, tenant, bin)
		addTrip := func(r *domain.Records) error {
			w := &r.Workers[0]
			w.Trips = append(w.Trips, domain.Trip{Region: "KZ-71", From: domain.MustDate("2026-03-02"), To: domain.MustDate("2026-03-04")})
			return nil
		}
		_, err := db.EditEmployerRecords(ctx, tenant, SystemActor, bin, v+1, addTrip)
		wantCode(t, err, domain.ECONFLICT)
		_, err = db.EditEmployerRecords(ctx, tenant, SystemActor, "990140004654", 1, addTrip)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.EditEmployerRecords(ctx, tenant, SystemActor, bin, v, func(r *domain.Records) error {
			r.Workers[0].Trips = append(r.Workers[0].Trips, domain.Trip{Region: "KZ-99", From: 1, To: 2})
			return nil
		})
		wantCode(t, err, domain.EINVALID)
		_, err = db.EditEmployerRecords(ctx, tenant, SystemActor, bin, v, func(r *domain.Records) error { r.Employer.BIN = "990140004654"; return nil })
		wantCode(t, err, domain.EINVALID)
		_, err = db.EditEmployerRecords(ctx, tenant, SystemActor, bin, v, func(r *domain.Records) error {
			addTrip(r)
			return domain.Errorf(domain.EFORBIDDEN, "no")
		})
		wantCode(t, err, domain.EFORBIDDEN)
		if got, gv, _ := db.EmployerRecords(ctx, tenant, bin); gv != v || !reflect.DeepEqual(got, stored) {
			t.Fatalf("refused edits changed the records (version %d, was %d)", gv, v)
		}
		log, _ := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Key: bin})
		entries := len(log)

		nv, err := db.EditEmployerRecords(ctx, tenant, Actor{Name: "editor"}, bin, v, addTrip)
		if err != nil || nv != v+1 {
			t.Fatalf("edit: version %d, %v; want %d", nv, err, v+1)
		}
		got, gv, _ := db.EmployerRecords(ctx, tenant, bin)
		want := stored.Clone()
		addTrip(want)
		if gv != nv || !reflect.DeepEqual(got, want) {
			t.Fatalf("after the edit: version %d, records\n%+v\nwant\n%+v", gv, got.Workers[0].Trips, want.Workers[0].Trips)
		}
		log, _ = db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Key: bin})
		if len(log) != entries+1 || log[0].Action != ActionUpdate || log[0].Actor != "editor" {
			t.Fatalf("audit after the edit: %d entries (was %d), newest %+v", len(log), entries, log[0])
		}
	})
}

// TestEditRewritesOnlyWhatChanged: an edit that changes some workers'
// trips, contract and address changes, removes one worker and adds
// another stores exactly the edited records, on both engines, whether a
// few workers changed (rewritten one by one) or many (all rewritten).
func TestEditRewritesOnlyWhatChanged(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		for len(rec.Workers) < perWorkerMax+10 {
			w := (&domain.Records{Workers: rec.Workers[len(rec.Workers)%2 : len(rec.Workers)%2+1]}).Clone().Workers[0]
			w.ID = fmt.Sprintf("x%d", len(rec.Workers))
			w.IIN = ""
			for j := range w.Permits {
				w.Permits[j].Number += w.ID
			}
			rec.Workers = append(rec.Workers, w)
		}
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		bin := rec.Employer.BIN
		for _, n := range []int{2, perWorkerMax + 5} {
			stored, v, err := db.EmployerRecords(ctx, tenant, bin)
			if err != nil {
				t.Fatal(err)
			}
			edit := func(r *domain.Records) error {
				for i := 0; i < n; i++ {
					w := &r.Workers[i]
					w.Trips = append(w.Trips, domain.Trip{Region: "KZ-71", From: domain.MustDate("2026-05-04"), To: domain.MustDate("2026-05-06")})
					w.AddressChanges = nil
					w.Contract = &domain.Contract{Signed: w.Start}
				}
				r.Workers = append(r.Workers[:n], r.Workers[n+1:]...) // worker n removed
				r.Workers = append(r.Workers, domain.Worker{ID: fmt.Sprintf("new%d", n), Name: "New Worker", Citizenship: "TR",
					Basis: domain.BasisResidencePermit, Start: domain.MustDate("2026-01-05")})
				return nil
			}
			want := stored.Clone()
			edit(want)
			if _, err := db.EditEmployerRecords(ctx, tenant, SystemActor, bin, v, edit); err != nil {
				t.Fatalf("%d workers changed: %v", n, err)
			}
			got, _, _ := db.EmployerRecords(ctx, tenant, bin)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%d workers changed: the stored records differ from the edited ones", n)
			}
			// The entry's patch names exactly the workers changed, removed and
			// added.
			log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Key: bin, Limit: 1})
			if err != nil || len(log) != 1 {
				t.Fatalf("audit: %v", err)
			}
			var patch struct{ Workers map[string]json.RawMessage }
			if err := json.Unmarshal(log[0].After, &patch); err != nil {
				t.Fatal(err)
			}
			if len(patch.Workers) != n+2 {
				t.Errorf("%d workers changed: the audit patch names %d workers, want %d", n, len(patch.Workers), n+2)
			}
		}
	})
}
