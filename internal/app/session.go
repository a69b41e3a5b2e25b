package app

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// maxEmailLen bounds a login name (RFC 5321's path limit).
const maxEmailLen = 254

// LoginError is a refused login: wrong credentials, or with TooMany, too
// many failed attempts (try again after RetryAfter).
type LoginError struct {
	TooMany    bool
	RetryAfter time.Duration
	Message    string
	// Key is the catalogue's message for Message (see domain.Error).
	Key string
}

func (e *LoginError) Error() string { return e.Message }

// Session is a login: the token the client keeps (shown once) and when it
// ends.
type Session struct {
	Token     string
	ExpiresAt time.Time
}

// Login checks a user's email and password and starts a session. Failed
// logins are limited per email and client address (clientAddr, host:port
// or host). A refused login is a *LoginError; a password that could not be
// checked because too many checks were running is an *auth.BusyError (it
// counts neither as a failure nor as a success); an email that is not one
// line of text is EINVALID; any other error is the store's or ctx's.
func (a *App) Login(ctx context.Context, email, password, clientAddr string) (*User, Session, error) {
	if err := text("email", email, maxEmailLen); err != nil {
		return nil, Session{}, err
	}
	key := limitKey(email, clientAddr)
	if ok, wait := a.limiter.Allow(key); !ok {
		a.log.WarnContext(ctx, "login refused: too many failures", "email", email, "ip", key.IP)
		return nil, Session{}, &LoginError{TooMany: true, RetryAfter: wait, Message: "too many failed logins; try again later", Key: "error.login_too_many"}
	}
	wrong := &LoginError{Message: "wrong email or password", Key: "error.login_wrong"}
	// unchecked ends an attempt whose password was never checked.
	unchecked := func(err error) (*User, Session, error) {
		a.limiter.Abandon(key)
		a.log.WarnContext(ctx, "login not checked", "email", email, "ip", key.IP, "err", err)
		return nil, Session{}, err
	}
	u, err := a.db.UserByEmail(ctx, email)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		// As slow as a real check, so that timing does not tell which
		// emails have accounts; refused alike when the server is busy.
		if err := a.hasher.DummyCheckContext(ctx, password); err != nil {
			return unchecked(err)
		}
		a.limiter.Fail(key)
		a.log.InfoContext(ctx, "login failed: no such user", "email", email, "ip", key.IP)
		return nil, Session{}, wrong
	case err != nil:
		a.limiter.Fail(key)
		return nil, Session{}, err
	}
	ok := false
	if u.PasswordHash != "" {
		ok, _, err = a.hasher.CheckContext(ctx, u.PasswordHash, password)
		if errors.Is(err, auth.ErrMalformedHash) {
			a.log.ErrorContext(ctx, "password check failed", "user", u.ID, "err", err)
		} else if err != nil {
			return unchecked(err)
		}
	} else if err := a.hasher.DummyCheckContext(ctx, password); err != nil {
		return unchecked(err)
	}
	if !ok {
		a.limiter.Fail(key)
		a.log.InfoContext(ctx, "login failed: wrong password", "email", email, "ip", key.IP)
		return nil, Session{}, wrong
	}
	a.limiter.Succeed(key)
	tok, hash, err := auth.NewToken(auth.SessionTokenPrefix)
	if err != nil {
		return nil, Session{}, err
	}
	sess, err := a.db.CreateSession(ctx, u.TenantID, u.ID, hash, a.now().Add(a.ttl))
	if err != nil {
		return nil, Session{}, err
	}
	return u, Session{Token: tok, ExpiresAt: sess.ExpiresAt}, nil
}

// limitKey is the key of the failed-attempt limit for a password check of
// email from clientAddr (host:port or host).
func limitKey(email, clientAddr string) auth.LimitKey {
	ip, _, err := net.SplitHostPort(clientAddr)
	if err != nil {
		ip = clientAddr
	}
	return auth.LimitKey{Email: email, IP: ip}
}

// Logout ends the session whose token is given; a malformed or unknown
// token ends nothing.
func (a *App) Logout(ctx context.Context, token string) error {
	if !auth.IsToken(token, auth.SessionTokenPrefix) {
		return nil
	}
	return a.db.DeleteSession(ctx, auth.HashToken(token))
}

// UserBySession returns the user of a live session, or ENOTFOUND.
func (a *App) UserBySession(ctx context.Context, token string) (*User, error) {
	if !auth.IsToken(token, auth.SessionTokenPrefix) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no session").Say("error.no_session")
	}
	_, u, err := a.db.SessionByTokenHash(ctx, auth.HashToken(token))
	return u, err
}

// UserByAPIToken returns the user of an API token, or ENOTFOUND.
func (a *App) UserByAPIToken(ctx context.Context, token string) (*User, error) {
	if !auth.IsToken(token, auth.APITokenPrefix) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no such token").Say("error.no_token_any")
	}
	return a.db.UserByTokenHash(ctx, auth.HashToken(token))
}

// ChangePassword sets u's password to next after checking current, whose
// wrong guesses count towards the login limit (a *LoginError when it
// holds; EFORBIDDEN for a wrong password). Every session of the user ends
// and their API tokens are revoked.
func (a *App) ChangePassword(ctx context.Context, u *User, current, next, clientAddr string) error {
	key := limitKey(u.Email, clientAddr)
	if ok, wait := a.limiter.Allow(key); !ok {
		return &LoginError{TooMany: true, RetryAfter: wait, Message: "too many wrong passwords; try again later", Key: "error.password_too_many"}
	}
	ok, _, err := a.hasher.CheckContext(ctx, u.PasswordHash, current)
	var busy *auth.BusyError
	if errors.As(err, &busy) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		a.limiter.Abandon(key)
		return err
	}
	if err != nil || !ok {
		a.limiter.Fail(key)
		return domain.Errorf(domain.EFORBIDDEN, "the current password is wrong").Say("error.wrong_password")
	}
	a.limiter.Succeed(key)
	hash, err := a.newPasswordHash(ctx, next)
	if err != nil {
		return err
	}
	_, err = a.db.UpdateUser(ctx, u.TenantID, actor(u), u.ID, UserChange{PasswordHash: &hash})
	return err
}

// newPasswordHash checks a new password against the password policy and
// hashes it.
func (a *App) newPasswordHash(ctx context.Context, pw string) (string, error) {
	if err := auth.ValidatePassword(pw); err != nil {
		return "", err
	}
	return a.hasher.HashContext(ctx, pw)
}
