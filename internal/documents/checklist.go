package documents

import (
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The checklist of a worker's permit application (or intra-corporate
// transfer file, RULES.md §6): the documents it needs, which are on file
// (the worker's documents[] and passport) and, from the registry, which of
// those carry their scan, which are missing, and which expire before the
// permit would end. The qualification letter is
// ruqsat's own (`ruqsat doc letter`): it is ready when the records hold
// what it needs.

// needs returns the kinds of document a worker's application needs.
func needs(b domain.Basis) []domain.DocumentKind {
	switch b {
	case domain.BasisPermit, domain.BasisSpecialRoute:
		return []domain.DocumentKind{domain.DocPassport, domain.DocDiploma}
	case domain.BasisICT:
		return []domain.DocumentKind{domain.DocPassport, domain.DocEmploymentCertificate, domain.DocICTLetterSender,
			domain.DocICTLetterReceiver, domain.DocICTAgreement}
	}
	return []domain.DocumentKind{domain.DocPassport}
}

// checkRow is one line of the checklist.
type checkRow struct {
	label, status, number string
	issued, expires       domain.Date
	ok                    bool
	expiresEarly          bool
	noScan                bool // in the registry, without its scan
}

type checklist struct {
	w         *domain.Worker
	permitEnd domain.Date
	rows      []checkRow
}

func checklistData(rec *domain.Records, scans map[Scan]bool, req Request, l *i18n.Localizer) (*checklist, error) {
	i, err := findWorker(rec, req.Worker)
	if err != nil {
		return nil, err
	}
	w := &rec.Workers[i]
	var m missing
	m.need(rec.Employer.Name != "", path("employer", "name"))
	m.need(w.Name != "", path("workers", i, "name"))
	if err := m.err(); err != nil {
		return nil, err
	}
	c := &checklist{w: w, permitEnd: req.AsOf.AddMonths(12)}
	for _, p := range w.Permits {
		if p.To > req.AsOf && p.To > c.permitEnd {
			c.permitEnd = p.To
		}
	}
	for _, k := range needs(w.Basis) {
		r := checkRow{label: kindWord(l, k)}
		var found *domain.WorkerDocument
		for j := range w.Documents {
			if d := &w.Documents[j]; d.Kind == k && (found == nil || d.Issued > found.Issued) {
				found = d
			}
		}
		if k == domain.DocICTAgreement && found == nil {
			for j := range w.Documents {
				if d := &w.Documents[j]; d.Kind == domain.DocContract {
					found = d
				}
			}
		}
		scanned := false
		switch {
		case found != nil:
			r.ok, r.number, r.issued, r.expires = true, found.Number, found.Issued, found.Expires
			scanned = scans[Scan{Worker: w.ID, Kind: found.Kind, Number: found.Number}]
		case k == domain.DocPassport && w.Passport != nil && w.Passport.Number != "":
			r.ok, r.number, r.issued, r.expires = true, w.Passport.Number, w.Passport.Issued, w.Passport.Expires
		}
		r.status = l.T("doc.checklist.missing")
		if r.ok {
			r.status = l.T("doc.checklist.on_file")
			if !r.expires.IsZero() && r.expires < c.permitEnd {
				r.expiresEarly = true
				r.status = l.T("doc.checklist.expires_early", "Date", dmy(r.expires))
			}
			// In the registry a document's scan is kept with it: say whether
			// this one has it, since the application needs the copy.
			switch {
			case scans == nil:
			case scanned:
				r.status += "; " + l.T("doc.checklist.scan_attached")
			default:
				r.noScan = true
				r.status += "; " + l.T("doc.checklist.no_scan")
			}
		}
		c.rows = append(c.rows, r)
	}
	if w.Basis.NeedsPermit() && w.Basis != domain.BasisICT {
		r := checkRow{label: l.T("doc.checklist.letter")}
		if _, _, err := letter(rec, Request{Kind: Letter, Lang: req.Lang, AsOf: req.AsOf, Worker: w.ID, Region: req.Region}, l); err == nil {
			r.ok, r.status = true, l.T("doc.checklist.letter_ready")
		} else {
			r.status = l.T("doc.checklist.letter_missing")
		}
		c.rows = append(c.rows, r)
	}
	return c, nil
}

func kindWord(l *i18n.Localizer, k domain.DocumentKind) string {
	switch k {
	case domain.DocPassport:
		return l.T("doc.kind.passport")
	case domain.DocDiploma:
		return l.T("doc.kind.diploma")
	case domain.DocWorkRecord:
		return l.T("doc.kind.work_record")
	case domain.DocEmploymentCertificate:
		return l.T("doc.kind.employment_certificate")
	case domain.DocICTLetterSender:
		return l.T("doc.kind.ict_letter_sender")
	case domain.DocICTLetterReceiver:
		return l.T("doc.kind.ict_letter_receiver")
	case domain.DocICTAgreement:
		return l.T("doc.kind.ict_agreement")
	case domain.DocContract:
		return l.T("doc.kind.contract")
	}
	return l.T("doc.kind.other")
}

func makeChecklist(rec *domain.Records, scans map[Scan]bool, req Request, l *i18n.Localizer) ([]byte, string, error) {
	c, err := checklistData(rec, scans, req, l)
	if err != nil {
		return nil, "", err
	}
	title := l.T("doc.checklist.title", "Name", c.w.Name)
	p := newPDF(req.AsOf, title, false)
	e := &rec.Employer
	p.font("B", 13)
	p.text(title, "L")
	p.font("", 10)
	p.text(e.Name+", "+l.T("doc.bin", "Code", e.BIN), "L")
	p.text(l.T("doc.checklist.basis", "Name", l.Basis(string(c.w.Basis)))+"; "+l.T("doc.checklist.permit_end", "Date", dmy(c.permitEnd)), "L")
	p.text(l.T("doc.as_of", "Date", dmy(req.AsOf)), "L")
	p.gap(5)
	w := p.width()
	widths := []float64{w * 0.25, w * 0.17, w * 0.15, w * 0.17, w * 0.26}
	p.font("", 9)
	p.row(widths, []string{l.T("doc.checklist.document"), l.T("doc.checklist.number"), l.T("doc.checklist.issued"), l.T("doc.checklist.expires"),
		l.T("doc.checklist.status")}, "B", true, nil)
	for _, r := range c.rows {
		style := ""
		if !r.ok || r.expiresEarly || r.noScan {
			style = "B"
		}
		p.row(widths, []string{r.label, r.number, dmy(r.issued), dmy(r.expires), r.status}, style, false, nil)
	}
	data, err := p.bytes()
	return data, "checklist-" + fileWord(c.w.Name, c.w.ID), err
}
