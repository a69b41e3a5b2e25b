package web_test

import (
	"context"
	"fmt"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/session"
	"github.com/ruqsat/ruqsat/internal/web"
)

func TestLoggedOutIsSentToLogin(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	for path, next := range map[string]string{
		"/":          "/",
		"/employers": "/employers",
		"/employers/" + f.binsA[0] + "?as_of=2025-01-31": "/employers/" + f.binsA[0] + "?as_of=2025-01-31",
		"/?days=90&overdue=1":                            "/?days=90&overdue=1",
	} {
		r := b.get(path)
		want := "/login?next=" + url.QueryEscape(next)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Errorf("GET %s: status %d, Location %q; want 303 to %s", path, r.status, r.header.Get("Location"), want)
		}
	}
	body := b.page("/login?next=%2Femployers")
	for _, want := range []string{`name="email"`, `name="password"`, `name="next" value="/employers"`, `action="/login"`} {
		if !strings.Contains(body, want) {
			t.Errorf("login page lacks %s", want)
		}
	}
	// A session cookie that names no session is no login.
	b.c.Jar.SetCookies(mustURL(t, f.srv.URL), []*http.Cookie{{Name: session.CookieName, Value: "rs_" + strings.Repeat("A", 43)}})
	if r := b.get("/"); r.status != http.StatusSeeOther {
		t.Errorf("unknown session: status %d, want 303", r.status)
	}
}

func TestLoginWrongPassword(t *testing.T) {
	f := newFixture(t)
	for i, tc := range []struct{ accept, want string }{
		{"en-GB,en;q=0.9", "Wrong email or password."},
		{"", "Неверная электронная почта или пароль."}, // Russian by default
		{"kk-KZ", "Электрондық пошта немесе құпиясөз қате."},
	} {
		b := f.browser()
		b.accept = tc.accept
		// A new email each time: failed logins of one email are rate limited.
		email := "nobody" + strconv.Itoa(i) + "@a.example"
		r := b.post("/login", url.Values{"email": {email}, "password": {"wrong"}, "next": {"/employers"}})
		if r.status != http.StatusUnauthorized {
			t.Fatalf("%q: status %d, want 401", tc.accept, r.status)
		}
		if !strings.Contains(r.body, tc.want) {
			t.Errorf("%q: the page does not say %q:\n%s", tc.accept, tc.want, r.body)
		}
		if !strings.Contains(r.body, `value="`+email+`"`) || !strings.Contains(r.body, `name="next" value="/employers"`) {
			t.Errorf("%q: the form does not keep the email and next", tc.accept)
		}
		if c := r.header.Get("Set-Cookie"); c != "" {
			t.Errorf("%q: a refused login sets a cookie: %s", tc.accept, c)
		}
	}

	// A wrong password for a real user, then at once the right one: the
	// API server's rate limit applies to the UI's logins too.
	b := f.browser()
	b.accept = "en"
	if r := b.post("/login", url.Values{"email": {ownerA}, "password": {"wrong"}}); r.status != http.StatusUnauthorized {
		t.Fatalf("wrong password: status %d, want 401", r.status)
	}
	r := b.post("/login", url.Values{"email": {ownerA}, "password": {password}})
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("second try at once: status %d, Retry-After %q; want 429 with Retry-After", r.status, r.header.Get("Retry-After"))
	}
	if !strings.Contains(r.body, "Too many failed logins. Try again in 1 second.") {
		t.Errorf("the rate-limited page does not say so:\n%s", r.body)
	}
}

