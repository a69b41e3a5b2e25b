package ical

import (
	"bytes"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/ical/icaltest"
)

// FuzzWrite writes events with arbitrary texts (names and messages come
// from records people typed) and reads them back with the second parser:
// every line stays within 75 octets, CRLF, whole characters, and every
// text comes back as Summary and Description made it.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{
		"", "Steppe Drilling LLP", "«Дала Бұрғылау» ЖШС", "a;b,c\\d\ne", "\r\n\x00\x7f\t",
		"ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа",
		"x€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 <a> <b>",
	} {
		f.Add(s, s, "w1")
	}
	f.Fuzz(func(t *testing.T, name, message, subject string) {
		if !utf8.ValidString(name) || !utf8.ValidString(message) || !utf8.ValidString(subject) {
			return // records hold UTF-8 only (domain.CheckText)
		}
		ev := Event{Tenant: "1", BIN: "940140000385", Rule: domain.RuleTripNotice, Subject: subject, Period: "2026-12-01",
			Employer: name, Due: domain.NewDate(2026, 12, 4), Message: message}
		var buf bytes.Buffer
		if err := Write(&buf, Options{Name: name, Stamp: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Lang: i18n.RU}, []Event{ev}); err != nil {
			t.Fatal(err)
		}
		cal, err := icaltest.Parse(buf.Bytes())
		if err != nil {
			t.Fatalf("%v\n%q", err, buf.String())
		}
		l := i18n.For(i18n.RU)
		if len(cal.Events) != 1 || cal.Events[0].Summary != Summary(l, &ev) || cal.Events[0].Description != Description(l, &ev) ||
			cal.Events[0].UID != ev.UID() {
			t.Fatalf("read back %+v\nfrom %q", cal.Events, buf.String())
		}
	})
}
