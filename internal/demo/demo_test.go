package demo

import (
	"context"
	"fmt"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

var engine = rules.New(nil, nil)

func date(s string) domain.Date { return domain.MustDate(s) }

// parsed returns the files' records as the scenario parser reads them.
func parsed(t *testing.T) []*domain.Records {
	t.Helper()
	files, err := parse()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*domain.Records, len(files))
	for i, f := range files {
		out[i] = &f.Records
	}
	return out
}

// todays are the days the tests evaluate the demo on: the base date, year
// ends, February in common and leap years, the last days of long and short
// months, and days around the quota deadline.
var todays = []string{
	"2026-11-16", "2026-11-01", "2026-11-30", "2026-12-01", "2026-12-31",
	"2027-01-01", "2027-01-15", "2027-02-01", "2027-02-28", "2027-03-01",
	"2027-03-31", "2027-04-30", "2027-05-31", "2027-09-23", "2027-09-30",
	"2027-10-01", "2027-12-31", "2028-01-01", "2028-02-01", "2028-02-28",
	"2028-02-29", "2028-03-01", "2028-08-31", "2029-06-15", "2030-12-31",
	"2026-01-01", "2026-06-30",
}

func TestFilesParse(t *testing.T) {
	entries, err := data.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 4 {
		t.Fatalf("%d files under data/; want 4 employers", len(entries))
	}
	files, err := parse()
	if err != nil {
		t.Fatal(err)
	}
	bins := map[string]bool{}
	countries := map[string]bool{}
	for i, f := range files {
		name := entries[i].Name()
		r := &f.Records
		if err := domain.CheckBIN(r.Employer.BIN); err != nil || bins[r.Employer.BIN] {
			t.Errorf("%s: BIN %s: %v (or used twice)", name, r.Employer.BIN, err)
		}
		bins[r.Employer.BIN] = true
		if strings.Contains(r.Employer.Name, "Employer") || r.Employer.StaffKZ == nil {
			t.Errorf("%s: employer %q: want a real name and staff figures", name, r.Employer.Name)
		}
		if n := len(r.Workers); n < 5 || n > 15 {
			t.Errorf("%s: %d workers; want 5 to 15", name, n)
		}
		for _, w := range r.Workers {
			countries[w.Citizenship] = true
			if w.IIN != "" {
				if err := domain.CheckIIN(w.IIN); err != nil {
					t.Errorf("%s: worker %s: %v", name, w.ID, err)
				}
			}
		}
		if len(r.Reports) == 0 || len(r.QuotaPlans) == 0 {
			t.Errorf("%s: want monthly reports and quota plans", name)
		}
		// The shift keeps days apart only when no date is clamped: the
		// files use days 1 to 28.
		for _, v := range dated(r) {
			if !v.date.IsZero() && v.date.Day() > 28 {
				t.Errorf("%s: %s is %s; the files use days 1 to 28 only", name, v.path, v.date)
			}
		}
	}
	for _, c := range []string{"CN", "TR", "IN", "UZ", "PH", "RU", "KG"} {
		if !countries[c] {
			t.Errorf("no worker from %s", c)
		}
	}
}

func TestRecordsInBaseMonthAreTheFiles(t *testing.T) {
	want := parsed(t)
	for _, today := range []domain.Date{Base(), date("2026-11-01"), date("2026-11-30")} {
		got, err := Records(today)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Records(%s) differ from the parsed files", today)
		}
	}
}

func TestRecordsAreFresh(t *testing.T) {
	a, err := Records(Base())
	if err != nil {
		t.Fatal(err)
	}
	a[0].Workers[0].Name = "changed"
	a[0].Workers[0].Contract.Signed = 0
	b, err := Records(Base())
	if err != nil {
		t.Fatal(err)
	}
	if b[0].Workers[0].Name == "changed" || b[0].Workers[0].Contract.Signed == 0 {
		t.Error("a change to one call's records shows in the next call's")
	}
}

func TestRecordsRefusesDatesOutOfRange(t *testing.T) {
	for _, d := range []domain.Date{0, domain.NewDate(999, time.December, 31), domain.NewDate(9001, time.January, 1)} {
		if _, err := Records(d); err == nil {
			t.Errorf("Records(%s): no error", d)
		}
	}
}

// value is one date or month of a record, found by reflection so that a
// date field added to the records later cannot escape Shift unnoticed.
type value struct {
	path    string
	isMonth bool
	date    domain.Date
	month   domain.YearMonth
}

var (
	dateType  = reflect.TypeFor[domain.Date]()
	monthType = reflect.TypeFor[domain.YearMonth]()
)

