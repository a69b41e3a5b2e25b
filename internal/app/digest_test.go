package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/mail"
	"github.com/ruqsat/ruqsat/internal/mail/mailtest"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// received is a digest as the SMTP listener got it, read back.
type received struct {
	to      []string
	header  netmail.Header
	subject string
	text    string
	html    string
}

func readMail(t *testing.T, m mailtest.Message) received {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	r := received{to: m.To, header: msg.Header}
	if r.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q, %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var rd io.Reader = p // multipart decodes quoted-printable itself
		if p.Header.Get("Content-Transfer-Encoding") == "base64" {
			rd = base64.NewDecoder(base64.StdEncoding, p)
		}
		b, err := io.ReadAll(rd)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			r.html = string(b)
		} else {
			r.text = string(b)
		}
	}
	return r
}

// TestDigests: the morning digest goes to each user who has not turned it
// off, in their language, with what their employers owe (a limited user's
// only), through a real SMTP listener with the headers a mail needs; a
// second run of the day sends nothing, on this App or another one on the
// same database, even when both run at once; a send the server refuses for
// a while is retried, one refused for good is released for a later run;
// the next day tells only what became overdue since.
func TestDigests(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		var mu sync.Mutex
		now := time.Date(2025, 7, 1, 8, 0, 0, 0, domain.Almaty())
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		setDay := func(d time.Time) { mu.Lock(); now = d; mu.Unlock() }
		srv := mailtest.Start(t)
		cfg, err := mail.ParseURL(srv.URL())
		if err != nil {
			t.Fatal(err)
		}
		sender := mail.NewSender(cfg)
		sender.Backoff = time.Millisecond
		from, _ := mail.ParseAddress("ruqsat <noreply@ruqsat.example.kz>")
		newDigests := func() *app.Digests {
			a := app.New(app.Config{DB: f.db, Now: clock})
			return app.NewDigests(a, app.DigestConfig{Mailer: sender, From: from, BaseURL: "https://ruqsat.example.kz"})
		}
		d := newDigests()
		a := app.New(app.Config{DB: f.db, Now: clock})

		if n, err := a.Notifications(ctx, f.viewer); err != nil || !n.Digest || n.Lang != "ru" {
			t.Fatalf("a new user's setting: %+v, %v; want on, in Russian", n, err)
		}
		for u, n := range map[*app.User]app.Notifications{f.owner: {Digest: true, Lang: "kk"}, f.viewer: {Digest: true, Lang: "en"},
			f.other: {Digest: false, Lang: "ru"}} {
			if err := a.SetNotifications(ctx, u, n); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, "a language not kk, ru or en", a.SetNotifications(ctx, f.owner, app.Notifications{Digest: true, Lang: "de"}), domain.EINVALID)
		_, err = a.Notifications(ctx, nil)
		wantCode(t, "no user", err, domain.EFORBIDDEN)
		if n, _ := a.Notifications(ctx, f.owner); n.Lang != "kk" {
			t.Fatalf("the owner's setting: %+v", n)
		}

		// Day 1: the server fails twice, then takes the owner's mail.
		srv.FailNext(2)
		if rep, err := d.Send(ctx, app.DigestRun{User: "OWNER@a.example"}); err != nil || rep.Sent != 1 || len(srv.Messages()) != 1 || srv.Sessions() != 3 {
			t.Fatalf("day 1 with two failures: %+v, %v; %d messages over %d connections", rep, err, len(srv.Messages()), srv.Sessions())
		}
		// The server refuses for longer than the attempts: not sent, and
		// released for the next run.
		sender.Attempts = 2
		srv.FailNext(100)
		if rep, _ := d.Send(ctx, app.DigestRun{User: "viewer@a.example"}); rep.Failed != 1 || rep.Sent != 0 {
			t.Fatalf("day 1, server refusing: %+v", rep)
		}
		srv.FailNext(0)
		// Everyone of tenant A, nobody of B (turned off); the owner's was
		// sent already.
		rep, err := d.Send(ctx, app.DigestRun{})
		if err != nil {
			t.Fatal(err)
		}
		got := srv.Messages()
		if rep.Sent != 2 || rep.Before != 1 || rep.Failed != 0 || len(got) != 3 {
			t.Fatalf("day 1: %+v, %d messages; want 2 sent, 1 before", rep, len(got))
		}
		subjects := map[string]string{
			"owner@a.example":   "мерзімі өткен",
			"viewer@a.example":  "overdue",
			"limited@a.example": "просрочено",
		}
		for _, m := range got {
			r := readMail(t, m)
			if len(r.to) != 1 {
				t.Fatalf("recipients %v", r.to)
			}
			to := r.to[0]
			word, ok := subjects[to]
			if !ok {
				t.Fatalf("a digest to %s", to)
			}
			delete(subjects, to)
			if !strings.HasPrefix(r.subject, "ruqsat, ") || !strings.Contains(r.subject, word) {
				t.Errorf("%s: subject %q, want %q in it", to, r.subject, word)
			}
			if raw := r.header.Get("Subject"); to != "viewer@a.example" && !strings.HasPrefix(raw, "=?utf-8?q?") {
				t.Errorf("%s: the Cyrillic subject is not encoded: %q", to, raw)
			}
			if d, err := r.header.Date(); err != nil || !d.Equal(now) {
				t.Errorf("%s: Date %v, %v", to, d, err)
			}
			if id := r.header.Get("Message-ID"); !strings.HasSuffix(id, "@ruqsat.example.kz>") {
				t.Errorf("%s: Message-ID %q", to, id)
			}
			if l, _ := r.header.AddressList("To"); len(l) != 1 || l[0].Address != to {
				t.Errorf("%s: To %v", to, l)
			}
			if l, _ := r.header.AddressList("From"); len(l) != 1 || l[0].Address != "noreply@ruqsat.example.kz" || m.From != "noreply@ruqsat.example.kz" {
				t.Errorf("%s: From %v (envelope %s)", to, l, m.From)
			}
			for i, bin := range f.bins {
				in := strings.Contains(r.text, "/employers/"+bin)
				if to == "limited@a.example" && in != (i == 0) {
					t.Errorf("%s: employer %s in the digest: %t; the user sees only %s", to, bin, in, f.bins[0])
				}
				if in && !strings.Contains(r.html, `href="https://ruqsat.example.kz/employers/`+bin+`"`) {
					t.Errorf("%s: the HTML does not link employer %s", to, bin)
				}
			}
			if !strings.Contains(r.text, "https://ruqsat.example.kz/account/notifications") {
				t.Errorf("%s: no link to turn it off", to)
			}
		}

		// What the owner was told is what the dashboard holds: the
		// overdue items and those due within 7 days.
		dg, err := d.Compose(ctx, f.owner, i18n.EN, 0)
		if err != nil {
			t.Fatal(err)
		}
		pages, err := a.Dashboard(ctx, f.owner, dashboard.Query{Days: app.DigestDays, Overdue: true, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		overdue, due := dg.Counts()
		wantDue := 0
		for _, it := range pages[0].Items {
			if it.Due >= domain.Today(now) {
				wantDue++
			}
		}
		if overdue+due == 0 || due != wantDue || overdue != len(pages[0].Items)-wantDue {
			t.Errorf("owner's digest: %d overdue, %d due; the dashboard has %d items, %d due within 7 days", overdue, due, len(pages[0].Items), wantDue)
		}

		// Again on day 1, here and on another server at once: nothing.
		var wg sync.WaitGroup
		reps := make([]app.DigestReport, 2)
		for i, dd := range []*app.Digests{d, newDigests()} {
			wg.Go(func() { reps[i], _ = dd.Send(ctx, app.DigestRun{}) })
		}
		wg.Wait()
		if len(srv.Messages()) != 3 || reps[0].Sent+reps[1].Sent != 0 || reps[0].Before != 3 {
			t.Fatalf("day 1 again: %+v, %d messages in all", reps, len(srv.Messages()))
		}

		// Day 2, 1 October, two servers at once: one digest each, of what
		// became overdue since day 1 (30 September).
		setDay(time.Date(2025, 10, 1, 8, 0, 0, 0, domain.Almaty()))
		before := len(srv.Messages())
		for i, dd := range []*app.Digests{d, newDigests()} {
			wg.Go(func() { reps[i], _ = dd.Send(ctx, app.DigestRun{}) })
		}
		wg.Wait()
		sent := reps[0].Sent + reps[1].Sent
		if sent == 0 || len(srv.Messages()) != before+sent || reps[0].Before+reps[1].Before != sent {
			t.Fatalf("day 2 on two servers: %+v, %d messages", reps, len(srv.Messages())-before)
		}
		viewer := false
		for _, m := range srv.Messages()[before:] {
			if r := readMail(t, m); r.to[0] == "viewer@a.example" {
				viewer = true
				if !strings.Contains(r.text, "Became overdue since the last digest ("+i18n.For(i18n.EN).Date(domain.MustDate("2025-07-01"))+")") ||
					!strings.Contains(r.text, "quota application") {
					t.Errorf("day 2, the viewer's digest:\n%s", r.text)
				}
			}
		}
		if !viewer {
			t.Error("day 2: no digest to the viewer")
		}
		// Day 3 tells only what became overdue since day 2: nothing of 30
		// September, which a first digest would tell.
		setDay(time.Date(2025, 10, 2, 8, 0, 0, 0, domain.Almaty()))
		first, err := d.Compose(ctx, f.owner, i18n.EN, 0)
		if err != nil {
			t.Fatal(err)
		}
		since, err := d.Compose(ctx, f.owner, i18n.EN, domain.MustDate("2025-10-01"))
		if err != nil {
			t.Fatal(err)
		}
		if o, _ := first.Counts(); o == 0 {
			t.Fatal("day 3: nothing overdue; the test tests nothing")
		}
		for _, e := range since.Employers {
			for _, it := range e.Overdue {
				if it.Due < domain.MustDate("2025-10-01") {
					t.Errorf("day 3: %s overdue since %s, before the last digest", it.Rule, it.Due)
				}
			}
		}
		// Nothing to say, no mail.
		before = len(srv.Messages())
		rep, err = d.Send(ctx, app.DigestRun{})
		if err != nil || rep.Sent != len(srv.Messages())-before || rep.Empty == 0 {
			t.Fatalf("day 3: %+v, %v", rep, err)
		}
		for _, m := range srv.Messages()[before:] {
			if r := readMail(t, m); r.to[0] == "viewer@a.example" && !strings.Contains(r.text, "Due within 7 days") {
				t.Errorf("day 3: a digest to the viewer with nothing due:\n%s", r.text)
			}
		}

		// Turned off: no digest. A dry run prints, sends and claims nothing.
		if err := a.SetNotifications(ctx, f.limit, app.Notifications{Digest: false, Lang: "ru"}); err != nil {
			t.Fatal(err)
		}
		setDay(time.Date(2025, 7, 2, 8, 0, 0, 0, domain.Almaty()))
		var printed []string
		before = len(srv.Messages())
		rep, err = d.Send(ctx, app.DigestRun{DryRun: true, Print: func(u *app.User, lang i18n.Lang, r mail.Rendered) {
			printed = append(printed, u.Email+" "+lang.String())
		}})
		if err != nil || len(srv.Messages()) != before {
			t.Fatalf("dry run: %+v, %v; %d messages sent", rep, err, len(srv.Messages())-before)
		}
		if slices.Contains(printed, "limited@a.example ru") || !slices.Contains(printed, "owner@a.example kk") {
			t.Errorf("dry run printed %v", printed)
		}
		if rep, _ := d.Send(ctx, app.DigestRun{}); rep.Sent != len(printed) {
			t.Errorf("after a dry run: %+v; the dry run printed %d", rep, len(printed))
		}

		// Without a mail server nothing is sent.
		if _, err := app.NewDigests(a, app.DigestConfig{}).Send(ctx, app.DigestRun{}); err != app.ErrNoMail {
			t.Errorf("no mail server: %v", err)
		}
	})
}
