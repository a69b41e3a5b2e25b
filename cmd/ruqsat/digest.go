package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/mail"
)

// mailFlags are the mail server's flags of serve and digest: --smtp-url
// and --mail-from (env RUQSAT_SMTP_URL, RUQSAT_MAIL_FROM), described by the
// catalogue's cli.flag.smtp-url and cli.flag.mail-from.
type mailFlags struct {
	url, from *string
}

func addMailFlags(fs *flag.FlagSet) mailFlags {
	return mailFlags{url: fs.String("smtp-url", envOr("RUQSAT_SMTP_URL", ""), ""), from: fs.String("mail-from", envOr("RUQSAT_MAIL_FROM", ""), "")}
}

// config is the digests' configuration the flags give (no mailer when
// neither is given), or a usage error.
func (f mailFlags) config(m *Main, baseURL string, log *slog.Logger) (app.DigestConfig, error) {
	cfg := app.DigestConfig{BaseURL: baseURL}
	if *f.url == "" && *f.from == "" {
		return cfg, nil
	}
	if *f.url == "" || *f.from == "" {
		return cfg, m.usageErr("cli.mail_both")
	}
	sc, err := mail.ParseURL(*f.url)
	if err != nil {
		return cfg, m.usageErr("cli.smtp_url")
	}
	from, err := mail.ParseAddress(*f.from)
	if err != nil {
		return cfg, m.usageErr("cli.mail_from", "Code", *f.from)
	}
	s := mail.NewSender(sc)
	s.Log = log
	cfg.Mailer, cfg.From = s, from
	return cfg, nil
}

// runDigest implements `ruqsat digest`: today's morning digests, sent now
// (or printed with --dry-run), what `ruqsat serve` sends at 08:00 in
// Almaty. A user whose digest of the day was sent already, by this command
// or a server, gets nothing.
func (m *Main) runDigest(ctx context.Context, args []string) error {
	fs := m.flagSet("digest")
	dbf := m.addDBFlags(fs)
	dry := fs.Bool("dry-run", false, "")
	user := fs.String("user", "", "")
	mf := addMailFlags(fs)
	baseURL := fs.String("base-url", envOr("RUQSAT_BASE_URL", ""), "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return m.usageErr("cli.no_args", "Name", "digest")
	}
	base, err := api.ParseBaseURL(*baseURL)
	if err != nil {
		return m.usageErr("cli.serve.base_url", "Code", *baseURL)
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	cfg, err := mf.config(m, base, log)
	if err != nil {
		return err
	}
	if !*dry && cfg.Mailer == nil {
		return m.usageErr("cli.digest.no_mail")
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = m.Now
	a := app.New(app.Config{DB: db, Now: m.Now, Logger: log})
	var printErr error
	rep, err := app.NewDigests(a, cfg).Send(ctx, app.DigestRun{User: *user, DryRun: *dry,
		Print: func(u *app.User, lang i18n.Lang, r mail.Rendered) {
			_, err := fmt.Fprintf(m.Stdout, "%s\n\n%s\n", m.loc().T("cli.digest.header", "Name", u.Email, "Code", lang.String(), "Other", r.Subject), r.Text)
			printErr = errors.Join(printErr, err)
		}})
	if err != nil {
		return m.appError(err)
	}
	if printErr != nil {
		return printErr
	}
	if err := m.say("cli.digest.done", "Date", rep.Day.String(), "N", rep.Sent, "Count", rep.Empty, "Other", fmt.Sprint(rep.Before), "Name", fmt.Sprint(rep.Failed)); err != nil {
		return err
	}
	if rep.Failed > 0 {
		return m.failure("cli.digest.failed")
	}
	return nil
}
