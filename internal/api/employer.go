package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// EmployerSummary is an employer in a list.
type EmployerSummary struct {
	BIN       string    `json:"bin"`
	Name      string    `json:"name"`
	Size      string    `json:"size"`
	Workers   int       `json:"workers" doc:"foreign workers recorded"`
	Version   int64     `json:"version" doc:"the version an ETag names"`
	UpdatedAt time.Time `json:"updated_at"`
}

type listEmployersInput struct {
	Q      string `query:"q" maxLength:"300" doc:"only employers whose BIN or name contains this"`
	Limit  int    `query:"limit" minimum:"1" maximum:"1000" default:"50"`
	Offset int    `query:"offset" minimum:"0" default:"0"`
}

type listEmployersOutput struct {
	Body struct {
		Employers []EmployerSummary `json:"employers"`
		Total     int               `json:"total" doc:"employers that match, on all pages"`
		Limit     int               `json:"limit"`
		Offset    int               `json:"offset"`
	}
}

type binInput struct {
	BIN string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$" doc:"the employer's BIN"`
}

type getEmployerOutput struct {
	ETag string `header:"ETag"`
	Body *Records
}

type putEmployerInput struct {
	BIN         string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	IfMatch     string `header:"If-Match" doc:"the ETag of the version being replaced"`
	IfNoneMatch string `header:"If-None-Match" doc:"* to create an employer that must not exist yet"`
	Body        Records
}

type putEmployerOutput struct {
	ETag string `header:"ETag"`
	Body struct {
		BIN     string `json:"bin"`
		Version int64  `json:"version"`
	}
}

// EmployerPatch is a JSON merge patch (RFC 7396) of an employer's own
// fields: a field left out stays, null clears it.
type EmployerPatch struct {
	Name            nullable[string] `json:"name,omitempty" maxLength:"300"`
	Size            nullable[string] `json:"size,omitempty" enum:"small,medium,large"`
	BranchOfForeign nullable[bool]   `json:"branch_of_foreign,omitempty"`
	StaffKZ         nullable[[4]int] `json:"staff_kz,omitempty" doc:"Kazakhstan citizens on staff in categories 1 to 4"`
	TotalEmployees  nullable[int]    `json:"total_employees,omitempty"`
	// The letterhead's details and the director who signs (see the records'
	// employer): null clears one.
	Address  nullable[string]      `json:"address,omitempty" maxLength:"300"`
	Phone    nullable[string]      `json:"phone,omitempty" maxLength:"64"`
	Email    nullable[string]      `json:"email,omitempty" maxLength:"300"`
	Director nullable[DirectorDoc] `json:"director,omitempty"`
	UsesSeal nullable[bool]        `json:"uses_seal,omitempty"`
}

// DirectorDoc is the head who signs the employer's letters.
type DirectorDoc struct {
	Name     string `json:"name" maxLength:"300"`
	Position string `json:"position" maxLength:"300"`
}

type patchEmployerInput struct {
	BIN     string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	IfMatch string `header:"If-Match" doc:"the ETag of the version being changed"`
	Body    EmployerPatch
}

type deleteEmployerInput struct {
	BIN     string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	IfMatch string `header:"If-Match" doc:"the ETag of the version being deleted"`
}

func (s *Server) registerEmployers() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "list-employers",
		Method:      http.MethodGet,
		Path:        "/api/v1/employers",
		Summary:     "List employers",
		Tags:        []string{"employers"},
	}, auth.ActionRead), s.listEmployers)
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-employer",
		Method:      http.MethodGet,
		Path:        "/api/v1/employers/{bin}",
		Summary:     "Get an employer's records",
		Description: "The ETag names the version; send it back in If-Match to change or delete the employer.",
		Tags:        []string{"employers"},
		Errors:      []int{404},
	}, auth.ActionRead), s.getEmployer)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:  "put-employer",
		Method:       http.MethodPut,
		Path:         "/api/v1/employers/{bin}",
		Summary:      "Replace an employer's records",
		Description:  "Replaces everything recorded about the employer. If-Match with the ETag read is required (428 without it, 412 when someone changed the employer since); If-None-Match: * creates a new employer.",
		Tags:         []string{"employers"},
		MaxBodyBytes: domain.MaxRecordsBytes,
		Errors:       []int{400, 404, 412, 428},
	}, auth.ActionWrite), s.putEmployer)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:  "patch-employer",
		Method:       http.MethodPatch,
		Path:         "/api/v1/employers/{bin}",
		Summary:      "Change an employer's own fields",
		Description:  "A JSON merge patch (RFC 7396, application/merge-patch+json or application/json) of the employer's name, size, branch_of_foreign, staff_kz and total_employees; null clears an optional field. Workers and the other records are changed with PUT. If-Match with the ETag read is required.",
		Tags:         []string{"employers"},
		MaxBodyBytes: 64 << 10,
		Errors:       []int{400, 404, 412, 428},
	}, auth.ActionWrite), s.patchEmployer)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "delete-employer",
		Method:        http.MethodDelete,
		Path:          "/api/v1/employers/{bin}",
		Summary:       "Delete an employer and all its records",
		Tags:          []string{"employers"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{404, 412, 428},
	}, auth.ActionWrite), s.deleteEmployer)
}

func (s *Server) listEmployers(ctx context.Context, in *listEmployersInput) (*listEmployersOutput, error) {
	u := user(ctx)
	list, total, err := s.app.Employers(ctx, u, app.EmployerQuery{Q: in.Q, Limit: in.Limit, Offset: in.Offset})
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &listEmployersOutput{}
	out.Body.Employers = make([]EmployerSummary, len(list))
	for i, e := range list {
		out.Body.Employers[i] = EmployerSummary{BIN: e.BIN, Name: e.Name, Size: string(e.Size), Workers: e.Workers, Version: e.Version, UpdatedAt: e.UpdatedAt}
	}
	out.Body.Total, out.Body.Limit, out.Body.Offset = total, in.Limit, in.Offset
	return out, nil
}

