package mail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/mail"
	"github.com/ruqsat/ruqsat/internal/mail/mailtest"
)

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		in                   string
		host, port, user, pw string
		tls                  bool
		bad                  bool
	}{
		{in: "smtp://mail.example.kz", host: "mail.example.kz", port: "587"},
		{in: "smtp://mail.example.kz:25/", host: "mail.example.kz", port: "25"},
		{in: "smtps://u%40x:p%3Ass@mail.example.kz", host: "mail.example.kz", port: "465", user: "u@x", pw: "p:ss", tls: true},
		{in: "smtp://user@[::1]:2525", host: "::1", port: "2525", user: "user"},
		{in: "http://mail.example.kz", bad: true},
		{in: "smtp://", bad: true},
		{in: "smtp://host:", bad: true},
		{in: "smtp://host:port", bad: true},
		{in: "smtp://host/path", bad: true},
		{in: "smtp://host?x=1", bad: true},
		{in: "smtp://:pw@host", bad: true},
		{in: "mail.example.kz:25", bad: true},
		{in: "smtp://u:p%0Ax@host", bad: true},
	} {
		c, err := mail.ParseURL(tc.in)
		if tc.bad {
			if err == nil || !errors.Is(err, mail.ErrURL) {
				t.Errorf("ParseURL(%q) = %+v, %v; want an ErrURL", tc.in, c, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tc.in, err)
			continue
		}
		if c.Host != tc.host || c.Port != tc.port || c.Username != tc.user || c.Password != tc.pw || c.ImplicitTLS != tc.tls {
			t.Errorf("ParseURL(%q) = %+v", tc.in, c)
		}
	}
	if _, err := mail.ParseURL("smtp://u:secret@host:x"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("an error repeats the password: %v", err)
	}
}

// FuzzParseURL: whatever it reads, ParseURL either refuses it with ErrURL
// and without the text of the URL (which may hold a password), or gives a
// host and a numeric port that String writes back as a URL it reads again
// alike.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"smtp://mail.example.kz", "smtps://u:p@h:465", "smtp://u%40x:p%3A@[::1]:25/", "smtp://h:", "smtp://h?x", "smtp://\x00", "smtps://:@h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := mail.ParseURL(s)
		if err != nil {
			if !errors.Is(err, mail.ErrURL) {
				t.Fatalf("ParseURL(%q): %v is not an ErrURL", s, err)
			}
			if len(s) > 12 && strings.Contains(err.Error(), s) {
				t.Fatalf("ParseURL(%q): the error repeats the URL: %v", s, err)
			}
			return
		}
		if c.Host == "" || c.Port == "" || strings.ContainsAny(c.Username+c.Password, "\r\n\x00") {
			t.Fatalf("ParseURL(%q) = %+v", s, c)
		}
		again, err := mail.ParseURL(c.String())
		if err != nil || again.Host != c.Host || again.Port != c.Port || again.Username != c.Username || again.ImplicitTLS != c.ImplicitTLS {
			t.Fatalf("ParseURL(%q) = %+v, written %q, read again %+v, %v", s, c, c.String(), again, err)
		}
	})
}

// parsed is a message read back: its headers and its decoded parts.
type parsed struct {
	h          netmail.Header
	subject    string
	text, html string
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("a line ends without CR")
	}
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{h: m.Header}
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if mt != "multipart/alternative" {
		p.text = decode(t, m.Header.Get("Content-Transfer-Encoding"), m.Body)
		return p
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable itself
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b := decode(t, part.Header.Get("Content-Transfer-Encoding"), part)
		switch ct := part.Header.Get("Content-Type"); ct {
		case "text/plain; charset=utf-8":
			p.text = b
		case "text/html; charset=utf-8":
			p.html = b
		default:
			t.Fatalf("a part of type %q", ct)
		}
	}
	return p
}

