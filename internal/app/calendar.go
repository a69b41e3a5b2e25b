package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/ical"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// CalendarFeedPrefix starts the secret of every personal calendar feed
// (package auth's token form): a leaked feed address says what it is.
const CalendarFeedPrefix = "rqc_"

// feedCache keeps the serialized events of the feeds, so that a feed
// written again after a change serializes only the events that changed.
// Its entries are found by their content (package ical), so the process's
// Apps, tenants and languages share it: 2 × 64 MB at most, the events of
// about 90,000 obligations.
var feedCache = ical.NewCache(64 << 20)

// feedFormat is part of every feed's ETag: raise it when what a feed writes
// for the same evaluation changes, so that clients fetch it again.
const feedFormat = "1"

// CreateCalendarFeed gives u a personal calendar feed and returns its
// secret, to be shown once (the database keeps its hash): the feed's address
// is /ical/SECRET.ics. The user's previous feed, if any, stops working. Any
// user who may read findings may have one. lang is the feed's language
// unless a request of it asks for another.
func (a *App) CreateCalendarFeed(ctx context.Context, u *User, lang i18n.Lang) (string, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return "", err
	}
	secret, hash, err := auth.NewToken(CalendarFeedPrefix)
	if err != nil {
		return "", err
	}
	if _, err := a.db.ReplaceCalendarFeed(ctx, u.TenantID, actor(u), u.ID, hash, lang.String()); err != nil {
		return "", err
	}
	return secret, nil
}

// RevokeCalendarFeed ends u's personal calendar feed; a user without one is
// no error.
func (a *App) RevokeCalendarFeed(ctx context.Context, u *User) error {
	if err := require(u, auth.ActionRead); err != nil {
		return err
	}
	return a.db.RevokeCalendarFeed(ctx, u.TenantID, actor(u), u.ID)
}

// FeedQuery is what a feed request asks beyond its secret.
type FeedQuery struct {
	// Employer, when not "", narrows the feed to one employer (a BIN the
	// feed's user may see; any other is ENOTFOUND).
	Employer string
	// Lang, when kk, ru or en, is the language of the events' words;
	// otherwise the feed's own (the one it was made in).
	Lang string
	// BaseURL is the server's public address (https://ruqsat.example.kz),
	// from which events link to the employers' pages; "" for no links.
	BaseURL string
}

// Feed is a personal calendar feed ready to be written: its user, what was
// asked, and the ETag of what it would write.
type Feed struct {
	// ETag names what Write writes (a strong validator, quoted): the same
	// as long as the feed's user, query, date and the tenant's records are
	// the same, so that a client polling with If-None-Match is answered
	// without an evaluation.
	ETag string
	// User is the feed's user.
	User *User

	app  *App
	q    FeedQuery
	lang i18n.Lang
	asOf domain.Date
}

// CalendarFeed finds the feed of secret (ENOTFOUND for an unknown or
// revoked one, or one whose user may no longer read) and checks q, reading
// no findings yet: a client that holds Feed.ETag needs none. Errors:
// ENOTFOUND, EINVALID for a query text that is not one, and the store's.
func (a *App) CalendarFeed(ctx context.Context, secret string, q FeedQuery) (*Feed, error) {
	notFound := domain.Errorf(domain.ENOTFOUND, "no such calendar feed").Say("error.no_calendar_feed")
	if !auth.IsToken(secret, CalendarFeedPrefix) {
		return nil, notFound // not a secret: no database lookup
	}
	u, feed, err := a.db.UserByCalendarFeedHash(ctx, auth.HashToken(secret))
	if err != nil {
		return nil, err
	}
	lang, ok := i18n.Parse(q.Lang)
	if !ok {
		lang, _ = i18n.Parse(feed.Lang)
	}
	if require(u, auth.ActionRead) != nil {
		return nil, notFound
	}
	if q.Employer != "" {
		if err := text("employer", q.Employer, domain.MaxCodeLen); err != nil {
			return nil, err
		}
		if _, err := a.Employer(ctx, u, q.Employer); err != nil {
			return nil, err
		}
	}
	asOf := a.Today()
	version, err := a.db.TenantRecordsVersion(ctx, u.TenantID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		version, err = 0, nil
	}
	if err != nil {
		return nil, err
	}
	// What the feed's content depends on. The records version is read
	// before the findings (Write), which are therefore of it or newer: a
	// change made meanwhile shows as another tag on the next poll.
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d\n%d\n%s\n%s\n%t\n%q\n%s\n%q\n%s\n%d\n%s\n", feedFormat, u.ID, u.TenantID, u.Role,
		strings.Join(u.Employers, ","), u.Employers == nil, q.Employer, lang, q.BaseURL, asOf, version, a.engine.Params().Ruleset)
	return &Feed{ETag: `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`, User: u, app: a, q: q, lang: lang, asOf: asOf}, nil
}

