package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/store"
)

var (
	inviteLinkRE = regexp.MustCompile(`value="https?://[^/"]+(/invite/rqi_[A-Za-z0-9_-]+)"`)
	apiTokenRE   = regexp.MustCompile(`value="(rq_[A-Za-z0-9_-]+)"`)
)

// TestInviteAndLogIn: the owner makes a one-time link on the people page;
// the invitee opens it, sets a password and is logged in; the link then
// works no more; a viewer may not see the page.
func TestInviteAndLogIn(t *testing.T) {
	f := newFixture(t)
	owner := f.browser()
	owner.login(ownerA, "/people")
	body := owner.page("/people")
	if !strings.Contains(body, ownerA) || !strings.Contains(body, limitedA) || !strings.Contains(body, `id="nav-people"`) {
		t.Fatalf("the people page lacks the users or the link to it:\n%s", body)
	}
	r := owner.post("/people/invite", url.Values{"email": {"new@a.example"}, "role": {"editor"}, "limited": {"yes"}, "employers": {f.binsA[1] + ", " + f.binsA[2]}})
	m := inviteLinkRE.FindStringSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("invite: status %d, no link\n%s", r.status, r.body)
	}
	link := m[1]
	if again := owner.page("/people"); strings.Contains(again, link) || !strings.Contains(again, "new@a.example") {
		t.Errorf("the link is shown more than once, or the invite is not listed")
	}
	if r := owner.post("/people/invite", url.Values{"email": {limitedA}, "role": {"viewer"}}); r.status != http.StatusConflict || !strings.Contains(r.body, `id="invite-error"`) {
		t.Errorf("inviting a user: status %d", r.status)
	}

	guest := f.browser()
	guest.accept = "kk"
	page := guest.page(link)
	if !strings.Contains(page, "new@a.example") || !strings.Contains(page, "Редактор") {
		t.Errorf("the invite page in Kazakh does not say who and what:\n%s", page)
	}
	if r := guest.post(link, url.Values{"password": {password}, "repeat": {"something else entirely"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("passwords that differ: status %d", r.status)
	}
	if r := guest.post(link, url.Values{"password": {"short"}, "repeat": {"short"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="invite-error"`) {
		t.Errorf("a short password: status %d", r.status)
	}
	r = guest.post(link, url.Values{"password": {password}, "repeat": {password}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Fatalf("accept: status %d, Location %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	if home := guest.page("/"); !strings.Contains(home, "new@a.example") {
		t.Errorf("the invitee is not logged in")
	}
	if r := guest.get("/requests"); r.status != http.StatusForbidden {
		t.Errorf("an editor limited to some employers sees the tenant's queue: %d", r.status)
	}
	if r := f.browser().get(link); r.status != http.StatusNotFound {
		t.Errorf("the link a second time: status %d, want 404", r.status)
	}
	u, err := f.db.UserByEmail(context.Background(), "new@a.example")
	if err != nil || len(u.Employers) != 2 || u.Role != "editor" {
		t.Errorf("the invited user: %+v, %v", u, err)
	}

	// Role and limit changed, then removed.
	id := strconv.FormatInt(u.ID, 10)
	if r := owner.post("/people/"+id, url.Values{"role": {"viewer"}}); r.status != http.StatusSeeOther {
		t.Fatalf("change: status %d\n%s", r.status, r.body)
	}
	if u, _ := f.db.UserByEmail(context.Background(), "new@a.example"); u.Role != "viewer" || u.Employers != nil {
		t.Errorf("after the change: %+v", u)
	}
	if r := owner.post("/people/"+id+"/delete", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("remove: status %d", r.status)
	}
	if _, err := f.db.UserByEmail(context.Background(), "new@a.example"); err == nil {
		t.Errorf("the removed user is still there")
	}

	viewer := f.browser()
	viewer.login(limitedA, "/")
	if r := viewer.get("/people"); r.status != http.StatusForbidden {
		t.Errorf("a viewer's people page: status %d", r.status)
	}
	if strings.Contains(viewer.page("/"), `id="nav-people"`) {
		t.Errorf("a viewer sees the link to people")
	}
}

// TestAccountTokensAndPassword: a user makes an API token (shown once),
// revokes it, and changes their password, staying logged in.
func TestAccountTokensAndPassword(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.login(limitedA, "/account")
	r := b.post("/account/tokens", url.Values{"name": {"a script"}})
	m := apiTokenRE.FindStringSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("create token: status %d\n%s", r.status, r.body)
	}
	api := f.browser()
	if r := api.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+m[1]); r.status != 200 || !strings.Contains(r.body, limitedA) {
		t.Fatalf("the token does not work: %d %s", r.status, r.body)
	}
	page := b.page("/account")
	if strings.Contains(page, m[1]) || !strings.Contains(page, "a script") {
		t.Errorf("the token is shown again or not listed")
	}
	tokens, _ := f.db.Tokens(context.Background(), f.tenantA, 0)
	if len(tokens) != 1 {
		t.Fatalf("tokens: %+v", tokens)
	}
	if r := b.post("/account/tokens/"+strconv.FormatInt(tokens[0].ID, 10)+"/revoke", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.status)
	}
	if r := api.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+m[1]); r.status != 401 {
		t.Errorf("a revoked token: %d", r.status)
	}

	r = b.post("/account/password", url.Values{"current": {password}, "new": {"a new long password"}, "repeat": {"a new long password"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/account?saved=password" {
		t.Fatalf("change password: %d %q", r.status, r.header.Get("Location"))
	}
	if page := b.page("/account?saved=password"); !strings.Contains(page, `id="password-saved"`) {
		t.Errorf("not logged in again after the change")
	}
	// A wrong current password is said next to the form (and counts
	// towards the login limit, whose clock the fixture stops: once).
	if r := b.post("/account/password", url.Values{"current": {password}, "new": {"another long password"}, "repeat": {"another long password"}}); r.status != http.StatusForbidden || !strings.Contains(r.body, `id="password-error"`) {
		t.Errorf("a wrong current password: %d", r.status)
	}
}

// TestSettingsAndPublicForm: the owner sets the public address and the
// operator; the public form names them in the consent text, in the
// visitor's language; without consent it is 422 and nothing is kept, with
// it 303 and the request is in the queue; the honeypot is answered alike
// and keeps nothing; the sixth request of an hour is 429; an unknown
// address is 404.
func TestSettingsAndPublicForm(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.browser()
	owner.login(ownerA, "/settings")
	if page := owner.page("/settings"); !strings.Contains(page, `value="tenant-a"`) {
		t.Fatalf("the settings lack the slug:\n%s", page)
	}
	if r := owner.post("/settings", url.Values{"name": {"A"}, "slug": {"Acme A"}, "legal_name": {""}, "legal_bin": {""}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="settings-error"`) {
		t.Errorf("a bad slug: %d", r.status)
	}
	if r := owner.post("/settings", url.Values{"name": {"A"}, "slug": {"tenant-b"}, "legal_name": {""}, "legal_bin": {""}}); r.status != http.StatusConflict {
		t.Errorf("B's slug: %d", r.status)
	}
	r := owner.post("/settings", url.Values{"name": {"A"}, "slug": {"acme-a"}, "legal_name": {"ТОО «Акме»"}, "legal_bin": {"940140000385"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, r.body)
	}
	viewer := f.browser()
	viewer.login(limitedA, "/")
	if r := viewer.get("/settings"); r.status != http.StatusForbidden {
		t.Errorf("a viewer's settings: %d", r.status)
	}

	visitor := f.browser()
	visitor.accept = "ru-RU,ru;q=0.9"
	if r := visitor.get("/c/tenant-a"); r.status != http.StatusNotFound {
		t.Errorf("the old address: %d", r.status)
	}
	page := visitor.page("/c/acme-a")
	for _, want := range []string{"ТОО «Акме»", "БИН 940140000385", "94-V", `name="website"`, `name="consent"`} {
		if !strings.Contains(page, htmlEscape(want)) && !strings.Contains(page, want) {
			t.Errorf("the public form lacks %q", want)
		}
	}
	count := func() int {
		list, err := f.db.ConsultationRequests(ctx, f.tenantA, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	form := url.Values{"name": {"Айгерим"}, "contact": {"+7 701 000 00 00"}, "company": {"Дала"}, "message": {"Нужна консультация\nпо квоте"}, "website": {""}}
	r = visitor.post("/c/acme-a", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="c-consent-err"`) || !strings.Contains(r.body, "Айгерим") || count() != 0 {
		t.Fatalf("without consent: status %d, %d kept\n%s", r.status, count(), r.body)
	}
	form.Set("consent", "yes")
	r = visitor.post("/c/acme-a", form)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/c/acme-a/thanks" || count() != 1 {
		t.Fatalf("with consent: status %d, Location %q, %d kept", r.status, r.header.Get("Location"), count())
	}
	list, _ := f.db.ConsultationRequests(ctx, f.tenantA, 0, 0)
	if got := list[0]; got.Consent.TextVersion != app.ConsentVersion || got.Status != store.StatusNew || got.Message != "Нужна консультация\nпо квоте" {
		t.Errorf("kept: %+v", got)
	}
	visitor.page("/c/acme-a/thanks")
	robot := url.Values{"name": {"x"}, "contact": {"x"}, "consent": {"yes"}, "website": {"http://spam.example"}}
	if r := visitor.post("/c/acme-a", robot); r.status != http.StatusSeeOther || count() != 1 {
		t.Errorf("honeypot: status %d, %d kept", r.status, count())
	}
	visitor.post("/c/acme-a", form) // the fourth and fifth of the hour
	visitor.post("/c/acme-a", form)
	if r := visitor.post("/c/acme-a", form); r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || count() != 3 {
		t.Errorf("the sixth request of the hour: status %d, %d kept", r.status, count())
	}
	for _, m := range []string{"GET", "POST"} {
		if r := visitor.do(m, "/c/nobody-here", url.Values{}); r.status != http.StatusNotFound {
			t.Errorf("%s an unknown address: %d", m, r.status)
		}
	}

	// The queue: status, assignee, revocation.
	q := owner.page("/requests")
	if !strings.Contains(q, "Айгерим") || !strings.Contains(q, app.ConsentVersion) {
		t.Fatalf("the queue lacks the request:\n%s", q)
	}
	o, _ := f.db.UserByEmail(ctx, ownerA)
	id := strconv.FormatInt(list[0].ID, 10)
	if r := owner.post("/requests/"+id, url.Values{"status": {"in_progress"}, "assignee": {strconv.FormatInt(o.ID, 10)}}); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.status, r.body)
	}
	if got, _ := f.db.ConsultationRequest(ctx, f.tenantA, list[0].ID); got.Status != store.StatusInProgress || got.AssigneeID != o.ID {
		t.Errorf("after save: %+v", got)
	}
	if r := owner.post("/requests/"+id+"/revoke", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.status)
	}
	if got, _ := f.db.ConsultationRequest(ctx, f.tenantA, list[0].ID); !got.Consent.Revoked() || got.Name != "" || got.Message != "" {
		t.Errorf("after revocation: %+v", got)
	}
	if r := viewer.get("/requests"); r.status != http.StatusForbidden {
		t.Errorf("a viewer's queue: %d", r.status)
	}
}
