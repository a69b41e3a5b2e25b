package scenario

import (
	"sort"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The keys each mapping allows, in the order Encode writes them (the order of
// the example in the format's specification).
var (
	topKeys         = []string{"as_of", "employer", "workers", "reports", "quota", "penalties", "overrides"}
	employerKeys    = []string{"bin", "name", "size", "branch_of_foreign", "staff", "total_employees"}
	staffKeys       = []string{"kz"}
	staffKZKeys     = []string{"1", "2", "3", "4"}
	workerKeys      = []string{"id", "name", "citizenship", "iin", "basis", "category", "position", "start", "end", "contract", "permits", "trips", "address_changes", "applications"}
	contractKeys    = []string{"signed", "registered"}
	permitKeys      = []string{"number", "regions", "from", "to"}
	tripKeys        = []string{"region", "from", "to", "notified"}
	addressKeys     = []string{"date", "notified"}
	applicationKeys = []string{"filed", "vacancy_posted", "vacancy_code"}
	reportKeys      = []string{"month", "submitted"}
	quotaKeys       = []string{"plans", "applications"}
	planKeys        = []string{"year", "region", "category", "position", "count"}
	quotaAppKeys    = []string{"year", "region", "submitted"}
	penaltyKeys     = []string{"article", "part", "date"}
	articles        = []string{"86", "98", "518", "519"}
)

// Bounds of numbers: wide enough for any real employer, narrow enough that no
// arithmetic on them can overflow.
const (
	maxCount = 10_000_000
	maxYear  = 9999
)

func (p *parser) scenario(root ast.Node) *File {
	o := p.object(root, "", topKeys)
	f := &File{WorkerLines: map[string]int{}}
	if n := o.req("as_of", "the as-of date, YYYY-MM-DD"); n != nil {
		f.AsOf, _ = p.date(n, "as_of")
	}
	if n := o.req("employer", "the employer: a mapping with bin, size and the other employer keys"); n != nil {
		p.employer(n, "employer", &f.Records.Employer)
	}
	p.workers(o.opt("workers"), "workers", f)
	for i, n := range p.list(o.opt("reports"), "reports", "a list of monthly reports") {
		if r, ok := p.report(n, index("reports", i)); ok {
			f.Records.Reports = append(f.Records.Reports, r)
		}
	}
	if n := o.opt("quota"); n != nil {
		p.quota(n, "quota", &f.Records)
	}
	for i, n := range p.list(o.opt("penalties"), "penalties", "a list of penalties") {
		if r, ok := p.penalty(n, index("penalties", i)); ok {
			f.Records.Penalties = append(f.Records.Penalties, r)
		}
	}
	if n := o.opt("overrides"); n != nil {
		f.Overrides = p.overrides(n)
	}
	return f
}

func (p *parser) employer(n ast.Node, path string, e *domain.Employer) {
	o := p.object(n, path, employerKeys)
	if o == nil {
		return
	}
	if v := o.req("bin", `the employer's BIN in quotes, such as bin: "940140000385"`); v != nil {
		e.BIN, _ = p.ident(v, join(path, "bin"), "bin", domain.CheckBIN)
	}
	if v := o.opt("name"); v != nil {
		e.Name, _ = p.text(v, join(path, "name"), "the employer's name")
	}
	sizes := make([]string, len(domain.Sizes))
	for i, s := range domain.Sizes {
		sizes[i] = string(s)
	}
	if v := o.req("size", listWords(sizes)); v != nil {
		s, _ := p.word(v, join(path, "size"), "a business size", sizes)
		e.Size = domain.Size(s)
	}
	if v := o.opt("branch_of_foreign"); v != nil {
		e.BranchOfForeign, _ = p.boolean(v, join(path, "branch_of_foreign"))
	}
	if v := o.opt("staff"); v != nil {
		e.StaffKZ = p.staff(v, join(path, "staff"))
	}
	if v := o.opt("total_employees"); v != nil {
		if t, ok := p.integer(v, join(path, "total_employees"), 0, maxCount, "the number of employees, 0 or more"); ok {
			e.TotalEmployees = &t
		}
	}
}

// staff reads {kz: {1: n, 2: n, 3: n, 4: n}}; a category left out has none.
func (p *parser) staff(n ast.Node, path string) *[5]int {
	o := p.object(n, path, staffKeys)
	if o == nil {
		return nil
	}
	kzPath := join(path, "kz")
	v := o.req("kz", "the Kazakhstan citizens on staff by category, such as kz: {1: 2, 2: 8, 3: 40, 4: 60}")
	if v == nil {
		return nil
	}
	kz := p.object(v, kzPath, staffKZKeys)
	if kz == nil {
		return nil
	}
	var counts [5]int
	for c, key := range staffKZKeys {
		if v := kz.opt(key); v != nil {
			counts[c+1], _ = p.integer(v, join(kzPath, key), 0, maxCount, "a number of staff, 0 or more")
		}
	}
	return &counts
}

func (p *parser) workers(n ast.Node, path string, f *File) {
	items := p.list(n, path, "a list of workers")
	if len(items) == 0 {
		return
	}
	f.Records.Workers = make([]domain.Worker, 0, len(items))
	for i, item := range items {
		if item == nil {
			continue
		}
		w, ok := p.worker(item, index(path, i), f.WorkerLines)
		if ok {
			f.Records.Workers = append(f.Records.Workers, w)
		}
	}
}

func (p *parser) worker(n ast.Node, path string, lines map[string]int) (domain.Worker, bool) {
	var w domain.Worker
	o := p.object(n, path, workerKeys)
	if o == nil {
		return w, false
	}
	if v := o.req("id", "the worker's id, unique within the file"); v != nil {
		idPath := join(path, "id")
		if id, ok := p.text(v, idPath, "the worker's id"); ok {
			switch line, dup := lines[id]; {
			case id == "":
				p.errorf(v, idPath, "the id is empty; expected the worker's id, unique within the file")
			case dup:
				p.errorf(v, idPath, "%s is already the id of the worker on line %d; expected worker ids unique within the file", quoteShort(id), line)
			default:
				lines[id] = nodePos(o.node).line
			}
			w.ID = id
		}
	}
	if v := o.opt("name"); v != nil {
		w.Name, _ = p.text(v, join(path, "name"), "the worker's name")
	}
	if v := o.opt("citizenship"); v != nil {
		w.Citizenship, _ = p.country(v, join(path, "citizenship"))
	}
	if v := o.opt("iin"); v != nil {
		w.IIN, _ = p.ident(v, join(path, "iin"), "iin", domain.CheckIIN)
	}
	bases := make([]string, len(domain.Bases))
	for i, b := range domain.Bases {
		bases[i] = string(b)
	}
	basisNode := o.req("basis", "the basis of engagement: "+listWords(bases))
	if basisNode != nil {
		b, _ := p.word(basisNode, join(path, "basis"), "an engagement basis", bases)
		w.Basis = domain.Basis(b)
	}
	if v := o.opt("category"); v != nil {
		w.Category, _ = p.category(v, join(path, "category"))
	} else if (w.Basis == domain.BasisPermit || w.Basis == domain.BasisICT) && !o.has("category") {
		o.req("category", "1, 2, 3, 4 or seasonal for a worker on basis "+string(w.Basis))
	}
	if w.Basis == domain.BasisEAEU {
		switch {
		case w.Citizenship != "" && !domain.IsEAEU(w.Citizenship):
			p.errorf(basisNode, join(path, "basis"), "eaeu is only for citizens of EAEU members (%s), and citizenship is %s; expected another basis or citizenship",
				strings.Join(domain.EAEUMembers, ", "), w.Citizenship)
		case !o.has("citizenship"):
			o.req("citizenship", "the citizenship of an EAEU member ("+strings.Join(domain.EAEUMembers, ", ")+") for basis eaeu")
		}
	}
	if v := o.opt("position"); v != nil {
		w.Position, _ = p.text(v, join(path, "position"), "the worker's position")
	}
	if v := o.req("start", "the first day of the engagement, YYYY-MM-DD"); v != nil {
		w.Start, _ = p.date(v, join(path, "start"))
	}
	if v := o.opt("end"); v != nil {
		w.End, _ = p.date(v, join(path, "end"))
		p.ordered(w.Start, w.End, v, join(path, "end"), "start", "an engagement")
	}
	if v := o.opt("contract"); v != nil {
		w.Contract = p.contract(v, join(path, "contract"))
	}
	ppath := join(path, "permits")
	for i, n := range p.list(o.opt("permits"), ppath, "a list of permits") {
		if r, ok := p.permit(n, index(ppath, i)); ok {
			w.Permits = append(w.Permits, r)
		}
	}
	tpath := join(path, "trips")
	for i, n := range p.list(o.opt("trips"), tpath, "a list of business trips") {
		if r, ok := p.trip(n, index(tpath, i)); ok {
			w.Trips = append(w.Trips, r)
		}
	}
	apath := join(path, "address_changes")
	for i, n := range p.list(o.opt("address_changes"), apath, "a list of address changes") {
		if r, ok := p.addressChange(n, index(apath, i)); ok {
			w.AddressChanges = append(w.AddressChanges, r)
		}
	}
	fpath := join(path, "applications")
	for i, n := range p.list(o.opt("applications"), fpath, "a list of permit applications") {
		if r, ok := p.application(n, index(fpath, i)); ok {
			w.Applications = append(w.Applications, r)
		}
	}
	return w, true
}

func (p *parser) contract(n ast.Node, path string) *domain.Contract {
	o := p.object(n, path, contractKeys)
	if o == nil {
		return nil
	}
	var c domain.Contract
	if v := o.opt("signed"); v != nil {
		c.Signed, _ = p.date(v, join(path, "signed"))
	}
	if v := o.opt("registered"); v != nil {
		c.Registered, _ = p.date(v, join(path, "registered"))
	}
	return &c
}

func (p *parser) permit(n ast.Node, path string) (domain.Permit, bool) {
	var r domain.Permit
	o := p.object(n, path, permitKeys)
	if o == nil {
		return r, false
	}
	if v := o.opt("number"); v != nil {
		r.Number, _ = p.text(v, join(path, "number"), "the permit number")
	}
	rpath := join(path, "regions")
	if v := o.req("regions", "the regions the permit covers, such as [KZ-75]"); v != nil {
		items := p.list(v, rpath, "a list of region codes, such as [KZ-75]")
		if _, isList := v.(*ast.SequenceNode); isList && len(items) == 0 {
			p.errorf(v, rpath, "the list is empty; expected at least one region code, such as [KZ-75]")
		}
		seen := map[domain.Region]bool{}
		for i, item := range items {
			if item == nil {
				continue
			}
			reg, ok := p.region(item, index(rpath, i))
			switch {
			case !ok:
			case seen[reg]:
				p.errorf(item, index(rpath, i), "%s is listed twice; expected each region once", reg)
			default:
				seen[reg] = true
				r.Regions = append(r.Regions, reg)
			}
		}
	}
	if v := o.req("from", "the first day the permit is valid, YYYY-MM-DD"); v != nil {
		r.From, _ = p.date(v, join(path, "from"))
	}
	if v := o.req("to", "the last day the permit is valid, YYYY-MM-DD"); v != nil {
		r.To, _ = p.date(v, join(path, "to"))
		p.ordered(r.From, r.To, v, join(path, "to"), "from", "a permit")
	}
	return r, true
}

func (p *parser) trip(n ast.Node, path string) (domain.Trip, bool) {
	var r domain.Trip
	o := p.object(n, path, tripKeys)
	if o == nil {
		return r, false
	}
	if v := o.req("region", "the region of the trip, such as KZ-71"); v != nil {
		r.Region, _ = p.region(v, join(path, "region"))
	}
	if v := o.req("from", "the first day of the trip, YYYY-MM-DD"); v != nil {
		r.From, _ = p.date(v, join(path, "from"))
	}
	if v := o.req("to", "the last day of the trip, YYYY-MM-DD"); v != nil {
		r.To, _ = p.date(v, join(path, "to"))
		p.ordered(r.From, r.To, v, join(path, "to"), "from", "a trip")
	}
	if v := o.opt("notified"); v != nil {
		r.Notified, _ = p.date(v, join(path, "notified"))
	}
	return r, true
}

func (p *parser) addressChange(n ast.Node, path string) (domain.AddressChange, bool) {
	var r domain.AddressChange
	o := p.object(n, path, addressKeys)
	if o == nil {
		return r, false
	}
	if v := o.req("date", "the day the address changed, YYYY-MM-DD"); v != nil {
		r.Date, _ = p.date(v, join(path, "date"))
	}
	if v := o.opt("notified"); v != nil {
		r.Notified, _ = p.date(v, join(path, "notified"))
	}
	return r, true
}

func (p *parser) application(n ast.Node, path string) (domain.Application, bool) {
	var r domain.Application
	o := p.object(n, path, applicationKeys)
	if o == nil {
		return r, false
	}
	if v := o.req("filed", "the day the application was filed, YYYY-MM-DD"); v != nil {
		r.Filed, _ = p.date(v, join(path, "filed"))
	}
	if v := o.opt("vacancy_posted"); v != nil {
		r.VacancyPosted, _ = p.date(v, join(path, "vacancy_posted"))
	}
	if v := o.opt("vacancy_code"); v != nil {
		r.VacancyCode, _ = p.text(v, join(path, "vacancy_code"), "the vacancy's code on the labour exchange")
	}
	return r, true
}

func (p *parser) report(n ast.Node, path string) (domain.Report, bool) {
	var r domain.Report
	o := p.object(n, path, reportKeys)
	if o == nil {
		return r, false
	}
	if v := o.req("month", "the month reported on, YYYY-MM"); v != nil {
		r.Month, _ = p.month(v, join(path, "month"))
	}
	if v := o.req("submitted", "the day the report was submitted, YYYY-MM-DD"); v != nil {
		r.Submitted, _ = p.date(v, join(path, "submitted"))
	}
	return r, true
}

func (p *parser) quota(n ast.Node, path string, rec *domain.Records) {
	o := p.object(n, path, quotaKeys)
	if o == nil {
		return
	}
	ppath := join(path, "plans")
	for i, n := range p.list(o.opt("plans"), ppath, "a list of planned engagements") {
		if r, ok := p.plan(n, index(ppath, i)); ok {
			rec.QuotaPlans = append(rec.QuotaPlans, r)
		}
	}
	apath := join(path, "applications")
	for i, n := range p.list(o.opt("applications"), apath, "a list of quota applications") {
		if r, ok := p.quotaApplication(n, index(apath, i)); ok {
			rec.QuotaApplications = append(rec.QuotaApplications, r)
		}
	}
}

const yearExpect = "a year such as 2027"

func (p *parser) plan(n ast.Node, path string) (domain.QuotaPlan, bool) {
	var r domain.QuotaPlan
	o := p.object(n, path, planKeys)
	if o == nil {
		return r, false
	}
	if v := o.req("year", "the year of the planned engagement, such as 2027"); v != nil {
		r.Year, _ = p.integer(v, join(path, "year"), 1, maxYear, yearExpect)
	}
	if v := o.req("region", "the region of the planned engagement, such as KZ-75"); v != nil {
		r.Region, _ = p.region(v, join(path, "region"))
	}
	if v := o.req("category", "1, 2, 3, 4 or seasonal"); v != nil {
		r.Category, _ = p.category(v, join(path, "category"))
	}
	if v := o.opt("position"); v != nil {
		r.Position, _ = p.text(v, join(path, "position"), "the position's title")
	}
	if v := o.req("count", "the number of workers planned, 0 or more"); v != nil {
		r.Count, _ = p.integer(v, join(path, "count"), 0, maxCount, "a number of workers, 0 or more")
	}
	return r, true
}

func (p *parser) quotaApplication(n ast.Node, path string) (domain.QuotaApplication, bool) {
	var r domain.QuotaApplication
	o := p.object(n, path, quotaAppKeys)
	if o == nil {
		return r, false
	}
	if v := o.req("year", "the year the quota is for, such as 2027"); v != nil {
		r.Year, _ = p.integer(v, join(path, "year"), 1, maxYear, yearExpect)
	}
	if v := o.req("region", "the region of the application, such as KZ-75"); v != nil {
		r.Region, _ = p.region(v, join(path, "region"))
	}
	if v := o.req("submitted", "the day the application was submitted, YYYY-MM-DD"); v != nil {
		r.Submitted, _ = p.date(v, join(path, "submitted"))
	}
	return r, true
}

func (p *parser) penalty(n ast.Node, path string) (domain.Penalty, bool) {
	var r domain.Penalty
	o := p.object(n, path, penaltyKeys)
	if o == nil {
		return r, false
	}
	if v := o.req("article", "the article of the Code of Administrative Offences: "+listWords(articles)); v != nil {
		apath := join(path, "article")
		switch v.(type) {
		case *ast.IntegerNode, *ast.StringNode:
			r.Article, _ = p.word(v, apath, "an article ruqsat knows", articles)
		default:
			p.errorf(v, apath, "got %s; expected %s", describe(v), listWords(articles))
		}
	}
	if v := o.opt("part"); v != nil {
		r.Part, _ = p.text(v, join(path, "part"), "the part of the article, such as \"1\"")
	}
	if v := o.req("date", "the day the penalty was imposed, YYYY-MM-DD"); v != nil {
		r.Date, _ = p.date(v, join(path, "date"))
	}
	return r, true
}

// overrides flattens the overrides mapping into dotted names, checks each and
// returns them sorted by name.
func (p *parser) overrides(n ast.Node) []domain.Override {
	if _, ok := n.(*ast.MappingNode); !ok {
		p.errorf(n, "overrides", "got %s; expected a mapping of parameter names to values", describe(n))
		return nil
	}
	var out []domain.Override
	lines := map[string]int{}
	p.flatten(n, "", lines, &out)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (p *parser) flatten(n ast.Node, prefix string, lines map[string]int, out *[]domain.Override) {
	m := n.(*ast.MappingNode)
	keys := map[string]int{}
	for _, mv := range m.Values {
		kn, ok := unwrap(mv.Key)
		if !ok {
			continue
		}
		k, ok := p.key(kn, overridePath(prefix))
		if !ok {
			continue
		}
		if line, dup := keys[k]; dup {
			p.errorf(kn, overridePath(prefix), "key %s is repeated (first on line %d); expected each key once", quoteShort(k), line)
			continue
		}
		keys[k] = nodePos(kn).line
		name := join(prefix, k)
		path := overridePath(name)
		v, ok := unwrap(mv.Value)
		if !ok {
			continue
		}
		if _, isMap := v.(*ast.MappingNode); isMap {
			p.flatten(v, name, lines, out)
			continue
		}
		if line, dup := lines[name]; dup {
			p.errorf(kn, path, "this override is given twice (first on line %d); expected each parameter once", line)
			continue
		}
		lines[name] = nodePos(kn).line
		switch v.(type) {
		case nil, *ast.NullNode:
			p.errorf(kn, path, "no value; expected the parameter's value")
			continue
		case *ast.SequenceNode:
			p.errorf(v, path, "got a list; expected the parameter's value, or a mapping of keys to values")
			continue
		}
		value, ok := p.text(v, path, "the parameter's value")
		if !ok {
			continue
		}
		if p.check != nil {
			if err := p.check(name, value); err != nil {
				p.errorf(v, path, "%s", firstLine(err.Error()))
				continue
			}
		}
		*out = append(*out, domain.Override{Name: name, Value: value})
	}
}

// overridePath is the path of an override name in messages.
func overridePath(name string) string {
	if name == "" {
		return "overrides"
	}
	return "overrides." + name
}
