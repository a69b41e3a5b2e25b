package workcal_test

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

var date = domain.MustDate

func TestDefaultEmbeddedDataLoads(t *testing.T) {
	c := workcal.Default()
	if c == nil {
		t.Fatal("Default() = nil")
	}
	if c != workcal.Default() {
		t.Error("Default() built the calendar twice")
	}
	for _, y := range []int{2024, 2025, 2026} {
		if !c.Verified(y) {
			t.Errorf("Verified(%d) = false, want true", y)
		}
		if info := c.Year(y); len(info.Sources) == 0 {
			t.Errorf("Year(%d) has no sources", y)
		}
	}
	for _, y := range []int{1989, 2023, 2027, 2101} {
		if c.Verified(y) {
			t.Errorf("Verified(%d) = true, want false", y)
		}
	}
}

func TestWorkingDaysPerYear(t *testing.T) {
	c := workcal.Default()
	for _, tt := range []struct {
		year        int
		working     int
		provisional bool
	}{
		{2024, 249, false}, // statutory only: 13 non-working weekdays of 262
		{2025, 246, false},
		{2026, 247, false},
		{2027, 247, true}, // statutory rules; Kurban Ait unknown
	} {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			if got := c.Year(tt.year).WorkingDays; got != tt.working {
				t.Errorf("Year(%d).WorkingDays = %d, want %d", tt.year, got, tt.working)
			}
			first, last := domain.NewDate(tt.year, time.January, 1), domain.NewDate(tt.year, time.December, 31)
			n, prov := c.WorkingDaysBetween(first, last)
			if n != tt.working || prov != tt.provisional {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, %v; want %d, %v", first, last, n, prov, tt.working, tt.provisional)
			}
			days := last.Sub(first) + 1
			if got := len(c.NonWorkingDays(tt.year)); got != days-tt.working {
				t.Errorf("len(NonWorkingDays(%d)) = %d, want %d", tt.year, got, days-tt.working)
			}
			counted := 0
			for d := first; d <= last; d++ {
				if c.IsWorkingDay(d) {
					counted++
				}
			}
			if counted != tt.working {
				t.Errorf("IsWorkingDay counts %d working days in %d, want %d", counted, tt.year, tt.working)
			}
		})
	}
}

// nonWorkingWeekdays returns the Monday-to-Friday days off of a year.
func nonWorkingWeekdays(c *workcal.Calendar, year int) []string {
	var out []string
	for _, d := range c.NonWorkingDays(year) {
		if wd := d.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d.Date.String())
		}
	}
	return out
}

