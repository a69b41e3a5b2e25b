package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The documents of an employer and of a worker: a panel of links, one per
// document, language and format (templates/_documents.html, block
// "documents"), and the handler that answers them with the same bytes as
// `ruqsat doc` and the API (package documents).

// DocumentsPanel is the data of the block "documents": a heading and, for
// each document, its name and a link for each language and format.
type DocumentsPanel struct {
	Heading string
	Items   []DocumentItem
}

// DocumentItem is one document of the panel.
type DocumentItem struct {
	Label string
	Links []DocumentLink
	// Form, when set, makes the document with what its links leave out.
	Form *DocumentForm
}

// DocumentForm is a GET form (no script needed) that makes the
// qualification letter with its outgoing number and executor's mark, in a
// language and format chosen from the links'.
type DocumentForm struct {
	Action                                                 string
	Worker                                                 string
	Summary, Number, Executor, Phone, Lang, Format, Submit string
	Langs, Formats                                         []DocumentChoice
}

// DocumentChoice is an option of a select.
type DocumentChoice struct {
	Value, Text string
}

// DocumentLink is one language and format of a document.
type DocumentLink struct {
	Text string // "Қазақша · PDF"
	Lang string // the link's hreflang
	Href string
}

// employerDocuments returns the panel of an employer's page: the monthly
// report for the month before today, the quota application of each region
// and year from today's on that the records plan engagements for, and the
// compliance report on today.
func employerDocuments(l *locale, rec *domain.Records, today domain.Date) *DocumentsPanel {
	month := today.YearMonth().Add(-1)
	offers := []docOffer{{documents.MonthlyReport, l.fl.T("doc.panel.monthly", "Name", l.fl.Month(month.First())), url.Values{"month": {month.String()}}}}
	seen := map[string]bool{}
	for _, p := range rec.QuotaPlans {
		key := string(p.Region) + "/" + strconv.Itoa(p.Year)
		if p.Year < today.Year() || p.Count == 0 || seen[key] {
			continue
		}
		seen[key] = true
		offers = append(offers, docOffer{documents.Quota, l.fl.T("doc.panel.quota", "Name", l.fl.Region(p.Region), "Year", strconv.Itoa(p.Year)),
			url.Values{"region": {string(p.Region)}, "year": {strconv.Itoa(p.Year)}}})
	}
	offers = append(offers, docOffer{documents.Compliance, l.fl.T("doc.panel.compliance"), nil})
	return documentsPanel(l, rec.Employer.BIN, offers)
}

// workerDocuments returns the panel of a worker's page: the checklist of
// the worker's documents and, for a permit application (a basis that needs
// a permit, but an intra-corporate transfer), the qualification letter.
func workerDocuments(l *locale, bin string, w *domain.Worker) *DocumentsPanel {
	q := url.Values{"worker": {w.ID}}
	var offers []docOffer
	if w.Basis.NeedsPermit() && w.Basis != domain.BasisICT {
		offers = append(offers, docOffer{documents.Letter, l.fl.T("doc.panel.letter"), q})
	}
	offers = append(offers, docOffer{documents.Checklist, l.fl.T("doc.panel.checklist"), q})
	p := documentsPanel(l, bin, offers)
	if it := &p.Items[0]; len(offers) == 2 {
		it.Form = letterForm(l, bin, w.ID)
	}
	return p
}

// letterForm is the letter's form: the worker, the outgoing number, the
// executor and their phone, the language and the format.
func letterForm(l *locale, bin, worker string) *DocumentForm {
	f := &DocumentForm{Action: "/employers/" + url.PathEscape(bin) + "/documents/" + string(documents.Letter), Worker: worker,
		Summary: l.S("docform_summary"), Number: l.S("docform_number"), Executor: l.S("docform_executor"), Phone: l.S("docform_phone"),
		Lang: l.S("docform_lang"), Format: l.S("docform_format"), Submit: l.S("docform_make")}
	// The page's language first: the one a user most likely wants.
	f.Langs = append(f.Langs, DocumentChoice{l.Tag, l.LangName(l.Tag)})
	for _, lang := range i18n.Langs {
		if lang.String() != l.Tag {
			f.Langs = append(f.Langs, DocumentChoice{lang.String(), l.LangName(lang.String())})
		}
	}
	for _, fm := range documents.Letter.Formats() {
		f.Formats = append(f.Formats, DocumentChoice{string(fm), strings.ToUpper(string(fm))})
	}
	return f
}

type docOffer struct {
	kind  documents.Kind
	label string
	query url.Values
}

func documentsPanel(l *locale, bin string, offers []docOffer) *DocumentsPanel {
	p := &DocumentsPanel{Heading: l.fl.T("doc.panel.heading")}
	for _, o := range offers {
		it := DocumentItem{Label: o.label}
		for _, lang := range i18n.Langs {
			for _, f := range o.kind.Formats() {
				q := url.Values{"lang": {lang.String()}, "format": {string(f)}}
				for k, v := range o.query {
					q[k] = v
				}
				it.Links = append(it.Links, DocumentLink{Text: l.LangName(lang.String()) + " · " + strings.ToUpper(string(f)), Lang: lang.String(),
					Href: "/employers/" + url.PathEscape(bin) + "/documents/" + string(o.kind) + "?" + q.Encode()})
			}
		}
		p.Items = append(p.Items, it)
	}
	return p
}

// documentShow answers GET /employers/{bin}/documents/{kind}?lang=&format=
// &worker=&month=&region=&number=&executor=&executor_phone=&as_of=: the
// document as a download (a letter with the employer's logo on its
// letterhead), or the error page naming what is missing.
func (h *handler) documentShow(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	q := r.URL.Query()
	lang, ok := i18n.Parse(q.Get("lang"))
	if !ok {
		lang, _ = i18n.Parse(l.Tag)
	}
	asOf := h.app.Today()
	if s := q.Get("as_of"); s != "" {
		d, err := h.app.AsOf(s)
		if err != nil {
			h.fail(w, r, l, u, err)
			return
		}
		asOf = d
	}
	req := documents.Request{Kind: documents.Kind(r.PathValue("kind")), Format: documents.Format(q.Get("format")), Lang: lang, AsOf: asOf,
		Worker: q.Get("worker"), Region: domain.Region(q.Get("region")), Number: q.Get("number"),
		Executor: q.Get("executor"), ExecutorPhone: q.Get("executor_phone")}
	if s := q.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil {
			h.fail(w, r, l, u, domain.Errorf(domain.EINVALID, "the year %q is not a year", s).Say("error.doc_year", "Code", s))
			return
		}
		req.Year = y
	}
	if s := q.Get("month"); s != "" {
		m, err := domain.ParseYearMonth(s)
		if err != nil {
			h.fail(w, r, l, u, domain.Errorf(domain.EINVALID, "the month %q is not a month; expected YYYY-MM", s).Say("error.doc_month", "Code", s))
			return
		}
		req.Month = m
	}
	doc, err := h.app.Document(r.Context(), u, bin, req, nil)
	if err != nil {
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", doc.ContentType)
	hd.Set("Content-Disposition", `attachment; filename="`+doc.FileName+`"`)
	hd.Set("Content-Length", strconv.Itoa(len(doc.Data)))
	hd.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(doc.Data)
}