func TestLoginRedirectsOnlyWithinTheSite(t *testing.T) {
	f := newFixture(t)
	for next, want := range map[string]string{
		"/employers?q=1":        "/employers?q=1",
		"":                      "/",
		"https://evil.example/": "/",
		"//evil.example/":       "/",
		"/\\evil.example":       "/",
		"employers":             "/",
		"javascript:alert(1)":   "/",
	} {
		b := f.browser()
		r := b.post("/login", url.Values{"email": {ownerA}, "password": {password}, "next": {next}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Errorf("next %q: status %d, Location %q; want 303 to %s", next, r.status, r.header.Get("Location"), want)
		}
	}
}

func TestLoginShowsDashboard(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "en"
	r := b.post("/login", url.Values{"email": {ownerA}, "password": {password}, "next": {"/"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Fatalf("login: status %d, Location %q", r.status, r.header.Get("Location"))
	}
	c := cookieNamed(r.header, session.CookieName)
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Fatalf("login: session cookie %+v, want an HttpOnly, SameSite=Lax cookie for /", c)
	}
	// Logged in, the login page goes on to next.
	if r := b.get("/login?next=%2Femployers"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/employers" {
		t.Errorf("login page when logged in: status %d, Location %q", r.status, r.header.Get("Location"))
	}

	ctx := context.Background()
	for _, tc := range []struct {
		path    string
		days    int
		overdue bool
	}{
		{"/", 30, true}, // overdue findings unless unticked
		{"/?days=7&overdue=0", 7, false},
		{"/?days=90&overdue=1", 90, true},
		{"/?days=90&overdue=1&overdue=0", 90, true}, // the ticked box and the form's hidden "no"
		{"/?days=30&overdue=0", 30, false},
		{"/?days=12345", 30, true}, // not offered: the default
	} {
		want, err := f.cache.Query(ctx, f.tenantA, dashboard.Query{Days: tc.days, Overdue: tc.overdue, Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		if want.Total <= 50 && tc.days == 30 && !tc.overdue {
			t.Fatalf("the fixture should have more than a page of findings due in 30 days; it has %d", want.Total)
		}
		var got []string
		for page := 1; ; page++ {
			path := tc.path
			if page > 1 {
				path += map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")] + "page=" + strconv.Itoa(page)
			}
			body := b.page(path)
			if page == 1 && h1(body) != "Dashboard" {
				t.Fatalf("%s: heading %q", path, h1(body))
			}
			keys := rowKeys(body)
			if len(keys) > 50 {
				t.Fatalf("%s: %d rows on a page", path, len(keys))
			}
			got = append(got, keys...)
			if !strings.Contains(body, `rel="next"`) {
				break
			}
			if page > 100 {
				t.Fatal("endless pages")
			}
		}
		var wantKeys []string
		for i := range want.Items {
			wantKeys = append(wantKeys, itemKey(&want.Items[i]))
		}
		if !slices.Equal(got, wantKeys) {
			t.Errorf("%s: rows\n%q\nwant\n%q", tc.path, got, wantKeys)
		}
	}

	// The cards, the groups and the formats of one page.
	body := b.page("/?days=90&overdue=1")
	all, _ := f.cache.Query(ctx, f.tenantA, dashboard.Query{Days: 90, Overdue: true, Limit: 10000})
	asOf := all.AsOf
	overdue, week := 0, 0
	var fine *domain.Fine
	for _, it := range all.Items {
		switch {
		case it.Due < asOf:
			overdue++
		case it.Due <= asOf.AddDays(5): // the fixture's today is a Tuesday
			week++
		}
		if it.Fine != nil && !it.Fine.Warning && it.Fine.KZT != nil && fine == nil {
			fine = it.Fine
		}
	}
	if overdue == 0 || week == 0 || fine == nil {
		t.Fatalf("the fixture should have overdue findings, findings due this week and a fine in tenge: %d, %d, %v", overdue, week, fine)
	}
	for _, want := range []string{
		"Today: 10 June 2025",
		`<span class="num">` + strconv.Itoa(overdue) + `</span>` + "\n    <span class=\"label\">Overdue</span>",
		`<span class="num">` + strconv.Itoa(week) + `</span>` + "\n    <span class=\"label\">Due this week</span>",
		"until 15 June 2025",
		`class="group group-overdue"`,
		`class="group group-week"`,
		`class="finding-row overdue"`,
		strconv.Itoa(fine.MCI) + " MCI",
		groupDigits(*fine.KZT) + "\u00a0₸",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
}

func TestLimitedUser(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.login(limitedA, "/")
	for _, key := range rowKeys(b.page("/?days=90&overdue=1")) {
		if !strings.HasPrefix(key, f.binsA[0]+" ") {
			t.Errorf("a finding of another employer on the dashboard: %s", key)
		}
	}
	want, err := f.cache.Query(context.Background(), f.tenantA, dashboard.Query{Days: 90, Overdue: true, Only: []string{f.binsA[0]}, Limit: 1000})
	if err != nil || want.Total == 0 {
		t.Fatalf("the limited user's employer should have findings: %v, %d", err, want.Total)
	}
	if got := binRE.FindAllStringSubmatch(b.page("/employers"), -1); len(got) != 1 || got[0][1] != f.binsA[0] {
		t.Errorf("employers list of a limited user: %q, want only %s", got, f.binsA[0])
	}
	b.page("/employers/" + f.binsA[0])
	for _, bin := range []string{f.binsA[1], f.binB, "000000000000", "12345"} {
		if r := b.get("/employers/" + bin); r.status != http.StatusNotFound {
			t.Errorf("GET /employers/%s: status %d, want 404", bin, r.status)
		}
	}
	// Another tenant's employer is not found for its owner either.
	o := f.browser()
	o.login(ownerA, "/")
	if r := o.get("/employers/" + f.binB); r.status != http.StatusNotFound {
		t.Errorf("another tenant's employer: status %d, want 404", r.status)
	}
}

func TestEmployerList(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "en"
	b.login(ownerA, "/")
	var got []string
	for _, path := range []string{"/employers", "/employers?page=2"} {
		body := b.page(path)
		for _, m := range binRE.FindAllStringSubmatch(body, -1) {
			got = append(got, m[1])
		}
	}
	if !slices.Equal(got, f.binsA) {
		t.Errorf("employers over two pages: %d, want %d in name order", len(got), len(f.binsA))
	}
	body := b.page("/employers?q=" + f.binsA[3])
	if m := binRE.FindAllStringSubmatch(body, -1); len(m) != 1 || m[0][1] != f.binsA[3] {
		t.Errorf("search by BIN: %q", m)
	}
	body = b.page("/employers?q=%3Cscript%3E")
	if !strings.Contains(body, "No employer matches “&lt;script&gt;”.") || strings.Contains(body, "<script>") {
		t.Errorf("search with no match: the query is not shown escaped")
	}
}

func TestEmployerFindings(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "en"
	b.login(ownerA, "/")
	bin := f.binsA[0]
	for _, asOf := range []string{"", "2025-01-31"} {
		path := "/employers/" + bin
		d := domain.Today(today)
		if asOf != "" {
			path += "?as_of=" + asOf
			d = domain.MustDate(asOf)
		}
		rec, _, err := f.db.EmployerRecords(context.Background(), f.tenantA, bin)
		if err != nil {
			t.Fatal(err)
		}
		res := rules.New(nil, nil).Evaluate(rec, d)
		res.Render(i18n.For(i18n.EN))
		if len(res.Findings) == 0 {
			t.Fatalf("%s: the fixture should have findings", path)
		}
		body := b.page(path)
		if n := strings.Count(body, `<article class="finding`); n != len(res.Findings) {
			t.Errorf("%s: %d findings shown, want %d", path, n, len(res.Findings))
		}
		if !strings.Contains(body, `value="`+d.String()+`"`) {
			t.Errorf("%s: the date field does not show %s", path, d)
		}
		for _, fd := range res.Findings {
			for _, want := range []string{fd.Rule.String(), htmlEscape(fd.Message)} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: %s %s: the page lacks %q", path, fd.Rule, fd.Subject, want)
				}
			}
			for _, c := range fd.Basis {
				if !strings.Contains(body, htmlEscape(c.Act)) || !strings.Contains(body, htmlEscape(c.Ref)) {
					t.Errorf("%s: %s: the basis %s, %s is not shown", path, fd.Rule, c.Act, c.Ref)
				}
				if c.Interpretation != "" && !strings.Contains(body, htmlEscape(c.Interpretation)) {
					t.Errorf("%s: %s: the interpretation is not shown", path, fd.Rule)
				}
			}
			for _, fact := range fd.Facts {
				if !strings.Contains(body, htmlEscape(i18n.For(i18n.EN).FactLabel(fact.Key))+":") {
					t.Errorf("%s: %s: the fact %s is not shown", path, fd.Rule, fact.Key)
				}
			}
		}
		// Only obligations not met in time are overdue: not those done late.
		overdue := 0
		for _, fd := range res.Findings {
			if (fd.Status == domain.StatusOpen || fd.Status == domain.StatusMissed) && !fd.Due.IsZero() && fd.Due < d {
				overdue++
			}
		}
		if got := strings.Count(body, " overdue)"); got != overdue {
			t.Errorf("%s: %d deadlines marked overdue, want %d", path, got, overdue)
		}
		for _, want := range []string{"Legal basis", "confidence: ", "Facts counted"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page lacks %q", path, want)
			}
		}
	}
	for _, bad := range []string{"2025-13-01", "yesterday", "1900-01-01"} {
		r := b.get("/employers/" + bin + "?as_of=" + bad)
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "is not a date") {
			t.Errorf("as_of=%s: status %d, want 400 saying it is not a date", bad, r.status)
		}
	}
}

// TestEmployerNotEvaluated: before Rules-279's extension window (1 Jul
// 2023) the page says, in each language, that permit.expiring was not
// evaluated and which parameter was not in force; from that day it says
// nothing of the kind.
func TestEmployerNotEvaluated(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.login(ownerA, "/")
	path := "/employers/" + f.binsA[0] + "?as_of="
	for lang, words := range map[string]string{"en": "Not evaluated on this date", "ru": "Не проверено на эту дату", "kk": "Бұл күнге тексерілмеді"} {
		b.accept = lang
		body := b.page(path + "2023-06-30")
		for _, want := range []string{`id="not-evaluated"`, words, "<code>permit.expiring</code>", "permit_extension_window_days"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s, 30 Jun 2023: the page lacks %q", lang, want)
			}
		}
		if body := b.page(path + "2023-07-01"); strings.Contains(body, `id="not-evaluated"`) || strings.Contains(body, words) {
			t.Errorf("%s, 1 Jul 2023: every rule ran, but the page says some did not", lang)
		}
	}
}

