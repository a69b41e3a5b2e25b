package web

import (
	"net/http"
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
	Groups      []findingGroup
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
}

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
	counts := map[domain.Severity]int{}
	for i := range res.Findings {
		f := &res.Findings[i]
		counts[f.Severity]++
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Severity != f.Severity {
			d.Groups = append(d.Groups, findingGroup{Severity: f.Severity})
		}
		v := findingView{Finding: f, Title: l.fl.Title(f.Rule), Anchor: anchor(f.Rule.String(), f.Subject, f.Period),
			Facts: f.Facts.Sorted(), Action: quickAction(f)}
		for _, c := range f.Basis {
			v.Basis = append(v.Basis, citationView{Citation: c, ActTitle: l.fl.ActTitle(c.Act, params.Acts[c.Act].Title)})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Findings = append(g.Findings, v)
	}
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
