package scenario

import (
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

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

	sizes = func() []string {
		s := make([]string, len(domain.Sizes))
		for i, x := range domain.Sizes {
			s[i] = string(x)
		}
		return s
	}()
	bases = func() []string {
		s := make([]string, len(domain.Bases))
		for i, x := range domain.Bases {
			s[i] = string(x)
		}
		return s
	}()
	// What the words of each set are listed as in messages.
	sizesExpect    = listWords(sizes)
	basesExpect    = listWords(bases)
	articlesExpect = listWords(articles)
	basisExpect    = "the basis of engagement: " + basesExpect
)

// Bounds of numbers: wide enough for any real employer, narrow enough that no
// arithmetic on them can overflow.
const (
	maxCount = 10_000_000
	maxYear  = 9999
)

func (p *parser) scenario(root *yaml.Node) *File {
	var top path
	o, _ := p.object(root, top, topKeys)
	f := &File{WorkerLines: map[string]int{}}
	if n := o.req("as_of", "the as-of date, YYYY-MM-DD"); n != nil {
		f.AsOf, _ = p.date(n, top.key("as_of"))
	}
	if n := o.req("employer", "the employer: a mapping with bin, size and the other employer keys"); n != nil {
		p.employer(n, top.key("employer"), &f.Records.Employer)
	}
	p.workers(o.opt("workers"), top.key("workers"), f)
	at := top.key("reports")
	items := p.list(o.opt("reports"), at, "a list of monthly reports")
	f.Records.Reports = presize(f.Records.Reports, items)
	for i, n := range items {
		if r, ok := p.report(n, at.at(i)); ok {
			f.Records.Reports = append(f.Records.Reports, r)
		}
	}
	if n := o.opt("quota"); n != nil {
		p.quota(n, top.key("quota"), &f.Records)
	}
	at = top.key("penalties")
	items = p.list(o.opt("penalties"), at, "a list of penalties")
	f.Records.Penalties = presize(f.Records.Penalties, items)
	for i, n := range items {
		if r, ok := p.penalty(n, at.at(i)); ok {
			f.Records.Penalties = append(f.Records.Penalties, r)
		}
	}
	if n := o.opt("overrides"); n != nil {
		f.Overrides = p.overrides(n)
	}
	return f
}

// presize gives a list of records room for the items of the list it is read
// from; it leaves it nil when there are none, as appending one by one would.
func presize[T any](s []T, items []*yaml.Node) []T {
	if len(items) == 0 {
		return s
	}
	return make([]T, 0, len(items))
}

func (p *parser) employer(n *yaml.Node, at path, e *domain.Employer) {
	o, ok := p.object(n, at, employerKeys)
	if !ok {
		return
	}
	if v := o.req("bin", `the employer's BIN in quotes, such as bin: "940140000385"`); v != nil {
		e.BIN, _ = p.ident(v, at.key("bin"), "bin", domain.CheckBIN)
	}
	if v := o.opt("name"); v != nil {
		e.Name, _ = p.text(v, at.key("name"), "the employer's name")
	}
	if v := o.req("size", sizesExpect); v != nil {
		s, _ := p.word(v, at.key("size"), "a business size", sizes, sizesExpect)
		e.Size = domain.Size(s)
	}
	if v := o.opt("branch_of_foreign"); v != nil {
		e.BranchOfForeign, _ = p.boolean(v, at.key("branch_of_foreign"))
	}
	if v := o.opt("staff"); v != nil {
		e.StaffKZ = p.staff(v, at.key("staff"))
	}
	if v := o.opt("total_employees"); v != nil {
		if t, ok := p.integer(v, at.key("total_employees"), 0, maxCount, "the number of employees, 0 or more"); ok {
			e.TotalEmployees = &t
		}
	}
}