// decode reads a body in its transfer encoding (multipart's reader has
// decoded quoted-printable parts already and removed the header).
func decode(t *testing.T, enc string, r io.Reader) string {
	t.Helper()
	switch enc {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "":
	default:
		t.Fatalf("transfer encoding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuild(t *testing.T) {
	date := time.Date(2026, 12, 7, 8, 0, 0, 0, domain.Almaty())
	long := strings.Repeat("Уведомление миграционной службы ", 8)
	data, err := mail.Build(&mail.Message{From: &netmail.Address{Name: "ruqsat", Address: "noreply@ruqsat.example.kz"},
		To: []*netmail.Address{{Address: "hr@example.kz"}}, Subject: "Сроки: " + long, Date: date,
		Text: "Просрочено:\nотчет\n" + strings.Repeat("ы", 200), HTML: "<p>Просрочено</p>"})
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, data)
	if p.subject != "Сроки: "+long {
		t.Errorf("Subject = %q", p.subject)
	}
	if raw := p.h.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
		t.Errorf("Subject is not encoded: %q", raw)
	}
	if d, err := p.h.Date(); err != nil || !d.Equal(date) {
		t.Errorf("Date = %v, %v", d, err)
	}
	if id := p.h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@ruqsat.example.kz>") {
		t.Errorf("Message-ID = %q", id)
	}
	if from, _ := p.h.AddressList("From"); len(from) != 1 || from[0].Address != "noreply@ruqsat.example.kz" || from[0].Name != "ruqsat" {
		t.Errorf("From = %v", from)
	}
	if to, _ := p.h.AddressList("To"); len(to) != 1 || to[0].Address != "hr@example.kz" {
		t.Errorf("To = %v", to)
	}
	if p.text != "Просрочено:\r\nотчет\r\n"+strings.Repeat("ы", 200) || p.html != "<p>Просрочено</p>" {
		t.Errorf("text %q, html %q", p.text, p.html)
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("a line of %d octets", len(line))
		}
	}
	if !bytes.Contains(data, []byte("Content-Transfer-Encoding: base64")) {
		t.Error("a Cyrillic body is not base64, which is the shorter")
	}
	en, err := mail.Build(&mail.Message{From: &netmail.Address{Address: "a@b.kz"}, To: []*netmail.Address{{Address: "c@d.kz"}}, Subject: "Deadlines",
		Text: "Overdue: the report of " + strings.Repeat("October ", 20) + "(Ахмет)"})
	if err != nil {
		t.Fatal(err)
	}
	if p := parse(t, en); !bytes.Contains(en, []byte("Content-Transfer-Encoding: quoted-printable")) || p.subject != "Deadlines" ||
		p.text != "Overdue: the report of "+strings.Repeat("October ", 20)+"(Ахмет)" {
		t.Errorf("an English text mail:\n%s", en)
	}
	if _, err := mail.Build(&mail.Message{From: &netmail.Address{Address: "a@b"}, To: []*netmail.Address{{Address: "c@d"}}, Subject: "x\r\nBcc: e@f"}); err == nil {
		t.Error("a subject with a line break was written")
	}
}

func TestSend(t *testing.T) {
	srv := mailtest.Start(t)
	srv.RequireAuth("ruqsat", "p@ss word")
	cfg, err := mail.ParseURL("smtp://ruqsat:p%40ss%20word@" + srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	s := mail.NewSender(cfg)
	s.Backoff = time.Millisecond
	msg := []byte("Subject: x\r\n\r\nhello\r\n")
	ctx := context.Background()

	// Two temporary failures, then the third attempt goes through.
	srv.FailNext(2)
	if err := s.Send(ctx, "noreply@example.kz", []string{"hr@example.kz", "boss@example.kz"}, msg); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].From != "noreply@example.kz" || strings.Join(got[0].To, ",") != "hr@example.kz,boss@example.kz" ||
		!bytes.Equal(got[0].Data, msg) {
		t.Fatalf("messages %+v", got)
	}
	if n := srv.Sessions(); n != 3 {
		t.Errorf("%d connections, want 3 (two failed attempts)", n)
	}

	// More failures than attempts: the last error comes back.
	srv.FailNext(10)
	s.Attempts = 3
	if err := s.Send(ctx, "noreply@example.kz", []string{"hr@example.kz"}, msg); err == nil || !strings.Contains(err.Error(), "451") {
		t.Errorf("Send = %v, want the server's 451", err)
	}
	if len(srv.Messages()) != 1 {
		t.Error("a refused message was kept")
	}
	srv.FailNext(0)

	// A wrong password is refused for good: no retry.
	bad := *cfg
	bad.Password = "wrong"
	before := srv.Sessions()
	if err := mail.NewSender(&bad).Send(ctx, "noreply@example.kz", []string{"hr@example.kz"}, msg); err == nil {
		t.Error("a wrong password was accepted")
	}
	if n := srv.Sessions() - before; n != 1 {
		t.Errorf("a permanent refusal was tried %d times", n)
	}

	// Nobody listening: an error, after the attempts.
	gone := mail.NewSender(&mail.Config{Host: "127.0.0.1", Port: "1"})
	gone.Attempts, gone.Backoff = 2, time.Millisecond
	if err := gone.Send(ctx, "a@b", []string{"c@d"}, msg); err == nil {
		t.Error("a send to a closed port succeeded")
	}
}

