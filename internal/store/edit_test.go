package store

import (
	"context"
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
