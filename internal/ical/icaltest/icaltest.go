// Package icaltest reads the iCalendar files ruqsat writes with a second,
// independent parser (github.com/emersion/go-ical, where ruqsat writes with
// github.com/arran4/golang-ical), after checking the lines themselves
// against RFC 5545: CRLF endings, at most 75 octets, no UTF-8 sequence split
// by a fold. The tests of every door that writes a calendar (the CLI, the
// feeds of the API) use it; no program does.
package icaltest

import (
	"bytes"
	"fmt"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Calendar is what a test looks at in a calendar file.
type Calendar struct {
	ProdID  string
	Version string
	Name    string // X-WR-CALNAME
	Events  []Event
}

// Event is one VEVENT, its texts unescaped.
type Event struct {
	UID         string
	Stamp       time.Time
	Start, End  domain.Date // all-day: DTSTART and DTEND as dates
	Summary     string
	Description string
	URL         string
	Alarms      []Alarm
}

// Alarm is one VALARM with an absolute trigger.
type Alarm struct {
	Action      string
	Trigger     time.Time // in UTC
	Description string
}

// Lines checks the physical lines of data: every one ends with CRLF, has at
// most 75 octets and is valid UTF-8 on its own (a fold never splits a
// character), and no CR or LF stands alone.
func Lines(data []byte) error {
	if len(data) == 0 || !bytes.HasSuffix(data, []byte("\r\n")) {
		return fmt.Errorf("the file does not end with CRLF")
	}
	for i, line := range bytes.SplitAfter(data[:len(data)-2], []byte("\r\n")) {
		line = bytes.TrimSuffix(line, []byte("\r\n"))
		if bytes.ContainsAny(line, "\r\n") {
			return fmt.Errorf("line %d: a CR or LF without the other: %q", i+1, line)
		}
		if len(line) > 75 {
			return fmt.Errorf("line %d: %d octets, more than 75: %q", i+1, len(line), line)
		}
		if !utf8.Valid(line) {
			return fmt.Errorf("line %d: not UTF-8 on its own (a fold split a character): %q", i+1, line)
		}
	}
	return nil
}

// Parse checks data's lines (Lines) and decodes it with the second parser.
// It requires VERSION 2.0, a PRODID, and of every event a UID unique in
// the file, a DTSTAMP in UTC and all-day DTSTART and DTEND; of every alarm
// an ACTION and a TRIGGER;VALUE=DATE-TIME in UTC.
func Parse(data []byte) (*Calendar, error) {
	if err := Lines(data); err != nil {
		return nil, err
	}
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, fmt.Errorf("decoding: %v", err)
	}
	out := &Calendar{}
	if out.Version, err = text(cal.Props, goical.PropVersion); err != nil || out.Version != "2.0" {
		return nil, fmt.Errorf("VERSION %q, want 2.0 (%v)", out.Version, err)
	}
	if out.ProdID, err = text(cal.Props, goical.PropProductID); err != nil || out.ProdID == "" {
		return nil, fmt.Errorf("no PRODID (%v)", err)
	}
	if p := cal.Props.Get("X-WR-CALNAME"); p != nil {
		out.Name, _ = p.Text()
	}
	uids := map[string]bool{}
	for _, ev := range cal.Events() {
		e, err := event(ev.Component)
		if err != nil {
			return nil, fmt.Errorf("event %q: %v", e.UID, err)
		}
		if uids[e.UID] {
			return nil, fmt.Errorf("UID %q twice", e.UID)
		}
		uids[e.UID] = true
		out.Events = append(out.Events, e)
	}
	return out, nil
}

func event(c *goical.Component) (Event, error) {
	var e Event
	var err error
	if e.UID, err = text(c.Props, goical.PropUID); err != nil || e.UID == "" {
		return e, fmt.Errorf("no UID (%v)", err)
	}
	stamp := c.Props.Get(goical.PropDateTimeStamp)
	if stamp == nil || len(stamp.Value) != 16 || stamp.Value[15] != 'Z' {
		return e, fmt.Errorf("DTSTAMP %v: want a time in UTC", stamp)
	}
	if e.Stamp, err = stamp.DateTime(time.UTC); err != nil {
		return e, fmt.Errorf("DTSTAMP: %v", err)
	}
	if e.Start, err = date(c.Props, goical.PropDateTimeStart); err != nil {
		return e, err
	}
	if e.End, err = date(c.Props, goical.PropDateTimeEnd); err != nil {
		return e, err
	}
	if e.Summary, err = text(c.Props, goical.PropSummary); err != nil {
		return e, err
	}
	if e.Description, err = text(c.Props, goical.PropDescription); err != nil {
		return e, err
	}
	if p := c.Props.Get(goical.PropURL); p != nil {
		e.URL = p.Value
	}
	for _, child := range c.Children {
		if child.Name != goical.CompAlarm {
			return e, fmt.Errorf("a %s inside the event", child.Name)
		}
		var a Alarm
		if a.Action, err = text(child.Props, goical.PropAction); err != nil {
			return e, err
		}
		a.Description, _ = text(child.Props, goical.PropDescription)
		t := child.Props.Get(goical.PropTrigger)
		if t == nil || t.ValueType() != goical.ValueDateTime || len(t.Value) != 16 || t.Value[15] != 'Z' {
			return e, fmt.Errorf("TRIGGER %v: want VALUE=DATE-TIME in UTC", t)
		}
		if a.Trigger, err = t.DateTime(time.UTC); err != nil {
			return e, fmt.Errorf("TRIGGER: %v", err)
		}
		e.Alarms = append(e.Alarms, a)
	}
	return e, nil
}

func text(props goical.Props, name string) (string, error) {
	p := props.Get(name)
	if p == nil {
		return "", nil
	}
	s, err := p.Text()
	if err != nil {
		return "", fmt.Errorf("%s: %v", name, err)
	}
	return s, nil
}

func date(props goical.Props, name string) (domain.Date, error) {
	p := props.Get(name)
	if p == nil || p.ValueType() != goical.ValueDate {
		return 0, fmt.Errorf("%s %v: want VALUE=DATE", name, p)
	}
	t, err := p.DateTime(time.UTC)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", name, err)
	}
	return domain.DateOf(t), nil
}
