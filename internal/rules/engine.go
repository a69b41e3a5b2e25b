package rules

import (
	"maps"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules/params"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// Result is the outcome of one evaluation; its JSON form is the output of
// `ruqsat evaluate --format json`.
type Result struct {
	AsOf        domain.Date      `json:"as_of"`
	Ruleset     string           `json:"ruleset"`
	Provisional bool             `json:"provisional"`
	Findings    []domain.Finding `json:"findings"`
	// NotEvaluated lists the rules that did not run because a parameter they
	// need has no value in force on the as-of date (permit.expiring before
	// Rules-279's window of 1 Jul 2023), in catalogue order; empty when
	// every rule ran. A rule absent from the findings is all clear only if
	// it is absent from this list too.
	NotEvaluated []NotEvaluated `json:"not_evaluated"`
}

// NotEvaluated is a rule that did not run on the as-of date, and the first
// parameter it needs that was not in force.
type NotEvaluated struct {
	Rule      domain.RuleID `json:"rule"`
	Parameter string        `json:"parameter"`
}

// Engine evaluates records under one parameter set and one calendar. It is
// immutable and safe for concurrent use; build it once and reuse it for many
// employers.
type Engine struct {
	params *params.Set
	cal    *workcal.Calendar
}

// New returns an Engine. Nil arguments mean the embedded defaults.
func New(p *params.Set, cal *workcal.Calendar) *Engine {
	if p == nil {
		p = params.Default()
	}
	if cal == nil {
		cal = workcal.Default()
	}
	return &Engine{params: p, cal: cal}
}

// Params returns the engine's parameter set.
func (e *Engine) Params() *params.Set { return e.params }

// With returns an engine whose parameters carry the overrides of a scenario.
func (e *Engine) With(overrides []domain.Override) (*Engine, error) {
	p, err := e.params.With(overrides)
	if err != nil {
		return nil, err
	}
	return &Engine{params: p, cal: e.cal}, nil
}

// Evaluate applies every rule to rec as known on asOf. The records are not
// modified. The findings are sorted (see SortFindings), so the result does
// not depend on the order of records.
func (e *Engine) Evaluate(rec *domain.Records, asOf domain.Date) Result {
	c := &evalCtx{e: e, rec: rec, asOf: asOf, basis: make([][]domain.Citation, int(maxRuleID)+1)}
	c.workers = make([]*domain.Worker, len(rec.Workers))
	// Estimate the findings: about two per worker, one per trip, address
	// change and application, a few per worker who travels (trip years),
	// 13 monthly reports and a few employer-wide.
	size := 24
	for i := range rec.Workers {
		w := &rec.Workers[i]
		c.workers[i] = w
		size += 2 + len(w.Trips) + min(len(w.Trips), 2) + len(w.AddressChanges) + len(w.Applications)
	}
	c.findings = make([]domain.Finding, 0, size)
	// Size the fact buffer from the same estimate, so that a small employer
	// does not carry a large half-empty chunk in its result.
	c.factSlab = make([]domain.Fact, 0, size*3)
	sort.SliceStable(c.workers, func(i, j int) bool { return c.workers[i].ID < c.workers[j].ID })
	for _, r := range catalogue {
		if r.eval != nil {
			r.eval(c)
		}
	}
	res := Result{AsOf: asOf, Ruleset: e.params.Ruleset, Findings: sortedFindings(c.findings, c.workers, &catalogueOrder), NotEvaluated: c.notEvaluated}
	if res.Findings == nil {
		res.Findings = []domain.Finding{}
	}
	if res.NotEvaluated == nil {
		res.NotEvaluated = []NotEvaluated{}
	}
	for i := range res.Findings {
		if res.Findings[i].Provisional {
			res.Provisional = true
			break
		}
	}
	return res
}

// SortFindings orders findings by severity (violations first), then by due
// date (latest first, findings without one last), then by rule, subject,
// period, message key and message, so that the order never depends on the
// records' order.
func SortFindings(fs []domain.Finding) {
	slices.SortStableFunc(fs, func(a, b domain.Finding) int { return catalogueOrder.compare(&a, &b) })
}

// findingOrder is what sorting findings needs to know of a catalogue: each
// rule's place in alphabetical order of ids (1-based; 0 for a value that
// names no rule, which sorts as the empty id does), whether its subject is a
// worker's id, and how many bits a place takes in a sort key.
type findingOrder struct {
	rank     [256]uint8 // by rule
	worker   [256]bool  // by rule
	ruleBits uint       // bits.Len(number of rules)
}

// catalogueOrder is the order of the catalogue's rules.
var catalogueOrder = func() findingOrder {
	names := make(map[domain.RuleID]string, len(catalogue))
	worker := map[domain.RuleID]bool{}
	for _, r := range catalogue {
		names[r.id] = r.id.String()
		worker[r.id] = r.subject == SubjectWorker
	}
	return newFindingOrder(names, worker)
}()

// maxRuleID is the largest id in the catalogue.
var maxRuleID = slices.Max(IDs())

// newFindingOrder returns the order of the rules named in names, the rules
// with a worker's id for subject marked in worker. It panics on more rules
// than a RuleID holds.
func newFindingOrder(names map[domain.RuleID]string, worker map[domain.RuleID]bool) findingOrder {
	ids := slices.Collect(maps.Keys(names))
	slices.SortFunc(ids, func(a, b domain.RuleID) int { return strings.Compare(names[a], names[b]) })
	if len(ids) > 255 {
		panic("rules: more rules than a sort key ranks")
	}
	var o findingOrder
	for i, id := range ids {
		o.rank[id] = uint8(i + 1)
		o.worker[id] = worker[id]
	}
	o.ruleBits = uint(bits.Len(uint(len(ids))))
	return o
}

// key packs, from the most significant bit: the severity's rank (3 bits),
// the due date reversed (32 bits, so that later dates come first), the
// rule's rank (ruleBits bits) and, in the 29 − ruleBits bits left, the rank
// of the finding's worker (0 for other subjects, or when ranks do not fit).
// Two findings whose keys differ are in the order of their keys.
func (o *findingOrder) key(f *domain.Finding, workerRank uint64) uint64 {
	return uint64(f.Severity.Rank())<<61 | uint64(uint32(f.Due)^0x7fffffff)<<29 |
		uint64(o.rank[f.Rule])<<(29-o.ruleBits) | workerRank
}

// compare orders two findings in full.
func (o *findingOrder) compare(a, b *domain.Finding) int {
	if ra, rb := a.Severity.Rank(), b.Severity.Rank(); ra != rb {
		return ra - rb
	}
	if a.Due != b.Due {
		if a.Due > b.Due {
			return -1
		}
		return 1
	}
	if ra, rb := o.rank[a.Rule], o.rank[b.Rule]; ra != rb {
		return int(ra) - int(rb)
	}
	if c := strings.Compare(a.Subject, b.Subject); c != 0 {
		return c
	}
	if c := strings.Compare(a.Period, b.Period); c != 0 {
		return c
	}
	if a.Key != b.Key {
		return int(a.Key) - int(b.Key)
	}
	return strings.Compare(a.Message, b.Message)
}

// sortedFindings sorts fs in SortFindings order (under o) and returns it.
// workers are sorted by id. Findings are large, so it sorts small keys (see
// findingOrder.key) and then moves each finding once; only findings with
// equal keys are compared in full.
func sortedFindings(fs []domain.Finding, workers []*domain.Worker, o *findingOrder) []domain.Finding {
	type entry struct {
		key uint64
		i   int32
	}
	workerBits := 29 - o.ruleBits
	var workerRank map[string]uint64
	if len(workers) < 1<<workerBits {
		workerRank = make(map[string]uint64, len(workers))
		for i, w := range workers {
			workerRank[w.ID] = uint64(i + 1)
		}
	}
	idx := make([]entry, len(fs))
	unranked := false // a worker finding whose subject is not a worker
	for i := range fs {
		f := &fs[i]
		var r uint64
		if workerRank != nil && o.worker[f.Rule] {
			if r = workerRank[f.Subject]; r == 0 {
				unranked = true
			}
		}
		idx[i] = entry{o.key(f, r), int32(i)}
	}
	if unranked {
		// Worker ranks would put that finding before every ranked one.
		for i := range idx {
			idx[i].key &^= 1<<workerBits - 1
		}
	}
	slices.SortFunc(idx, func(a, b entry) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return o.compare(&fs[a.i], &fs[b.i])
	})
	// Apply the permutation in place, one cycle at a time: out[k] = fs[idx[k].i].
	for k := range idx {
		if idx[k].i < 0 {
			continue
		}
		tmp := fs[k]
		j := k
		for {
			src := int(idx[j].i)
			idx[j].i = -1
			if src == k {
				fs[j] = tmp
				break
			}
			fs[j] = fs[src]
			j = src
		}
	}
	return fs
}

