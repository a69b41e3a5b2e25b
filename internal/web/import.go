package web

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The import page (GET and POST /import for the tenant's registers, GET
// and POST /employers/{bin}/import for one employer's files) runs the
// importer of `ruqsat import`, app.ImportFiles, on uploaded files: a POST
// of files is its dry run, which shows what each file was read as, which
// column became which field, what would be created or changed, and every
// problem at its file, row and column in the page's language. Nothing is
// stored by it. When there is no problem, the files stay on the server for
// a while under a random token, and the "Commit" button posts only that
// token: the commit runs the importer again on the same files, for the
// same user and employer, on the versions the dry run read, so that a
// change made in between is a conflict rather than overwritten.

// Limits of an upload. The importer bounds each file itself (a CSV file,
// a workbook and what it unpacks to); these bound what one request, and
// the uploads waiting for their commit, hold in memory.
const (
	maxImportFiles   = 5
	maxImportBody    = 64 << 20  // one upload, every file together
	maxPendingBytes  = 256 << 20 // the uploads waiting for a commit
	maxPendingCount  = 32
	pendingLifetime  = 30 * time.Minute
	maxFileNameChars = 200
)

// importFile is an uploaded file, kept in memory.
type importFile struct {
	name string
	data []byte
}

// pendingImport is a dry run without problems, waiting for its commit.
type pendingImport struct {
	tenant, user int64
	bin          string // the employer page's, "" for /import
	files        []importFile
	opts         importChoice
	versions     map[string]int64
	size         int
	expires      time.Time
}

// importChoice is what the form chooses besides the files.
type importChoice struct {
	Size domain.Size
	Kind bulk.Kind
}

// pendingImports holds the uploads waiting for a commit, bounded in number
// and bytes: the oldest gives way to a new one.
type pendingImports struct {
	mu    sync.Mutex
	m     map[string]*pendingImport
	order []string
	bytes int
	now   func() time.Time
}

func newPendingImports() *pendingImports {
	return &pendingImports{m: map[string]*pendingImport{}, now: time.Now}
}

// put keeps p and returns its token.
func (s *pendingImports) put(p *pendingImport) string {
	var b [18]byte
	_, _ = rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	p.expires = s.now().Add(pendingLifetime)
	s.m[token] = p
	s.order = append(s.order, token)
	s.bytes += p.size
	for len(s.order) > 0 {
		first := s.m[s.order[0]]
		if first != nil && len(s.m) <= maxPendingCount && s.bytes <= maxPendingBytes && s.now().Before(first.expires) {
			break
		}
		s.drop(s.order[0])
	}
	return token
}

// take removes and returns the upload of token, if it is u's, for the
// same employer page, and not expired.
func (s *pendingImports) take(token string, u *app.User, bin string) *pendingImport {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.m[token]
	if p == nil || p.tenant != u.TenantID || p.user != u.ID || p.bin != bin {
		return nil
	}
	s.drop(token)
	if !s.now().Before(p.expires) {
		return nil
	}
	return p
}

func (s *pendingImports) drop(token string) {
	if p := s.m[token]; p != nil {
		s.bytes -= p.size
		delete(s.m, token)
	}
	for i, t := range s.order {
		if t == token {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// importPage is the data of the import page.
type importPage struct {
	Head     *empHead // the employer's page, nil for /import
	Action   string
	MaxFiles int
	Choice   importChoice
	Kinds    []bulk.Kind
	Sizes    []domain.Size
	// Error is a problem of the upload itself (too many files, too big, a
	// file of another type), or an error of the import (a conflict).
	Error    string
	Conflict bool
	// Ran is true once files were read: the report below is theirs.
	Ran       bool
	Files     []string
	Sources   []importSource
	Problems  []importProblem
	Errors    int
	NeedSize  string
	Employers []app.ImportedEmployer
	Workers   int
	// Records is true when the tables change workers' documents, monthly
	// figures or contracts with customers: the table of changes has their
	// columns. Changes says what the tables change in all, in the page's
	// language ("2 documents added, 1 month of figures updated").
	Records bool
	Changes string
	Token   string // the commit's, when there is no problem
}

// importSource is a file or sheet as read, for the preview.
type importSource struct {
	bulk.Source
	Read    int // columns read
	Ignored int
}

// importProblem is one row of the problems table.
type importProblem struct {
	File, Row, Column, Header, Value, Msg string
	Warning                               bool
}

// importForm shows the import page.
func (h *handler) importForm(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	d, ok := h.importStart(w, r, l, u)
	if !ok {
		return
	}
	h.importRender(w, r, l, u, d, 0)
}

// importStart checks that u may import here and returns the page's data:
// for an employer's page, the employer must be one u may see.
func (h *handler) importStart(w http.ResponseWriter, r *http.Request, l *locale, u *app.User) (*importPage, bool) {
	if !auth.Can(u.Role, auth.ActionWrite) {
		h.fail(w, r, l, u, domain.Errorf(domain.EFORBIDDEN, "your role (%s) may not do this", u.Role).Say("error.role", "Code", string(u.Role)))
		return nil, false
	}
	d := &importPage{Action: "/import", MaxFiles: maxImportFiles, Kinds: bulk.Kinds, Sizes: []domain.Size{domain.SizeSmall, domain.SizeMedium, domain.SizeLarge}}
	if bin := r.PathValue("bin"); bin != "" {
		rec, v, err := h.app.Records(r.Context(), u, bin)
		if err != nil {
			h.fail(w, r, l, u, err)
			return nil, false
		}
		head := newHead(rec, v, u, "import", r)
		d.Head = &head
		d.Action = "/employers/" + url.PathEscape(bin) + "/import"
	}
	return d, true
}

func (h *handler) importRender(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, d *importPage, status int) {
	p := &page{L: l, User: u, Nav: "employers", Title: l.S("import_title"), Status: status, Data: d}
	if d.Head != nil {
		p.Title = l.S("import_title") + " · " + d.Head.Name
	}
	h.render(w, r, "import.html", p)
}

// importPost is the dry run of uploaded files (a multipart form), or the
// commit of an earlier dry run (a form with its token).
func (h *handler) importPost(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	d, ok := h.importStart(w, r, l, u)
	if !ok {
		return
	}
	bin := r.PathValue("bin")
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		h.importCommit(w, r, l, u, d, bin)
		return
	}
	files, choice, msg := readUpload(w, r, l)
	d.Choice = choice
	if msg != "" {
		d.Error = msg
		h.importRender(w, r, l, u, d, http.StatusUnprocessableEntity)
		return
	}
	rep, err := h.runImport(r, l, u, bin, files, choice, nil)
	if h.importFailed(w, r, l, u, d, err) {
		return
	}
	h.report(d, l, files, rep)
	if other := otherEmployer(rep, bin); other != "" {
		// A scenario file of another employer, on this employer's page.
		d.Error = l.S("import_other_employer", "Code", other)
		d.Errors++
		h.importRender(w, r, l, u, d, http.StatusUnprocessableEntity)
		return
	}
	if !rep.Failed() && len(rep.Employers) > 0 {
		size := 0
		for _, f := range files {
			size += len(f.data)
		}
		d.Token = h.imports.put(&pendingImport{tenant: u.TenantID, user: u.ID, bin: bin, files: files, opts: choice, versions: rep.Versions, size: size})
	}
	status := 0
	if rep.Failed() {
		status = http.StatusUnprocessableEntity
	}
	h.importRender(w, r, l, u, d, status)
}

// importCommit stores the files of an earlier dry run: the importer runs
// again on them, on the versions the dry run read.
func (h *handler) importCommit(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, d *importPage, bin string) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	p := h.imports.take(r.PostFormValue("token"), u, bin)
	if p == nil {
		d.Error = l.S("import_expired")
		h.importRender(w, r, l, u, d, http.StatusGone)
		return
	}
	d.Choice = p.opts
	rep, err := h.runImport(r, l, u, bin, p.files, p.opts, p.versions)
	if h.importFailed(w, r, l, u, d, err) {
		return
	}
	if rep.Failed() || !rep.Stored {
		// The records changed since the dry run so that the files now
		// have problems (a conflict), or nothing left to change: show
		// what the files do now.
		h.report(d, l, p.files, rep)
		status := http.StatusOK
		if rep.Failed() {
			status = http.StatusConflict
		}
		h.importRender(w, r, l, u, d, status)
		return
	}
	next := "/employers?saved=1"
	switch {
	case bin != "":
		next = "/employers/" + url.PathEscape(bin) + "?saved=1"
	case len(rep.Employers) == 1:
		next = "/employers/" + url.PathEscape(rep.Employers[0].BIN) + "?saved=1"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// runImport runs the importer of `ruqsat import` on the files: a dry run,
// or with versions the commit of the dry run that read them.
func (h *handler) runImport(r *http.Request, l *locale, u *app.User, bin string, files []importFile, c importChoice, versions map[string]int64) (*app.ImportReport, error) {
	lang, _ := i18n.Parse(l.Tag)
	in := make([]app.ImportFile, len(files))
	for i, f := range files {
		data := f.data
		in[i] = app.ImportFile{Name: f.name, Kind: c.Kind, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	}
	opts := app.ImportOptions{BIN: bin, Size: c.Size, Lang: i18n.For(lang), DryRun: versions == nil, Versions: versions}
	return h.app.ImportFiles(r.Context(), u, in, opts)
}

// importFailed shows an error of the import and reports whether there was
// one: a conflict or another problem of the records on the page, the rest
// (a role that may not write) as the error page.
func (h *handler) importFailed(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, d *importPage, err error) bool {
	if err == nil {
		return false
	}
	lang, _ := i18n.Parse(l.Tag)
	switch domain.ErrorCode(err) {
	case domain.ECONFLICT:
		d.Conflict, d.Error = true, i18n.For(lang).Error(err)
		h.importRender(w, r, l, u, d, http.StatusConflict)
	case domain.EINVALID:
		d.Error = i18n.For(lang).Error(err)
		h.importRender(w, r, l, u, d, http.StatusUnprocessableEntity)
	default:
		h.fail(w, r, l, u, err)
	}
	return true
}

// otherEmployer returns the BIN of an employer the import writes other
// than bin, the employer page's, or "".
func otherEmployer(rep *app.ImportReport, bin string) string {
	if bin == "" {
		return ""
	}
	for _, e := range rep.Employers {
		if e.BIN != bin {
			return e.BIN
		}
	}
	return ""
}

// report fills the page with what the import read and found.
func (h *handler) report(d *importPage, l *locale, files []importFile, rep *app.ImportReport) {
	d.Ran = true
	for _, f := range files {
		d.Files = append(d.Files, f.name)
	}
	for _, s := range rep.Sources {
		is := importSource{Source: s}
		for _, c := range s.Columns {
			if len(c.Fields) > 0 {
				is.Read++
			} else if c.Header != "" {
				is.Ignored++
			}
		}
		d.Sources = append(d.Sources, is)
	}
	for _, p := range rep.Problems {
		ip := importProblem{File: p.File, Column: p.Column, Header: p.Header, Value: p.Value, Msg: p.Msg, Warning: p.Warning}
		if p.Sheet != "" {
			ip.File += " [" + p.Sheet + "]"
		}
		if p.Row > 0 {
			ip.Row = l.Int(int64(p.Row))
		}
		d.Problems = append(d.Problems, ip)
	}
	d.Errors = rep.Problems.Errors()
	if len(rep.NeedSize) > 0 {
		d.NeedSize = l.S("import_need_size", "Count", len(rep.NeedSize), "Other", strings.Join(rep.NeedSize, ", "))
		d.Errors++
	}
	d.Employers, d.Workers = rep.Employers, rep.Workers
	c := rep.Changes
	d.Records = c.DocumentsAdded+c.DocumentsUpdated+c.FiguresAdded+c.FiguresUpdated+c.ContractsAdded+c.ContractsUpdated > 0
	if !c.None() {
		d.Changes = c.In(l.fl)
	}
}

// readUpload reads the files and choices of a multipart form, each file
// whole into memory within the limits, and returns a message for the page
// when the upload is refused.
func readUpload(w http.ResponseWriter, r *http.Request, l *locale) ([]importFile, importChoice, string) {
	var c importChoice
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, c, l.S("import_no_files")
	}
	var files []importFile
	total := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, c, l.S("import_too_big", "N", maxImportBody>>20)
		}
		if err != nil {
			return nil, c, l.S("import_broken")
		}
		switch part.FormName() {
		case "files":
			if part.FileName() == "" {
				continue // no file chosen
			}
			if len(files) == maxImportFiles {
				return nil, c, l.S("import_too_many", "N", maxImportFiles)
			}
			name := fileName(part.FileName())
			if app.ImportFormat(name) == "" {
				return nil, c, l.S("import_bad_type", "Name", name)
			}
			data, err := io.ReadAll(io.LimitReader(part, int64(maxImportBody-total)+1))
			if errors.As(err, &tooBig) || total+len(data) > maxImportBody {
				return nil, c, l.S("import_too_big", "N", maxImportBody>>20)
			}
			if err != nil {
				return nil, c, l.S("import_broken")
			}
			total += len(data)
			files = append(files, importFile{name: name, data: data})
		case "size", "kind":
			v, _ := io.ReadAll(io.LimitReader(part, 64))
			switch s := strings.TrimSpace(string(v)); {
			case s == "":
			case part.FormName() == "size":
				z := domain.Size(s)
				if z != domain.SizeSmall && z != domain.SizeMedium && z != domain.SizeLarge {
					return nil, c, l.S("import_broken")
				}
				c.Size = z
			default:
				k, ok := bulk.ParseKind(s)
				if !ok {
					return nil, c, l.S("import_broken")
				}
				c.Kind = k
			}
		}
	}
	if len(files) == 0 {
		return nil, c, l.S("import_no_files")
	}
	return files, c, ""
}

// fileName is the name of an uploaded file as problems show it: its base
// name (a browser may send a Windows path), on one line, not too long.
func fileName(s string) string {
	s = path.Base(strings.ReplaceAll(s, "\\", "/"))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > maxFileNameChars {
		ext := path.Ext(s)
		s = string([]rune(s)[:maxFileNameChars-len(ext)]) + ext
	}
	if s == "" || s == "." || s == "/" {
		return "file"
	}
	return s
}
