package app_test

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/ical"
	"github.com/ruqsat/ruqsat/internal/ical/icaltest"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestCalendarFeed: a user's feed holds one event per open finding of
// today's evaluation of each employer the user may see (the same UIDs and
// dates as the evaluation's own calendar), narrows to one employer, keeps
// its ETag while nothing changes and changes it when the records do; a new
// feed ends the old one, revoking ends it, and junk finds nothing.
func TestCalendarFeed(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		// The fixture's records are of 2025: today is in their midst.
		now := time.Date(2025, 6, 10, 6, 0, 0, 0, time.UTC)
		a := app.New(app.Config{DB: f.db, Now: func() time.Time { return now }})
		today := domain.MustDate("2025-06-10")

		secret, err := a.CreateCalendarFeed(ctx, f.viewer, i18n.RU)
		if err != nil || !strings.HasPrefix(secret, app.CalendarFeedPrefix) {
			t.Fatalf("CreateCalendarFeed: %q, %v", secret, err)
		}
		// What the feed should hold: the open findings of each employer.
		want := map[string]domain.Date{}
		tenant := strconv.FormatInt(f.viewer.TenantID, 10)
		for _, bin := range f.bins {
			res, err := a.Evaluate(ctx, f.viewer, bin, today, i18n.RU)
			if err != nil {
				t.Fatal(err)
			}
			emp, err := a.Employer(ctx, f.viewer, bin)
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range ical.Open(tenant, &domain.Employer{BIN: bin, Name: emp.Name}, &res) {
				want[ev.UID()] = ev.Due
			}
		}
		if len(want) == 0 {
			t.Fatal("the fixture has no open finding; the test tests nothing")
		}
		read := func(secret string, q app.FeedQuery) (*app.Feed, *icaltest.Calendar) {
			t.Helper()
			feed, err := a.CalendarFeed(ctx, secret, q)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := feed.Write(ctx, &buf); err != nil {
				t.Fatal(err)
			}
			cal, err := icaltest.Parse(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			return feed, cal
		}
		feed, cal := read(secret, app.FeedQuery{BaseURL: "https://ruqsat.example.kz/"})
		if feed.User.ID != f.viewer.ID || len(cal.Events) != len(want) {
			t.Fatalf("feed of user %d: %d events, want %d", feed.User.ID, len(cal.Events), len(want))
		}
		for _, e := range cal.Events {
			if due, ok := want[e.UID]; !ok || e.Start != due {
				t.Errorf("event %s on %s: not an open finding of the evaluation (due %s)", e.UID, e.Start, due)
			}
			if !strings.HasPrefix(e.URL, "https://ruqsat.example.kz/employers/") || !strings.Contains(e.Description, e.URL) {
				t.Errorf("event %s links to %q", e.UID, e.URL)
			}
			if !strings.Contains(e.Description, "Работодатель: ") || len(e.Alarms) != 1 {
				t.Errorf("event %s: %q, %d alarms", e.UID, e.Description, len(e.Alarms))
			}
		}
		again, _ := read(secret, app.FeedQuery{BaseURL: "https://ruqsat.example.kz/"})
		if again.ETag != feed.ETag || !strings.HasPrefix(feed.ETag, `"`) {
			t.Fatalf("ETag %s, then %s with nothing changed", feed.ETag, again.ETag)
		}
		en, _ := read(secret, app.FeedQuery{Lang: "en"})
		if en.ETag == feed.ETag {
			t.Fatal("the English feed without links has the Russian feed's ETag")
		}
		// The feed's own language unless the request asks for another.
		_, ru := read(secret, app.FeedQuery{Lang: "xx"})
		if !strings.Contains(ru.Events[0].Description, "Работодатель: ") {
			t.Fatalf("the feed made in Russian: %q", ru.Events[0].Description)
		}

		// A limited user sees their employer only, and may not name another.
		limited, err := a.CreateCalendarFeed(ctx, f.limit, i18n.KK)
		if err != nil {
			t.Fatal(err)
		}
		_, lcal := read(limited, app.FeedQuery{})
		for _, e := range lcal.Events {
			if _, ok := want[e.UID]; !ok || !strings.HasSuffix(e.Description, "("+f.bins[0]+")") {
				t.Errorf("the limited user's feed holds %s: %q", e.UID, e.Description)
			}
		}
		_, err = a.CalendarFeed(ctx, limited, app.FeedQuery{Employer: f.bins[1]})
		wantCode(t, "limited feed of another employer", err, domain.ENOTFOUND)
		_, one := read(secret, app.FeedQuery{Employer: f.bins[0]})
		if len(one.Events) != len(lcal.Events) {
			t.Fatalf("the viewer's feed of %s has %d events, the limited user's %d", f.bins[0], len(one.Events), len(lcal.Events))
		}
		_, err = a.CalendarFeed(ctx, secret, app.FeedQuery{Employer: "12\x00"})
		if code := domain.ErrorCode(err); code != domain.EINVALID && code != domain.ENOTFOUND {
			t.Fatalf("a BIN with a NUL: %v", err)
		}

		// A change of the records changes the ETag.
		rec, v, err := a.Records(ctx, f.owner, f.bins[2])
		if err != nil {
			t.Fatal(err)
		}
		rec.Employer.Name += " (renamed)"
		if _, err := a.ReplaceRecords(ctx, f.owner, rec, v); err != nil {
			t.Fatal(err)
		}
		changed, ccal := read(secret, app.FeedQuery{BaseURL: "https://ruqsat.example.kz/"})
		if changed.ETag == feed.ETag {
			t.Fatal("the ETag stayed after a change of the records")
		}
		if !slices.ContainsFunc(ccal.Events, func(e icaltest.Event) bool { return strings.Contains(e.Summary, "(renamed)") }) {
			t.Log("the renamed employer has no open finding")
		}

		// A new feed ends the old one; revoking ends it; junk finds nothing.
		newer, err := a.CreateCalendarFeed(ctx, f.viewer, i18n.RU)
		if err != nil || newer == secret {
			t.Fatalf("a second feed: %q, %v", newer, err)
		}
		_, err = a.CalendarFeed(ctx, secret, app.FeedQuery{})
		wantCode(t, "the replaced feed", err, domain.ENOTFOUND)
		if err := a.RevokeCalendarFeed(ctx, f.viewer); err != nil {
			t.Fatal(err)
		}
		_, err = a.CalendarFeed(ctx, newer, app.FeedQuery{})
		wantCode(t, "the revoked feed", err, domain.ENOTFOUND)
		for _, junk := range []string{"", "rqc_", "rq_" + secret[4:], strings.Repeat("x", 5000)} {
			_, err = a.CalendarFeed(ctx, junk, app.FeedQuery{})
			wantCode(t, "junk "+junk, err, domain.ENOTFOUND)
		}
		_, err = a.CreateCalendarFeed(ctx, nil, i18n.EN)
		wantCode(t, "no user", err, domain.EFORBIDDEN)
	})
}

func TestHolidaysCalendar(t *testing.T) {
	a := app.New(app.Config{Now: func() time.Time { return time.Date(2026, 12, 6, 6, 0, 0, 0, time.UTC) }})
	for _, y := range []int{1989, 2101, 0, -1} {
		wantCode(t, "year "+strconv.Itoa(y), a.HolidaysCalendar(&bytes.Buffer{}, y, i18n.EN), domain.ENOTFOUND)
	}
	var buf bytes.Buffer
	if err := a.HolidaysCalendar(&buf, 2026, i18n.RU); err != nil {
		t.Fatal(err)
	}
	cal, err := icaltest.Parse(buf.Bytes())
	if err != nil || len(cal.Events) == 0 || !cal.Events[0].Stamp.Equal(time.Date(2026, 12, 5, 19, 0, 0, 0, time.UTC)) {
		t.Fatalf("%+v, %v", cal, err)
	}
}
