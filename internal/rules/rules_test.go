package rules

import (
	"github.com/ruqsat/ruqsat/internal/i18n"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

var d = domain.MustDate

func find(t *testing.T, res Result, rule, subject, period string) *domain.Finding {
	t.Helper()
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Rule.String() == rule && f.Subject == subject && f.Period == period {
			return f
		}
	}
	t.Fatalf("no finding %s/%s/%s in %d findings", rule, subject, period, len(res.Findings))
	return nil
}

func none(t *testing.T, res Result, rule string) {
	t.Helper()
	for _, f := range res.Findings {
		if f.Rule.String() == rule {
			t.Fatalf("unexpected %s finding: %+v", rule, f)
		}
	}
}

func employer() domain.Employer {
	return domain.Employer{BIN: "940140000385", Name: "Steppe Drilling LLP", Size: domain.SizeSmall}
}

func permitWorker(id string, start string, permits ...domain.Permit) domain.Worker {
	return domain.Worker{ID: id, Name: "Worker " + id, Citizenship: "GB", IIN: "850101300124",
		Basis: domain.BasisPermit, Category: domain.Category3, Start: d(start),
		Contract: &domain.Contract{Signed: d(start)}, Permits: permits}
}

func almatyPermit(from, to string) domain.Permit {
	return domain.Permit{Number: "P1", Regions: []domain.Region{"KZ-75"}, From: d(from), To: d(to)}
}

func TestTripLimitCountsOverlapOnceAndSplitsYears(t *testing.T) {
	w := permitWorker("w1", "2025-01-01", almatyPermit("2025-01-01", "2027-12-31"))
	w.Trips = []domain.Trip{
		{Region: "KZ-71", From: d("2025-12-20"), To: d("2026-01-10"), Notified: d("2025-12-22")}, // 12 days in 2025, 10 in 2026
		{Region: "KZ-23", From: d("2026-01-05"), To: d("2026-01-15"), Notified: d("2026-01-06")}, // overlaps 5..10: +5 new days
		{Region: "KZ-75", From: d("2026-02-01"), To: d("2026-02-10"), Notified: d("2026-02-02")}, // own region: not counted
	}
	rec := &domain.Records{Employer: employer(), Workers: []domain.Worker{w}}
	res := New(nil, nil).Evaluate(rec, d("2026-03-01"))
	f25 := find(t, res, "trip.limit", "w1", "2025")
	f26 := find(t, res, "trip.limit", "w1", "2026")
	if f25.Facts.Get("days") != 12 || f26.Facts.Get("days") != 15 {
		t.Fatalf("days 2025 = %v, 2026 = %v; want 12 and 15", f25.Facts.Get("days"), f26.Facts.Get("days"))
	}
	if f26.Severity != domain.SeverityInfo {
		t.Errorf("severity %s", f26.Severity)
	}
}

func TestTripLimitViolationOnThe91stDay(t *testing.T) {
	w := permitWorker("w1", "2026-01-01", almatyPermit("2026-01-01", "2026-12-31"))
	// 1 Jan + 90 days → the 91st day is 1 Apr 2026.
	w.Trips = []domain.Trip{{Region: "KZ-71", From: d("2026-01-01"), To: d("2026-04-10"), Notified: d("2026-01-05")}}
	rec := &domain.Records{Employer: employer(), Workers: []domain.Worker{w}}
	res := New(nil, nil).Evaluate(rec, d("2026-04-30"))
	f := find(t, res, "trip.limit", "w1", "2026")
	if f.Severity != domain.SeverityViolation || f.Facts.Get("exceeds_on") != "2026-04-01" || f.Facts.Get("days") != 100 {
		t.Fatalf("%+v", f)
	}
	if f.Fine != nil {
		t.Errorf("trip.limit has no encoded fine, got %+v", f.Fine)
	}
	// Before the 91st day the same records are a planned breach.
	res = New(nil, nil).Evaluate(rec, d("2026-03-31"))
	f = find(t, res, "trip.limit", "w1", "2026")
	if f.Severity != domain.SeverityWarning || f.Facts.Get("exceeds_on") != "2026-04-01" {
		t.Fatalf("%+v", f)
	}
}

