package app

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// TenantSettings reads the settings of u's tenant: its name, public slug
// and the operator's legal name and BIN (any user of the tenant).
func (a *App) TenantSettings(ctx context.Context, u *User) (*Tenant, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	return a.db.Tenant(ctx, u.TenantID)
}

// TenantUpdate changes a tenant's settings; nil fields stay.
type TenantUpdate = store.TenantChange

// UpdateTenantSettings changes the settings of u's tenant (owners only).
// A renamed tenant stays the same tenant: commands find it by its slug or
// its new name. It returns EINVALID for a value the store refuses (an
// empty name, a slug that is not 3 to 40 lower-case Latin letters, digits
// and hyphens, a legal BIN with a wrong check digit) and ECONFLICT for a
// name or slug another tenant has.
func (a *App) UpdateTenantSettings(ctx context.Context, u *User, c TenantUpdate) (*Tenant, error) {
	if err := require(u, auth.ActionManageUsers); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name string
		s    *string
	}{{"name", c.Name}, {"slug", c.Slug}, {"legal_name", c.LegalName}, {"legal_bin", c.LegalBIN}} {
		if f.s != nil {
			if err := text(f.name, *f.s, domain.MaxNameLen); err != nil {
				return nil, err
			}
		}
	}
	return a.db.UpdateTenant(ctx, u.TenantID, actor(u), c)
}

// PublicTenant returns the tenant whose public consultation address is
// slug, for the public form (no user); ENOTFOUND for an unknown one.
func (a *App) PublicTenant(ctx context.Context, slug string) (*Tenant, error) {
	return a.db.TenantBySlug(ctx, slug)
}

// ConsentVersion is the version of the consent text the public form shows
// now; it is stored with every request made with it. A changed text gets
// a new version and new files (consent/VERSION.LANG.txt), and the old ones
// stay, so that what a person agreed to can always be read again.
const ConsentVersion = "2026-12"

// ConsentPurpose is the purpose of processing stored with a request from
// the public form.
const ConsentPurpose = "answer the person's consultation request"

//go:embed consent/*.txt
var consentFS embed.FS

// ConsentText returns the consent text of a version in a language (kk, ru
// or en; another gives English), naming t's operator: its legal name and
// BIN, or its name while the owner has not entered them. It returns
// ENOTFOUND for a version the project does not keep.
func ConsentText(version, lang string, t *Tenant) (string, error) {
	if lang != "kk" && lang != "ru" {
		lang = "en"
	}
	src, err := consentFS.ReadFile("consent/" + version + "." + lang + ".txt")
	if err != nil || strings.ContainsAny(version, "/.") {
		return "", domain.Errorf(domain.ENOTFOUND, "no consent text of version %q", version)
	}
	tpl, err := template.New(version).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return "", fmt.Errorf("consent text %s.%s: %w", version, lang, err)
	}
	op := t.LegalName
	if op == "" {
		op = t.Name
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, map[string]string{"Operator": op, "BIN": t.LegalBIN}); err != nil {
		return "", fmt.Errorf("consent text %s.%s: %w", version, lang, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// PublicRequest is what a visitor sends with the public consultation form.
type PublicRequest struct {
	Slug    string // the tenant's public address
	Addr    string // the client's address (host:port or host), for the rate limit
	Name    string
	Contact string // phone or email
	Company string
	Message string
	Consent bool // the consent box was ticked (consent=yes)
	// ConsentVersion is the version of the consent text the form showed
	// (ConsentVersion when it was made; "" takes the current one).
	ConsentVersion string
	// Website is the honeypot: a field people do not see and leave empty.
	Website string
}

// FormError is a public form refused because of its fields: each field's
// problem, by the form's field name. It unwraps to the first of them.
type FormError struct {
	Fields map[string]*domain.Error
	first  *domain.Error
}

func (e *FormError) Error() string { return e.first.Error() }

// Unwrap returns the problem of the first field refused.
func (e *FormError) Unwrap() error { return e.first }

func (e *FormError) add(field string, err error) {
	de, ok := err.(*domain.Error)
	if !ok {
		de = domain.Errorf(domain.EINVALID, "%s: %v", field, err)
	}
	if e.Fields == nil {
		e.Fields, e.first = map[string]*domain.Error{}, de
	}
	e.Fields[field] = de
}

// RateError is a request refused because its address sent too many: try
// again after RetryAfter.
type RateError struct{ RetryAfter time.Duration }

func (e *RateError) Error() string {
	return fmt.Sprintf("too many requests from this address; try again in %s", e.RetryAfter.Round(time.Minute))
}

// Public form limits: at most PublicRequestsPerHour requests from one
// address (an IPv6 /64 counting as one) in any hour.
const (
	PublicRequestsPerHour = 5
	publicWindow          = time.Hour
	publicMaxAddrs        = 100_000 // addresses remembered; the oldest are forgotten first
)

// publicLimiter counts the public form's requests per address in a
// sliding hour. Memory is bounded by publicMaxAddrs.
type publicLimiter struct {
	mu   sync.Mutex
	seen map[string][]time.Time
}

// allow records a request from addr at now and reports whether it is
// within the limit, or how long until it would be.
func (l *publicLimiter) allow(addr string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]time.Time{}
	}
	if len(l.seen) >= publicMaxAddrs {
		l.forget(now)
	}
	recent := l.seen[addr][:0:0]
	for _, t := range l.seen[addr] {
		if now.Sub(t) < publicWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) >= PublicRequestsPerHour {
		l.seen[addr] = recent
		return false, publicWindow - now.Sub(recent[0])
	}
	l.seen[addr] = append(recent, now)
	return true, 0
}

