package app

import (
	"context"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// AsOf reads the date to evaluate on from its text: today in Almaty when
// empty, else YYYY-MM-DD within the calendar's years (EINVALID otherwise:
// an evaluation on 9999-12-31 would walk eight thousand years of days).
func (a *App) AsOf(s string) (domain.Date, error) {
	if s == "" {
		return a.Today(), nil
	}
	if err := text("as_of", s, 10); err != nil {
		return 0, err
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return 0, domain.Errorf(domain.EINVALID, "as_of %q is not a date (YYYY-MM-DD)", s).Say("error.as_of", "Code", s)
	}
	return d, domain.CheckAsOf(d)
}

// EvaluateRecords evaluates records that are not in the registry (a
// scenario file, read and validated by its reader) on asOf with engine (the
// deployment's, with the file's overrides). The date must be within the
// calendar's years (EINVALID). The findings are told in lang.
func EvaluateRecords(engine *rules.Engine, rec *domain.Records, asOf domain.Date, lang i18n.Lang) (rules.Result, error) {
	if err := domain.CheckAsOf(asOf); err != nil {
		return rules.Result{}, err
	}
	res := engine.Evaluate(rec, asOf)
	res.Render(i18n.For(lang))
	return res, nil
}

// Evaluate evaluates the stored records of employer bin on asOf: the same
// result as `ruqsat evaluate` on the employer's export, told in lang.
func (a *App) Evaluate(ctx context.Context, u *User, bin string, asOf domain.Date, lang i18n.Lang) (rules.Result, error) {
	if err := domain.CheckAsOf(asOf); err != nil {
		return rules.Result{}, err
	}
	rec, _, err := a.Records(ctx, u, bin)
	if err != nil {
		return rules.Result{}, err
	}
	res := a.engine.Evaluate(rec, asOf)
	res.Render(i18n.For(lang))
	return res, nil
}

// EvaluateEach evaluates, on asOf, each employer of the page q selects
// among those u may see, calling f with each in order (an employer
// deleted meanwhile is passed over), and returns how many match in all.
// The findings are told in lang.
func (a *App) EvaluateEach(ctx context.Context, u *User, q EmployerQuery, asOf domain.Date, lang i18n.Lang, f func(EmployerSummary, rules.Result) error) (int, error) {
	if err := domain.CheckAsOf(asOf); err != nil {
		return 0, err
	}
	if err := page(q.Limit, q.Offset, MaxEvaluations); err != nil {
		return 0, err
	}
	list, total, err := a.Employers(ctx, u, q)
	if err != nil {
		return 0, err
	}
	for _, e := range list {
		res, err := a.Evaluate(ctx, u, e.BIN, asOf, lang)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue // deleted since the list was read
		}
		if err != nil {
			return 0, err
		}
		if err := f(e, res); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// Dashboard answers the queries on the tenant's dashboard, read from the
// shared cache of today's evaluations, limited to the employers u may see.
func (a *App) Dashboard(ctx context.Context, u *User, qs ...dashboard.Query) ([]dashboard.Page, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	for i := range qs {
		if err := text("rule", qs[i].Rule, domain.MaxCodeLen); err != nil {
			return nil, err
		}
		if err := page(qs[i].Limit, qs[i].Offset, MaxPage); err != nil {
			return nil, err
		}
		if qs[i].Days < 0 || qs[i].Days > MaxDashboardDays {
			return nil, domain.Errorf(domain.EINVALID, "days %d: expected 0 to %d", qs[i].Days, MaxDashboardDays).Say("error.days", "N", qs[i].Days, "Of", MaxDashboardDays)
		}
		qs[i].Only = u.Employers
	}
	return a.dashboard.Queries(ctx, u.TenantID, qs...)
}
