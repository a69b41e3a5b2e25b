package app

import (
	"cmp"
	"context"
	"errors"
	"math"
	netmail "net/mail"
	"slices"
	"sync"
	"time"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/mail"
	"github.com/ruqsat/ruqsat/internal/store"
)

// Notifications is a user's setting of the morning digest.
type Notifications = store.Notifications

// DigestDays is the window of a digest's "due soon": the next 7 days.
const DigestDays = 7

// digestMaxItems bounds the obligations one mail lists; the rest are
// counted per employer (see the employer's page).
const digestMaxItems = 200

// sentBatch is how many accepted digests are recorded as sent in one
// transaction.
const sentBatch = 100

// DefaultDigestAt is when the digest goes out: 08:00 in Almaty.
const DefaultDigestAt = 8 * time.Hour

// Notifications returns u's digest setting (on, in Russian, until the user
// changes it). Any user may read their own.
func (a *App) Notifications(ctx context.Context, u *User) (Notifications, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return Notifications{}, err
	}
	return a.db.NotificationsOf(ctx, u.TenantID, u.ID)
}

// SetNotifications turns u's digest on or off and sets the language of u's
// mails. Any user may set their own. Errors: EINVALID for a language not
// kk, ru or en, and the store's.
func (a *App) SetNotifications(ctx context.Context, u *User, n Notifications) error {
	if err := require(u, auth.ActionRead); err != nil {
		return err
	}
	return a.db.SetNotifications(ctx, u.TenantID, u.ID, n)
}

// Mailer sends one message (package mail's Sender): nil once the server
// accepted it, a *mail.MaybeSentError when that is unknown.
type Mailer interface {
	Send(ctx context.Context, from string, to []string, msg []byte) error
}

// DigestConfig is how a server sends its digests.
type DigestConfig struct {
	// Mailer and From are the mail server and the sender; without both no
	// mail is sent (Digests.Configured is false).
	Mailer Mailer
	From   *netmail.Address
	// BaseURL is the server's public address, from which the mails link to
	// the pages; "" for no links.
	BaseURL string
	// At is the time of day in Almaty when Run sends (DefaultDigestAt when 0).
	At time.Duration
	// Workers is how many mails are sent at once (default 4).
	Workers int
}

// Digests sends the morning digests: at most one per user and day, however
// many servers run, by claiming the (user, day) in the database before the
// mail leaves. It is safe for concurrent use.
type Digests struct {
	app *App
	cfg DigestConfig
	// run is one of Run's sends: runOnce, replaced by tests of the schedule.
	run func(context.Context)
}