func TestNonWorkingWeekdaysOfVerifiedYears(t *testing.T) {
	c := workcal.Default()
	for _, tt := range []struct {
		year int
		want []string
	}{
		{2024, []string{
			"2024-01-01", "2024-01-02", "2024-03-08", "2024-03-21", "2024-03-22",
			"2024-03-25", "2024-05-01", "2024-05-07", "2024-05-09", "2024-07-08",
			"2024-08-30", "2024-10-25", "2024-12-16",
		}},
		{2025, []string{
			"2025-01-01", "2025-01-02", "2025-01-03", "2025-01-07", "2025-03-10",
			"2025-03-21", "2025-03-24", "2025-03-25", "2025-05-01", "2025-05-07",
			"2025-05-09", "2025-06-06", "2025-07-07", "2025-09-01", "2025-10-27",
			"2025-12-16",
		}},
		{2026, []string{
			"2026-01-01", "2026-01-02", "2026-01-07", "2026-03-09", "2026-03-23",
			"2026-03-24", "2026-03-25", "2026-05-01", "2026-05-07", "2026-05-11",
			"2026-05-27", "2026-07-06", "2026-10-26", "2026-12-16",
		}},
	} {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			if got := nonWorkingWeekdays(c, tt.year); !slices.Equal(got, tt.want) {
				t.Errorf("non-working weekdays of %d:\n got %v\nwant %v", tt.year, got, tt.want)
			}
		})
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := workcal.Default()
	for _, tt := range []struct {
		name string
		date string
		want bool
	}{
		{"ordinary Wednesday", "2026-03-18", true},
		{"ordinary Saturday", "2026-03-14", false},
		{"Sunday 5 Jan 2025 is a working day in exchange for 3 Jan", "2025-01-05", true},
		{"Friday 3 Jan 2025 is a day off moved from 5 Jan", "2025-01-03", false},
		{"Constitution Day on Sat 30 Aug 2025 moves its day off to Mon 1 Sep", "2025-09-01", false},
		{"Tue 2 Sep 2025 is a working day", "2025-09-02", true},
		{"31 Aug 2026 is a working day: no Constitution Day in 2026", "2026-08-31", true},
		{"Nauryz Mon 23 Mar 2026", "2026-03-23", false},
		{"Nauryz moved from Sat 21 Mar 2026 to Tue 24 Mar", "2026-03-24", false},
		{"Nauryz moved from Sun 22 Mar 2026 to Wed 25 Mar", "2026-03-25", false},
		{"Thu 26 Mar 2026 is a working day", "2026-03-26", true},
		{"Kurban Ait 2026", "2026-05-27", false},
		{"Kurban Ait on Sun 16 Jun 2024 does not move to Monday", "2024-06-17", true},
		{"Orthodox Christmas on Sun 7 Jan 2029 does not move to Monday", "2029-01-08", true},
		{"Constitution Day is 15 Mar from 2027", "2027-03-15", false},
		{"30 Aug 2027 is a working day", "2027-08-30", true},
		{"7 Jan 2027 is a day off", "2027-01-07", false},
		{"2 Jan 2027, a Saturday, moves its day off to Mon 4 Jan", "2027-01-04", false},
		{"Nauryz on Sun 21 Mar 2027 moves past Mon 22 and Tue 23 to Wed 24", "2027-03-24", false},
		{"Kurban Ait is unknown in a computed year, so a plain weekday works", "2027-05-17", true},
		{"a year outside the precomputed range: New Year 2200", "2200-01-01", false},
		{"a year outside the precomputed range: an ordinary Monday", "1980-01-14", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.IsWorkingDay(date(tt.date)); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := workcal.Default()
	for _, tt := range []struct {
		name        string
		from        string
		n           int
		want        string
		provisional bool
	}{
		{"RULES example: Thu 19 Mar 2026 + 3 skips the Nauryz week", "2026-03-19", 3, "2026-03-27", false},
		{"counting starts the day after", "2026-03-16", 1, "2026-03-17", false},
		{"a Friday + 1 is the Monday", "2026-03-13", 1, "2026-03-16", false},
		{"across Nauryz 2025: Thu 20 Mar + 1", "2025-03-20", 1, "2025-03-26", false},
		{"across the moved Constitution Day 2025", "2025-08-29", 1, "2025-09-02", false},
		{"the working Sunday 5 Jan 2025 counts", "2025-01-02", 1, "2025-01-05", false},
		{"2024 has no transfers: 8 Mar is a Friday", "2024-03-07", 1, "2024-03-11", false},
		{"into a provisional year", "2026-12-30", 3, "2027-01-06", true},
		{"within a verified year even when the next is not", "2026-12-30", 1, "2026-12-31", false},
		{"from before the precomputed range into it", "1989-12-29", 1, "1990-01-03", true},
		{"n = 0 returns the date", "2026-03-21", 0, "2026-03-21", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, prov := c.AddWorkingDays(date(tt.from), tt.n)
			if got.String() != tt.want || prov != tt.provisional {
				t.Errorf("AddWorkingDays(%s, %d) = %s, %v; want %s, %v", tt.from, tt.n, got, prov, tt.want, tt.provisional)
			}
		})
	}
}

