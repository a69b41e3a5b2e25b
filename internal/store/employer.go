package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// EmployerSummary is an employer as a list shows it.
type EmployerSummary struct {
	BIN       string
	Name      string
	Size      domain.Size
	Workers   int // foreign workers recorded
	Version   int64
	UpdatedAt time.Time
}

// EmployerFilter selects employers for ListEmployers.
type EmployerFilter struct {
	// Query matches employers whose BIN or name contains it, in any case
	// of any script, the same on both engines (see foldSearch).
	Query string
	// Only, when not nil, limits the list to these BINs: the employers a
	// restricted user may see (User.Employers).
	Only []string
	// Limit is the most employers returned: 50 when 0 (how many a page may
	// hold is the application layer's to say).
	// Offset skips that many first.
	Limit, Offset int
}

// ListEmployers returns the tenant's employers that match f, ordered by
// name and BIN, and how many match in all (for pagination). It returns
// only wrapped driver errors: no match is an empty list.
func (db *DB) ListEmployers(ctx context.Context, tenant int64, f EmployerFilter) ([]EmployerSummary, int, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	offset := max(f.Offset, 0)
	where, args, none := f.where(tenant)
	if none {
		return nil, 0, nil
	}
	var total int
	var out []EmployerSummary
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM employers e WHERE `+where, args...).Scan(&total); err != nil {
			return db.dbError(err, "count employers")
		}
		page := append(args, limit, offset)
		rows, err := tx.QueryContext(ctx, `SELECT e.bin, e.name, e.size, e.version, e.updated_at,
			(SELECT count(*) FROM workers w WHERE w.employer_id = e.id)
			FROM employers e WHERE `+where+fmt.Sprintf(` ORDER BY e.name, e.bin LIMIT $%d OFFSET $%d`, len(page)-1, len(page)), page...)
		if err != nil {
			return db.dbError(err, "list employers")
		}
		defer rows.Close()
		for rows.Next() {
			var s EmployerSummary
			var size string
			if err := rows.Scan(&s.BIN, &s.Name, &size, &s.Version, timeCol{&s.UpdatedAt}, &s.Workers); err != nil {
				return db.dbError(err, "list employers")
			}
			s.Size = domain.Size(size)
			out = append(out, s)
		}
		return db.dbError(rows.Err(), "list employers")
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// where is the SQL condition (on employers e) and arguments of f; none
// is true when f selects no employer at all.
func (f *EmployerFilter) where(tenant int64) (string, []any, bool) {
	var where strings.Builder
	args := []any{tenant}
	where.WriteString(`e.tenant_id = $1`)
	if q := foldSearch(f.Query); q != "" {
		args = append(args, "%"+likeEscaper.Replace(q)+"%")
		fmt.Fprintf(&where, ` AND e.search LIKE $%d ESCAPE '\'`, len(args))
	}
	if f.Only != nil {
		if len(f.Only) == 0 {
			return "", nil, true
		}
		where.WriteString(` AND e.bin IN (`)
		for i, bin := range f.Only {
			args = append(args, bin)
			if i > 0 {
				where.WriteString(", ")
			}
			fmt.Fprintf(&where, "$%d", len(args))
		}
		where.WriteString(")")
	}
	return where.String(), args, false
}