// NewDigests returns the digests of a's registry sent as cfg says.
func NewDigests(a *App, cfg DigestConfig) *Digests {
	if cfg.At <= 0 || cfg.At >= 24*time.Hour {
		cfg.At = DefaultDigestAt
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	d := &Digests{app: a, cfg: cfg}
	d.run = d.runOnce
	return d
}

// Configured reports whether this server sends mail.
func (d *Digests) Configured() bool { return d != nil && d.cfg.Mailer != nil && d.cfg.From != nil }

// DigestRun says which digests Send sends.
type DigestRun struct {
	// User, when not "", is the email of the one user to send to.
	User string
	// DryRun renders the digests and gives them to Print instead of sending
	// them; nothing is claimed or recorded.
	DryRun bool
	Print  func(to *User, lang i18n.Lang, r mail.Rendered)
}

// DigestReport counts what Send did.
type DigestReport struct {
	Day domain.Date
	// Sent digests were accepted by the mail server (or printed, in a dry
	// run); Empty users had nothing to be told; Before had their digest of
	// the day claimed already (by this server or another); Failed could not
	// be sent (logged).
	Sent, Empty, Before, Failed int
}

// ErrNoMail is Send's error when no mail server is configured and the run
// is not a dry run.
var ErrNoMail = errors.New("app: no mail server configured")

// Send sends today's digest (Almaty) to every user who has not turned it
// off, or to run.User: what became overdue since the user's last digest
// (everything overdue for a first one) and what is due in the next
// DigestDays days, per employer the user may see, in the user's language,
// read from the dashboard cache. A user with nothing to be told gets no
// mail. Each digest is claimed in the database before it is sent, so that a
// second run on the same day, on this server or another, sends nothing; a
// send that failed before the mail server accepted it is tried again with
// backoff (the Mailer's), then released for a later run. Failures of single
// digests are logged and counted, not returned; the error is the store's
// (listing the users) or ErrNoMail.
func (d *Digests) Send(ctx context.Context, run DigestRun) (DigestReport, error) {
	a := d.app
	rep := DigestReport{Day: a.Today()}
	if !run.DryRun && !d.Configured() {
		return rep, ErrNoMail
	}
	if run.User != "" {
		if err := text("user", run.User, maxEmailLen); err != nil {
			return rep, err
		}
	}
	recipients, err := a.db.DigestRecipients(ctx, rep.Day, run.User)
	if err != nil {
		return rep, err
	}
	var mu sync.Mutex
	count := func(p *int) { mu.Lock(); *p++; mu.Unlock() }
	// The digests accepted by the mail server are recorded as sent in
	// batches, a commit for many rather than one each: a crash before a
	// batch's commit leaves those claims without their mark, which only
	// makes the next digest of those users tell again what it told.
	var sent []int64
	flush := func(all bool) {
		mu.Lock()
		if !all && len(sent) < sentBatch {
			mu.Unlock()
			return
		}
		ids := sent
		sent = nil
		mu.Unlock()
		if err := a.db.DigestsSent(context.WithoutCancel(ctx), rep.Day, ids, a.now()); err != nil {
			a.log.ErrorContext(ctx, "digest: sent, but not recorded as sent", "users", len(ids), "err", err)
		}
	}
	next := make(chan *store.DigestRecipient)
	var wg sync.WaitGroup
	workers := d.cfg.Workers
	if run.DryRun {
		workers = 1 // Print is called in the users' order, one at a time
	}
	for range workers {
		wg.Go(func() {
			for r := range next {
				switch d.one(ctx, r, rep.Day, run) {
				case outcomeSent:
					count(&rep.Sent)
					if !run.DryRun {
						mu.Lock()
						sent = append(sent, r.User.ID)
						mu.Unlock()
						flush(false)
					}
				case outcomeEmpty:
					count(&rep.Empty)
				case outcomeBefore:
					count(&rep.Before)
				default:
					count(&rep.Failed)
				}
			}
		})
	}
	for i := range recipients {
		if ctx.Err() != nil {
			break
		}
		next <- &recipients[i]
	}
	close(next)
	wg.Wait()
	flush(true)
	return rep, ctx.Err()
}

type outcome int

const (
	outcomeFailed outcome = iota
	outcomeSent
	outcomeEmpty
	outcomeBefore
)

// one composes and sends (or prints) r's digest of day.
func (d *Digests) one(ctx context.Context, r *store.DigestRecipient, day domain.Date, run DigestRun) outcome {
	a := d.app
	log := a.log.With("user", r.User.Email, "day", day.String())
	lang, _ := i18n.Parse(r.Lang)
	dg, err := d.Compose(ctx, &r.User, lang, r.LastSent)
	if err != nil {
		log.ErrorContext(ctx, "digest: reading the findings", "err", err)
		return outcomeFailed
	}
	if dg.Day != day {
		// Midnight passed while the run went on: that user's digest is
		// the next run's.
		return outcomeEmpty
	}
	if dg.Empty() {
		return outcomeEmpty
	}
	rendered, err := mail.RenderDigest(dg)
	if err != nil {
		log.ErrorContext(ctx, "digest: writing", "err", err)
		return outcomeFailed
	}
	if run.DryRun {
		if run.Print != nil {
			run.Print(&r.User, lang, rendered)
		}
		return outcomeSent
	}
	to := &netmail.Address{Address: r.User.Email}
	msg, err := mail.Build(&mail.Message{From: d.cfg.From, To: []*netmail.Address{to}, Subject: rendered.Subject,
		Date: a.now(), Text: rendered.Text, HTML: rendered.HTML, Headers: map[string]string{"Auto-Submitted": "auto-generated"}})
	if err != nil {
		log.ErrorContext(ctx, "digest: writing", "err", err)
		return outcomeFailed
	}
	claimed, err := a.db.ClaimDigest(ctx, r.User.ID, day)
	if err != nil {
		log.ErrorContext(ctx, "digest: claiming", "err", err)
		return outcomeFailed
	}
	if !claimed {
		return outcomeBefore
	}
	err = d.cfg.Mailer.Send(ctx, d.cfg.From.Address, []string{to.Address}, msg)
	var maybe *mail.MaybeSentError
	switch {
	case err == nil:
		// Send records it as sent (in a batch). A crash before that leaves
		// the claim without its mark: the digest is not sent again that day
		// (at most once; docs/OPERATIONS.md).
		log.InfoContext(ctx, "digest sent", "employers", len(dg.Employers))
		return outcomeSent
	case errors.As(err, &maybe):
		// Perhaps delivered: the claim stays, nothing is sent again.
		log.ErrorContext(ctx, "digest: perhaps not sent; not sent again today", "err", err)
		return outcomeFailed
	default:
		if rerr := a.db.ReleaseDigest(context.WithoutCancel(ctx), r.User.ID, day); rerr != nil {
			log.ErrorContext(ctx, "digest: releasing the claim", "err", rerr)
		}
		log.ErrorContext(ctx, "digest: not sent", "err", err)
		return outcomeFailed
	}
}

// Compose is u's digest of today in lang, from the dashboard cache, for a
// user whose last digest was of the day since (zero: none): what became
// overdue since then, and what is due in the next DigestDays days, per
// employer u may see, employers by name, items by deadline.
func (d *Digests) Compose(ctx context.Context, u *User, lang i18n.Lang, since domain.Date) (*mail.Digest, error) {
	a := d.app
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	pages, err := a.dashboard.Queries(ctx, u.TenantID,
		dashboard.Query{OverdueOnly: true, Only: u.Employers, Limit: math.MaxInt},
		dashboard.Query{Days: DigestDays, Only: u.Employers, Limit: math.MaxInt})
	if err != nil {
		return nil, err
	}
	l := i18n.For(lang)
	dg := &mail.Digest{Lang: lang, Day: pages[0].AsOf, Since: since, Days: DigestDays, BaseURL: d.cfg.BaseURL, Email: u.Email}
	byBIN := map[string]*mail.DigestEmployer{}
	budget := digestMaxItems
	add := func(it *dashboard.Item, overdue bool) {
		e := byBIN[it.BIN]
		if e == nil {
			e = &mail.DigestEmployer{BIN: it.BIN, Name: it.Employer}
			byBIN[it.BIN] = e
		}
		if budget == 0 {
			e.More++
			return
		}
		budget--
		rule, _ := domain.ParseRuleID(it.Rule)
		item := mail.DigestItem{Due: it.Due, Rule: rule, Text: it.Text(l)}
		if overdue {
			e.Overdue = append(e.Overdue, item)
		} else {
			e.Due = append(e.Due, item)
		}
	}
	for i := range pages[0].Items {
		if it := &pages[0].Items[i]; since.IsZero() || it.Due >= since {
			add(it, true)
		}
	}
	for i := range pages[1].Items {
		add(&pages[1].Items[i], false)
	}
	for _, e := range byBIN {
		dg.Employers = append(dg.Employers, *e)
	}
	slices.SortFunc(dg.Employers, func(x, y mail.DigestEmployer) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.BIN, y.BIN))
	})
	return dg, nil
}

