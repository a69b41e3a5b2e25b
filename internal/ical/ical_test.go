package ical

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/ical/icaltest"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

func date(t *testing.T, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestUIDIdentifiesTheObligation(t *testing.T) {
	base := UID("7", "940140000385", domain.RuleTripNotice, "w1", "2026-12-01")
	if again := UID("7", "940140000385", domain.RuleTripNotice, "w1", "2026-12-01"); again != base {
		t.Fatalf("the same obligation has two UIDs: %s, %s", base, again)
	}
	ev := Event{Tenant: "7", BIN: "940140000385", Rule: domain.RuleTripNotice, Subject: "w1", Period: "2026-12-01", Due: date(t, "2026-12-04")}
	moved := ev
	moved.Due = date(t, "2026-12-07")
	moved.Message = "another text"
	if ev.UID() != base || moved.UID() != base {
		t.Fatalf("a moved deadline changed the UID: %s, %s, want %s", ev.UID(), moved.UID(), base)
	}
	others := []string{
		UID("8", "940140000385", domain.RuleTripNotice, "w1", "2026-12-01"),
		UID("7", "940140000386", domain.RuleTripNotice, "w1", "2026-12-01"),
		UID("7", "940140000385", domain.RuleAddressNotice, "w1", "2026-12-01"),
		UID("7", "940140000385", domain.RuleTripNotice, "w2", "2026-12-01"),
		UID("7", "940140000385", domain.RuleTripNotice, "w1", "2026-12-02"),
		UID("7", "940140000385", domain.RuleTripNotice, "w1", ""),
		// Parts that join alike without their lengths.
		UID("7", "940140000385", domain.RuleTripNotice, "w12026-12-01", ""),
		UID("", "7940140000385", domain.RuleTripNotice, "w1", "2026-12-01"),
	}
	seen := map[string]bool{base: true}
	for _, u := range others {
		if seen[u] {
			t.Errorf("two obligations share the UID %s", u)
		}
		seen[u] = true
		if !strings.HasSuffix(u, "@ruqsat") {
			t.Errorf("UID %s has no domain part", u)
		}
	}
}

func TestAlarmDay(t *testing.T) {
	cal := workcal.Default()
	for _, c := range []struct{ due, want string }{
		{"2026-03-27", "2026-03-19"}, // Nauryz 23–25 March and a weekend in between
		{"2026-12-04", "2026-12-01"}, // Fri: Tue, Wed, Thu count
		{"2026-12-07", "2026-12-02"}, // Mon: Fri, Thu, Wed
		{"2026-12-21", "2026-12-15"}, // Independence Day on Wed 16 Dec 2026
		{"2027-01-05", "2026-12-29"}, // New Year 1–2 January and the weekend
		{"2026-12-05", "2026-12-02"}, // a deadline on a Saturday: Fri, Thu, Wed
	} {
		if got := AlarmDay(cal, date(t, c.due)); got.String() != c.want {
			t.Errorf("alarm of a deadline on %s: %s, want %s", c.due, got, c.want)
		}
		if n, _ := cal.WorkingDaysBetween(AlarmDay(cal, date(t, c.due)), date(t, c.due).AddDays(-1)); n != AlarmWorkingDays {
			t.Errorf("%s: %d working days from the alarm to the deadline", c.due, n)
		}
	}
	at := AlarmAt(cal, date(t, "2026-12-04"))
	if want := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC); !at.Equal(want) {
		t.Fatalf("alarm at %v, want 09:00 in Almaty, %v", at.UTC(), want)
	}
}

