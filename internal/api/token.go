package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// Token is an API token, without the token itself.
type Token struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

func tokenJSON(t *store.APIToken) Token {
	return Token{ID: t.ID, UserID: t.UserID, Name: t.Name, CreatedAt: t.CreatedAt, RevokedAt: t.RevokedAt}
}

type tokensOutput struct {
	Body struct {
		Tokens []Token `json:"tokens"`
	}
}

type createTokenInput struct {
	Body struct {
		Name string `json:"name" maxLength:"200" doc:"what the token is for (a script, a server)"`
	}
}

type createTokenOutput struct {
	Body struct {
		Token
		Secret string `json:"token" doc:"the token, shown this once: send it as Authorization: Bearer TOKEN"`
	}
}

type tokenIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (s *Server) registerTokens() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "list-tokens",
		Method:      http.MethodGet,
		Path:        "/api/v1/tokens",
		Summary:     "List API tokens",
		Description: "Your own tokens; an owner sees every token of the tenant.",
		Tags:        []string{"tokens"},
	}, auth.ActionRead), s.listTokens)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "create-token",
		Method:        http.MethodPost,
		Path:          "/api/v1/tokens",
		Summary:       "Create an API token for yourself",
		Description:   "The token acts as you, with your role and employers. It is shown once; only its hash is kept.",
		Tags:          []string{"tokens"},
		DefaultStatus: http.StatusCreated,
	}, auth.ActionRead), s.createToken)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "revoke-token",
		Method:        http.MethodDelete,
		Path:          "/api/v1/tokens/{id}",
		Summary:       "Revoke an API token",
		Description:   "Your own tokens; an owner may revoke any token of the tenant.",
		Tags:          []string{"tokens"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{404},
	}, auth.ActionRead), s.revokeToken)
}

// tokenOwner is whose tokens u may list and revoke: 0 (the whole tenant's)
// for an owner not limited to some employers, else u's own.
func tokenOwner(u *store.User) int64 {
	if auth.Can(u.Role, auth.ActionManageUsers) && u.Employers == nil {
		return 0
	}
	return u.ID
}

func (s *Server) listTokens(ctx context.Context, _ *struct{}) (*tokensOutput, error) {
	u := user(ctx)
	list, err := s.db.Tokens(ctx, u.TenantID, tokenOwner(u))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &tokensOutput{}
	out.Body.Tokens = each(list, tokenJSON)
	return out, nil
}

func (s *Server) createToken(ctx context.Context, in *createTokenInput) (*createTokenOutput, error) {
	u := user(ctx)
	tok, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	t, err := s.db.CreateToken(ctx, u.TenantID, actor(u), u.ID, in.Body.Name, hash)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &createTokenOutput{}
	out.Body.Token, out.Body.Secret = tokenJSON(t), tok
	return out, nil
}

func (s *Server) revokeToken(ctx context.Context, in *tokenIDInput) (*struct{}, error) {
	u := user(ctx)
	list, err := s.db.Tokens(ctx, u.TenantID, tokenOwner(u))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	if !slices.ContainsFunc(list, func(t store.APIToken) bool { return t.ID == in.ID }) {
		return nil, s.fail(ctx, domain.Errorf(domain.ENOTFOUND, "no token %d", in.ID))
	}
	if err := s.db.RevokeToken(ctx, u.TenantID, actor(u), in.ID); err != nil {
		return nil, s.fail(ctx, err)
	}
	return nil, nil
}
