package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/dashboard"
)

var (
	cardRE  = regexp.MustCompile(`(?s)<a class="card[^"]*" href="([^"]*)" id="card-(\w+)">\s*<span class="num">([\d\s\x{00a0}]+)`)
	undRE   = regexp.MustCompile(`data-undated="`)
	emRowRE = regexp.MustCompile(`(?s)<tr class="employer-row[^"]*" data-bin="(\d+)"(.*?)</tr>`)
)

// cards returns the dashboard's cards: id to link and number.
func cards(t *testing.T, body string) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	for _, m := range cardRE.FindAllStringSubmatch(body, -1) {
		out[m[2]] = [2]string{strings.ReplaceAll(m[1], "&amp;", "&"), strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m[3])}
	}
	return out
}

// TestCardsLeadToWhatTheyCount: each of the dashboard's cards is a link to
// a list of exactly the findings it counts, and the tenant's figures are
// those of the dashboard cache.
func TestCardsLeadToWhatTheyCount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	b := f.browser()
	b.accept = "en"
	b.login(ownerA, "/")
	body := b.page("/")
	c := cards(t, body)
	for _, id := range []string{"overdue", "week", "window", "violations", "exposure", "undated"} {
		if _, ok := c[id]; !ok {
			t.Fatalf("no card %s in\n%s", id, body)
		}
	}
	// The overdue, week and window cards: the list behind each holds as
	// many rows as the card says (over all its pages).
	for _, id := range []string{"overdue", "week", "window"} {
		want, _ := strconv.Atoi(c[id][1])
		got := 0
		path := c[id][0]
		for page := 1; page < 50; page++ {
			p := path
			if page > 1 {
				p += "&page=" + strconv.Itoa(page)
			}
			pb := b.page(p)
			got += len(rowKeys(pb))
			if !strings.Contains(pb, `rel="next"`) {
				break
			}
		}
		if got != want || want == 0 {
			t.Errorf("card %s says %d, its list %s holds %d", id, want, path, got)
		}
	}
	ov, err := f.cache.Overview(ctx, f.tenantA, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := c["violations"][1]; got != strconv.Itoa(ov.Total.Violations) {
		t.Errorf("violations card %s, cache %d", got, ov.Total.Violations)
	}
	if got := c["exposure"][1]; got != strconv.FormatInt(ov.Total.FineMCI, 10) {
		t.Errorf("exposure card %s, cache %d", got, ov.Total.FineMCI)
	}
	if got, want := len(undRE.FindAllString(body, -1)), min(len(ov.Undated), 50); got != want || want == 0 {
		t.Errorf("%d undated risks listed, want %d", got, want)
	}
	// Overdue only: every row is overdue.
	ob := b.page("/?view=overdue")
	for _, k := range rowKeys(ob) {
		due := k[strings.LastIndex(k, " ")+1:]
		if due >= ov.AsOf.String() {
			t.Errorf("the overdue view shows %s", k)
		}
	}
	all, _ := f.cache.Query(ctx, f.tenantA, dashboard.Query{OverdueOnly: true, Limit: 1})
	if c["overdue"][1] != strconv.Itoa(all.Total) {
		t.Errorf("overdue card %s, cache %d", c["overdue"][1], all.Total)
	}
}

var cellRE = regexp.MustCompile(`data-f="(\w+)">([^<]*)`)

