package app

import (
	"context"
	"time"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// Invite is a pending invite of a new user (see store.Invite).
type Invite = store.Invite

// InviteTTL is how long an invite's link works: 7 days.
const InviteTTL = 7 * 24 * time.Hour

// InviteTokenPrefix starts an invite link's token, so that a leaked one
// says what it is.
const InviteTokenPrefix = "rqi_"

// NewInvite is an invite to make: the email the new user will log in
// with, their role and the employers they will be limited to (nil: every
// employer).
type NewInvite struct {
	Email     string
	Role      domain.Role
	Employers []string
}

// CreateInvite makes an invite to u's tenant (owners only) that expires in
// InviteTTL, and returns it with its token, which is shown once: only its
// hash is kept. The owner passes the link /invite/TOKEN on; no mail is
// sent. An earlier invite for the same email stops working.
func (a *App) CreateInvite(ctx context.Context, u *User, n NewInvite) (*Invite, string, error) {
	if err := require(u, auth.ActionManageUsers); err != nil {
		return nil, "", err
	}
	if err := text("email", n.Email, maxEmailLen); err != nil {
		return nil, "", err
	}
	if err := checkEmployers(n.Employers); err != nil {
		return nil, "", err
	}
	tok, hash, err := auth.NewToken(InviteTokenPrefix)
	if err != nil {
		return nil, "", err
	}
	inv := &Invite{Email: n.Email, Role: n.Role, Employers: n.Employers, ExpiresAt: a.now().Add(InviteTTL)}
	if err := a.db.CreateInvite(ctx, u.TenantID, actor(u), inv, hash); err != nil {
		return nil, "", err
	}
	return inv, tok, nil
}

// Invites lists the pending invites of u's tenant (owners only).
func (a *App) Invites(ctx context.Context, u *User) ([]Invite, error) {
	if err := require(u, auth.ActionManageUsers); err != nil {
		return nil, err
	}
	return a.db.Invites(ctx, u.TenantID)
}

// DeleteInvite withdraws invite id of u's tenant (owners only).
func (a *App) DeleteInvite(ctx context.Context, u *User, id int64) error {
	if err := require(u, auth.ActionManageUsers); err != nil {
		return err
	}
	return a.db.DeleteInvite(ctx, u.TenantID, actor(u), id)
}

// noInvite is what every refused invite link gets: unknown, malformed,
// used and expired look alike.
func noInvite() error {
	return domain.Errorf(domain.ENOTFOUND, "no such invite, or it has expired or been used").Say("error.no_invite")
}

// InviteByToken returns the pending invite of a link's token, with its
// tenant, for the page where the invitee sets a password; ENOTFOUND for an
// unknown, used or expired one.
func (a *App) InviteByToken(ctx context.Context, token string) (*Invite, *Tenant, error) {
	if !auth.IsToken(token, InviteTokenPrefix) {
		return nil, nil, noInvite()
	}
	inv, err := a.db.InviteByTokenHash(ctx, auth.HashToken(token))
	if err != nil {
		return nil, nil, err
	}
	t, err := a.db.Tenant(ctx, inv.TenantID)
	if err != nil {
		return nil, nil, err
	}
	return inv, t, nil
}

// AcceptInvite makes the user of an invite with the password they chose
// (the password policy applies) and logs them in: the link works once.
// It returns ENOTFOUND for an unknown, used or expired invite, EINVALID
// for a password the policy refuses, ECONFLICT when the email became a
// user's in the meantime, and an *auth.BusyError when too many passwords
// are being hashed.
func (a *App) AcceptInvite(ctx context.Context, token, password string) (*User, Session, error) {
	if !auth.IsToken(token, InviteTokenPrefix) {
		return nil, Session{}, noInvite()
	}
	// A dead link is told before the password is judged or hashed.
	if _, err := a.db.InviteByTokenHash(ctx, auth.HashToken(token)); err != nil {
		return nil, Session{}, err
	}
	hash, err := a.newPasswordHash(ctx, password)
	if err != nil {
		return nil, Session{}, err
	}
	u, err := a.db.AcceptInvite(ctx, auth.HashToken(token), hash)
	if err != nil {
		return nil, Session{}, err
	}
	sess, err := a.startSession(ctx, u)
	if err != nil {
		return nil, Session{}, err
	}
	return u, sess, nil
}

// startSession logs u in: a new session token, kept by its hash.
func (a *App) startSession(ctx context.Context, u *User) (Session, error) {
	tok, hash, err := auth.NewToken(auth.SessionTokenPrefix)
	if err != nil {
		return Session{}, err
	}
	sess, err := a.db.CreateSession(ctx, u.TenantID, u.ID, hash, a.now().Add(a.ttl))
	if err != nil {
		return Session{}, err
	}
	return Session{Token: tok, ExpiresAt: sess.ExpiresAt}, nil
}
