package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// runCalendar prints a year of the production calendar: its working-day
// count and the days that depart from the Monday-to-Friday pattern (the days
// off on weekdays and the working Saturdays and Sundays). Ordinary weekends
// are left out in every format: they say nothing a reader does not know.
func (m *Main) runCalendar(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("calendar", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	format := fs.String("format", "text", "output `format`: text, json or ics")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: ruqsat calendar [--format text|json|ics] YEAR\n\n"+
			"Prints the Kazakhstan production calendar of YEAR. A year without verified\n"+
			"data is computed from the statutory rules and marked provisional.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	// Flags may come before or after the year: "calendar 2026 --format json".
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one YEAR, got %d arguments", fs.NArg())
	}
	year, err := strconv.Atoi(fs.Arg(0))
	if err != nil || year < 1 || year > 9999 {
		return usagef("%q is not a year", fs.Arg(0))
	}
	switch *format {
	case "text", "json", "ics":
	default:
		return usagef("unknown format %q: want text, json or ics", *format)
	}
	cal := calendarYear(workcal.Default(), year)
	switch *format {
	case "json":
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cal)
	case "ics":
		return writeCalendarICS(m.Stdout, cal, m.Now())
	default:
		return writeCalendarText(m.Stdout, cal)
	}
}

// calendarOutput is the year as printed; its JSON form is the json format.
type calendarOutput struct {
	Year        int              `json:"year"`
	Verified    bool             `json:"verified"`
	Provisional bool             `json:"provisional"`
	WorkingDays int              `json:"working_days"`
	Sources     []workcal.Source `json:"sources"`
	Days        []calendarDay    `json:"days"`
}

type calendarDay struct {
	Date    domain.Date `json:"date"`
	Weekday string      `json:"weekday"`
	Kind    string      `json:"kind"`
	Name    string      `json:"name"`
}

func calendarYear(c *workcal.Calendar, year int) calendarOutput {
	info := c.Year(year)
	out := calendarOutput{
		Year:        year,
		Verified:    info.Verified,
		Provisional: !info.Verified,
		WorkingDays: info.WorkingDays,
		Sources:     info.Sources,
		Days:        []calendarDay{},
	}
	for _, d := range info.NonWorking {
		// A holiday on a Saturday or Sunday is not printed: the day off it
		// gives is printed where it went, as a moved day off.
		if d.Kind != workcal.KindWorkingWeekend && calendarWeekend(d.Date) {
			continue
		}
		out.Days = append(out.Days, calendarDay{
			Date:    d.Date,
			Weekday: d.Date.Weekday().String()[:3],
			Kind:    d.Kind,
			Name:    d.Name,
		})
	}
	return out
}

func calendarWeekend(d domain.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func writeCalendarText(w io.Writer, cal calendarOutput) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Kazakhstan production calendar %d\n", cal.Year)
	if cal.Verified {
		b.WriteString("Status: verified\n")
	} else {
		b.WriteString("Status: provisional (computed from the statutory rules; Government transfers\n" +
			"        and the Kurban Ait day off are not known and not included)\n")
	}
	fmt.Fprintf(&b, "Working days: %d\n", cal.WorkingDays)
	b.WriteString("Sources:\n")
	for _, s := range cal.Sources {
		if s.URL != "" {
			fmt.Fprintf(&b, "  %s <%s>\n", s.Title, s.URL)
		} else {
			fmt.Fprintf(&b, "  %s\n", s.Title)
		}
	}
	b.WriteString("\n")
	for _, d := range cal.Days {
		fmt.Fprintf(&b, "%s  %s  %s  %s\n", d.Date, d.Weekday, d.Kind, d.Name)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCalendarICS writes one all-day event per day off on a weekday. Each
// UID is the date, so importing the file again, or the next version of it,
// updates the events instead of duplicating them. now is the DTSTAMP that
// RFC 5545 requires.
func writeCalendarICS(w io.Writer, cal calendarOutput, now time.Time) error {
	out := ics.NewCalendar()
	out.SetProductId("-//ruqsat//Kazakhstan production calendar//EN")
	out.SetMethod(ics.MethodPublish)
	out.SetCalscale("GREGORIAN")
	name := fmt.Sprintf("Kazakhstan days off %d", cal.Year)
	if !cal.Verified {
		name += " (provisional)"
	}
	out.SetXWRCalName(name)
	for _, d := range cal.Days {
		if d.Kind == workcal.KindWorkingWeekend {
			continue
		}
		y, mo, dd := d.Date.Civil()
		start := time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC)
		e := out.AddEvent(d.Date.String() + "@ruqsat")
		e.SetDtStampTime(now)
		e.SetAllDayStartAt(start)
		e.SetAllDayEndAt(start.AddDate(0, 0, 1)) // DTEND is exclusive
		e.SetSummary(calendarSummary(d))
		e.SetTimeTransparency(ics.TransparencyTransparent)
		e.AddCategory(d.Kind)
		if !cal.Verified {
			e.SetDescription("Provisional: computed from the statutory rules.")
		}
	}
	return out.SerializeTo(w, ics.WithNewLineWindows)
}

func calendarSummary(d calendarDay) string {
	// Names are English and ASCII; "day off moved from ..." becomes a title.
	if d.Name == "" {
		return d.Kind
	}
	return strings.ToUpper(d.Name[:1]) + d.Name[1:]
}