// staff reads {kz: {1: n, 2: n, 3: n, 4: n}}; a category left out has none.
func (p *parser) staff(n *yaml.Node, at path) *[5]int {
	o, ok := p.object(n, at, staffKeys)
	if !ok {
		return nil
	}
	kzPath := at.key("kz")
	v := o.req("kz", "the Kazakhstan citizens on staff by category, such as kz: {1: 2, 2: 8, 3: 40, 4: 60}")
	if v == nil {
		return nil
	}
	kz, ok := p.object(v, kzPath, staffKZKeys)
	if !ok {
		return nil
	}
	var counts [5]int
	for c, key := range staffKZKeys {
		if v := kz.opt(key); v != nil {
			counts[c+1], _ = p.integer(v, kzPath.key(key), 0, maxCount, "a number of staff, 0 or more")
		}
	}
	return &counts
}

func (p *parser) workers(n *yaml.Node, at path, f *File) {
	items := p.list(n, at, "a list of workers")
	if len(items) == 0 {
		return
	}
	f.Records.Workers = make([]domain.Worker, 0, len(items))
	f.WorkerLines = make(map[string]int, len(items))
	for i, item := range items {
		if skipped(item) {
			continue
		}
		w, ok := p.worker(item, at.at(i), f.WorkerLines)
		if ok {
			f.Records.Workers = append(f.Records.Workers, w)
		}
	}
}

func (p *parser) worker(n *yaml.Node, at path, lines map[string]int) (domain.Worker, bool) {
	var w domain.Worker
	o, ok := p.object(n, at, workerKeys)
	if !ok {
		return w, false
	}
	if v := o.req("id", "the worker's id, unique within the file"); v != nil {
		idPath := at.key("id")
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
		w.Name, _ = p.text(v, at.key("name"), "the worker's name")
	}
	if v := o.opt("citizenship"); v != nil {
		w.Citizenship, _ = p.country(v, at.key("citizenship"))
	}
	if v := o.opt("iin"); v != nil {
		w.IIN, _ = p.ident(v, at.key("iin"), "iin", domain.CheckIIN)
	}
	basisNode := o.req("basis", basisExpect)
	if basisNode != nil {
		b, _ := p.word(basisNode, at.key("basis"), "an engagement basis", bases, basesExpect)
		w.Basis = domain.Basis(b)
	}
	if v := o.opt("category"); v != nil {
		w.Category, _ = p.category(v, at.key("category"))
	} else if (w.Basis == domain.BasisPermit || w.Basis == domain.BasisICT) && !o.has("category") {
		o.req("category", "1, 2, 3, 4 or seasonal for a worker on basis "+string(w.Basis))
	}
	if w.Basis == domain.BasisEAEU {
		switch {
		case w.Citizenship != "" && !domain.IsEAEU(w.Citizenship):
			p.errorf(basisNode, at.key("basis"), "eaeu is only for citizens of EAEU members (%s), and citizenship is %s; expected another basis or citizenship",
				strings.Join(domain.EAEUMembers, ", "), w.Citizenship)
		case !o.has("citizenship"):
			o.req("citizenship", "the citizenship of an EAEU member ("+strings.Join(domain.EAEUMembers, ", ")+") for basis eaeu")
		}
	}
	if v := o.opt("position"); v != nil {
		w.Position, _ = p.text(v, at.key("position"), "the worker's position")
	}
	if v := o.req("start", "the first day of the engagement, YYYY-MM-DD"); v != nil {
		w.Start, _ = p.date(v, at.key("start"))
	}
	if v := o.opt("end"); v != nil {
		w.End, _ = p.date(v, at.key("end"))
		p.ordered(w.Start, w.End, v, at.key("end"), "start", "an engagement")
	}
	if v := o.opt("contract"); v != nil {
		w.Contract = p.contract(v, at.key("contract"))
	}
	lpath := at.key("permits")
	items := p.list(o.opt("permits"), lpath, "a list of permits")
	w.Permits = presize(w.Permits, items)
	for i, n := range items {
		if r, ok := p.permit(n, lpath.at(i)); ok {
			w.Permits = append(w.Permits, r)
		}
	}
	lpath = at.key("trips")
	items = p.list(o.opt("trips"), lpath, "a list of business trips")
	w.Trips = presize(w.Trips, items)
	for i, n := range items {
		if r, ok := p.trip(n, lpath.at(i)); ok {
			w.Trips = append(w.Trips, r)
		}
	}
	lpath = at.key("address_changes")
	items = p.list(o.opt("address_changes"), lpath, "a list of address changes")
	w.AddressChanges = presize(w.AddressChanges, items)
	for i, n := range items {
		if r, ok := p.addressChange(n, lpath.at(i)); ok {
			w.AddressChanges = append(w.AddressChanges, r)
		}
	}
	lpath = at.key("applications")
	items = p.list(o.opt("applications"), lpath, "a list of permit applications")
	w.Applications = presize(w.Applications, items)
	for i, n := range items {
		if r, ok := p.application(n, lpath.at(i)); ok {
			w.Applications = append(w.Applications, r)
		}
	}
	return w, true
}