func dated(rec *domain.Records) []value {
	var out []value
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch {
		case v.Type() == dateType:
			out = append(out, value{path: path, date: domain.Date(v.Int())})
			return
		case v.Type() == monthType:
			out = append(out, value{path: path, isMonth: true, month: domain.YearMonth(v.Int())})
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(reflect.ValueOf(rec).Elem(), "")
	return out
}

func TestShiftKeepsDayOfMonth(t *testing.T) {
	orig := parsed(t)
	for _, s := range todays {
		today := date(s)
		n := Months(today)
		got, err := Records(today)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			before, after := dated(orig[i]), dated(got[i])
			if len(before) != len(after) {
				t.Fatalf("%s: %d dates before the shift, %d after", s, len(before), len(after))
			}
			for k, b := range before {
				a := after[k]
				if b.path != a.path {
					t.Fatalf("%s: %s became %s", s, b.path, a.path)
				}
				if b.isMonth {
					if a.month != b.month.Add(n) {
						t.Errorf("%s: %s %s moved to %s; want %s", s, b.path, b.month, a.month, b.month.Add(n))
					}
					continue
				}
				if b.date.IsZero() {
					if !a.date.IsZero() {
						t.Errorf("%s: %s: no date became %s", s, b.path, a.date)
					}
					continue
				}
				wantMonth := b.date.YearMonth().Add(n)
				wantDay := min(b.date.Day(), domain.DaysIn(wantMonth.Year(), wantMonth.Month()))
				if a.date.YearMonth() != wantMonth || a.date.Day() != wantDay {
					t.Errorf("%s: %s %s moved to %s; want day %d of %s", s, b.path, b.date, a.date, wantDay, wantMonth)
				}
			}
		}
	}
}

