package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// attachmentRoutes registers the pages that attach files to a worker's
// documents and serve them. The bytes go through the application layer as
// the API's do (app.PutAttachment: sniffed type, 20 MB, the user's scope).
func (h *handler) attachmentRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /employers/{bin}/workers/{id}/files", h.fileUpload)
	mux.HandleFunc("GET /employers/{bin}/workers/{id}/files/{file}", h.fileDownload)
	mux.HandleFunc("POST /employers/{bin}/workers/{id}/files/{file}/delete", h.fileDelete)
}

// docRow is one of a worker's documents on the worker's page, with its
// file when one is attached.
type docRow struct {
	I    int
	Rec  domain.WorkerDocument
	File *app.Attachment
	// FileLabel says what the file is: "PDF, 240 KB".
	FileLabel string
}

// docRows returns the worker's documents by kind, each with its file.
func docRows(l *locale, docs []domain.WorkerDocument, files []app.Attachment) []docRow {
	rows := make([]docRow, len(docs))
	for i, d := range docs {
		rows[i] = docRow{I: i, Rec: d}
		for j := range files {
			f := &files[j]
			if f.Kind == string(d.Kind) && f.Number == d.Number {
				rows[i].File, rows[i].FileLabel = f, fileLabel(l, f)
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b docRow) int { return cmp.Compare(a.Rec.Kind, b.Rec.Kind) })
	return rows
}

// fileLabel says a file's type and size: "PDF, 240 KB", "JPEG, 1,5 MB".
func fileLabel(l *locale, f *app.Attachment) string {
	kind := strings.ToUpper(strings.TrimPrefix(strings.TrimPrefix(f.ContentType, "application/"), "image/"))
	if f.Size < 1<<20 {
		return kind + ", " + l.S("file_kb", "N", l.Int(max(1, (f.Size+512)>>10)))
	}
	return kind + ", " + l.S("file_mb", "N", l.Decimal(float64(f.Size*10>>20)/10))
}

// uploadProblem is why a page's upload form could not be read.
type uploadProblem int

const (
	uploadOK     uploadProblem = iota
	uploadNoFile               // no file chosen, or no form
	uploadTooBig               // the body is over the upload's bound
	uploadBroken               // the form could not be read
)

// readFileForm reads a page's upload form (multipart/form-data): the file
// of the field file, read up to one byte more than max so that the
// application refuses a larger one with its own message (the body itself
// is bounded a little above), and the text fields named in fields, of
// 4 × MaxCodeLen bytes at most. Other fields are passed over.
func readFileForm(w http.ResponseWriter, r *http.Request, max int64, fields ...string) (map[string]string, []byte, uploadProblem) {
	r.Body = http.MaxBytesReader(w, r.Body, max+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, uploadNoFile
	}
	vals := map[string]string{}
	var data []byte
	seen := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, nil, uploadTooBig
		}
		if err != nil {
			return nil, nil, uploadBroken
		}
		switch name := part.FormName(); {
		case name == "file":
			if part.FileName() == "" {
				continue // no file chosen
			}
			data, err = io.ReadAll(io.LimitReader(part, max+1))
			if errors.As(err, &tooBig) {
				return nil, nil, uploadTooBig
			}
			if err != nil {
				return nil, nil, uploadBroken
			}
			seen = true
		case slices.Contains(fields, name):
			v, err := io.ReadAll(io.LimitReader(part, 4*domain.MaxCodeLen+1))
			if err != nil || len(v) > 4*domain.MaxCodeLen {
				return nil, nil, uploadBroken
			}
			vals[name] = string(v)
		}
	}
	if !seen {
		return nil, nil, uploadNoFile
	}
	return vals, data, uploadOK
}

// workerURL is the address of a worker's page.
func workerURL(bin, worker string) string {
	return "/employers/" + url.PathEscape(bin) + "/workers/" + url.PathEscape(worker)
}

// fileUpload attaches the file of a multipart form (fields kind, number,
// file) to one of a worker's documents: POST /employers/{bin}/workers/{id}/files.
// A refused file is said by the documents on the worker's page.
func (h *handler) fileUpload(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin, worker := r.PathValue("bin"), r.PathValue("id")
	vals, data, problem := readFileForm(w, r, app.MaxAttachmentSize, "kind", "number")
	if problem != uploadOK {
		msg := map[uploadProblem]string{uploadNoFile: l.S("file_none"), uploadBroken: l.S("file_broken"),
			uploadTooBig: l.S("file_too_big", "N", app.MaxAttachmentSize>>20)}[problem]
		h.workerRender(w, r, msg, http.StatusUnprocessableEntity)
		return
	}
	if _, err := h.app.PutAttachment(r.Context(), u, bin, worker, vals["kind"], vals["number"], data); err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Code == domain.EINVALID {
			status := http.StatusUnprocessableEntity
			switch de.Key {
			case app.KeyAttachmentTooLarge:
				status = http.StatusRequestEntityTooLarge
			case app.KeyAttachmentType:
				status = http.StatusUnsupportedMediaType
			}
			h.workerRender(w, r, l.fl.Error(err), status)
			return
		}
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return
	}
	http.Redirect(w, r, withSaved(workerURL(bin, worker)+"#documents"), http.StatusSeeOther)
}

// fileDownload serves a file attached to a worker's document, as an
// attachment (never shown inline, never sniffed):
// GET /employers/{bin}/workers/{id}/files/{file}.
func (h *handler) fileDownload(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return
	}
	a, err := h.app.Attachment(r.Context(), u, r.PathValue("bin"), r.PathValue("id"), id)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", a.ContentType)
	hd.Set("Content-Disposition", `attachment; filename="`+app.AttachmentFileName(a)+`"`)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Length", strconv.Itoa(len(a.Data)))
	w.Write(a.Data)
}

// fileDelete removes the file attached to a worker's document, the
// document staying: POST /employers/{bin}/workers/{id}/files/{file}/delete.
func (h *handler) fileDelete(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin, worker := r.PathValue("bin"), r.PathValue("id")
	id, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return
	}
	if err := h.app.DeleteAttachment(r.Context(), u, bin, worker, id); err != nil {
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return
	}
	http.Redirect(w, r, withSaved(workerURL(bin, worker)+"#documents"), http.StatusSeeOther)
}

// fileDoc is a file as the audit log's entries of attachments and logos
// hold it.
type fileDoc struct {
	Worker      string `json:"worker"`
	Kind        string `json:"kind"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// logoChange says what a logo's audit entry is about: the letterhead's
// logo, its type and size.
func logoChange(l *locale, doc json.RawMessage) []string {
	var f fileDoc
	if json.Unmarshal(doc, &f) != nil {
		return nil
	}
	return []string{l.S("history_logo", "Kind", fileLabel(l, &app.Attachment{ContentType: f.ContentType, Size: f.Size}))}
}

// fileChange says what an attachment's audit entry (doc, its file after
// the change, or before a removal) is about: the worker and the document's
// kind, the file's type and size.
func fileChange(l *locale, doc json.RawMessage, names map[string]string) []string {
	var f fileDoc
	if json.Unmarshal(doc, &f) != nil {
		return nil
	}
	who := f.Worker
	if n := names[f.Worker]; n != "" {
		who = n + " (" + f.Worker + ")"
	}
	a := &app.Attachment{ContentType: f.ContentType, Size: f.Size}
	return []string{l.S("history_file", "Name", who, "Kind", l.DocumentKind(domain.DocumentKind(f.Kind))+", "+fileLabel(l, a))}
}