func (p *parser) contract(n *yaml.Node, at path) *domain.Contract {
	o, ok := p.object(n, at, contractKeys)
	if !ok {
		return nil
	}
	var c domain.Contract
	if v := o.opt("signed"); v != nil {
		c.Signed, _ = p.date(v, at.key("signed"))
	}
	if v := o.opt("registered"); v != nil {
		c.Registered, _ = p.date(v, at.key("registered"))
	}
	return &c
}

func (p *parser) permit(n *yaml.Node, at path) (domain.Permit, bool) {
	var r domain.Permit
	if skipped(n) {
		return r, false
	}
	o, ok := p.object(n, at, permitKeys)
	if !ok {
		return r, false
	}
	if v := o.opt("number"); v != nil {
		r.Number, _ = p.text(v, at.key("number"), "the permit number")
	}
	rpath := at.key("regions")
	if v := o.req("regions", "the regions the permit covers, such as [KZ-75]"); v != nil {
		items := p.list(v, rpath, "a list of region codes, such as [KZ-75]")
		if v.Kind == yaml.SequenceNode && len(items) == 0 {
			p.errorf(v, rpath, "the list is empty; expected at least one region code, such as [KZ-75]")
		}
		r.Regions = presize(r.Regions, items)
		for i, item := range items {
			if skipped(item) {
				continue
			}
			reg, ok := p.region(item, rpath.at(i))
			switch {
			case !ok:
			case slices.Contains(r.Regions, reg):
				p.errorf(item, rpath.at(i), "%s is listed twice; expected each region once", reg)
			default:
				r.Regions = append(r.Regions, reg)
			}
		}
	}
	if v := o.req("from", "the first day the permit is valid, YYYY-MM-DD"); v != nil {
		r.From, _ = p.date(v, at.key("from"))
	}
	if v := o.req("to", "the last day the permit is valid, YYYY-MM-DD"); v != nil {
		r.To, _ = p.date(v, at.key("to"))
		p.ordered(r.From, r.To, v, at.key("to"), "from", "a permit")
	}
	return r, true
}

func (p *parser) trip(n *yaml.Node, at path) (domain.Trip, bool) {
	var r domain.Trip
	if skipped(n) {
		return r, false
	}
	o, ok := p.object(n, at, tripKeys)
	if !ok {
		return r, false
	}
	if v := o.req("region", "the region of the trip, such as KZ-71"); v != nil {
		r.Region, _ = p.region(v, at.key("region"))
	}
	if v := o.req("from", "the first day of the trip, YYYY-MM-DD"); v != nil {
		r.From, _ = p.date(v, at.key("from"))
	}
	if v := o.req("to", "the last day of the trip, YYYY-MM-DD"); v != nil {
		r.To, _ = p.date(v, at.key("to"))
		p.ordered(r.From, r.To, v, at.key("to"), "from", "a trip")
	}
	if v := o.opt("notified"); v != nil {
		r.Notified, _ = p.date(v, at.key("notified"))
	}
	return r, true
}

