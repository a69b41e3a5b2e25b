package api

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// AttachmentInfo is an attachment as the upload answers it.
type AttachmentInfo struct {
	ID          int64  `json:"id" doc:"the attachment's id, for GET .../documents/{doc_id}"`
	Kind        string `json:"kind" doc:"the kind of the worker's document it belongs to"`
	Number      string `json:"number" doc:"the number of the worker's document it belongs to"`
	ContentType string `json:"content_type" enum:"application/pdf,image/jpeg,image/png" doc:"found in the file's bytes, not taken from the client"`
	Size        int64  `json:"size" doc:"bytes"`
	SHA256      string `json:"sha256" doc:"the SHA-256 of the file, in hex"`
}

type attachmentUploadInput struct {
	BIN         string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	Worker      string `path:"id" minLength:"1" maxLength:"64" doc:"the worker's id"`
	ContentType string `header:"Content-Type" maxLength:"200"`
	RawBody     []byte `contentType:"multipart/form-data"`
}

type attachmentUploadOutput struct {
	Location string `header:"Location"`
	Body     AttachmentInfo
}

type attachmentInput struct {
	BIN    string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	Worker string `path:"id" minLength:"1" maxLength:"64" doc:"the worker's id"`
	ID     int64  `path:"doc_id" minimum:"1" doc:"the attachment's id, as the upload answered it"`
}

type attachmentListInput struct {
	BIN    string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	Worker string `path:"id" minLength:"1" maxLength:"64" doc:"the worker's id"`
}

type attachmentListOutput struct {
	Body struct {
		Attachments []AttachmentInfo `json:"attachments" doc:"by the document's kind and number; a document without a file is not listed"`
	}
}

type attachmentDeleteOutput struct{}

type attachmentOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	NoSniff            string `header:"X-Content-Type-Options"`
	ETag               string `header:"ETag"`
	Body               []byte
}

func (s *Server) registerAttachments() {
	kinds := make([]any, len(domain.DocumentKinds))
	for i, k := range domain.DocumentKinds {
		kinds[i] = string(k)
	}
	maxNumber := domain.MaxCodeLen
	form := &huma.Schema{Type: "object", Required: []string{"file", "kind"}, Properties: map[string]*huma.Schema{
		"file":   {Type: "string", Format: "binary", Description: "a PDF, JPEG or PNG file of 20 MB at most; its type is found in its bytes"},
		"kind":   {Type: "string", Enum: kinds, Description: "the kind of the worker's document the file belongs to"},
		"number": {Type: "string", MaxLength: &maxNumber, Description: "the number of the worker's document the file belongs to"},
	}}
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "put-worker-document-attachment",
		Method:      http.MethodPost,
		Path:        "/api/v1/employers/{bin}/workers/{id}/documents",
		Summary:     "Attach a file to one of a worker's documents",
		Description: "A multipart form whose field `file` is a scan of one of the worker's documents (`documents[]`), " +
			"named by the fields `kind` and `number`. Each document carries one file: a new upload replaces the one it " +
			"had, keeping its id. The file's type is found in its bytes (the magic numbers), whatever the client says: " +
			"a PDF, JPEG or PNG file is taken (415 for anything else), of 20 MB at most (413). The file is kept in the " +
			"database, so that a backup holds it, with its SHA-256.",
		Tags:          []string{"employers"},
		DefaultStatus: http.StatusCreated,
		MaxBodyBytes:  app.MaxAttachmentSize + uploadEnvelope,
		// The form is read by readUpload; huma would take the
		// documented schema for a JSON body to validate.
		SkipValidateBody: true,
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"multipart/form-data": {Schema: form},
		}},
		Errors:    []int{400, 404, 413, 415, 422},
		Responses: map[string]*huma.Response{"201": {Description: "Created", Content: map[string]*huma.MediaType{"application/json": {Schema: s.api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[AttachmentInfo](), true, "")}}}},
	}, auth.ActionWrite), s.putAttachment)

	huma.Register(s.api, secured(huma.Operation{
		OperationID: "list-worker-document-attachments",
		Method:      http.MethodGet,
		Path:        "/api/v1/employers/{bin}/workers/{id}/documents",
		Summary:     "List the files attached to a worker's documents",
		Description: "One entry per document that carries a file, without the bytes (GET .../documents/{doc_id} " +
			"downloads one). A file whose document has been removed from the records is not listed: it is kept, " +
			"detached, until the retention of personal data has passed, and comes back if the document is recorded again.",
		Tags:   []string{"employers"},
		Errors: []int{400, 404},
	}, auth.ActionRead), s.listAttachments)

	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "delete-worker-document-attachment",
		Method:        http.MethodDelete,
		Path:          "/api/v1/employers/{bin}/workers/{id}/documents/{doc_id}",
		Summary:       "Remove the file attached to a worker's document",
		Description:   "The document stays recorded; only its file goes, with an entry in the audit log.",
		Tags:          []string{"employers"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{400, 404},
	}, auth.ActionWrite), s.deleteAttachment)

	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-worker-document-attachment",
		Method:      http.MethodGet,
		Path:        "/api/v1/employers/{bin}/workers/{id}/documents/{doc_id}",
		Summary:     "Download the file attached to a worker's document",
		Description: "The bytes of the file as they were uploaded, with the content type found in them, as an " +
			"attachment (never shown inline) whose ETag is its SHA-256.",
		Tags:   []string{"employers"},
		Errors: []int{400, 404},
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			"image/jpeg":      {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			"image/png":       {Schema: &huma.Schema{Type: "string", Format: "binary"}},
		}}},
	}, auth.ActionRead), s.getAttachment)
}

