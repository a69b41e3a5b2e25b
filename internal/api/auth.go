package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/session"
)

// Security scheme names in the OpenAPI document.
const (
	schemeBearer = "bearer"
	schemeCookie = "session"
)

// actionKey is the Operation.Metadata key that names the auth.Action an
// operation needs; an operation with none needs no authentication.
const actionKey = "ruqsat-action"

type userKey struct{}

// secured marks op as needing an authenticated user allowed to do a, and
// documents what authenticate answers for it: 401 without a user, 403 when
// some role may not do a.
func secured(op huma.Operation, a auth.Action) huma.Operation {
	op.Security = []map[string][]string{{schemeBearer: {}}, {schemeCookie: {}}}
	op.Errors = addStatus(op.Errors, http.StatusUnauthorized)
	if !auth.Can(domain.RoleViewer, a) {
		op.Errors = addStatus(op.Errors, http.StatusForbidden)
	}
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[actionKey] = a
	return op
}

// addStatus adds code to an operation's error statuses unless it is there.
func addStatus(codes []int, code int) []int {
	if slices.Contains(codes, code) {
		return codes
	}
	return append(slices.Clone(codes), code)
}

// authenticate finds the user of a request to a secured operation, from
// its bearer token or session cookie, and refuses it (401) when there is
// none. What the user may do, the application layer decides (403 from its
// EFORBIDDEN); the operation's action only documents it.
func (s *Server) authenticate(ctx huma.Context, next func(huma.Context)) {
	if _, ok := ctx.Operation().Metadata[actionKey].(auth.Action); !ok {
		next(ctx)
		return
	}
	u, err := s.userOf(ctx)
	if err != nil {
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			s.log.ErrorContext(ctx.Context(), "authentication failed", "err", err)
			huma.WriteErr(s.api, ctx, http.StatusInternalServerError, "internal error")
			return
		}
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="ruqsat"`)
		huma.WriteErr(s.api, ctx, http.StatusUnauthorized, "authentication required: an API token (Authorization: Bearer) or a session")
		return
	}
	next(huma.WithValue(ctx, userKey{}, u))
}

// userOf returns the user a request authenticates as, or ENOTFOUND.
func (s *Server) userOf(ctx huma.Context) (*app.User, error) {
	if h := ctx.Header("Authorization"); h != "" {
		tok, ok := auth.ParseBearer(h)
		if !ok {
			return nil, domain.Errorf(domain.ENOTFOUND, "no such token").Say("error.no_token_any")
		}
		return s.app.UserByAPIToken(ctx.Context(), tok)
	}
	return s.app.UserBySession(ctx.Context(), sessionToken(ctx))
}

// sessionToken returns the request's session token, or "" when it has no
// well-formed one.
func sessionToken(ctx huma.Context) string {
	r := http.Request{Header: http.Header{}}
	ctx.EachHeader(func(name, value string) {
		if http.CanonicalHeaderKey(name) == "Cookie" {
			r.Header.Add("Cookie", value)
		}
	})
	return session.Token(&r)
}

// user returns the authenticated user of a secured operation's context.
func user(ctx context.Context) *app.User {
	u, _ := ctx.Value(userKey{}).(*app.User)
	if u == nil {
		// A secured operation always has one; failing closed all the same.
		return &app.User{TenantID: -1, Employers: []string{}}
	}
	return u
}
