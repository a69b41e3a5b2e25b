package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// dayOptions are the windows the dashboard offers; defaultDays is the one
// it shows first.
var dayOptions = []int{7, 30, 90}

const defaultDays = 30

// dashboardPage is the data of the dashboard.
type dashboardPage struct {
	AsOf    domain.Date
	To      domain.Date // the window's last day
	WeekEnd domain.Date // this week's Sunday
	Days    int
	Options []int
	Overdue bool // overdue findings are shown
	// View is "overdue" (only what is overdue), "week" (what is due by
	// Sunday) or "" (the window of Days).
	View string

	// The cards: findings overdue, due this week and due in the window,
	// over all pages, each a link to the view that lists exactly them;
	// the tenant's violations and fine exposure (links to the employers
	// ordered by them) and its undated risks.
	OverdueCount, WeekCount, WindowCount int
	OverdueURL, WeekURL, WindowURL       string
	Total                                dashboard.Summary
	Undated                              []undatedItem
	UndatedMore                          int // undated risks not listed

	Groups []dueGroup
	Pager  pager
}

// dueGroup is a run of findings of one kind of due date: overdue, this
// week, next week, or one later month.
type dueGroup struct {
	Kind  string // overdue, week, next, later
	Title string
	Hint  string // until when, for this and next week
	Items []dueItem
}

// dueItem is a dashboard row.
type dueItem struct {
	dashboard.Item
	Overdue bool
	Today   bool
	Anchor  string // the finding's id on the employer's page
	Title   string // the rule's title in the page's language
	Message string // in the page's language
}

// undatedItem is an undated risk as the dashboard lists it.
type undatedItem struct {
	dashboard.Item
	Anchor  string
	Title   string
	Message string
}

// maxUndated is how many undated risks the dashboard lists.
const maxUndated = 50