func TestLanguage(t *testing.T) {
	f := newFixture(t)
	heading := map[string]string{"kk": "Басқару тақтасы", "ru": "Панель управления", "en": "Dashboard"}
	for accept, lang := range map[string]string{
		"":                        "ru",
		"de-DE,de;q=0.9":          "ru",
		"kk-KZ,kk;q=0.9,ru;q=0.8": "kk",
		"en-US,en;q=0.9":          "en",
		"ru-RU":                   "ru",
	} {
		b := f.browser()
		b.accept = accept
		b.login(ownerA, "/")
		body := b.page("/")
		if h1(body) != heading[lang] || !strings.Contains(body, `<html lang="`+lang+`">`) {
			t.Errorf("Accept-Language %q: heading %q, want %q in %s", accept, h1(body), heading[lang], lang)
		}
	}

	b := f.browser()
	b.accept = "en"
	b.login(ownerA, "/")
	r := b.post("/lang", url.Values{"lang": {"kk"}, "next": {"/?days=7"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/?days=7" {
		t.Fatalf("POST /lang: status %d, Location %q", r.status, r.header.Get("Location"))
	}
	if c := cookieNamed(r.header, web.LangCookie); c == nil || c.Value != "kk" || c.MaxAge <= 0 {
		t.Fatalf("POST /lang: cookie %+v", c)
	}
	body := b.page("/?days=7")
	if h1(body) != heading["kk"] {
		t.Errorf("after switching to Kazakh: heading %q", h1(body))
	}
	keys := rowKeys(body)
	if len(keys) == 0 {
		t.Fatal("no findings due in 7 days")
	}
	due := domain.MustDate(keys[0][strings.LastIndex(keys[0], " ")+1:])
	short := fmt.Sprintf("%02d.%02d.%d", due.Day(), due.Month(), due.Year())
	for _, want := range []string{"Бүгін: 2025 жылғы 10 маусым", "2025 жылғы 15 маусымға дейін", "Мерзімі өткен", short} {
		if !strings.Contains(body, want) {
			t.Errorf("Kazakh dashboard lacks %q", want)
		}
	}
	if body := b.page("/employers/" + f.binsA[0] + "?as_of=2025-06-10"); !strings.Contains(body, "2025 жылғы 10 маусымдағы жағдай бойынша") {
		t.Error("Kazakh employer page lacks the date it is as of, in the locative")
	}
	// The cookie wins over Accept-Language; an unknown language changes
	// nothing; next stays on the site.
	if r := b.post("/lang", url.Values{"lang": {"xx"}, "next": {"//evil.example/"}}); r.header.Get("Location") != "/" || cookieNamed(r.header, web.LangCookie) != nil {
		t.Errorf("POST /lang xx: Location %q, Set-Cookie %q", r.header.Get("Location"), r.header.Get("Set-Cookie"))
	}
	b.post("/lang", url.Values{"lang": {"ru"}})
	if body := b.page("/employers"); h1(body) != "Работодатели" || !strings.Contains(body, "БИН") {
		t.Errorf("Russian employers page: heading %q", h1(body))
	}
	// The login page switches too.
	lo := f.browser()
	lo.post("/lang", url.Values{"lang": {"kk"}, "next": {"/login"}})
	if body := lo.page("/login"); h1(body) != "ruqsat жүйесіне кіру" {
		t.Errorf("Kazakh login page: heading %q", h1(body))
	}
}

func TestLogout(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.login(ownerA, "/")
	jar := b.c.Jar.Cookies(mustURL(t, f.srv.URL))
	b.page("/")
	r := b.post("/logout", url.Values{})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
		t.Fatalf("logout: status %d, Location %q", r.status, r.header.Get("Location"))
	}
	if c := cookieNamed(r.header, session.CookieName); c == nil || c.MaxAge >= 0 {
		t.Errorf("logout does not delete the cookie: %+v", c)
	}
	if r := b.get("/"); r.status != http.StatusSeeOther {
		t.Errorf("after logout: status %d, want 303 to the login page", r.status)
	}
	// The session is gone on the server too, not only from the browser.
	old := f.browser()
	old.c.Jar.SetCookies(mustURL(t, f.srv.URL), jar)
	if r := old.get("/"); r.status != http.StatusSeeOther {
		t.Errorf("the old session still works: status %d", r.status)
	}
}

func TestSecurityHeadersAndErrors(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "en"
	for _, path := range []string{"/login", "/static/style.css", "/nope"} {
		r := b.get(path)
		csp := r.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, r.header)
		}
	}
	r := b.get("/nope")
	if r.status != http.StatusNotFound || h1(r.body) != "Not found" {
		t.Errorf("unknown page: status %d, heading %q", r.status, h1(r.body))
	}
	css := b.get("/static/style.css")
	if css.header.Get("Cache-Control") == "" {
		t.Errorf("style sheet: no Cache-Control")
	}
	if css.status != http.StatusOK || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") {
		t.Errorf("style sheet: status %d, type %q", css.status, css.header.Get("Content-Type"))
	}
	// Nothing is loaded from elsewhere.
	body := b.page("/login")
	for _, bad := range []string{"<script", "http://", "https://", "style="} {
		if strings.Contains(body, bad) {
			t.Errorf("the login page contains %q", bad)
		}
	}
	// A form post from another site is refused by the API server's
	// cross-origin protection, which the UI sits behind.
	r = b.do("POST", "/login", url.Values{"email": {ownerA}, "password": {password}}, "Sec-Fetch-Site", "cross-site")
	if r.status != http.StatusForbidden {
		t.Errorf("cross-site login post: status %d, want 403", r.status)
	}
}

