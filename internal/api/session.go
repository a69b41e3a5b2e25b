package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

type loginInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"254" doc:"the user's email"`
		Password string `json:"password" maxLength:"1024" doc:"the user's password"`
	}
	// Not parameters: filled in by the resolver below.
	remoteAddr string
	tls        bool
}

// Resolve records the client address for the login rate limit, and
// whether the request came over TLS (the cookie is then Secure).
func (in *loginInput) Resolve(ctx huma.Context) []error {
	in.remoteAddr, in.tls = ctx.RemoteAddr(), ctx.TLS() != nil
	return nil
}

type loginOutput struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
	Body      struct {
		Email     string    `json:"email"`
		Role      string    `json:"role"`
		ExpiresAt time.Time `json:"expires_at"`
	}
}

type logoutInput struct {
	Session http.Cookie `cookie:"ruqsat_session"`
	tls     bool
}

// Resolve records whether the request came over TLS.
func (in *logoutInput) Resolve(ctx huma.Context) []error {
	in.tls = ctx.TLS() != nil
	return nil
}

type logoutOutput struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
}

func (s *Server) registerSession() {
	huma.Register(s.api, huma.Operation{
		OperationID: "create-session",
		Method:      http.MethodPost,
		Path:        "/api/v1/session",
		Summary:     "Log in",
		Description: "Checks the email and password and sets a session cookie. Failed logins are rate limited per email and client address (429 with Retry-After).",
		Tags:        []string{"session"},
		Security:    []map[string][]string{}, // public: no credentials needed
		Errors:      []int{400, 401, 429},
	}, s.login)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "delete-session",
		Method:        http.MethodDelete,
		Path:          "/api/v1/session",
		Summary:       "Log out",
		Tags:          []string{"session"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{401},
	}, auth.ActionRead), s.logout)
}

func (s *Server) login(ctx context.Context, in *loginInput) (*loginOutput, error) {
	u, cookie, err := s.Login(ctx, in.Body.Email, in.Body.Password, in.remoteAddr, in.tls)
	var le *LoginError
	switch {
	case errors.As(err, &le) && le.RetryAfter > 0:
		return nil, tooManyAttempts(le.Message, le.RetryAfter)
	case errors.As(err, &le):
		return nil, huma.NewError(le.Status, le.Message)
	case err != nil:
		return nil, s.fail(ctx, err)
	}
	out := &loginOutput{SetCookie: *cookie}
	out.Body.Email, out.Body.Role, out.Body.ExpiresAt = u.Email, string(u.Role), cookie.Expires
	return out, nil
}

// LoginError is a refused login: wrong credentials (401) or too many
// failed attempts (429, try again after RetryAfter).
type LoginError struct {
	Status     int
	Message    string
	RetryAfter time.Duration
}

func (e *LoginError) Error() string { return e.Message }

// Login checks a user's email and password and starts a session. It
// returns the user and the session cookie to set (Secure when secure: the
// request came over TLS or the server is configured to say so). Failed
// logins are rate limited per email and client address (remoteAddr,
// host:port or host). A refused login is a *LoginError; any other error is
// the store's. The web UI logs in through this too.
func (s *Server) Login(ctx context.Context, email, password, remoteAddr string, secure bool) (*store.User, *http.Cookie, error) {
	key := limitKey(email, remoteAddr)
	if ok, wait := s.limiter.Allow(key); !ok {
		s.log.WarnContext(ctx, "login refused: too many failures", "email", email, "ip", key.IP)
		return nil, nil, &LoginError{http.StatusTooManyRequests, "too many failed logins; try again later", wait}
	}
	wrong := &LoginError{Status: http.StatusUnauthorized, Message: "wrong email or password"}
	u, err := s.db.UserByEmail(ctx, email)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		// As slow as a real check, so that timing does not tell which
		// emails have accounts.
		auth.DummyCheck(password)
		s.limiter.Fail(key)
		s.log.InfoContext(ctx, "login failed: no such user", "email", email, "ip", key.IP)
		return nil, nil, wrong
	case err != nil:
		s.limiter.Fail(key)
		return nil, nil, err
	}
	ok := false
	if u.PasswordHash != "" {
		ok, _, err = auth.CheckPassword(u.PasswordHash, password)
		if err != nil {
			s.log.ErrorContext(ctx, "password check failed", "user", u.ID, "err", err)
		}
	} else {
		auth.DummyCheck(password)
	}
	if !ok {
		s.limiter.Fail(key)
		s.log.InfoContext(ctx, "login failed: wrong password", "email", email, "ip", key.IP)
		return nil, nil, wrong
	}
	s.limiter.Succeed(key)
	tok, hash, err := auth.NewToken(auth.SessionTokenPrefix)
	if err != nil {
		return nil, nil, err
	}
	sess, err := s.db.CreateSession(ctx, u.TenantID, u.ID, hash, s.now().Add(s.ttl))
	if err != nil {
		return nil, nil, err
	}
	return u, s.sessionCookie(tok, sess.ExpiresAt, secure), nil
}

// limitKey is the key of the failed-attempt limit for a password check of
// email from remoteAddr (host:port or host).
func limitKey(email, remoteAddr string) auth.LimitKey {
	ip, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		ip = remoteAddr
	}
	return auth.LimitKey{Email: email, IP: ip}
}

// sessionCookie is the cookie that holds a session token; an empty token
// with a zero expiry deletes it.
func (s *Server) sessionCookie(tok string, expires time.Time, secure bool) *http.Cookie {
	c := &http.Cookie{Name: SessionCookie, Value: tok, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secure || s.secureCookie}
	if tok == "" {
		c.Expires, c.MaxAge = time.Time{}, -1
	}
	return c
}

// SessionUser returns the user of the session whose token the request's
// cookie holds: ENOTFOUND when it has none, or an unknown or expired one.
func (s *Server) SessionUser(r *http.Request) (*store.User, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || !auth.IsToken(c.Value, auth.SessionTokenPrefix) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no session")
	}
	_, u, err := s.db.SessionByTokenHash(r.Context(), auth.HashToken(c.Value))
	return u, err
}

// Logout ends the request's session, if it has one, and returns the
// cookie that deletes it from the browser.
func (s *Server) Logout(r *http.Request) (*http.Cookie, error) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := s.endSession(r.Context(), c.Value); err != nil {
			return nil, err
		}
	}
	return s.sessionCookie("", time.Time{}, r.TLS != nil), nil
}

func (s *Server) logout(ctx context.Context, in *logoutInput) (*logoutOutput, error) {
	if err := s.endSession(ctx, in.Session.Value); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &logoutOutput{SetCookie: *s.sessionCookie("", time.Time{}, in.tls)}, nil
}

// endSession deletes the session a cookie's token names, if it is one.
func (s *Server) endSession(ctx context.Context, token string) error {
	if !auth.IsToken(token, auth.SessionTokenPrefix) {
		return nil
	}
	return s.db.DeleteSession(ctx, auth.HashToken(token))
}

// tooManyAttempts is a 429 with the detail and a Retry-After of wait.
func tooManyAttempts(detail string, wait time.Duration) error {
	return &retryError{&huma.ErrorModel{Title: http.StatusText(http.StatusTooManyRequests), Status: http.StatusTooManyRequests, Detail: detail}, wait}
}

// retryError is a 429 that tells the client when to try again.
type retryError struct {
	*huma.ErrorModel
	wait time.Duration `json:"-"`
}

// GetHeaders sets Retry-After (huma.HeadersError).
func (e *retryError) GetHeaders() http.Header {
	secs := max(1, int((e.wait+time.Second-1)/time.Second))
	return http.Header{"Retry-After": {strconv.Itoa(secs)}}
}
