package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// employerListPage is the data of the employers list.
type employerListPage struct {
	Query     string
	Sort      string
	Sorts     []sortLink
	AsOf      domain.Date
	CanWrite  bool
	Employers []app.EmployerRow
	Pager     pager
}

// sortLink is one order of the list, as a link.
type sortLink struct {
	Sort, URL string
	On        bool
}

// employerList lists the employers the user may see, by name, with a
// search by BIN or name.
func (h *handler) employerList(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	sort := r.URL.Query().Get("sort")
	if !slices.Contains(app.Sorts, sort) {
		sort = app.SortName
	}
	pageNo := pageNumber(r.URL.Query().Get("page"))
	list, total, asOf, err := h.app.EmployersOverview(r.Context(), u, app.EmployerQuery{Q: q, Limit: pageSize, Offset: (pageNo - 1) * pageSize}, sort)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	listURL := func(sort string, p int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if sort != app.SortName {
			v.Set("sort", sort)
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/employers"
		}
		return "/employers?" + v.Encode()
	}
	d := employerListPage{Query: q, Sort: sort, AsOf: asOf, Employers: list, CanWrite: auth.Can(u.Role, auth.ActionWrite)}
	for _, s := range app.Sorts {
		d.Sorts = append(d.Sorts, sortLink{Sort: s, URL: listURL(s, 1), On: s == sort})
	}
	d.Pager = newPager(pageNo, total, len(list), func(p int) string { return listURL(sort, p) })
	if d.Pager.pastEnd(w, r) {
		return
	}
	h.render(w, r, "employers.html", &page{L: l, User: u, Nav: "employers", Title: l.S("employers_title"), Data: d})
}
