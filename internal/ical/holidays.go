package ical

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// HolidaysProductID is the PRODID of the days-off calendars.
const HolidaysProductID = "-//ruqsat//Kazakhstan production calendar//EN"

// Holidays writes the days off of year on cal that fall on a weekday (the
// public holidays, Kurban Ait and the days off moved from a weekend) as
// all-day events, the calendar of `ruqsat calendar --format ics` and of the
// server's /ical/holidays/YEAR.ics. A holiday on a Saturday or Sunday is
// left out: the day off it gives is listed where it went, as a moved day.
// Each UID is the date, so that importing the file again, or the next
// version of it, updates the events instead of duplicating them. stamp is
// every event's DTSTAMP. The names are the calendar data's, in English.
func Holidays(w io.Writer, cal *workcal.Calendar, year int, stamp time.Time) error {
	info := cal.Year(year)
	out := ics.NewCalendarFor("ruqsat")
	out.SetProductId(HolidaysProductID)
	out.SetMethod(ics.MethodPublish)
	out.SetCalscale("GREGORIAN")
	name := fmt.Sprintf("Kazakhstan days off %d", year)
	if !info.Verified {
		name += " (provisional)"
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
		e.SetSummary(holidaySummary(d))
		e.SetTimeTransparency(ics.TransparencyTransparent)
		e.AddCategory(d.Kind)
		if !info.Verified {
			e.SetDescription("Provisional: computed from the statutory rules.")
		}
	}
	return out.SerializeTo(w, ics.WithNewLineWindows)
}

func weekend(d domain.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// holidaySummary makes a day's name a title ("day off moved from ..."
// becomes "Day off moved from ..."); a day without a name is its kind.
func holidaySummary(d workcal.Day) string {
	if d.Name == "" {
		return d.Kind
	}
	return strings.ToUpper(d.Name[:1]) + d.Name[1:]
}
