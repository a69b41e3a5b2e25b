package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/ical/icaltest"
)

// feedServer serves the fixture's database on a day among its records'
// deadlines, with a public address for the feeds' links.
func feedServer(t *testing.T, f *fixture) *fixture {
	now := func() time.Time { return time.Date(2025, 6, 10, 6, 0, 0, 0, time.UTC) }
	srv := httptest.NewServer(api.New(api.Config{App: app.New(app.Config{DB: f.db, Now: now}), BaseURL: "https://ruqsat.example.kz"}))
	t.Cleanup(srv.Close)
	g := *f
	g.srv = srv
	return &g
}

var latin = regexp.MustCompile(`[A-Za-z]{3,}`)

var feedURL = regexp.MustCompile(`^/ical/rqc_[A-Za-z0-9_-]{43}\.ics$`)

// TestPersonalFeed: a user makes a feed through the API; a calendar
// client reads it with no cookie or token: the open deadlines of the
// user's tenant only, in the language it was made in, linking to the
// pages, parsed by a second parser; 304 for the ETag it holds; a new feed
// ends the old one, DELETE ends it.
func TestPersonalFeed(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		f = feedServer(t, f)
		if r := f.do("POST", "/api/v1/me/calendar", "", nil); r.status != 401 {
			t.Fatalf("without credentials: %d", r.status)
		}
		create := func(token string) string {
			t.Helper()
			r := f.do("POST", "/api/v1/me/calendar?lang=ru", token, nil)
			var out struct {
				URL string `json:"url"`
			}
			if r.status != 201 || json.Unmarshal(r.body, &out) != nil || !feedURL.MatchString(out.URL) {
				t.Fatalf("POST /api/v1/me/calendar: %d %s", r.status, r.body)
			}
			return out.URL
		}
		feed := create(f.viewA)
		r := f.do("GET", feed, "", nil)
		if r.status != 200 || r.header.Get("Content-Type") != "text/calendar; charset=utf-8" || r.header.Get("Set-Cookie") != "" ||
			r.header.Get("Cache-Control") != "private, no-cache" {
			t.Fatalf("GET %s: %d %v\n%s", feed, r.status, r.header, r.body)
		}
		cal, err := icaltest.Parse(r.body)
		if err != nil {
			t.Fatal(err)
		}
		if len(cal.Events) == 0 {
			t.Fatal("the feed is empty: the test tests nothing")
		}
		for _, e := range cal.Events {
			if e.URL != "https://ruqsat.example.kz/employers/"+f.binA || !strings.Contains(e.Description, "Работодатель: ") ||
				strings.Contains(e.Description, f.binB) || len(e.Alarms) != 1 {
				t.Errorf("event %s: %s\n%s", e.UID, e.URL, e.Description)
			}
		}
		etag := r.header.Get("ETag")
		if r := f.do("GET", feed, "", nil, "If-None-Match", etag); r.status != 304 || len(r.body) != 0 || r.header.Get("ETag") != etag {
			t.Fatalf("If-None-Match %s: %d %q", etag, r.status, r.body)
		}
		if r := f.do("GET", feed, "", nil, "If-None-Match", `"other", `+etag); r.status != 304 {
			t.Fatalf("If-None-Match with two tags: %d", r.status)
		}
		if r := f.do("GET", feed, "", nil, "If-None-Match", `"other"`); r.status != 200 {
			t.Fatalf("If-None-Match of another tag: %d", r.status)
		}
		// Another language; one employer; another tenant's employer.
		if r := f.do("GET", feed+"?lang=kk", "", nil); r.status != 200 || !strings.Contains(string(r.body), "Жұмыс беруші: ") || r.header.Get("ETag") == etag {
			t.Fatalf("?lang=kk: %d", r.status)
		}
		if r := f.do("GET", feed+"?employer="+f.binA, "", nil); r.status != 200 {
			t.Fatalf("?employer=A: %d %s", r.status, r.body)
		}
		if r := f.do("GET", feed+"?employer="+f.binB, "", nil); r.status != 404 {
			t.Fatalf("?employer=B (another tenant's): %d %s", r.status, r.body)
		}
		// The owner of B sees B's deadlines only.
		other := create(f.tokenB)
		if r := f.do("GET", other, "", nil); r.status != 200 || strings.Contains(string(r.body), f.binA) {
			t.Fatalf("B's feed: %d", r.status)
		}
		// A new feed ends the old one; DELETE ends it; junk is not found.
		newer := create(f.viewA)
		if r := f.do("GET", feed, "", nil); r.status != 404 {
			t.Fatalf("the replaced feed: %d", r.status)
		}
		if r := f.do("GET", newer, "", nil); r.status != 200 {
			t.Fatalf("the new feed: %d", r.status)
		}
		if r := f.do("DELETE", "/api/v1/me/calendar", f.viewA, nil); r.status != 204 {
			t.Fatalf("DELETE: %d %s", r.status, r.body)
		}
		if r := f.do("GET", newer, "", nil, "If-None-Match", etag); r.status != 404 {
			t.Fatalf("the revoked feed: %d", r.status)
		}
		if r := f.do("DELETE", "/api/v1/me/calendar", f.viewA, nil); r.status != 204 {
			t.Fatalf("DELETE again: %d", r.status)
		}
		for _, p := range []string{"/ical/x.ics", "/ical/" + strings.TrimSuffix(strings.TrimPrefix(newer, "/ical/"), ".ics"), "/ical/rqc_" + strings.Repeat("A", 43) + ".ics"} {
			if r := f.do("GET", p, "", nil); r.status != 404 {
				t.Errorf("GET %s: %d", p, r.status)
			}
		}
		if r := f.do("GET", "/ical/x.ics?lang=ru", "", nil); r.status != 404 || !strings.Contains(string(r.body), "такой календарной ленты нет") {
			t.Errorf("404 in Russian: %d %s", r.status, r.body)
		}
	})
}

