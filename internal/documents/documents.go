// Package documents writes the papers the authorities ask an employer of
// foreign workers for, from its records, in Kazakh, Russian or English:
// the qualification letter for a worker's permit application (DOCX from
// an editable template, and PDF), the monthly report to the employment
// department (XLSX, PDF), the quota application of a region and year
// (XLSX, PDF), the compliance report of an evaluation (PDF, XLSX) and the
// checklist of a worker's application (PDF).
//
// A document is made whole or not at all: when a record it needs is
// missing, Make returns an EINVALID error whose Problems name each missing
// field at its path in the records (workers[0].passport.number), which
// every door tells in its reader's language. The facts a document states
// are the rules engine's: the compliance report writes the findings it is
// given, and the monthly report counts the workers the monthly-report rule
// counts (those whose basis needs a permit).
//
// Output is reproducible: the creation and modification dates inside a
// PDF, DOCX or XLSX are the as-of date, so the same records, request and
// language give the same bytes through the CLI, the API and the web UI.
// Everything the package needs (fonts, the letter's template, the words of
// the catalogues) is embedded.
package documents

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// Kind is a kind of document.
type Kind string

// The kinds of document.
const (
	Letter        Kind = "letter"
	MonthlyReport Kind = "monthly-report"
	Compliance    Kind = "compliance"
	Quota         Kind = "quota-application"
	Checklist     Kind = "checklist"
)

// Kinds lists the kinds ruqsat makes, in the order the UI offers them.
var Kinds = []Kind{Letter, Checklist, MonthlyReport, Quota, Compliance}

// Format is a file format.
type Format string

// Formats.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
	XLSX Format = "xlsx"
)

// formats lists each kind's formats, its default first.
var formats = map[Kind][]Format{
	Letter:        {DOCX, PDF},
	MonthlyReport: {XLSX, PDF},
	Compliance:    {PDF, XLSX},
	Quota:         {XLSX, PDF},
	Checklist:     {PDF},
}

// ParseKind returns the kind named s.
func ParseKind(s string) (Kind, bool) {
	k := Kind(s)
	_, ok := formats[k]
	return k, ok
}

// Formats returns the formats of kind k, its default first.
func (k Kind) Formats() []Format { return formats[k] }

// NeedsWorker reports whether a document of kind k is about one worker.
func (k Kind) NeedsWorker() bool { return k == Letter || k == Checklist }

// NeedsFindings reports whether Make needs the evaluation for kind k.
func (k Kind) NeedsFindings() bool { return k == Compliance }

