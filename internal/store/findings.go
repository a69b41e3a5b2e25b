package store

import (
	"context"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// EmployerFindings evaluates the tenant's employer with this BIN on asOf
// with engine: the same rules.Result that `ruqsat evaluate` gives for the
// employer's records exported to a scenario file (without overrides, which
// belong to the engine: pass engine.With(overrides) for them). It returns
// ENOTFOUND when the tenant has no such employer.
func (db *DB) EmployerFindings(ctx context.Context, tenant int64, bin string, asOf domain.Date, engine *rules.Engine) (rules.Result, error) {
	rec, _, err := db.EmployerRecords(ctx, tenant, bin)
	if err != nil {
		return rules.Result{}, err
	}
	return engine.Evaluate(rec, asOf), nil
}
