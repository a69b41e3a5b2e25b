package ical

import (
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// HolidaysProductID is the PRODID of the days-off calendars.
const HolidaysProductID = "-//ruqsat//Kazakhstan production calendar//EN"

// Holidays writes the days off of year on cal that fall on a weekday (the
// public holidays, Kurban Ait and the days off moved from a weekend) as
// all-day events titled in lang, the calendar of `ruqsat calendar --format
// ics` and of the server's /ical/holidays/YEAR.ics. A holiday on a Saturday
// or Sunday is left out: the day off it gives is listed where it went, as a
// moved day. Each UID is the date, so that importing the file again, or the
// next version of it, updates the events instead of duplicating them. stamp
// is every event's DTSTAMP.
func Holidays(w io.Writer, cal *workcal.Calendar, year int, stamp time.Time, lang i18n.Lang) error {
	l := i18n.For(lang)
	info := cal.Year(year)
	out := ics.NewCalendarFor("ruqsat")
	out.SetProductId(HolidaysProductID)
	out.SetMethod(ics.MethodPublish)
	out.SetCalscale("GREGORIAN")
	name := l.T("calendar.ics_name", "Year", year)
	if !info.Verified {
		name += " " + l.T("calendar.ics_provisional")
	}
	out.SetXWRCalName(name)
	for _, d := range info.NonWorking {
		if d.Kind == workcal.KindWorkingWeekend || weekend(d.Date) {
			continue
		}
		y, mo, dd := d.Date.Civil()
		start := time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC)
		e := out.AddEvent(d.Date.String() + "@ruqsat")
		e.SetDtStampTime(stamp)
		e.SetAllDayStartAt(start)
		e.SetAllDayEndAt(start.AddDate(0, 0, 1)) // DTEND is exclusive
		e.SetSummary(holidaySummary(d, l))
		e.SetTimeTransparency(ics.TransparencyTransparent)
		e.AddCategory(d.Kind)
		if !info.Verified {
			e.SetDescription(l.T("calendar.ics_description"))
		}
	}
	return out.SerializeTo(w, ics.WithNewLineWindows)
}

func weekend(d domain.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// DayName names a day as workcal.Day.Name does, in l's language: the
// holidays' names, or where a day off was moved from or a working day to.
func DayName(d workcal.Day, l *i18n.Localizer) string {
	if l.Lang() == i18n.EN {
		return d.Name
	}
	lang := l.Lang().String()
	names := make([]string, len(d.Holidays))
	for i, h := range d.Holidays {
		names[i] = workcal.HolidayName(h, lang)
	}
	holidays := strings.Join(names, ", ")
	switch {
	case d.Kind == workcal.KindMoved && holidays != "":
		return l.T("calendar.moved_holiday", "Date", l.Date(d.From), "Name", holidays)
	case d.Kind == workcal.KindMoved:
		return l.T("calendar.moved", "Date", l.Date(d.From))
	case d.Kind == workcal.KindWorkingWeekend && d.From != 0:
		return l.T("calendar.working_moved", "Date", l.Date(d.From))
	case d.Kind == workcal.KindWorkingWeekend:
		return l.T("calendar.kind.working_weekend")
	}
	return holidays
}

// holidaySummary is an event's title: the day's name with a capital, or
// its kind when it has none.
func holidaySummary(d workcal.Day, l *i18n.Localizer) string {
	name := DayName(d, l)
	if name == "" {
		name = d.Kind
	}
	r := []rune(name)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}
