package documents

import (
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// The compliance report: an employer's evaluation on a date, for a manager
// or an auditor. Every finding grouped by severity (violations first) with
// its deadline, what was counted, its legal basis and its fine, and the
// total fine exposure in MCI and tenge: the fines of the findings that
// carry one, warnings left out, as the dashboard counts them.

var severities = []domain.Severity{domain.SeverityViolation, domain.SeverityWarning, domain.SeverityDue, domain.SeverityInfo}

// exposure sums the fines of res.
func exposure(res *rules.Result) (mci, kzt int64, kztKnown bool) {
	kztKnown = true
	for i := range res.Findings {
		if fn := res.Findings[i].Fine; fn != nil && !fn.Warning && fn.MCI > 0 {
			mci += int64(fn.MCI)
			if fn.KZT != nil {
				kzt += *fn.KZT
			} else {
				kztKnown = false
			}
		}
	}
	return mci, kzt, kztKnown
}

// factsText writes a finding's facts: "label: value; label: value".
func factsText(l *i18n.Localizer, f *domain.Finding) string {
	parts := make([]string, 0, len(f.Facts))
	for _, x := range f.Facts {
		parts = append(parts, l.FactLabel(x.Key)+": "+l.FactValue(x))
	}
	return strings.Join(parts, "; ")
}

// basisText writes a finding's legal basis: "act, reference (confidence)".
func basisText(l *i18n.Localizer, f *domain.Finding) string {
	parts := make([]string, 0, len(f.Basis))
	for _, c := range f.Basis {
		s := l.ActShort(c.Act)
		if c.Ref != "" {
			s += ", " + c.Ref
		}
		if c.Confidence != "" {
			s += " (" + l.Confidence(c.Confidence) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func makeCompliance(rec *domain.Records, res *rules.Result, req Request, l *i18n.Localizer) ([]byte, string, error) {
	var miss missing
	miss.need(rec.Employer.Name != "", path("employer", "name"))
	if err := miss.err(); err != nil {
		return nil, "", err
	}
	name := "compliance-" + rec.Employer.BIN + "-" + res.AsOf.String()
	title := l.T("doc.compliance.title")
	var data []byte
	var err error
	if req.Format == XLSX {
		data, err = complianceXLSX(rec, res, title, req, l)
	} else {
		data, err = compliancePDF(rec, res, title, req, l)
	}
	return data, name, err
}

func (s summaryLine) String() string { return s.label + ": " + s.value }

type summaryLine struct{ label, value string }

// summary returns the report's opening lines: the counts by severity and
// the fine exposure.
func summary(res *rules.Result, l *i18n.Localizer) []summaryLine {
	var out []summaryLine
	for _, sv := range severities {
		n := 0
		for i := range res.Findings {
			if res.Findings[i].Severity == sv {
				n++
			}
		}
		out = append(out, summaryLine{l.SeverityGroup(sv), l.Int(int64(n))})
	}
	mci, kzt, known := exposure(res)
	v := l.T("doc.compliance.mci", "N", l.Int(mci))
	if known {
		v += " = " + l.MoneyWord(kzt)
	}
	return append(out, summaryLine{l.T("doc.compliance.exposure"), v})
}

func compliancePDF(rec *domain.Records, res *rules.Result, title string, req Request, l *i18n.Localizer) ([]byte, error) {
	p := newPDF(req.AsOf, title, false)
	e := &rec.Employer
	p.font("B", 14)
	p.text(title, "L")
	p.font("", 10)
	p.text(e.Name+", "+l.T("doc.bin", "Code", e.BIN), "L")
	p.text(l.T("doc.compliance.on", "Date", dmy(res.AsOf), "Code", res.Ruleset), "L")
	p.gap(4)
	w := p.width()
	for _, s := range summary(res, l) {
		p.row([]float64{w * 0.55, w * 0.45}, []string{s.label, s.value}, "", false, nil)
	}
	for _, sv := range severities {
		first := true
		for i := range res.Findings {
			f := &res.Findings[i]
			if f.Severity != sv {
				continue
			}
			if first {
				p.gap(6)
				p.font("B", 12)
				p.text(l.SeverityGroup(sv), "L")
				p.font("", 9.5)
				first = false
			}
			p.gap(2)
			head := f.Title
			if subj := l.Subject(f.Subject); subj != "" {
				head += " · " + subj
			}
			if per := l.Period(f.Period); per != "" {
				head += " · " + per
			}
			p.font("B", 9.5)
			p.text(head, "L")
			p.font("", 9.5)
			p.text(f.Message, "L")
			if !f.Due.IsZero() || f.Status != domain.StatusNone {
				line := l.T("doc.compliance.due", "Date", dmy(f.Due))
				if f.Due.IsZero() {
					line = ""
				}
				if st := l.Status(f.Status); st != "" {
					if line != "" {
						line += " · "
					}
					line += st
				}
				p.text(line, "L")
			}
			if t := factsText(l, f); t != "" {
				p.text(l.T("doc.compliance.facts", "Other", t), "L")
			}
			if t := basisText(l, f); t != "" {
				p.text(l.T("doc.compliance.basis", "Other", t), "L")
			}
			if f.Fine != nil {
				p.text(l.T("doc.compliance.fine", "Other", l.FineText(f.Fine)), "L")
			}
		}
	}
	if len(res.Findings) == 0 {
		p.gap(6)
		p.text(l.T("doc.compliance.none"), "L")
	}
	return p.bytes()
}

func complianceXLSX(rec *domain.Records, res *rules.Result, title string, req Request, l *i18n.Localizer) ([]byte, error) {
	s, err := newSheet(l.T("doc.compliance.sheet"), title, req.AsOf)
	if err != nil {
		return nil, err
	}
	e := &rec.Employer
	if err := s.put(s.bold, title); err != nil {
		return nil, err
	}
	for _, r := range [][]any{{e.Name}, {l.T("doc.bin", "Code", e.BIN)}, {l.T("doc.compliance.on", "Date", dmy(res.AsOf), "Code", res.Ruleset)}} {
		if err := s.put(0, r...); err != nil {
			return nil, err
		}
	}
	s.skip(1)
	mci, kzt, known := exposure(res)
	if err := s.put(0, l.T("doc.compliance.exposure_mci"), mci); err != nil {
		return nil, err
	}
	if known {
		if err := s.put(0, l.T("doc.compliance.exposure_kzt"), kzt); err != nil {
			return nil, err
		}
	}
	s.skip(1)
	if err := s.put(s.head, l.T("doc.col.severity"), l.T("doc.col.status"), l.T("doc.col.rule"), l.T("doc.col.title"), l.T("doc.col.subject"),
		l.T("doc.col.period"), l.T("doc.col.due"), l.T("doc.col.message"), l.T("doc.col.facts"), l.T("doc.col.basis"),
		l.T("doc.col.fine_mci"), l.T("doc.col.fine_kzt")); err != nil {
		return nil, err
	}
	for _, sv := range severities {
		for i := range res.Findings {
			f := &res.Findings[i]
			if f.Severity != sv {
				continue
			}
			var fineMCI, fineKZT any = "", ""
			if fn := f.Fine; fn != nil && !fn.Warning {
				fineMCI = fn.MCI
				if fn.KZT != nil {
					fineKZT = *fn.KZT
				}
			}
			if err := s.put(0, l.Severity(f.Severity), l.Status(f.Status), f.Rule.String(), f.Title, l.Subject(f.Subject),
				l.Period(f.Period), f.Due, f.Message, factsText(l, f), basisText(l, f), fineMCI, fineKZT); err != nil {
				return nil, err
			}
		}
	}
	if err := s.widths(14, 12, 20, 30, 18, 14, 12, 60, 40, 40, 10, 14); err != nil {
		return nil, err
	}
	return s.bytes()
}