// dashboard shows the findings due from today to the chosen number of days
// ahead (and, when asked, overdue ones) across the employers the user may
// see, grouped by when they are due.
func (h *handler) dashboard(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	q := r.URL.Query()
	days, err := strconv.Atoi(q.Get("days"))
	if err != nil || !slices.Contains(dayOptions, days) {
		days = defaultDays
	}
	// Overdue findings are shown unless the user unticks them: what was
	// missed matters more than what is coming.
	overdue := q.Get("overdue") == "" || formBool(q.Get("overdue"))
	pageNo := pageNumber(q.Get("page"))
	view := q.Get("view")
	if view != "overdue" && view != "week" {
		view = ""
	}

	// Sunday ends the week in Kazakhstan. The list and the cards come from
	// one refresh, on one date.
	today := h.app.Today()
	toSunday := (7 - int(today.Weekday())) % 7
	list := dashboard.Query{Days: days, Overdue: overdue, Limit: pageSize, Offset: (pageNo - 1) * pageSize}
	switch view {
	case "overdue":
		list = dashboard.Query{OverdueOnly: true, Limit: pageSize, Offset: (pageNo - 1) * pageSize}
	case "week":
		list = dashboard.Query{Days: toSunday, Limit: pageSize, Offset: (pageNo - 1) * pageSize}
	}
	ctx := r.Context()
	pages, err := h.app.Dashboard(ctx, u, list,
		dashboard.Query{Days: toSunday, Limit: 1},
		dashboard.Query{OverdueOnly: true, Limit: 1},
		dashboard.Query{Days: days, Limit: 1})
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	ov, err := h.app.Overview(ctx, u)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	main, week, late, window := pages[0], pages[1], pages[2], pages[3]
	asOf := main.AsOf
	d := dashboardPage{AsOf: asOf, To: window.To, WeekEnd: asOf.AddDays(toSunday), Days: days, Options: dayOptions,
		Overdue: overdue, View: view, WeekCount: week.Total, OverdueCount: late.Total, WindowCount: window.Total, Total: ov.Total}
	d.OverdueURL = "/?view=overdue"
	d.WeekURL = "/?view=week"
	d.WindowURL = dashboardURL(days, false, 1)
	for i, it := range ov.Undated {
		if i == maxUndated {
			d.UndatedMore = len(ov.Undated) - maxUndated
			break
		}
		d.Undated = append(d.Undated, undatedItem{Item: it, Anchor: anchor(it.Rule, it.Subject, it.Period),
			Title: l.RuleTitle(it.Rule), Message: it.Text(l.fl)})
	}

	nextWeekEnd := d.WeekEnd.AddDays(7)
	for _, it := range main.Items {
		kind, title, hint := "later", l.MonthYear(it.Due), ""
		switch {
		case it.Due < asOf:
			kind, title = "overdue", l.S("group_overdue")
		case it.Due <= d.WeekEnd:
			kind, title, hint = "week", l.S("group_this_week"), l.Until(d.WeekEnd)
		case it.Due <= nextWeekEnd:
			kind, title, hint = "next", l.S("group_next_week"), l.Until(nextWeekEnd)
		}
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Title != title {
			d.Groups = append(d.Groups, dueGroup{Kind: kind, Title: title, Hint: hint})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Items = append(g.Items, dueItem{Item: it, Overdue: it.Due < asOf, Today: it.Due == asOf,
			Anchor: anchor(it.Rule, it.Subject, it.Period), Title: l.RuleTitle(it.Rule), Message: it.Text(l.fl)})
	}
	d.Pager = newPager(pageNo, main.Total, len(main.Items), func(p int) string {
		if view != "" {
			if p > 1 {
				return "/?view=" + view + "&page=" + strconv.Itoa(p)
			}
			return "/?view=" + view
		}
		return dashboardURL(days, overdue, p)
	})
	if d.Pager.pastEnd(w, r) {
		return
	}
	h.render(w, r, "dashboard.html", &page{L: l, User: u, Nav: "dashboard", Title: l.S("dashboard_title"), Data: d})
}

// dashboardURL is the address of a view of the dashboard.
func dashboardURL(days int, overdue bool, pageNo int) string {
	v := url.Values{}
	v.Set("days", strconv.Itoa(days))
	if !overdue {
		v.Set("overdue", "0")
	}
	if pageNo > 1 {
		v.Set("page", strconv.Itoa(pageNo))
	}
	return "/?" + v.Encode()
}

// formBool reads a checkbox: on, 1 or true.
func formBool(s string) bool { return s == "on" || s == "1" || s == "true" }

// pageNumber reads a 1-based page number; anything else is page 1.
func pageNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1_000_000 {
		return 1
	}
	return n
}

// pager is the navigation between the pages of a list.
type pager struct {
	First, Last int // the rows shown, 1-based; 0 when none
	Total       int
	Page, Pages int
	PrevURL     string // "" on the first page
	NextURL     string // "" on the last page

	url func(int) string // the address of a page
}

func newPager(pageNo, total, shown int, url func(int) string) pager {
	p := pager{Total: total, Page: pageNo, Pages: max(1, (total+pageSize-1)/pageSize), url: url}
	if shown > 0 {
		p.First = (pageNo-1)*pageSize + 1
		p.Last = p.First + shown - 1
	}
	if pageNo > 1 {
		p.PrevURL = url(min(pageNo-1, p.Pages))
	}
	if pageNo < p.Pages {
		p.NextURL = url(pageNo + 1)
	}
	return p
}

// pastEnd redirects a request for a page after the last (a list that
// shrank under a bookmark or a "next" link) to the last page, and says so.
func (p *pager) pastEnd(w http.ResponseWriter, r *http.Request) bool {
	if p.Page <= p.Pages {
		return false
	}
	http.Redirect(w, r, p.url(p.Pages), http.StatusSeeOther)
	return true
}

// anchor is the HTML id of a finding on its employer's page.
func anchor(rule, subject, period string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, s := range []string{rule, subject, period} {
		for _, r := range s {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
				b.WriteRune(r)
			default:
				b.WriteByte('_')
			}
		}
		b.WriteByte('~')
	}
	return strings.TrimSuffix(b.String(), "~")
}
