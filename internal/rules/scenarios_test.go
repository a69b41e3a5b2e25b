package rules_test

// The scenario suite: every testdata/scenarios/*.yaml file is one employer's
// records, evaluated on its as-of date. Four tests run over them:
//
//   - TestScenarioGoldens compares the JSON of each evaluation with
//     NAME.golden.json (go test ./internal/rules/ -run Scenario -update
//     rewrites them);
//   - TestScenarioExpectations checks each scenario against findings derived
//     by hand from the specification (RULES.md §3-§5), independently of the
//     goldens: the derivation is written beside each expectation;
//   - TestScenarioOrderIndependence shuffles the records (workers, their
//     permits, permit regions, trips, address changes and applications,
//     reports, quota plans and applications, penalties) with a fixed seed
//     and requires byte-identical output;
//   - TestScenarioFindingKeysUnique checks that rule, subject and period
//     identify a finding (SCENARIO.md).
//
// The product never reads the specification: the expectations below are
// plain Go values, derived by hand and written down with their arithmetic.

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/rules/params"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

var update = flag.Bool("update", false, "rewrite the scenario golden files")

const scenarioDir = "testdata/scenarios"

// scenarioFiles returns the paths of the scenario files, sorted.
func scenarioFiles(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(scenarioDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no scenario files in %s", scenarioDir)
	}
	sort.Strings(paths)
	return paths
}

func scenarioName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".yaml")
}

// parseScenario reads and parses one scenario file.
func parseScenario(t *testing.T, path string) *scenario.File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := scenario.Parse(filepath.Base(path), data, params.Default().CheckOverride)
	if err != nil {
		t.Fatalf("parse %s:\n%v", path, err)
	}
	return f
}

// evalScenario evaluates a parsed scenario with its overrides.
func evalScenario(t *testing.T, f *scenario.File) rules.Result {
	t.Helper()
	e, err := rules.New(nil, nil).With(f.Overrides)
	if err != nil {
		t.Fatalf("overrides: %v", err)
	}
	res := e.Evaluate(&f.Records, f.AsOf)
	res.Render(i18n.For(i18n.EN))
	return res
}

// encodeResult is the golden form of a result: indented JSON, two spaces, a
// trailing newline.
func encodeResult(t *testing.T, res rules.Result) []byte {
	t.Helper()
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// firstDiff describes the first line where got and want differ, with a
// little context.
func firstDiff(got, want []byte) string {
	g := strings.Split(string(got), "\n")
	w := strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if i >= len(g) || i >= len(w) || gl != wl {
			var b strings.Builder
			fmt.Fprintf(&b, "first difference at line %d (got %d lines, want %d)\n", i+1, len(g), len(w))
			for j := max(0, i-4); j < i; j++ {
				fmt.Fprintf(&b, "    %4d  %s\n", j+1, g[j])
			}
			if i < len(w) {
				fmt.Fprintf(&b, "  - %4d  %s\n", i+1, wl)
			} else {
				fmt.Fprintf(&b, "  - %4d  (end of golden)\n", i+1)
			}
			if i < len(g) {
				fmt.Fprintf(&b, "  + %4d  %s\n", i+1, gl)
			} else {
				fmt.Fprintf(&b, "  + %4d  (end of output)\n", i+1)
			}
			return b.String()
		}
	}
	return "no difference"
}

func TestScenarioGoldens(t *testing.T) {
	for _, path := range scenarioFiles(t) {
		name := scenarioName(path)
		t.Run(name, func(t *testing.T) {
			got := encodeResult(t, evalScenario(t, parseScenario(t, path)))
			checkGolden(t, filepath.Join(scenarioDir, name+".golden.json"), got)
		})
	}
}

// TestScenarioOrderIndependence: the result must not depend on the order of
// the records. Each scenario is shuffled several times with a fixed seed.
func TestScenarioOrderIndependence(t *testing.T) {
	for _, path := range scenarioFiles(t) {
		name := scenarioName(path)
		t.Run(name, func(t *testing.T) {
			want := encodeResult(t, evalScenario(t, parseScenario(t, path)))
			rng := rand.New(rand.NewPCG(20260430, uint64(len(name))))
			for round := 0; round < 8; round++ {
				f := parseScenario(t, path)
				shuffleRecords(rng, &f.Records)
				got := encodeResult(t, evalScenario(t, f))
				if !bytes.Equal(got, want) {
					t.Fatalf("shuffle %d changed the result; %s", round, firstDiff(got, want))
				}
			}
			// Evaluating twice on the same records gives the same result
			// and leaves the records unchanged.
			f := parseScenario(t, path)
			before := fmt.Sprintf("%#v", f.Records)
			a := encodeResult(t, evalScenario(t, f))
			b := encodeResult(t, evalScenario(t, f))
			if !bytes.Equal(a, b) {
				t.Fatalf("a second evaluation differs; %s", firstDiff(b, a))
			}
			if after := fmt.Sprintf("%#v", f.Records); after != before {
				t.Fatalf("Evaluate modified the records")
			}
		})
	}
}

// TestScenarioFindingKeysUnique: rule, subject and period identify a finding
// (SCENARIO.md, "Keys that identify a finding"), so no two findings of an
// evaluation share them.
func TestScenarioFindingKeysUnique(t *testing.T) {
	for _, path := range scenarioFiles(t) {
		name := scenarioName(path)
		t.Run(name, func(t *testing.T) {
			res := evalScenario(t, parseScenario(t, path))
			seen := map[string]string{}
			for _, f := range res.Findings {
				k := f.Rule.String() + "/" + f.Subject + "/" + f.Period
				if m, dup := seen[k]; dup {
					t.Errorf("two findings with the key %s:\n  %s\n  %s", k, m, f.Message)
				}
				seen[k] = f.Message
			}
		})
	}
}

// TestScenarioFactsHaveLabels: every fact a finding of the scenarios
// carries, and every rule's title, has its words in Kazakh, Russian and
// English (the catalogue's fact.KEY and title.RULE), so that a new rule's
// facts cannot reach a reader as bare keys.
func TestScenarioFactsHaveLabels(t *testing.T) {
	facts := map[string]string{} // key: a scenario that shows it
	rulesSeen := map[domain.RuleID]bool{}
	for _, path := range scenarioFiles(t) {
		for _, f := range evalScenario(t, parseScenario(t, path)).Findings {
			rulesSeen[f.Rule] = true
			for _, fact := range f.Facts {
				facts[fact.Key] = scenarioName(path)
			}
		}
	}
	for _, id := range rules.IDs() {
		if !rulesSeen[id] {
			t.Errorf("no scenario has a finding of %s", id)
		}
	}
	for _, lang := range []i18n.Lang{i18n.EN, i18n.RU, i18n.KK} {
		l := i18n.For(lang)
		for k, where := range facts {
			if !l.Has("fact." + k) {
				t.Errorf("%s: the fact %s (scenario %s) has no label", lang, k, where)
			}
		}
		for _, id := range rules.IDs() {
			if title := l.Title(id); title == "" || title == "title."+id.String() {
				t.Errorf("%s: the rule %s has no title", lang, id)
			}
		}
	}
}

func shuffleSlice[T any](rng *rand.Rand, s []T) {
	rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
}

func shuffleRecords(rng *rand.Rand, r *domain.Records) {
	shuffleSlice(rng, r.Workers)
	for i := range r.Workers {
		w := &r.Workers[i]
		shuffleSlice(rng, w.Permits)
		for j := range w.Permits {
			shuffleSlice(rng, w.Permits[j].Regions)
		}
		shuffleSlice(rng, w.Trips)
		shuffleSlice(rng, w.AddressChanges)
		shuffleSlice(rng, w.Applications)
	}
	shuffleSlice(rng, r.Reports)
	shuffleSlice(rng, r.QuotaPlans)
	shuffleSlice(rng, r.QuotaApplications)
	shuffleSlice(rng, r.Penalties)
}

// ---------------------------------------------------------------------------
// Hand-derived expectations.

// check is one expectation about an evaluation: a finding identified by rule,
// subject and period with its severity, status, due date and, when given, its
// fine and facts; or the absence of such a finding; or a count; or the
// result's provisional flag; or the rules not evaluated (a scenario without
// that check expects every rule to have run).
type check struct {
	kind                  checkKind
	rule, subject, period string
	severity              domain.Severity
	status                domain.Status
	due                   string
	fine                  *wantFine // nil: not checked
	noFine                bool      // fine must be null
	facts                 []kv
	lacking               []string // facts that must be absent
	provisional           *bool
	n                     int      // for counts
	notEvaluated          []string // "rule parameter", in order
}

type checkKind int

const (
	kindFinding checkKind = iota
	kindAbsent
	kindCount
	kindResultProvisional
	kindNotEvaluated
)

type wantFine struct {
	article, part string
	mci           int
	kzt           int64
	warning       bool
}

type kv struct {
	key   string
	value any
}

const (
	V = domain.SeverityViolation
	W = domain.SeverityWarning
	D = domain.SeverityDue
	I = domain.SeverityInfo

	open   = domain.StatusOpen
	done   = domain.StatusDone
	late   = domain.StatusLate
	missed = domain.StatusMissed
	none   = domain.StatusNone
)

// want expects the finding rule/subject/period with this severity, status
// and due date ("" for findings that are not obligations).
func want(rule, subject, period string, sev domain.Severity, st domain.Status, due string) check {
	return check{kind: kindFinding, rule: rule, subject: subject, period: period, severity: sev, status: st, due: due}
}

// absent expects no finding rule/subject/period; "*" matches any subject or
// period.
func absent(rule, subject, period string) check {
	return check{kind: kindAbsent, rule: rule, subject: subject, period: period}
}

// count expects n findings of rule for subject ("*": any rule or subject).
func count(rule, subject string, n int) check {
	return check{kind: kindCount, rule: rule, subject: subject, n: n}
}

// resultProvisional expects the result's provisional flag.
func resultProvisional(b bool) check {
	return check{kind: kindResultProvisional, provisional: &b}
}

// notEvaluated expects exactly these rules, each with the parameter that
// was not in force, in the result's not_evaluated list, in this order.
func notEvaluated(ruleParams ...string) check {
	if len(ruleParams)%2 != 0 {
		panic("notEvaluated: odd number of arguments")
	}
	c := check{kind: kindNotEvaluated, notEvaluated: []string{}}
	for i := 0; i < len(ruleParams); i += 2 {
		c.notEvaluated = append(c.notEvaluated, ruleParams[i]+" "+ruleParams[i+1])
	}
	return c
}

// fined expects a fine of mci × MCI = kzt under article and part.
func (c check) fined(article, part string, mci int, kzt int64) check {
	c.fine = &wantFine{article: article, part: part, mci: mci, kzt: kzt}
	return c
}

// finedNoKZT expects a fine of mci under article and part whose KZT amount
// is null (no MCI known for the offence date).
func (c check) finedNoKZT(article, part string, mci int) check {
	c.fine = &wantFine{article: article, part: part, mci: mci, kzt: -1}
	return c
}

// warned expects a warning-only penalty (mci 0, kzt 0).
func (c check) warned(article, part string) check {
	c.fine = &wantFine{article: article, part: part, warning: true}
	return c
}

// nofine expects fine: null.
func (c check) nofine() check {
	c.noFine = true
	return c
}

// with expects facts: key, value pairs. Values are int, float64 (compared
// to 1e-4), bool, string (dates as YYYY-MM-DD) or []string (compared as
// sets).
func (c check) with(pairs ...any) check {
	if len(pairs)%2 != 0 {
		panic("with: odd number of arguments")
	}
	c.facts = slices.Clone(c.facts)
	for i := 0; i < len(pairs); i += 2 {
		c.facts = append(c.facts, kv{pairs[i].(string), pairs[i+1]})
	}
	return c
}

// lacks expects the finding to have none of these facts.
func (c check) lacks(keys ...string) check {
	c.lacking = append(slices.Clone(c.lacking), keys...)
	return c
}

// prov expects the finding's provisional flag.
func (c check) prov(b bool) check {
	c.provisional = &b
	return c
}

func (c check) key() string {
	return c.rule + "/" + c.subject + "/" + c.period
}

func matches(f *domain.Finding, rule, subject, period string) bool {
	return (rule == "*" || f.Rule.String() == rule) && (subject == "*" || f.Subject == subject) && (period == "*" || f.Period == period)
}

func factEqual(got, want any) bool {
	switch w := want.(type) {
	case float64:
		g, ok := got.(float64)
		return ok && math.Abs(g-w) < 1e-4
	case []string:
		g, ok := got.([]string)
		if !ok {
			return false
		}
		g, w = slices.Clone(g), slices.Clone(w)
		slices.Sort(g)
		slices.Sort(w)
		return slices.Equal(g, w)
	}
	return reflect.DeepEqual(got, want)
}

