// Package ical writes ruqsat's deadlines and the Kazakhstan days off as
// iCalendar files (RFC 5545), for the calendar a person already uses:
// `ruqsat evaluate --format ics`, the personal feed and the public holidays
// feed of the server.
//
// An obligation is one all-day event on its due date. Its UID is made from
// what identifies the obligation (tenant, employer, rule, subject, period)
// and not from its due date, so that a moved deadline updates the event a
// client already holds instead of adding a second one. Each event carries an
// alarm at 09:00 in Almaty on the working day three working days before the
// deadline, counted on the production calendar the rules use (package
// workcal), as an absolute time in UTC, so that no client needs a time zone
// definition.
//
// The files are written with github.com/arran4/golang-ical, which escapes
// texts, folds lines at 75 octets without splitting a UTF-8 sequence and
// ends them with CRLF. The output depends only on its inputs (DTSTAMP is
// given, not read from a clock), so that the same evaluation gives the same
// bytes: golden files for tests, ETags for feeds.
package ical

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// ProductID is the PRODID of the deadline calendars.
const ProductID = "-//ruqsat//Deadlines//EN"

// AlarmWorkingDays is how many working days before a deadline its alarm
// rings, and AlarmHour the hour (in Almaty) on that day.
const (
	AlarmWorkingDays = 3
	AlarmHour        = 9
)

// Event is one open obligation: what identifies it, its deadline and what
// its event tells.
type Event struct {
	// Tenant, BIN, Rule, Subject and Period identify the obligation (its
	// UID). Tenant is the registry's tenant id, or "" for a scenario file.
	Tenant  string
	BIN     string
	Rule    domain.RuleID
	Subject string
	Period  string
	// Employer is the employer's name, shown with the summary.
	Employer string
	Due      domain.Date
	// Message is the finding told in the calendar's language.
	Message string
	// Basis is the legal basis, its references in the calendar's language.
	Basis []domain.Citation
	Fine  *domain.Fine
	// URL is an absolute address of the finding's page, or "".
	URL string
}

// UID returns the UID of the obligation identified by tenant, employer,
// rule, subject and period: the same for the same obligation whatever its
// deadline, and (but for a SHA-256 collision) different between
// obligations.
func UID(tenant, bin string, rule domain.RuleID, subject, period string) string {
	var buf [256]byte
	b := buf[:0]
	for _, s := range [...]string{tenant, bin, rule.String(), subject, period} {
		// Each part with its length: no two different keys join alike.
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
		b = append(b, '\n')
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16]) + "@ruqsat"
}

// UID returns the event's UID.
func (e *Event) UID() string { return UID(e.Tenant, e.BIN, e.Rule, e.Subject, e.Period) }

// Open returns the events of an evaluation: one per finding with status
// open and a due date, in the result's order. The result must be rendered
// (rules.Result.Render) in the calendar's language. tenant is "" for a
// scenario file.
func Open(tenant string, emp *domain.Employer, res *rules.Result) []Event {
	var out []Event
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Status != domain.StatusOpen || f.Due.IsZero() {
			continue
		}
		out = append(out, Event{Tenant: tenant, BIN: emp.BIN, Rule: f.Rule, Subject: f.Subject, Period: f.Period,
			Employer: emp.Name, Due: f.Due, Message: f.Message, Basis: f.Basis, Fine: f.Fine})
	}
	return out
}