// Run sends the digests every day at the configured time in Almaty, and
// once at start when that time has passed today (a server that was down at
// 08:00 still sends the day's digests; the claims keep them to one per
// user). It logs what each run did and returns ctx.Err() when ctx ends.
// Without a mail server it returns at once.
func (d *Digests) Run(ctx context.Context) error {
	if !d.Configured() {
		return nil
	}
	a := d.app
	now := a.now().In(domain.Almaty())
	if today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, domain.Almaty()).Add(d.cfg.At); !now.Before(today) {
		d.run(ctx)
	}
	for {
		t := time.NewTimer(max(0, nextDigestTime(a.now(), d.cfg.At).Sub(a.now())))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		d.run(ctx)
	}
}

// nextDigestTime is the first time of day at (in Almaty) after now.
func nextDigestTime(now time.Time, at time.Duration) time.Time {
	n := now.In(domain.Almaty())
	t := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, domain.Almaty()).Add(at)
	if !t.After(now) {
		t = time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, domain.Almaty()).Add(at)
	}
	return t
}

// runOnce is one of Run's sends, logged.
func (d *Digests) runOnce(ctx context.Context) {
	start := time.Now()
	rep, err := d.Send(ctx, DigestRun{})
	if err != nil && ctx.Err() == nil {
		d.app.log.ErrorContext(ctx, "digests", "err", err)
	}
	d.app.log.InfoContext(ctx, "digests", "day", rep.Day.String(), "sent", rep.Sent, "empty", rep.Empty,
		"sent_before", rep.Before, "failed", rep.Failed, "took", time.Since(start).Round(time.Millisecond))
}

// HasCalendarFeed reports whether u has a personal calendar feed, for the
// notifications page (the feed's address itself is shown only when made).
func (a *App) HasCalendarFeed(ctx context.Context, u *User) (bool, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return false, err
	}
	_, err := a.db.CalendarFeedOf(ctx, u.TenantID, u.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}

// BaseURL is the server's public address the digests link from ("" when
// not configured).
func (d *Digests) BaseURL() string {
	if d == nil {
		return ""
	}
	return d.cfg.BaseURL
}
