package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
)

// Token is an API token, without the token itself.
type Token struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

func tokenJSON(t *app.APIToken) Token {
	return Token{ID: t.ID, UserID: t.UserID, Name: t.Name, CreatedAt: t.CreatedAt, RevokedAt: t.RevokedAt}
}

type tokensOutput struct {
	Body struct {
		Tokens []Token `json:"tokens"`
	}
}

type createTokenInput struct {
	Body struct {
		Name string `json:"name" maxLength:"300" doc:"what the token is for (a script, a server)"`
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

func (s *Server) listTokens(ctx context.Context, _ *struct{}) (*tokensOutput, error) {
	list, err := s.app.Tokens(ctx, user(ctx))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &tokensOutput{}
	out.Body.Tokens = each(list, tokenJSON)
	return out, nil
}

func (s *Server) createToken(ctx context.Context, in *createTokenInput) (*createTokenOutput, error) {
	t, secret, err := s.app.CreateToken(ctx, user(ctx), in.Body.Name)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &createTokenOutput{}
	out.Body.Token, out.Body.Secret = tokenJSON(t), secret
	return out, nil
}

func (s *Server) revokeToken(ctx context.Context, in *tokenIDInput) (*struct{}, error) {
	if err := s.app.RevokeToken(ctx, user(ctx), in.ID); err != nil {
		return nil, s.fail(ctx, err)
	}
	return nil, nil
}