func TestTripLimitSecondRegionPermitStopsCounting(t *testing.T) {
	p2 := domain.Permit{Number: "P2", Regions: []domain.Region{"KZ-71", "KZ-75"}, From: d("2026-02-01"), To: d("2026-12-31")}
	w := permitWorker("w1", "2026-01-01", almatyPermit("2026-01-01", "2026-12-31"), p2)
	w.Trips = []domain.Trip{{Region: "KZ-71", From: d("2026-01-01"), To: d("2026-06-30"), Notified: d("2026-01-05")}}
	rec := &domain.Records{Employer: employer(), Workers: []domain.Worker{w}}
	res := New(nil, nil).Evaluate(rec, d("2026-06-30"))
	if f := find(t, res, "trip.limit", "w1", "2026"); f.Facts.Get("days") != 31 {
		t.Fatalf("days %v, want 31 (January only)", f.Facts.Get("days"))
	}
}

func TestTripNoticeDeadlineAndFine(t *testing.T) {
	w := permitWorker("w1", "2026-01-01", almatyPermit("2026-01-01", "2026-12-31"))
	w.Trips = []domain.Trip{
		{Region: "KZ-71", From: d("2026-03-19"), To: d("2026-03-20"), Notified: d("2026-03-27")}, // on the last day
		{Region: "KZ-71", From: d("2026-04-01"), To: d("2026-04-02"), Notified: d("2026-04-07")}, // due 6 Apr: late
		{Region: "KZ-71", From: d("2026-04-20"), To: d("2026-04-21")},                            // due 23 Apr: missed
		{Region: "KZ-71", From: d("2026-04-29"), To: d("2026-04-30")},                            // due 5 May (1 May holiday): open
	}
	w.Contract = &domain.Contract{Signed: d("2025-12-20")}
	rec := &domain.Records{Employer: employer(), Workers: []domain.Worker{w}}
	res := New(nil, nil).Evaluate(rec, d("2026-04-30"))
	for _, tc := range []struct {
		period string
		due    string
		status domain.Status
		sev    domain.Severity
	}{
		{"2026-03-19", "2026-03-27", domain.StatusDone, domain.SeverityInfo},
		{"2026-04-01", "2026-04-06", domain.StatusLate, domain.SeverityViolation},
		{"2026-04-20", "2026-04-23", domain.StatusMissed, domain.SeverityViolation},
		{"2026-04-29", "2026-05-05", domain.StatusOpen, domain.SeverityDue},
	} {
		f := find(t, res, "trip.notice", "w1", tc.period)
		if f.Due.String() != tc.due || f.Status != tc.status || f.Severity != tc.sev {
			t.Errorf("%s: due %s %s %s; want %s %s %s", tc.period, f.Due, f.Status, f.Severity, tc.due, tc.status, tc.sev)
		}
		if tc.status == domain.StatusLate || tc.status == domain.StatusMissed {
			if f.Fine == nil || f.Fine.Article != "518" || f.Fine.Part != "1" || f.Fine.MCI != 10 || *f.Fine.KZT != 43250 {
				t.Errorf("%s: fine %+v", tc.period, f.Fine)
			}
		}
	}
}

