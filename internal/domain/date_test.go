package domain

import (
	"testing"
	"time"
)

func TestDateRoundTrip(t *testing.T) {
	// Every day from 1899 to 2101 converts to civil and back, consecutively.
	start := NewDate(1899, time.January, 1)
	ref := time.Date(1899, time.January, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 203*366; i++ {
		d := start.AddDays(i)
		want := ref.AddDate(0, 0, i)
		y, m, dd := d.Civil()
		if y != want.Year() || m != want.Month() || dd != want.Day() {
			t.Fatalf("day %d: got %04d-%02d-%02d, want %s", i, y, m, dd, want.Format("2006-01-02"))
		}
		if d.Weekday() != want.Weekday() {
			t.Fatalf("%s: weekday %v, want %v", d, d.Weekday(), want.Weekday())
		}
		if NewDate(y, m, dd) != d {
			t.Fatalf("%s does not round-trip", d)
		}
	}
}

func TestZeroDate(t *testing.T) {
	var d Date
	if !d.IsZero() || d.String() != "" {
		t.Fatalf("zero date: %q", d.String())
	}
	if NewDate(1, time.January, 1) != 1 {
		t.Fatalf("0001-01-01 is %d, want 1", NewDate(1, time.January, 1))
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2026-03-19", true}, {"2024-02-29", true}, {"2026-02-29", false},
		{"2026-02-30", false}, {"2026-13-01", false}, {"2026-1-01", false},
		{"20260319", false}, {"2026-03-19 ", false}, {"0000-01-01", false}, {"", false},
	} {
		d, err := ParseDate(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseDate(%q) error %v, want ok=%v", tc.in, err, tc.ok)
		}
		if err == nil && d.String() != tc.in {
			t.Errorf("ParseDate(%q) = %s", tc.in, d)
		}
	}
}

func TestAddMonthsYears(t *testing.T) {
	if got := MustDate("2024-02-29").AddYears(1); got != MustDate("2025-02-28") {
		t.Errorf("AddYears: %s", got)
	}
	if got := MustDate("2026-01-31").AddMonths(1); got != MustDate("2026-02-28") {
		t.Errorf("AddMonths: %s", got)
	}
	if got := MustDate("2026-12-15").AddMonths(-12); got != MustDate("2025-12-15") {
		t.Errorf("AddMonths back: %s", got)
	}
}

func TestYearMonth(t *testing.T) {
	ym, err := ParseYearMonth("2026-02")
	if err != nil || ym.String() != "2026-02" || ym.Last() != MustDate("2026-02-28") || ym.Add(-2).String() != "2025-12" {
		t.Fatalf("YearMonth: %v %s %s", err, ym, ym.Last())
	}
	for _, bad := range []string{"2026-13", "2026-00", "2026-2", "26-02"} {
		if _, err := ParseYearMonth(bad); err == nil {
			t.Errorf("ParseYearMonth(%q) accepted", bad)
		}
	}
}
