package workcal_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// file2027 is a valid yearly file for a year the embedded data lacks.
const file2027 = `year: 2027
verified: true
sources:
  - title: Government Decree on moving days off in 2027
    url: https://example.org/decree
holidays:
  - {date: 2027-01-01, name: New Year}
  - {date: 2027-01-02, name: New Year}
  - {date: 2027-01-07, name: Orthodox Christmas}
  - {date: 2027-03-15, name: Constitution Day}
kurban_ait: 2027-05-17
moved_days_off:
  - {date: 2027-01-04, from: 2027-01-02}
  - {date: 2027-01-08, from: 2027-01-09}
working_weekend_days:
  - 2027-01-09
`

func TestNewUsesGivenYears(t *testing.T) {
	c, err := workcal.New([]byte(file2027))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Verified(2027) || c.Verified(2026) {
		t.Errorf("Verified(2027), Verified(2026) = %v, %v; want true, false", c.Verified(2027), c.Verified(2026))
	}
	for _, tt := range []struct {
		date    string
		working bool
	}{
		{"2027-05-17", false}, // Kurban Ait, known now
		{"2027-01-08", false}, // moved from Sat 9 Jan
		{"2027-01-09", true},  // the working Saturday
		{"2027-03-22", true},  // the file is the whole truth: it lists no Nauryz
	} {
		if got := c.IsWorkingDay(date(tt.date)); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.working)
		}
	}
	if _, prov := c.AddWorkingDays(date("2027-03-01"), 5); prov {
		t.Error("AddWorkingDays in a verified 2027 is provisional")
	}
}

func TestNewAcceptsEmbeddedFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("data", "years", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no yearly files: %v", err)
	}
	var data [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, b)
	}
	c, err := workcal.New(data...)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Year(2025).WorkingDays; got != 246 {
		t.Errorf("2025 has %d working days, want 246", got)
	}
}