func TestShiftClampsToMonthEnd(t *testing.T) {
	rec := &domain.Records{
		Workers: []domain.Worker{{ID: "w", Start: date("2026-01-31"), End: date("2026-03-30"),
			Trips: []domain.Trip{{Region: "KZ-71", From: date("2026-05-31"), To: date("2026-06-02")}}}},
		Reports: []domain.Report{{Month: domain.NewYearMonth(2026, time.January), Submitted: date("2026-01-29")}},
	}
	Shift(rec, 1) // to February 2026 (28 days)
	w := rec.Workers[0]
	for _, c := range []struct {
		got  domain.Date
		want string
	}{{w.Start, "2026-02-28"}, {w.End, "2026-04-30"}, {w.Trips[0].From, "2026-06-30"}, {w.Trips[0].To, "2026-07-02"}, {rec.Reports[0].Submitted, "2026-02-28"}} {
		if c.got != date(c.want) {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	Shift(rec, 24) // February 2028 has 29 days; the 28th stays the 28th
	if got := rec.Workers[0].Start; got != date("2028-02-28") {
		t.Errorf("got %s, want 2028-02-28", got)
	}
	if got := rec.Reports[0].Month; got != domain.NewYearMonth(2028, time.February) {
		t.Errorf("report month %s, want 2028-02", got)
	}
}

func TestShiftYears(t *testing.T) {
	orig := parsed(t)
	for _, s := range todays {
		today := date(s)
		got, err := Records(today)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			for k, p := range got[i].QuotaPlans {
				// The files plan for the year after the base year; the moved
				// records for the year after today's.
				if want := orig[i].QuotaPlans[k].Year + today.Year() - Base().Year(); p.Year != want {
					t.Errorf("%s: %s plan %d: year %d, want %d", s, got[i].Employer.Name, k, p.Year, want)
				}
			}
			for k, a := range got[i].QuotaApplications {
				o := orig[i].QuotaApplications[k]
				if a.Year-a.Submitted.Year() != o.Year-o.Submitted.Year() {
					t.Errorf("%s: %s application %d for %d submitted on %s; the files file it %d years ahead",
						s, got[i].Employer.Name, k, a.Year, a.Submitted, o.Year-o.Submitted.Year())
				}
			}
		}
	}
}

// mix is what a day's dashboard shows for the whole demo tenant.
type mix struct {
	dueSoon, overdue, done int
	unexpected             []string
}

// unexpected reports a finding the demo's stories do not contain: one
// means that a date in the files or the shift went wrong (a gap between permits,
// a new hire who started before the contract, a permit application filed
// too early).
func unexpected(f *domain.Finding) bool {
	switch f.Rule {
	case domain.RulePermitMissing, domain.RuleVacancyPosting, domain.RuleICTShare:
		return true
	case domain.RuleContractRequired:
		return f.Status == domain.StatusLate || f.Status == domain.StatusMissed
	}
	return false
}

func evaluate(recs []*domain.Records, today domain.Date) mix {
	var m mix
	week := today.AddDays(7)
	for _, rec := range recs {
		res := engine.Evaluate(rec, today)
		res.Render(i18n.For(i18n.EN))
		for _, it := range dashboard.Items(&rec.Employer, res) {
			switch {
			case it.Overdue(today):
				m.overdue++
			case it.Due <= week:
				m.dueSoon++
			}
		}
		for i := range res.Findings {
			f := &res.Findings[i]
			if f.Status == domain.StatusDone {
				m.done++
			}
			if unexpected(f) {
				m.unexpected = append(m.unexpected, rec.Employer.Name+": "+f.Rule.String()+" "+f.Subject+": "+f.Message)
			}
		}
	}
	return m
}

// TestDashboardMix evaluates the demo on every day of five years: each day
// something is due within the week, something is overdue and something was
// done, and nothing shows that the stories do not tell.
func TestDashboardMix(t *testing.T) {
	days := []domain.Date{}
	for _, s := range todays {
		days = append(days, date(s))
	}
	step := 1
	if testing.Short() {
		step = 5
	}
	for d := date("2026-01-01"); d <= date("2030-12-31"); d = d.AddDays(step) {
		days = append(days, d)
	}
	// Records depend on today's month only; the evaluation does not change
	// them.
	byMonth := map[domain.YearMonth][]*domain.Records{}
	for _, today := range days {
		recs, ok := byMonth[today.YearMonth()]
		if !ok {
			var err error
			if recs, err = Records(today); err != nil {
				t.Fatal(err)
			}
			byMonth[today.YearMonth()] = recs
		}
		m := evaluate(recs, today)
		if m.dueSoon == 0 || m.overdue == 0 || m.done == 0 {
			t.Errorf("%s (%s): %d due within 7 days, %d overdue, %d done; want some of each",
				today, today.Weekday(), m.dueSoon, m.overdue, m.done)
		}
		for _, u := range m.unexpected {
			t.Errorf("%s: unexpected finding: %s", today, u)
		}
	}
}

// finding returns the finding of rule about subject of one employer's
// evaluation, or nil.
func finding(res rules.Result, rule, subject string) *domain.Finding {
	for i := range res.Findings {
		if f := &res.Findings[i]; f.Rule.String() == rule && f.Subject == subject {
			return f
		}
	}
	return nil
}

// TestStories checks the stories the package documentation tells, on the
// base date and in the same week of every month of five years.
func TestStories(t *testing.T) {
	days := []domain.Date{Base()}
	for m := domain.NewYearMonth(2026, time.January); m <= domain.NewYearMonth(2030, time.December); m++ {
		days = append(days, m.First().AddDays(13))
	}
	for _, today := range days {
		s := today.String()
		recs, err := Records(today)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]rules.Result{}
		for _, rec := range recs {
			res := engine.Evaluate(rec, today)
			res.Render(i18n.For(i18n.EN))
			byName[rec.Employer.Name] = res
		}
		check := func(employer, rule, subject string, sev domain.Severity, st domain.Status) {
			t.Helper()
			res, ok := byName[employer]
			if !ok {
				t.Fatalf("no employer %q", employer)
			}
			f := finding(res, rule, subject)
			switch {
			case f == nil:
				t.Errorf("%s: %s: no %s finding for %s", s, employer, rule, subject)
			case f.Severity != sev || f.Status != st:
				t.Errorf("%s: %s: %s %s is %s/%s; want %s/%s: %s", s, employer, rule, subject, f.Severity, f.Status, sev, st, f.Message)
			}
		}
		const (
			drilling = "Zhaiyk Caspian Drilling LLP"
			building = "KazStroy Astana LLP"
			mining   = "Saryarka Mining Company LLP"
			hotels   = "Alatau Hospitality Group LLP"
		)
		check(drilling, "permit.expiring", "a3", domain.SeverityDue, domain.StatusOpen)
		check(drilling, "contract.required", "a7", domain.SeverityDue, domain.StatusOpen)
		check(building, "trip.notice", "b1", domain.SeverityViolation, domain.StatusLate)
		check(building, "trip.notice", "b3", domain.SeverityViolation, domain.StatusMissed)
		check(building, "contract.esutd", "b5", domain.SeverityWarning, domain.StatusMissed)
		check(building, "local_content.ratio", "cat3-4", domain.SeverityWarning, domain.StatusNone)
		check(building, "contract.required", "b9", domain.SeverityDue, domain.StatusOpen)
		check(mining, "iin.missing", "c5", domain.SeverityWarning, domain.StatusNone)
		check(hotels, "address.notice", "d6", domain.SeverityViolation, domain.StatusLate)
		check(hotels, "contract.required", "d3", domain.SeverityDue, domain.StatusOpen)
		check(hotels, "permit.expiring", "d1", domain.SeverityDue, domain.StatusOpen)

		// Reports: the mining company's report three months back is late
		// and a repeat; the hotels' two months back is missing.
		m := today.YearMonth()
		report := func(employer string, month domain.YearMonth) *domain.Finding {
			res := byName[employer]
			for i := range res.Findings {
				if f := &res.Findings[i]; f.Rule == domain.RuleReportMonthly && f.Period == month.String() {
					return f
				}
			}
			t.Fatalf("%s: %s: no report finding for %s", s, employer, month)
			return nil
		}
		if f := report(mining, m.Add(-3)); f.Status != domain.StatusLate || f.Fine == nil || f.Fine.Warning {
			t.Errorf("%s: %s: report for %s: %s, fine %+v; want late, a repeat with a fine", s, mining, m.Add(-3), f.Status, f.Fine)
		}
		if f := report(hotels, m.Add(-2)); f.Status != domain.StatusMissed {
			t.Errorf("%s: %s: report for %s: %s; want missed", s, hotels, m.Add(-2), f.Status)
		}

		// The drilling supervisor's trips stay within one calendar year
		// when today's month is June to November.
		if mo := today.Month(); mo >= time.June && mo <= time.November {
			f := finding(byName[drilling], "trip.limit", "a2")
			if f == nil || f.Severity != domain.SeverityWarning || !strings.Contains(f.Message, "approaching") {
				t.Errorf("%s: a2's trip days: %+v; want a warning approaching the limit", s, f)
			}
		}
		// In the base month's position of the year the next year's quota is
		// applied for on time by three employers and missed by the fourth.
		if today.Month() == time.November {
			y := fmt.Sprint(today.Year() + 1)
			for _, e := range []string{drilling, mining, hotels} {
				if f := finding(byName[e], "quota.application", map[string]string{drilling: "KZ-23", mining: "KZ-35", hotels: "KZ-75"}[e]); f == nil || f.Status != domain.StatusDone || f.Period != y {
					t.Errorf("%s: %s: quota application %+v; want done for %s", s, e, f, y)
				}
			}
			if f := finding(byName[building], "quota.application", "KZ-71"); f == nil || f.Status != domain.StatusMissed || f.Period != y {
				t.Errorf("%s: %s: quota application %+v; want missed for %s", s, building, f, y)
			}
			if finding(byName[building], "quota.risk", "KZ-71") == nil || finding(byName[mining], "quota.risk", "KZ-35") == nil {
				t.Errorf("%s: want the quota applications of %s and %s at risk", s, building, mining)
			}
		}
	}
}

