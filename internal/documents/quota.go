package documents

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The quota application (RULES.md §6): for one region and target year, the
// permits valid on 1 January of that year and the planned engagements by
// category and job title with each plan's justification, and the
// customers' contracts the plans rest on. It counts as the quota.application
// rule counts: the workers on basis permit engaged on 1 January with a
// permit for the region valid that day, and the plans of the year for the
// region with a count above 0.

type quotaDoc struct {
	region    domain.Region
	year      int
	jan1      domain.Date
	permits   []monthlyRow // each worker with the permit valid on 1 January
	plans     []domain.QuotaPlan
	planned   int
	contracts []domain.QuotaContract
}

func quotaData(rec *domain.Records, req Request) (*quotaDoc, error) {
	if req.Region == "" || req.Year == 0 {
		return nil, domain.Errorf(domain.EINVALID, "a quota application is for one region and year; expected both").Say("error.doc_region_year")
	}
	if _, ok := domain.LookupRegion(req.Region); !ok {
		return nil, domain.Errorf(domain.EINVALID, "%q is not a region; expected a region code such as KZ-75", req.Region).
			Say("error.doc_region", "Code", string(req.Region))
	}
	if req.Year < domain.MinYear || req.Year > domain.MaxYear {
		return nil, domain.Errorf(domain.EINVALID, "the year %d is out of range; expected %d to %d", req.Year, domain.MinYear, domain.MaxYear).
			Say("error.doc_year", "Code", strconv.Itoa(req.Year))
	}
	q := &quotaDoc{region: req.Region, year: req.Year, jan1: domain.NewDate(req.Year, time.January, 1)}
	for i := range rec.Workers {
		w := &rec.Workers[i]
		if w.Basis != domain.BasisPermit || !w.EngagedOn(q.jan1) {
			continue
		}
		for j := range w.Permits {
			if p := &w.Permits[j]; p.Covers(q.jan1) && p.HasRegion(q.region) {
				q.permits = append(q.permits, monthlyRow{w: w, permit: p})
				break
			}
		}
	}
	for _, p := range rec.QuotaPlans {
		if p.Year == q.year && p.Region == q.region && p.Count > 0 {
			q.plans = append(q.plans, p)
			q.planned += p.Count
		}
	}
	slices.SortStableFunc(q.plans, func(a, b domain.QuotaPlan) int {
		return cmp.Or(cmp.Compare(a.Category, b.Category), cmp.Compare(a.Position, b.Position))
	})
	for _, c := range rec.QuotaContracts {
		if c.Region == "" || c.Region == q.region {
			q.contracts = append(q.contracts, c)
		}
	}
	var m missing
	m.need(rec.Employer.Name != "", path("employer", "name"))
	m.need(rec.Employer.Director.Name != "", path("employer", "director", "name"))
	m.need(rec.Employer.Director.Position != "", path("employer", "director", "position"))
	m.need(len(q.plans) > 0 || len(q.permits) > 0, path("quota_plans"))
	if err := m.err(); err != nil {
		return nil, err
	}
	return q, nil
}

func makeQuota(rec *domain.Records, req Request, l *i18n.Localizer) ([]byte, string, error) {
	q, err := quotaData(rec, req)
	if err != nil {
		return nil, "", err
	}
	name := "quota-application-" + rec.Employer.BIN + "-" + string(q.region) + "-" + strconv.Itoa(q.year)
	title := l.T("doc.quota.title", "Year", strconv.Itoa(q.year))
	var data []byte
	if req.Format == XLSX {
		data, err = quotaXLSX(rec, q, title, req, l)
	} else {
		data, err = quotaPDF(rec, q, title, req, l)
	}
	return data, name, err
}

func (q *quotaDoc) permitHead(l *i18n.Localizer) []string {
	return []string{"№", l.T("doc.col.name"), l.T("doc.col.citizenship"), l.T("doc.col.position"), l.T("doc.col.category"),
		l.T("doc.col.permit"), l.T("doc.col.from"), l.T("doc.col.to")}
}

func (q *quotaDoc) planHead(l *i18n.Localizer) []string {
	return []string{l.T("doc.col.category"), l.T("doc.col.position"), l.T("doc.col.count"), l.T("doc.col.justification")}
}

func (q *quotaDoc) contractHead(l *i18n.Localizer) []string {
	return []string{l.T("doc.col.customer"), l.T("doc.col.contract"), l.T("doc.col.date"), l.T("doc.col.regions")}
}