// ContentType returns the media type of a file of format f.
func (f Format) ContentType() string {
	switch f {
	case PDF:
		return "application/pdf"
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

// Request says which document to make.
type Request struct {
	Kind   Kind
	Format Format // "" for the kind's default
	Lang   i18n.Lang
	// AsOf is the document's date: the letter's date, the day the
	// compliance report evaluates, and the creation date inside the file.
	AsOf domain.Date
	// Worker is the id of the worker a letter is about.
	Worker string
	// Month is the month of a monthly report; zero: the month before
	// AsOf's (the one a report is due for).
	Month domain.YearMonth
	// Region is the letter's addressee: the local executive body of this
	// region; "" for the region of the worker's latest permit.
	Region domain.Region
	// Number is the letter's outgoing number; "" leaves a blank to fill by
	// hand.
	Number string
	// Year is the target year of a quota application (with Region).
	Year int
	// Executor and ExecutorPhone are the letter's executor mark, bottom
	// left of its last page (Исп.: …, тел. …); none when Executor is "".
	// The phone goes with a name.
	Executor      string
	ExecutorPhone string
}

// Document is a file made.
type Document struct {
	Data        []byte
	ContentType string
	// FileName is an ASCII name for the file: letter-zhou-ming-ru.pdf.
	FileName string
}

// Input is what a document is made from: the employer's records and, for
// the compliance report, their evaluation on the request's as-of date with
// its findings rendered in the request's language (rules.Result.Render);
// and the employer's logo, which the letter's letterhead shows.
type Input struct {
	Records *domain.Records
	Result  *rules.Result
	Logo    *Logo // nil: a letterhead of text alone
	// Scans are the worker's documents that carry an attached file (a scan
	// kept in the registry), for the checklist; nil when that is not known
	// (a scenario file), and the checklist then does not say.
	Scans map[Scan]bool
}

// Scan names a worker's document that carries an attached file.
type Scan struct {
	Worker string
	Kind   domain.DocumentKind
	Number string
}

// Logo is the image of an employer's letterhead: a PNG or JPEG file whose
// type the caller found in its bytes and which it checked decodes
// (app.SniffLogo, as every door does before a logo is stored or used).
// Make measures it again and refuses (EINVALID) one whose header or
// chunks are not what its type says; it does not decode the pixels.
type Logo struct {
	Data        []byte
	ContentType string // image/png or image/jpeg
}

//go:embed fonts/DejaVuSans.ttf fonts/DejaVuSans-Bold.ttf templates/letter.docx
var assets embed.FS

// Make makes the document req asks for from in. It returns EINVALID for a
// request it cannot serve (a kind or format it does not know, a worker or
// month the records do not have, a region that is none) and EINVALID with
// Problems, one CodeRequired problem per missing field, when the records
// lack what the document needs; then nothing is made.
func Make(in Input, req Request) (*Document, error) {
	fs, ok := formats[req.Kind]
	if !ok {
		return nil, domain.Errorf(domain.EINVALID, "unknown document %q; expected one of %s", req.Kind, kindList()).
			Say("error.doc_kind", "Code", string(req.Kind), "Other", kindList())
	}
	if req.Format == "" {
		req.Format = fs[0]
	}
	if !slices.Contains(fs, req.Format) {
		return nil, domain.Errorf(domain.EINVALID, "a %s is not made as %q; expected %s", req.Kind, req.Format, formatList(fs)).
			Say("error.doc_format", "Name", string(req.Kind), "Code", string(req.Format), "Other", formatList(fs))
	}
	if err := domain.CheckAsOf(req.AsOf); err != nil {
		return nil, err
	}
	if in.Records == nil {
		return nil, domain.Errorf(domain.EINTERNAL, "documents: no records")
	}
	l := i18n.For(req.Lang)
	var (
		data []byte
		name string
		err  error
	)
	switch req.Kind {
	case Letter:
		data, name, err = makeLetter(in.Records, in.Logo, req, l)
	case MonthlyReport:
		data, name, err = makeMonthly(in.Records, req, l)
	case Quota:
		data, name, err = makeQuota(in.Records, req, l)
	case Checklist:
		data, name, err = makeChecklist(in.Records, in.Scans, req, l)
	case Compliance:
		if in.Result == nil {
			return nil, domain.Errorf(domain.EINTERNAL, "documents: the compliance report needs the evaluation")
		}
		data, name, err = makeCompliance(in.Records, in.Result, req, l)
	}
	if err != nil {
		return nil, err
	}
	return &Document{Data: data, ContentType: req.Format.ContentType(),
		FileName: name + "-" + req.Lang.String() + "." + string(req.Format)}, nil
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func formatList(fs []Format) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// missing collects the fields a document needs and the records lack.
type missing struct{ ps domain.Problems }

func (m *missing) need(ok bool, p domain.Path) {
	if !ok {
		m.ps.List = append(m.ps.List, domain.Problem{Path: p, Code: domain.CodeRequired})
	}
}

func (m *missing) err() error {
	if len(m.ps.List) == 0 {
		return nil
	}
	return m.ps.Err()
}

// path builds a domain.Path from keys, each optionally followed by an
// index: path("workers", 3, "passport", "number").
func path(parts ...any) domain.Path {
	var p domain.Path
	for _, x := range parts {
		switch v := x.(type) {
		case string:
			p = append(p, domain.PathSeg{Key: v, Index: -1})
		case int:
			p[len(p)-1].Index = v
		}
	}
	return p
}

// stamp is the as-of date as the creation time written into a file:
// midnight in Almaty.
func stamp(d domain.Date) time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, domain.Almaty())
}

// dmy writes a date as documents do in every language: 15.03.2026.
func dmy(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, dd := d.Civil()
	return fmt.Sprintf("%02d.%02d.%04d", dd, int(m), y)
}

// findWorker returns the index of the worker with this id.
func findWorker(rec *domain.Records, id string) (int, error) {
	if id == "" {
		return -1, domain.Errorf(domain.EINVALID, "this document is about one worker; expected the worker's id").Say("error.doc_worker_needed")
	}
	for i := range rec.Workers {
		if rec.Workers[i].ID == id {
			return i, nil
		}
	}
	return -1, domain.Errorf(domain.ENOTFOUND, "employer %s has no worker %q", rec.Employer.BIN, id).
		Say("error.no_worker", "Code", rec.Employer.BIN, "Name", id)
}