// offence is an offence found during evaluation, kept for the quota-risk
// rule even when no finding shows it (an older month).
type offence struct {
	rule    domain.RuleID
	article string
	date    domain.Date
}

// evalCtx is the state of one evaluation.
type evalCtx struct {
	e        *Engine
	rec      *domain.Records
	asOf     domain.Date
	workers  []*domain.Worker // sorted by id
	findings []domain.Finding
	offences []offence
	basis    [][]domain.Citation // by rule; see citations
	repeats  repeatIndex
	factSlab []domain.Fact // see facts

	notEvaluated []NotEvaluated // see skip
}

func (c *evalCtx) param(name string, on domain.Date) (*params.Value, bool) {
	p, ok := c.e.params.Param(name)
	if !ok {
		return nil, false
	}
	return p.At(on)
}

// intParam returns the value of an int parameter in force on a date; ok is
// false when the parameter has no value yet on that date.
func (c *evalCtx) intParam(name string, on domain.Date) (int, bool) {
	v, ok := c.param(name, on)
	if !ok {
		return 0, false
	}
	return v.Int, true
}

func (c *evalCtx) decimalParam(name string, on domain.Date) (float64, bool) {
	v, ok := c.param(name, on)
	if !ok {
		return 0, false
	}
	return v.Decimal, true
}

