package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestEditRecords: a change record by record is checked like every other:
// role, scope, version, validator; what it stores is in one audit entry.
func TestEditRecords(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a, bin := f.a, f.bins[0]
		rec, v, err := a.Records(ctx, f.owner, bin)
		if err != nil {
			t.Fatal(err)
		}
		w := rec.Workers[0]
		addTrip := func(r *domain.Records) error {
			r.Workers[0].Trips = append(r.Workers[0].Trips, domain.Trip{Region: "KZ-71",
				From: domain.MustDate("2025-10-01"), To: domain.MustDate("2025-10-05")})
			return nil
		}
		_, err = a.EditRecords(ctx, f.viewer, bin, v, addTrip)
		wantCode(t, "viewer edits", err, domain.EFORBIDDEN)
		_, err = a.EditRecords(ctx, f.limit, f.bins[1], v, addTrip)
		wantCode(t, "limited edits another", err, domain.ENOTFOUND)
		_, err = a.EditRecords(ctx, f.owner, bin, v+1, addTrip)
		wantCode(t, "stale version", err, domain.ECONFLICT)

		// The validator's problems come back whole; nothing is stored.
		_, err = a.EditRecords(ctx, f.owner, bin, v, func(r *domain.Records) error {
			r.Workers[0].Trips = append(r.Workers[0].Trips, domain.Trip{Region: "KZ-99",
				From: domain.MustDate("2025-10-05"), To: domain.MustDate("2025-10-01")})
			return nil
		})
		wantCode(t, "bad trip", err, domain.EINVALID)
		var de *domain.Error
		if !errors.As(err, &de) || de.Problems == nil || len(de.Problems.List) < 2 {
			t.Fatalf("bad trip: %v, want the region and the date order as problems", err)
		}
		_, err = a.EditRecords(ctx, f.owner, bin, v, func(r *domain.Records) error { r.Employer.BIN = f.bins[1]; return nil })
		wantCode(t, "BIN changed", err, domain.EINVALID)
		if _, nv, _ := a.Records(ctx, f.owner, bin); nv != v {
			t.Fatalf("refused edits moved the version %d to %d", v, nv)
		}

		nv, err := a.EditRecords(ctx, f.limit, bin, v, addTrip)
		if err != nil || nv != v+1 {
			t.Fatalf("edit: version %d, %v; want %d", nv, err, v+1)
		}
		got, _, _ := a.Records(ctx, f.owner, bin)
		if n := len(got.Workers[0].Trips); n != len(w.Trips)+1 {
			t.Fatalf("%d trips after adding one to %d", n, len(w.Trips))
		}
		log, err := a.Audit(ctx, f.owner, app.AuditFilter{Entity: "employer", Key: bin, Limit: 1})
		if err != nil || len(log) != 1 || log[0].Actor != f.limit.Email {
			t.Fatalf("audit %+v, %v; want the limited editor's change", log, err)
		}
	})
}

// TestAct: each quick action records what its finding is about, and
// nothing else.
func TestAct(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a, bin := f.a, f.bins[0]
		rec, v, err := a.Records(ctx, f.owner, bin)
		if err != nil {
			t.Fatal(err)
		}
		rec.Workers[0].Trips = []domain.Trip{{Region: "KZ-71", From: domain.MustDate("2025-11-03"), To: domain.MustDate("2025-11-07")}}
		rec.Workers[0].Contract = &domain.Contract{Signed: domain.MustDate("2025-10-01")}
		rec.Reports = nil
		if v, err = a.ReplaceRecords(ctx, f.owner, rec, v); err != nil {
			t.Fatal(err)
		}
		id, on := rec.Workers[0].ID, domain.MustDate("2025-11-04")
		steps := []app.Action{
			{Rule: domain.RuleTripNotice, Subject: id, Period: "2025-11-03", Date: on},
			{Rule: domain.RuleContractESUTD, Subject: id, Period: "2025-10-01", Date: on},
			{Rule: domain.RuleReportMonthly, Subject: "employer", Period: "2025-10", Date: on},
			{Rule: domain.RuleQuotaApplication, Subject: "KZ-75", Period: "2026", Date: on},
		}
		for _, s := range steps {
			if v, err = a.Act(ctx, f.owner, bin, v, s); err != nil {
				t.Fatalf("%s: %v", s.Rule, err)
			}
		}
		got, _, _ := a.Records(ctx, f.owner, bin)
		w := got.Workers[0]
		if w.Trips[0].Notified != on || w.Contract.Registered != on {
			t.Errorf("trip notified %s, contract registered %s; want %s", w.Trips[0].Notified, w.Contract.Registered, on)
		}
		if len(got.Reports) != 1 || got.Reports[0].Month.String() != "2025-10" || got.Reports[0].Submitted != on {
			t.Errorf("reports %+v", got.Reports)
		}
		last := got.QuotaApplications[len(got.QuotaApplications)-1]
		if last != (domain.QuotaApplication{Year: 2026, Region: "KZ-75", Submitted: on}) {
			t.Errorf("quota application %+v", last)
		}

		// A finding about a record that is no longer there.
		_, err = a.Act(ctx, f.owner, bin, v, app.Action{Rule: domain.RuleTripNotice, Subject: id, Period: "2025-01-01", Date: on})
		wantCode(t, "no such trip", err, domain.ENOTFOUND)
		_, err = a.Act(ctx, f.owner, bin, v, app.Action{Rule: domain.RulePermitMissing, Subject: id, Date: on})
		wantCode(t, "no action", err, domain.EINVALID)
		_, err = a.Act(ctx, f.viewer, bin, v, steps[0])
		wantCode(t, "viewer acts", err, domain.EFORBIDDEN)
	})
}
