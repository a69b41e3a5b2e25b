package documents

import (
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The monthly report to the employment department (RULES.md §6, the old
// form): the foreign workers engaged in the month with their permits, and
// the month's counts: foreign workers working, Kazakhstan citizens
// trained, citizens who replaced foreign workers, citizens working, jobs
// created. The workers are those the monthly-report rule counts: engaged
// on a basis that needs a permit on some day of the month.

// monthlyRow is a foreign worker of the report.
type monthlyRow struct {
	w      *domain.Worker
	permit *domain.Permit // nil: no permit overlaps the month
}

type monthly struct {
	month      domain.YearMonth
	first      domain.Date
	last       domain.Date
	rows       []monthlyRow
	working    int // engaged on the month's last day
	figures    domain.MonthlyFigures
	employer   *domain.Employer
	monthLabel string
}

func monthlyData(rec *domain.Records, req Request, l *i18n.Localizer) (*monthly, error) {
	month := req.Month
	if month == 0 {
		month = req.AsOf.YearMonth().Add(-1)
	}
	if month < domain.MinEventDate.YearMonth() || month > domain.MaxEventDate.YearMonth() {
		return nil, domain.Errorf(domain.EINVALID, "the month %v is out of range; expected a month from %v to %v", month,
			domain.MinEventDate.YearMonth(), domain.MaxEventDate.YearMonth()).Say("error.doc_month", "Code", month.String())
	}
	m := &monthly{month: month, first: month.First(), last: month.Last(), employer: &rec.Employer, monthLabel: l.Month(month.First())}
	var miss missing
	miss.need(rec.Employer.Name != "", path("employer", "name"))
	found := false
	for _, f := range rec.MonthlyFigures {
		if f.Month == month {
			m.figures, found = f, true
		}
	}
	miss.need(found, path("monthly_figures"))
	for i := range rec.Workers {
		w := &rec.Workers[i]
		if !w.Basis.NeedsPermit() || !w.EngagedBetween(m.first, m.last) {
			continue
		}
		miss.need(w.Name != "", path("workers", i, "name"))
		r := monthlyRow{w: w}
		for j := range w.Permits {
			p := &w.Permits[j]
			if p.From <= m.last && p.To >= m.first && (r.permit == nil || p.From >= r.permit.From) {
				r.permit = p
			}
		}
		m.rows = append(m.rows, r)
		if w.EngagedOn(m.last) {
			m.working++
		}
	}
	if err := miss.err(); err != nil {
		return nil, err
	}
	return m, nil
}

// header returns the table's column titles.
func (m *monthly) header(l *i18n.Localizer) []string {
	return []string{"№", l.T("doc.col.name"), l.T("doc.col.citizenship"), l.T("doc.col.position"), l.T("doc.col.category"),
		l.T("doc.col.permit"), l.T("doc.col.regions"), l.T("doc.col.from"), l.T("doc.col.to")}
}

// counts returns the month's counts with their labels.
func (m *monthly) counts(l *i18n.Localizer) ([]string, []int) {
	return []string{l.T("doc.monthly.foreign_working"), l.T("doc.monthly.kz_trained"), l.T("doc.monthly.kz_replaced"),
			l.T("doc.monthly.kz_working"), l.T("doc.monthly.jobs_created")},
		[]int{m.working, m.figures.KZTrained, m.figures.KZReplaced, m.figures.KZWorking, m.figures.JobsCreated}
}

func regionNames(l *i18n.Localizer, rs []domain.Region) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = l.Region(r)
	}
	return strings.Join(s, ", ")
}

func makeMonthly(rec *domain.Records, req Request, l *i18n.Localizer) ([]byte, string, error) {
	m, err := monthlyData(rec, req, l)
	if err != nil {
		return nil, "", err
	}
	name := "monthly-report-" + rec.Employer.BIN + "-" + m.month.String()
	title := l.T("doc.monthly.title", "Name", m.monthLabel)
	var data []byte
	if req.Format == XLSX {
		data, err = monthlyXLSX(m, title, req, l)
	} else {
		data, err = monthlyPDF(m, title, req, l)
	}
	return data, name, err
}

