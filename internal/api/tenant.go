package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
)

// TenantSettings are the tenant's name, its public consultation address
// and the operator of personal data its consent text names.
type TenantSettings struct {
	Name      string `json:"name"`
	Slug      string `json:"slug" doc:"the public consultation form is at /c/SLUG"`
	LegalName string `json:"legal_name" doc:"the operator's legal name, named in the consent text; empty: the tenant's name"`
	LegalBIN  string `json:"legal_bin" doc:"the operator's BIN, named in the consent text; empty until entered"`
}

func tenantJSON(t *app.Tenant) TenantSettings {
	return TenantSettings{Name: t.Name, Slug: t.Slug, LegalName: t.LegalName, LegalBIN: t.LegalBIN}
}

type tenantOutput struct {
	Body TenantSettings
}

type patchTenantInput struct {
	Body struct {
		Name      nullable[string] `json:"name,omitempty" maxLength:"300"`
		Slug      nullable[string] `json:"slug,omitempty" minLength:"3" maxLength:"40" pattern:"^[a-z0-9-]+$" doc:"lower-case Latin letters, digits and hyphens"`
		LegalName nullable[string] `json:"legal_name,omitempty" maxLength:"300" doc:"null clears it"`
		LegalBIN  nullable[string] `json:"legal_bin,omitempty" maxLength:"12" doc:"null clears it"`
	}
}

func (s *Server) registerTenant() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-tenant",
		Method:      http.MethodGet,
		Path:        "/api/v1/tenant",
		Summary:     "The tenant's settings",
		Tags:        []string{"tenant"},
	}, auth.ActionRead), s.getTenant)
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "patch-tenant",
		Method:      http.MethodPatch,
		Path:        "/api/v1/tenant",
		Summary:     "Change the tenant's name, public address or operator details",
		Description: "A JSON merge patch. A renamed tenant stays the same tenant; commands find it by its slug. A name or slug another tenant has is a conflict (409).",
		Tags:        []string{"tenant"},
		Errors:      []int{400, 409},
	}, auth.ActionManageUsers), s.patchTenant)
}

func (s *Server) getTenant(ctx context.Context, _ *struct{}) (*tenantOutput, error) {
	t, err := s.app.TenantSettings(ctx, user(ctx))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &tenantOutput{Body: tenantJSON(t)}, nil
}

func (s *Server) patchTenant(ctx context.Context, in *patchTenantInput) (*tenantOutput, error) {
	var c app.TenantUpdate
	b := &in.Body
	for _, f := range []struct {
		n   *nullable[string]
		dst **string
	}{{&b.Name, &c.Name}, {&b.Slug, &c.Slug}, {&b.LegalName, &c.LegalName}, {&b.LegalBIN, &c.LegalBIN}} {
		if f.n.Set {
			// null is "": it clears the operator's details, and the
			// application refuses an empty name or slug in words.
			v := f.n.Value
			*f.dst = &v
		}
	}
	t, err := s.app.UpdateTenantSettings(ctx, user(ctx), c)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &tenantOutput{Body: tenantJSON(t)}, nil
}
