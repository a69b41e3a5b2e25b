package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// TestBrowserPeopleAndPublicForm runs the people flows in a real browser,
// on a laptop in Russian and on a phone in Kazakh: the owner invites a
// user, who opens the link, sets a password and is logged in; the user
// makes an API token and revokes it; a visitor sends the public
// consultation form without the consent (the error stands next to the
// box) and with it; the owner sees the request in the queue. Every page
// must fit the window.
func TestBrowserPeopleAndPublicForm(t *testing.T) {
	for _, tc := range []struct {
		name, lang    string
		width, height int64
	}{
		{"laptop-ru", "ru", 1366, 900},
		{"phone-kk", "kk", 390, 844},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			c := newChrome(t, f, tc.width, tc.height, tc.name)
			login := func(email, pw string) {
				t.Helper()
				c.open("/login")
				c.do("log in as "+email, chromedp.WaitVisible(chromedp.ID("email")),
					chromedp.SendKeys(chromedp.ID("email"), email), chromedp.SendKeys(chromedp.ID("password"), pw))
				c.submit("#login-submit")
			}
			js := func(expr string) string {
				t.Helper()
				s, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](expr))
				if err != nil {
					t.Fatalf("%s: %v", expr, err)
				}
				return s
			}

			login(ownerA, password)
			c.submit(`button[name="lang"][value="` + tc.lang + `"]`)

			// The owner invites an editor.
			c.open("/people")
			c.set("#invite-email", "invitee@a.example", "#invite-role", "editor")
			c.submit("#invite-submit")
			link := c.value("#invite-url")
			i := strings.Index(link, "/invite/")
			if i < 0 {
				t.Fatalf("no invite link on the page: %q", link)
			}
			path := link[i:]
			if c.count(`tr.invite-row[data-email="invitee@a.example"]`) != 1 {
				t.Errorf("the invite is not listed")
			}
			c.shot("people")
			c.open("/settings")
			c.shot("settings")
			c.submit("#logout")

			// The invitee sets a password and is in.
			c.open(path)
			c.shot("invite")
			c.set("#password", "invitee's long password", "#repeat", "invitee's long password")
			c.submit("#invite-accept")
			if loc := c.location(); loc != "/" {
				t.Fatalf("after accepting the invite: %s", loc)
			}
			if who := js(`document.getElementById('nav-account').textContent`); who != "invitee@a.example" {
				t.Fatalf("logged in as %q", who)
			}

			// An API token, shown once, then revoked.
			c.open("/account")
			c.set("#token-name", "сценарий")
			c.submit("#token-submit")
			if tok := c.value("#token-value"); !strings.HasPrefix(tok, "rq_") {
				t.Fatalf("the new token: %q", tok)
			}
			c.shot("account-token")
			c.submit(`tr.token-row[data-name="сценарий"] button.revoke`)
			if c.count(`tr.token-row.revoked[data-name="сценарий"]`) != 1 || c.count("#token-value") != 0 {
				t.Errorf("the token is not shown revoked, or its value is shown again")
			}
			c.submit("#logout")

			// A visitor asks for a consultation, first without consent.
			c.open("/c/tenant-a")
			c.set("#c-name", "Айгерім Сәрсенова", "#c-contact", "+7 701 000 00 00", "#c-company", "Дала Бурение",
				"#c-message", "Жұмысқа рұқсат керек")
			c.shot("consult-form")
			c.submit("#consult-submit")
			if c.count("#c-consent-err") != 1 || c.value("#c-name") != "Айгерім Сәрсенова" {
				t.Fatalf("without consent: no error next to the box, or the input is lost")
			}
			c.shot("consult-error")
			c.do("tick the consent", chromedp.Click(chromedp.ID("c-consent")))
			c.submit("#consult-submit")
			if loc := c.location(); loc != "/c/tenant-a/thanks" {
				t.Fatalf("after sending: %s", loc)
			}

			// The owner sees it in the queue and takes it.
			login(ownerA, password)
			c.open("/requests")
			if c.count(`tr.request-row.status-new`) != 1 || !strings.Contains(c.text("tr.request-row .person"), "Айгерім") {
				t.Fatalf("the request is not in the queue")
			}
			c.set(`tr.request-row select[name="status"]`, "in_progress")
			c.submit(`tr.request-row form.access button`)
			if c.count(`tr.request-row.status-in_progress`) != 1 {
				t.Errorf("the status did not change")
			}
			c.shot("queue")
		})
	}
}

// TestPeoplePagesFitAPhone opens every page of people, settings, the
// queue and the public form in every language at 390 px: none may scroll
// sideways (the flows above run in one language each).
func TestPeoplePagesFitAPhone(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tok, hash, err := auth.NewToken(app.InviteTokenPrefix)
	if err != nil {
		t.Fatal(err)
	}
	inv := &store.Invite{Email: "a-very-long-address.of.someone@consultancy.example.kz", Role: domain.RoleEditor,
		Employers: f.binsA[:3], ExpiresAt: today.Add(24 * time.Hour)}
	if err := f.db.CreateInvite(ctx, f.tenantA, store.SystemActor, inv, hash); err != nil {
		t.Fatal(err)
	}
	req := &store.ConsultationRequest{Name: "Айгерім Сәрсенқызы Байжанова", Contact: "aigerim.sarsenkyzy.baizhanova@example.kz",
		Company: "ЖШС «Дала Бурение Сервис»", Message: strings.Repeat("Жұмысқа рұқсат туралы сұрақ. ", 20),
		Consent: store.Consent{TextVersion: app.ConsentVersion, Purpose: app.ConsentPurpose}}
	if err := f.db.CreateConsultationRequest(ctx, f.tenantA, store.SystemActor, req); err != nil {
		t.Fatal(err)
	}
	c := newChrome(t, f, 390, 844, "phone")
	c.open("/login")
	c.do("log in", chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), ownerA), chromedp.SendKeys(chromedp.ID("password"), password))
	c.submit("#login-submit")
	for _, lang := range []string{"kk", "ru", "en"} {
		c.submit(`button[name="lang"][value="` + lang + `"]`)
		for _, p := range []string{"/people", "/account", "/settings", "/requests", "/invite/" + tok, "/c/tenant-a", "/c/tenant-a/thanks", "/c/nobody"} {
			c.open(p)
		}
		c.open("/c/tenant-a")
		c.submit("#consult-submit") // every field refused
		if c.count(".field.bad") < 3 {
			t.Errorf("%s: the empty public form shows %d fields refused", lang, c.count(".field.bad"))
		}
	}
}
