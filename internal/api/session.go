package api

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

type loginInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"254" doc:"the user's email"`
		Password string `json:"password" maxLength:"1024" doc:"the user's password"`
	}
	// RemoteAddr is not a parameter: filled in by the resolver below.
	remoteAddr string
}

// Resolve records the client address for the login rate limit.
func (in *loginInput) Resolve(ctx huma.Context) []error {
	in.remoteAddr = ctx.RemoteAddr()
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
	ip, _, err := net.SplitHostPort(in.remoteAddr)
	if err != nil {
		ip = in.remoteAddr
	}
	key := auth.LimitKey{Email: in.Body.Email, IP: ip}
	if ok, wait := s.limiter.Allow(key); !ok {
		return nil, &retryError{&huma.ErrorModel{Title: http.StatusText(http.StatusTooManyRequests), Status: http.StatusTooManyRequests,
			Detail: "too many failed logins; try again later"}, wait}
	}
	u, err := s.db.UserByEmail(ctx, in.Body.Email)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		// As slow as a real check, so that timing does not tell which
		// emails have accounts.
		auth.DummyCheck(in.Body.Password)
		s.limiter.Fail(key)
		return nil, huma.Error401Unauthorized("wrong email or password")
	case err != nil:
		s.limiter.Fail(key)
		return nil, s.fail(ctx, err)
	}
	ok := false
	if u.PasswordHash != "" {
		ok, _, err = auth.CheckPassword(u.PasswordHash, in.Body.Password)
		if err != nil {
			s.log.ErrorContext(ctx, "password check failed", "user", u.ID, "err", err)
		}
	} else {
		auth.DummyCheck(in.Body.Password)
	}
	if !ok {
		s.limiter.Fail(key)
		return nil, huma.Error401Unauthorized("wrong email or password")
	}
	s.limiter.Succeed(key)
	tok, hash, err := auth.NewToken(auth.SessionTokenPrefix)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	sess, err := s.db.CreateSession(ctx, u.TenantID, u.ID, hash, s.now().Add(s.ttl))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &loginOutput{SetCookie: http.Cookie{
		Name: SessionCookie, Value: tok, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	}}
	out.Body.Email, out.Body.Role, out.Body.ExpiresAt = u.Email, string(u.Role), sess.ExpiresAt
	return out, nil
}

func (s *Server) logout(ctx context.Context, in *logoutInput) (*logoutOutput, error) {
	if auth.IsToken(in.Session.Value, auth.SessionTokenPrefix) {
		if err := s.db.DeleteSession(ctx, auth.HashToken(in.Session.Value)); err != nil {
			return nil, s.fail(ctx, err)
		}
	}
	return &logoutOutput{SetCookie: http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode}}, nil
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
