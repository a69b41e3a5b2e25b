package app

import (
	"context"
	"slices"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// Users lists the tenant's users (owners only).
func (a *App) Users(ctx context.Context, u *User) ([]User, error) {
	if err := require(u, auth.ActionManageUsers); err != nil {
		return nil, err
	}
	return a.db.Users(ctx, u.TenantID)
}

// NewUser is a user to add.
type NewUser struct {
	Email     string
	Role      domain.Role
	Password  string
	Employers []string // nil: every employer
}

// CreateUser adds a user to u's tenant (owners only).
func (a *App) CreateUser(ctx context.Context, u *User, n NewUser) (*User, error) {
	if err := require(u, auth.ActionManageUsers); err != nil {
		return nil, err
	}
	if err := text("email", n.Email, maxEmailLen); err != nil {
		return nil, err
	}
	if err := checkEmployers(n.Employers); err != nil {
		return nil, err
	}
	hash, err := a.newPasswordHash(ctx, n.Password)
	if err != nil {
		return nil, err
	}
	nu := &User{Email: n.Email, Role: n.Role, PasswordHash: hash, Employers: n.Employers}
	if err := a.db.CreateUser(ctx, u.TenantID, actor(u), nu); err != nil {
		return nil, err
	}
	return nu, nil
}

// UserUpdate changes a user: nil fields stay. Password is a new password
// in clear, hashed here.
type UserUpdate struct {
	Role      *domain.Role
	Employers *[]string
	Password  *string
}

// UpdateUser changes user id of u's tenant (owners only); the tenant keeps
// an owner (ECONFLICT).
func (a *App) UpdateUser(ctx context.Context, u *User, id int64, c UserUpdate) (*User, error) {
	if err := require(u, auth.ActionManageUsers); err != nil {
		return nil, err
	}
	if c.Employers != nil {
		if err := checkEmployers(*c.Employers); err != nil {
			return nil, err
		}
	}
	ch := UserChange{Role: c.Role, Employers: c.Employers}
	if c.Password != nil {
		hash, err := a.newPasswordHash(ctx, *c.Password)
		if err != nil {
			return nil, err
		}
		ch.PasswordHash = &hash
	}
	return a.db.UpdateUser(ctx, u.TenantID, actor(u), id, ch)
}

// DeleteUser removes user id, with their sessions and tokens (owners only).
func (a *App) DeleteUser(ctx context.Context, u *User, id int64) error {
	if err := require(u, auth.ActionManageUsers); err != nil {
		return err
	}
	return a.db.DeleteUser(ctx, u.TenantID, actor(u), id)
}

// MaxUserEmployers is the most employers a user may be limited to.
const MaxUserEmployers = 10_000

// checkEmployers checks the BINs a user is to be limited to: each a BIN,
// at most MaxUserEmployers of them.
func checkEmployers(bins []string) error {
	if len(bins) > MaxUserEmployers {
		return domain.Errorf(domain.EINVALID, "employers: %d BINs; expected at most %d", len(bins), MaxUserEmployers).Say("error.user_employers", "N", len(bins), "Of", MaxUserEmployers)
	}
	for i, b := range bins {
		if err := domain.CheckBIN(b); err != nil {
			return domain.Errorf(domain.EINVALID, "employers[%d]: %v", i, err)
		}
	}
	return nil
}

// tokenOwner is whose tokens u sees: an owner every token of the tenant
// (0), anyone else their own.
func tokenOwner(u *User) int64 {
	if u.Role == domain.RoleOwner && u.Employers == nil {
		return 0
	}
	return u.ID
}

// Tokens lists u's API tokens; an owner's, the tenant's.
func (a *App) Tokens(ctx context.Context, u *User) ([]APIToken, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	return a.db.Tokens(ctx, u.TenantID, tokenOwner(u))
}

// CreateToken makes an API token that acts as u and returns it with its
// secret, which is shown once: only its hash is kept.
func (a *App) CreateToken(ctx context.Context, u *User, name string) (*APIToken, string, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, "", err
	}
	if err := text("name", name, domain.MaxNameLen); err != nil {
		return nil, "", err
	}
	tok, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return nil, "", err
	}
	t, err := a.db.CreateToken(ctx, u.TenantID, actor(u), u.ID, name, hash)
	if err != nil {
		return nil, "", err
	}
	return t, tok, nil
}

// CreateTokenFor makes an API token that acts as user id of op's tenant,
// for an operator (an owner, or the CLI's app.Operator), and names op in
// the audit log as its maker.
func (a *App) CreateTokenFor(ctx context.Context, op *User, id int64, name string) (*APIToken, string, error) {
	if err := require(op, auth.ActionManageUsers); err != nil {
		return nil, "", err
	}
	if err := text("name", name, domain.MaxNameLen); err != nil {
		return nil, "", err
	}
	if _, err := a.db.User(ctx, op.TenantID, id); err != nil {
		return nil, "", err
	}
	tok, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return nil, "", err
	}
	t, err := a.db.CreateToken(ctx, op.TenantID, actor(op), id, name, hash)
	if err != nil {
		return nil, "", err
	}
	return t, tok, nil
}

// RevokeToken revokes API token id: u's own, or for an owner any of the
// tenant's; ENOTFOUND for another.
func (a *App) RevokeToken(ctx context.Context, u *User, id int64) error {
	list, err := a.Tokens(ctx, u)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(list, func(t APIToken) bool { return t.ID == id }) {
		return domain.Errorf(domain.ENOTFOUND, "no token %d", id).Say("error.no_token", "N", id)
	}
	return a.db.RevokeToken(ctx, u.TenantID, actor(u), id)
}