func (s *Server) putAttachment(ctx context.Context, in *attachmentUploadInput) (*attachmentUploadOutput, error) {
	vals, data, err := readUpload(in.ContentType, in.RawBody, app.MaxAttachmentSize, "kind", "number")
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	kind, ok := vals["kind"]
	if !ok {
		return nil, s.fail(ctx, uploadError("no field kind"))
	}
	number := vals["number"]
	a, err := s.app.PutAttachment(ctx, user(ctx), in.BIN, in.Worker, kind, number, data)
	if err != nil {
		return nil, s.failUpload(ctx, err, app.KeyAttachmentTooLarge, app.KeyAttachmentType)
	}
	return &attachmentUploadOutput{
		Location: "/api/v1/employers/" + in.BIN + "/workers/" + url.PathEscape(in.Worker) + "/documents/" + strconv.FormatInt(a.ID, 10),
		Body:     attachmentInfo(a),
	}, nil
}

func (s *Server) listAttachments(ctx context.Context, in *attachmentListInput) (*attachmentListOutput, error) {
	list, err := s.app.Attachments(ctx, user(ctx), in.BIN, in.Worker)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &attachmentListOutput{}
	out.Body.Attachments = make([]AttachmentInfo, 0, len(list))
	for i := range list {
		out.Body.Attachments = append(out.Body.Attachments, attachmentInfo(&list[i]))
	}
	return out, nil
}

func (s *Server) deleteAttachment(ctx context.Context, in *attachmentInput) (*attachmentDeleteOutput, error) {
	if err := s.app.DeleteAttachment(ctx, user(ctx), in.BIN, in.Worker, in.ID); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &attachmentDeleteOutput{}, nil
}

// attachmentInfo is a as the API shows it.
func attachmentInfo(a *app.Attachment) AttachmentInfo {
	return AttachmentInfo{ID: a.ID, Kind: a.Kind, Number: a.Number, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256}
}

func (s *Server) getAttachment(ctx context.Context, in *attachmentInput) (*attachmentOutput, error) {
	a, err := s.app.Attachment(ctx, user(ctx), in.BIN, in.Worker, in.ID)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &attachmentOutput{ContentType: a.ContentType, NoSniff: "nosniff", ETag: `"` + a.SHA256 + `"`,
		ContentDisposition: `attachment; filename="` + app.AttachmentFileName(a) + `"`, Body: a.Data}, nil
}
