package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
)

// employerListPage is the data of the employers list.
type employerListPage struct {
	Query     string
	CanWrite  bool
	Employers []app.EmployerSummary
	Pager     pager
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
	pageNo := pageNumber(r.URL.Query().Get("page"))
	list, total, err := h.app.Employers(r.Context(), u, app.EmployerQuery{Q: q, Limit: pageSize, Offset: (pageNo - 1) * pageSize})
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	d := employerListPage{Query: q, Employers: list, CanWrite: auth.Can(u.Role, auth.ActionWrite)}
	d.Pager = newPager(pageNo, total, len(list), func(p int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/employers"
		}
		return "/employers?" + v.Encode()
	})
	if d.Pager.pastEnd(w, r) {
		return
	}
	h.render(w, r, "employers.html", &page{L: l, User: u, Nav: "employers", Title: l.S("employers_title"), Data: d})
}
