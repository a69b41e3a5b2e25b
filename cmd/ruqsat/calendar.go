package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/ical"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// runCalendar prints a year of the production calendar: its working-day
// count and the days that depart from the Monday-to-Friday pattern (the days
// off on weekdays and the working Saturdays and Sundays). Ordinary weekends
// are left out in every format: they say nothing a reader does not know.
func (m *Main) runCalendar(ctx context.Context, args []string) error {
	fs := m.flagSet("calendar")
	format := fs.String("format", "text", "")
	// Flags may come before or after the year: "calendar 2026 --format json".
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return m.usageErr("cli.calendar.one_year", "N", fs.NArg())
	}
	year, err := strconv.Atoi(fs.Arg(0))
	if err != nil || year < 1 || year > 9999 {
		return m.usageErr("cli.calendar.not_year", "Code", fs.Arg(0))
	}
	switch *format {
	case "text", "json", "ics":
	default:
		return m.usageErr("cli.calendar.format", "Code", *format)
	}
	cal := calendarYear(workcal.Default(), year)
	switch *format {
	case "json":
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cal)
	case "ics":
		return ical.Holidays(m.Stdout, workcal.Default(), year, m.Now(), m.loc().Lang())
	default:
		return writeCalendarText(m.Stdout, cal, m.loc())
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
	day     workcal.Day // for its name in another language
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
			day:     d,
		})
	}
	return out
}

func calendarWeekend(d domain.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// writeCalendarText writes the year for people, in l's language: in
// Kazakh and Russian the dates as DD.MM.YYYY, the weekdays, kinds, holiday
// names and source titles in that language (workcal.HolidayName,
// SourceTitle).
func writeCalendarText(w io.Writer, cal calendarOutput, l *i18n.Localizer) error {
	var b strings.Builder
	b.WriteString(l.T("calendar.title", "Year", cal.Year) + "\n")
	if cal.Verified {
		b.WriteString(l.T("calendar.verified") + "\n")
	} else {
		b.WriteString(l.T("calendar.provisional") + "\n")
	}
	b.WriteString(l.T("calendar.working_days", "N", cal.WorkingDays) + "\n")
	b.WriteString(l.T("calendar.sources") + "\n")
	for _, s := range cal.Sources {
		title := workcal.SourceTitle(s.Title, l.Lang().String())
		if s.URL != "" {
			fmt.Fprintf(&b, "  %s <%s>\n", title, s.URL)
		} else {
			fmt.Fprintf(&b, "  %s\n", title)
		}
	}
	b.WriteString("\n")
	for _, d := range cal.Days {
		if l.Lang() == i18n.EN {
			fmt.Fprintf(&b, "%s  %s  %s  %s\n", d.Date, d.Weekday, d.Kind, d.Name)
			continue
		}
		fmt.Fprintf(&b, "%s  %s  %s  %s\n", l.Date(d.Date), l.T("calendar.weekday."+d.Weekday), l.T("calendar.kind."+d.Kind), ical.DayName(d.day, l))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
