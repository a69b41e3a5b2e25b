package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// uploadEnvelope is what a multipart upload may hold besides its file: the
// boundaries, the parts' headers and the text fields (each of 4 ×
// MaxCodeLen bytes at most); its operation's body limit is the file's
// bound and this.
const uploadEnvelope = 64 << 10

// uploadError is EINVALID for a body that is not the upload's form.
func uploadError(why string) error {
	return domain.Errorf(domain.EINVALID, "the upload is no multipart form with a file in the field file: %s", why).
		Say("error.upload_form", "Other", why)
}

// readUpload reads a multipart/form-data body, the one form every upload
// of the API takes (a worker's document's scan, the letterhead's logo):
// the file of the field file, read up to one byte more than max so that
// the application refuses a larger one with its own message (the content
// type its part names is ignored: the application finds the type in the
// bytes), and the text fields named in fields, each of 4 × MaxCodeLen bytes
// at most. Any other field, a field given twice or no file is EINVALID
// (error.upload_form); a named field not sent is absent from the map.
func readUpload(contentType string, body []byte, max int64, fields ...string) (map[string]string, []byte, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, nil, uploadError("Content-Type " + strconv.Quote(contentType))
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	vals := map[string]string{}
	var data []byte
	seen := map[string]bool{}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, uploadError(err.Error())
		}
		name := p.FormName()
		if seen[name] {
			return nil, nil, uploadError("field " + strconv.Quote(name) + " twice")
		}
		seen[name] = true
		switch {
		case name == "file":
			if data, err = io.ReadAll(io.LimitReader(p, max+1)); err != nil {
				return nil, nil, uploadError(err.Error())
			}
		case isField(name, fields):
			b, err := io.ReadAll(io.LimitReader(p, 4*domain.MaxCodeLen+1))
			if err != nil {
				return nil, nil, uploadError(err.Error())
			}
			if len(b) > 4*domain.MaxCodeLen {
				return nil, nil, uploadError("field " + name + " too long")
			}
			vals[name] = string(b)
		default:
			return nil, nil, uploadError("unknown field " + strconv.Quote(name))
		}
	}
	if !seen["file"] {
		return nil, nil, uploadError("no field file")
	}
	return vals, data, nil
}

func isField(name string, fields []string) bool {
	for _, f := range fields {
		if f == name {
			return true
		}
	}
	return false
}

// failUpload answers the application's refusals of an upload's bytes, by
// their catalogue keys, with 413 (tooLarge: over the size) and 415
// (badType: a type the upload does not take), in the request's language;
// anything else as fail does.
func (s *Server) failUpload(ctx context.Context, err error, tooLarge, badType string) error {
	var de *domain.Error
	if errors.As(err, &de) {
		switch de.Key {
		case tooLarge:
			return huma.NewError(http.StatusRequestEntityTooLarge, i18n.For(langOf(ctx)).Error(err))
		case badType:
			return huma.NewError(http.StatusUnsupportedMediaType, i18n.For(langOf(ctx)).Error(err))
		}
	}
	return s.fail(ctx, err)
}