// verify checks one expectation against a result and returns the problems.
func verify(res rules.Result, c check) []string {
	switch c.kind {
	case kindResultProvisional:
		if res.Provisional != *c.provisional {
			return []string{fmt.Sprintf("result provisional = %v, want %v", res.Provisional, *c.provisional)}
		}
		return nil
	case kindNotEvaluated:
		got := []string{}
		for _, n := range res.NotEvaluated {
			got = append(got, n.Rule.String()+" "+n.Parameter)
		}
		if res.NotEvaluated == nil || !slices.Equal(got, c.notEvaluated) {
			return []string{fmt.Sprintf("not evaluated %q (nil: %v), want %q", got, res.NotEvaluated == nil, c.notEvaluated)}
		}
		return nil
	case kindCount:
		n := 0
		for i := range res.Findings {
			if matches(&res.Findings[i], c.rule, c.subject, "*") {
				n++
			}
		}
		if n != c.n {
			return []string{fmt.Sprintf("%d %s findings for subject %s, want %d", n, c.rule, c.subject, c.n)}
		}
		return nil
	case kindAbsent:
		var errs []string
		for i := range res.Findings {
			if f := &res.Findings[i]; matches(f, c.rule, c.subject, c.period) {
				errs = append(errs, fmt.Sprintf("unexpected finding %s/%s/%s (%s %s): %s", f.Rule, f.Subject, f.Period, f.Severity, f.Status, f.Message))
			}
		}
		return errs
	}
	var f *domain.Finding
	for i := range res.Findings {
		if matches(&res.Findings[i], c.rule, c.subject, c.period) {
			if f != nil {
				return []string{fmt.Sprintf("%s: more than one finding", c.key())}
			}
			f = &res.Findings[i]
		}
	}
	if f == nil {
		return []string{fmt.Sprintf("%s: no such finding", c.key())}
	}
	var errs []string
	bad := func(format string, args ...any) {
		errs = append(errs, c.key()+": "+fmt.Sprintf(format, args...))
	}
	if f.Severity != c.severity {
		bad("severity %q, want %q (%s)", f.Severity, c.severity, f.Message)
	}
	if f.Status != c.status {
		bad("status %q, want %q", f.Status, c.status)
	}
	if got := f.Due.String(); got != c.due {
		bad("due %q, want %q", got, c.due)
	}
	if c.noFine && f.Fine != nil {
		bad("fine %+v, want null", *f.Fine)
	}
	if w := c.fine; w != nil {
		switch {
		case f.Fine == nil:
			bad("fine null, want art. %s part %s, %d MCI = %d KZT, warning %v", w.article, w.part, w.mci, w.kzt, w.warning)
		default:
			g := f.Fine
			var kzt int64 = -1
			if g.KZT != nil {
				kzt = *g.KZT
			}
			if g.Article != w.article || g.Part != w.part || g.MCI != w.mci || kzt != w.kzt || g.Warning != w.warning {
				bad("fine art. %s part %s, %d MCI = %d KZT, warning %v; want art. %s part %s, %d MCI = %d KZT, warning %v",
					g.Article, g.Part, g.MCI, kzt, g.Warning, w.article, w.part, w.mci, w.kzt, w.warning)
			}
		}
	}
	for _, p := range c.facts {
		got := f.Facts.Get(p.key)
		if got == nil {
			bad("no fact %q (facts %s)", p.key, factsString(f.Facts))
			continue
		}
		if !factEqual(got, p.value) {
			bad("fact %s = %#v, want %#v", p.key, got, p.value)
		}
	}
	for _, k := range c.lacking {
		if f.Facts.Has(k) {
			bad("unexpected fact %s = %#v", k, f.Facts.Get(k))
		}
	}
	if c.provisional != nil && f.Provisional != *c.provisional {
		bad("provisional %v, want %v", f.Provisional, *c.provisional)
	}
	return errs
}

func factsString(fs domain.Facts) string {
	b, _ := json.Marshal(fs)
	return string(b)
}

func TestScenarioExpectations(t *testing.T) {
	files := map[string]bool{}
	for _, path := range scenarioFiles(t) {
		name := scenarioName(path)
		files[name] = true
		t.Run(name, func(t *testing.T) {
			checks, ok := expectations[name]
			if !ok {
				t.Fatalf("no hand-derived expectations for scenario %s", name)
			}
			res := evalScenario(t, parseScenario(t, path))
			if !slices.ContainsFunc(checks, func(c check) bool { return c.kind == kindNotEvaluated }) {
				checks = append(slices.Clip(checks), notEvaluated()) // every rule ran
			}
			for _, c := range checks {
				for _, e := range verify(res, c) {
					t.Error(e)
				}
			}
		})
	}
	for name := range expectations {
		if !files[name] {
			t.Errorf("expectations for %s, but no file %s/%s.yaml", name, scenarioDir, name)
		}
	}
}

// MCI for fines (RULES.md §4): 2022 3,063 (all year) · 2025 3,932 · 2026 4,325.