func cookieNamed(h http.Header, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func mustURL(t testing.TB, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// htmlEscape escapes s as html/template writes text.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// groupDigits writes n with digits grouped in threes by no-break spaces.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestInternalErrorsAreNotShown(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "en"
	b.login(ownerA, "/")
	b.page("/")
	f.db.Close() // every query fails now, with a driver error
	for _, path := range []string{"/", "/employers", "/employers/" + f.binsA[0]} {
		r := b.get(path)
		if r.status != http.StatusInternalServerError {
			t.Errorf("GET %s with the database closed: status %d, want 500", path, r.status)
		}
		if !strings.Contains(r.body, "Internal error. It has been logged") || strings.Contains(strings.ToLower(r.body), "sql") {
			t.Errorf("GET %s: the page does not say only \"internal error\":\n%s", path, r.body)
		}
	}
}

// TestPagePastTheEnd: a page after the last (the list shrank under a
// bookmark) leads to the last page rather than an empty list.
func TestPagePastTheEnd(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.login(ownerA, "/")
	for _, path := range []string{"/employers?page=99", "/?days=30&page=99"} {
		r := b.get(path)
		loc := r.header.Get("Location")
		if r.status != http.StatusSeeOther || loc == "" || strings.Contains(loc, "page=99") {
			t.Fatalf("%s: status %d, Location %q; want a redirect to the last page", path, r.status, loc)
		}
		if last := b.page(loc); !strings.Contains(last, `class="finding-row`) && !strings.Contains(last, `href="/employers/`) {
			t.Errorf("%s led to %s, which lists nothing", path, loc)
		}
	}
}

// TestEmployerFindingsInKazakhAndRussian: a Kazakh or Russian page tells
// each finding, its rule's title and its legal basis in that language, and
// shows no English message.
func TestEmployerFindingsInKazakhAndRussian(t *testing.T) {
	f := newFixture(t)
	bin := f.binsA[0]
	rec, _, err := f.db.EmployerRecords(context.Background(), f.tenantA, bin)
	if err != nil {
		t.Fatal(err)
	}
	d := domain.MustDate("2025-01-31")
	en := rules.New(nil, nil).Evaluate(rec, d)
	en.Render(i18n.For(i18n.EN))
	for _, lang := range []i18n.Lang{i18n.KK, i18n.RU} {
		b := f.browser()
		b.accept = lang.String()
		b.login(ownerA, "/")
		body := b.page("/employers/" + bin + "?as_of=2025-01-31")
		res := rules.New(nil, nil).Evaluate(rec, d)
		l := i18n.For(lang)
		res.Render(l)
		for i, fd := range res.Findings {
			for _, want := range []string{fd.Message, l.Title(fd.Rule)} {
				if !strings.Contains(body, htmlEscape(want)) {
					t.Errorf("%s: %s %s: the page lacks %q", lang, fd.Rule, fd.Subject, want)
				}
			}
			if strings.Contains(body, htmlEscape(en.Findings[i].Message)) {
				t.Errorf("%s: the English message %q is shown", lang, en.Findings[i].Message)
			}
			for _, c := range fd.Basis {
				if !strings.Contains(body, htmlEscape(l.ActShort(c.Act))) || !strings.Contains(body, htmlEscape(c.Ref)) {
					t.Errorf("%s: %s: the basis %s, %s is not shown", lang, fd.Rule, l.ActShort(c.Act), c.Ref)
				}
			}
		}
	}
}
