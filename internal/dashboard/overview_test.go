package dashboard

import (
	"context"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestSummarize counts made-up findings on 2025-06-10, each of which
// falls in one box.
func TestSummarize(t *testing.T) {
	asOf := domain.MustDate("2025-06-10")
	kzt := func(n int64) *int64 { return &n }
	res := rules.Result{Findings: []domain.Finding{
		// An open notice due yesterday: overdue.
		{Rule: domain.RuleTripNotice, Subject: "w1", Period: "2025-06-04", Severity: domain.SeverityDue, Status: domain.StatusOpen, Due: asOf.AddDays(-1)},
		// A missed report: overdue, a violation with a fine of 10 MCI.
		{Rule: domain.RuleReportMonthly, Subject: "employer", Period: "2025-04", Severity: domain.SeverityViolation, Status: domain.StatusMissed,
			Due: domain.MustDate("2025-04-30"), Fine: &domain.Fine{Article: "98", MCI: 10, KZT: kzt(39320)}},
		// Due today and in 7 days: this week; in 8 days: not.
		{Rule: domain.RuleTripNotice, Subject: "w2", Period: "2025-06-09", Severity: domain.SeverityDue, Status: domain.StatusOpen, Due: asOf},
		{Rule: domain.RuleAddressNotice, Subject: "w2", Period: "2025-06-05", Severity: domain.SeverityDue, Status: domain.StatusOpen, Due: asOf.AddDays(7)},
		{Rule: domain.RuleReportMonthly, Subject: "employer", Period: "2025-06", Severity: domain.SeverityDue, Status: domain.StatusOpen, Due: asOf.AddDays(8)},
		// Done: counts nowhere but, for the late one, its fine (a warning
		// as a penalty, which costs nothing).
		{Rule: domain.RuleTripNotice, Subject: "w3", Period: "2025-05-05", Severity: domain.SeverityInfo, Status: domain.StatusDone, Due: asOf.AddDays(-20)},
		{Rule: domain.RuleTripNotice, Subject: "w4", Period: "2025-05-06", Severity: domain.SeverityViolation, Status: domain.StatusLate,
			Due: asOf.AddDays(-20), Fine: &domain.Fine{Article: "518", Warning: true}},
		// Undated: a violation without a known tenge value, a warning.
		{Rule: domain.RuleTripLimit, Subject: "w5", Period: "2025", Severity: domain.SeverityViolation, Fine: &domain.Fine{Article: "519", MCI: 30}},
		{Rule: domain.RuleIINMissing, Subject: "w6", Severity: domain.SeverityWarning},
	}}
	e := &domain.Employer{BIN: "940140000385", Name: "Steppe"}
	s, undated := summarize(e, res, asOf)
	want := Summary{Overdue: 2, DueWeek: 2, Violations: 3, Warnings: 1, FineMCI: 40, FineKZT: 39320, FineKZTKnown: false}
	if s != want {
		t.Errorf("summary %+v, want %+v", s, want)
	}
	if len(undated) != 2 || undated[0].Rule != "trip.limit" || undated[1].Rule != "iin.missing" || undated[0].BIN != e.BIN {
		t.Errorf("undated %+v, want trip.limit and iin.missing", undated)
	}
	if !s.Trouble() || (Summary{}).Trouble() {
		t.Error("Trouble")
	}
}

// TestOverview: the summaries of every employer come from the dashboard's
// refresh (no evaluation of their own), a limited user's only theirs.
func TestOverview(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		ctx := context.Background()
		tn := newTenant(t, db, "t")
		recs := synth.Generate(synth.Spec{Seed: 3, Employers: 4, Workers: 40, Trips: 30,
			From: domain.MustDate("2024-06-01"), To: domain.MustDate("2025-06-30")})
		for i := range recs {
			if err := db.ReplaceEmployerRecords(ctx, tn, store.SystemActor, &recs[i]); err != nil {
				t.Fatal(err)
			}
		}
		c, ev := newCache(t, db, func() time.Time { return noon })
		if _, err := c.Query(ctx, tn, Query{Days: 7}); err != nil {
			t.Fatal(err)
		}
		ev.take()
		o, err := c.Overview(ctx, tn, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := ev.take(); len(n) != 0 {
			t.Errorf("the overview evaluated again: %v", n)
		}
		if len(o.Employers) != len(recs) {
			t.Fatalf("%d summaries for %d employers", len(o.Employers), len(recs))
		}
		var total Summary
		total.FineKZTKnown = true
		for i := range recs {
			res := engine.Evaluate(&recs[i], domain.Today(noon))
			s, _ := summarize(&recs[i].Employer, res, domain.Today(noon))
			if o.Employers[recs[i].Employer.BIN] != s {
				t.Errorf("%s: summary %+v, want %+v", recs[i].Employer.BIN, o.Employers[recs[i].Employer.BIN], s)
			}
			total.add(s)
		}
		if o.Total != total {
			t.Errorf("total %+v, want %+v", o.Total, total)
		}
		if total.Violations+total.Warnings == 0 || len(o.Undated) == 0 {
			t.Fatalf("the synthetic tenant has no risks to show: %+v", total)
		}
		only := []string{recs[0].Employer.BIN}
		lo, err := c.Overview(ctx, tn, only)
		if err != nil || len(lo.Employers) != 1 {
			t.Fatalf("limited overview: %d employers, %v", len(lo.Employers), err)
		}
		for _, it := range lo.Undated {
			if it.BIN != only[0] {
				t.Errorf("limited overview shows %s's risk", it.BIN)
			}
		}
	})
}

// TestOverdueOnly: the overdue view holds exactly the items due before
// the date, as many as the overdue part of a query with Overdue.
func TestOverdueOnly(t *testing.T) {
	asOf := domain.MustDate("2025-06-10")
	sorted := []Item{{Due: asOf.AddDays(-30)}, {Due: asOf.AddDays(-1)}, {Due: asOf}, {Due: asOf.AddDays(3)}}
	p := selectItems(sorted, asOf, Query{OverdueOnly: true, Days: 90, Limit: 10})
	if p.Total != 2 || len(p.Items) != 2 || p.Items[1].Due != asOf.AddDays(-1) {
		t.Fatalf("overdue view %+v, want the two items before %s", p, asOf)
	}
	with := selectItems(sorted, asOf, Query{Overdue: true, Days: 3, Limit: 10})
	without := selectItems(sorted, asOf, Query{Days: 3, Limit: 10})
	if with.Total-without.Total != p.Total {
		t.Fatalf("overdue %d, but the windows differ by %d", p.Total, with.Total-without.Total)
	}
}
