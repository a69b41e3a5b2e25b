package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The calendar feeds are iCalendar files, not JSON: plain handlers on the
// mux beside the API, outside its OpenAPI document and its authentication.
// Calendar clients poll them without a cookie; the personal feed's secret
// is its credential (app.CalendarFeed), the holidays feed is public.

// icsType is the media type of the feeds (RFC 5545).
const icsType = "text/calendar; charset=utf-8"

// holidaysMaxAge is how long a client or proxy may keep a year's days off:
// they change with a Government decree, seldom and ahead of time.
const holidaysMaxAge = 24 * 60 * 60

func (s *Server) registerICal() {
	s.mux.HandleFunc("GET /ical/holidays/{file}", s.holidaysFeed)
	s.mux.HandleFunc("GET /ical/{file}", s.personalFeed)
}

// ParseBaseURL checks the server's public address (serve --base-url), from
// which the feeds link to the web pages: an absolute http or https URL
// without query or fragment. "" is no address (the feeds carry no links).
func ParseBaseURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q is not an absolute http or https address without query, like https://ruqsat.example.kz", s)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// holidaysFeed serves /ical/holidays/YEAR.ics: the Kazakhstan days off of
// a year, to anyone, in the request's language (?lang=, else
// Accept-Language); 404 for a year outside the calendar.
func (s *Server) holidaysFeed(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	year, err := strconv.Atoi(name)
	if !ok || err != nil || len(name) != 4 {
		s.feedError(w, r, domain.Errorf(domain.ENOTFOUND, "no such calendar").Say("error.no_calendar_feed"))
		return
	}
	var buf bytes.Buffer
	if err := s.app.HolidaysCalendar(&buf, year, requestLang(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))); err != nil {
		s.feedError(w, r, err)
		return
	}
	sum := sha256.Sum256(buf.Bytes())
	h := w.Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(holidaysMaxAge))
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Set("Vary", "Accept-Language")
	serveFeed(w, r, buf.Bytes())
}

// personalFeed serves /ical/SECRET.ics: the open deadlines of the feed's
// user (app.CalendarFeed), ?employer=BIN for one employer, ?lang= for
// another language than the feed's. A client that sends the ETag it holds
// in If-None-Match gets 304 without an evaluation being read.
func (s *Server) personalFeed(w http.ResponseWriter, r *http.Request) {
	secret, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		s.feedError(w, r, domain.Errorf(domain.ENOTFOUND, "no such calendar feed").Say("error.no_calendar_feed"))
		return
	}
	q := r.URL.Query()
	feed, err := s.app.CalendarFeed(r.Context(), secret, app.FeedQuery{Employer: q.Get("employer"), Lang: q.Get("lang"), BaseURL: s.baseURL})
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	h := w.Header()
	// Personal: no shared cache keeps it; every use asks again (cheaply,
	// with the ETag).
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", feed.ETag)
	if etagMatch(r.Header.Get("If-None-Match"), feed.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	// Written whole before the answer starts, so that a failure is still
	// an error status; sized for a large feed at once.
	var buf bytes.Buffer
	buf.Grow(64 << 10)
	if err := feed.Write(r.Context(), &buf); err != nil {
		s.feedError(w, r, err)
		return
	}
	serveFeed(w, r, buf.Bytes())
}

// serveFeed answers with body, or 304 when the request's If-None-Match
// names the ETag already set.
func serveFeed(w http.ResponseWriter, r *http.Request, body []byte) {
	h := w.Header()
	if etagMatch(r.Header.Get("If-None-Match"), h.Get("ETag")) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", icsType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// etagMatch reports whether an If-None-Match header names etag: "*", or
// one of its comma-separated tags, compared weakly (RFC 9110 13.1.2).
func etagMatch(header, etag string) bool {
	if header == "" || etag == "" {
		return false
	}
	etag = strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// feedError answers a feed request that failed, in plain text in the
// request's language (?lang=, else Accept-Language): 404 for an unknown,
// revoked or unseen feed or employer, 400 for a query that is no text, 500
// (logged) for anything else.
func (s *Server) feedError(w http.ResponseWriter, r *http.Request, err error) {
	lang := requestLang(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
	msg, code := i18n.For(lang).Error(err), http.StatusInternalServerError
	switch domain.ErrorCode(err) {
	case domain.ENOTFOUND:
		code = http.StatusNotFound
	case domain.EINVALID:
		code = http.StatusBadRequest
	default:
		// Not the path: a personal feed's holds its secret.
		s.log.ErrorContext(context.WithoutCancel(r.Context()), "calendar feed failed", "route", r.Pattern, "err", err)
		msg = "internal error"
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, msg, code)
}