func (p *parser) addressChange(n *yaml.Node, at path) (domain.AddressChange, bool) {
	var r domain.AddressChange
	if skipped(n) {
		return r, false
	}
	o, ok := p.object(n, at, addressKeys)
	if !ok {
		return r, false
	}
	if v := o.req("date", "the day the address changed, YYYY-MM-DD"); v != nil {
		r.Date, _ = p.date(v, at.key("date"))
	}
	if v := o.opt("notified"); v != nil {
		r.Notified, _ = p.date(v, at.key("notified"))
	}
	return r, true
}

func (p *parser) application(n *yaml.Node, at path) (domain.Application, bool) {
	var r domain.Application
	if skipped(n) {
		return r, false
	}
	o, ok := p.object(n, at, applicationKeys)
	if !ok {
		return r, false
	}
	if v := o.req("filed", "the day the application was filed, YYYY-MM-DD"); v != nil {
		r.Filed, _ = p.date(v, at.key("filed"))
	}
	if v := o.opt("vacancy_posted"); v != nil {
		r.VacancyPosted, _ = p.date(v, at.key("vacancy_posted"))
	}
	if v := o.opt("vacancy_code"); v != nil {
		r.VacancyCode, _ = p.text(v, at.key("vacancy_code"), "the vacancy's code on the labour exchange")
	}
	return r, true
}

func (p *parser) report(n *yaml.Node, at path) (domain.Report, bool) {
	var r domain.Report
	if skipped(n) {
		return r, false
	}
	o, ok := p.object(n, at, reportKeys)
	if !ok {
		return r, false
	}
	if v := o.req("month", "the month reported on, YYYY-MM"); v != nil {
		r.Month, _ = p.month(v, at.key("month"))
	}
	if v := o.req("submitted", "the day the report was submitted, YYYY-MM-DD"); v != nil {
		r.Submitted, _ = p.date(v, at.key("submitted"))
	}
	return r, true
}

func (p *parser) quota(n *yaml.Node, at path, rec *domain.Records) {
	o, ok := p.object(n, at, quotaKeys)
	if !ok {
		return
	}
	lpath := at.key("plans")
	items := p.list(o.opt("plans"), lpath, "a list of planned engagements")
	rec.QuotaPlans = presize(rec.QuotaPlans, items)
	for i, n := range items {
		if r, ok := p.plan(n, lpath.at(i)); ok {
			rec.QuotaPlans = append(rec.QuotaPlans, r)
		}
	}
	lpath = at.key("applications")
	items = p.list(o.opt("applications"), lpath, "a list of quota applications")
	rec.QuotaApplications = presize(rec.QuotaApplications, items)
	for i, n := range items {
		if r, ok := p.quotaApplication(n, lpath.at(i)); ok {
			rec.QuotaApplications = append(rec.QuotaApplications, r)
		}
	}
}

const yearExpect = "a year such as 2027"

func (p *parser) plan(n *yaml.Node, at path) (domain.QuotaPlan, bool) {
	var r domain.QuotaPlan
	if skipped(n) {
		return r, false
	}
	o, ok := p.object(n, at, planKeys)
	if !ok {
		return r, false
	}
	if v := o.req("year", "the year of the planned engagement, such as 2027"); v != nil {
		r.Year, _ = p.integer(v, at.key("year"), 1, maxYear, yearExpect)
	}
	if v := o.req("region", "the region of the planned engagement, such as KZ-75"); v != nil {
		r.Region, _ = p.region(v, at.key("region"))
	}
	if v := o.req("category", "1, 2, 3, 4 or seasonal"); v != nil {
		r.Category, _ = p.category(v, at.key("category"))
	}
	if v := o.opt("position"); v != nil {
		r.Position, _ = p.text(v, at.key("position"), "the position's title")
	}
	if v := o.req("count", "the number of workers planned, 0 or more"); v != nil {
		r.Count, _ = p.integer(v, at.key("count"), 0, maxCount, "a number of workers, 0 or more")
	}
	return r, true
}

