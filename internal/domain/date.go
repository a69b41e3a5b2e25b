package domain

import (
	"fmt"
	"sync"
	"time"
)

// Date is a civil date (a day in the proleptic Gregorian calendar) with no time
// of day and no time zone. Legal dates and deadlines are Dates, never time.Time.
//
// The value is a day number: consecutive days differ by one, so adding days and
// comparing dates are integer operations. The zero Date means "no date".
type Date int32

// dateBias makes 0001-01-01 day 1, so that the zero value is not a real date.
const dateBias = 306 // daysFromCivil(1, 1, 1): 0001-01-01 is 306 days after 0000-03-01

// daysFromCivil is Howard Hinnant's days_from_civil, counted from 0000-03-01.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe
}

func civilFromDays(z int) (y, m, d int) {
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// NewDate returns the date y-m-d. It does not validate; use ValidDate for input.
func NewDate(y int, m time.Month, d int) Date {
	return Date(daysFromCivil(y, int(m), d) - dateBias + 1)
}

// ValidDate reports whether y-m-d names a real day in years 1..9999.
func ValidDate(y int, m time.Month, d int) bool {
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysIn(y, m)
}

// DaysIn returns the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Civil returns the year, month and day of d.
func (d Date) Civil() (int, time.Month, int) {
	y, m, dd := civilFromDays(int(d) + dateBias - 1)
	return y, time.Month(m), dd
}

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Month returns the month of d.
func (d Date) Month() time.Month { _, m, _ := d.Civil(); return m }

// Day returns the day of the month of d.
func (d Date) Day() int { _, _, dd := d.Civil(); return dd }

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == 0 }

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Sub returns the number of days from e to d (d − e).
func (d Date) Sub(e Date) int { return int(d - e) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 0001-01-01 (day 1) was a Monday.
	return time.Weekday((int(d)%7 + 7) % 7)
}

// YearMonth returns the month that d falls in.
func (d Date) YearMonth() YearMonth { y, m, _ := d.Civil(); return NewYearMonth(y, m) }

// AddYears returns the same month and day n years later; 29 February becomes
// 28 February in a year that has none.
func (d Date) AddYears(n int) Date {
	y, m, dd := d.Civil()
	y += n
	if dd > DaysIn(y, m) {
		dd = DaysIn(y, m)
	}
	return NewDate(y, m, dd)
}

// AddMonths returns the same day n months later, clamped to the month's end.
func (d Date) AddMonths(n int) Date {
	y, m, dd := d.Civil()
	ym := NewYearMonth(y, m).Add(n)
	if last := DaysIn(ym.Year(), ym.Month()); dd > last {
		dd = last
	}
	return NewDate(ym.Year(), ym.Month(), dd)
}

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	if t := dateStrings(); d >= t.first && int(d-t.first) < len(t.s) {
		return t.s[d-t.first]
	}
	var b [10]byte
	return string(d.appendTo(b[:0]))
}

// dateStringTable holds the text of every date from 2000 to 2069. Evaluations
// print millions of dates; sharing their strings saves an allocation each.
type dateStringTable struct {
	first Date
	s     []string
}

var dateStrings = sync.OnceValue(func() dateStringTable {
	first, end := NewDate(2000, time.January, 1), NewDate(2070, time.January, 1)
	buf := make([]byte, 0, 10*int(end-first))
	for d := first; d < end; d++ {
		buf = d.appendTo(buf)
	}
	all := string(buf)
	t := dateStringTable{first: first, s: make([]string, end-first)}
	for i := range t.s {
		t.s[i] = all[10*i : 10*i+10]
	}
	return t
})

// AppendText appends YYYY-MM-DD (nothing for the zero Date) to b.
func (d Date) AppendText(b []byte) ([]byte, error) {
	if d == 0 {
		return b, nil
	}
	return d.appendTo(b), nil
}

func (d Date) appendTo(b []byte) []byte {
	y, m, dd := d.Civil()
	if y < 0 || y > 9999 {
		return fmt.Appendf(b, "%04d-%02d-%02d", y, int(m), dd)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}

// ParseDate parses YYYY-MM-DD strictly: four-digit year, two-digit month and
// day, and a day that exists.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%q is not a date: expected YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, fmt.Errorf("%q is not a date: expected YYYY-MM-DD", s)
	}
	if !ValidDate(y, time.Month(m), d) {
		return 0, fmt.Errorf("%q is not a real date", s)
	}
	return NewDate(y, time.Month(m), d), nil
}

// MustDate parses s and panics on error; for tests and literals only.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// MarshalText formats d as YYYY-MM-DD ("" for the zero Date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD; the empty string gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// Almaty is the time zone in which ruqsat takes "today" (UTC+5 for the whole
// country since 1 March 2024, UTC+6 in Almaty before). The ruqsat binary
// embeds time-zone data (time/tzdata), but the time package prefers the
// system's; a system whose data predate the change (tzdata 2024a) would put
// midnight an hour early, so such data are not used: a fixed UTC+5 is right
// for every date since the change. It is loaded once.
var Almaty = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		return time.FixedZone("UTC+5", 5*60*60)
	}
	if _, off := time.Date(2025, 1, 1, 0, 0, 0, 0, loc).Zone(); off != 5*60*60 {
		return time.FixedZone("UTC+5", 5*60*60)
	}
	return loc
})

// Today returns the civil date of now in Asia/Almaty.
func Today(now time.Time) Date { return DateOf(now.In(Almaty())) }

// MinDate returns the earlier of two dates.
func MinDate(a, b Date) Date {
	if a < b {
		return a
	}
	return b
}

// YearMonth is a calendar month, such as 2026-03, stored as year*12 + month−1.
type YearMonth int32

// NewYearMonth returns the month m of year y.
func NewYearMonth(y int, m time.Month) YearMonth { return YearMonth(y*12 + int(m) - 1) }

// Year returns the year of ym.
func (ym YearMonth) Year() int { return int(ym) / 12 }

// Month returns the month of ym.
func (ym YearMonth) Month() time.Month { return time.Month(int(ym)%12 + 1) }

// Add returns the month n months after ym.
func (ym YearMonth) Add(n int) YearMonth { return ym + YearMonth(n) }

// First returns the first day of ym.
func (ym YearMonth) First() Date { return NewDate(ym.Year(), ym.Month(), 1) }

// Last returns the last day of ym.
func (ym YearMonth) Last() Date {
	return NewDate(ym.Year(), ym.Month(), DaysIn(ym.Year(), ym.Month()))
}

// String formats ym as YYYY-MM.
func (ym YearMonth) String() string {
	if ym == 0 {
		return ""
	}
	y, m := ym.Year(), int(ym.Month())
	if y < 0 || y > 9999 {
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	return string([]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', byte('0' + m/10), byte('0' + m%10)})
}

// ParseYearMonth parses YYYY-MM strictly.
func ParseYearMonth(s string) (YearMonth, error) {
	if len(s) != 7 || s[4] != '-' {
		return 0, fmt.Errorf("%q is not a month: expected YYYY-MM", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	if !ok1 || !ok2 || y < 1 || m < 1 || m > 12 {
		return 0, fmt.Errorf("%q is not a month: expected YYYY-MM", s)
	}
	return NewYearMonth(y, time.Month(m)), nil
}

// MarshalText formats ym as YYYY-MM.
func (ym YearMonth) MarshalText() ([]byte, error) { return []byte(ym.String()), nil }

// UnmarshalText parses YYYY-MM.
func (ym *YearMonth) UnmarshalText(b []byte) error {
	v, err := ParseYearMonth(string(b))
	if err != nil {
		return err
	}
	*ym = v
	return nil
}