func quotaXLSX(rec *domain.Records, q *quotaDoc, title string, req Request, l *i18n.Localizer) ([]byte, error) {
	s, err := newSheet(l.T("doc.quota.sheet"), title, req.AsOf)
	if err != nil {
		return nil, err
	}
	e := &rec.Employer
	rows := [][]any{{e.Name}, {l.T("doc.bin", "Code", e.BIN)}, {l.T("doc.quota.region", "Name", l.Region(q.region))}, {l.T("doc.as_of", "Date", dmy(req.AsOf))}}
	if err := s.put(s.bold, title); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if err := s.put(0, r...); err != nil {
			return nil, err
		}
	}
	strs := func(h []string) []any {
		out := make([]any, len(h))
		for i, x := range h {
			out[i] = x
		}
		return out
	}
	s.skip(1)
	if err := s.put(s.bold, l.T("doc.quota.permits", "Date", dmy(q.jan1)), len(q.permits)); err != nil {
		return nil, err
	}
	if err := s.put(s.head, strs(q.permitHead(l))...); err != nil {
		return nil, err
	}
	for i, r := range q.permits {
		if err := s.put(0, i+1, r.w.Name, countryName(r.w.Citizenship, req.Lang), r.w.Position, categoryCell(l, r.w.Category),
			r.permit.Number, r.permit.From, r.permit.To); err != nil {
			return nil, err
		}
	}
	s.skip(1)
	if err := s.put(s.bold, l.T("doc.quota.planned"), q.planned); err != nil {
		return nil, err
	}
	if err := s.put(s.head, strs(q.planHead(l))...); err != nil {
		return nil, err
	}
	for _, p := range q.plans {
		if err := s.put(0, categoryCell(l, p.Category), p.Position, p.Count, p.Justification); err != nil {
			return nil, err
		}
	}
	s.skip(1)
	if err := s.put(s.bold, l.T("doc.quota.contracts")); err != nil {
		return nil, err
	}
	if err := s.put(s.head, strs(q.contractHead(l))...); err != nil {
		return nil, err
	}
	for _, c := range q.contracts {
		if err := s.put(0, c.Customer, c.Number, c.Date, l.Region(c.Region)); err != nil {
			return nil, err
		}
	}
	s.skip(1)
	if err := s.put(0, e.Director.Position, e.Director.Name); err != nil {
		return nil, err
	}
	if err := s.widths(24, 30, 16, 30, 12, 18, 12, 12); err != nil {
		return nil, err
	}
	return s.bytes()
}

func quotaPDF(rec *domain.Records, q *quotaDoc, title string, req Request, l *i18n.Localizer) ([]byte, error) {
	p := newPDF(req.AsOf, title, true)
	e := &rec.Employer
	p.font("B", 13)
	p.text(title, "L")
	p.font("", 10)
	p.text(e.Name+", "+l.T("doc.bin", "Code", e.BIN), "L")
	if e.Address != "" {
		p.text(e.Address, "L")
	}
	p.text(l.T("doc.quota.region", "Name", l.Region(q.region)), "L")
	p.text(l.T("doc.as_of", "Date", dmy(req.AsOf)), "L")
	w := p.width()
	p.gap(5)
	p.font("B", 11)
	p.text(l.T("doc.quota.permits", "Date", dmy(q.jan1))+": "+l.Int(int64(len(q.permits))), "L")
	p.gap(2)
	p.font("", 8.5)
	pw := []float64{8, w * 0.17, w * 0.12, w * 0.16, w * 0.1, 0, w * 0.13, w * 0.13}
	used := 0.0
	for _, x := range pw {
		used += x
	}
	pw[5] = w - used
	head := func() { p.row(pw, q.permitHead(l), "B", true, nil) }
	head()
	for i, r := range q.permits {
		p.row(pw, []string{strconv.Itoa(i + 1), r.w.Name, countryName(r.w.Citizenship, req.Lang), r.w.Position, categoryCell(l, r.w.Category),
			r.permit.Number, dmy(r.permit.From), dmy(r.permit.To)}, "", false, head)
	}
	p.gap(5)
	p.font("B", 11)
	p.text(l.T("doc.quota.planned")+": "+l.Int(int64(q.planned)), "L")
	p.gap(2)
	p.font("", 8.5)
	plw := []float64{w * 0.12, w * 0.28, w * 0.13, w * 0.47}
	head = func() { p.row(plw, q.planHead(l), "B", true, nil) }
	head()
	for _, pl := range q.plans {
		p.row(plw, []string{categoryCell(l, pl.Category), pl.Position, l.Int(int64(pl.Count)), pl.Justification}, "", false, head)
	}
	p.gap(5)
	p.font("B", 11)
	p.text(l.T("doc.quota.contracts"), "L")
	p.gap(2)
	p.font("", 8.5)
	cw := []float64{w * 0.4, w * 0.2, w * 0.15, w * 0.25}
	head = func() { p.row(cw, q.contractHead(l), "B", true, nil) }
	head()
	for _, c := range q.contracts {
		p.row(cw, []string{c.Customer, c.Number, dmy(c.Date), l.Region(c.Region)}, "", false, head)
	}
	p.gap(14)
	p.font("", 10)
	l0, _, _, _ := p.GetMargins()
	y := p.GetY()
	p.SetXY(l0, y)
	p.MultiCell(w*0.42, p.lh, e.Director.Position, "", "L", false)
	p.SetXY(l0+w*0.45, y)
	p.CellFormat(w*0.25, p.lh, "____________________", "", 0, "L", false, 0, "")
	p.SetXY(l0+w*0.72, y)
	p.MultiCell(w*0.28, p.lh, e.Director.Name, "", "L", false)
	return p.bytes()
}
