// Package workcal is the Kazakhstan production calendar: which days are
// working days, and working-day arithmetic for deadlines ("within 3 working
// days after ...").
//
// A day is a day off when it is a Saturday or a Sunday, a public holiday, the
// first day of Kurban Ait, or a day off moved there from a weekend (a holiday
// that fell on a Saturday or Sunday, or a transfer decreed by the Government).
// A Saturday or Sunday may also be made a working day by such a transfer.
//
// The facts come from embedded data: one file per year whose calendar has
// been published and checked (data/years), and the statutory holiday rules
// (data/statutory.yaml) for every other year. A year computed from the rules
// is provisional, since its transfers and its Kurban Ait date are not known;
// every query reports whether it consulted such a year, so that a deadline
// built on it can be marked provisional.
package workcal

import (
	"embed"
	"fmt"
	"io/fs"
	"math/bits"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The years held in precomputed bitmaps; yearly files must fall in this
// range. A date outside it is still answered, from the statutory rules, at
// the cost of computing its year on each call.
const (
	minYear = 1990
	maxYear = 2100
)

// The kinds of Day.
const (
	KindWeekend        = "weekend"         // an ordinary Saturday or Sunday
	KindHoliday        = "holiday"         // a public holiday
	KindMoved          = "moved"           // a day off moved from a weekend day
	KindKurbanAit      = "kurban_ait"      // the first day of Kurban Ait
	KindWorkingWeekend = "working_weekend" // a Saturday or Sunday that is a working day
)

//go:embed data/statutory.yaml
var statutoryYAML []byte

//go:embed data/years/*.yaml
var yearsFS embed.FS

// Day is a day that differs from an ordinary working day.
type Day struct {
	Date domain.Date `json:"date"`
	// Kind is one of the Kind constants. A holiday on a weekend is a
	// "holiday"; every Kind but "working_weekend" is a non-working day.
	Kind string `json:"kind"`
	// Name is in English: "Nauryz", "day off moved from Sat 8 Mar
	// (International Women's Day)", "Saturday".
	Name string `json:"name"`
	// Provisional is true when the day's year has no verified data.
	Provisional bool `json:"provisional,omitempty"`
	// Holidays are the names, as Name writes them, of the holidays the day
	// is (a holiday, Kurban Ait) or whose day off it is (a moved day off),
	// for a reader of another language (HolidayName).
	Holidays []string `json:"-"`
	// From is, for a moved day off, the Saturday or Sunday it was moved
	// from; for a working weekend day, the day off its work was moved to
	// (zero when none is known).
	From domain.Date `json:"-"`
}

// Source is a legal act or announcement that a year's calendar rests on.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// YearInfo describes one year of the calendar.
type YearInfo struct {
	Year     int  `json:"year"`
	Verified bool `json:"verified"`
	// Sources are the yearly file's sources, or the holidays law for a year
	// computed from the statutory rules.
	Sources     []Source `json:"sources"`
	WorkingDays int      `json:"working_days"`
	// NonWorking lists, in date order, every day that departs from the
	// Monday-to-Friday pattern: holidays (those on a weekend too), Kurban
	// Ait, moved days off, and the Saturdays and Sundays that are working
	// days (Kind "working_weekend", the one kind that is not a day off).
	// Ordinary weekends are left out; NonWorkingDays has them.
	NonWorking []Day `json:"non_working"`
}

// Calendar answers working-day questions. It is immutable after
// construction and safe for concurrent use.
type Calendar struct {
	rules *statutory
	years []yearCal // minYear..maxYear

	// work and unverified are bitmaps over the days from first on, one bit
	// a day, so that the hot queries are a shift and a mask.
	first      domain.Date
	ndays      int
	work       []uint64
	unverified []uint64
}

// yearCal is one year, ready for queries.
type yearCal struct {
	first       domain.Date // 1 January
	ndays       int
	work        [6]uint64 // bit i: first+i is a working day
	verified    bool
	sources     []Source
	listed      []Day // as YearInfo.NonWorking
	workingDays int
}

func (y *yearCal) contains(d domain.Date) bool {
	i := int(d - y.first)
	return i >= 0 && i < y.ndays
}

func (y *yearCal) isWorking(d domain.Date) bool {
	i := uint(d - y.first)
	return y.work[i>>6]&(1<<(i&63)) != 0
}

var (
	defaultOnce sync.Once
	defaultCal  *Calendar
)

// Default returns the calendar of the embedded data. It panics if the
// embedded data is broken, which the package's tests rule out.
func Default() *Calendar {
	defaultOnce.Do(func() {
		var files []namedFile
		names, err := fs.Glob(yearsFS, "data/years/*.yaml")
		if err != nil {
			panic(err)
		}
		for _, name := range names {
			b, err := yearsFS.ReadFile(name)
			if err != nil {
				panic(err)
			}
			files = append(files, namedFile{name: name, data: b})
		}
		c, err := build(files)
		if err != nil {
			panic(fmt.Sprintf("workcal: embedded calendar data: %v", err))
		}
		defaultCal = c
	})
	return defaultCal
}

// New returns a calendar from yearly YAML files, in the format of the
// embedded data/years files; other years come from the statutory rules.
// Files are named in errors by their position ("file 2, line 14: ...").
func New(files ...[]byte) (*Calendar, error) {
	named := make([]namedFile, len(files))
	for i, b := range files {
		named[i] = namedFile{name: fmt.Sprintf("file %d", i+1), data: b}
	}
	return build(named)
}

type namedFile struct {
	name string
	data []byte
}

var (
	statutoryOnce sync.Once
	statutoryCal  *Calendar
	statutoryErr  error
)

// loadStatutory returns the calendar of the statutory rules alone, with no
// yearly file. It is built once: a calendar from yearly files starts as a
// copy of it and replaces their years, which keeps New cheap.
func loadStatutory() (*Calendar, error) {
	statutoryOnce.Do(func() {
		rules, err := parseStatutory(statutoryYAML)
		if err != nil {
			statutoryErr = fileError("data/statutory.yaml", err)
			return
		}
		c := &Calendar{rules: rules, first: domain.NewDate(minYear, time.January, 1)}
		c.ndays = int(domain.NewDate(maxYear+1, time.January, 1) - c.first)
		c.work = make([]uint64, (c.ndays+63)/64)
		c.unverified = make([]uint64, (c.ndays+63)/64)
		c.years = make([]yearCal, 0, maxYear-minYear+1)
		for y := minYear; y <= maxYear; y++ {
			c.years = append(c.years, newYearCal(rules.year(y)))
			c.putYearBits(&c.years[len(c.years)-1])
		}
		statutoryCal = c
	})
	return statutoryCal, statutoryErr
}

func build(files []namedFile) (*Calendar, error) {
	base, err := loadStatutory()
	if err != nil {
		return nil, err
	}
	var specs []yearSpec
	from := make(map[int]string)
	for _, f := range files {
		spec, err := parseYear(f.data)
		if err != nil {
			return nil, fileError(f.name, err)
		}
		if other, dup := from[spec.year]; dup {
			return nil, fmt.Errorf("%s: year %d is already given by %s", f.name, spec.year, other)
		}
		specs = append(specs, spec)
		from[spec.year] = f.name
	}
	if len(specs) == 0 {
		return base, nil // calendars are immutable, so it can be shared
	}
	c := &Calendar{
		rules:      base.rules,
		years:      slices.Clone(base.years),
		first:      base.first,
		ndays:      base.ndays,
		work:       slices.Clone(base.work),
		unverified: slices.Clone(base.unverified),
	}
	for _, spec := range specs {
		i := spec.year - minYear
		c.years[i] = newYearCal(spec)
		c.putYearBits(&c.years[i])
	}
	return c, nil
}

// putYearBits copies year yc into the calendar's bitmaps.
func (c *Calendar) putYearBits(yc *yearCal) {
	off := int(yc.first - c.first)
	for i := 0; i < yc.ndays; i++ {
		putBit(c.work, off+i, yc.work[i>>6]&(1<<(i&63)) != 0)
		putBit(c.unverified, off+i, !yc.verified)
	}
}

func putBit(b []uint64, i int, v bool) {
	if v {
		b[i>>6] |= 1 << (i & 63)
	} else {
		b[i>>6] &^= 1 << (i & 63)
	}
}

func newYearCal(s yearSpec) yearCal {
	yc := yearCal{
		first:    domain.NewDate(s.year, time.January, 1),
		verified: s.verified,
		sources:  s.sources,
	}
	yc.ndays = int(domain.NewDate(s.year+1, time.January, 1) - yc.first)
	set := func(d domain.Date, working bool) {
		if !yc.contains(d) {
			return
		}
		i := uint(d - yc.first)
		if working {
			yc.work[i>>6] |= 1 << (i & 63)
		} else {
			yc.work[i>>6] &^= 1 << (i & 63)
		}
	}
	for i := 0; i < yc.ndays; i++ {
		d := yc.first.AddDays(i)
		set(d, !isWeekend(d))
	}
	provisional := !s.verified
	add := func(d domain.Date, kind, name string, from domain.Date, holidays ...string) {
		yc.listed = append(yc.listed, Day{Date: d, Kind: kind, Name: name, Provisional: provisional, From: from, Holidays: holidays})
	}
	for _, h := range s.holidays {
		set(h.date, false)
		name, holidays := h.name, []string{h.name}
		if h.date == s.kurbanAit {
			// Kurban Ait follows the lunar calendar and can meet a fixed
			// holiday (around Nauryz in 2032); the day stays one day off.
			name += ", " + kurbanAit
			holidays = append(holidays, kurbanAit)
		}
		add(h.date, KindHoliday, name, 0, holidays...)
	}
	if s.kurbanAit != 0 && !s.isHoliday(s.kurbanAit) {
		set(s.kurbanAit, false)
		add(s.kurbanAit, KindKurbanAit, kurbanAit, 0, kurbanAit)
	}
	for _, m := range s.moved {
		set(m.date, false)
		var holidays []string
		if h := s.holidayName(m.from); h != "" {
			holidays = []string{h}
		}
		add(m.date, KindMoved, movedName(s, m), m.from, holidays...)
	}
	for _, w := range s.working {
		set(w, true)
		name := "working day"
		var to domain.Date
		for _, m := range s.moved {
			if m.from == w {
				name = "working day (its day off moved to " + shortDate(m.date, s.year) + ")"
				to = m.date
			}
		}
		add(w, KindWorkingWeekend, name, to)
	}
	sort.SliceStable(yc.listed, func(i, j int) bool { return yc.listed[i].Date < yc.listed[j].Date })
	yc.workingDays = countBits(yc.work[:], 0, yc.ndays-1)
	return yc
}

func movedName(s yearSpec, m move) string {
	name := "day off moved from " + shortDate(m.from, s.year)
	if h := s.holidayName(m.from); h != "" {
		name += " (" + h + ")"
	}
	return name
}

// shortDate formats d as "Sat 8 Mar", adding the year when it is not y.
func shortDate(d domain.Date, y int) string {
	dy, m, dd := d.Civil()
	s := fmt.Sprintf("%s %d %s", d.Weekday().String()[:3], dd, m.String()[:3])
	if dy != y {
		s += fmt.Sprintf(" %d", dy)
	}
	return s
}

// countBits returns the number of set bits at positions lo..hi of b.
func countBits(b []uint64, lo, hi int) int {
	if hi < lo {
		return 0
	}
	wl, wh := lo>>6, hi>>6
	lomask := ^uint64(0) << (lo & 63)
	himask := ^uint64(0) >> (63 - hi&63)
	if wl == wh {
		return bits.OnesCount64(b[wl] & lomask & himask)
	}
	n := bits.OnesCount64(b[wl] & lomask)
	for i := wl + 1; i < wh; i++ {
		n += bits.OnesCount64(b[i])
	}
	return n + bits.OnesCount64(b[wh]&himask)
}

// yearOf returns year y: the precomputed one, or outside minYear..maxYear,
// one computed now from the statutory rules.
func (c *Calendar) yearOf(y int) *yearCal {
	if y >= minYear && y <= maxYear {
		return &c.years[y-minYear]
	}
	yc := newYearCal(c.rules.year(y))
	return &yc
}

// day reports whether d is a working day and whether its year lacks
// verified data. cur caches the last year computed outside the bitmaps, so
// that a walk across such dates computes each year once.
func (c *Calendar) day(d domain.Date, cur **yearCal) (working, unverified bool) {
	if i := uint(d - c.first); i < uint(c.ndays) {
		w, b := i>>6, uint64(1)<<(i&63)
		return c.work[w]&b != 0, c.unverified[w]&b != 0
	}
	if *cur == nil || !(*cur).contains(d) {
		*cur = c.yearOf(d.Year())
	}
	return (*cur).isWorking(d), !(*cur).verified
}

// IsWorkingDay reports whether d is a working day. In a year without
// verified data the answer follows the statutory rules.
func (c *Calendar) IsWorkingDay(d domain.Date) bool {
	var cur *yearCal
	w, _ := c.day(d, &cur)
	return w
}

// Verified reports whether year has a verified yearly file.
func (c *Calendar) Verified(year int) bool {
	return year >= minYear && year <= maxYear && c.years[year-minYear].verified
}

// AddWorkingDays returns the n-th working day after d: counting starts the
// day after d, so with d a Thursday 19 March 2026 and n = 3 the days are Fri
// 20, Thu 26 (after Nauryz) and Fri 27 March, the due date. provisional is
// true when a day counted over lies in a year without verified data. For
// n < 1 it returns d and false.
func (c *Calendar) AddWorkingDays(d domain.Date, n int) (due domain.Date, provisional bool) {
	if n < 1 {
		return d, false
	}
	var cur *yearCal
	for {
		d++
		w, u := c.day(d, &cur)
		provisional = provisional || u
		if w {
			n--
			if n == 0 {
				return d, provisional
			}
		}
	}
}

// OnOrAfter returns d if it is a working day and otherwise the next working
// day, as for a fixed-date deadline that falls on a day off. provisional is
// true when a day looked at lies in a year without verified data.
func (c *Calendar) OnOrAfter(d domain.Date) (day domain.Date, provisional bool) {
	var cur *yearCal
	for {
		w, u := c.day(d, &cur)
		provisional = provisional || u
		if w {
			return d, provisional
		}
		d++
	}
}

// WorkingDaysBetween returns the number of working days from from to to,
// both included (0 when to is before from). provisional is true when the
// range touches a year without verified data.
func (c *Calendar) WorkingDaysBetween(from, to domain.Date) (n int, provisional bool) {
	if to < from {
		return 0, false
	}
	for {
		yc := c.yearOf(from.Year())
		last := domain.MinDate(to, yc.first.AddDays(yc.ndays-1))
		n += countBits(yc.work[:], int(from-yc.first), int(last-yc.first))
		provisional = provisional || !yc.verified
		if last == to {
			return n, provisional
		}
		from = last + 1
	}
}

// NonWorkingDays returns every non-working day of year in date order,
// ordinary weekends (Kind "weekend", Name "Saturday" or "Sunday") included.
func (c *Calendar) NonWorkingDays(year int) []Day {
	yc := c.yearOf(year)
	days := make([]Day, 0, yc.ndays-yc.workingDays)
	next := 0 // index into yc.listed
	for i := 0; i < yc.ndays; i++ {
		d := yc.first.AddDays(i)
		var listed *Day
		for next < len(yc.listed) && yc.listed[next].Date <= d {
			if yc.listed[next].Date == d {
				listed = &yc.listed[next]
			}
			next++
		}
		if yc.isWorking(d) {
			continue
		}
		if listed != nil {
			days = append(days, *listed)
			continue
		}
		days = append(days, Day{Date: d, Kind: KindWeekend, Name: d.Weekday().String(), Provisional: !yc.verified})
	}
	return days
}

// Year describes year: whether it is verified, its sources, its number of
// working days and the days that depart from the Monday-to-Friday pattern.
func (c *Calendar) Year(year int) YearInfo {
	yc := c.yearOf(year)
	return YearInfo{
		Year:        year,
		Verified:    yc.verified,
		Sources:     append([]Source(nil), yc.sources...),
		WorkingDays: yc.workingDays,
		NonWorking:  append([]Day(nil), yc.listed...),
	}
}
