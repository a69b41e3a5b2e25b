package api

import (
	"context"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
)

// LogoInfo is a logo as its upload answers it.
type LogoInfo struct {
	ContentType string `json:"content_type" enum:"image/jpeg,image/png" doc:"found in the file's bytes, not taken from the client"`
	Size        int64  `json:"size" doc:"bytes"`
	SHA256      string `json:"sha256" doc:"the SHA-256 of the file, in hex: the ETag of GET .../logo"`
}

type logoUploadInput struct {
	BIN         string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	ContentType string `header:"Content-Type" maxLength:"200"`
	RawBody     []byte `contentType:"multipart/form-data"`
}

type logoUploadOutput struct {
	Body LogoInfo
}

type logoInput struct {
	BIN         string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	IfNoneMatch string `header:"If-None-Match" maxLength:"200" doc:"the ETag of a copy the client has: 304 when it is still the logo"`
}

type logoOutput struct {
	Status       int
	ContentType  string `header:"Content-Type"`
	NoSniff      string `header:"X-Content-Type-Options"`
	ETag         string `header:"ETag"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

type logoDeleteInput struct {
	BIN string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
}

// registerLogo registers the routes of an employer's letterhead logo.
func (s *Server) registerLogo() {
	form := &huma.Schema{Type: "object", Required: []string{"file"}, Properties: map[string]*huma.Schema{
		"file": {Type: "string", Format: "binary", Description: "a PNG or JPEG image of 1 MB, 4000 pixels a side and 2 million pixels in all at most; its type is found in its bytes"},
	}}
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "put-employer-logo",
		Method:      http.MethodPut,
		Path:        "/api/v1/employers/{bin}/logo",
		Summary:     "Put the logo on an employer's letterhead",
		Description: "A multipart form whose field `file` is the logo that the qualification letter shows in the upper left " +
			"corner of its letterhead (PDF and DOCX), replacing the one the employer had. The file's type is found in its " +
			"bytes (the magic numbers), whatever the client says: a PNG or JPEG image is taken (415 for anything else), " +
			"of 1 MB at most (413), that decodes whole and has at most 4000 pixels a side and 2 million in all (400). The file is kept in the " +
			"database, so that a backup holds it, with its SHA-256; the change is in the audit log.",
		Tags:         []string{"employers"},
		MaxBodyBytes: app.MaxLogoSize + uploadEnvelope,
		// The form is read by readUpload; huma would take the documented
		// schema for a JSON body to validate.
		SkipValidateBody: true,
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"multipart/form-data": {Schema: form},
		}},
		Errors: []int{400, 404, 413, 415},
		Responses: map[string]*huma.Response{"200": {Description: "The logo stored", Content: map[string]*huma.MediaType{
			"application/json": {Schema: s.api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[LogoInfo](), true, "")}}}},
	}, auth.ActionWrite), s.putLogo)

	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-employer-logo",
		Method:      http.MethodGet,
		Path:        "/api/v1/employers/{bin}/logo",
		Summary:     "Download the logo of an employer's letterhead",
		Description: "The bytes of the logo as they were uploaded, with the content type found in them; its ETag is its " +
			"SHA-256, and a request whose If-None-Match names it is answered 304. 404 when the employer has none.",
		Tags:   []string{"employers"},
		Errors: []int{400, 404},
		Responses: map[string]*huma.Response{
			"200": {Description: "The logo", Content: map[string]*huma.MediaType{
				"image/jpeg": {Schema: &huma.Schema{Type: "string", Format: "binary"}},
				"image/png":  {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			}},
			"304": {Description: "Not modified: the client's copy is the logo"},
		},
	}, auth.ActionRead), s.getLogo)

	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "delete-employer-logo",
		Method:        http.MethodDelete,
		Path:          "/api/v1/employers/{bin}/logo",
		Summary:       "Remove the logo of an employer's letterhead",
		Description:   "The letterhead is text alone again. An employer without a logo is answered 204 too.",
		Tags:          []string{"employers"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{400, 404},
	}, auth.ActionWrite), s.deleteLogo)
}

func (s *Server) putLogo(ctx context.Context, in *logoUploadInput) (*logoUploadOutput, error) {
	_, data, err := readUpload(in.ContentType, in.RawBody, app.MaxLogoSize)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	l, err := s.app.PutLogo(ctx, user(ctx), in.BIN, data)
	if err != nil {
		return nil, s.failUpload(ctx, err, app.KeyLogoTooLarge, app.KeyLogoType)
	}
	return &logoUploadOutput{Body: LogoInfo{ContentType: l.ContentType, Size: l.Size, SHA256: l.SHA256}}, nil
}

func (s *Server) getLogo(ctx context.Context, in *logoInput) (*logoOutput, error) {
	l, err := s.app.Logo(ctx, user(ctx), in.BIN)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &logoOutput{Status: http.StatusOK, ContentType: l.ContentType, NoSniff: "nosniff", ETag: `"` + l.SHA256 + `"`,
		CacheControl: "private, no-cache", Body: l.Data}
	if in.IfNoneMatch == out.ETag {
		out.Status, out.Body = http.StatusNotModified, nil
	}
	return out, nil
}

func (s *Server) deleteLogo(ctx context.Context, in *logoDeleteInput) (*struct{}, error) {
	if err := s.app.DeleteLogo(ctx, user(ctx), in.BIN); err != nil {
		return nil, s.fail(ctx, err)
	}
	return nil, nil
}