var expectations = map[string][]check{
	"permit_missing": {
		// w1: permit 12 Jan–31 Mar, as-of 30 Apr uncovered; first day without a permit 1 Apr.
		want("permit.missing", "w1", "", V, none, "").nofine().with("offence_date", "2026-04-01"),
		// w2: ICT needs a permit, none ever: since the start 2 Feb.
		want("permit.missing", "w2", "", V, none, "").nofine().with("offence_date", "2026-02-02"),
		// w6: special route; permits to 15 Feb and 16 Feb–20 Mar: uncovered from 21 Mar.
		want("permit.missing", "w6", "", V, none, "").nofine().with("offence_date", "2026-03-21"),
		// w7: the later permit starts 1 May, after the as-of date: uncovered from 1 Apr.
		want("permit.missing", "w7", "", V, none, "").nofine().with("offence_date", "2026-04-01"),
		absent("permit.missing", "w3", "*"), // eaeu: no permit needed
		absent("permit.missing", "w4", "*"), // engagement ended 31 Mar
		absent("permit.missing", "w5", "*"), // starts 4 May, after the as-of date
		absent("permit.missing", "w8", "*"), // permit from 30 Apr = as-of
		absent("permit.missing", "w9", "*"), // permit to 30 Apr = as-of
		// w10: no permit 5 Jan – 1 Feb, permit 2 Feb – 31 Mar, none since: the gap containing the as-of date
		// began 1 Apr (reading "the first day without a permit" as the first day of the current gap).
		want("permit.missing", "w10", "", V, none, "").nofine().with("offence_date", "2026-04-01"),
		count("permit.missing", "*", 5),
		// w9: end 30 Apr − as-of 30 Apr = 0 ≤ 60; due = 30 Apr − 30 days = 31 Mar < as-of: missed, warning.
		want("permit.expiring", "w9", "2026-04-30", W, missed, "2026-03-31").with("end", "2026-04-30", "window_opens", "2026-03-01"),
		// w5 starts 4 May after as-of, contract signed 27 Apr (before the as-of date): signed by the start.
		want("contract.required", "w5", "", I, done, "2026-05-04").with("required", true),
		// Contract signed Fri 24 Apr + 5 working days: Mon 27, Tue 28, Wed 29, Thu 30 Apr, (1 May holiday, 2-3 weekend) Mon 4 May; registered 28 Apr.
		want("contract.esutd", "w8", "2026-04-24", I, done, "2026-05-04"),
		// Signed Fri 9 Jan + 5: 12, 13, 14, 15, 16 Jan; registered 13 Jan.
		want("contract.esutd", "w1", "2026-01-09", I, done, "2026-01-16"),
		// Reports: Jan due Fri 30 Jan (done 28 Jan); Feb: 28 Feb is a Saturday → Mon 2 Mar (done 27 Feb);
		// Mar: Mon 30 Mar (done 27 Mar); Apr: Thu 30 Apr = as-of, not submitted: open.
		want("report.monthly", "employer", "2026-01", I, done, "2026-01-30"),
		want("report.monthly", "employer", "2026-02", I, done, "2026-03-02"),
		want("report.monthly", "employer", "2026-03", I, done, "2026-03-30"),
		want("report.monthly", "employer", "2026-04", D, open, "2026-04-30"),
		count("report.monthly", "*", 4),
		// Quota for 2027: only w8 (permit basis) is engaged on 1 Jan 2027 with a permit valid then (KZ-75);
		// w7's later permit ends 31 Dec 2026. Deadline Wed 30 Sep 2026, open.
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 1, "planned", 0),
		// permit.missing violations dated 2 Feb, 21 Mar and 1 Apr 2026 lie in 30 Sep 2025 – 30 Sep 2026.
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"permit.missing"}),
		// permit.missing violations stand on the as-of date: new permits may be refused until
		// 30 Apr 2026 + 365 = 30 Apr 2027.
		want("permit.refusal_risk", "employer", "", W, none, "").nofine().with("until", "2027-04-30", "reasons", []string{"permit.missing"}),
		// No staff data: one info for cat3-4 (permit workers w1, w7, w8, w9 engaged); none for cat1-2 (w2 is ICT).
		want("local_content.ratio", "cat3-4", "", I, none, ""),
		absent("local_content.ratio", "cat1-2", "*"),
		absent("iin.missing", "*", "*"),
		resultProvisional(false),
	},
	"permit_expiring": {
		// w1: 29 Jun − 30 Apr = 60 ≤ 60; due 29 Jun − 30 = Sat 30 May (not moved); window opens 29 Jun − 60 = 30 Apr.
		want("permit.expiring", "w1", "2026-06-29", D, open, "2026-05-30").with("end", "2026-06-29", "window_opens", "2026-04-30"),
		absent("permit.expiring", "w2", "*"), // 30 Jun − 30 Apr = 61 > 60
		// w3: end 20 May; due 20 Apr < as-of 30 Apr: warning, missed.
		want("permit.expiring", "w3", "2026-05-20", W, missed, "2026-04-20").nofine().with("end", "2026-05-20", "window_opens", "2026-03-21"),
		absent("permit.expiring", "w4", "*"), // renewal from 1 Jun = end + 1
		// w5: next permit from 5 Jun > end + 1 (1 Jun): not a renewal; due 31 May − 30 = 1 May.
		want("permit.expiring", "w5", "2026-05-31", D, open, "2026-05-01").with("end", "2026-05-31", "window_opens", "2026-04-01"),
		absent("permit.expiring", "w6", "*"), // engagement ends 31 May = permit end
		// w7: end 30 May; due 30 Apr = as-of: not past it, open.
		want("permit.expiring", "w7", "2026-05-30", D, open, "2026-04-30").with("end", "2026-05-30", "window_opens", "2026-03-31"),
		absent("permit.expiring", "w8", "*"), // later permit 1 May–30 Apr 2027: starts ≤ end + 1, ends after end
		// w9: engaged to 15 Jun, after the permit's end 31 May; no renewal: due 1 May.
		want("permit.expiring", "w9", "2026-05-31", D, open, "2026-05-01"),
		count("permit.expiring", "*", 5),
		absent("permit.missing", "*", "*"),
		// 1 Jan 2027: w4 (to 31 May 2027), w5 (to 4 Jun 2027), w8 (to 30 Apr 2027) hold KZ-75 permits.
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 3, "planned", 0),
		absent("quota.risk", "*", "*"), // no violation, no penalty, no staff data
		// Signed Fri 27 Feb + 5 working days: 2, 3, 4, 5, 6 Mar; registered 3 Mar.
		want("contract.esutd", "w1", "2026-02-27", I, done, "2026-03-06"),
		want("report.monthly", "employer", "2026-03", I, done, "2026-03-30"),
		want("report.monthly", "employer", "2026-04", D, open, "2026-04-30"),
		count("report.monthly", "*", 2),
	},
	"trip_limit_violation": {
		// Days outside KZ-75: 2 Feb–31 Mar = 27 + 31 = 58; KZ-23 20 Mar–10 Apr overlaps 20–31 Mar (once): +10 = 68;
		// KZ-75 in May: own region, 0; KZ-47 1–30 Jun: +30 = 98. Day 68 = 10 Apr, day 69 = 1 Jun, day 91 = 23 Jun ≤ as-of 30 Jun.
		want("trip.limit", "w1", "2026", V, none, "").nofine().with("days", 98, "limit", 90, "exceeds_on", "2026-06-23", "offence_date", "2026-06-23"),
		count("trip.limit", "*", 1),
		// Mon 2 Feb + 3 working days: 3, 4, 5 Feb.
		want("trip.notice", "w1", "2026-02-02", I, done, "2026-02-05"),
		// Fri 20 Mar + 3: (21-22 weekend, 23 Nauryz, 24-25 moved) Thu 26, Fri 27, Mon 30 Mar.
		want("trip.notice", "w1", "2026-03-20", I, done, "2026-03-30"),
		// Mon 4 May + 3: 5, 6, (7 May holiday) 8 May. A trip to the own region is still notified.
		want("trip.notice", "w1", "2026-05-04", I, done, "2026-05-08"),
		// Mon 1 Jun + 3: 2, 3, 4 Jun.
		want("trip.notice", "w1", "2026-06-01", I, done, "2026-06-04"),
		// w2 (EAEU) has no permit regions: the 90-day limit does not apply (RULES.md is silent; see the report).
		absent("trip.limit", "w2", "*"),
		// Mon 2 Feb + 3: 3, 4, 5 Feb; notified 3 Feb.
		want("trip.notice", "w2", "2026-02-02", I, done, "2026-02-05"),
		count("trip.notice", "*", 5),
		// May report: 30 May is a Saturday → Mon 1 Jun; submitted 1 Jun: on time.
		want("report.monthly", "employer", "2026-05", I, done, "2026-06-01"),
		want("report.monthly", "employer", "2026-03", I, done, "2026-03-30"),
		want("report.monthly", "employer", "2026-06", D, open, "2026-06-30"),
		// The trip.limit violation (23 Jun 2026) is in the window 30 Sep 2025 – 30 Sep 2026.
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 1, "planned", 0),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"trip.limit"}),
		// Signed Mon 29 Dec 2025 + 5: 30, 31 Dec, (1-2 Jan holidays, 3-4 weekend) 5, 6, (7 Jan) 8 Jan 2026.
		want("contract.esutd", "w1", "2025-12-29", I, done, "2026-01-08"),
	},
	"trip_limit_year_split": {
		// 2025: 1 Oct–30 Nov = 31 + 30 = 61; 1–31 Dec (first part of the crossing trip) = 31: 92 > 90.
		// Day 61 = 30 Nov, day 62 = 1 Dec, day 91 = 30 Dec 2025 ≤ as-of: violation.
		want("trip.limit", "w1", "2025", V, none, "").nofine().with("days", 92, "limit", 90, "exceeds_on", "2025-12-30"),
		// 2026: 1–20 Jan = 20 days: info.
		want("trip.limit", "w1", "2026", I, none, "").with("days", 20, "limit", 90).lacks("exceeds_on"),
		// Wed 1 Oct 2025 + 3: 2, 3, 6 Oct. Mon 1 Dec 2025 + 3: 2, 3, 4 Dec.
		want("trip.notice", "w1", "2025-10-01", I, done, "2025-10-06"),
		want("trip.notice", "w1", "2025-12-01", I, done, "2025-12-04"),
		// Reports Sep 2025 (Tue 30 Sep), Oct (Thu 30 Oct), Nov (Sun 30 Nov → Mon 1 Dec), Dec (Tue 30 Dec),
		// Jan 2026 (Fri 30 Jan) all on time; Feb 2026 (Sat 28 Feb → Mon 2 Mar) open.
		want("report.monthly", "employer", "2025-09", I, done, "2025-09-30"),
		want("report.monthly", "employer", "2025-10", I, done, "2025-10-30"),
		want("report.monthly", "employer", "2025-11", I, done, "2025-12-01"),
		want("report.monthly", "employer", "2025-12", I, done, "2025-12-30"),
		want("report.monthly", "employer", "2026-01", I, done, "2026-01-30"),
		want("report.monthly", "employer", "2026-02", D, open, "2026-03-02"),
		count("report.monthly", "*", 6),
		// Signed Wed 10 Sep 2025 + 5: 11, 12, 15, 16, 17 Sep.
		want("contract.esutd", "w1", "2025-09-10", I, done, "2025-09-17"),
		// The permit ends 31 Dec 2026: nothing valid on 1 Jan 2027, no plans: no quota application.
		absent("quota.application", "*", "*"),
		absent("quota.risk", "*", "*"),
	},
	"trip_limit_regions": {
		// w1: KZ-71 is a region of permit 1: 0. KZ-23 1–10 Feb (overlapping the KZ-71 trip): 10.
		// KZ-47 March: the KZ-47 permit is valid from 15 Mar, so 1–14 Mar count: 14. Total 24: info.
		want("trip.limit", "w1", "2026", I, none, "").with("days", 24, "limit", 90).lacks("exceeds_on"),
		// w2 (ICT, needs a permit): KZ-79 20 Apr–5 May = 11 + 5 (planned) = 16.
		want("trip.limit", "w2", "2026", I, none, "").with("days", 16, "limit", 90),
		// Mon 12 Jan + 3: 13, 14, 15. Sun 1 Feb + 3: 2, 3, 4 Feb. Sun 1 Mar + 3: 2, 3, 4 Mar. Mon 20 Apr + 3: 21, 22, 23.
		want("trip.notice", "w1", "2026-01-12", I, done, "2026-01-15"),
		want("trip.notice", "w1", "2026-02-01", I, done, "2026-02-04"),
		want("trip.notice", "w1", "2026-03-01", I, done, "2026-03-04"),
		want("trip.notice", "w2", "2026-04-20", I, done, "2026-04-23"),
		// 1 Jan 2027: w1 (permit basis) holds permit 1 for KZ-75 and KZ-71: one application per region.
		// The KZ-47 permit ends 31 Dec 2026; w2 is ICT (no quota).
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 1, "planned", 0),
		want("quota.application", "KZ-71", "2027", D, open, "2026-09-30").with("permits", 1, "planned", 0),
		absent("quota.application", "KZ-47", "*"),
		absent("quota.risk", "*", "*"),
		absent("permit.missing", "*", "*"),
	},
	"trip_limit_planned": {
		// w1: 12 Jan–13 Mar = 20 + 28 + 13 = 61 spent; planned 4 May–12 Jun = 28 + 12 = 40; total 101.
		// Day 62 = 4 May, day 91 = 4 May + 29 = 2 Jun, after the as-of date: planned breach.
		want("trip.limit", "w1", "2026", W, none, "").nofine().with("days", 101, "limit", 90, "exceeds_on", "2026-06-02"),
		// w2: 6 Jan–10 Apr = 26 + 28 + 31 + 10 = 95; day 91 = 6 Apr = as-of: violation.
		want("trip.limit", "w2", "2026", V, none, "").nofine().with("days", 95, "exceeds_on", "2026-04-06", "offence_date", "2026-04-06"),
		// w3: 7 Jan–10 Apr = 94; day 91 = 7 Apr, the day after the as-of date: warning.
		want("trip.limit", "w3", "2026", W, none, "").nofine().with("days", 94, "exceeds_on", "2026-04-07"),
		// Planned trip Mon 4 May: due 5, 6, (7 May) 8 May; not notified yet: open.
		want("trip.notice", "w1", "2026-05-04", D, open, "2026-05-08"),
		want("trip.notice", "w1", "2026-01-12", I, done, "2026-01-15"),
		// Tue 6 Jan + 3: (7 Jan holiday) 8, 9, 12 Jan. Wed 7 Jan (holiday) + 3: 8, 9, 12 Jan.
		want("trip.notice", "w2", "2026-01-06", I, done, "2026-01-12"),
		want("trip.notice", "w3", "2026-01-07", I, done, "2026-01-12"),
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 3, "planned", 0),
		// Only w2's breach (6 Apr 2026) is a violation; planned breaches are not.
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"trip.limit"}),
	},
	"trip_limit_approaching": {
		// w1: 1 Feb–21 Apr = 28 + 31 + 21 = 80 ≥ 80: approaching.
		want("trip.limit", "w1", "2026", W, none, "").with("days", 80, "limit", 90).lacks("exceeds_on"),
		// w2: 1 Feb–20 Apr = 79 < 80: info.
		want("trip.limit", "w2", "2026", I, none, "").with("days", 79, "limit", 90),
		// w3: 2 Feb–1 Mar = 28 spent + 1 Jun–22 Jul = 30 + 22 = 52 planned: 80 with planned trips.
		want("trip.limit", "w3", "2026", W, none, "").with("days", 80).lacks("exceeds_on"),
		// w4: 5 Jan–4 Apr = 27 + 28 + 31 + 4 = 90: at the limit, not over it.
		want("trip.limit", "w4", "2026", W, none, "").with("days", 90, "limit", 90).lacks("exceeds_on"),
		// Planned trip Mon 1 Jun: 2, 3, 4 Jun, open.
		want("trip.notice", "w3", "2026-06-01", D, open, "2026-06-04"),
		// Mon 5 Jan + 3: 6, (7 Jan) 8, 9 Jan.
		want("trip.notice", "w4", "2026-01-05", I, done, "2026-01-09"),
		// May report: Sat 30 May → Mon 1 Jun, open.
		want("report.monthly", "employer", "2026-05", D, open, "2026-06-01"),
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 4, "planned", 0),
		absent("quota.risk", "*", "*"),
	},
	"trip_limit_override": {
		// Limit 100 (override). w1: 2 Feb–7 May = 27 + 31 + 30 + 7 = 95 ≤ 100, ≥ 80: approaching.
		want("trip.limit", "w1", "2026", W, none, "").with("days", 95, "limit", 100).lacks("exceeds_on"),
		// w2: 2 Feb–13 May = 101 > 100: the 101st day is 2 Feb + 100 = 13 May ≤ as-of.
		want("trip.limit", "w2", "2026", V, none, "").nofine().with("days", 101, "limit", 100, "exceeds_on", "2026-05-13"),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"trip.limit"}),
	},
	"trip_notice_nauryz": {
		// Thu 19 Mar 2026 + 3 working days: Fri 20 (1); 21-22 weekend, 23 Nauryz, 24-25 moved days off;
		// Thu 26 (2), Fri 27 (3): due 27 Mar. Offence when late or missed: 28 Mar. Medium: 15 MCI × 4,325 = 64,875.
		want("trip.notice", "w1", "2026-03-19", I, done, "2026-03-27"),
		want("trip.notice", "w2", "2026-03-19", V, late, "2026-03-27").fined("518", "1", 15, 64875).with("offence_date", "2026-03-28"),
		want("trip.notice", "w3", "2026-03-19", V, missed, "2026-03-27").fined("518", "1", 15, 64875).with("offence_date", "2026-03-28"),
		// w4 notified 20 Apr, after the as-of date 15 Apr: not known, so missed.
		want("trip.notice", "w4", "2026-03-19", V, missed, "2026-03-27").fined("518", "1", 15, 64875),
		// w5 (EAEU) Fri 20 Mar + 3: 26, 27, Mon 30 Mar; notified 30 Mar.
		want("trip.notice", "w5", "2026-03-20", I, done, "2026-03-30"),
		// w1's trip 19–31 Mar outside KZ-75: 13 days.
		want("trip.limit", "w1", "2026", I, none, "").with("days", 13),
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 4, "planned", 0),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"trip.notice"}),
	},
	"trip_notice_working_sunday": {
		// Thu 2 Jan 2025 + 3: Fri 3 (day off moved from Sun 5), Sat 4, Sun 5 working (1), Mon 6 (2),
		// Tue 7 Christmas, Wed 8 (3): due 8 Jan.
		want("trip.notice", "w1", "2025-01-02", I, done, "2025-01-08"),
		// Fri 3 Jan + 3: Sun 5 (1), Mon 6 (2), Wed 8 (3).
		want("address.notice", "w1", "2025-01-03", I, done, "2025-01-08"),
		// Mon 30 Dec 2024 + 3: Tue 31 Dec (1), Sun 5 Jan (2), Mon 6 Jan (3).
		want("trip.notice", "w2", "2024-12-30", I, done, "2025-01-06"),
		// Notified 9 Jan: late; offence 9 Jan 2025; small: 10 MCI × 3,932 = 39,320.
		want("trip.notice", "w2", "2025-01-02", V, late, "2025-01-08").fined("518", "1", 10, 39320).with("offence_date", "2025-01-09"),
		// Reports: Mon 30 Dec 2024, Thu 30 Jan 2025, Fri 28 Feb 2025 (open).
		want("report.monthly", "employer", "2024-12", I, done, "2024-12-30"),
		want("report.monthly", "employer", "2025-01", I, done, "2025-01-30"),
		want("report.monthly", "employer", "2025-02", D, open, "2025-02-28"),
		count("report.monthly", "*", 3),
		absent("contract.esutd", "*", "*"), // contracts signed in 2024, before 1 Sep 2025
		absent("iin.missing", "*", "*"),    // as-of before 1 Sep 2025
		// w2 2024: 30–31 Dec = 2; 2025: KZ-23 1–6 Jan and KZ-71 2–20 Jan overlap: 1–20 Jan = 20. w1 2025: 2–20 Jan = 19.
		want("trip.limit", "w2", "2024", I, none, "").with("days", 2),
		want("trip.limit", "w2", "2025", I, none, "").with("days", 20),
		want("trip.limit", "w1", "2025", I, none, "").with("days", 19),
		absent("quota.application", "*", "*"), // permits end 1 Dec 2025: none valid on 1 Jan 2026
		resultProvisional(false),
	},
	"address_notice": {
		// Wed 6 May + 3: (7 May holiday) Fri 8 (1), (11 May moved from Sat 9 May) Tue 12 (2), Wed 13 (3).
		want("address.notice", "w1", "2026-05-06", I, done, "2026-05-13"),
		// Mon 25 May + 3: Tue 26 (1), (27 May Kurban Ait) Thu 28 (2), Fri 29 (3). Notified 1 Jun: late,
		// offence 30 May; large: 20 MCI × 4,325 = 86,500.
		want("address.notice", "w1", "2026-05-25", V, late, "2026-05-29").fined("518", "1", 20, 86500).with("offence_date", "2026-05-30"),
		// Mon 1 Jun + 3: 2, 3, 4 Jun. Notified 20 Jun, after the as-of date: missed, offence 5 Jun.
		want("address.notice", "w1", "2026-06-01", V, missed, "2026-06-04").fined("518", "1", 20, 86500).with("offence_date", "2026-06-05"),
		// Wed 10 Jun + 3: 11, 12, Mon 15 Jun = as-of: open.
		want("address.notice", "w1", "2026-06-10", D, open, "2026-06-15"),
		// Thu 30 Apr + 3: (1 May holiday) Mon 4 (1), Tue 5 (2), Wed 6 (3).
		want("address.notice", "w2", "2026-04-30", I, done, "2026-05-06"),
		count("address.notice", "*", 5),
		// Signed Fri 27 Mar + 5: 30, 31 Mar, 1, 2, 3 Apr.
		want("contract.esutd", "w1", "2026-03-27", I, done, "2026-04-03"),
		want("report.monthly", "employer", "2026-05", I, done, "2026-06-01"),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"address.notice"}),
	},
	"report_monthly_deadlines_2025": {
		want("report.monthly", "employer", "2025-01", I, done, "2025-01-30"), // Thu
		want("report.monthly", "employer", "2025-02", I, done, "2025-02-28"), // no 30th: last day, Fri 28 Feb
		want("report.monthly", "employer", "2025-03", I, done, "2025-03-31"), // Sun 30 → Mon 31
		want("report.monthly", "employer", "2025-04", I, done, "2025-04-30"), // Wed
		want("report.monthly", "employer", "2025-05", I, done, "2025-05-30"), // Fri
		want("report.monthly", "employer", "2025-06", I, done, "2025-06-30"), // Mon
		want("report.monthly", "employer", "2025-07", I, done, "2025-07-30"), // Wed
		// Sat 30 Aug 2025 (Constitution Day), Sun 31 Aug, Mon 1 Sep (its day off, moved): Tue 2 Sep.
		want("report.monthly", "employer", "2025-08", I, done, "2025-09-02"),
		want("report.monthly", "employer", "2025-09", I, done, "2025-09-30"), // Tue
		want("report.monthly", "employer", "2025-10", D, open, "2025-10-30"), // Thu, after the as-of date
		count("report.monthly", "*", 10),
		// Quota 2026: the permit (to 5 Jan 2026) is valid on 1 Jan 2026; due Tue 30 Sep 2025, submitted that day.
		want("quota.application", "KZ-75", "2026", I, done, "2025-09-30").with("permits", 1, "planned", 0),
		absent("quota.risk", "*", "*"),
		absent("permit.expiring", "*", "*"), // 5 Jan 2026 − 15 Oct 2025 = 82 > 60
		absent("iin.missing", "*", "*"),
		resultProvisional(false),
	},
	"report_monthly_deadlines_2026": {
		want("report.monthly", "employer", "2026-01", I, done, "2026-01-30"), // Fri
		want("report.monthly", "employer", "2026-02", I, done, "2026-03-02"), // last day Sat 28 Feb → Mon 2 Mar
		want("report.monthly", "employer", "2026-03", I, done, "2026-03-30"), // Mon
		want("report.monthly", "employer", "2026-04", I, done, "2026-04-30"), // Thu
		want("report.monthly", "employer", "2026-05", I, done, "2026-06-01"), // Sat 30 May → Mon 1 Jun
		want("report.monthly", "employer", "2026-06", I, done, "2026-06-30"), // Tue
		want("report.monthly", "employer", "2026-07", I, done, "2026-07-30"), // Thu
		// Sun 30 Aug 2026 → Mon 31 Aug: a working day in 2026 (no Constitution Day holiday).
		want("report.monthly", "employer", "2026-08", I, done, "2026-08-31"),
		want("report.monthly", "employer", "2026-09", I, done, "2026-09-30"), // Wed
		want("report.monthly", "employer", "2026-10", I, done, "2026-10-30"), // Fri
		want("report.monthly", "employer", "2026-11", I, done, "2026-11-30"), // Mon
		want("report.monthly", "employer", "2026-12", D, open, "2026-12-30"), // Wed
		count("report.monthly", "*", 12),
		want("quota.application", "KZ-75", "2027", I, done, "2026-09-30").with("permits", 1, "planned", 0),
		// Permit ends 4 Jan 2027: 34 days after the as-of date; due 4 Jan − 30 = 5 Dec 2026; window opens 5 Nov.
		want("permit.expiring", "w1", "2027-01-04", D, open, "2026-12-05").with("end", "2027-01-04", "window_opens", "2026-11-05"),
		resultProvisional(false),
	},
	"report_monthly_repeat": {
		want("report.monthly", "employer", "2026-01", I, done, "2026-01-30"),
		// February: due Sat 28 Feb → Mon 2 Mar; missing; offence 3 Mar; first offence: warning only.
		want("report.monthly", "employer", "2026-02", V, missed, "2026-03-02").warned("98", "5").with("repeat", false, "offence_date", "2026-03-03"),
		// March: due Mon 30 Mar, submitted 3 Apr; offence 31 Mar. February's offence was never penalised
		// and no Art. 98 penalty is recorded: not a repeat (reading 3), a warning again.
		want("report.monthly", "employer", "2026-03", V, late, "2026-03-30").warned("98", "5").with("repeat", false, "offence_date", "2026-03-31"),
		want("report.monthly", "employer", "2026-04", I, done, "2026-04-30"),
		want("report.monthly", "employer", "2026-05", I, done, "2026-06-01"),
		want("report.monthly", "employer", "2026-06", D, open, "2026-06-30"),
		count("report.monthly", "*", 6),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"report.monthly"}),
	},
	"report_monthly_repeat_recorded": {
		// The records of report_monthly_repeat with the Art. 98 penalty imposed on 20 Mar 2026 for February.
		// February: offence 3 Mar, before the penalty: a warning.
		want("report.monthly", "employer", "2026-02", V, missed, "2026-03-02").warned("98", "5").with("repeat", false, "offence_date", "2026-03-03"),
		// March: offence 31 Mar; 20 Mar < 31 Mar ≤ 20 Mar 2026 + 365: repeat, 10 MCI × 4,325 = 43,250.
		want("report.monthly", "employer", "2026-03", V, late, "2026-03-30").fined("98", "5", 10, 43250).with("repeat", true, "offence_date", "2026-03-31"),
		want("report.monthly", "employer", "2026-01", I, done, "2026-01-30"),
		want("report.monthly", "employer", "2026-06", D, open, "2026-06-30"),
		count("report.monthly", "*", 6),
		// Window 30 Sep 2025 – 30 Sep 2026: the penalty and both offences.
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"CoAO 98", "report.monthly"}),
		absent("permit.refusal_risk", "*", "*"),
	},
	"report_monthly_repeat_penalty": {
		// Due Fri 30 Jan, submitted 2 Feb; offence 31 Jan 2026. Penalty 31 Jan 2025 + 365 = 31 Jan 2026 ≥ offence: repeat.
		want("report.monthly", "employer", "2026-01", V, late, "2026-01-30").fined("98", "5", 10, 43250).with("repeat", true, "offence_date", "2026-01-31"),
		want("report.monthly", "employer", "2026-02", I, done, "2026-03-02"),
		want("report.monthly", "employer", "2026-03", D, open, "2026-03-30"),
		// The penalty (31 Jan 2025) is before the window 30 Sep 2025 – 30 Sep 2026; the report offence is in it.
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"report.monthly"}),
	},
	"report_monthly_penalties_ignored": {
		// Offence 31 Jan 2026. Art. 98 penalty 30 Jan 2025: + 365 = 30 Jan 2026 < offence, not a repeat;
		// Art. 98 penalty 1 Apr 2026 is after the as-of date: unknown; Art. 518 is another article. First offence.
		want("report.monthly", "employer", "2026-01", V, missed, "2026-01-30").warned("98", "5").with("repeat", false, "offence_date", "2026-01-31"),
		want("report.monthly", "employer", "2026-02", I, done, "2026-03-02"),
		want("report.monthly", "employer", "2026-03", D, open, "2026-03-30"),
		// Window 30 Sep 2025 – 30 Sep 2026: Art. 518 penalty 10 Jan 2026 and the report offence; the future
		// Art. 98 penalty is unknown and the 2025 one is outside.
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"CoAO 518", "report.monthly"}),
	},
	"report_monthly_lookback": {
		// Window: May 2025 to May 2026 (13 months). March and April 2025 give no finding.
		absent("report.monthly", "employer", "2025-03"),
		absent("report.monthly", "employer", "2025-04"),
		// March 2025 unsubmitted: due Sun 30 Mar → Mon 31 Mar 2025, offence 1 Apr 2025 (outside the window).
		// May 2025: due Fri 30 May, missing, offence 31 May 2025. No penalty is recorded: the March offence
		// does not make it a repeat (reading 3): a warning.
		want("report.monthly", "employer", "2025-05", V, missed, "2025-05-30").warned("98", "5").with("repeat", false, "offence_date", "2025-05-31"),
		want("report.monthly", "employer", "2025-06", I, done, "2025-06-30"),
		want("report.monthly", "employer", "2025-08", I, done, "2025-09-02"),
		want("report.monthly", "employer", "2025-11", I, done, "2025-12-01"),
		want("report.monthly", "employer", "2026-02", I, done, "2026-03-02"),
		want("report.monthly", "employer", "2026-04", I, done, "2026-04-30"),
		want("report.monthly", "employer", "2026-05", D, open, "2026-06-01"),
		count("report.monthly", "*", 13),
		// Quota 2027: the second permit (to 2 Mar 2027) is valid on 1 Jan 2027. The report offences
		// (1 Apr and 31 May 2025) are before the window 30 Sep 2025 – 30 Sep 2026: no risk.
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 1, "planned", 0),
		absent("quota.risk", "*", "*"),
	},
	"report_monthly_engaged": {
		// January and February: the ICT worker (12 Jan – 3 Feb). March: w5 (permit basis, no permit).
		want("report.monthly", "employer", "2026-01", I, done, "2026-01-30"),
		want("report.monthly", "employer", "2026-02", I, done, "2026-03-02"),
		want("report.monthly", "employer", "2026-03", I, done, "2026-03-30"),
		// April: w4 starts 20 Apr, after the as-of date 10 Apr; EAEU and branch head do not count.
		absent("report.monthly", "employer", "2026-04"),
		count("report.monthly", "*", 3),
		absent("permit.missing", "*", "*"), // w5 and w3 are no longer engaged, w4 not yet
		want("contract.required", "w4", "", I, done, "2026-04-20").with("required", true),
		want("contract.required", "w2", "", I, none, "").with("required", false),
		want("contract.required", "w3", "", I, none, "").with("required", false),
		// Mon 6 Apr + 5: 7, 8, 9, 10, 13 Apr; not registered, as-of 10 Apr: open.
		want("contract.esutd", "w4", "2026-04-06", D, open, "2026-04-13"),
		// Fri 13 Mar + 5: 16–20 Mar. Thu 30 Oct 2025 + 5: 31 Oct, 3, 4, 5, 6 Nov.
		want("contract.esutd", "w5", "2026-03-13", I, done, "2026-03-20"),
		want("contract.esutd", "w1", "2025-10-30", I, done, "2025-11-06"),
		absent("local_content.ratio", "*", "*"), // no permit worker engaged on the as-of date
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 1, "planned", 0),
		absent("quota.risk", "*", "*"),
	},
	"contract_required_bases": {
		want("contract.required", "w1", "", I, done, "2026-02-02").with("required", true), // signed 28 Jan ≤ start 2 Feb
		want("contract.required", "w2", "", I, none, "").with("required", false),          // branch_head
		want("contract.required", "w3", "", I, none, "").with("required", false),          // ict
		want("contract.required", "w4", "", I, none, "").with("required", false),          // special_route
		want("contract.required", "w5", "", I, none, "").with("required", false),          // business_visit
		// Start 11 May after the as-of date, nothing signed: due on the start, open.
		want("contract.required", "w6", "", D, open, "2026-05-11").with("required", true),
		want("contract.required", "w7", "", I, done, "2026-04-01").with("required", true), // exempt_director
		want("contract.required", "w8", "", I, done, "2026-03-02").with("required", true), // signed on the start day
		want("contract.required", "w9", "", I, done, "2026-04-06").with("required", true), // self_employment
		// Start 4 May; the contract dated 2 May is after the as-of date: not signed yet, due.
		want("contract.required", "w10", "", D, open, "2026-05-04").with("required", true),
		count("contract.required", "*", 10),
		// Wed 28 Jan + 5: 29, 30 Jan, 2, 3, 4 Feb. Mon 30 Mar + 5: 31 Mar, 1, 2, 3, 6 Apr.
		want("contract.esutd", "w1", "2026-01-28", I, done, "2026-02-04"),
		want("contract.esutd", "w7", "2026-03-30", I, done, "2026-04-06"),
		// Mon 2 Mar + 5: 3, 4, 5, 6, (9 Mar moved from Sun 8 Mar) 10 Mar.
		want("contract.esutd", "w8", "2026-03-02", I, done, "2026-03-10"),
		want("contract.esutd", "w9", "2026-04-06", I, done, "2026-04-13"),
		absent("contract.esutd", "w10", "*"), // signed after the as-of date
		// 1 Jan 2027, basis permit: w1 (permit to 1 Feb 2027) and w6 (to 10 May 2027).
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 2, "planned", 0),
		absent("quota.risk", "*", "*"),
		absent("permit.missing", "*", "*"),
		want("report.monthly", "employer", "2026-04", D, open, "2026-04-30"),
		want("local_content.ratio", "cat3-4", "", I, none, ""), // w1 only; no staff data
		absent("local_content.ratio", "cat1-2", "*"),           // branch head and director are not on permits
	},
	"contract_required_repeat": {
		// w1: signed 5 Feb after the start 2 Feb: offence 2 Feb; medium part 1: 80 × 4,325 = 346,000.
		want("contract.required", "w1", "", V, late, "2026-02-02").fined("86", "1", 80, 346000).with("repeat", false, "offence_date", "2026-02-02"),
		// w4: same start day, no contract: not after 2 Feb, so part 1.
		want("contract.required", "w4", "", V, missed, "2026-02-02").fined("86", "1", 80, 346000).with("repeat", false),
		// w2: offence 2 Mar, after w1's and w4's of 2 Feb, but no Art. 86 penalty is recorded: an offence
		// the rules find does not make a repeat (reading 3): part 1, medium 80 × 4,325 = 346,000.
		want("contract.required", "w2", "", V, missed, "2026-03-02").fined("86", "1", 80, 346000).with("repeat", false, "offence_date", "2026-03-02"),
		// w3: contract dated 2 May, after the as-of date: unsigned; offence 1 Apr; part 1 likewise.
		want("contract.required", "w3", "", V, missed, "2026-04-01").fined("86", "1", 80, 346000).with("repeat", false),
		// Thu 5 Feb + 5: 6, 9, 10, 11, 12 Feb.
		want("contract.esutd", "w1", "2026-02-05", I, done, "2026-02-12"),
		absent("contract.esutd", "w3", "*"),
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 2, "planned", 0),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"contract.required"}),
	},
	"ict_term": {
		// Cap = start + 4 years − 1 day. w1: 16 Jun 2022 + 4 y = 16 Jun 2026, cap 15 Jun 2026 = as-of:
		// engaged, 0 ≤ 90 days, no end: a warning due on the cap.
		want("ict.term", "w1", "2022-06-16", W, none, "2026-06-15").nofine().with("start", "2022-06-16", "cap", "2026-06-15").lacks("offence_date"),
		// w2: cap 14 Jun 2026 < as-of 15 Jun, still engaged: a violation from cap + 1 = 15 Jun; no fine encoded.
		want("ict.term", "w2", "2022-06-15", V, none, "").nofine().with("start", "2022-06-15", "cap", "2026-06-14", "offence_date", "2026-06-15"),
		// w3: cap 13 Sep 2026; 13 Sep − 15 Jun = 15 + 31 + 31 + 13 = 90 ≤ 90: a warning.
		want("ict.term", "w3", "2022-09-14", W, none, "2026-09-13").with("cap", "2026-09-13"),
		absent("ict.term", "w4", "*"), // cap 14 Sep 2026: 91 days ahead
		absent("ict.term", "w5", "*"), // cap 31 Jul 2026, 46 days ahead, but engagement and permit end on it
		// w6: the same, but the permit runs to 31 Aug 2026, past the cap: a warning.
		want("ict.term", "w6", "2022-08-01", W, none, "2026-07-31").with("start", "2022-08-01", "cap", "2026-07-31"),
		count("ict.term", "*", 4),
		// Plan for 2027 in KZ-75; ICT permits are not quota-requiring: permits 0, planned 1. Due Wed 30 Sep 2026.
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 0, "planned", 1),
		// Window 30 Sep 2025 – 30 Sep 2026: w2's ict.term offence 15 Jun 2026. The missing reports (June 2022 –
		// May 2025) are offences of 31 May 2025 and before: outside the window.
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"ict.term"}),
		// w1's permit ends 15 Jun 2026 = as-of (0 ≤ 60 days), due 15 Jun − 30 = 16 May: missed. w3: 90 > 60;
		// w5: engagement ends with the permit; w6: 31 Aug − 15 Jun = 77 > 60; w2, w4: later.
		want("permit.expiring", "w1", "2026-06-15", W, missed, "2026-05-16"),
		count("permit.expiring", "*", 1),
		want("report.monthly", "employer", "2025-06", I, done, "2025-06-30"),
		want("report.monthly", "employer", "2026-05", I, done, "2026-06-01"), // Sat 30 May → Mon 1 Jun
		want("report.monthly", "employer", "2026-06", D, open, "2026-06-30"),
		count("report.monthly", "*", 13),
		count("contract.required", "*", 6), // ICT: not required, info
		absent("permit.missing", "*", "*"),
		absent("permit.refusal_risk", "*", "*"),
		absent("iin.missing", "*", "*"),
		absent("local_content.ratio", "*", "*"), // no worker on basis permit
	},
	"ict_term_leap": {
		// w1: 29 Feb 2024 + 4 years = 29 Feb 2028 (2028 is a leap year); cap 28 Feb 2028 = as-of: a warning.
		// Calendar days only: not provisional, though 2028 has no verified calendar.
		want("ict.term", "w1", "2024-02-29", W, none, "2028-02-28").with("start", "2024-02-29", "cap", "2028-02-28").prov(false),
		// w2: 28 Feb 2024 + 4 years − 1 day = 27 Feb 2028 < as-of: a violation from 28 Feb 2028.
		want("ict.term", "w2", "2024-02-28", V, none, "").nofine().with("cap", "2028-02-27", "offence_date", "2028-02-28").prov(false),
		count("ict.term", "*", 2),
		// w1's permit ends on the as-of date: due 28 Feb − 30 days = 29 Jan 2028, missed.
		want("permit.expiring", "w1", "2028-02-28", W, missed, "2028-01-29"),
		// February 2028 report: due Tue 29 Feb (the month's last day), open, provisional.
		want("report.monthly", "employer", "2028-02", D, open, "2028-02-29").prov(true),
		count("report.monthly", "*", 13),
		absent("quota.application", "*", "*"), // no plan; ICT is not quota-requiring
		absent("permit.refusal_risk", "*", "*"),
		resultProvisional(true),
	},
	"permit_refusal_risk_364": {
		// Penalty 16 Jun 2025 ≤ as-of 15 Jun 2026 ≤ 16 Jun 2025 + 365 = 16 Jun 2026: until 16 Jun 2026.
		want("permit.refusal_risk", "employer", "", W, none, "").nofine().with("until", "2026-06-16", "reasons", []string{"CoAO 519"}),
		count("*", "*", 1),
	},
	"permit_refusal_risk_365": {
		// Penalty 15 Jun 2025 + 365 = 15 Jun 2026 = as-of: still within; until 15 Jun 2026.
		want("permit.refusal_risk", "employer", "", W, none, "").nofine().with("until", "2026-06-15", "reasons", []string{"CoAO 519"}),
		count("*", "*", 1),
	},
	"permit_refusal_risk_366": {
		count("*", "*", 0), // 14 Jun 2025 + 365 = 14 Jun 2026 < as-of
	},
	"permit_refusal_risk_future": {
		count("*", "*", 0), // a penalty after the as-of date is unknown (reading 16)
	},
	"permit_refusal_risk_missing": {
		// Permit to 31 May 2026, engaged on 15 Jun: without a permit since 1 Jun.
		want("permit.missing", "w1", "", V, none, "").nofine().with("offence_date", "2026-06-01"),
		// Until 15 Jun 2026 + 365 = 15 Jun 2027.
		want("permit.refusal_risk", "employer", "", W, none, "").nofine().with("until", "2027-06-15", "reasons", []string{"permit.missing"}),
		count("permit.refusal_risk", "*", 1),
		absent("quota.application", "*", "*"), // no permit valid on 1 Jan 2027
	},
	"permit_refusal_risk_both": {
		want("permit.missing", "w1", "", V, none, "").nofine().with("offence_date", "2026-06-01"),
		// max(15 Jun 2026 + 365 = 15 Jun 2027, 2 Mar 2026 + 365 = 2 Mar 2027) = 15 Jun 2027; both reasons, sorted.
		want("permit.refusal_risk", "employer", "", W, none, "").nofine().with("until", "2027-06-15", "reasons", []string{"CoAO 519", "permit.missing"}),
		count("permit.refusal_risk", "*", 1),
	},
	"contract_required_repeat_365_366": {
		// Art. 86 penalty 2 Mar 2025; large employer. w1 starts 2 Mar 2026 = 2 Mar 2025 + 365 days (2025 has no
		// 29 Feb): 2 Mar 2025 < 2 Mar 2026 ≤ 2 Mar 2025 + 365: part 2, 200 × 4,325 = 865,000.
		want("contract.required", "w1", "", V, missed, "2026-03-02").fined("86", "2", 200, 865000).with("repeat", true, "offence_date", "2026-03-02"),
		// w2 starts 3 Mar 2026, 366 days after the penalty: part 1, 150 × 4,325 = 648,750.
		want("contract.required", "w2", "", V, missed, "2026-03-03").fined("86", "1", 150, 648750).with("repeat", false, "offence_date", "2026-03-03"),
		// w3 starts 2 Mar 2025, the penalty's own day (not after it): part 1, 150 × 3,932 (2025) = 589,800.
		want("contract.required", "w3", "", V, missed, "2025-03-02").fined("86", "1", 150, 589800).with("repeat", false),
		count("*", "*", 3), // EAEU workers: no permit, report, quota or esutd finding
	},
	"contract_required_repeat_penalty": {
		// Penalty 10 Jun 2025 < 2 Mar 2026 ≤ 10 Jun 2026: part 2, large 200 × 4,325 = 865,000.
		want("contract.required", "w1", "", V, missed, "2026-03-02").fined("86", "2", 200, 865000).with("repeat", true),
		// w2: signed 10 Feb 2025 after the start 3 Feb 2025; no earlier offence or penalty: part 1,
		// large 150 × 3,932 (2025) = 589,800.
		want("contract.required", "w2", "", V, late, "2025-02-03").fined("86", "1", 150, 589800).with("repeat", false, "offence_date", "2025-02-03"),
		want("contract.required", "w3", "", I, done, "2026-04-06").with("required", true),
		// Mon 6 Apr + 5: 7, 8, 9, 10, 13 Apr.
		want("contract.esutd", "w3", "2026-04-06", I, done, "2026-04-13"),
		absent("contract.esutd", "w2", "*"), // signed Feb 2025
		absent("report.monthly", "*", "*"),  // EAEU workers only
		absent("quota.application", "*", "*"),
	},
	"contract_esutd": {
		absent("contract.esutd", "w1", "*"), // signed 29 Aug 2025, before 1 Sep 2025
		// Mon 1 Sep 2025 (day off moved from Constitution Day) + 5: 2, 3, 4, 5, 8 Sep.
		want("contract.esutd", "w2", "2025-09-01", I, done, "2025-09-08"),
		// Thu 19 Mar 2026 + 5: 20, 26, 27, 30, 31 Mar (Nauryz 23–25); registered 2 Apr: late, no fine: warning.
		want("contract.esutd", "w3", "2026-03-19", W, late, "2026-03-31").nofine().with("offence_date", "2026-04-01"),
		// Wed 1 Apr + 5: 2, 3, 6, 7, 8 Apr; not registered: missed.
		want("contract.esutd", "w4", "2026-04-01", W, missed, "2026-04-08").nofine(),
		// Mon 27 Apr + 5: 28, 29, 30 Apr, (1 May) 4, 5 May: open.
		want("contract.esutd", "w5", "2026-04-27", D, open, "2026-05-05"),
		absent("contract.esutd", "w6", "*"), // signed after the as-of date
		// ICT agreement, Mon 2 Feb + 5: 3, 4, 5, 6, 9 Feb; registered 10 Feb: late.
		want("contract.esutd", "w7", "2026-02-02", W, late, "2026-02-09").nofine(),
		// Mon 20 Apr + 5: 21–24, 27 Apr; registration dated 5 May is after the as-of date: missed.
		want("contract.esutd", "w8", "2026-04-20", W, missed, "2026-04-27").nofine(),
		count("contract.esutd", "*", 6),
		want("contract.required", "w6", "", D, open, "2026-05-11").with("required", true),
		want("contract.required", "w7", "", I, none, "").with("required", false),
		want("contract.required", "w1", "", I, done, "2025-09-01").with("required", true),
		absent("quota.application", "*", "*"),
	},
	"quota_application": {
		// 1 Jan 2027, basis permit, engaged, permit valid: KZ-75 w1 and w4; KZ-47 w4 (two-region permit);
		// KZ-55 w6 (starts 1 Jan 2027). Not w2 (permit ends 31 Dec), w3 (ICT), w5 (leaves 20 Dec).
		// Plans for 2027: KZ-75 2; KZ-47 4; KZ-55 1 + 2 = 3. Plans for 2028 and 2026 are ignored.
		// Deadline Wed 30 Sep 2026.
		want("quota.application", "KZ-75", "2027", I, done, "2026-09-30").with("permits", 2, "planned", 2),
		// Submitted 5 Oct: late, a warning.
		want("quota.application", "KZ-47", "2027", W, late, "2026-09-30").nofine().with("permits", 1, "planned", 4, "offence_date", "2026-10-01"),
		// Only an application for 2026 exists: the 2027 one is missed, a warning.
		want("quota.application", "KZ-55", "2027", W, missed, "2026-09-30").nofine().with("permits", 1, "planned", 3),
		absent("quota.application", "KZ-71", "*"), // ICT only
		absent("quota.application", "KZ-23", "*"), // w5 leaves before 1 Jan; an application alone creates no duty
		absent("quota.application", "KZ-61", "*"), // plan for 2028
		absent("quota.application", "KZ-79", "*"), // plan for 2026
		count("quota.application", "*", 3),
		absent("quota.risk", "*", "*"), // no violation or penalty; late/missed applications are warnings
		absent("permit.missing", "*", "*"),
		// w6 starts 1 Jan 2027 (after the as-of date) and signed on 1 Oct 2026: done, due on the start.
		want("contract.required", "w6", "", I, done, "2027-01-01").with("required", true),
		// Thu 1 Oct + 5: 2, 5, 6, 7, 8 Oct.
		want("contract.esutd", "w6", "2026-10-01", I, done, "2026-10-08"),
		want("report.monthly", "employer", "2026-10", D, open, "2026-10-30"),
	},
	"quota_deadline_override": {
		// Override KZ-71 / filing year 2026: exactly Sun 27 Sep 2026, not moved; submitted 28 Sep: late.
		want("quota.application", "KZ-71", "2027", W, late, "2026-09-27").with("permits", 0, "planned", 2, "offence_date", "2026-09-28").prov(false),
		// KZ-75's override is for filing year 2025: the default Wed 30 Sep 2026 applies.
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 0, "planned", 1),
		// KZ-23 submitted 29 Sep, after the as-of date 28 Sep: not yet; open.
		want("quota.application", "KZ-23", "2027", D, open, "2026-09-30").with("planned", 1),
		count("quota.application", "*", 3),
		// Art. 518 penalty of 28 Sep 2025: in KZ-71's window 27 Sep 2025 – 27 Sep 2026 only.
		want("quota.risk", "KZ-71", "2027", W, none, "").with("reasons", []string{"CoAO 518"}),
		absent("quota.risk", "KZ-75", "*"),
		absent("quota.risk", "KZ-23", "*"),
		absent("report.monthly", "*", "*"),
	},
	"quota_provisional_2023": {
		// 30 Sep 2023 is a Saturday → Mon 2 Oct 2023 (Sun 1 Oct); 2023 is not verified: provisional.
		want("quota.application", "KZ-75", "2024", I, done, "2023-10-02").with("planned", 1).prov(true),
		want("quota.application", "KZ-19", "2024", I, done, "2023-10-02").with("planned", 3).prov(true),
		resultProvisional(true),
	},
	"quota_plan_count_zero": {
		// 2027 plans: KZ-75 count 0, KZ-47 count 0: no planned engagement (reading 23). w1's only permit
		// (KZ-75) ends 31 Dec 2026, not valid on 1 Jan 2027: no permit either. No application is due.
		absent("quota.application", "*", "*"),
		// quota.risk is evaluated only for a quota.application finding: none, despite the Art. 98 penalty.
		absent("quota.risk", "*", "*"),
		// The rest is unaffected: reports Jun (Tue 30 Jun, done 25 Jun), Jul (Thu 30 Jul, done 24 Jul),
		// Aug (Sun 30 Aug → Mon 31 Aug, open).
		want("report.monthly", "employer", "2026-08", D, open, "2026-08-31"),
		count("report.monthly", "*", 3),
	},
	"quota_plan_count_zero_and_two": {
		// KZ-75: plans 0 + 2 = 2 (the count-0 plan adds nothing); no permit valid on 1 Jan 2027 (w1's ends
		// 31 Dec 2026): permits 0. Deadline Wed 30 Sep 2026, not submitted, as-of 3 Aug: open.
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 0, "planned", 2),
		// KZ-47: a count-0 plan only: nothing due.
		absent("quota.application", "KZ-47", "*"),
		count("quota.application", "*", 1),
		// Window 30 Sep 2025 – 30 Sep 2026: the Art. 98 penalty of 10 Mar 2026 (known on 3 Aug 2026).
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"CoAO 98"}),
		absent("quota.risk", "KZ-47", "*"),
	},
	"quota_plan_count_zero_permit": {
		// KZ-75: w1 (basis permit) is engaged on 1 Jan 2027 with a permit valid to 31 Mar 2027: permits 1; the
		// count-0 plan: planned 0. Due Wed 30 Sep 2026, open.
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 1, "planned", 0),
		count("quota.application", "*", 1),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"CoAO 98"}),
		// 31 Mar 2027 − 3 Aug 2026 = 240 days > 60: not expiring.
		absent("permit.expiring", "*", "*"),
	},
	"quota_risk_penalty": {
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 0, "planned", 2),
		// Window 30 Sep 2025 – 30 Sep 2026: Art. 518 (1 Oct 2025), Art. 98 (30 Sep 2025, first day, included).
		// Art. 86 of 29 Sep 2025 is outside; Art. 519 of 1 Sep 2026 is after the as-of date 1 Aug 2026.
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"CoAO 518", "CoAO 98"}),
	},
	"quota_risk_violation": {
		// No application by Wed 30 Sep 2026: missed (warning). 1 Jan 2027: permit to 14 Sep 2027.
		want("quota.application", "KZ-75", "2027", W, missed, "2026-09-30").with("permits", 1, "planned", 0),
		// Trip Mon 1 Jun 2026 + 3: 2, 3, 4 Jun; never notified; offence 5 Jun; small 10 × 4,325 = 43,250.
		want("trip.notice", "w1", "2026-06-01", V, missed, "2026-06-04").fined("518", "1", 10, 43250).with("offence_date", "2026-06-05"),
		// Contract signed 16 Sep 2025 after the start 15 Sep 2025: offence 15 Sep 2025; small part 1:
		// 60 × 3,932 = 235,920. Before the window (30 Sep 2025), so not a reason.
		want("contract.required", "w1", "", V, late, "2025-09-15").fined("86", "1", 60, 235920).with("repeat", false),
		// Thu 1 Oct 2026 + 3: 2, 5, 6 Oct; not notified: missed, offence 7 Oct, after the 30 Sep deadline.
		want("address.notice", "w1", "2026-10-01", V, missed, "2026-10-06").fined("518", "1", 10, 43250).with("offence_date", "2026-10-07"),
		// Only trip.notice (5 Jun 2026) is in the window; address.notice (7 Oct 2026) and
		// contract.required (15 Sep 2025) are outside it.
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"trip.notice"}),
		// Tue 16 Sep 2025 + 5: 17, 18, 19, 22, 23 Sep.
		want("contract.esutd", "w1", "2025-09-16", I, done, "2025-09-23"),
		want("report.monthly", "employer", "2025-10", I, done, "2025-10-30"),
		want("report.monthly", "employer", "2026-10", D, open, "2026-10-30"),
		count("report.monthly", "*", 13), // Oct 2025 – Oct 2026
	},
	"quota_risk_local_content": {
		// Categories 3-4: 5 + 3 = 8 citizens, 1 permit worker: 8/9 = 0.888889 < 0.90.
		want("local_content.ratio", "cat3-4", "", W, none, "").with("kz_share", 8.0/9.0, "minimum", 0.9),
		absent("local_content.ratio", "cat1-2", "*"), // no foreign permit worker in categories 1-2
		want("quota.application", "KZ-75", "2027", I, done, "2026-09-30").with("permits", 1, "planned", 1),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"local_content.ratio"}),
	},
	"quota_risk_none": {
		// The permit ends 1 Nov 2026: none valid on 1 Jan 2027; one planned.
		want("quota.application", "KZ-75", "2027", I, done, "2026-09-30").with("permits", 0, "planned", 1),
		absent("quota.risk", "*", "*"),
		// 1 Nov − 15 Oct = 17 ≤ 60; due 1 Nov − 30 = 2 Oct < as-of: missed, a warning.
		want("permit.expiring", "w1", "2026-11-01", W, missed, "2026-10-02").with("window_opens", "2026-09-02"),
		// Mon 5 Jan + 5: 6, (7 Jan) 8, 9, 12, 13 Jan; registered 15 Jan: late, a warning.
		want("contract.esutd", "w1", "2026-01-05", W, late, "2026-01-13").nofine(),
		want("contract.required", "w1", "", I, done, "2026-01-05").with("required", true),
	},
	"local_content_boundaries": {
		// 7/(7+3) = 0.70 and 45/(45+5) = 0.90: both exactly at the minimum, compliant.
		absent("local_content.ratio", "*", "*"),
		absent("ict.share", "*", "*"), // category 3: 1 ICT against 20 citizens
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30"),
		absent("quota.risk", "*", "*"),
	},
	"local_content_below": {
		// Categories 1-2: 2 + 14 = 16 citizens, 2 + 5 = 7 permit workers: 16/23 = 0.695652 < 0.70.
		want("local_content.ratio", "cat1-2", "", W, none, "").with("kz_share", 16.0/23.0, "minimum", 0.7),
		// Categories 3-4: 20 + 24 = 44 citizens, 3 + 2 = 5 permit workers: 44/49 = 0.897959 < 0.90.
		// The special-route (category 3) and ICT (category 1) workers are not on standard permits.
		want("local_content.ratio", "cat3-4", "", W, none, "").with("kz_share", 44.0/49.0, "minimum", 0.9),
		// ICT category 1: 1 against 2 citizens = 50 %, not more: nothing.
		absent("ict.share", "*", "*"),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"local_content.ratio"}),
	},
	"local_content_branch_exempt": {
		absent("local_content.ratio", "*", "*"), // branch, total_employees 10 ≤ 10
		absent("quota.risk", "*", "*"),
	},
	"local_content_branch_computed": {
		absent("local_content.ratio", "*", "*"), // branch, 7 citizens + 3 engaged foreign = 10 ≤ 10
	},
	"local_content_branch_over": {
		// Size 7 + 4 engaged foreign workers (3 permit, 1 EAEU) = 11 > 10: not exempt.
		// Categories 3-4: (5 + 1) / (6 + 3) = 0.666667 < 0.90.
		want("local_content.ratio", "cat3-4", "", W, none, "").with("kz_share", 6.0/9.0, "minimum", 0.9),
		absent("local_content.ratio", "cat1-2", "*"),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"local_content.ratio"}),
	},
	"local_content_branch_nodata": {
		// Branch without staff data or total_employees: not exempt; info per group with permit workers.
		want("local_content.ratio", "cat1-2", "", I, none, "").with("minimum", 0.7),
		want("local_content.ratio", "cat3-4", "", I, none, "").with("minimum", 0.9),
		absent("ict.share", "*", "*"),  // no staff data
		absent("quota.risk", "*", "*"), // info is not a warning
	},
	"ict_share": {
		// Category 1: 1 ICT > 0.5 × 1 citizen: warning.
		want("ict.share", "1", "", W, none, "").nofine(),
		// Category 2: 2 engaged ICT (the third left on 30 Apr) = 0.5 × 4: not more than 50 %: nothing.
		absent("ict.share", "2", "*"),
		// Category 3: 3 ICT > 0.5 × 4 = 2: warning.
		want("ict.share", "3", "", W, none, ""),
		absent("ict.share", "4", "*"),
		absent("local_content.ratio", "*", "*"), // no worker on basis permit
		absent("quota.application", "*", "*"),   // ICT needs no quota
	},
	"vacancy_posting": {
		absent("vacancy.posting", "w1", "*"), // 29 Aug 2025 before 1 Sep 2025; 5 Jan → 20 Jan 2026 is 15 days
		// Posted 18 Aug, filed 1 Sep 2025: 14 days; earliest 18 Aug + 15 = 2 Sep. No fine encoded.
		want("vacancy.posting", "w2", "2025-09-01", V, none, "").nofine().with("earliest", "2025-09-02", "offence_date", "2025-09-01"),
		absent("vacancy.posting", "w3", "*"), // 1 Oct → 16 Oct: 15 days
		// Posted 1 Oct, filed 10 Nov: long enough (earliest 16 Oct), but no vacancy code.
		want("vacancy.posting", "w4", "2025-11-10", V, none, "").nofine().with("earliest", "2025-10-16"),
		want("vacancy.posting", "w5", "2025-12-01", V, none, "").nofine(), // no posting date, no code
		absent("vacancy.posting", "w6", "*"),                              // filed after the as-of date
		count("vacancy.posting", "*", 3),
		// 1 Jan 2027: w1–w5 hold KZ-75 permits to 4 Jan 2027. Offences of 10 Nov and 1 Dec 2025 are in the
		// window 30 Sep 2025 – 30 Sep 2026 (1 Sep 2025 is not).
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 5, "planned", 0),
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"vacancy.posting"}),
		// w6 signed Wed 25 Feb + 5: 26, 27 Feb, 2, 3, 4 Mar; as-of 1 Mar: open.
		want("contract.esutd", "w6", "2026-02-25", D, open, "2026-03-04"),
		want("contract.required", "w6", "", I, done, "2026-04-06"),
		// February: Sat 28 Feb → Mon 2 Mar, open on 1 Mar. March: engaged on 1 Mar: due Mon 30 Mar.
		want("report.monthly", "employer", "2026-02", D, open, "2026-03-02"),
		want("report.monthly", "employer", "2026-03", D, open, "2026-03-30"),
	},
	"iin_missing_before": {
		absent("iin.missing", "*", "*"),
		// August 2025 report: Sat 30 Aug → Tue 2 Sep (1 Sep day off), open.
		want("report.monthly", "employer", "2025-08", D, open, "2025-09-02"),
		want("quota.application", "KZ-75", "2026", D, open, "2025-09-30").with("permits", 1),
	},
	"iin_missing_after": {
		want("iin.missing", "w1", "", W, none, "").nofine(), // permit
		want("iin.missing", "w2", "", W, none, ""),          // ict
		want("iin.missing", "w3", "", W, none, ""),          // special_route
		absent("iin.missing", "w4", "*"),                    // eaeu
		absent("iin.missing", "w5", "*"),                    // has an IIN
		absent("iin.missing", "w6", "*"),                    // left 31 Aug
		absent("iin.missing", "w7", "*"),                    // starts 15 Sep
		count("iin.missing", "*", 3),
		want("report.monthly", "employer", "2025-08", D, open, "2025-09-02"),
		want("report.monthly", "employer", "2025-09", D, open, "2025-09-30"),
	},
	"mci_2022": {
		// Mon 14 Feb 2022 + 3: 15, 16, 17 Feb; notified 21 Feb; offence 18 Feb 2022: 10 × 3,063 = 30,630.
		want("trip.notice", "w1", "2022-02-14", V, late, "2022-02-17").fined("518", "1", 10, 30630).with("offence_date", "2022-02-18").prov(true),
		// Mon 4 Jul 2022 + 3: 5, (6 Jul Capital Day) 7, 8 Jul; notified 11 Jul; offence 9 Jul 2022, after
		// 1 Apr 2022: still 3,063.
		want("trip.notice", "w1", "2022-07-04", V, late, "2022-07-08").fined("518", "1", 10, 30630).with("offence_date", "2022-07-09").prov(true),
		// Start Mon 4 Apr 2022, signed 6 Apr: offence 4 Apr 2022; 60 × 3,063 = 183,780.
		want("contract.required", "w2", "", V, late, "2022-04-04").fined("86", "1", 60, 183780).with("repeat", false),
		want("contract.required", "w1", "", I, done, "2022-01-10"),
		// 2022 reports (statutory calendar, provisional): Sun 30 Jan → Mon 31 Jan; Sat 30 Apr → Sun 1 May
		// (holiday) → Mon 2 May (day off moved from Sun 1 May) → Tue 3 May; Tue 30 Aug (Constitution Day,
		// until 2025) → Wed 31 Aug; Fri 30 Sep, open.
		want("report.monthly", "employer", "2022-01", I, done, "2022-01-31").prov(true),
		want("report.monthly", "employer", "2022-04", I, done, "2022-05-03").prov(true),
		want("report.monthly", "employer", "2022-08", I, done, "2022-08-31").prov(true),
		want("report.monthly", "employer", "2022-09", D, open, "2022-09-30").prov(true),
		count("report.monthly", "*", 9),
		// 1 Jan 2023: w1 (to 9 Jan 2023), w2 (to 3 Apr 2023). Fri 30 Sep 2022, provisional.
		want("quota.application", "KZ-75", "2023", D, open, "2022-09-30").with("permits", 2, "planned", 0).prov(true),
		want("quota.risk", "KZ-75", "2023", W, none, "").with("reasons", []string{"contract.required", "trip.notice"}),
		absent("iin.missing", "*", "*"),
		absent("contract.esutd", "*", "*"),
		want("trip.limit", "w1", "2022", I, none, "").with("days", 10).prov(false),
		// 15 Sep 2022 is before Rules-279's extension window (1 Jul 2023): permit.expiring does not run,
		// and the result says so (reading 21).
		notEvaluated("permit.expiring", "permit_extension_window_days"),
		absent("permit.expiring", "*", "*"),
		resultProvisional(true),
	},
	"provisional_2027": {
		// Mon 14 Dec 2026 + 3: 15, (16 Dec) 17, 18 Dec: 2026 only, not provisional.
		want("trip.notice", "w1", "2026-12-14", I, done, "2026-12-18").prov(false),
		// Wed 30 Dec 2026 + 3: Thu 31 Dec (1); 1 Jan holiday; Sat 2 Jan holiday moved to Mon 4 Jan;
		// Tue 5 (2), Wed 6 (3). Counting went through 2027: provisional.
		want("trip.notice", "w1", "2026-12-30", I, done, "2027-01-06").prov(true),
		// Wed 13 Jan 2027 + 3: 14, 15, 18 Jan; missed; offence 19 Jan 2027 at the 2026 MCI: 10 × 4,325.
		want("trip.notice", "w1", "2027-01-13", V, missed, "2027-01-18").fined("518", "1", 10, 43250).with("offence_date", "2027-01-19").prov(true),
		// Fri 12 Mar 2027 + 3: (Mon 15 Mar Constitution Day) 16, 17, 18 Mar: planned, open.
		want("trip.notice", "w1", "2027-03-12", D, open, "2027-03-18").prov(true),
		want("report.monthly", "employer", "2026-11", I, done, "2026-11-30").prov(false),
		want("report.monthly", "employer", "2026-12", I, done, "2026-12-30").prov(false),
		// Sat 30 Jan 2027 → Mon 1 Feb 2027: provisional.
		want("report.monthly", "employer", "2027-01", D, open, "2027-02-01").prov(true),
		count("report.monthly", "*", 3),
		// Calendar days only: never provisional. 2026: 14–18 Dec (5) + 30–31 Dec (2) = 7;
		// 2027: 1–8 Jan (8) + 13–15 Jan (3) + 12–19 Mar (8) = 19.
		want("trip.limit", "w1", "2026", I, none, "").with("days", 7).prov(false),
		want("trip.limit", "w1", "2027", I, none, "").with("days", 19).prov(false),
		// Wed 28 Oct 2026 + 5: 29, 30 Oct, 2, 3, 4 Nov.
		want("contract.esutd", "w1", "2026-10-28", I, done, "2026-11-04").prov(false),
		absent("quota.application", "*", "*"), // the permit ends 1 Nov 2027: nothing on 1 Jan 2028
		resultProvisional(true),
	},
	"constitution_day_2025": {
		// Fri 29 Aug 2025 + 3: (30 Aug Sat holiday, 31 Sun, 1 Sep moved day off) 2, 3, 4 Sep.
		want("address.notice", "w1", "2025-08-29", I, done, "2025-09-04"),
		// Thu 28 Aug + 3: Fri 29 (1), Tue 2 Sep (2), Wed 3 Sep (3); notified 4 Sep: late;
		// offence 4 Sep 2025: 10 × 3,932 = 39,320.
		want("trip.notice", "w1", "2025-08-28", V, late, "2025-09-03").fined("518", "1", 10, 39320).with("offence_date", "2025-09-04"),
		// Sat 30 Aug → Tue 2 Sep.
		want("report.monthly", "employer", "2025-08", I, done, "2025-09-02"),
		want("report.monthly", "employer", "2025-09", D, open, "2025-09-30"),
		want("quota.application", "KZ-75", "2026", D, open, "2025-09-30").with("permits", 1),
		want("quota.risk", "KZ-75", "2026", W, none, "").with("reasons", []string{"trip.notice"}),
		resultProvisional(false),
	},
	"constitution_day_2026": {
		// Thu 27 Aug 2026 + 3: Fri 28 (1), Mon 31 Aug (2, a working day), Tue 1 Sep (3).
		want("address.notice", "w1", "2026-08-27", I, done, "2026-09-01"),
		// Fri 28 Aug + 3: Mon 31 (1), Tue 1 (2), Wed 2 Sep (3).
		want("trip.notice", "w1", "2026-08-28", I, done, "2026-09-02"),
		// Fri 28 Aug + 5: 31 Aug, 1, 2, 3, 4 Sep.
		want("contract.esutd", "w2", "2026-08-28", I, done, "2026-09-04"),
		// Wed 29 Jul + 5: 30, 31 Jul, 3, 4, 5 Aug.
		want("contract.esutd", "w1", "2026-07-29", I, done, "2026-08-05"),
		// Sun 30 Aug → Mon 31 Aug.
		want("report.monthly", "employer", "2026-08", I, done, "2026-08-31"),
		want("report.monthly", "employer", "2026-09", D, open, "2026-09-30"),
		want("quota.application", "KZ-75", "2027", D, open, "2026-09-30").with("permits", 1),
		absent("quota.risk", "*", "*"),
		resultProvisional(false),
	},
	"report_monthly_no_shift": {
		// Override shift_fixed_deadlines: false. December 2026: Wed 30 Dec.
		want("report.monthly", "employer", "2026-12", I, done, "2026-12-30").prov(false),
		// January 2027: Sat 30 Jan itself (not moved); submitted Mon 1 Feb: late, offence 31 Jan; first: warning.
		// No working-day lookup in 2027: not provisional.
		want("report.monthly", "employer", "2027-01", V, late, "2027-01-30").warned("98", "5").with("repeat", false, "offence_date", "2027-01-31").prov(false),
		// February 2027: no 30th, its last day Sun 28 Feb, not moved.
		want("report.monthly", "employer", "2027-02", D, open, "2027-02-28").prov(false),
		count("report.monthly", "*", 3),
		// Wed 25 Nov 2026 + 5: 26, 27, 30 Nov, 1, 2 Dec.
		want("contract.esutd", "w1", "2026-11-25", I, done, "2026-12-02"),
		resultProvisional(false),
	},
	"permit_expiring_two_permits": {
		// Both permits cover the as-of date and end 31 May (31 − 0 = 31 days ≤ 60); neither is renewed.
		// One finding per rule/subject/period: w1, 2026-05-31, due 31 May − 30 = 1 May, open.
		want("permit.expiring", "w1", "2026-05-31", D, open, "2026-05-01").nofine().with("end", "2026-05-31", "window_opens", "2026-04-01"),
		absent("permit.missing", "*", "*"),
		want("report.monthly", "employer", "2026-04", D, open, "2026-04-30"),
		count("report.monthly", "*", 11), // Jun 2025 – Apr 2026
		absent("quota.application", "*", "*"),
	},
	"vacancy_posting_same_day": {
		// Both applications (filed 10 Feb 2026) lack a posting date: violations. What matters here is that
		// the result does not depend on their order (TestScenarioOrderIndependence) and that keys stay
		// unique (TestScenarioFindingKeysUnique).
		absent("vacancy.posting", "w1", "2026-02-11"),
		// w1 starts 6 Apr after the as-of date, contract signed 16 Feb: done. Mon 16 Feb + 5: 17–20, 23 Feb.
		want("contract.required", "w1", "", I, done, "2026-04-06").with("required", true),
		want("contract.esutd", "w1", "2026-02-16", I, done, "2026-02-23"),
		absent("report.monthly", "*", "*"), // not engaged before the as-of date
	},
	"steppe_drilling": {
		// w1 trips outside KZ-75: 2 Feb–20 Mar = 27 + 20 = 47; 11 May–12 Jun = 21 + 12 = 33; planned 1–10 Dec = 10:
		// 90, at the limit and ≥ 80: approaching, no breach.
		want("trip.limit", "w1", "2026", W, none, "").with("days", 90, "limit", 90).lacks("exceeds_on"),
		// w4 (ICT, permit KZ-75 and KZ-71): KZ-47 16–27 Nov = 12.
		want("trip.limit", "w4", "2026", I, none, "").with("days", 12),
		want("trip.notice", "w1", "2026-02-02", I, done, "2026-02-05"),
		// Mon 11 May + 3: 12, 13, 14 May; notified 15 May: late, offence 15 May; medium 15 × 4,325 = 64,875.
		want("trip.notice", "w1", "2026-05-11", V, late, "2026-05-14").fined("518", "1", 15, 64875).with("offence_date", "2026-05-15"),
		// Planned Tue 1 Dec + 3: 2, 3, 4 Dec: open.
		want("trip.notice", "w1", "2026-12-01", D, open, "2026-12-04"),
		// Mon 16 Nov + 3: 17, 18, 19 Nov; not notified; as-of 20 Nov: missed.
		want("trip.notice", "w4", "2026-11-16", V, missed, "2026-11-19").fined("518", "1", 15, 64875).with("offence_date", "2026-11-20"),
		// Mon 2 Mar + 3: 3, 4, 5 Mar; notified 4 Mar.
		want("address.notice", "w1", "2026-03-02", I, done, "2026-03-05"),
		// Reports: w2 is engaged from Jun 2025, so Jun–Oct 2025 (no reports recorded) are missed before the
		// window; their offences (1 Jul, 31 Jul, 3 Sep, 1 Oct, 31 Oct 2025) are earlier report offences.
		absent("report.monthly", "employer", "2025-10"),
		want("report.monthly", "employer", "2025-11", I, done, "2025-12-01"), // Sun 30 Nov → Mon 1 Dec
		want("report.monthly", "employer", "2025-12", I, done, "2025-12-30"),
		// March 2026: due Mon 30 Mar, submitted 6 Apr; offence 31 Mar 2026; 5 Nov 2025 < 31 Mar 2026 ≤ 5 Nov
		// 2025 + 365: a repeat of the recorded Art. 98 penalty: 10 × 4,325 = 43,250.
		want("report.monthly", "employer", "2026-03", V, late, "2026-03-30").fined("98", "5", 10, 43250).with("repeat", true),
		// July 2026: Thu 30 Jul, none: missed, offence 31 Jul ≤ 5 Nov 2026: repeat.
		want("report.monthly", "employer", "2026-07", V, missed, "2026-07-30").fined("98", "5", 10, 43250).with("repeat", true),
		want("report.monthly", "employer", "2026-08", I, done, "2026-08-31"), // Sun 30 Aug → Mon 31 Aug
		want("report.monthly", "employer", "2026-11", D, open, "2026-11-30"),
		count("report.monthly", "*", 13),
		want("contract.required", "w1", "", I, done, "2026-01-10"),
		want("contract.required", "w2", "", I, done, "2025-06-01"),
		// w3 (EAEU) started 1 Mar, signed 5 Mar: offence 1 Mar 2026; no earlier Art. 86 offence or penalty:
		// part 1, medium 80 × 4,325 = 346,000.
		want("contract.required", "w3", "", V, late, "2026-03-01").fined("86", "1", 80, 346000).with("repeat", false),
		want("contract.required", "w4", "", I, none, "").with("required", false),
		want("contract.required", "w5", "", I, done, "2024-02-01"),
		// Thu 8 Jan + 5: 9, 12, 13, 14, 15 Jan. Thu 5 Mar + 5: 6, (9 Mar) 10, 11, 12, 13 Mar.
		want("contract.esutd", "w1", "2026-01-08", I, done, "2026-01-15"),
		want("contract.esutd", "w3", "2026-03-05", I, done, "2026-03-13"),
		count("contract.esutd", "*", 2),     // w2 (May 2025) and w5 (2024) signed before 1 Sep 2025
		absent("vacancy.posting", "*", "*"), // posted 20 Nov, filed 10 Dec 2025: 20 days, with a code
		want("iin.missing", "w2", "", W, none, "").nofine(),
		want("iin.missing", "w4", "", W, none, "").nofine(),
		count("iin.missing", "*", 2),
		absent("permit.missing", "*", "*"),
		// w1: 4 Jan 2027 − 20 Nov = 45 ≤ 60; due 5 Dec, window opened 5 Nov. w2: 31 Dec − 20 Nov = 41; due 1 Dec.
		want("permit.expiring", "w1", "2027-01-04", D, open, "2026-12-05").nofine().with("window_opens", "2026-11-05"),
		want("permit.expiring", "w2", "2026-12-31", D, open, "2026-12-01").with("window_opens", "2026-11-01"),
		absent("permit.expiring", "w4", "*"),
		// Categories 3-4: 100 citizens, 2 permit workers: 100/102 ≥ 0.90; categories 1-2: no permit worker.
		absent("local_content.ratio", "*", "*"),
		absent("ict.share", "*", "*"), // 1 ICT against 8 citizens in category 2
		// 2027: w1's permit (to 4 Jan 2027) counts in KZ-75; w2's ends 31 Dec 2026; w4 is ICT.
		want("quota.application", "KZ-75", "2027", I, done, "2026-09-30").with("permits", 1, "planned", 2),
		want("quota.application", "KZ-47", "2027", W, missed, "2026-09-30").with("permits", 0, "planned", 4),
		// Window 30 Sep 2025 – 30 Sep 2026: Art. 98 penalty (5 Nov 2025); report offences 1 Oct, 31 Oct 2025,
		// 31 Mar, 31 Jul 2026; contract.required 1 Mar 2026; trip.notice 15 May 2026 (20 Nov is after it).
		want("quota.risk", "KZ-75", "2027", W, none, "").with("reasons", []string{"CoAO 98", "contract.required", "report.monthly", "trip.notice"}),
		want("quota.risk", "KZ-47", "2027", W, none, "").with("reasons", []string{"CoAO 98", "contract.required", "report.monthly", "trip.notice"}),
		resultProvisional(false),
	},
	"old_offence_2016": {
		// Start Tue 1 Mar 2016, signed 3 Mar: offence 1 Mar 2016; Art. 86 part 1 small = 60 MCI (in force
		// since 2014), but no MCI value before 2017: kzt null.
		want("contract.required", "w1", "", V, late, "2016-03-01").finedNoKZT("86", "1", 60).with("repeat", false),
		// Thu 2 Jun 2016 + 3: 3, 6, 7 Jun (statutory calendar, provisional); notified 10 Jun: late,
		// offence 8 Jun 2016; 10 MCI, kzt null.
		want("trip.notice", "w1", "2016-06-02", V, late, "2016-06-07").finedNoKZT("518", "1", 10).with("offence_date", "2016-06-08").prov(true),
		absent("trip.limit", "*", "*"),     // EAEU worker: no permit regions
		absent("report.monthly", "*", "*"), // no worker needs a permit
		// 15 Nov 2016: no extension window before 1 Jul 2023 (reading 21), and the quota deadline is
		// in force from 15 Dec 2016 only, so on 1 Jan 2016 (the filing year's) there is none: neither rule
		// runs; permit.expiring before quota.application, the catalogue's order.
		notEvaluated("permit.expiring", "permit_extension_window_days", "quota.application", "quota_deadline"),
		absent("quota.application", "*", "*"),
		resultProvisional(true),
	},
	"permit_expiring_before_window": {
		// 30 Jun 2023: the 60/30-day window is in force from 1 Jul 2023 (reading 21): permit.expiring is not
		// evaluated, though w1's permit ends 31 Jul 2023 (31 days later) with no renewal.
		notEvaluated("permit.expiring", "permit_extension_window_days"),
		absent("permit.expiring", "*", "*"),
		absent("permit.missing", "*", "*"),
	},
	"permit_expiring_window_start": {
		// 1 Jul 2023, the window's first day: 31 Jul − 1 Jul = 30 ≤ 60; due 31 Jul − 30 = 1 Jul = as-of: open.
		// Window opened 31 Jul − 60 = 1 Jun 2023. Every rule ran.
		want("permit.expiring", "w1", "2023-07-31", D, open, "2023-07-01").nofine().with("end", "2023-07-31", "window_opens", "2023-06-01", "days_left", 30),
		notEvaluated(),
		absent("permit.missing", "*", "*"),
	},
	"provisional_2027_working_day": {
		// Tue 30 Mar 2027 is a working day under the statutory rules, but the 2027 calendar is unverified.
		want("report.monthly", "employer", "2027-03", I, done, "2027-03-30").prov(true),
		want("report.monthly", "employer", "2027-04", D, open, "2027-04-30").prov(true), // Fri 30 Apr 2027
		// Fri 5 Mar 2027 + 3: (Mon 8 Mar holiday) 9, 10, 11 Mar; notified 10 Mar.
		want("address.notice", "w1", "2027-03-05", I, done, "2027-03-11").prov(true),
		// Fri 26 Feb 2027 + 5: 1, 2, 3, 4, 5 Mar 2027.
		want("contract.esutd", "w1", "2027-02-26", I, done, "2027-03-05").prov(true),
		// 2028 quota: w1's permit (to 29 Feb 2028) is valid on 1 Jan 2028; due Thu 30 Sep 2027.
		want("quota.application", "KZ-75", "2028", D, open, "2027-09-30").with("permits", 1, "planned", 0).prov(true),
		// w2: 30 May 2027 − 5 Apr = 55 ≤ 60; due 30 May − 30 = Fri 30 Apr 2027; calendar days: not provisional.
		want("permit.expiring", "w2", "2027-05-30", D, open, "2027-04-30").with("window_opens", "2027-03-31").prov(false),
		resultProvisional(true),
	},
	"local_content_branch_total_only": {
		absent("local_content.ratio", "*", "*"), // branch with total_employees 8 ≤ 10: exempt, no info either
	},
	"no_workers": {
		count("*", "*", 0),
		resultProvisional(false),
	},
	"report_monthly_leap_2028": {
		// Sun 30 Jan 2028 → Mon 31 Jan (provisional year).
		want("report.monthly", "employer", "2028-01", I, done, "2028-01-31").prov(true),
		// Leap year: last day of February is Tue 29 Feb 2028; submitted that day.
		want("report.monthly", "employer", "2028-02", I, done, "2028-02-29").prov(true),
		want("report.monthly", "employer", "2028-03", D, open, "2028-03-30").prov(true),
		// Wed 5 Jan 2028 + 5: Thu 6 (1), (Fri 7 Christmas) Mon 10 (2), 11, 12, Thu 13 (5).
		want("contract.esutd", "w1", "2028-01-05", I, done, "2028-01-13").prov(true),
		// Tue 14 Mar 2028 + 3: (Wed 15 Mar Constitution Day) 16, 17, Mon 20 Mar = as-of: open.
		want("address.notice", "w1", "2028-03-14", D, open, "2028-03-20").prov(true),
		resultProvisional(true),
	},
}