// TestEmployersListSaysWhereTheTroubleIs: each row carries its employer's
// figures from the dashboard cache, and ordering by a figure puts the
// largest first.
func TestEmployersListSaysWhereTheTroubleIs(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	ov, err := f.cache.Overview(context.Background(), f.tenantA, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, sort := range []string{"overdue", "violations", "due"} {
		body := b.page("/employers?sort=" + sort)
		rows := emRowRE.FindAllStringSubmatch(body, -1)
		if len(rows) != 50 {
			t.Fatalf("sort %s: %d rows on the first page, want 50", sort, len(rows))
		}
		last := 1 << 30
		for _, row := range rows {
			s := ov.Employers[row[1]]
			want := map[string]int{"overdue": s.Overdue, "due": s.DueWeek, "violations": s.Violations}
			for _, c := range cellRE.FindAllStringSubmatch(row[2], -1) {
				if w, ok := want[c[1]]; ok && c[2] != strconv.Itoa(w) {
					t.Errorf("%s: %s %s, cache %d", row[1], c[1], c[2], w)
				}
			}
			if v := want[sort]; v > last {
				t.Errorf("sort %s: %d after %d", sort, v, last)
			} else {
				last = v
			}
		}
	}
	if r := b.get("/employers?sort=nonsense"); r.status != 200 {
		t.Errorf("an unknown order: status %d, want the list by name", r.status)
	}
}

// TestEmployerPageLeadsWithAction: what needs action comes first, done
// and informational findings are collapsed, and the filters select.
func TestEmployerPageLeadsWithAction(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "en"
	b.login(ownerA, "/")
	emp := "/employers/" + f.binsA[0]
	body := b.page(emp)
	first, done := strings.Index(body, `<section class="sev-group">`), strings.Index(body, `<details class="done-group" id="done">`)
	if first < 0 || done < 0 || first > done {
		t.Fatalf("the page does not lead with findings needing action, then the collapsed done ones (%d, %d)", first, done)
	}
	if strings.Contains(body[first:done], "badge st-done") {
		t.Error("a done finding is among those needing action")
	}
	// Filter by a worker: every finding shown is theirs.
	m := regexp.MustCompile(`<option value="([^"]+)">[^<]+\(([^)]+)\)</option>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no worker to filter by")
	}
	fb := b.page(emp + "?worker=" + m[1])
	subjects := regexp.MustCompile(`<span class="subj">[^<]*<span class="muted">([^<]+)</span>`).FindAllStringSubmatch(fb, -1)
	if len(subjects) == 0 {
		t.Fatalf("filtering by %s shows nothing", m[1])
	}
	for _, s := range subjects {
		if s[1] != m[1] {
			t.Errorf("filtered by %s, the page shows a finding about %s", m[1], s[1])
		}
	}
	if !strings.Contains(fb, "Clear the filters") {
		t.Error("a filtered page offers no way back")
	}
	vb := b.page(emp + "?severity=violation")
	if strings.Contains(vb, `class="badge sev-warning"`) || !strings.Contains(vb, `class="badge sev-violation"`) {
		t.Error("filtering by violations shows other severities, or none")
	}
}

// TestLawAndCalendarPages: the rules with their basis, the parameters in
// force on a date (a parameter not yet in force is not listed), and the
// year's non-working days by name, in the page's language.
func TestLawAndCalendarPages(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	body := b.page("/law?as_of=2026-06-01")
	if n := strings.Count(body, `<article class="rule-entry"`); n < 16 {
		t.Errorf("the rules page lists %d rules, want every one", n)
	}
	for _, want := range []string{`id="param-trip_limit_days"`, "Действует с", `id="rule-trip.limit"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the rules page lacks %s", want)
		}
	}
	if old := b.page("/law?as_of=2022-06-01"); strings.Contains(old, `id="param-permit_extension_window_days"`) {
		t.Error("a parameter not in force in 2022 is listed")
	}
	cal := b.page("/calendar?year=2026")
	for _, want := range []string{"Наурыз", "1 января 2026 г."} {
		if !strings.Contains(cal, want) {
			t.Errorf("the calendar lacks %q", want)
		}
	}
	if r := b.get("/calendar?year=2200"); r.status != 404 {
		t.Errorf("a year outside the calendar: status %d", r.status)
	}
}

// TestPagesAreCompressed: a page is sent gzipped to a client that takes
// it, and as it is to one that does not.
func TestPagesAreCompressed(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.login(ownerA, "/")
	plain := b.do("GET", "/employers", nil, "Accept-Encoding", "identity")
	if plain.header.Get("Content-Encoding") != "" || !strings.Contains(plain.body, "</html>") {
		t.Fatalf("without Accept-Encoding: %q", plain.header.Get("Content-Encoding"))
	}
	z := b.do("GET", "/employers", nil, "Accept-Encoding", "gzip")
	if z.header.Get("Content-Encoding") != "gzip" || len(z.body) >= len(plain.body)/2 || !strings.Contains(z.header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("with gzip: encoding %q, %d bytes of %d", z.header.Get("Content-Encoding"), len(z.body), len(plain.body))
	}
	zr, err := gzip.NewReader(strings.NewReader(z.body))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil || string(data) != plain.body {
		t.Fatalf("the gzipped page differs from the plain one (%v)", err)
	}
	if r := b.do("GET", "/employers", nil, "Accept-Encoding", "gzip;q=0"); r.header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
}