// employerEntities are the audit log's entities whose entries are about
// an employer, keyed by its BIN: what an employer's readers may see, and
// its history shows.
var employerEntities = []string{store.EntityEmployer, store.EntityAttachment, store.EntityLogo}

// EmployerEntities returns the audit log's entities whose entries are
// about an employer (keyed by its BIN): an employer's history.
func EmployerEntities() []string { return slices.Clone(employerEntities) }

// Audit reads the audit log, newest first; a user limited to some
// employers sees only the entries about those employers.
func (a *App) Audit(ctx context.Context, u *User, f AuditFilter) ([]AuditEntry, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	if err := text("entity", f.Entity, domain.MaxCodeLen); err != nil {
		return nil, err
	}
	if err := text("key", f.Key, domain.MaxNameLen); err != nil {
		return nil, err
	}
	if err := page(f.Limit, 0, MaxPage); err != nil {
		return nil, err
	}
	// The tenant's people (users, their sessions and tokens) are the
	// owner's to see, as the user list is: others read the entries about
	// employers (their records, their workers' attachments and their
	// letterhead logos) only.
	owner := require(u, auth.ActionManageUsers) == nil
	if !owner {
		employers := employerEntities
		switch {
		case f.Entity != "" && !slices.Contains(employers, f.Entity):
			return nil, nil
		case f.Entities == nil:
			f.Entities = employers
		default:
			f.Entities = slices.DeleteFunc(slices.Clone(f.Entities), func(e string) bool { return !slices.Contains(employers, e) })
		}
	}
	if u.Employers != nil {
		f.Keys = u.Employers // filtered in the query, so that pages are whole
	}
	entries, err := a.db.AuditLog(ctx, u.TenantID, f)
	if err != nil || u.Employers == nil {
		return entries, err
	}
	// A limited user sees their employers' entries, and not who else uses
	// the tenant: another user's name as the actor is blanked.
	out := entries[:0]
	for _, e := range entries {
		if !u.MayAccess(e.Key) {
			continue
		}
		if e.ActorUserID != 0 && e.ActorUserID != u.ID {
			e.Actor, e.ActorUserID = "", 0
		}
		out = append(out, e)
	}
	return out, nil
}

// ConsultationRequests lists the tenant's consultation requests, newest
// first (editors and owners not limited to some employers).
func (a *App) ConsultationRequests(ctx context.Context, u *User, beforeID int64, limit int) ([]ConsultationRequest, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return nil, err
	}
	if err := tenantWide(u); err != nil {
		return nil, err
	}
	if err := page(limit, 0, MaxPage); err != nil {
		return nil, err
	}
	return a.db.ConsultationRequests(ctx, u.TenantID, beforeID, limit)
}

// CreateConsultationRequest records a request with the person's consent.
func (a *App) CreateConsultationRequest(ctx context.Context, u *User, r *ConsultationRequest) error {
	if err := require(u, auth.ActionWrite); err != nil {
		return err
	}
	if err := tenantWide(u); err != nil {
		return err
	}
	for _, f := range []struct {
		name, s string
		max     int
	}{{"name", r.Name, domain.MaxNameLen}, {"contact", r.Contact, domain.MaxNameLen}, {"company", r.Company, domain.MaxNameLen},
		{"consent.text_version", r.Consent.TextVersion, domain.MaxCodeLen}, {"consent.purpose", r.Consent.Purpose, domain.MaxNameLen}} {
		if err := text(f.name, f.s, f.max); err != nil {
			return err
		}
	}
	if err := freeText("message", r.Message); err != nil {
		return err
	}
	return a.db.CreateConsultationRequest(ctx, u.TenantID, actor(u), r)
}

// freeText checks a text of several lines: UTF-8 without NUL, at most
// domain.MaxTextLen characters.
func freeText(name, s string) error {
	return text(name, flatten(s), domain.MaxTextLen)
}

// flatten replaces the line breaks and tabs a free text may hold by spaces,
// for the one-line check.
func flatten(s string) string {
	b := []byte(nil)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\r' || c == '\t' {
			if b == nil {
				b = []byte(s)
			}
			b[i] = ' '
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// RevokeConsent records that the person revoked their consent to request
// id, erasing its personal data, and returns what remains.
func (a *App) RevokeConsent(ctx context.Context, u *User, id int64) (*ConsultationRequest, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return nil, err
	}
	if err := tenantWide(u); err != nil {
		return nil, err
	}
	if err := a.db.RevokeConsent(ctx, u.TenantID, actor(u), id); err != nil {
		return nil, err
	}
	return a.db.ConsultationRequest(ctx, u.TenantID, id)
}

// ConsultationUpdate changes a request's place in the queue (see
// store.ConsultationChange).
type ConsultationUpdate = store.ConsultationChange

// UpdateConsultationRequest sets the status (new, in_progress, done) or
// the assignee (a user of the tenant; 0 for nobody) of request id, for the
// same users as the queue.
func (a *App) UpdateConsultationRequest(ctx context.Context, u *User, id int64, c ConsultationUpdate) (*ConsultationRequest, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return nil, err
	}
	if err := tenantWide(u); err != nil {
		return nil, err
	}
	return a.db.UpdateConsultationRequest(ctx, u.TenantID, actor(u), id, c)
}

// Assignees lists the users a consultation request may be assigned to:
// the tenant's users who see the queue (editors and owners not limited to
// some employers), for the same users as the queue.
func (a *App) Assignees(ctx context.Context, u *User) ([]User, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return nil, err
	}
	if err := tenantWide(u); err != nil {
		return nil, err
	}
	all, err := a.db.Users(ctx, u.TenantID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, x := range all {
		if auth.Can(x.Role, auth.ActionWrite) && x.Employers == nil {
			out = append(out, x)
		}
	}
	return out, nil
}