func TestRenderDigest(t *testing.T) {
	d := &mail.Digest{Day: domain.NewDate(2026, 12, 7), Since: domain.NewDate(2026, 12, 4), Days: 7, BaseURL: "https://ruqsat.example.kz",
		Email: "hr@example.kz", Employers: []mail.DigestEmployer{{BIN: "140940021538", Name: "Alatau <b>Hotels</b>",
			Overdue: []mail.DigestItem{{Due: domain.NewDate(2026, 12, 5), Rule: domain.RuleReportMonthly, Text: "report missing"}},
			Due:     []mail.DigestItem{{Due: domain.NewDate(2026, 12, 9), Rule: domain.RuleTripNotice, Text: "notify the service"}}, More: 3}}}
	want := map[i18n.Lang][]string{
		i18n.EN: {"ruqsat, 2026-12-07: overdue 1, due within 7 days 1", "Became overdue since the last digest (2026-12-04)", "Due within 7 days", "3 more obligations", "BIN 140940021538"},
		i18n.RU: {"ruqsat, 07.12.2026: просрочено 1, срок в ближайшие 7 дней 1", "Просрочено после прошлой сводки", "Срок в ближайшие 7 дней", "еще 3 обязательства", "БИН 140940021538"},
		i18n.KK: {"ruqsat, 07.12.2026: мерзімі өткен 1", "Алдыңғы жиынтықтан бері мерзімі өткен", "Алдағы 7 күнде мерзімі", "тағы 3 міндет", "БСН 140940021538"},
	}
	for lang, words := range want {
		d.Lang = lang
		r, err := mail.RenderDigest(d)
		if err != nil {
			t.Fatal(err)
		}
		all := r.Subject + "\n" + r.Text
		for _, w := range words {
			if !strings.Contains(all, w) {
				t.Errorf("%s: %q not in\n%s", lang, w, all)
			}
		}
		for _, w := range []string{"https://ruqsat.example.kz/employers/140940021538", "https://ruqsat.example.kz/account/notifications", i18n.For(lang).Date(domain.NewDate(2026, 12, 5)), "report missing", "notify the service"} {
			if !strings.Contains(r.Text, w) || !strings.Contains(r.HTML, w) {
				t.Errorf("%s: %q not in both parts", lang, w)
			}
		}
		if strings.Contains(r.HTML, "<b>Hotels") || !strings.Contains(r.HTML, "Alatau &lt;b&gt;Hotels") {
			t.Errorf("%s: the employer's name is not escaped in HTML", lang)
		}
		if !strings.Contains(r.Text, "Alatau <b>Hotels</b>") {
			t.Errorf("%s: the plain text escapes the name", lang)
		}
		if strings.Contains(r.Text+r.HTML, "digest.") {
			t.Errorf("%s: a message id was not translated:\n%s", lang, r.Text)
		}
	}
	d.BaseURL = ""
	r, _ := mail.RenderDigest(d)
	if strings.Contains(r.Text+r.HTML, "http") {
		t.Error("links without a base URL")
	}
}

// TestSendTLS: smtp:// upgrades with STARTTLS when the server offers it,
// smtps:// speaks TLS from the start; a certificate nobody trusts stops the
// send before the password goes out.
func TestSendTLS(t *testing.T) {
	for _, implicit := range []bool{false, true} {
		srv, roots := mailtest.StartTLS(t, implicit)
		srv.RequireAuth("ruqsat", "secret")
		scheme := "smtp"
		if implicit {
			scheme = "smtps"
		}
		cfg, err := mail.ParseURL(scheme + "://ruqsat:secret@" + srv.Addr)
		if err != nil {
			t.Fatal(err)
		}
		cfg.TLS = &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
		if err := mail.NewSender(cfg).Send(context.Background(), "a@b.kz", []string{"c@d.kz"}, []byte("Subject: x\r\n\r\nhi\r\n")); err != nil {
			t.Fatalf("%s: %v", scheme, err)
		}
		if got := srv.Messages(); len(got) != 1 || !got[0].TLS {
			t.Errorf("%s: messages %+v, want one over TLS", scheme, got)
		}
		untrusted := *cfg
		untrusted.TLS = nil // the system's roots: the test's certificate is not among them
		s := mail.NewSender(&untrusted)
		s.Attempts = 1
		if err := s.Send(context.Background(), "a@b.kz", []string{"c@d.kz"}, []byte("x")); err == nil {
			t.Errorf("%s: a certificate nobody trusts was accepted", scheme)
		}
		if len(srv.Messages()) != 1 {
			t.Errorf("%s: a message went over an untrusted connection", scheme)
		}
	}
}