func monthlyXLSX(m *monthly, title string, req Request, l *i18n.Localizer) ([]byte, error) {
	s, err := newSheet(l.T("doc.monthly.sheet"), title, req.AsOf)
	if err != nil {
		return nil, err
	}
	e := m.employer
	rows := [][]any{{title}, {e.Name}, {l.T("doc.bin", "Code", e.BIN)}, {l.T("doc.as_of", "Date", dmy(req.AsOf))}}
	for i, r := range rows {
		st := 0
		if i == 0 {
			st = s.bold
		}
		if err := s.put(st, r...); err != nil {
			return nil, err
		}
	}
	s.skip(1)
	head := m.header(l)
	hv := make([]any, len(head))
	for i, h := range head {
		hv[i] = h
	}
	if err := s.put(s.head, hv...); err != nil {
		return nil, err
	}
	for i, r := range m.rows {
		w := r.w
		var number, regions string
		var from, to domain.Date
		if p := r.permit; p != nil {
			number, regions, from, to = p.Number, regionNames(l, p.Regions), p.From, p.To
		}
		if err := s.put(0, i+1, w.Name, countryName(w.Citizenship, req.Lang), w.Position, categoryCell(l, w.Category),
			number, regions, from, to); err != nil {
			return nil, err
		}
	}
	s.skip(1)
	labels, values := m.counts(l)
	for i := range labels {
		if err := s.put(0, labels[i], values[i]); err != nil {
			return nil, err
		}
	}
	if err := s.widths(36, 28, 16, 28, 12, 18, 26, 12, 12); err != nil {
		return nil, err
	}
	return s.bytes()
}

// categoryCell writes a category for a table: 1..4, or the word for
// seasonal.
func categoryCell(l *i18n.Localizer, c domain.Category) string {
	if c == domain.CategorySeasonal {
		return l.T("doc.category.seasonal")
	}
	if c == domain.CategoryNone {
		return ""
	}
	return strconv.Itoa(int(c))
}

func monthlyPDF(m *monthly, title string, req Request, l *i18n.Localizer) ([]byte, error) {
	p := newPDF(req.AsOf, title, true)
	e := m.employer
	p.font("B", 13)
	p.text(title, "L")
	p.font("", 10)
	p.text(e.Name+", "+l.T("doc.bin", "Code", e.BIN), "L")
	p.text(l.T("doc.as_of", "Date", dmy(req.AsOf)), "L")
	p.gap(4)
	w := p.width()
	widths := []float64{8, w * 0.15, w * 0.11, w * 0.15, w * 0.09, w * 0.12, 0, w * 0.10, w * 0.10}
	used := 0.0
	for _, x := range widths {
		used += x
	}
	widths[6] = w - used
	p.font("", 8.5)
	head := func() { p.row(widths, m.header(l), "B", true, nil) }
	head()
	for i, r := range m.rows {
		wk := r.w
		cells := []string{strconv.Itoa(i + 1), wk.Name, countryName(wk.Citizenship, req.Lang), wk.Position, categoryCell(l, wk.Category), "", "", "", ""}
		if pm := r.permit; pm != nil {
			cells[5], cells[6], cells[7], cells[8] = pm.Number, regionNames(l, pm.Regions), dmy(pm.From), dmy(pm.To)
		}
		p.row(widths, cells, "", false, head)
	}
	if len(m.rows) == 0 {
		p.font("", 10)
		p.text(l.T("doc.monthly.none"), "L")
	}
	p.gap(6)
	p.font("", 10)
	labels, values := m.counts(l)
	cw := []float64{w * 0.6, w * 0.15}
	for i := range labels {
		p.row(cw, []string{labels[i], l.Int(int64(values[i]))}, "", false, nil)
	}
	return p.bytes()
}