// TestHolidaysFeed: the days off of a year for anyone, cacheable, with an
// ETag; a year outside the calendar is not found.
func TestHolidaysFeed(t *testing.T) {
	srv := httptest.NewServer(api.New(api.Config{}))
	t.Cleanup(srv.Close)
	get := func(path string, headers ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	resp, body := get("/ical/holidays/2026.ics")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
		!strings.HasPrefix(resp.Header.Get("Cache-Control"), "public, max-age=") || resp.Header.Get("ETag") == "" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	cal, err := icaltest.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	days := map[string]bool{}
	for _, e := range cal.Events {
		days[e.Start.String()] = true
	}
	for _, d := range []string{"2026-01-01", "2026-03-09", "2026-03-23", "2026-12-16"} {
		if !days[d] {
			t.Errorf("%s is not in the feed", d)
		}
	}
	ru, body := get("/ical/holidays/2026.ics?lang=ru")
	if rcal, err := icaltest.Parse(body); err != nil || ru.Header.Get("ETag") == resp.Header.Get("ETag") ||
		!strings.Contains(rcal.Name, "2026") || latin.MatchString(rcal.Events[0].Summary) {
		t.Fatalf("in Russian: %v %+v", err, rcal)
	}
	if r, b := get("/ical/holidays/2026.ics", "If-None-Match", resp.Header.Get("ETag")); r.StatusCode != 304 || len(b) != 0 {
		t.Fatalf("If-None-Match: %d", r.StatusCode)
	}
	for _, p := range []string{"/ical/holidays/1989.ics", "/ical/holidays/2101.ics", "/ical/holidays/abcd.ics", "/ical/holidays/2026", "/ical/holidays/02026.ics"} {
		if r, _ := get(p); r.StatusCode != 404 {
			t.Errorf("GET %s: %d", p, r.StatusCode)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	for in, want := range map[string]string{"": "", "https://ruqsat.example.kz/": "https://ruqsat.example.kz",
		"http://127.0.0.1:8080": "http://127.0.0.1:8080", "https://example.kz/ruqsat/": "https://example.kz/ruqsat"} {
		if got, err := api.ParseBaseURL(in); err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"ruqsat.example.kz", "/ical", "ftp://example.kz", "https://example.kz/?a=1", "https://u:p@example.kz", "https://"} {
		if _, err := api.ParseBaseURL(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// FuzzParseBaseURL: an address ParseBaseURL accepts is an absolute http or
// https URL without a trailing slash, query or fragment, and accepted again
// as it is.
func FuzzParseBaseURL(f *testing.F) {
	for _, s := range []string{"", "https://ruqsat.example.kz/", "http://127.0.0.1:8080", "https://example.kz/ruqsat/",
		"ruqsat.example.kz", "ftp://x", "https://u:p@example.kz", "https://example.kz/?a=1#b", "https://[::1]:8443/x%20y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := api.ParseBaseURL(s)
		if err != nil || out == "" {
			return
		}
		if !strings.HasPrefix(out, "http://") && !strings.HasPrefix(out, "https://") || strings.HasSuffix(out, "/") ||
			strings.ContainsAny(out, "?#") {
			t.Fatalf("%q: accepted as %q", s, out)
		}
		if again, err := api.ParseBaseURL(out); err != nil || again != out {
			t.Fatalf("%q: %q, then %q, %v", s, out, again, err)
		}
	})
}
