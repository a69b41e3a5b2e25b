package app

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// Overview returns the summaries of the employers u may see and their
// undated risks, read from the shared cache of today's evaluations
// (dashboard.Cache.Overview).
func (a *App) Overview(ctx context.Context, u *User) (dashboard.Overview, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return dashboard.Overview{}, err
	}
	return a.dashboard.Overview(ctx, u.TenantID, u.Employers)
}

// EmployerRow is an employer of the list with what today's evaluation
// says of it.
type EmployerRow struct {
	EmployerSummary
	dashboard.Summary
}

// Employer list orders.
const (
	SortName       = "name"       // by name (the default)
	SortOverdue    = "overdue"    // most overdue first
	SortDueWeek    = "due"        // most due within 7 days first
	SortViolations = "violations" // most violations first
	SortExposure   = "exposure"   // largest fine exposure first
)

// Sorts are the orders EmployersOverview takes.
var Sorts = []string{SortName, SortOverdue, SortDueWeek, SortViolations, SortExposure}

// EmployersOverview returns a page of the employers u may see whose BIN or
// name contains q.Q, each with its summary from the dashboard cache, in the
// order sort names (Sorts; ties by name), how many match, and the date of
// the summaries. Ordered by name, only the page is read from the store;
// ordered by a figure, every matching employer is (names and BINs only;
// the figures come from the cache, no evaluation is made).
func (a *App) EmployersOverview(ctx context.Context, u *User, q EmployerQuery, sort string) ([]EmployerRow, int, domain.Date, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, 0, 0, err
	}
	if err := q.check(); err != nil {
		return nil, 0, 0, err
	}
	if sort == "" {
		sort = SortName
	}
	if !slices.Contains(Sorts, sort) {
		return nil, 0, 0, domain.Errorf(domain.EINVALID, "sort %q: expected one of %s", sort, strings.Join(Sorts, ", ")).
			Say("error.sort", "Code", sort, "Other", strings.Join(Sorts, ", "))
	}
	o, err := a.dashboard.Overview(ctx, u.TenantID, u.Employers)
	if err != nil {
		return nil, 0, 0, err
	}
	f := store.EmployerFilter{Query: q.Q, Only: u.Employers, Limit: q.Limit, Offset: q.Offset}
	if sort == SortName {
		list, total, err := a.db.ListEmployers(ctx, u.TenantID, f)
		if err != nil {
			return nil, 0, 0, err
		}
		rows := make([]EmployerRow, len(list))
		for i, e := range list {
			rows[i] = EmployerRow{EmployerSummary: e, Summary: o.Employers[e.BIN]}
		}
		return rows, total, o.AsOf, nil
	}
	// Ordered by a figure: every matching BIN (by name, which breaks ties),
	// ordered by the cache's figures, then the page's employers read.
	bins, err := a.db.EmployerBINs(ctx, u.TenantID, f)
	if err != nil {
		return nil, 0, 0, err
	}
	key := func(bin string) int64 {
		s := o.Employers[bin]
		switch sort {
		case SortOverdue:
			return int64(s.Overdue)
		case SortDueWeek:
			return int64(s.DueWeek)
		case SortViolations:
			return int64(s.Violations)
		}
		return s.FineMCI
	}
	slices.SortStableFunc(bins, func(a, b string) int { return cmp.Compare(key(b), key(a)) })
	lo := min(q.Offset, len(bins))
	page := bins[lo:min(lo+q.Limit, len(bins))]
	rows := make([]EmployerRow, 0, len(page))
	if len(page) > 0 {
		list, _, err := a.db.ListEmployers(ctx, u.TenantID, store.EmployerFilter{Only: page, Limit: len(page)})
		if err != nil {
			return nil, 0, 0, err
		}
		byBIN := make(map[string]EmployerSummary, len(list))
		for _, e := range list {
			byBIN[e.BIN] = e
		}
		for _, bin := range page {
			if e, ok := byBIN[bin]; ok { // deleted in between: left out
				rows = append(rows, EmployerRow{EmployerSummary: e, Summary: o.Employers[bin]})
			}
		}
	}
	return rows, len(bins), o.AsOf, nil
}