func TestNewRefusesBadFiles(t *testing.T) {
	for _, tt := range []struct {
		name    string
		files   []string
		wantErr []string // substrings of the error
	}{
		{
			"unknown key",
			[]string{strings.Replace(file2027, "verified: true", "verified: true\nverfied: true", 1)},
			[]string{"file 1, line 3", "verfied"},
		},
		{
			"unknown key in an entry",
			[]string{strings.Replace(file2027, "{date: 2027-01-07, name: Orthodox Christmas}", "{date: 2027-01-07, name: Orthodox Christmas, moves: false}", 1)},
			[]string{"file 1, line 9", "moves"},
		},
		{
			"impossible date",
			[]string{strings.Replace(file2027, "2027-03-15", "2027-02-30", 1)},
			[]string{"file 1, line 10", `"2027-02-30" is not a real date`},
		},
		{
			"not a date",
			[]string{strings.Replace(file2027, "kurban_ait: 2027-05-17", "kurban_ait: 17 May", 1)},
			[]string{"file 1, line 11", "not a date"},
		},
		{
			"duplicate date",
			[]string{strings.Replace(file2027, "2027-03-15", "2027-01-07", 1)},
			[]string{"file 1, line 10", "duplicate date", "line 9"},
		},
		{
			"a moved day off on a holiday",
			[]string{strings.Replace(file2027, "{date: 2027-01-04, from: 2027-01-02}", "{date: 2027-01-07, from: 2027-01-02}", 1)},
			[]string{"file 1, line 13", "duplicate date"},
		},
		{
			"date outside the file's year",
			[]string{strings.Replace(file2027, "2027-03-15", "2026-03-15", 1)},
			[]string{"file 1, line 10", "not in 2027"},
		},
		{
			"year outside the supported range",
			[]string{strings.Replace(file2027, "year: 2027", "year: 3027", 1)},
			[]string{"file 1", "year 3027"},
		},
		{
			"year given twice",
			[]string{file2027, file2027},
			[]string{"file 2", "year 2027 is already given by file 1"},
		},
		{
			"year missing",
			[]string{strings.Replace(file2027, "year: 2027\n", "", 1)},
			[]string{"file 1", "year: missing"},
		},
		{
			"verified missing",
			[]string{strings.Replace(file2027, "verified: true\n", "", 1)},
			[]string{"file 1", "verified: missing"},
		},
		{
			"verified year without Kurban Ait",
			[]string{strings.Replace(file2027, "kurban_ait: 2027-05-17\n", "", 1)},
			[]string{"file 1", "kurban_ait: missing"},
		},
		{
			"verified year without sources",
			[]string{strings.Replace(file2027, "sources:\n  - title: Government Decree on moving days off in 2027\n    url: https://example.org/decree\n", "", 1)},
			[]string{"file 1", "sources"},
		},
		{
			"source URL that is not a URL",
			[]string{strings.Replace(file2027, "https://example.org/decree", "decree 123", 1)},
			[]string{"file 1", "not an http(s) URL"},
		},
		{
			"moved day off on a weekend",
			[]string{strings.Replace(file2027, "{date: 2027-01-04, from: 2027-01-02}", "{date: 2027-01-03, from: 2027-01-02}", 1)},
			[]string{"file 1, line 13", "day off anyway"},
		},
		{
			"moved from a weekday",
			[]string{strings.Replace(file2027, "{date: 2027-01-04, from: 2027-01-02}", "{date: 2027-01-04, from: 2027-01-05}", 1)},
			[]string{"file 1, line 13", "not a Saturday or Sunday"},
		},
		{
			"moved from a weekend day the file does not list",
			[]string{strings.Replace(file2027, "{date: 2027-01-04, from: 2027-01-02}", "{date: 2027-01-04, from: 2027-01-16}", 1)},
			[]string{"file 1, line 13", "neither a holiday nor a working weekend day"},
		},
		{
			"the same day off moved twice",
			[]string{strings.Replace(file2027, "{date: 2027-01-08, from: 2027-01-09}", "{date: 2027-01-08, from: 2027-01-02}", 1)},
			[]string{"file 1, line 14", "already moved on line 13"},
		},
		{
			"working weekend day on a weekday",
			[]string{strings.Replace(file2027, "  - 2027-01-09\n", "  - 2027-01-11\n", 1)},
			[]string{"file 1, line 16", "working day anyway"},
		},
		{
			"holiday without a name",
			[]string{strings.Replace(file2027, "{date: 2027-03-15, name: Constitution Day}", "{date: 2027-03-15}", 1)},
			[]string{"file 1, line 10", "name missing"},
		},
		{
			"wrong type",
			[]string{strings.Replace(file2027, "year: 2027", "year: twenty", 1)},
			[]string{"file 1, line 1", "got `twenty`; expected a whole number"},
		},
		{
			"not true or false",
			[]string{strings.Replace(file2027, "verified: true", "verified: yes", 1)},
			[]string{"file 1, line 2", `"yes" is not true or false`},
		},
		{
			"a second document",
			[]string{file2027 + "---\nyear: 2028\n"},
			[]string{"file 1, line 17", "a second YAML document"},
		},
		{
			"not YAML",
			[]string{"year: [2027\n"},
			[]string{"file 1"},
		},
		{
			"empty file",
			[]string{""},
			[]string{"file 1", "year: missing"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := make([][]byte, len(tt.files))
			for i, f := range tt.files {
				files[i] = []byte(f)
			}
			c, err := workcal.New(files...)
			if err == nil {
				t.Fatalf("New() = %v, nil; want an error", c)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestNewAcceptsAFinalDocumentMarker(t *testing.T) {
	if _, err := workcal.New([]byte("---\n" + file2027 + "---\n")); err != nil {
		t.Fatal(err)
	}
}

func TestNewAcceptsAnUnverifiedDraft(t *testing.T) {
	draft := strings.Replace(file2027, "verified: true", "verified: false", 1)
	draft = strings.Replace(draft, "kurban_ait: 2027-05-17\n", "", 1)
	c, err := workcal.New([]byte(draft))
	if err != nil {
		t.Fatal(err)
	}
	if c.Verified(2027) {
		t.Error("a draft is verified")
	}
	if _, prov := c.OnOrAfter(date("2027-01-08")); !prov {
		t.Error("a day in a draft year is not provisional")
	}
}

func TestKurbanAitMeetingAHolidayIsOneDayOff(t *testing.T) {
	f := strings.Replace(file2027, "kurban_ait: 2027-05-17", "kurban_ait: 2027-03-15", 1)
	c, err := workcal.New([]byte(f))
	if err != nil {
		t.Fatal(err)
	}
	d, ok := findDay(c.NonWorkingDays(2027), "2027-03-15")
	if !ok || d.Kind != workcal.KindHoliday || d.Name != "Constitution Day, Kurban Ait" {
		t.Errorf("15 Mar 2027 = %+v (found %v)", d, ok)
	}
}

func FuzzNew(f *testing.F) {
	f.Add([]byte(file2027))
	f.Add([]byte(""))
	f.Add([]byte("year: 2027\nverified: false\n"))
	f.Add([]byte("year: 2027\nverified: true\nkurban_ait: 2027-02-30\n"))
	f.Add([]byte("year: &a 2027\nverified: *a\n"))
	f.Add([]byte("- 1\n- 2\n"))
	f.Add([]byte("year: 99999999999999999999\n"))
	files, _ := filepath.Glob(filepath.Join("data", "years", "*.yaml"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := workcal.New(data)
		if err != nil {
			if err.Error() == "" {
				t.Error("empty error message")
			}
			return
		}
		// A calendar that loads answers every query.
		for y := 2024; y <= 2028; y++ {
			first := domain.NewDate(y, time.January, 1)
			n, _ := c.WorkingDaysBetween(first, domain.NewDate(y, time.December, 31))
			if n != c.Year(y).WorkingDays {
				t.Fatalf("%d: WorkingDaysBetween counts %d, Year %d", y, n, c.Year(y).WorkingDays)
			}
			if got, want := len(c.NonWorkingDays(y)), first.AddYears(1).Sub(first)-n; got != want {
				t.Fatalf("%d: %d non-working days, want %d", y, got, want)
			}
		}
		c.AddWorkingDays(date("2027-01-01"), 30)
		c.OnOrAfter(date("2027-01-01"))
	})
}