func TestOnOrAfter(t *testing.T) {
	c := workcal.Default()
	for _, tt := range []struct {
		name        string
		from        string
		want        string
		provisional bool
	}{
		{"a working day is itself", "2026-09-30", "2026-09-30", false},
		{"Sat 30 Aug 2025 moves past the moved day off to Tue 2 Sep", "2025-08-30", "2025-09-02", false},
		{"Sun 30 Aug 2026 moves to Mon 31 Aug, a working day", "2026-08-30", "2026-08-31", false},
		{"Sat 21 Mar 2026 moves past Nauryz to Thu 26 Mar", "2026-03-21", "2026-03-26", false},
		{"Thu 31 Dec 2026 is a working day", "2026-12-31", "2026-12-31", false},
		{"Sat 30 Oct 2027 is in a provisional year", "2027-10-30", "2027-11-01", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, prov := c.OnOrAfter(date(tt.from))
			if got.String() != tt.want || prov != tt.provisional {
				t.Errorf("OnOrAfter(%s) = %s, %v; want %s, %v", tt.from, got, prov, tt.want, tt.provisional)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := workcal.Default()
	for _, tt := range []struct {
		name        string
		from, to    string
		want        int
		provisional bool
	}{
		{"the Nauryz week 2026 has two working days", "2026-03-21", "2026-03-27", 2, false},
		{"one working day", "2026-03-18", "2026-03-18", 1, false},
		{"one day off", "2026-03-23", "2026-03-23", 0, false},
		{"to before from", "2026-03-27", "2026-03-20", 0, false},
		{"the verified years together", "2024-01-01", "2026-12-31", 249 + 246 + 247, false},
		{"touching a provisional year", "2026-12-31", "2027-01-04", 1, true},
		{"outside the precomputed range", "2101-02-07", "2101-02-13", 5, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, prov := c.WorkingDaysBetween(date(tt.from), date(tt.to))
			if got != tt.want || prov != tt.provisional {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, %v; want %d, %v", tt.from, tt.to, got, prov, tt.want, tt.provisional)
			}
		})
	}
}

// findDay returns the day of days on date s.
func findDay(days []workcal.Day, s string) (workcal.Day, bool) {
	for _, d := range days {
		if d.Date.String() == s {
			return d, true
		}
	}
	return workcal.Day{}, false
}

func TestNonWorkingDaysKindsAndNames(t *testing.T) {
	c := workcal.Default()
	for _, tt := range []struct {
		date, kind, name string
		provisional      bool
	}{
		{"2026-01-01", workcal.KindHoliday, "New Year", false},
		{"2026-03-21", workcal.KindHoliday, "Nauryz", false}, // a holiday on a Saturday is a holiday
		{"2026-03-24", workcal.KindMoved, "day off moved from Sat 21 Mar (Nauryz)", false},
		{"2026-03-28", workcal.KindWeekend, "Saturday", false},
		{"2026-05-27", workcal.KindKurbanAit, "Kurban Ait", false},
		{"2025-01-03", workcal.KindMoved, "day off moved from Sun 5 Jan", false},
		{"2025-03-10", workcal.KindMoved, "day off moved from Sat 8 Mar (International Women's Day)", false},
		{"2025-09-01", workcal.KindMoved, "day off moved from Sat 30 Aug (Constitution Day)", false},
		{"2024-06-16", workcal.KindKurbanAit, "Kurban Ait", false},
		{"2024-01-07", workcal.KindHoliday, "Orthodox Christmas", false},
		{"2027-03-15", workcal.KindHoliday, "Constitution Day", true},
		{"2027-01-04", workcal.KindMoved, "day off moved from Sat 2 Jan (New Year)", true},
	} {
		t.Run(tt.date, func(t *testing.T) {
			d, ok := findDay(c.NonWorkingDays(date(tt.date).Year()), tt.date)
			if !ok {
				t.Fatalf("%s is not among the non-working days", tt.date)
			}
			if d.Kind != tt.kind || d.Name != tt.name || d.Provisional != tt.provisional {
				t.Errorf("day %s = %q %q provisional %v; want %q %q %v", tt.date, d.Kind, d.Name, d.Provisional, tt.kind, tt.name, tt.provisional)
			}
		})
	}
	for _, s := range []string{"2025-01-05", "2026-08-31"} {
		if _, ok := findDay(c.NonWorkingDays(date(s).Year()), s); ok {
			t.Errorf("%s is a working day but listed among the non-working days", s)
		}
	}
}

func TestNonWorkingDaysAreInOrderAndNotWorking(t *testing.T) {
	c := workcal.Default()
	for _, y := range []int{1985, 2024, 2025, 2026, 2027, 2032} {
		days := c.NonWorkingDays(y)
		for i, d := range days {
			if i > 0 && d.Date <= days[i-1].Date {
				t.Fatalf("%d: %s after %s", y, d.Date, days[i-1].Date)
			}
			if d.Date.Year() != y || c.IsWorkingDay(d.Date) || d.Kind == workcal.KindWorkingWeekend {
				t.Fatalf("%d: %+v listed as non-working", y, d)
			}
		}
	}
}

func TestYearListsWorkingWeekendDays(t *testing.T) {
	c := workcal.Default()
	info := c.Year(2025)
	d, ok := findDay(info.NonWorking, "2025-01-05")
	if !ok || d.Kind != workcal.KindWorkingWeekend || d.Name != "working day (its day off moved to Fri 3 Jan)" {
		t.Errorf("Year(2025) lists 5 Jan as %+v (found %v)", d, ok)
	}
	// The ordinary weekends are left out, the holidays on weekends are not.
	if _, ok := findDay(info.NonWorking, "2025-01-04"); ok {
		t.Error("Year(2025) lists the ordinary Saturday 4 Jan")
	}
	if _, ok := findDay(info.NonWorking, "2025-03-08"); !ok {
		t.Error("Year(2025) leaves out 8 Mar, a holiday on a Saturday")
	}
	if info.Year != 2025 || !info.Verified || info.WorkingDays != 246 {
		t.Errorf("Year(2025) = %d verified %v with %d working days", info.Year, info.Verified, info.WorkingDays)
	}
}

func TestYearReturnsCopies(t *testing.T) {
	c := workcal.Default()
	info := c.Year(2026)
	info.NonWorking[0].Name = "changed"
	info.Sources[0].Title = "changed"
	again := c.Year(2026)
	if again.NonWorking[0].Name == "changed" || again.Sources[0].Title == "changed" {
		t.Error("changing Year's result changed the calendar")
	}
}

func TestProvisionalYearFollowsStatutoryRules(t *testing.T) {
	c := workcal.Default()
	info := c.Year(2027)
	if info.Verified {
		t.Fatal("2027 is verified")
	}
	if len(info.Sources) == 0 {
		t.Error("2027 names no source")
	}
	for _, d := range info.NonWorking {
		if !d.Provisional {
			t.Errorf("%+v is not provisional", d)
		}
		if d.Kind == workcal.KindKurbanAit {
			t.Errorf("Kurban Ait is known in 2027: %+v", d)
		}
		if d.Name == "Constitution Day" && d.Date.String() != "2027-03-15" {
			t.Errorf("Constitution Day on %s", d.Date)
		}
	}
	if _, ok := findDay(info.NonWorking, "2027-01-07"); !ok {
		t.Error("7 Jan 2027 is not a holiday")
	}
	// 7 Jan never moves: in 2029 it is a Sunday and no day off follows.
	for _, d := range c.Year(2029).NonWorking {
		if d.Kind == workcal.KindMoved && d.Name == "day off moved from Sun 7 Jan (Orthodox Christmas)" {
			t.Errorf("7 Jan 2029 moved to %s", d.Date)
		}
	}
}

func TestNoConstitutionDayIn2026(t *testing.T) {
	c := workcal.Default()
	for _, d := range c.Year(2026).NonWorking {
		if d.Name == "Constitution Day" {
			t.Errorf("Constitution Day on %s", d.Date)
		}
	}
}

// The yearly files list every day off explicitly; the statutory rules,
// applied to the same years, must give the same days except for what only
// the files know (Kurban Ait and the Government's transfers). This catches a
// typo in a file as well as a mistake in the rules.
func TestStatutoryRulesAgreeWithVerifiedYears(t *testing.T) {
	verified := workcal.Default()
	rules, err := workcal.New()
	if err != nil {
		t.Fatal(err)
	}
	onlyInFiles := map[string]bool{
		"2024-06-16": true, // Kurban Ait
		"2025-06-06": true, // Kurban Ait
		"2025-01-03": true, // moved by the Government from Sun 5 Jan
		"2026-05-27": true, // Kurban Ait
	}
	for _, y := range []int{2024, 2025, 2026} {
		var fromFile, fromRules []string
		for _, d := range verified.Year(y).NonWorking {
			if !onlyInFiles[d.Date.String()] && d.Kind != workcal.KindWorkingWeekend {
				fromFile = append(fromFile, d.Date.String()+" "+d.Kind+" "+d.Name)
			}
		}
		for _, d := range rules.Year(y).NonWorking {
			fromRules = append(fromRules, d.Date.String()+" "+d.Kind+" "+d.Name)
		}
		if !slices.Equal(fromFile, fromRules) {
			t.Errorf("%d:\nfile  %q\nrules %q", y, fromFile, fromRules)
		}
	}
}

// TestConcurrentUse asks one calendar the same questions from several
// goroutines at once (the rules engine shares Default between evaluations)
// and checks every answer against the one computed alone beforehand. The
// dates run from 1985 to 2106, so that the queries go through the bitmaps of
// 1990-2100 and through the years computed on each call outside them; under
// the race detector (make race) the test also shows that queries write
// nothing shared.
func TestConcurrentUse(t *testing.T) {
	c := workcal.Default()
	type answer struct {
		Working     bool
		Due         domain.Date
		DueProv     bool
		On          domain.Date
		OnProv      bool
		Between     int
		BetweenProv bool
		NonWorking  []workcal.Day
		Year        workcal.YearInfo
	}
	query := func(i int) answer {
		d := date("1985-01-01").AddDays(i * 211)
		var a answer
		a.Working = c.IsWorkingDay(d)
		a.Due, a.DueProv = c.AddWorkingDays(d, 10)
		a.On, a.OnProv = c.OnOrAfter(d)
		a.Between, a.BetweenProv = c.WorkingDaysBetween(d, d.AddDays(400))
		a.NonWorking = c.NonWorkingDays(d.Year())
		a.Year = c.Year(d.Year())
		return a
	}
	const n = 210
	want := make([]answer, n)
	var verified, provisional, working, dayOff int
	for i := range want {
		a := query(i)
		want[i] = a
		if a.Year.Verified {
			verified++
		}
		if a.DueProv {
			provisional++
		}
		if a.Working {
			working++
		} else {
			dayOff++
		}
	}
	if verified == 0 || provisional == 0 || working == 0 || dayOff == 0 {
		t.Fatalf("the dates asked about cover too little: %d in verified years, %d provisional, %d working days, %d days off",
			verified, provisional, working, dayOff)
	}

	const goroutines = 8
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for k := range n {
				i := (k + g*n/goroutines) % n // each goroutine starts elsewhere
				if got := query(i); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("goroutine %d, date %d:\ngot  %+v\nwant %+v", g, i, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestHotQueriesDoNotAllocate(t *testing.T) {
	c := workcal.Default()
	d := date("2026-03-19")
	if n := testing.AllocsPerRun(100, func() { c.AddWorkingDays(d, 3) }); n != 0 {
		t.Errorf("AddWorkingDays allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { c.IsWorkingDay(d) }); n != 0 {
		t.Errorf("IsWorkingDay allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { c.OnOrAfter(d) }); n != 0 {
		t.Errorf("OnOrAfter allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { c.WorkingDaysBetween(d, d.AddDays(500)) }); n != 0 {
		t.Errorf("WorkingDaysBetween allocates %v times", n)
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := workcal.Default()
	d := date("2025-01-01")
	for i := 0; b.Loop(); i++ {
		c.IsWorkingDay(d.AddDays(i & 1023))
	}
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := workcal.Default()
	d := date("2026-03-19")
	for i := 0; b.Loop(); i++ {
		c.AddWorkingDays(d.AddDays(i&255), 5)
	}
}

func BenchmarkWorkingDaysBetween(b *testing.B) {
	c := workcal.Default()
	from, to := date("2024-02-10"), date("2026-11-20")
	for b.Loop() {
		c.WorkingDaysBetween(from, to)
	}
}
