package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestInviteFlow: only an owner invites; the invitee's link sets a
// password and logs them in once, with the invite's role and employers.
func TestInviteFlow(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		_, _, err := f.a.CreateInvite(ctx, f.viewer, app.NewInvite{Email: "x@a.example", Role: domain.RoleViewer})
		wantCode(t, "a viewer invites", err, domain.EFORBIDDEN)
		_, _, err = f.a.CreateInvite(ctx, f.limit, app.NewInvite{Email: "x@a.example", Role: domain.RoleViewer})
		wantCode(t, "a limited editor invites", err, domain.EFORBIDDEN)
		_, _, err = f.a.CreateInvite(ctx, f.owner, app.NewInvite{Email: "x@a.example", Role: domain.RoleViewer, Employers: []string{"123"}})
		wantCode(t, "a malformed BIN", err, domain.EINVALID)
		_, _, err = f.a.CreateInvite(ctx, f.other, app.NewInvite{Email: "x@b.example", Role: domain.RoleViewer, Employers: []string{f.bins[0]}})
		wantCode(t, "another tenant's employer", err, domain.ENOTFOUND)

		inv, tok, err := f.a.CreateInvite(ctx, f.owner, app.NewInvite{Email: "New@A.example", Role: domain.RoleEditor, Employers: []string{f.bins[1]}})
		if err != nil {
			t.Fatal(err)
		}
		if d := inv.ExpiresAt.Sub(inv.CreatedAt); d > app.InviteTTL || d < app.InviteTTL-time.Minute {
			t.Errorf("the invite lasts %v, want %v", d, app.InviteTTL)
		}
		got, tenant, err := f.a.InviteByToken(ctx, tok)
		if err != nil || got.Email != "new@a.example" || tenant.ID != f.owner.TenantID {
			t.Fatalf("invite by token: %+v %+v %v", got, tenant, err)
		}
		// Another token of the same form: one character in the middle
		// changed (the last one carries padding bits, which may decode to
		// the same secret).
		mid := len(tok) / 2
		other := byte('A')
		if tok[mid] == 'A' {
			other = 'B'
		}
		for _, bad := range []string{"", "rqi_short", "rq_" + tok[4:], tok[:mid] + string(other) + tok[mid+1:]} {
			if _, _, err := f.a.InviteByToken(ctx, bad); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("invite by token %q: %v", bad, err)
			}
		}
		if _, _, err := f.a.AcceptInvite(ctx, tok, "short"); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a short password: %v", err)
		}
		u, sess, err := f.a.AcceptInvite(ctx, tok, password)
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != domain.RoleEditor || len(u.Employers) != 1 || u.Employers[0] != f.bins[1] || u.TenantID != f.owner.TenantID {
			t.Errorf("the invited user: %+v", u)
		}
		if me, err := f.a.UserBySession(ctx, sess.Token); err != nil || me.ID != u.ID {
			t.Errorf("the session: %+v, %v", me, err)
		}
		if _, _, err := f.a.AcceptInvite(ctx, tok, password); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("the link twice: %v", err)
		}
		if _, _, err := f.a.Login(ctx, "new@a.example", password, "192.0.2.1:1"); err != nil {
			t.Errorf("log in with the chosen password: %v", err)
		}
	})
}

// TestTenantSettingsPolicy: every user reads the settings, only an owner
// changes them.
func TestTenantSettingsPolicy(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		if ts, err := f.a.TenantSettings(ctx, f.viewer); err != nil || ts.Slug != "tenant-a" {
			t.Fatalf("a viewer reads: %+v, %v", ts, err)
		}
		slug := "a-team"
		_, err := f.a.UpdateTenantSettings(ctx, f.viewer, app.TenantUpdate{Slug: &slug})
		wantCode(t, "a viewer changes the slug", err, domain.EFORBIDDEN)
		bad := "a\x00b"
		_, err = f.a.UpdateTenantSettings(ctx, f.owner, app.TenantUpdate{LegalName: &bad})
		wantCode(t, "a NUL in the legal name", err, domain.EINVALID)
		if ts, err := f.a.UpdateTenantSettings(ctx, f.owner, app.TenantUpdate{Slug: &slug}); err != nil || ts.Slug != slug {
			t.Fatalf("the owner: %+v, %v", ts, err)
		}
		if ts, err := f.a.PublicTenant(ctx, slug); err != nil || ts.ID != f.owner.TenantID {
			t.Errorf("public tenant: %+v, %v", ts, err)
		}
	})
}