// TestStore writes the moved records to a store, which checks what the
// schema and the database check, reads them back and evaluates them to the
// same findings.
func TestStore(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i, s := range []string{"2026-11-16", "2027-01-31", "2028-02-29", "2030-12-31"} {
		today := date(s)
		tn, err := db.CreateTenant(ctx, store.SystemActor, fmt.Sprintf("demo-%d", i))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := Records(today)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceEmployersRecords(ctx, tn.ID, store.SystemActor, recs); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		for _, rec := range recs {
			back, _, err := db.EmployerRecords(ctx, tn.ID, rec.Employer.BIN)
			if err != nil {
				t.Fatal(err)
			}
			want, got := engine.Evaluate(rec, today), engine.Evaluate(back, today)
			if !reflect.DeepEqual(want.Findings, got.Findings) {
				t.Errorf("%s: %s: the stored records evaluate differently", s, rec.Employer.Name)
			}
		}
	}
}

// TestLogos: every demo employer has a logo the letterhead takes (a PNG
// within the logo's limits); another BIN has none.
func TestLogos(t *testing.T) {
	for _, rec := range parsed(t) {
		logo := Logo(rec.Employer.BIN)
		if logo == nil {
			t.Errorf("%s has no logo", rec.Employer.Name)
			continue
		}
		if ct, err := app.SniffLogo(logo); err != nil || ct != "image/png" {
			t.Errorf("%s's logo: %s, %v", rec.Employer.Name, ct, err)
		}
	}
	if Logo("000000000000") != nil {
		t.Error("a logo for a BIN that is no demo employer's")
	}
}