// Write writes the feed to w: the open obligations (status open) of today's
// evaluation of every employer the feed's user may see, or of the one its
// query names, whatever their due date, read from the dashboard cache; one
// event each (package ical), in the query's language, linking to the
// employer's page when the query has a base URL.
func (f *Feed) Write(ctx context.Context, w io.Writer) error {
	a := f.app
	only := f.User.Employers
	if f.q.Employer != "" {
		only = []string{f.q.Employer}
	}
	// Every item, overdue or far ahead, in one page.
	pages, err := a.dashboard.Queries(ctx, f.User.TenantID, dashboard.Query{Overdue: true, Days: domain.MaxEventDate.Sub(f.asOf) + 366,
		Only: only, Limit: math.MaxInt})
	if err != nil {
		return err
	}
	l := i18n.For(f.lang)
	bases := feedBases(a.engine, l)
	tenant := strconv.FormatInt(f.User.TenantID, 10)
	base := strings.TrimSuffix(f.q.BaseURL, "/")
	events := make([]ical.Event, 0, len(pages[0].Items))
	for i := range pages[0].Items {
		it := &pages[0].Items[i]
		if it.Status != domain.StatusOpen {
			continue
		}
		rule, _ := domain.ParseRuleID(it.Rule)
		ev := ical.Event{Tenant: tenant, BIN: it.BIN, Rule: rule, Subject: it.Subject, Period: it.Period, Employer: it.Employer,
			Due: it.Due, Message: it.Text(l), Basis: bases[rule], Fine: it.Fine}
		if base != "" {
			ev.URL = base + "/employers/" + url.PathEscape(it.BIN)
		}
		events = append(events, ev)
	}
	name := l.T("ical.name")
	if f.q.Employer != "" && len(events) > 0 {
		name = l.T("ical.name_employer", "Name", events[0].Employer)
	}
	y, m, d := f.asOf.Civil()
	opt := ical.Options{Name: name, Stamp: time.Date(y, m, d, 0, 0, 0, 0, domain.Almaty()), Lang: f.lang, Cache: feedCache}
	return ical.Write(w, opt, events)
}

// feedBases is each rule's legal basis in l's language, as the events of a
// feed tell it: the dashboard cache keeps no basis per finding.
func feedBases(engine *rules.Engine, l *i18n.Localizer) map[domain.RuleID][]domain.Citation {
	set := engine.Params()
	out := map[domain.RuleID][]domain.Citation{}
	for _, r := range rules.Catalogue(set) {
		for _, c := range r.Basis {
			out[r.ID] = append(out[r.ID], domain.Citation{Act: c.Act, ActTitle: l.ActTitle(c.Act, set.Acts[c.Act].Title),
				Ref: l.Law(c.Ref), Confidence: c.Confidence, URL: l.ActURL(c.Act, set.Acts[c.Act].URL)})
		}
	}
	return out
}

// HolidaysCalendar writes the Kazakhstan days off of year as an iCalendar
// file in lang (package ical; what `ruqsat calendar --format ics` writes),
// stamped with the start of today in Almaty. Anyone may read it. A year
// outside the calendar's range (domain.MinYear to MaxYear) is ENOTFOUND.
func (a *App) HolidaysCalendar(w io.Writer, year int, lang i18n.Lang) error {
	if year < domain.MinYear || year > domain.MaxYear {
		return domain.Errorf(domain.ENOTFOUND, "year %d is outside the calendar (%d to %d)", year, domain.MinYear, domain.MaxYear).
			Say("error.year_out_of_range", "Year", strconv.Itoa(year))
	}
	y, m, d := a.Today().Civil()
	return ical.Holidays(w, workcal.Default(), year, time.Date(y, m, d, 0, 0, 0, 0, domain.Almaty()), lang)
}