// TestReportRepeatWithinAYear: a late report is a repeat only within a year
// after a recorded Art. 98 penalty; an earlier late report the rules find,
// never penalised, does not make one (RULES.md reading 3).
func TestReportRepeatWithinAYear(t *testing.T) {
	w := permitWorker("w1", "2025-10-01", almatyPermit("2025-10-01", "2026-12-31"))
	rec := &domain.Records{Employer: employer(), Workers: []domain.Worker{w}}
	for m := domain.NewYearMonth(2025, 10); m <= domain.NewYearMonth(2026, 3); m++ {
		if m == domain.NewYearMonth(2025, 12) || m == domain.NewYearMonth(2026, 2) {
			continue // December missed, February late below
		}
		rec.Reports = append(rec.Reports, domain.Report{Month: m, Submitted: m.First().AddDays(20)})
	}
	rec.Reports = append(rec.Reports, domain.Report{Month: domain.NewYearMonth(2026, 2), Submitted: d("2026-03-10")})
	res := New(nil, nil).Evaluate(rec, d("2026-04-30"))
	dec := find(t, res, "report.monthly", "employer", "2025-12")
	// 30 Dec 2025 is a Tuesday: no shift. First offence: a warning.
	if dec.Status != domain.StatusMissed || dec.Due.String() != "2025-12-30" || dec.Facts.Get("repeat") != false || !dec.Fine.Warning {
		t.Fatalf("December: %+v %+v", dec, dec.Fine)
	}
	feb := find(t, res, "report.monthly", "employer", "2026-02")
	// February has no 30th: due 28 Feb 2026, a Saturday → Monday 2 Mar;
	// offence 3 Mar. December's offence was not penalised: a warning.
	if feb.Due.String() != "2026-03-02" || feb.Status != domain.StatusLate || feb.Facts.Get("repeat") != false || !feb.Fine.Warning || feb.Fine.MCI != 0 {
		t.Fatalf("February: %+v %+v", feb, feb.Fine)
	}
	apr := find(t, res, "report.monthly", "employer", "2026-04")
	if apr.Status != domain.StatusOpen || apr.Due.String() != "2026-04-30" {
		t.Fatalf("April: %+v", apr)
	}
	// December's offence penalised on 20 Jan 2026: February's (3 Mar) is a
	// repeat, 10 MCI × 4,325; December's own stays a warning.
	rec.Penalties = []domain.Penalty{{Article: "98", Part: "5", Date: d("2026-01-20")}}
	res = New(nil, nil).Evaluate(rec, d("2026-04-30"))
	feb = find(t, res, "report.monthly", "employer", "2026-02")
	if feb.Facts.Get("repeat") != true || feb.Fine.Warning || feb.Fine.MCI != 10 || *feb.Fine.KZT != 43250 {
		t.Fatalf("February after a penalty: %+v %+v", feb, feb.Fine)
	}
	if dec := find(t, res, "report.monthly", "employer", "2025-12"); dec.Facts.Get("repeat") != false || !dec.Fine.Warning {
		t.Fatalf("December before the penalty: %+v", dec.Fine)
	}
}

func TestContractRequiredFinesBySize(t *testing.T) {
	w := permitWorker("w1", "2022-06-01")
	w.Contract = nil
	emp := employer()
	emp.Size = domain.SizeLarge
	rec := &domain.Records{Employer: emp, Workers: []domain.Worker{w}}
	res := New(nil, nil).Evaluate(rec, d("2022-07-01"))
	f := find(t, res, "contract.required", "w1", "")
	// 2022 fines use the MCI 3,063 all year.
	if f.Severity != domain.SeverityViolation || f.Fine.MCI != 150 || *f.Fine.KZT != 150*3063 || f.Fine.Part != "1" {
		t.Fatalf("%+v %+v", f, f.Fine)
	}
	rec.Penalties = []domain.Penalty{{Article: "86", Date: d("2021-09-01")}}
	res = New(nil, nil).Evaluate(rec, d("2022-07-01"))
	f = find(t, res, "contract.required", "w1", "")
	if f.Fine.Part != "2" || f.Fine.MCI != 200 {
		t.Fatalf("repeat: %+v", f.Fine)
	}
}