// EmployerBINs returns the BINs of all the tenant's employers that match f
// (Query and Only; not Limit and Offset), ordered by name and BIN: what a
// list ordered by something else than the name sorts before it reads one
// page with ListEmployers.
func (db *DB) EmployerBINs(ctx context.Context, tenant int64, f EmployerFilter) ([]string, error) {
	where, args, none := f.where(tenant)
	if none {
		return nil, nil
	}
	var out []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT e.bin FROM employers e WHERE `+where+` ORDER BY e.name, e.bin`, args...)
		if err != nil {
			return db.dbError(err, "list employers")
		}
		defer rows.Close()
		for rows.Next() {
			var bin string
			if err := rows.Scan(&bin); err != nil {
				return db.dbError(err, "list employers")
			}
			out = append(out, bin)
		}
		return db.dbError(rows.Err(), "list employers")
	})
	return out, err
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// UpdateEmployer changes the tenant's employer with this BIN: patch gets
// the stored employer and changes it in place. ifVersion is the version the
// caller read (EmployerRecords, ListEmployers); when the employer has
// changed since, nothing is written and ECONFLICT returned, so that two
// editors never silently overwrite each other: reload and try again. It
// returns the new version.
//
// It returns ENOTFOUND when the tenant has no such employer, ECONFLICT for
// a stale version, EINVALID when the patched employer is not valid or its
// BIN was changed, and whatever error patch returns.
func (db *DB) UpdateEmployer(ctx context.Context, tenant int64, actor Actor, bin string, ifVersion int64, patch func(*domain.Employer) error) (int64, error) {
	var version int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lockTenant(ctx, tx, tenant); err != nil {
			return err
		}
		e, id, stored, err := db.employerRow(ctx, tx, tenant, bin, true)
		if err != nil {
			return err
		}
		if stored != ifVersion {
			return staleVersion(bin, stored, ifVersion)
		}
		before := newEmployerDoc(&e, stored)
		if e.StaffKZ != nil { // patch must not change what before points to
			s := *e.StaffKZ
			e.StaffKZ = &s
		}
		if e.TotalEmployees != nil {
			t := *e.TotalEmployees
			e.TotalEmployees = &t
		}
		if err := patch(&e); err != nil {
			return err
		}
		if e.BIN != bin {
			return invalid("the BIN of employer %s cannot be changed", bin).Say("error.bin_changed", "Code", bin)
		}
		if err := e.Validate().Err(); err != nil {
			return err
		}
		var staff [4]any
		if e.StaffKZ != nil {
			for i := range staff {
				staff[i] = int64(e.StaffKZ[i+1])
			}
		}
		version = stored + 1
		res, err := tx.ExecContext(ctx, `UPDATE employers SET name = $3, size = $4, branch_of_foreign = $5,
			staff_kz_1 = $6, staff_kz_2 = $7, staff_kz_3 = $8, staff_kz_4 = $9, total_employees = $10,
			version = $11, updated_at = $12, search = $13,
			address = $14, phone = $15, email = $16, director_name = $17, director_position = $18, uses_seal = $19
			WHERE id = $1 AND version = $2`,
			id, stored, e.Name, string(e.Size), e.BranchOfForeign, staff[0], staff[1], staff[2], staff[3],
			nullIntArg(e.TotalEmployees), version, db.now(), searchText(e.Name, e.BIN),
			e.Address, e.Phone, e.Email, e.Director.Name, e.Director.Position, e.UsesSeal)
		if err != nil {
			return db.dbError(err, "update employer "+bin)
		}
		// The row is locked (PostgreSQL) or the writer is alone (SQLite),
		// so the version cannot have moved; checked all the same.
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return domain.Errorf(domain.ECONFLICT, "employer %s was changed by someone else; reload and try again", bin).Say("error.changed", "Code", bin)
		}
		return db.appendEmployerUpdateAudit(ctx, tx, tenant, actor, bin, before, newEmployerDoc(&e, version))
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// DeleteEmployer deletes the tenant's employer with this BIN and all its
// records (permit history included); the audit log keeps what was deleted.
// It returns ENOTFOUND when the tenant has no such employer and ECONFLICT
// when its version is not ifVersion (AnyVersion deletes whatever is stored).
func (db *DB) DeleteEmployer(ctx context.Context, tenant int64, actor Actor, bin string, ifVersion int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lockTenant(ctx, tx, tenant); err != nil {
			return err
		}
		id, stored, err := db.employerID(ctx, tx, tenant, bin, true)
		if err != nil {
			return err
		}
		if ifVersion != AnyVersion && stored != ifVersion {
			return staleVersion(bin, stored, ifVersion)
		}
		before, err := db.loadRecords(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM employers WHERE id = $1`, id); err != nil {
			return db.dbError(err, "delete employer "+bin)
		}
		return db.appendEmployerAudit(ctx, tx, tenant, actor, bin, ActionDelete, newRecordsDoc(before.rec, stored), nil)
	})
}
