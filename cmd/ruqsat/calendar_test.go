package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// runCalendarCmd runs ruqsat with args and returns the exit status and the
// two streams.
func runCalendarCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := NewMain()
	m.Stdin = strings.NewReader("")
	m.Stdout, m.Stderr = &out, &errOut
	m.Now = func() time.Time { return time.Date(2026, time.March, 19, 9, 0, 0, 0, time.UTC) }
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestCalendarJSON(t *testing.T) {
	code, stdout, stderr := runCalendarCmd(t, "calendar", "2026", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Year        int  `json:"year"`
		Verified    bool `json:"verified"`
		Provisional bool `json:"provisional"`
		WorkingDays int  `json:"working_days"`
		Sources     []struct {
			Title string `json:"title"`
			URL   string `json:"url"`
		} `json:"sources"`
		Days []struct {
			Date, Weekday, Kind, Name string
		} `json:"days"`
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output is not the expected JSON: %v\n%s", err, stdout)
	}
	if got.Year != 2026 || !got.Verified || got.Provisional || got.WorkingDays != 247 {
		t.Errorf("header = %d verified %v provisional %v working days %d", got.Year, got.Verified, got.Provisional, got.WorkingDays)
	}
	if len(got.Sources) == 0 || got.Sources[0].Title == "" {
		t.Errorf("sources = %+v", got.Sources)
	}
	var dates []string
	for _, d := range got.Days {
		dates = append(dates, d.Date)
	}
	want := "2026-01-01 2026-01-02 2026-01-07 2026-03-09 2026-03-23 2026-03-24 2026-03-25 " +
		"2026-05-01 2026-05-07 2026-05-11 2026-05-27 2026-07-06 2026-10-26 2026-12-16"
	if strings.Join(dates, " ") != want {
		t.Errorf("days:\n got %s\nwant %s", strings.Join(dates, " "), want)
	}
	first := got.Days[0]
	if first.Weekday != "Thu" || first.Kind != "holiday" || first.Name != "New Year" {
		t.Errorf("first day = %+v", first)
	}
}

func TestCalendarText(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"a verified year", []string{"calendar", "2026"}, []string{
			"Kazakhstan production calendar 2026\n",
			"Status: verified\n",
			"Working days: 247\n",
			"2026-03-23  Mon  holiday  Nauryz\n",
			"2026-03-24  Tue  moved  day off moved from Sat 21 Mar (Nauryz)\n",
			"2026-05-27  Wed  kurban_ait  Kurban Ait\n",
		}},
		{"a working Sunday is listed", []string{"calendar", "--format", "text", "2025"}, []string{
			"Working days: 246\n",
			"2025-01-03  Fri  moved  day off moved from Sun 5 Jan\n",
			"2025-01-05  Sun  working_weekend  working day (its day off moved to Fri 3 Jan)\n",
			"2025-09-01  Mon  moved  day off moved from Sat 30 Aug (Constitution Day)\n",
		}},
		{"a provisional year", []string{"calendar", "2027"}, []string{
			"Status: provisional",
			"2027-03-15  Mon  holiday  Constitution Day\n",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCalendarCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
	// Ordinary weekends and weekend holidays are not lines of their own.
	_, stdout, _ := runCalendarCmd(t, "calendar", "2026")
	for _, unwanted := range []string{"2026-03-21", "2026-03-28", "2026-08-31"} {
		if strings.Contains(stdout, unwanted) {
			t.Errorf("output lists %s:\n%s", unwanted, stdout)
		}
	}
}

func TestCalendarICS(t *testing.T) {
	code, stdout, stderr := runCalendarCmd(t, "calendar", "2026", "--format=ics")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{
		"BEGIN:VCALENDAR\r\n",
		"PRODID:-//ruqsat//Kazakhstan production calendar//EN\r\n",
		"UID:2026-03-23@ruqsat\r\n",
		"DTSTART;VALUE=DATE:20260323\r\n",
		"DTEND;VALUE=DATE:20260324\r\n",
		"SUMMARY:Nauryz\r\n",
		"DTSTAMP:20260319T090000Z\r\n",
	} {
		if !strings.Contains(stdout, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if strings.Contains(strings.ReplaceAll(stdout, "\r\n", ""), "\n") {
		t.Error("a line does not end in CRLF")
	}
	cal, err := ics.ParseCalendar(strings.NewReader(stdout))
	if err != nil {
		t.Fatalf("output does not parse as iCalendar: %v", err)
	}
	events := cal.Events()
	if len(events) != 14 {
		t.Errorf("%d events, want 14 (the non-working weekdays of 2026)", len(events))
	}
	uids := make(map[string]bool)
	for _, e := range events {
		if uids[e.Id()] {
			t.Errorf("UID %s twice", e.Id())
		}
		uids[e.Id()] = true
		start, err := e.GetAllDayStartAt()
		if err != nil {
			t.Errorf("event %s: %v", e.Id(), err)
			continue
		}
		if start.Hour() != 0 || start.Minute() != 0 {
			t.Errorf("event %s starts at a time of day: %v", e.Id(), start)
		}
	}
	// The same year exported twice gives the same events.
	_, again, _ := runCalendarCmd(t, "calendar", "2026", "--format", "ics")
	if again != stdout {
		t.Error("two exports of 2026 differ")
	}
}

func TestCalendarProvisionalJSON(t *testing.T) {
	code, stdout, stderr := runCalendarCmd(t, "calendar", "--format", "json", "2027")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"provisional": true`) || !strings.Contains(stdout, `"verified": false`) {
		t.Errorf("2027 is not marked provisional:\n%s", stdout)
	}
}

func TestCalendarUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no year", []string{"calendar"}, "want one YEAR"},
		{"two years", []string{"calendar", "2025", "2026"}, "want one YEAR"},
		{"not a year", []string{"calendar", "20x6"}, `"20x6" is not a year`},
		{"year zero", []string{"calendar", "0"}, `"0" is not a year`},
		{"unknown format", []string{"calendar", "2026", "--format", "pdf"}, `unknown format "pdf"`},
		{"unknown flag", []string{"calendar", "--colour", "2026"}, "unknown flag --colour"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCalendarCmd(t, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.stderr)
			}
		})
	}
}

func TestCalendarHelp(t *testing.T) {
	code, stdout, stderr := runCalendarCmd(t, "calendar", "-h")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "Usage: ruqsat calendar") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