// TestWriteParsesWithAnotherParser writes a calendar with long Kazakh
// texts, special characters and control characters, and reads it back with
// the second parser: the lines are CRLF, at most 75 octets, never split a
// character, and every text comes back as written.
func TestWriteParsesWithAnotherParser(t *testing.T) {
	stamp := time.Date(2026, 11, 19, 19, 0, 0, 0, time.UTC)
	kzt := int64(432500)
	events := []Event{{
		Tenant: "1", BIN: "940140000385", Rule: domain.RuleReportMonthly, Subject: "employer", Period: "2026-11",
		Employer: "«Дала Бұрғылау» ЖШС; филиал, Алматы\\Астана", Due: date(t, "2026-12-30"),
		Message: strings.Repeat("Ай сайынғы есеп көші-қон қызметіне тапсырылмаған; мерзімі: 30-ы, ", 4) + "\r\nend\x00\x07",
		Basis:   []domain.Citation{{Act: "Rules-279", Ref: "para 34", Confidence: "M", Interpretation: "the 30th, moved to a working day"}},
		Fine:    &domain.Fine{Article: "518", Part: "1", MCI: 100, KZT: &kzt},
		URL:     "https://ruqsat.example.kz/employers/940140000385?as_of=2026-11-20#report.monthly",
	}, {
		Tenant: "1", BIN: "940140000385", Rule: domain.RuleTripNotice, Subject: "w1", Period: "2026-12-01",
		Employer: "Steppe Drilling LLP", Due: date(t, "2026-12-04"), Message: "Notify the migration service.",
	}}
	var buf bytes.Buffer
	if err := Write(&buf, Options{Name: "ruqsat, test", Stamp: stamp, Lang: i18n.KK}, events); err != nil {
		t.Fatal(err)
	}
	cal, err := icaltest.Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if cal.ProdID != ProductID || cal.Name != "ruqsat, test" || len(cal.Events) != 2 {
		t.Fatalf("calendar: %+v", cal)
	}
	folded := false
	for _, line := range strings.Split(buf.String(), "\r\n") {
		folded = folded || strings.HasPrefix(line, " ")
	}
	if !folded {
		t.Fatal("no line was folded; the test does not test folding")
	}
	l := i18n.For(i18n.KK)
	for i, e := range cal.Events {
		ev := &events[i]
		if e.UID != ev.UID() || e.Start != ev.Due || e.End != ev.Due.AddDays(1) || !e.Stamp.Equal(stamp) {
			t.Errorf("event %d: %+v", i, e)
		}
		if e.Summary != Summary(l, ev) || e.Description != Description(l, ev) || e.URL != ev.URL {
			t.Errorf("event %d's texts did not come back as written:\n%q\n%q", i, e.Summary, e.Description)
		}
		if len(e.Alarms) != 1 || e.Alarms[0].Action != "DISPLAY" || !e.Alarms[0].Trigger.Equal(AlarmAt(workcal.Default(), ev.Due)) ||
			!strings.Contains(e.Alarms[0].Description, l.Date(ev.Due)) {
			t.Errorf("event %d's alarm: %+v", i, e.Alarms)
		}
	}
	d := cal.Events[0].Description
	for _, want := range []string{"Жұмыс беруші: «Дала Бұрғылау» ЖШС; филиал, Алматы\\Астана (940140000385)", "\nend", "30.12.2026", "518", events[0].URL} {
		if !strings.Contains(d, want) {
			t.Errorf("description lacks %q:\n%s", want, d)
		}
	}
	if strings.ContainsAny(d, "\r\x00\x07") {
		t.Errorf("a control character in the description: %q", d)
	}
	if s := cal.Events[0].Summary; !strings.HasPrefix(s, l.Title(domain.RuleReportMonthly)+": жұмыс беруші, ") {
		t.Errorf("summary %q", s)
	}
	// The same input gives the same bytes.
	var again bytes.Buffer
	if err := Write(&again, Options{Name: "ruqsat, test", Stamp: stamp, Lang: i18n.KK}, events); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Fatalf("a second writing differs (%v)", err)
	}
}

