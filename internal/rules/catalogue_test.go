package rules

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules/params"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// TestCatalogueCoversEveryRuleID: the catalogue holds every rule id once, in
// the order of the constants, each with a family, a subject and a legal
// basis; the parameters give a basis to no rule outside it.
func TestCatalogueCoversEveryRuleID(t *testing.T) {
	if got, want := IDs(), domain.RuleIDs(); !slices.Equal(got, want) {
		t.Fatalf("catalogue ids %v, want the domain's %v in that order", got, want)
	}
	p := params.Default()
	inCatalogue := map[string]bool{}
	for _, r := range Catalogue(p) {
		name := r.ID.String()
		inCatalogue[name] = true
		if id, ok := domain.ParseRuleID(name); !ok || id != r.ID {
			t.Errorf("%d: id %q does not parse back", r.ID, name)
		}
		if r.Family == "" || r.Subject == "" {
			t.Errorf("%s: family %q, subject %q", name, r.Family, r.Subject)
		}
		if r.Title == "" || len(r.Basis) == 0 {
			t.Errorf("%s: no title or no legal basis in the parameters", name)
		}
	}
	for name := range p.Rules {
		if !inCatalogue[name] {
			t.Errorf("the parameters give a basis to %q, which is not in the catalogue", name)
		}
	}
	for _, r := range catalogue {
		if (r.eval == nil) != (r.id == domain.RuleQuotaRisk) {
			t.Errorf("%s: evaluation %v; only quota.risk is evaluated by another rule", r.id, r.eval != nil)
		}
	}
}

// TestFindingSubjectsAreOfTheirRulesKind: every finding's subject is of the
// kind its catalogue entry says.
func TestFindingSubjectsAreOfTheirRulesKind(t *testing.T) {
	subject := map[domain.RuleID]Subject{}
	for _, r := range catalogue {
		subject[r.id] = r.subject
	}
	recs := synth.Generate(synth.Spec{Seed: 9, Employers: 20, Workers: 400, Trips: 2000,
		From: domain.MustDate("2022-01-01"), To: domain.MustDate("2026-10-31")})
	seen := map[domain.RuleID]bool{}
	for i := range recs {
		recs[i].Employer.StaffKZ = &[5]int{0, 1, 2, 3, 4}
		workers := map[string]bool{}
		for _, w := range recs[i].Workers {
			workers[w.ID] = true
		}
		for _, asOf := range []string{"2025-11-20", "2026-10-01"} {
			for _, f := range New(nil, nil).Evaluate(&recs[i], domain.MustDate(asOf)).Findings {
				seen[f.Rule] = true
				var ok bool
				switch subject[f.Rule] {
				case SubjectWorker:
					ok = workers[f.Subject]
				case SubjectEmployer:
					ok = f.Subject == "employer"
				case SubjectRegion:
					_, ok = domain.LookupRegion(domain.Region(f.Subject))
				case SubjectCategoryGroup:
					ok = f.Subject == "cat1-2" || f.Subject == "cat3-4"
				case SubjectCategory:
					n, err := strconv.Atoi(f.Subject)
					ok = err == nil && n >= 1 && n <= 4
				}
				if !ok {
					t.Fatalf("%s: subject %q is not a %s", f.Rule, f.Subject, subject[f.Rule])
				}
			}
		}
	}
	if len(seen) < 8 {
		t.Fatalf("only %d rules found anything: the records do not exercise the rules", len(seen))
	}
}

// plainSort is the obvious SortFindings order, names given by name.
func plainSort(fs []domain.Finding, name func(domain.RuleID) string) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		switch {
		case a.Severity.Rank() != b.Severity.Rank():
			return a.Severity.Rank() < b.Severity.Rank()
		case a.Due != b.Due:
			return a.Due > b.Due
		case name(a.Rule) != name(b.Rule):
			return name(a.Rule) < name(b.Rule)
		case a.Subject != b.Subject:
			return a.Subject < b.Subject
		case a.Period != b.Period:
			return a.Period < b.Period
		}
		return a.Message < b.Message
	})
}