func TestVacancyRuleStartsOnFirstSeptember2025(t *testing.T) {
	w := permitWorker("w1", "2025-10-01", almatyPermit("2025-10-01", "2026-09-30"))
	w.Applications = []domain.Application{
		{Filed: d("2025-08-31"), VacancyPosted: d("2025-08-30"), VacancyCode: "V-1"},
		{Filed: d("2025-09-14"), VacancyPosted: d("2025-08-31"), VacancyCode: "V-2"}, // 14 days: too early
		{Filed: d("2025-09-15"), VacancyPosted: d("2025-08-31"), VacancyCode: "V-3"}, // 15 days: fine
	}
	rec := &domain.Records{Employer: employer(), Workers: []domain.Worker{w}}
	res := New(nil, nil).Evaluate(rec, d("2025-12-01"))
	f := find(t, res, "vacancy.posting", "w1", "2025-09-14")
	if f.Facts.Get("earliest") != "2025-09-15" {
		t.Fatalf("%+v", f)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == domain.RuleVacancyPosting {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d vacancy findings, want 1", n)
	}
}

func TestLocalContentBoundary(t *testing.T) {
	emp := employer()
	emp.StaffKZ = &[5]int{0, 7, 0, 90, 0}
	var ws []domain.Worker
	for _, id := range []string{"a", "b", "c"} {
		w := permitWorker(id, "2026-01-01", almatyPermit("2026-01-01", "2026-12-31"))
		w.Category = domain.Category1
		ws = append(ws, w)
	}
	for _, id := range []string{"d", "e", "f", "g", "h", "i", "j", "k", "l", "m"} {
		ws = append(ws, permitWorker(id, "2026-01-01", almatyPermit("2026-01-01", "2026-12-31")))
	}
	// cat1-2: 7 of 10 = 70 %: compliant. cat3-4: 90 of 100 = 90 %: compliant.
	rec := &domain.Records{Employer: emp, Workers: ws}
	res := New(nil, nil).Evaluate(rec, d("2026-04-30"))
	none(t, res, "local_content.ratio")
	// One more category 3 worker: 90 of 101 < 90 %.
	rec.Workers = append(rec.Workers, permitWorker("n", "2026-01-01", almatyPermit("2026-01-01", "2026-12-31")))
	res = New(nil, nil).Evaluate(rec, d("2026-04-30"))
	f := find(t, res, "local_content.ratio", "cat3-4", "")
	if f.Severity != domain.SeverityWarning || f.Facts.Get("kz_share") != round6(90.0/101) {
		t.Fatalf("%+v", f)
	}
}

func TestEvaluationIsIndependentOfRecordOrder(t *testing.T) {
	w1 := permitWorker("w1", "2026-01-01", almatyPermit("2026-01-01", "2026-12-31"))
	w2 := permitWorker("w2", "2025-06-01")
	w2.Contract = nil
	w3 := permitWorker("w3", "2025-07-01")
	w3.Contract = nil
	penalties := []domain.Penalty{{Article: "86", Part: "1", Date: d("2025-06-15")}}
	a := &domain.Records{Employer: employer(), Workers: []domain.Worker{w1, w2, w3}, Penalties: penalties}
	b := &domain.Records{Employer: employer(), Workers: []domain.Worker{w3, w1, w2}, Penalties: penalties}
	ra := New(nil, nil).Evaluate(a, d("2026-04-30"))
	rb := New(nil, nil).Evaluate(b, d("2026-04-30"))
	ra.Render(i18n.For(i18n.EN))
	rb.Render(i18n.For(i18n.EN))
	if len(ra.Findings) != len(rb.Findings) {
		t.Fatalf("%d vs %d findings", len(ra.Findings), len(rb.Findings))
	}
	for i := range ra.Findings {
		x, y := ra.Findings[i], rb.Findings[i]
		if x.Rule != y.Rule || x.Subject != y.Subject || x.Period != y.Period || x.Message != y.Message {
			t.Fatalf("finding %d differs: %+v vs %+v", i, x, y)
		}
	}
	// w3's contract offence (1 Jul 2025) follows the Art. 86 penalty of 15 Jun
	// 2025: a repeat; w2's (1 Jun 2025) comes before it: part 1, whichever
	// worker comes first in the file.
	if f := find(t, ra, "contract.required", "w3", ""); f.Fine.Part != "2" {
		t.Fatalf("w3: %+v", f.Fine)
	}
	if f := find(t, ra, "contract.required", "w2", ""); f.Fine.Part != "1" {
		t.Fatalf("w2: %+v", f.Fine)
	}
}

// TestICTTermCapOf29February: 4 years after 29 February is 29 February in a
// leap year, and 28 February when that year has none (2100, a century year):
// the cap is the day before.
func TestICTTermCapOf29February(t *testing.T) {
	for _, tc := range []struct{ start, cap string }{
		{"2024-02-29", "2028-02-28"}, // 2028 has a 29 February
		{"2096-02-29", "2100-02-27"}, // 2100 has none: 28 Feb 2100 less a day
	} {
		w := permitWorker("w1", tc.start, almatyPermit(tc.start, "2100-12-31"))
		w.Basis = domain.BasisICT
		rec := &domain.Records{Employer: employer(), Workers: []domain.Worker{w}}
		capDay := d(tc.cap)
		// On the cap: a warning due on it; the day after: a violation.
		res := New(nil, nil).Evaluate(rec, capDay)
		if f := find(t, res, "ict.term", "w1", tc.start); f.Severity != domain.SeverityWarning || f.Due != capDay || f.Facts.Get("cap") != tc.cap {
			t.Errorf("start %s, on %s: %+v", tc.start, tc.cap, f)
		}
		res = New(nil, nil).Evaluate(rec, capDay.AddDays(1))
		if f := find(t, res, "ict.term", "w1", tc.start); f.Severity != domain.SeverityViolation || f.Offence != capDay.AddDays(1) {
			t.Errorf("start %s, the day after %s: %+v", tc.start, tc.cap, f)
		}
	}
}
