package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/ical"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// lawPage is the data of the rules page: the rules ruqsat evaluates, with
// their legal basis, and the parameters in force on a date.
type lawPage struct {
	AsOf    domain.Date
	Ruleset string
	Rules   []ruleView
	Params  []paramView
}

type ruleView struct {
	ID, Family, Title string
	Basis             []citationView
	Interpretations   []string
}

type paramView struct {
	Name, Value, Description string
	From                     domain.Date
	Act, ActShort, Ref, URL  string
	Confidence               string
	Interpretation           string
}

// lawShow shows the rules catalogue and the parameters in force on a date
// (?as_of=, default today), as `ruqsat rules` and `ruqsat params --on`
// print them: GET /law.
func (h *handler) lawShow(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	s := strings.TrimSpace(r.URL.Query().Get("as_of"))
	asOf, err := h.app.AsOf(s)
	if err != nil {
		h.fail(w, r, l, u, domain.Errorf(domain.EINVALID, "%s", l.S("error_bad_date", "Value", s)))
		return
	}
	set := h.app.Engine().Params()
	d := lawPage{AsOf: asOf, Ruleset: set.Ruleset}
	for _, ri := range rules.Catalogue(set) {
		v := ruleView{ID: ri.ID.String(), Family: string(ri.Family), Title: l.fl.Title(ri.ID)}
		for _, c := range ri.Basis {
			dc := domain.Citation{Act: c.Act, Ref: l.fl.Law(c.Ref), Confidence: c.Confidence, URL: l.fl.ActURL(c.Act, set.Acts[c.Act].URL)}
			v.Basis = append(v.Basis, citationView{Citation: dc, ActTitle: l.fl.ActTitle(c.Act, set.Acts[c.Act].Title)})
		}
		for _, name := range ri.Interpretations {
			if p, ok := set.Param(name); ok {
				if pv, ok := p.At(asOf); ok && pv.Interpretation != "" {
					v.Interpretations = append(v.Interpretations, l.fl.Law(pv.Interpretation))
				}
			}
		}
		d.Rules = append(d.Rules, v)
	}
	for _, n := range set.Names() {
		p, _ := set.Param(n)
		v, ok := p.At(asOf)
		if !ok {
			continue
		}
		desc := p.Description
		if id := "param." + n; l.fl.Has(id) {
			desc = l.fl.T(id)
		}
		d.Params = append(d.Params, paramView{Name: n, Value: l.fl.ParamValue(p.Unit, v.Text), Description: desc, From: v.From,
			Act: v.Act, ActShort: l.fl.ActShort(v.Act), Ref: l.fl.Law(v.Ref), URL: l.fl.ActURL(v.Act, set.Acts[v.Act].URL),
			Confidence: v.Confidence, Interpretation: l.fl.Law(v.Interpretation)})
	}
	h.render(w, r, "law.html", &page{L: l, User: u, Nav: "law", Title: l.S("law_title"), Data: d})
}

// calendarPage is the data of the non-working days of a year.
type calendarPage struct {
	Year, Prev, Next int
	Verified         bool
	Days             []calendarDay
}

type calendarDay struct {
	Date domain.Date
	Kind string
	Name string
}

// calendarShow lists the non-working days of a year (?year=, default this
// year), from the calendar the rules count working days on: GET /calendar.
func (h *handler) calendarShow(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	year := h.app.Today().Year()
	if s := r.URL.Query().Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < domain.MinYear || y > domain.MaxYear {
			h.notFound(w, r)
			return
		}
		year = y
	}
	cal := workcal.Default()
	d := calendarPage{Year: year, Prev: max(year-1, domain.MinYear), Next: min(year+1, domain.MaxYear), Verified: cal.Verified(year)}
	for _, day := range cal.NonWorkingDays(year) {
		if day.Kind == "weekend" {
			continue // every Saturday and Sunday: the page lists the others
		}
		d.Days = append(d.Days, calendarDay{Date: day.Date, Kind: day.Kind, Name: ical.DayName(day, l.fl)})
	}
	h.render(w, r, "calendar.html", &page{L: l, User: u, Nav: "law", Title: l.S("calendar_title", "Year", year), Data: d})
}