func (c *evalCtx) dateParam(name string, on domain.Date) (domain.Date, bool) {
	v, ok := c.param(name, on)
	if !ok {
		return 0, false
	}
	return v.Date, true
}

// skip records that rule does not run on the as-of date because parameter,
// which it needs, has no value in force then. Effective dates (the
// *_from parameters) are not such a parameter: before one, the obligation
// did not exist and the rule rightly finds nothing.
func (c *evalCtx) skip(rule domain.RuleID, parameter string) {
	for _, n := range c.notEvaluated {
		if n.Rule == rule {
			return
		}
	}
	c.notEvaluated = append(c.notEvaluated, NotEvaluated{Rule: rule, Parameter: parameter})
}

// in force reports whether the effective-date parameter name has a value on d
// and d is on or after it.
func (c *evalCtx) inForce(name string, d domain.Date) bool {
	from, ok := c.dateParam(name, d)
	return ok && d >= from
}

// citations returns the legal basis of a rule with the interpretations in
// force on the as-of date. The slice is shared by the rule's findings.
func (c *evalCtx) citations(rule domain.RuleID) []domain.Citation {
	if b := c.basis[rule]; b != nil {
		return b
	}
	ri := c.e.params.Rules[rule.String()]
	b := make([]domain.Citation, 0, len(ri.Basis)+len(ri.Interpretations))
	for _, ct := range ri.Basis {
		act := c.e.params.Acts[ct.Act]
		b = append(b, domain.Citation{Act: ct.Act, ActTitle: act.Title, Ref: ct.Ref, Confidence: ct.Confidence, URL: act.URL})
	}
	for _, name := range ri.Interpretations {
		p, _ := c.e.params.Param(name)
		if p == nil {
			continue
		}
		v, ok := p.At(c.asOf)
		if !ok || v.Interpretation == "" {
			continue
		}
		merged := false
		for i := range b {
			if b[i].Act == v.Act && b[i].Ref == v.Ref && b[i].Interpretation == "" {
				b[i].Interpretation, merged = v.Interpretation, true
				break
			}
		}
		if !merged {
			act := c.e.params.Acts[v.Act]
			b = append(b, domain.Citation{Act: v.Act, ActTitle: act.Title, Ref: v.Ref, Confidence: v.Confidence, URL: act.URL, Interpretation: v.Interpretation})
		}
	}
	c.basis[rule] = b
	return b
}

// add appends a finding, filling in its legal basis, and records its offence.
func (c *evalCtx) add(f domain.Finding, article string) {
	f.Basis = c.citations(f.Rule)
	if f.Facts == nil {
		f.Facts = domain.Facts{}
	}
	if !f.Offence.IsZero() {
		f.Facts = append(f.Facts, domain.DateFact("offence_date", f.Offence))
		if f.Severity == domain.SeverityViolation {
			c.offences = append(c.offences, offence{rule: f.Rule, article: article, date: f.Offence})
		}
	}
	c.findings = append(c.findings, f)
}

// status returns the status of an obligation due on due and done on done
// (zero: not done). Things dated after the as-of date have not happened yet.
func (c *evalCtx) status(due, done domain.Date) domain.Status {
	if !done.IsZero() && done <= c.asOf {
		if done <= due {
			return domain.StatusDone
		}
		return domain.StatusLate
	}
	if c.asOf > due {
		return domain.StatusMissed
	}
	return domain.StatusOpen
}

// severity maps an obligation's status to a severity: open → due, done →
// info, late or missed → violation where an article sets a fine or a warning
// for it (penal), otherwise warning.
func severity(s domain.Status, penal bool) domain.Severity {
	switch s {
	case domain.StatusOpen:
		return domain.SeverityDue
	case domain.StatusDone:
		return domain.SeverityInfo
	}
	if penal {
		return domain.SeverityViolation
	}
	return domain.SeverityWarning
}

