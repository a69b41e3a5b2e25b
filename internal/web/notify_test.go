package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/mail"
	"github.com/ruqsat/ruqsat/internal/web"
)

var feedURLRE = regexp.MustCompile(`id="feed-url" type="text" readonly value="([^"]+)"`)

// TestNotificationsPage: the page makes a calendar feed whose address is
// shown once and works without a cookie, makes a new one that ends the old,
// revokes it; saves the digest setting (off, and the mails' language) and
// refuses a language it does not know; says whether the server sends mail;
// in each language.
func TestNotificationsPage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	b := f.browser()
	if r := b.get("/account/notifications"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
		t.Fatalf("logged out: %d %q", r.status, r.header.Get("Location"))
	}
	b.accept = "ru"
	b.login(ownerA, "/account/notifications")
	body := b.page("/account/notifications")
	for _, want := range []string{"Уведомления", "У вас нет календарной ленты", "Outlook", "Google Календарь", "Подписаться из Интернета",
		"Этот сервер не отправляет почту", `id="digest-on" checked`, `<option value="ru" selected>Русский</option>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	feed := func() string {
		t.Helper()
		r := b.post("/account/notifications/calendar", url.Values{"action": {"create"}})
		m := feedURLRE.FindStringSubmatch(r.body)
		if r.status != http.StatusOK || m == nil {
			t.Fatalf("create a feed: %d\n%s", r.status, r.body)
		}
		return m[1]
	}
	fetch := func(u string) int {
		t.Helper()
		resp, err := http.Get(u) // a calendar client: no cookie
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	first := feed()
	if !strings.HasPrefix(first, f.srv.URL+"/ical/rqc_") || !strings.HasSuffix(first, ".ics") {
		t.Fatalf("feed address %q", first)
	}
	if s := fetch(first); s != 200 {
		t.Fatalf("the feed answers %d", s)
	}
	body = b.page("/account/notifications")
	if !strings.Contains(body, "Ваша календарная лента работает") || strings.Contains(body, "rqc_") {
		t.Errorf("after making a feed, the page does not say so, or shows its secret again")
	}
	second := feed()
	if second == first || fetch(first) != 404 || fetch(second) != 200 {
		t.Errorf("a new address: the old one answers %d, the new one %d", fetch(first), fetch(second))
	}
	r := b.post("/account/notifications/calendar", url.Values{"action": {"revoke"}})
	if r.status != http.StatusSeeOther || fetch(second) != 404 {
		t.Errorf("revoke: %d, the feed answers %d", r.status, fetch(second))
	}
	if body := b.page("/account/notifications?saved=revoked"); !strings.Contains(body, "Календарная лента отозвана") || !strings.Contains(body, "У вас нет календарной ленты") {
		t.Error("after the revocation the page does not say so")
	}

	// The digest: off, in Kazakh.
	r = b.post("/account/notifications/digest", url.Values{"lang": {"kk"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("save the digest setting: %d\n%s", r.status, r.body)
	}
	owner, err := f.db.UserByEmail(ctx, ownerA)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.NotificationsOf(ctx, f.tenantA, owner.ID); err != nil || n.Digest || n.Lang != "kk" {
		t.Errorf("stored setting %+v, %v; want off, kk", n, err)
	}
	body = b.page("/account/notifications?saved=digest")
	if !strings.Contains(body, "Настройка сводки сохранена") || strings.Contains(body, `id="digest-on" checked`) || !strings.Contains(body, `<option value="kk" selected>`) {
		t.Error("the saved setting is not shown")
	}
	if r := b.post("/account/notifications/digest", url.Values{"digest": {"on"}, "lang": {"de"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `role="alert"`) {
		t.Errorf("an unknown language: %d", r.status)
	}
	if r := b.post("/account/notifications/calendar", url.Values{"action": {"nonsense"}}); r.status != http.StatusNotFound {
		t.Errorf("an unknown action: %d", r.status)
	}

	for lang, want := range map[string]string{"kk": "Хабарламалар", "en": "Notifications"} {
		b.accept = lang
		if body := b.page("/account/notifications"); !strings.Contains(body, "<h1>"+want+"</h1>") || !strings.Contains(body, "Google") {
			t.Errorf("%s: the page's title is not %q", lang, want)
		}
	}

	// A server with a mail server says so.
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	// Sessions long enough for the cookie jar, which expires them by the
	// real time (see newFixture).
	a := app.New(app.Config{DB: f.db, Now: f.db.Now, Logger: log, SessionTTL: time.Until(today) + 100*365*24*time.Hour})
	from, _ := mail.ParseAddress("noreply@example.kz")
	srv := api.New(api.Config{App: a, Logger: log})
	srv.Mount("/", web.New(web.Config{App: a, Logger: log, Digests: app.NewDigests(a, app.DigestConfig{
		Mailer: mail.NewSender(&mail.Config{Host: "127.0.0.1", Port: "25"}), From: from, BaseURL: "https://ruqsat.example.kz"})}))
	hs := httptest.NewServer(srv)
	defer hs.Close()
	b2 := f.browser()
	b2.f = &fixture{t: t, db: f.db, srv: hs}
	b2.accept = "en"
	b2.login(ownerA, "/account/notifications")
	if body := b2.page("/account/notifications"); !strings.Contains(body, "This server sends mail.") {
		t.Error("a server with mail does not say so")
	}
	r = b2.post("/account/notifications/calendar", url.Values{"action": {"create"}})
	if m := feedURLRE.FindStringSubmatch(r.body); m == nil || !strings.HasPrefix(m[1], "https://ruqsat.example.kz/ical/rqc_") {
		t.Errorf("with --base-url the feed's address is not under it: %v", m)
	}
}
