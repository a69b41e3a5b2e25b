package scenario

import (
	"errors"
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The keys each mapping allows, in the order Encode writes them (the order of
// the example in the format's specification).
var (
	topKeys         = []string{"as_of", "employer", "workers", "reports", "monthly_figures", "quota", "penalties", "overrides"}
	employerKeys    = []string{"bin", "name", "size", "branch_of_foreign", "staff", "total_employees", "address", "phone", "email", "director", "uses_seal"}
	directorKeys    = []string{"name", "position"}
	passportKeys    = []string{"number", "issued", "expires", "issuer"}
	educationKeys   = []string{"level", "institution", "specialty", "graduated"}
	figuresKeys     = []string{"month", "kz_trained", "kz_replaced", "kz_working", "jobs_created"}
	contractsKeys   = []string{"customer", "number", "date", "region"}
	documentKeys    = []string{"kind", "number", "issued", "expires"}
	staffKeys       = []string{"kz"}
	staffKZKeys     = []string{"1", "2", "3", "4"}
	workerKeys      = []string{"id", "name", "citizenship", "iin", "birth_date", "basis", "category", "position", "start", "end", "contract", "permits", "trips", "address_changes", "applications", "passport", "education", "experience_years", "documents"}
	contractKeys    = []string{"signed", "registered"}
	permitKeys      = []string{"number", "regions", "from", "to"}
	tripKeys        = []string{"region", "from", "to", "notified"}
	addressKeys     = []string{"date", "notified"}
	applicationKeys = []string{"filed", "vacancy_posted", "vacancy_code"}
	reportKeys      = []string{"month", "submitted"}
	quotaKeys       = []string{"plans", "applications", "contracts"}
	planKeys        = []string{"year", "region", "category", "position", "count", "justification"}
	quotaAppKeys    = []string{"year", "region", "submitted"}
	penaltyKeys     = []string{"article", "part", "date"}

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
	sizesExpect    = domain.ListWords(sizes)
	basesExpect    = domain.ListWords(bases)
	articlesExpect = domain.ListWords(domain.Articles)
	basisExpect    = "the basis of engagement: " + basesExpect
	levels         = func() []string {
		s := make([]string, len(domain.EducationLevels))
		for i, x := range domain.EducationLevels {
			s[i] = string(x)
		}
		return s
	}()
	levelsExpect = "a level of education: " + domain.ListWords(levels)
	docKinds     = func() []string {
		s := make([]string, len(domain.DocumentKinds))
		for i, x := range domain.DocumentKinds {
			s[i] = string(x)
		}
		return s
	}()
	docKindsExpect = "a kind of document: " + domain.ListWords(docKinds)
)

// maxInt bounds the numbers the parser reads: the validator judges their
// ranges; this only keeps arithmetic on them from overflowing.
const maxInt = 1<<31 - 1

func (p *parser) scenario(root *yaml.Node) *File {
	var top path
	o, _ := p.object(root, top, topKeys)
	f := &File{WorkerLines: map[string]int{}}
	if n := o.req("as_of", "the as-of date, YYYY-MM-DD"); n != nil {
		var ok bool
		if f.AsOf, ok = p.date(n, top.key("as_of")); ok {
			if err := domain.CheckAsOf(f.AsOf); err != nil {
				if p.localized() {
					p.errorf(n, top.key("as_of"), "%s", p.words.Lang.Error(err))
				} else {
					p.errorf(n, top.key("as_of"), "%s", domain.ErrorMessage(err))
				}
			}
		}
	}
	if n := o.req("employer", "the employer: a mapping with bin, size and the other employer keys"); n != nil {
		p.employer(n, top.key("employer"), &f.Records.Employer)
	}
	p.workers(o.opt("workers"), top.key("workers"), f)
	at := top.key("reports")
	items := p.list(o.opt("reports"), at, "a list of monthly reports")
	f.Records.Reports = presize(f.Records.Reports, items)
	for i, n := range items {
		f.Records.Reports = append(f.Records.Reports, p.report(n, at.at(i)))
	}
	at = top.key("monthly_figures")
	items = p.list(o.opt("monthly_figures"), at, "a list of monthly figures")
	f.Records.MonthlyFigures = presize(f.Records.MonthlyFigures, items)
	for i, n := range items {
		f.Records.MonthlyFigures = append(f.Records.MonthlyFigures, p.figures(n, at.at(i)))
	}
	if n := o.opt("quota"); n != nil {
		p.quota(n, top.key("quota"), &f.Records)
	}
	at = top.key("penalties")
	items = p.list(o.opt("penalties"), at, "a list of penalties")
	f.Records.Penalties = presize(f.Records.Penalties, items)
	for i, n := range items {
		f.Records.Penalties = append(f.Records.Penalties, p.penalty(n, at.at(i)))
	}
	if n := o.opt("overrides"); n != nil {
		f.Overrides = p.overrides(n)
	}
	// What the syntax allowed, the one records validator judges; a value
	// already reported as unreadable is not reported again.
	if ps := f.Records.Validate(); ps != nil {
		p.problems(root, ps)
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

// Every item of a list is read into a record, even one with problems, so
// that the index of a record is the index of its item in the file and a
// validation problem's path leads back to its line.

func (p *parser) employer(n *yaml.Node, at path, e *domain.Employer) {
	o, ok := p.object(n, at, employerKeys)
	if !ok {
		return
	}
	if v := o.opt("bin"); v != nil {
		e.BIN, _ = p.ident(v, at.key("bin"), "bin")
	}
	if v := o.opt("name"); v != nil {
		e.Name, _ = p.text(v, at.key("name"), "the employer's name")
	}
	if v := o.opt("size"); v != nil {
		s, _ := p.text(v, at.key("size"), sizesExpect)
		e.Size = domain.Size(s)
	}
	if v := o.opt("branch_of_foreign"); v != nil {
		e.BranchOfForeign, _ = p.boolean(v, at.key("branch_of_foreign"))
	}
	if v := o.opt("staff"); v != nil {
		e.StaffKZ = p.staff(v, at.key("staff"))
	}
	if v := o.opt("total_employees"); v != nil {
		if t, ok := p.integer(v, at.key("total_employees"), "the number of employees, 0 or more"); ok {
			e.TotalEmployees = &t
		}
	}
	if v := o.opt("address"); v != nil {
		e.Address, _ = p.text(v, at.key("address"), "the employer's address")
	}
	if v := o.opt("phone"); v != nil {
		e.Phone, _ = p.text(v, at.key("phone"), "the employer's phone number")
	}
	if v := o.opt("email"); v != nil {
		e.Email, _ = p.text(v, at.key("email"), "the employer's e-mail address")
	}
	if v := o.opt("director"); v != nil {
		dpath := at.key("director")
		if d, ok := p.object(v, dpath, directorKeys); ok {
			if v := d.opt("name"); v != nil {
				e.Director.Name, _ = p.text(v, dpath.key("name"), "the director's full name")
			}
			if v := d.opt("position"); v != nil {
				e.Director.Position, _ = p.text(v, dpath.key("position"), "the director's position")
			}
		}
	}
	if v := o.opt("uses_seal"); v != nil {
		e.UsesSeal, _ = p.boolean(v, at.key("uses_seal"))
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
			counts[c+1], _ = p.integer(v, kzPath.key(key), "a number of staff, 0 or more")
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
		f.Records.Workers = append(f.Records.Workers, p.worker(item, at.at(i), f.WorkerLines))
	}
}

func (p *parser) worker(n *yaml.Node, at path, lines map[string]int) domain.Worker {
	var w domain.Worker
	o, ok := p.object(n, at, workerKeys)
	if !ok {
		return w
	}
	if v := o.opt("id"); v != nil {
		w.ID, _ = p.text(v, at.key("id"), "the worker's id")
		if _, dup := lines[w.ID]; !dup {
			lines[w.ID] = nodePos(o.node).line
		}
	}
	if v := o.opt("name"); v != nil {
		w.Name, _ = p.text(v, at.key("name"), "the worker's name")
	}
	if v := o.opt("citizenship"); v != nil {
		w.Citizenship, _ = p.text(v, at.key("citizenship"), "an ISO 3166-1 alpha-2 country code such as GB")
	}
	if v := o.opt("iin"); v != nil {
		w.IIN, _ = p.ident(v, at.key("iin"), "iin")
	}
	if v := o.opt("birth_date"); v != nil {
		w.BirthDate, _ = p.date(v, at.key("birth_date"))
	}
	if v := o.opt("basis"); v != nil {
		b, _ := p.text(v, at.key("basis"), basisExpect)
		w.Basis = domain.Basis(b)
	}
	if v := o.opt("category"); v != nil {
		w.Category, _ = p.category(v, at.key("category"))
	}
	if v := o.opt("position"); v != nil {
		w.Position, _ = p.text(v, at.key("position"), "the worker's position")
	}
	if v := o.opt("start"); v != nil {
		w.Start, _ = p.date(v, at.key("start"))
	}
	if v := o.opt("end"); v != nil {
		w.End, _ = p.date(v, at.key("end"))
	}
	if v := o.opt("contract"); v != nil {
		w.Contract = p.contract(v, at.key("contract"))
	}
	lpath := at.key("permits")
	items := p.list(o.opt("permits"), lpath, "a list of permits")
	w.Permits = presize(w.Permits, items)
	for i, n := range items {
		w.Permits = append(w.Permits, p.permit(n, lpath.at(i)))
	}
	lpath = at.key("trips")
	items = p.list(o.opt("trips"), lpath, "a list of business trips")
	w.Trips = presize(w.Trips, items)
	for i, n := range items {
		w.Trips = append(w.Trips, p.trip(n, lpath.at(i)))
	}
	lpath = at.key("address_changes")
	items = p.list(o.opt("address_changes"), lpath, "a list of address changes")
	w.AddressChanges = presize(w.AddressChanges, items)
	for i, n := range items {
		w.AddressChanges = append(w.AddressChanges, p.addressChange(n, lpath.at(i)))
	}
	lpath = at.key("applications")
	items = p.list(o.opt("applications"), lpath, "a list of permit applications")
	w.Applications = presize(w.Applications, items)
	for i, n := range items {
		w.Applications = append(w.Applications, p.application(n, lpath.at(i)))
	}
	if v := o.opt("passport"); v != nil {
		w.Passport = p.passport(v, at.key("passport"))
	}
	if v := o.opt("education"); v != nil {
		w.Education = p.education(v, at.key("education"))
	}
	if v := o.opt("experience_years"); v != nil {
		if n, ok := p.integer(v, at.key("experience_years"), "the years of work experience, 0 or more"); ok {
			w.ExperienceYears = &n
		}
	}
	lpath = at.key("documents")
	items = p.list(o.opt("documents"), lpath, "a list of documents")
	w.Documents = presize(w.Documents, items)
	for i, n := range items {
		w.Documents = append(w.Documents, p.workerDocument(n, lpath.at(i)))
	}
	return w
}

func (p *parser) workerDocument(n *yaml.Node, at path) domain.WorkerDocument {
	var r domain.WorkerDocument
	o, ok := p.object(n, at, documentKeys)
	if !ok {
		return r
	}
	if v := o.opt("kind"); v != nil {
		s, _ := p.text(v, at.key("kind"), docKindsExpect)
		r.Kind = domain.DocumentKind(s)
	}
	if v := o.opt("number"); v != nil {
		r.Number, _ = p.text(v, at.key("number"), "the document's number")
	}
	if v := o.opt("issued"); v != nil {
		r.Issued, _ = p.date(v, at.key("issued"))
	}
	if v := o.opt("expires"); v != nil {
		r.Expires, _ = p.date(v, at.key("expires"))
	}
	return r
}

func (p *parser) passport(n *yaml.Node, at path) *domain.Passport {
	o, ok := p.object(n, at, passportKeys)
	if !ok {
		return nil
	}
	var r domain.Passport
	if v := o.opt("number"); v != nil {
		r.Number, _ = p.text(v, at.key("number"), "the passport number")
	}
	if v := o.opt("issued"); v != nil {
		r.Issued, _ = p.date(v, at.key("issued"))
	}
	if v := o.opt("expires"); v != nil {
		r.Expires, _ = p.date(v, at.key("expires"))
	}
	if v := o.opt("issuer"); v != nil {
		r.Issuer, _ = p.text(v, at.key("issuer"), "the authority that issued the passport")
	}
	return &r
}

func (p *parser) education(n *yaml.Node, at path) *domain.Education {
	o, ok := p.object(n, at, educationKeys)
	if !ok {
		return nil
	}
	var r domain.Education
	if v := o.opt("level"); v != nil {
		s, _ := p.text(v, at.key("level"), levelsExpect)
		r.Level = domain.EducationLevel(s)
	}
	if v := o.opt("institution"); v != nil {
		r.Institution, _ = p.text(v, at.key("institution"), "the educational institution")
	}
	if v := o.opt("specialty"); v != nil {
		r.Specialty, _ = p.text(v, at.key("specialty"), "the specialty studied")
	}
	if v := o.opt("graduated"); v != nil {
		r.Graduated, _ = p.integer(v, at.key("graduated"), yearExpect)
	}
	return &r
}

func (p *parser) figures(n *yaml.Node, at path) domain.MonthlyFigures {
	var r domain.MonthlyFigures
	o, ok := p.object(n, at, figuresKeys)
	if !ok {
		return r
	}
	if v := o.opt("month"); v != nil {
		r.Month, _ = p.month(v, at.key("month"))
	}
	for _, c := range []struct {
		key string
		n   *int
	}{{"kz_trained", &r.KZTrained}, {"kz_replaced", &r.KZReplaced}, {"kz_working", &r.KZWorking}, {"jobs_created", &r.JobsCreated}} {
		if v := o.opt(c.key); v != nil {
			*c.n, _ = p.integer(v, at.key(c.key), "a number of people or jobs, 0 or more")
		}
	}
	return r
}

func (p *parser) quotaContract(n *yaml.Node, at path) domain.QuotaContract {
	var r domain.QuotaContract
	o, ok := p.object(n, at, contractsKeys)
	if !ok {
		return r
	}
	if v := o.opt("customer"); v != nil {
		r.Customer, _ = p.text(v, at.key("customer"), "the customer of the contract")
	}
	if v := o.opt("number"); v != nil {
		r.Number, _ = p.text(v, at.key("number"), "the contract's number")
	}
	if v := o.opt("date"); v != nil {
		r.Date, _ = p.date(v, at.key("date"))
	}
	if v := o.opt("region"); v != nil {
		s, _ := p.text(v, at.key("region"), "a region code (ISO 3166-2:KZ)")
		r.Region = domain.Region(s)
	}
	return r
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

func (p *parser) permit(n *yaml.Node, at path) domain.Permit {
	var r domain.Permit
	o, ok := p.object(n, at, permitKeys)
	if !ok {
		return r
	}
	if v := o.opt("number"); v != nil {
		r.Number, _ = p.text(v, at.key("number"), "the permit number")
	}
	rpath := at.key("regions")
	items := p.list(o.opt("regions"), rpath, "a list of region codes, such as [KZ-75]")
	r.Regions = presize(r.Regions, items)
	for i, item := range items {
		reg, _ := p.text(item, rpath.at(i), "a region code (ISO 3166-2:KZ)")
		r.Regions = append(r.Regions, domain.Region(reg))
	}
	if v := o.opt("from"); v != nil {
		r.From, _ = p.date(v, at.key("from"))
	}
	if v := o.opt("to"); v != nil {
		r.To, _ = p.date(v, at.key("to"))
	}
	return r
}

func (p *parser) trip(n *yaml.Node, at path) domain.Trip {
	var r domain.Trip
	o, ok := p.object(n, at, tripKeys)
	if !ok {
		return r
	}
	if v := o.opt("region"); v != nil {
		s, _ := p.text(v, at.key("region"), "a region code (ISO 3166-2:KZ)")
		r.Region = domain.Region(s)
	}
	if v := o.opt("from"); v != nil {
		r.From, _ = p.date(v, at.key("from"))
	}
	if v := o.opt("to"); v != nil {
		r.To, _ = p.date(v, at.key("to"))
	}
	if v := o.opt("notified"); v != nil {
		r.Notified, _ = p.date(v, at.key("notified"))
	}
	return r
}

func (p *parser) addressChange(n *yaml.Node, at path) domain.AddressChange {
	var r domain.AddressChange
	o, ok := p.object(n, at, addressKeys)
	if !ok {
		return r
	}
	if v := o.opt("date"); v != nil {
		r.Date, _ = p.date(v, at.key("date"))
	}
	if v := o.opt("notified"); v != nil {
		r.Notified, _ = p.date(v, at.key("notified"))
	}
	return r
}

func (p *parser) application(n *yaml.Node, at path) domain.Application {
	var r domain.Application
	o, ok := p.object(n, at, applicationKeys)
	if !ok {
		return r
	}
	if v := o.opt("filed"); v != nil {
		r.Filed, _ = p.date(v, at.key("filed"))
	}
	if v := o.opt("vacancy_posted"); v != nil {
		r.VacancyPosted, _ = p.date(v, at.key("vacancy_posted"))
	}
	if v := o.opt("vacancy_code"); v != nil {
		r.VacancyCode, _ = p.text(v, at.key("vacancy_code"), "the vacancy's code on the labour exchange")
	}
	return r
}

func (p *parser) report(n *yaml.Node, at path) domain.Report {
	var r domain.Report
	o, ok := p.object(n, at, reportKeys)
	if !ok {
		return r
	}
	if v := o.opt("month"); v != nil {
		r.Month, _ = p.month(v, at.key("month"))
	}
	if v := o.opt("submitted"); v != nil {
		r.Submitted, _ = p.date(v, at.key("submitted"))
	}
	return r
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
		rec.QuotaPlans = append(rec.QuotaPlans, p.plan(n, lpath.at(i)))
	}
	lpath = at.key("applications")
	items = p.list(o.opt("applications"), lpath, "a list of quota applications")
	rec.QuotaApplications = presize(rec.QuotaApplications, items)
	for i, n := range items {
		rec.QuotaApplications = append(rec.QuotaApplications, p.quotaApplication(n, lpath.at(i)))
	}
	lpath = at.key("contracts")
	items = p.list(o.opt("contracts"), lpath, "a list of contracts")
	rec.QuotaContracts = presize(rec.QuotaContracts, items)
	for i, n := range items {
		rec.QuotaContracts = append(rec.QuotaContracts, p.quotaContract(n, lpath.at(i)))
	}
}

const yearExpect = "a year such as 2027"

func (p *parser) plan(n *yaml.Node, at path) domain.QuotaPlan {
	var r domain.QuotaPlan
	o, ok := p.object(n, at, planKeys)
	if !ok {
		return r
	}
	if v := o.req("year", yearExpect); v != nil {
		r.Year, _ = p.integer(v, at.key("year"), yearExpect)
	}
	if v := o.opt("region"); v != nil {
		s, _ := p.text(v, at.key("region"), "a region code (ISO 3166-2:KZ)")
		r.Region = domain.Region(s)
	}
	if v := o.opt("category"); v != nil {
		r.Category, _ = p.category(v, at.key("category"))
	}
	if v := o.opt("position"); v != nil {
		r.Position, _ = p.text(v, at.key("position"), "the position's title")
	}
	// A count of 0 is a plan of no workers, so a missing count cannot be
	// left for the validator to find.
	if v := o.req("count", "the number of workers planned, 0 or more"); v != nil {
		r.Count, _ = p.integer(v, at.key("count"), "a number of workers, 0 or more")
	}
	if v := o.opt("justification"); v != nil {
		r.Justification, _ = p.text(v, at.key("justification"), "why the workers are needed")
	}
	return r
}

func (p *parser) quotaApplication(n *yaml.Node, at path) domain.QuotaApplication {
	var r domain.QuotaApplication
	o, ok := p.object(n, at, quotaAppKeys)
	if !ok {
		return r
	}
	if v := o.req("year", yearExpect); v != nil {
		r.Year, _ = p.integer(v, at.key("year"), yearExpect)
	}
	if v := o.opt("region"); v != nil {
		s, _ := p.text(v, at.key("region"), "a region code (ISO 3166-2:KZ)")
		r.Region = domain.Region(s)
	}
	if v := o.opt("submitted"); v != nil {
		r.Submitted, _ = p.date(v, at.key("submitted"))
	}
	return r
}

func (p *parser) penalty(n *yaml.Node, at path) domain.Penalty {
	var r domain.Penalty
	o, ok := p.object(n, at, penaltyKeys)
	if !ok {
		return r
	}
	if v := o.opt("article"); v != nil {
		apath := at.key("article")
		switch classOf(v) {
		case classInt, classText:
			r.Article, _ = p.text(v, apath, articlesExpect)
		default:
			p.got(v, apath, articlesExpect)
		}
	}
	if v := o.opt("part"); v != nil {
		r.Part, _ = p.text(v, at.key("part"), "the part of the article, such as \"1\"")
	}
	if v := o.opt("date"); v != nil {
		r.Date, _ = p.date(v, at.key("date"))
	}
	return r
}

// overrides flattens the overrides mapping into dotted names, checks each and
// returns them sorted by name.
func (p *parser) overrides(n *yaml.Node) []domain.Override {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, overridesPath, "%s", p.say(fmt.Sprintf("got %s; expected a mapping of parameter names to values", describe(n)), "scenario.want_overrides", "Name", p.describe(n)))
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
			p.errorf(kn, overridesPath.key(prefix), "%s", p.say(fmt.Sprintf("key %s is repeated (first on line %d); expected each key once", quoteShort(k), line), "scenario.repeated_key", "Code", p.quote(k), "N", line))
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
			p.errorf(kn, at, "%s", p.say(fmt.Sprintf("this override is given twice (first on line %d); expected each parameter once", line), "scenario.override_twice", "N", line))
			continue
		}
		lines[name] = nodePos(kn).line
		switch {
		case classOf(v) == classNull:
			p.errorf(kn, at, "%s", p.say("no value; expected the parameter's value", "scenario.no_value", "Other", p.want("the parameter's value")))
			continue
		case v.Kind == yaml.SequenceNode:
			p.errorf(v, at, "%s", p.say("got a list; expected the parameter's value, or a mapping of keys to values", "scenario.override_list"))
			continue
		}
		value, ok := p.text(v, at, "the parameter's value")
		if !ok {
			continue
		}
		if p.check != nil {
			if err := p.check(name, value); err != nil {
				// The checker's error in the reader's language when it names
				// its catalogue message (domain.Error.Key), else as it is.
				msg := firstLine(err.Error())
				var de *domain.Error
				if p.localized() && errors.As(err, &de) && de.Key != "" {
					msg = p.words.Lang.Error(err)
				}
				p.errorf(v, at, "%s", msg)
				continue
			}
		}
		*out = append(*out, domain.Override{Name: name, Value: value})
	}
}