// renderedScenarios are the scenarios whose findings are also kept as read
// in Kazakh and Russian (NAME.kk.txt, NAME.ru.txt), so that a reviewer can
// read the messages, titles and legal references as a user does.
var renderedScenarios = []string{"steppe_drilling", "report_monthly_repeat", "local_content_below",
	"quota_risk_violation", "trip_limit_violation", "vacancy_posting", "permit_expiring_two_permits", "contract_required_bases",
	"ict_term", "permit_refusal_risk_both"}

func TestScenarioRenderings(t *testing.T) {
	for _, name := range renderedScenarios {
		for _, lang := range []i18n.Lang{i18n.KK, i18n.RU} {
			t.Run(name+"."+lang.String(), func(t *testing.T) {
				f := parseScenario(t, filepath.Join(scenarioDir, name+".yaml"))
				e, err := rules.New(nil, nil).With(f.Overrides)
				if err != nil {
					t.Fatal(err)
				}
				res := e.Evaluate(&f.Records, f.AsOf)
				l := i18n.For(lang)
				res.Render(l)
				var b bytes.Buffer
				fmt.Fprintf(&b, "# %s, %s\n", name, l.Date(res.AsOf))
				for _, fd := range res.Findings {
					fmt.Fprintf(&b, "\n%s · %s", l.Title(fd.Rule), l.Subject(fd.Subject))
					if fd.Period != "" {
						fmt.Fprintf(&b, " · %s", l.Period(fd.Period))
					}
					fmt.Fprintf(&b, " · %s", l.Severity(fd.Severity))
					if fd.Status != 0 {
						fmt.Fprintf(&b, ", %s", l.Status(fd.Status))
					}
					fmt.Fprintf(&b, "\n  %s\n", fd.Message)
					for _, c := range fd.Basis {
						fmt.Fprintf(&b, "  — %s, %s\n", l.ActShort(c.Act), c.Ref)
					}
					if fd.Fine != nil {
						fmt.Fprintf(&b, "  — %s\n", l.FineText(fd.Fine))
					}
				}
				got := b.Bytes()
				checkGolden(t, filepath.Join(scenarioDir, name+"."+lang.String()+".txt"), got)
			})
		}
	}
}

// checkGolden compares got with the golden file (-update rewrites it).
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/rules/ -run Scenario -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the evaluation; %s", golden, firstDiff(got, want))
	}
}