// TestOpen: the events of an evaluation are its open findings with a due
// date, in each language.
func TestOpen(t *testing.T) {
	data, err := os.ReadFile("../../examples/steppe-drilling.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file, err := scenario.Parse("steppe-drilling.yaml", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []i18n.Lang{i18n.EN, i18n.RU, i18n.KK} {
		res := rules.New(nil, nil).Evaluate(&file.Records, file.AsOf)
		res.Render(i18n.For(lang))
		events := Open("", &file.Records.Employer, &res)
		open := 0
		for _, f := range res.Findings {
			if f.Status == domain.StatusOpen && !f.Due.IsZero() {
				open++
			}
		}
		if len(events) == 0 || len(events) != open {
			t.Fatalf("%s: %d events of %d open findings", lang, len(events), open)
		}
		var buf bytes.Buffer
		if err := Write(&buf, Options{Stamp: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Lang: lang}, events); err != nil {
			t.Fatal(err)
		}
		cal, err := icaltest.Parse(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for i, e := range cal.Events {
			if e.Start != events[i].Due || !strings.Contains(e.Description, events[i].Message) {
				t.Errorf("%s: event %d: %+v", lang, i, e)
			}
		}
	}
}

func TestHolidays(t *testing.T) {
	var buf bytes.Buffer
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := Holidays(&buf, workcal.Default(), 2026, stamp, i18n.EN); err != nil {
		t.Fatal(err)
	}
	cal, err := icaltest.Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if cal.ProdID != HolidaysProductID || cal.Name != "Kazakhstan days off 2026" {
		t.Fatalf("calendar: %+v", cal)
	}
	got := map[string]string{}
	for _, e := range cal.Events {
		if e.UID != e.Start.String()+"@ruqsat" || e.End != e.Start.AddDays(1) {
			t.Errorf("event %+v", e)
		}
		if wd := e.Start.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("a weekend day listed: %+v", e)
		}
		got[e.Start.String()] = e.Summary
	}
	for _, d := range []string{"2026-01-01", "2026-01-02", "2026-03-23", "2026-12-16"} {
		if got[d] == "" {
			t.Errorf("%s is not listed as a day off: %v", d, got)
		}
	}
	var prov bytes.Buffer
	if err := Holidays(&prov, workcal.Default(), 2099, stamp, i18n.EN); err != nil {
		t.Fatal(err)
	}
	if c, err := icaltest.Parse(prov.Bytes()); err != nil || !strings.Contains(c.Name, "provisional") || len(c.Events) == 0 {
		t.Fatalf("a provisional year: %+v, %v", c, err)
	}
}

// TestCache: a calendar written through a cache is byte for byte the one
// written without, the first time, the second (from the cache), after a
// change of some events (only those serialized again) and with a cache too
// small to hold them all.
func TestCache(t *testing.T) {
	events := make([]Event, 600)
	for i := range events {
		events[i] = Event{Tenant: "1", BIN: "940140000385", Rule: domain.RuleTripNotice, Subject: "w" + strconv.Itoa(i),
			Period: "2026-12-01", Employer: "Steppe Drilling LLP", Due: domain.NewDate(2026, 12, 4).AddDays(i % 40),
			Message: "Notify the migration service " + strconv.Itoa(i), Basis: []domain.Citation{{Act: "CoAO", Ref: "Art. 518", Confidence: "H"}}}
	}
	opt := Options{Stamp: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Lang: i18n.RU}
	write := func(opt Options) string {
		var b bytes.Buffer
		if err := Write(&b, opt, events); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, size := range []int{64 << 20, 10 << 10} {
		cached := opt
		cached.Cache = NewCache(size)
		for round := range 4 {
			if round == 2 {
				events[7].Message = "changed"
				events[300].Due = events[300].Due.AddDays(3)
				kzt := int64(43250)
				events[500].Fine = &domain.Fine{Article: "518", MCI: 10, KZT: &kzt}
			}
			if got, want := write(cached), write(opt); got != want {
				t.Fatalf("cache of %d bytes, round %d: the output differs from the one without a cache", size, round)
			}
		}
		if size > 1<<20 && len(cached.Cache.old) != 0 {
			t.Errorf("a large cache rotated: %d entries, %d old", len(cached.Cache.cur), len(cached.Cache.old))
		}
		if size < 1<<20 && cached.Cache.size > size+2000 {
			t.Errorf("a small cache holds %d bytes", cached.Cache.size)
		}
	}
	// Another language, another stamp: other entries.
	c := NewCache(64 << 20)
	for _, o := range []Options{opt, {Stamp: opt.Stamp, Lang: i18n.KK}, {Stamp: opt.Stamp.AddDate(0, 0, 1), Lang: i18n.RU}} {
		plain := write(o)
		o.Cache = c
		if write(o) != plain {
			t.Fatalf("%+v: a cached output of another language or stamp", o)
		}
	}
}