// forget drops the addresses with no request in the window and, when that
// is not enough, the one whose last request is oldest.
func (l *publicLimiter) forget(now time.Time) {
	oldest, at := "", now
	for k, ts := range l.seen {
		last := ts[len(ts)-1]
		if now.Sub(last) >= publicWindow {
			delete(l.seen, k)
			continue
		}
		if last.Before(at) {
			oldest, at = k, last
		}
	}
	if len(l.seen) >= publicMaxAddrs {
		delete(l.seen, oldest)
	}
}

// limitAddr is the key of an address in the public limit: the IP, and for
// IPv6 its /64, which one client usually holds whole.
func limitAddr(addr string) string {
	host := limitKey("", addr).IP
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	if ip.Is6() && !ip.Is4In6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.Unmap().String()
}

// SubmitConsultation records a request from the public form of the tenant
// at r.Slug, with the version of the consent text the form showed. It returns
// ENOTFOUND for an unknown slug; a *RateError when the address sent
// PublicRequestsPerHour requests in the last hour; a *FormError when a
// field is refused (the consent box not ticked, no name or contact, a text
// too long), and then nothing is stored. A filled honeypot (Website) is
// answered as a success and nothing is stored: a robot learns nothing.
func (a *App) SubmitConsultation(ctx context.Context, r PublicRequest) error {
	t, err := a.db.TenantBySlug(ctx, r.Slug)
	if err != nil {
		return err
	}
	if ok, wait := a.public.allow(limitAddr(r.Addr), a.now()); !ok {
		a.log.WarnContext(ctx, "public consultation form: too many requests", "tenant", t.ID, "addr", limitAddr(r.Addr))
		return &RateError{RetryAfter: wait}
	}
	if r.Website != "" {
		a.log.InfoContext(ctx, "public consultation form: honeypot filled, nothing stored", "tenant", t.ID)
		return nil
	}
	name, contact, company := strings.TrimSpace(r.Name), strings.TrimSpace(r.Contact), strings.TrimSpace(r.Company)
	var fe FormError
	for _, f := range []struct{ name, s string }{{"name", name}, {"contact", contact}, {"company", company}} {
		if err := text(f.name, f.s, domain.MaxNameLen); err != nil {
			fe.add(f.name, err)
		}
	}
	if name == "" && fe.Fields["name"] == nil {
		fe.add("name", domain.Errorf(domain.EINVALID, "name: please give your name").Say("error.public_name"))
	}
	if contact == "" && fe.Fields["contact"] == nil {
		fe.add("contact", domain.Errorf(domain.EINVALID, "contact: please give a phone number or an email").Say("error.public_contact"))
	}
	if err := freeText("message", r.Message); err != nil {
		fe.add("message", err)
	}
	version := r.ConsentVersion
	if version == "" {
		version = ConsentVersion
	}
	if !r.Consent {
		fe.add("consent", domain.Errorf(domain.EINVALID, "consent: a request is kept only with your consent to the processing of your personal data").Say("error.public_consent"))
	} else if _, err := ConsentText(version, "en", t); err != nil {
		// A text this server does not keep: the person agreed to something
		// no one can read again. They are shown the current one.
		fe.add("consent", domain.Errorf(domain.EINVALID, "consent: the consent text has changed; read it again and tick the box").Say("error.public_consent_version"))
	}
	if fe.Fields != nil {
		return &fe
	}
	req := &ConsultationRequest{Name: name, Contact: contact, Company: company, Message: strings.TrimSpace(r.Message),
		Consent: Consent{TextVersion: version, Purpose: ConsentPurpose}}
	return a.db.CreateConsultationRequest(ctx, t.ID, Actor{Name: "public form"}, req)
}