// AlarmDay returns the working day AlarmWorkingDays working days before
// due on cal: for a deadline on Friday 27 March 2026 (Nauryz on 23–25
// March), Thursday 19 March.
func AlarmDay(cal *workcal.Calendar, due domain.Date) domain.Date {
	d := due
	for n := AlarmWorkingDays; n > 0; {
		d--
		if cal.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// AlarmAt returns the time of the alarm of a deadline on due: AlarmHour
// in Almaty on AlarmDay.
func AlarmAt(cal *workcal.Calendar, due domain.Date) time.Time {
	y, m, d := AlarmDay(cal, due).Civil()
	return time.Date(y, m, d, AlarmHour, 0, 0, 0, domain.Almaty())
}

// Options are a calendar's settings.
type Options struct {
	// Name is the calendar's name (X-WR-CALNAME), "" for none.
	Name string
	// Stamp is every event's DTSTAMP: the time the information was
	// computed (the evaluation's date), not the time of writing, so that
	// one evaluation gives one file.
	Stamp time.Time
	// Lang is the language of the words the events add to their findings.
	Lang i18n.Lang
	// Calendar counts the working days before an alarm; nil means
	// workcal.Default(), the calendar of the rules.
	Calendar *workcal.Calendar
	// Cache, when not nil, keeps the events' bytes for the next writing
	// (the default calendar's only).
	Cache *Cache
}

// Write writes events as an iCalendar file to w, in their order. Every
// content line is the library's; the events are made and serialized in
// parallel chunks (a consultant's feed holds tens of thousands), whose bytes
// are written in order between the calendar's head and end.
func Write(w io.Writer, opt Options, events []Event) error {
	cal := opt.Calendar
	if cal == nil {
		cal = workcal.Default()
	}
	head := ics.NewCalendarFor("ruqsat")
	head.SetProductId(ProductID)
	head.SetCalscale("GREGORIAN")
	head.SetMethod(ics.MethodPublish)
	if opt.Name != "" {
		head.SetXWRCalName(clean(opt.Name))
	}
	var hb bytes.Buffer
	if err := head.SerializeTo(&hb, ics.WithNewLineWindows); err != nil {
		return err
	}
	hdr, ok := bytes.CutSuffix(hb.Bytes(), []byte(calendarEnd))
	if !ok {
		return fmt.Errorf("ical: the calendar's head does not end with %q", calendarEnd)
	}
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	wd := newWords(i18n.For(opt.Lang))
	stamp := opt.Stamp.UTC().Format(utcFormat)
	cache := opt.Cache
	if cal != workcal.Default() {
		cache = nil
	}
	// Chunks of at least minChunk events, at most one per processor.
	n := min(runtime.GOMAXPROCS(0), max(1, len(events)/minChunk))
	bufs := make([]bytes.Buffer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for c := range n {
		lo, hi := c*len(events)/n, (c+1)*len(events)/n
		wg.Go(func() {
			b := &bufs[c]
			b.Grow((hi - lo) * 1500)
			for i := lo; i < hi && errs[c] == nil; i++ {
				ev := &events[i]
				uid := ev.UID()
				var k uint64
				if cache != nil {
					k = ev.key(opt.Lang, stamp)
					if cached, ok := cache.get(k, uid); ok {
						b.Write(cached)
						continue
					}
				}
				start := b.Len()
				errs[c] = wd.event(ev, uid, cal, stamp).SerializeTo(b, serialConfig)
				if cache != nil && errs[c] == nil {
					cache.put(k, uid, bytes.Clone(b.Bytes()[start:]))
				}
			}
		})
	}
	wg.Wait()
	for c := range bufs {
		if errs[c] != nil {
			return errs[c]
		}
		if _, err := w.Write(bufs[c].Bytes()); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, calendarEnd)
	return err
}

// minChunk is the fewest events worth a goroutine of their own.
const minChunk = 256

const (
	calendarEnd = "END:VCALENDAR\r\n"
	utcFormat   = "20060102T150405Z"
)

// serialConfig is RFC 5545's: lines of at most 75 octets, CRLF.
var serialConfig = &ics.SerializationConfiguration{MaxLength: 75, PropertyMaxLength: 75, NewLine: "\r\n"}

// words are the labels an event's texts use in one language, looked up
// once for all the events of a file.
type words struct {
	l                                                 *i18n.Localizer
	deadline, basis, confidence, interpretation, fine string
	employer                                          string
}

func newWords(l *i18n.Localizer) *words {
	return &words{l: l, deadline: l.T("report.deadline"), basis: l.T("report.basis"), confidence: l.T("report.confidence"),
		interpretation: l.T("report.interpretation"), fine: l.T("report.fine"), employer: l.T("ical.employer")}
}

// event makes ev's VEVENT with its alarm.
func (wd *words) event(ev *Event, uid string, cal *workcal.Calendar, stamp string) *ics.VEvent {
	e := ics.NewEvent(uid)
	e.SetProperty(ics.ComponentPropertyDtstamp, stamp)
	y, m, d := ev.Due.Civil()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	e.SetAllDayStartAt(start)
	e.SetAllDayEndAt(start.AddDate(0, 0, 1)) // DTEND is exclusive
	summary := Summary(wd.l, ev)
	e.SetSummary(summary)
	e.SetDescription(wd.description(ev))
	if ev.URL != "" {
		e.SetURL(ev.URL)
	}
	e.SetTimeTransparency(ics.TransparencyTransparent)
	a := e.AddAlarm()
	a.SetAction(ics.ActionDisplay)
	a.SetTrigger(AlarmAt(cal, ev.Due).UTC().Format(utcFormat), ics.WithValue(string(ics.ValueDataTypeDateTime)))
	a.SetProperty(ics.ComponentPropertyDescription, clean(wd.l.T("ical.alarm", "Name", summary, "Date", wd.l.Date(ev.Due))))
	return e
}

// Summary is an event's title in l's language: the rule's title, the
// subject, the period when there is one, and the employer.
func Summary(l *i18n.Localizer, ev *Event) string {
	var b strings.Builder
	b.WriteString(l.Title(ev.Rule))
	b.WriteString(": ")
	b.WriteString(l.Subject(ev.Subject))
	if ev.Period != "" {
		b.WriteString(", ")
		b.WriteString(l.Period(ev.Period))
	}
	if name := ev.Employer; name != "" || ev.BIN != "" {
		if name == "" {
			name = ev.BIN
		}
		b.WriteString(" — ")
		b.WriteString(name)
	}
	return clean(b.String())
}

// Description is an event's text in l's language: the finding's message,
// its deadline, legal basis and fine, the employer, and the page's address.
func Description(l *i18n.Localizer, ev *Event) string { return newWords(l).description(ev) }

func (wd *words) description(ev *Event) string {
	l := wd.l
	var b strings.Builder
	b.Grow(len(ev.Message) + 400)
	line := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	line(ev.Message)
	b.WriteByte('\n')
	line(wd.deadline, ": ", l.Date(ev.Due))
	for _, c := range ev.Basis {
		line(wd.basis, ": ", l.ActShort(c.Act), ", ", c.Ref, " (", wd.confidence, " ", l.Confidence(c.Confidence), ")")
		if c.Interpretation != "" {
			line(wd.interpretation, ": ", c.Interpretation)
		}
	}
	if ev.Fine != nil {
		line(wd.fine, ": ", l.FineText(ev.Fine))
	}
	line(wd.employer, ": ", ev.Employer, " (", ev.BIN, ")")
	if ev.URL != "" {
		line(ev.URL)
	}
	return clean(strings.TrimSuffix(b.String(), "\n"))
}

// clean makes s a text iCalendar can carry: line breaks as LF (the library
// escapes them as \n), and no other control character, which RFC 5545's
// TEXT does not allow.
func clean(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f }) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r':
			return '\n'
		case r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}
