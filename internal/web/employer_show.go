package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// employerPage is the data of an employer's page.
type employerPage struct {
	Head        empHead
	Employer    app.EmployerSummary
	AsOf        domain.Date
	Today       domain.Date
	Ruleset     string
	Provisional bool
	Counts      []severityCount
	// Groups are the findings that need action (by severity); Done the
	// rest (done, info), collapsed on the page, at most maxDone unless
	// asked for all (DoneMore says how many were left out).
	Groups   []findingGroup
	Done     []findingView
	DoneMore int
	DoneAll  string // the address that shows them all
	DoneOpen bool   // all were asked for: the list is open
	// The filters and their choices.
	Rule, Worker, Severity string
	Rules                  []option
	Workers                []option
	Filtered               bool
	Shown, Total           int
	// NotEvaluated: the rules that did not run on the date (a parameter
	// they need not in force), lest their lack of findings read as all clear.
	NotEvaluated []rules.NotEvaluated
}

type severityCount struct {
	Severity domain.Severity
	Count    int
}

// findingGroup is the findings of one severity.
type findingGroup struct {
	Severity domain.Severity
	Findings []findingView
}

// findingView is a finding as the page shows it: everything `ruqsat
// evaluate` prints for it.
type findingView struct {
	*domain.Finding
	Title  string // the rule's title in the page's language
	Anchor string
	Facts  domain.Facts // sorted by name
	Basis  []citationView
	// Action is the finding's quick action: "notice" (notified on),
	// "submit" (submitted on), "register" (registered on), "extend" (a
	// new permit), or "" for none.
	Action string
	// Who is the worker's name, when the finding is about a worker.
	Who string
}

// maxDone is how many done and info findings the page holds unless asked
// for all: an employer of a thousand workers has thousands.
const maxDone = 100

type citationView struct {
	domain.Citation
	ActTitle string // the act's full title in the page's language, when known
}

// employerShow shows every finding of one employer on a date (?as_of=,
// default today in Almaty), with its facts, legal basis and fine. An
// employer the user may not see is not found, as if it did not exist.
func (h *handler) employerShow(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	notFound := domain.Errorf(domain.ENOTFOUND, "%s", l.S("error_no_employer", "BIN", bin))
	today := h.app.Today()
	s := strings.TrimSpace(r.URL.Query().Get("as_of"))
	asOf, err := h.app.AsOf(s)
	if err != nil {
		h.fail(w, r, l, u, domain.Errorf(domain.EINVALID, "%s", l.S("error_bad_date", "Value", s)))
		return
	}
	ctx := r.Context()
	emp, err := h.app.Employer(ctx, u, bin)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		h.fail(w, r, l, u, notFound)
		return
	}
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	lang, _ := i18n.Parse(l.Tag)
	res, err := h.app.Evaluate(ctx, u, bin, asOf, lang)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		// Deleted between the two reads.
		h.fail(w, r, l, u, notFound)
		return
	}
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	head := empHead{BIN: emp.BIN, Name: emp.Name, Size: emp.Size, Workers: emp.Workers, Version: emp.Version,
		Tab: "findings", CanWrite: auth.Can(u.Role, auth.ActionWrite), Saved: r.URL.Query().Get("saved") == "1"}
	d := employerPage{Head: head, Employer: *emp, AsOf: asOf, Today: today, Ruleset: res.Ruleset, Provisional: res.Provisional,
		NotEvaluated: res.NotEvaluated}
	params := h.app.Engine().Params()
	q := r.URL.Query()
	d.Rule, d.Worker, d.Severity = q.Get("rule"), q.Get("worker"), q.Get("severity")
	d.Filtered = d.Rule != "" || d.Worker != "" || d.Severity != ""
	d.DoneOpen = q.Get("done") == "all"
	counts := map[domain.Severity]int{}
	rulesSeen, workersSeen := map[string]bool{}, map[string]string{}
	d.Total = len(res.Findings)
	for i := range res.Findings {
		f := &res.Findings[i]
		counts[f.Severity]++
		rule := f.Rule.String()
		if !rulesSeen[rule] {
			rulesSeen[rule] = true
			d.Rules = append(d.Rules, option{rule, l.fl.Title(f.Rule)})
		}
		if f.Args.Name != "" && f.Subject != "employer" {
			if _, ok := workersSeen[f.Subject]; !ok {
				workersSeen[f.Subject] = f.Args.Name
				d.Workers = append(d.Workers, option{f.Subject, f.Args.Name + " (" + f.Subject + ")"})
			}
		}
		if (d.Rule != "" && rule != d.Rule) || (d.Worker != "" && f.Subject != d.Worker) || (d.Severity != "" && f.Severity.String() != d.Severity) {
			continue
		}
		d.Shown++
		v := findingView{Finding: f, Title: l.fl.Title(f.Rule), Anchor: anchor(rule, f.Subject, f.Period),
			Facts: f.Facts.Sorted(), Action: quickAction(f)}
		if f.Args.Name != "" && f.Subject != "employer" {
			v.Who = f.Args.Name
		}
		for _, c := range f.Basis {
			v.Basis = append(v.Basis, citationView{Citation: c, ActTitle: l.fl.ActTitle(c.Act, params.Acts[c.Act].Title)})
		}
		if f.Status == domain.StatusDone || f.Severity == domain.SeverityInfo {
			if len(d.Done) < maxDone || q.Get("done") == "all" {
				d.Done = append(d.Done, v)
			} else {
				d.DoneMore++
			}
			continue
		}
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Severity != f.Severity {
			d.Groups = append(d.Groups, findingGroup{Severity: f.Severity})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Findings = append(g.Findings, v)
	}
	if d.DoneMore > 0 {
		all := r.URL.Query()
		all.Set("done", "all")
		d.DoneAll = "/employers/" + bin + "?" + all.Encode() + "#done"
	}
	slices.SortFunc(d.Rules, func(a, b option) int { return strings.Compare(a.Value, b.Value) })
	slices.SortFunc(d.Workers, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	for _, s := range []domain.Severity{domain.SeverityViolation, domain.SeverityWarning, domain.SeverityDue, domain.SeverityInfo} {
		d.Counts = append(d.Counts, severityCount{s, counts[s]})
	}
	h.render(w, r, "employer.html", &page{L: l, User: u, Nav: "employers", Title: emp.Name, Data: d})
}

// quickAction is the one-click action that meets a finding, if it has one:
// a notice, report, quota application or contract registration not made
// yet (open or missed), or a permit that runs out.
func quickAction(f *domain.Finding) string {
	if f.Rule == domain.RulePermitExpiring {
		return "extend"
	}
	if !app.Actable(f.Rule) || (f.Status != domain.StatusOpen && f.Status != domain.StatusMissed) {
		return ""
	}
	switch f.Rule {
	case domain.RuleTripNotice, domain.RuleAddressNotice:
		return "notice"
	case domain.RuleContractESUTD:
		return "register"
	}
	return "submit"
}
