package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// EmployerStamp identifies one state of an employer's records: its row id,
// version and creation time. An employer deleted and created again under
// the same BIN starts over at version 1, and SQLite may give it the row id
// of the one deleted; its creation time tells them apart.
type EmployerStamp struct {
	ID      int64
	Version int64
	Created time.Time
}

// TenantRecordsVersion returns a number that changes with every change of
// the tenant's employers or their records (it only goes up): one row read,
// for caches to tell that nothing changed without TenantVersions. It
// returns ENOTFOUND when there is no such tenant.
func (db *DB) TenantRecordsVersion(ctx context.Context, tenant int64) (int64, error) {
	var v int64
	err := db.r.QueryRowContext(ctx, `SELECT records_version FROM tenants WHERE id = $1`, tenant).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("no such tenant").Say("error.no_tenant_any")
	}
	return v, db.dbError(err, "read tenant's records version")
}

// TenantVersions returns the stamp of each of the tenant's employers, by
// BIN: one small query, for caches of derived data (the dashboard) to tell
// which employers changed since they were computed.
func (db *DB) TenantVersions(ctx context.Context, tenant int64) (map[string]EmployerStamp, error) {
	out := map[string]EmployerStamp{}
	err := db.each(ctx, db.r, `SELECT bin, id, version, created_at FROM employers WHERE tenant_id = $1`, tenant, func(rows *sql.Rows) error {
		var bin string
		var s EmployerStamp
		if err := rows.Scan(&bin, &s.ID, &s.Version, timeCol{&s.Created}); err != nil {
			return err
		}
		out[bin] = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// TenantRecords returns the records of all the tenant's employers, by BIN,
// and their stamps, read in one snapshot with one query per table (not one
// per employer). Each employer's records equal those EmployerRecords gives.
func (db *DB) TenantRecords(ctx context.Context, tenant int64) (map[string]*domain.Records, map[string]EmployerStamp, error) {
	recs := map[string]*domain.Records{}
	stamps := map[string]EmployerStamp{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		ls, err := db.loadEmployers(ctx, tx, `e.tenant_id = $1`, tenant)
		for _, l := range ls {
			recs[l.rec.Employer.BIN] = l.rec
			stamps[l.rec.Employer.BIN] = EmployerStamp{ID: l.empID, Version: l.version, Created: l.created}
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return recs, stamps, nil
}