// addWorkingDays is workcal's AddWorkingDays; it reports whether the result
// is provisional.
func (c *evalCtx) addWorkingDays(d domain.Date, n int) (domain.Date, bool) {
	return c.e.cal.AddWorkingDays(d, n)
}

// fixedDeadline returns the deadline "day D of month m of year y": the
// month's last day when it has no day D, moved to the next working day when
// it is not one and shift_fixed_deadlines is on.
func (c *evalCtx) fixedDeadline(y int, m time.Month, day int) (domain.Date, bool) {
	if last := domain.DaysIn(y, m); day > last {
		day = last
	}
	d := domain.NewDate(y, m, day)
	if v, ok := c.param("shift_fixed_deadlines", d); ok && v.Bool {
		return c.e.cal.OnOrAfter(d)
	}
	return d, false
}

// fine returns the fine for an offence under article and part on date
// offence, by the employer's size when sized is true. The multiple is the
// parameter fine.ARTICLE.PART[.SIZE]; KZT is the multiple times the MCI in
// force on the offence date, nil when no MCI is known for that date. A nil
// Fine means no amount is known.
func (c *evalCtx) fine(article, part string, sized bool, offence domain.Date) *domain.Fine {
	name := "fine." + article + "." + part
	if sized {
		name += "." + string(c.rec.Employer.Size)
	}
	mci, ok := c.intParam(name, offence)
	if !ok {
		return nil
	}
	// One allocation for the fine and its amount.
	box := &struct {
		fine domain.Fine
		kzt  int64
	}{fine: domain.Fine{Article: article, Part: part, MCI: mci}}
	if rate, ok := c.intParam("mci", offence); ok {
		box.kzt = int64(mci) * int64(rate)
		box.fine.KZT = &box.kzt
	}
	return &box.fine
}

// warningFine is a penalty that is a warning only.
func warningFine(article, part string) *domain.Fine {
	var zero int64
	return &domain.Fine{Article: article, Part: part, Warning: true, KZT: &zero}
}

// isRepeat reports whether an offence under article on date d is a repeat
// (RULES.md reading 3): a penalty under the same article was imposed, and
// recorded, on a date e with e < d ≤ e + repeat_window_days. Only a recorded
// penalty known on the as-of date counts: the Code punishes an offence
// committed "repeatedly within a year after an administrative penalty was
// imposed", so an earlier offence the rules find but that nobody penalised
// does not make a repeat (it still counts for quota.risk).
func (c *evalCtx) isRepeat(article string, d domain.Date) bool {
	window, ok := c.intParam("repeat_window_days", d)
	if !ok {
		return false
	}
	return c.repeats.anyIn(c, article, d.AddDays(-window), d.AddDays(-1))
}

// repeatIndex holds the recorded penalties known on the as-of date, sorted
// by article and date, so that a repeat is one binary search. It is built on
// first use: most evaluations find no offence that could repeat.
type repeatIndex struct {
	built     bool
	penalties []penaltyOn
}

type penaltyOn struct {
	article string
	date    domain.Date
}

func comparePenalties(a, b penaltyOn) int {
	if c := strings.Compare(a.article, b.article); c != 0 {
		return c
	}
	return int(a.date) - int(b.date)
}

// anyIn reports whether a penalty under article known on c's as-of date is
// dated in [lo, hi].
func (x *repeatIndex) anyIn(c *evalCtx, article string, lo, hi domain.Date) bool {
	if !x.built {
		x.built = true
		if len(c.rec.Penalties) > 0 {
			x.penalties = make([]penaltyOn, 0, len(c.rec.Penalties))
		}
		for _, p := range c.rec.Penalties {
			if p.Date <= c.asOf {
				x.penalties = append(x.penalties, penaltyOn{p.Article, p.Date})
			}
		}
		slices.SortFunc(x.penalties, comparePenalties)
	}
	i, _ := slices.BinarySearchFunc(x.penalties, penaltyOn{article, lo}, comparePenalties)
	return i < len(x.penalties) && x.penalties[i].article == article && x.penalties[i].date <= hi
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func itoa(n int) string { return strconv.Itoa(n) }

// facts copies fs into a slab shared by the evaluation's findings (one
// allocation per few hundred facts instead of one per finding). Each slice
// has one spare slot for the offence date that add appends; a longer append
// reallocates as usual, so slices never overwrite each other.
func (c *evalCtx) facts(fs ...domain.Fact) domain.Facts {
	need := len(fs) + 1
	if cap(c.factSlab)-len(c.factSlab) < need {
		c.factSlab = make([]domain.Fact, 0, max(256, need))
	}
	start := len(c.factSlab)
	c.factSlab = append(c.factSlab, fs...)
	c.factSlab = c.factSlab[:start+need]
	return c.factSlab[start : start+len(fs) : start+need]
}