func (s *Server) getEmployer(ctx context.Context, in *binInput) (*getEmployerOutput, error) {
	u := user(ctx)
	rec, version, err := s.app.Records(ctx, u, in.BIN)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &getEmployerOutput{ETag: etag(version), Body: recordsJSON(rec)}, nil
}

func (s *Server) putEmployer(ctx context.Context, in *putEmployerInput) (*putEmployerOutput, error) {
	u := user(ctx)
	var want int64
	switch {
	case in.IfMatch != "":
		v, err := ifMatch(in.IfMatch)
		if err != nil {
			return nil, err
		}
		want = v
	case strings.TrimSpace(in.IfNoneMatch) == "*":
		want = 0 // a new employer
	default:
		return nil, huma.Error428PreconditionRequired("send If-Match with the ETag you read (or If-None-Match: * to create), so that no one's changes are overwritten")
	}
	if in.Body.Employer.BIN != in.BIN {
		return nil, huma.Error400BadRequest("employer.bin " + strconv.Quote(in.Body.Employer.BIN) + " is not the BIN in the path")
	}
	rec, err := domainRecords(&in.Body)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	version, err := s.app.ReplaceRecords(ctx, u, rec, want)
	return s.written(ctx, u, in.BIN, want, version, err)
}

func (s *Server) patchEmployer(ctx context.Context, in *patchEmployerInput) (*putEmployerOutput, error) {
	u := user(ctx)
	want, err := ifMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	p := &in.Body
	version, err := s.app.UpdateEmployer(ctx, u, in.BIN, want, func(e *domain.Employer) error {
		if p.Name.Set {
			e.Name = p.Name.Value
		}
		if p.Size.Set {
			if p.Size.Null {
				return domain.Errorf(domain.EINVALID, "size: an employer always has a size (small, medium or large)").Say("error.size_required")
			}
			e.Size = domain.Size(p.Size.Value)
		}
		if p.BranchOfForeign.Set {
			e.BranchOfForeign = p.BranchOfForeign.Value
		}
		if p.StaffKZ.Set {
			e.StaffKZ = nil
			if !p.StaffKZ.Null {
				v := p.StaffKZ.Value
				e.StaffKZ = &[5]int{0, v[0], v[1], v[2], v[3]}
			}
		}
		if p.TotalEmployees.Set {
			e.TotalEmployees = nil
			if !p.TotalEmployees.Null {
				n := p.TotalEmployees.Value
				e.TotalEmployees = &n
			}
		}
		for _, f := range []struct {
			in  *nullable[string]
			out *string
		}{{&p.Address, &e.Address}, {&p.Phone, &e.Phone}, {&p.Email, &e.Email}} {
			if f.in.Set {
				*f.out = f.in.Value // "" when null
			}
		}
		if p.Director.Set {
			e.Director = domain.Director{Name: p.Director.Value.Name, Position: p.Director.Value.Position}
		}
		if p.UsesSeal.Set {
			e.UsesSeal = p.UsesSeal.Value
		}
		return nil
	})
	return s.written(ctx, u, in.BIN, want, version, employerFieldProblems(err))
}

// written answers a write of employer bin that expected version want and
// made version (or failed with err).
func (s *Server) written(ctx context.Context, u *app.User, bin string, want, version int64, err error) (*putEmployerOutput, error) {
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return nil, s.preconditionFailed(ctx, u, bin, want, err)
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &putEmployerOutput{ETag: etag(version)}
	out.Body.BIN, out.Body.Version = bin, version
	return out, nil
}

// ifMatch returns the version an If-Match header names: 428 when there is
// none, 412 when it names no version.
func ifMatch(h string) (int64, error) {
	if h == "" {
		return 0, huma.Error428PreconditionRequired("send If-Match with the ETag you read, so that no one's changes are overwritten")
	}
	v, ok := parseETag(h)
	if !ok {
		return 0, huma.Error412PreconditionFailed("If-Match does not name a version of this employer")
	}
	return v, nil
}

func (s *Server) deleteEmployer(ctx context.Context, in *deleteEmployerInput) (*struct{}, error) {
	u := user(ctx)
	v, err := ifMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	err = s.app.DeleteEmployer(ctx, u, in.BIN, v)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return nil, s.preconditionFailed(ctx, u, in.BIN, v, err)
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return nil, nil
}

// preconditionFailed answers a write whose expected version (want) did not
// match: 404 when an If-Match named a version of an employer that does not
// exist (in this tenant), 412 otherwise.
func (s *Server) preconditionFailed(ctx context.Context, u *app.User, bin string, want int64, conflict error) error {
	if want != 0 {
		if _, _, err := s.app.Records(ctx, u, bin); domain.ErrorCode(err) == domain.ENOTFOUND {
			return s.fail(ctx, err)
		}
	}
	return huma.Error412PreconditionFailed(i18n.For(langOf(ctx)).Error(conflict))
}

// etag is the strong entity tag of an employer's version.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// parseETag returns the version an If-Match value names: one entity tag as
// etag makes it. A list or a weak tag names no version.
func parseETag(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 3 || s[0] != '"' || s[len(s)-1] != '"' {
		return 0, false
	}
	v, err := strconv.ParseInt(s[1:len(s)-1], 10, 64)
	if err != nil || v < 1 {
		return 0, false
	}
	return v, true
}
