package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

type findingsInput struct {
	BIN  string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	AsOf string `query:"as_of" format:"date" doc:"evaluate on this date (YYYY-MM-DD); today in Almaty when left out"`
}

type findingsOutput struct {
	ContentType string `header:"Content-Type"`
	// Body is the document of `ruqsat evaluate --format json`, byte for byte.
	Body []byte
}

func (s *Server) registerFindings() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-employer-findings",
		Method:      http.MethodGet,
		Path:        "/api/v1/employers/{bin}/findings",
		Summary:     "Evaluate the rules on an employer's records",
		Description: "Returns the same JSON document as `ruqsat evaluate --format json` on the employer's export.",
		Tags:        []string{"employers"},
		Errors:      []int{400, 404},
	}, auth.ActionRead), s.findings)
}

func (s *Server) findings(ctx context.Context, in *findingsInput) (*findingsOutput, error) {
	u := user(ctx)
	if err := scoped(u, in.BIN); err != nil {
		return nil, s.fail(ctx, err)
	}
	asOf := domain.Today(s.now())
	if in.AsOf != "" {
		d, err := domain.ParseDate(in.AsOf)
		if err != nil {
			return nil, huma.Error400BadRequest("as_of " + in.AsOf + " is not a date (YYYY-MM-DD)")
		}
		asOf = d
	}
	res, err := s.db.EmployerFindings(ctx, u.TenantID, in.BIN, asOf, s.engine)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &findingsOutput{ContentType: "application/json", Body: res.AppendJSON(nil)}, nil
}