func (p *parser) quotaApplication(n *yaml.Node, at path) (domain.QuotaApplication, bool) {
	var r domain.QuotaApplication
	if skipped(n) {
		return r, false
	}
	o, ok := p.object(n, at, quotaAppKeys)
	if !ok {
		return r, false
	}
	if v := o.req("year", "the year the quota is for, such as 2027"); v != nil {
		r.Year, _ = p.integer(v, at.key("year"), 1, maxYear, yearExpect)
	}
	if v := o.req("region", "the region of the application, such as KZ-75"); v != nil {
		r.Region, _ = p.region(v, at.key("region"))
	}
	if v := o.req("submitted", "the day the application was submitted, YYYY-MM-DD"); v != nil {
		r.Submitted, _ = p.date(v, at.key("submitted"))
	}
	return r, true
}

func (p *parser) penalty(n *yaml.Node, at path) (domain.Penalty, bool) {
	var r domain.Penalty
	if skipped(n) {
		return r, false
	}
	o, ok := p.object(n, at, penaltyKeys)
	if !ok {
		return r, false
	}
	if v := o.req("article", "the article of the Code of Administrative Offences: "+articlesExpect); v != nil {
		apath := at.key("article")
		switch classOf(v) {
		case classInt, classText:
			r.Article, _ = p.word(v, apath, "an article ruqsat knows", articles, articlesExpect)
		default:
			p.errorf(v, apath, "got %s; expected %s", describe(v), articlesExpect)
		}
	}
	if v := o.opt("part"); v != nil {
		r.Part, _ = p.text(v, at.key("part"), "the part of the article, such as \"1\"")
	}
	if v := o.req("date", "the day the penalty was imposed, YYYY-MM-DD"); v != nil {
		r.Date, _ = p.date(v, at.key("date"))
	}
	return r, true
}

// overrides flattens the overrides mapping into dotted names, checks each and
// returns them sorted by name.
func (p *parser) overrides(n *yaml.Node) []domain.Override {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, overridesPath, "got %s; expected a mapping of parameter names to values", describe(n))
		return nil
	}
	var out []domain.Override
	lines := map[string]int{}
	p.flatten(n, "", lines, &out)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// overridesPath is the path of the overrides mapping; an override's path is
// it and the override's dotted name.
var overridesPath = path{}.key("overrides")

func (p *parser) flatten(m *yaml.Node, prefix string, lines map[string]int, out *[]domain.Override) {
	keys := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, v := m.Content[i], m.Content[i+1]
		if isMerge(kn) || skipped(kn) {
			continue
		}
		k, ok := p.key(kn, overridesPath.key(prefix))
		if !ok {
			continue
		}
		if line, dup := keys[k]; dup {
			p.errorf(kn, overridesPath.key(prefix), "key %s is repeated (first on line %d); expected each key once", quoteShort(k), line)
			continue
		}
		keys[k] = nodePos(kn).line
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		at := overridesPath.key(name)
		if skipped(v) {
			continue
		}
		if v.Kind == yaml.MappingNode {
			p.flatten(v, name, lines, out)
			continue
		}
		if line, dup := lines[name]; dup {
			p.errorf(kn, at, "this override is given twice (first on line %d); expected each parameter once", line)
			continue
		}
		lines[name] = nodePos(kn).line
		switch {
		case classOf(v) == classNull:
			p.errorf(kn, at, "no value; expected the parameter's value")
			continue
		case v.Kind == yaml.SequenceNode:
			p.errorf(v, at, "got a list; expected the parameter's value, or a mapping of keys to values")
			continue
		}
		value, ok := p.text(v, at, "the parameter's value")
		if !ok {
			continue
		}
		if p.check != nil {
			if err := p.check(name, value); err != nil {
				p.errorf(v, at, "%s", firstLine(err.Error()))
				continue
			}
		}
		*out = append(*out, domain.Override{Name: name, Value: value})
	}
}
