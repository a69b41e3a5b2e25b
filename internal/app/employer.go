package app

import (
	"context"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// EmployerQuery selects a page of employers.
type EmployerQuery struct {
	Q      string // a part of the BIN or name
	Limit  int    // 1 to MaxPage
	Offset int
}

// Page sizes: the most items one page of a list holds, the most
// employers one page of evaluations holds (each is a whole evaluation), and
// the furthest the dashboard looks ahead.
const (
	MaxPage          = 1000
	MaxEvaluations   = 200
	MaxDashboardDays = 366
)

// page checks a page's limit (0: the default) and offset.
func page(limit, offset, max int) error {
	if limit < 0 || limit > max || offset < 0 {
		return domain.Errorf(domain.EINVALID, "limit %d, offset %d: expected a limit up to %d and an offset of 0 or more", limit, offset, max).Say("error.page", "N", limit, "M", offset, "Of", max)
	}
	return nil
}

func (q *EmployerQuery) check() error {
	if err := text("q", q.Q, domain.MaxNameLen); err != nil {
		return err
	}
	if q.Limit < 1 {
		return domain.Errorf(domain.EINVALID, "limit %d: expected 1 or more", q.Limit).Say("error.limit", "N", q.Limit)
	}
	return page(q.Limit, q.Offset, MaxPage)
}

// Employers returns a page of the employers u may see whose BIN or name
// contains q.Q, and how many match in all.
func (a *App) Employers(ctx context.Context, u *User, q EmployerQuery) ([]EmployerSummary, int, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, 0, err
	}
	if err := q.check(); err != nil {
		return nil, 0, err
	}
	return a.db.ListEmployers(ctx, u.TenantID, store.EmployerFilter{Query: q.Q, Only: u.Employers, Limit: q.Limit, Offset: q.Offset})
}

// Employer returns the summary of employer bin: ENOTFOUND when there is
// none, or u may not see it.
func (a *App) Employer(ctx context.Context, u *User, bin string) (*EmployerSummary, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	if err := scoped(u, bin); err != nil {
		return nil, err
	}
	list, _, err := a.db.ListEmployers(ctx, u.TenantID, store.EmployerFilter{Only: []string{bin}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "no employer with BIN %s", bin).Say("error.no_employer", "Code", bin)
	}
	return &list[0], nil
}

// Records returns everything recorded about the employer bin and its
// version. ENOTFOUND when there is none, or u may not see it.
func (a *App) Records(ctx context.Context, u *User, bin string) (*domain.Records, int64, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, 0, err
	}
	if err := scoped(u, bin); err != nil {
		return nil, 0, err
	}
	return a.db.EmployerRecords(ctx, u.TenantID, bin)
}

// ReplaceRecords stores rec as everything recorded about its employer, if
// the stored version is ifVersion (0: the employer must not exist yet),
// and returns the new version. The records pass the records validator
// first (EINVALID with its problems); ECONFLICT for another version.
func (a *App) ReplaceRecords(ctx context.Context, u *User, rec *domain.Records, ifVersion int64) (int64, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return 0, err
	}
	// The validator first: a new employer's BIN that is no BIN is a problem
	// of the records sent (at employer.bin), not an employer not found.
	if err := rec.Validate().Err(); err != nil {
		return 0, err
	}
	if err := scoped(u, rec.Employer.BIN); err != nil {
		return 0, err
	}
	return a.db.ReplaceEmployerRecordsIf(ctx, u.TenantID, actor(u), rec, ifVersion)
}

// UpdateEmployer changes the employer's own fields with patch, if the
// stored version is ifVersion, and returns the new version. The BIN cannot
// change; the result passes the validator.
func (a *App) UpdateEmployer(ctx context.Context, u *User, bin string, ifVersion int64, patch func(*domain.Employer) error) (int64, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return 0, err
	}
	if err := scoped(u, bin); err != nil {
		return 0, err
	}
	return a.db.UpdateEmployer(ctx, u.TenantID, actor(u), bin, ifVersion, patch)
}

// DeleteEmployer deletes the employer and all its records if the stored
// version is ifVersion.
func (a *App) DeleteEmployer(ctx context.Context, u *User, bin string, ifVersion int64) error {
	if err := require(u, auth.ActionWrite); err != nil {
		return err
	}
	if err := scoped(u, bin); err != nil {
		return err
	}
	return a.db.DeleteEmployer(ctx, u.TenantID, actor(u), bin, ifVersion)
}

// Import stores several employers' records at once, all or nothing. Each
// names the version it was built on (versions[BIN]; 0 or absent: a new
// employer), so that a change made in between, through the API or the web,
// is a conflict instead of being overwritten. The records pass the
// validator first.
func (a *App) Import(ctx context.Context, u *User, recs []*domain.Records, versions map[string]int64) error {
	if err := require(u, auth.ActionWrite); err != nil {
		return err
	}
	for _, rec := range recs {
		if err := scoped(u, rec.Employer.BIN); err != nil {
			return err
		}
		if err := rec.Validate().Err(); err != nil {
			return domain.Errorf(domain.EINVALID, "employer %s: %s", rec.Employer.BIN, domain.ErrorMessage(err)).Say("error.employer", "Code", rec.Employer.BIN, "Other", err)
		}
	}
	return a.db.ReplaceEmployersRecordsIf(ctx, u.TenantID, actor(u), recs, versions)
}
