package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/session"
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
		Errors:      []int{400, 401, 429, 503},
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
	u, sess, err := s.app.Login(ctx, in.Body.Email, in.Body.Password, in.remoteAddr)
	var le *app.LoginError
	switch {
	case errors.As(err, &le) && le.TooMany:
		return nil, tooManyAttempts(loginMessage(ctx, le), le.RetryAfter)
	case errors.As(err, &le):
		return nil, huma.Error401Unauthorized(loginMessage(ctx, le))
	case err != nil:
		return nil, s.fail(ctx, err)
	}
	out := &loginOutput{SetCookie: *session.Cookie(sess.Token, sess.ExpiresAt, s.secureCookie || in.tls)}
	out.Body.Email, out.Body.Role, out.Body.ExpiresAt = u.Email, string(u.Role), sess.ExpiresAt
	return out, nil
}

func (s *Server) logout(ctx context.Context, in *logoutInput) (*logoutOutput, error) {
	if err := s.app.Logout(ctx, in.Session.Value); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &logoutOutput{SetCookie: *session.Cookie("", time.Time{}, s.secureCookie || in.tls)}, nil
}

// tooManyAttempts is a 429 with the detail and a Retry-After of wait.
// loginMessage writes a refused login's message in the request's language.
func loginMessage(ctx context.Context, le *app.LoginError) string {
	if l := i18n.For(langOf(ctx)); l.Lang() != i18n.EN && le.Key != "" && l.Has(le.Key) {
		return l.T(le.Key)
	}
	return le.Message
}

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