// randomFindings draws n findings from small sets of values, so that many
// are equal on the leading fields. Subjects of worker rules are workers
// unless stray is set.
func randomFindings(rng *rand.Rand, n int, rules []domain.RuleID, worker func(domain.RuleID) bool, workers []string, stray bool) []domain.Finding {
	dues := []domain.Date{0, 1, -3, math.MaxInt32, math.MinInt32, domain.MustDate("2025-12-31"), domain.MustDate("2026-01-01")}
	others := []string{"employer", "KZ-75", "KZ-71", "1", "cat1-2", ""}
	fs := make([]domain.Finding, n)
	for i := range fs {
		f := &fs[i]
		f.Severity = domain.Severity(rng.IntN(6))
		if rng.IntN(3) == 0 {
			f.Due = domain.Date(rng.Int32() - rng.Int32())
		} else {
			f.Due = dues[rng.IntN(len(dues))]
		}
		f.Rule = rules[rng.IntN(len(rules))]
		if worker(f.Rule) && !(stray && rng.IntN(10) == 0) {
			f.Subject = workers[rng.IntN(len(workers))]
		} else {
			f.Subject = others[rng.IntN(len(others))]
		}
		f.Period = strconv.Itoa(rng.IntN(3))
		f.Message = string(rune('a' + rng.IntN(3)))
	}
	return fs
}

// sortKey is what the order looks at: findings with equal keys may come in
// either order.
type sortKey struct {
	sev                            int
	due                            domain.Date
	rule, subject, period, message string
}

func sortKeys(fs []domain.Finding, name func(domain.RuleID) string) []sortKey {
	out := make([]sortKey, len(fs))
	for i, f := range fs {
		out[i] = sortKey{f.Severity.Rank(), f.Due, name(f.Rule), f.Subject, f.Period, f.Message}
	}
	return out
}

// checkFastSort sorts random findings with sortedFindings under o and with
// plainSort, and compares.
func checkFastSort(t *testing.T, rng *rand.Rand, o *findingOrder, rules []domain.RuleID, name func(domain.RuleID) string) {
	t.Helper()
	workers := make([]*domain.Worker, 1+rng.IntN(40))
	ids := make([]string, len(workers))
	for i := range workers {
		workers[i] = &domain.Worker{ID: fmt.Sprintf("w%d", rng.IntN(100))}
	}
	slices.SortFunc(workers, func(a, b *domain.Worker) int { return cmpString(a.ID, b.ID) })
	for i, w := range workers {
		ids[i] = w.ID
	}
	worker := func(id domain.RuleID) bool { return o.worker[id] }
	for _, stray := range []bool{false, true} {
		fs := randomFindings(rng, rng.IntN(400), rules, worker, ids, stray)
		want := slices.Clone(fs)
		plainSort(want, name)
		got := sortedFindings(fs, workers, o)
		if g, w := sortKeys(got, name), sortKeys(want, name); !slices.Equal(g, w) {
			for i := range g {
				if g[i] != w[i] {
					t.Fatalf("%d rules (%d bits), stray subjects %v: finding %d of %d is %+v, want %+v",
						len(rules), o.ruleBits, stray, i, len(g), g[i], w[i])
				}
			}
		}
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestSortedFindingsMatchesPlainSort: the packed-key sort gives the order of
// an obvious comparator on random findings, under the real catalogue and
// under synthetic catalogues of up to 255 rules, whose ranks need more bits
// than the real one's.
func TestSortedFindingsMatchesPlainSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	known := append(IDs(), 0, 200) // no rule, and a value that names none
	for range 200 {
		checkFastSort(t, rng, &catalogueOrder, known, domain.RuleID.String)
	}
	if want := uint(bitsFor(len(catalogue))); catalogueOrder.ruleBits != want {
		t.Errorf("rule bits %d for %d rules, want %d", catalogueOrder.ruleBits, len(catalogue), want)
	}
	for _, n := range []int{15, 16, 17, 31, 32, 33, 100, 254, 255} {
		// Names in an order unrelated to the ids, so that rank ≠ id.
		names := map[domain.RuleID]string{}
		worker := map[domain.RuleID]bool{}
		perm := rng.Perm(n)
		rules := []domain.RuleID{0}
		for i := range n {
			id := domain.RuleID(i + 1)
			names[id] = fmt.Sprintf("r%03d.x", perm[i])
			worker[id] = rng.IntN(2) == 0
			rules = append(rules, id)
		}
		if n < 255 {
			rules = append(rules, domain.RuleID(n+1)) // names no rule
		}
		o := newFindingOrder(names, worker)
		if want := uint(bitsFor(n)); o.ruleBits != want {
			t.Fatalf("%d rules: %d bits, want %d", n, o.ruleBits, want)
		}
		name := func(id domain.RuleID) string { return names[id] }
		for range 40 {
			checkFastSort(t, rng, &o, rules, name)
		}
	}
}

// bitsFor is the number of bits that hold 1..n, counted the slow way.
func bitsFor(n int) int {
	b := 0
	for 1<<b <= n {
		b++
	}
	return b
}

// TestSortFindingsMatchesPlainSort: the exported sort agrees with the
// obvious comparator too.
func TestSortFindingsMatchesPlainSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	worker := func(id domain.RuleID) bool { return catalogueOrder.worker[id] }
	for range 100 {
		fs := randomFindings(rng, rng.IntN(200), append(IDs(), 0), worker, []string{"w1", "w2", "w10"}, true)
		want := slices.Clone(fs)
		plainSort(want, domain.RuleID.String)
		SortFindings(fs)
		if g, w := sortKeys(fs, domain.RuleID.String), sortKeys(want, domain.RuleID.String); !slices.Equal(g, w) {
			for i := range g {
				if g[i] != w[i] {
					t.Fatalf("finding %d of %d is %+v, want %+v", i, len(g), g[i], w[i])
				}
			}
		}
	}
}

