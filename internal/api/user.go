package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// User is a user of the tenant.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role" enum:"owner,editor,viewer"`
	Employers []string  `json:"employers" nullable:"true" doc:"the BINs the user is limited to; null: every employer of the tenant"`
	CreatedAt time.Time `json:"created_at"`
}

func userJSON(u *app.User) User {
	return User{ID: u.ID, Email: u.Email, Role: string(u.Role), Employers: u.Employers, CreatedAt: u.CreatedAt}
}

type usersOutput struct {
	Body struct {
		Users []User `json:"users"`
	}
}

type userOutput struct {
	Body User
}

type createUserInput struct {
	Body struct {
		Email     string   `json:"email" maxLength:"254"`
		Role      string   `json:"role" enum:"owner,editor,viewer"`
		Password  string   `json:"password" maxLength:"1024" doc:"at least 12 characters; the user can change it (PUT /api/v1/me/password)"`
		Employers []string `json:"employers,omitempty" nullable:"true" maxItems:"10000" doc:"limit the user to these BINs; leave out for every employer"`
	}
}

type userIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type patchUserInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Role      nullable[string]   `json:"role,omitempty" enum:"owner,editor,viewer"`
		Employers nullable[[]string] `json:"employers,omitempty" doc:"the BINs to limit the user to; null: every employer"`
		Password  nullable[string]   `json:"password,omitempty" maxLength:"1024" doc:"a new password; it ends the user's sessions"`
	}
}

type passwordInput struct {
	Body struct {
		Current string `json:"current" maxLength:"1024"`
		New     string `json:"new" maxLength:"1024"`
	}
	remoteAddr string // not a parameter: set by Resolve
}

// Resolve records the client address for the failed-attempt limit.
func (in *passwordInput) Resolve(ctx huma.Context) []error {
	in.remoteAddr = ctx.RemoteAddr()
	return nil
}

func (s *Server) registerUsers() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-me",
		Method:      http.MethodGet,
		Path:        "/api/v1/me",
		Summary:     "The user this request authenticates as",
		Tags:        []string{"users"},
	}, auth.ActionRead), s.me)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "change-my-password",
		Method:        http.MethodPut,
		Path:          "/api/v1/me/password",
		Summary:       "Change your password",
		Description:   "Needs the current password (wrong ones count towards the login limit: 429). Every session of the user ends, this one too, and their API tokens are revoked.",
		Tags:          []string{"users"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{400, 403, 429, 503},
	}, auth.ActionRead), s.changePassword)
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "list-users",
		Method:      http.MethodGet,
		Path:        "/api/v1/users",
		Summary:     "List the tenant's users",
		Tags:        []string{"users"},
	}, auth.ActionManageUsers), s.listUsers)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "create-user",
		Method:        http.MethodPost,
		Path:          "/api/v1/users",
		Summary:       "Add a user to the tenant",
		Tags:          []string{"users"},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{400, 404, 409, 503},
	}, auth.ActionManageUsers), s.createUser)
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "patch-user",
		Method:      http.MethodPatch,
		Path:        "/api/v1/users/{id}",
		Summary:     "Change a user's role, employers or password",
		Description: "A JSON merge patch. The tenant always keeps an owner (409).",
		Tags:        []string{"users"},
		Errors:      []int{400, 404, 409, 503},
	}, auth.ActionManageUsers), s.patchUser)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "delete-user",
		Method:        http.MethodDelete,
		Path:          "/api/v1/users/{id}",
		Summary:       "Remove a user, with their sessions and API tokens",
		Tags:          []string{"users"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{404, 409},
	}, auth.ActionManageUsers), s.deleteUser)
}

func (s *Server) me(ctx context.Context, _ *struct{}) (*userOutput, error) {
	return &userOutput{Body: userJSON(user(ctx))}, nil
}

func (s *Server) changePassword(ctx context.Context, in *passwordInput) (*struct{}, error) {
	err := s.app.ChangePassword(ctx, user(ctx), in.Body.Current, in.Body.New, in.remoteAddr)
	var le *app.LoginError
	if errors.As(err, &le) {
		return nil, tooManyAttempts(loginMessage(ctx, le), le.RetryAfter)
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return nil, nil
}

func (s *Server) listUsers(ctx context.Context, _ *struct{}) (*usersOutput, error) {
	list, err := s.app.Users(ctx, user(ctx))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &usersOutput{}
	out.Body.Users = each(list, userJSON)
	return out, nil
}

func (s *Server) createUser(ctx context.Context, in *createUserInput) (*userOutput, error) {
	nu, err := s.app.CreateUser(ctx, user(ctx), app.NewUser{Email: in.Body.Email, Role: domain.Role(in.Body.Role),
		Password: in.Body.Password, Employers: in.Body.Employers})
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &userOutput{Body: userJSON(nu)}, nil
}

func (s *Server) patchUser(ctx context.Context, in *patchUserInput) (*userOutput, error) {
	var c app.UserUpdate
	b := &in.Body
	if b.Role.Set {
		if b.Role.Null {
			return nil, huma.Error400BadRequest("role: a user always has a role (owner, editor or viewer)")
		}
		r := domain.Role(b.Role.Value)
		c.Role = &r
	}
	if b.Employers.Set {
		emps := b.Employers.Value
		if !b.Employers.Null && emps == nil {
			emps = []string{}
		}
		c.Employers = &emps
	}
	if b.Password.Set {
		c.Password = &b.Password.Value
	}
	nu, err := s.app.UpdateUser(ctx, user(ctx), in.ID, c)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &userOutput{Body: userJSON(nu)}, nil
}

func (s *Server) deleteUser(ctx context.Context, in *userIDInput) (*struct{}, error) {
	if err := s.app.DeleteUser(ctx, user(ctx), in.ID); err != nil {
		return nil, s.fail(ctx, err)
	}
	return nil, nil
}
