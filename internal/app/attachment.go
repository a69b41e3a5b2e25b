package app

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// Attachment is the file attached to one of a worker's documents.
type Attachment = store.Attachment

// MaxAttachmentSize is the largest file a worker's document may carry
// (20 MB).
const MaxAttachmentSize = store.MaxAttachmentSize

// The catalogue keys of the two refusals of an attachment's bytes, by which
// a door tells them from other invalid input (the API answers 413 and 415).
const (
	KeyAttachmentTooLarge = "error.attachment_too_large"
	KeyAttachmentType     = "error.attachment_type"
)

// attachmentTypes are the content types an attachment may have.
var attachmentTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// SniffAttachment returns the content type of data found in its bytes
// (http.DetectContentType: the magic numbers, never what a client says):
// application/pdf, image/jpeg or image/png, or EINVALID (KeyAttachmentType)
// for anything else, or KeyAttachmentTooLarge for more than
// MaxAttachmentSize bytes.
func SniffAttachment(data []byte) (string, error) {
	if len(data) > MaxAttachmentSize {
		return "", domain.Errorf(domain.EINVALID, "the file has %d bytes: at most %d (20 MB) may be attached", len(data), MaxAttachmentSize).
			Say(KeyAttachmentTooLarge, "N", len(data), "M", MaxAttachmentSize)
	}
	if len(data) == 0 {
		return "", domain.Errorf(domain.EINVALID, "the file is empty").Say("error.attachment_empty")
	}
	ct := http.DetectContentType(data)
	if !slices.Contains(attachmentTypes, ct) {
		return "", domain.Errorf(domain.EINVALID, "the file is %s: a PDF, JPEG or PNG file may be attached", ct).
			Say(KeyAttachmentType, "Code", ct)
	}
	return ct, nil
}

// mayFiles returns EFORBIDDEN unless u's role may do act, ENOTFOUND for an
// employer u may not see, and EINVALID for a worker's id that is none: the
// checks of every call on a worker's files.
func mayFiles(u *User, act auth.Action, bin, worker string) error {
	if err := require(u, act); err != nil {
		return err
	}
	if err := scoped(u, bin); err != nil {
		return err
	}
	return text("worker", worker, domain.MaxCodeLen)
}

// checkDocumentRef checks a worker's id and a document's kind and number
// that arrived from outside.
func checkDocumentRef(worker, kind, number string) error {
	if err := text("worker", worker, domain.MaxCodeLen); err != nil {
		return err
	}
	if err := text("number", number, domain.MaxCodeLen); err != nil {
		return err
	}
	if !slices.Contains(domain.DocumentKinds, domain.DocumentKind(kind)) {
		return domain.Errorf(domain.EINVALID, "%q is no kind of document", kind).Say("error.attachment_kind", "Code", kind)
	}
	return nil
}

// PutAttachment attaches data to the document (kind, number) of the worker
// of employer bin, replacing the file it had, and returns the attachment
// (its id, sniffed content type, size and SHA-256) without the data.
// Editors and owners who may see the employer may; ENOTFOUND for an
// employer, worker or document u cannot see; EINVALID for a file over 20 MB
// (KeyAttachmentTooLarge) or of another type than PDF, JPEG or PNG
// (KeyAttachmentType).
func (a *App) PutAttachment(ctx context.Context, u *User, bin, worker, kind, number string, data []byte) (*Attachment, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return nil, err
	}
	if err := scoped(u, bin); err != nil {
		return nil, err
	}
	if err := checkDocumentRef(worker, kind, number); err != nil {
		return nil, err
	}
	ct, err := SniffAttachment(data)
	if err != nil {
		return nil, err
	}
	return a.db.PutAttachment(ctx, u.TenantID, actor(u), bin, worker, kind, number, ct, data)
}

// Attachment returns the attachment id of the worker of employer bin with
// its data. Anyone who may read the employer may; ENOTFOUND otherwise, and
// for an attachment of another worker, employer or tenant.
func (a *App) Attachment(ctx context.Context, u *User, bin, worker string, id int64) (*Attachment, error) {
	if err := mayFiles(u, auth.ActionRead, bin, worker); err != nil {
		return nil, err
	}
	return a.db.Attachment(ctx, u.TenantID, bin, worker, id)
}

// Attachments returns the attachments of the documents of the worker of
// employer bin, without their data, by kind and number: what the worker's
// page and the API's list show. Anyone who may read the employer may;
// ENOTFOUND for an employer u cannot see.
func (a *App) Attachments(ctx context.Context, u *User, bin, worker string) ([]Attachment, error) {
	if err := mayFiles(u, auth.ActionRead, bin, worker); err != nil {
		return nil, err
	}
	return a.db.Attachments(ctx, u.TenantID, bin, worker)
}

// DeleteAttachment removes the file attached to one of the documents of
// the worker of employer bin; the document stays recorded. Editors and
// owners who may see the employer may; ENOTFOUND as for Attachment.
func (a *App) DeleteAttachment(ctx context.Context, u *User, bin, worker string, id int64) error {
	if err := mayFiles(u, auth.ActionWrite, bin, worker); err != nil {
		return err
	}
	return a.db.DeleteAttachment(ctx, u.TenantID, actor(u), bin, worker, id)
}

// AttachmentFileName is the attachment's file name in ASCII: the worker's
// id, the document's kind and number, every other byte an underscore, and
// the extension of its type: the file name under which
// every door serves it.
func AttachmentFileName(a *Attachment) string {
	ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[a.ContentType]
	name := a.Worker + "-" + a.Kind
	if a.Number != "" {
		name += "-" + a.Number
	}
	var b strings.Builder
	for i := 0; i < len(name) && b.Len() < 120; i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' {
			b.WriteByte(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String() + ext
}