// TestPublicConsultation: the public form's request is kept only with
// consent and a name and contact, each refused field named; a filled
// honeypot keeps nothing and says nothing; the sixth request of an hour
// from one address (an IPv6 /64 counts as one) is refused, another address
// is not; the hour passes.
func TestPublicConsultation(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		a := app.New(app.Config{DB: f.db, Now: func() time.Time { return now }})
		kept := func() int {
			list, err := a.ConsultationRequests(ctx, f.owner, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		err := a.SubmitConsultation(ctx, app.PublicRequest{Slug: "nobody", Addr: "192.0.2.9:1", Name: "x", Contact: "y", Consent: true})
		wantCode(t, "an unknown slug", err, domain.ENOTFOUND)

		err = a.SubmitConsultation(ctx, app.PublicRequest{Slug: "tenant-a", Addr: "2001:db8::1", Message: "a\x00"})
		var fe *app.FormError
		if !errors.As(err, &fe) || fe.Fields["name"] == nil || fe.Fields["contact"] == nil || fe.Fields["consent"] == nil || fe.Fields["message"] == nil || fe.Fields["company"] != nil {
			t.Fatalf("an empty form: %v", err)
		}
		if domain.ErrorCode(err) != domain.EINVALID || kept() != 0 {
			t.Errorf("an empty form: %v, %d kept", domain.ErrorCode(err), kept())
		}
		ok := app.PublicRequest{Slug: "tenant-a", Addr: "[2001:db8::2]:443", Name: " Айгерім ", Contact: "+7 701 000 00 00", Message: "line 1\nline 2", Consent: true}
		if err := a.SubmitConsultation(ctx, ok); err != nil {
			t.Fatal(err)
		}
		list, _ := a.ConsultationRequests(ctx, f.owner, 0, 100)
		if len(list) != 1 || list[0].Name != "Айгерім" || list[0].Consent.TextVersion != app.ConsentVersion || list[0].Consent.Purpose != app.ConsentPurpose {
			t.Fatalf("kept: %+v", list)
		}
		stale := ok
		stale.ConsentVersion = "2026-01"
		if err := a.SubmitConsultation(ctx, stale); !errors.As(err, &fe) || fe.Fields["consent"] == nil || len(fe.Fields) != 1 {
			t.Errorf("a consent text the server does not keep: %v", err)
		}
		robot := ok
		robot.Website = "http://spam.example"
		if err := a.SubmitConsultation(ctx, robot); err != nil || kept() != 1 {
			t.Errorf("honeypot: %v, %d kept", err, kept())
		}
		if err := a.SubmitConsultation(ctx, ok); err != nil { // the 5th from the /64
			t.Fatal(err)
		}
		var re *app.RateError
		if err := a.SubmitConsultation(ctx, ok); !errors.As(err, &re) || re.RetryAfter <= 0 || re.RetryAfter > time.Hour {
			t.Fatalf("the sixth request of the hour: %v", err)
		}
		other := ok
		other.Addr = "192.0.2.7:5000"
		if err := a.SubmitConsultation(ctx, other); err != nil {
			t.Errorf("another address: %v", err)
		}
		now = now.Add(time.Hour)
		if err := a.SubmitConsultation(ctx, ok); err != nil {
			t.Errorf("an hour later: %v", err)
		}
		if got := kept(); got != 4 {
			t.Errorf("%d requests kept, want 4", got)
		}
	})
}

func TestConsentText(t *testing.T) {
	tn := &app.Tenant{Name: "Дала", LegalName: "ТОО «Дала Консалт»", LegalBIN: "940140000385"}
	for lang, want := range map[string][]string{
		"ru": {"ТОО «Дала Консалт»", "БИН 940140000385", "№ 94-V", "отозвать"},
		"kk": {"ТОО «Дала Консалт»", "БСН 940140000385", "№ 94-V", "кері қайтарып"},
		"en": {"ТОО «Дала Консалт»", "BIN 940140000385", "No. 94-V", "revoke"},
	} {
		text, err := app.ConsentText(app.ConsentVersion, lang, tn)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the consent text lacks %q: %s", lang, w, text)
			}
		}
	}
	text, _ := app.ConsentText(app.ConsentVersion, "ru", &app.Tenant{Name: "Дала"})
	if !strings.Contains(text, "оператору Дала согласие") || strings.Contains(text, "БИН") {
		t.Errorf("without the legal details: %s", text)
	}
	if _, err := app.ConsentText("../x", "ru", tn); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("an unknown version: %v", err)
	}
}
