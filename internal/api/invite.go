package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// Invite is a pending invite of a new user, without its token.
type Invite struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role" enum:"owner,editor,viewer"`
	Employers []string  `json:"employers" nullable:"true" doc:"the BINs the user will be limited to; null: every employer of the tenant"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

func inviteJSON(i *app.Invite) Invite {
	return Invite{ID: i.ID, Email: i.Email, Role: string(i.Role), Employers: i.Employers, CreatedAt: i.CreatedAt, ExpiresAt: i.ExpiresAt}
}

type invitesOutput struct {
	Body struct {
		Invites []Invite `json:"invites"`
	}
}

type createInviteInput struct {
	Body struct {
		Email     string   `json:"email" maxLength:"254"`
		Role      string   `json:"role" enum:"owner,editor,viewer"`
		Employers []string `json:"employers,omitempty" nullable:"true" maxItems:"10000" doc:"limit the user to these BINs; leave out for every employer"`
	}
}

type createInviteOutput struct {
	Body struct {
		Invite
		Token string `json:"token" doc:"the invite's token, shown this once; the invitee opens /invite/TOKEN on this server, sets a password and is logged in"`
		Path  string `json:"path" doc:"the invite link's path on this server: /invite/TOKEN"`
	}
}

type inviteIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (s *Server) registerInvites() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "list-invites",
		Method:      http.MethodGet,
		Path:        "/api/v1/invites",
		Summary:     "List the tenant's pending invites",
		Tags:        []string{"users"},
	}, auth.ActionManageUsers), s.listInvites)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "create-invite",
		Method:        http.MethodPost,
		Path:          "/api/v1/invites",
		Summary:       "Invite a user by a one-time link",
		Description:   "The link (/invite/TOKEN) works once and for 7 days; its token is shown once, only its hash is kept. No mail is sent: the owner passes the link on. A new invite for the same email replaces the earlier one.",
		Tags:          []string{"users"},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{400, 404, 409},
	}, auth.ActionManageUsers), s.createInvite)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "delete-invite",
		Method:        http.MethodDelete,
		Path:          "/api/v1/invites/{id}",
		Summary:       "Withdraw an invite: its link stops working",
		Tags:          []string{"users"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{404},
	}, auth.ActionManageUsers), s.deleteInvite)
}

func (s *Server) listInvites(ctx context.Context, _ *struct{}) (*invitesOutput, error) {
	list, err := s.app.Invites(ctx, user(ctx))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &invitesOutput{}
	out.Body.Invites = each(list, inviteJSON)
	return out, nil
}

func (s *Server) createInvite(ctx context.Context, in *createInviteInput) (*createInviteOutput, error) {
	inv, tok, err := s.app.CreateInvite(ctx, user(ctx), app.NewInvite{Email: in.Body.Email, Role: domain.Role(in.Body.Role), Employers: in.Body.Employers})
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &createInviteOutput{}
	out.Body.Invite, out.Body.Token, out.Body.Path = inviteJSON(inv), tok, "/invite/"+tok
	return out, nil
}

func (s *Server) deleteInvite(ctx context.Context, in *inviteIDInput) (*struct{}, error) {
	if err := s.app.DeleteInvite(ctx, user(ctx), in.ID); err != nil {
		return nil, s.fail(ctx, err)
	}
	return nil, nil
}