// linearIsRepeat is isRepeat as a scan of every recorded penalty.
func linearIsRepeat(c *evalCtx, article string, d domain.Date) bool {
	window, ok := c.intParam("repeat_window_days", d)
	if !ok {
		return false
	}
	for _, p := range c.rec.Penalties {
		if p.Article == article && p.Date <= c.asOf && p.Date < d && d <= p.Date.AddDays(window) {
			return true
		}
	}
	return false
}

// TestIsRepeatMatchesLinearScan: the indexed isRepeat answers as a scan of
// the recorded penalties does, for random offences and penalties, with the
// default window and overridden ones; offences found in the records never
// make a repeat (RULES.md reading 3).
func TestIsRepeatMatchesLinearScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	base := domain.MustDate("2025-06-01")
	articles := []string{"86", "98", "518"}
	day := func() domain.Date { return base.AddDays(rng.IntN(1600) - 800) }
	repeats := 0
	for _, window := range []string{"", "0", "1", "30", "365", "100000"} {
		e := New(nil, nil)
		if window != "" {
			var err error
			if e, err = e.With([]domain.Override{{Name: "repeat_window_days", Value: window}}); err != nil {
				t.Fatal(err)
			}
		}
		for range 300 {
			rec := &domain.Records{}
			for range rng.IntN(6) {
				rec.Penalties = append(rec.Penalties, domain.Penalty{Article: articles[rng.IntN(3)], Part: "1", Date: day()})
			}
			if rng.IntN(10) == 0 {
				rec.Penalties = append(rec.Penalties, domain.Penalty{Article: "98"}) // no date
			}
			c := &evalCtx{e: e, rec: rec, asOf: day()}
			for range 30 {
				d := day()
				if rng.IntN(4) == 0 && len(rec.Penalties) > 0 {
					// Near a penalty: on its day, the day after, and
					// around the window's end.
					p := rec.Penalties[rng.IntN(len(rec.Penalties))].Date
					d = p.AddDays([]int{0, 1, 364, 365, 366}[rng.IntN(5)])
				}
				article := articles[rng.IntN(3)]
				got, want := c.isRepeat(article, d), linearIsRepeat(c, article, d)
				if got != want {
					t.Fatalf("window %q, as of %s, penalties %v: isRepeat(%s, %s) = %v, want %v",
						window, c.asOf, rec.Penalties, article, d, got, want)
				}
				if got {
					repeats++
				}
			}
		}
	}
	if repeats == 0 {
		t.Fatal("no repeat among the random offences: the test checks nothing")
	}
}
