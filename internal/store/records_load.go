package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// loaded is an employer's records as read, with the row ids a replace needs
// to tell existing rows from new ones.
type loaded struct {
	rec       *domain.Records
	empID     int64
	version   int64
	created   time.Time // the employer row's creation
	workerIDs []int64   // parallel to rec.Workers
	permitIDs [][]int64 // parallel to rec.Workers[i].Permits
}

const employerColumns = `id, bin, name, size, branch_of_foreign, staff_kz_1, staff_kz_2, staff_kz_3, staff_kz_4, total_employees, version, address, phone, email, director_name, director_position, uses_seal`

// scanEmployer reads a row of employerColumns, and into extra the columns
// selected after them.
func scanEmployer(row interface{ Scan(...any) error }, e *domain.Employer, extra ...any) (id, version int64, err error) {
	var size string
	var staff [4]sql.NullInt64
	var total sql.NullInt64
	dest := append([]any{&id, &e.BIN, &e.Name, &size, &e.BranchOfForeign, &staff[0], &staff[1], &staff[2], &staff[3], &total, &version,
		&e.Address, &e.Phone, &e.Email, &e.Director.Name, &e.Director.Position, &e.UsesSeal}, extra...)
	if err := row.Scan(dest...); err != nil {
		return 0, 0, err
	}
	e.Size = domain.Size(size)
	e.StaffKZ, e.TotalEmployees = nil, nil
	if staff[0].Valid {
		e.StaffKZ = &[5]int{0, int(staff[0].Int64), int(staff[1].Int64), int(staff[2].Int64), int(staff[3].Int64)}
	}
	if total.Valid {
		t := int(total.Int64)
		e.TotalEmployees = &t
	}
	return id, version, nil
}

// employerRow reads the tenant's employer with this BIN, locking its row on
// PostgreSQL when lock is set (the caller is about to change it). It returns
// ENOTFOUND when the tenant has no such employer.
func (db *DB) employerRow(ctx context.Context, q querier, tenant int64, bin string, lock bool) (domain.Employer, int64, int64, error) {
	var e domain.Employer
	suffix := ""
	if lock {
		suffix = db.d.forUpdate
	}
	id, version, err := scanEmployer(q.QueryRowContext(ctx, `SELECT `+employerColumns+` FROM employers WHERE tenant_id = $1 AND bin = $2`+suffix, tenant, bin), &e)
	if errors.Is(err, sql.ErrNoRows) {
		return e, 0, 0, domain.Errorf(domain.ENOTFOUND, "no employer with BIN %s", bin).Say("error.no_employer", "Code", bin)
	}
	if err != nil {
		return e, 0, 0, db.dbError(err, "find employer")
	}
	return e, id, version, nil
}

// employerID is employerRow for callers that need only the id and version.
func (db *DB) employerID(ctx context.Context, q querier, tenant int64, bin string, lock bool) (int64, int64, error) {
	_, id, version, err := db.employerRow(ctx, q, tenant, bin, lock)
	return id, version, err
}

// EmployerRecords returns everything recorded about the tenant's employer
// with this BIN, and its version (see UpdateEmployer). The records equal,
// slice for slice and in order, those last written by
// ReplaceEmployerRecords; permits are the current ones (see PermitHistory).
// It returns ENOTFOUND when the tenant has no such employer.
func (db *DB) EmployerRecords(ctx context.Context, tenant int64, bin string) (*domain.Records, int64, error) {
	var l *loaded
	err := db.read(ctx, func(tx *sql.Tx) error {
		id, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		l, err = db.loadRecords(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return l.rec, l.version, nil
}

// loadRecords reads employer empID and all its records.
func (db *DB) loadRecords(ctx context.Context, q querier, empID int64) (*loaded, error) {
	ls, err := db.loadEmployers(ctx, q, `e.id = $1`, empID)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, db.dbError(sql.ErrNoRows, "read employer")
	}
	return ls[0], nil
}

// loadEmployers reads the employers that scope selects (a condition on the
// employers table as e, with one argument: `e.id = $1` or
// `e.tenant_id = $1`) with all their records, in employer id order. Each
// list is read in one query over all the selected employers, ordered by
// owner and position, so a whole tenant costs one query per table.
func (db *DB) loadEmployers(ctx context.Context, q querier, scope string, arg int64) ([]*loaded, error) {
	var out []*loaded
	byID := map[int64]*loaded{}
	err := db.each(ctx, q, `SELECT `+prefixed("e.", employerColumns)+`, e.created_at FROM employers e WHERE `+scope+` ORDER BY e.id`, arg, func(rows *sql.Rows) error {
		l := &loaded{rec: &domain.Records{}}
		id, version, err := scanEmployer(rows, &l.rec.Employer, timeCol{&l.created})
		if err != nil {
			return err
		}
		l.empID, l.version = id, version
		byID[id] = l
		out = append(out, l)
		return nil
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	employer := func(id int64) (*loaded, error) {
		l, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("store: a record names employer row %d, which was not selected", id)
		}
		return l, nil
	}

	// Workers, and where each worker's row id sits.
	type workerAt struct {
		l *loaded
		i int
	}
	at := map[int64]workerAt{}
	err = db.each(ctx, q, `SELECT w.employer_id, w.id, w.ext_id, w.name, w.citizenship, w.iin, w.basis, w.category, w.position, w.start_date, w.end_date, w.birth_date, w.experience_years
		FROM workers w JOIN employers e ON e.id = w.employer_id WHERE `+scope+` ORDER BY w.employer_id, w.pos`, arg, func(rows *sql.Rows) error {
		var w domain.Worker
		var eid, id int64
		var basis string
		var cat sql.NullString
		var experience sql.NullInt64
		if err := rows.Scan(&eid, &id, &w.ID, &w.Name, &w.Citizenship, &w.IIN, &basis, &cat, &w.Position, dateCol{&w.Start}, dateCol{&w.End}, dateCol{&w.BirthDate}, &experience); err != nil {
			return err
		}
		if experience.Valid {
			n := int(experience.Int64)
			w.ExperienceYears = &n
		}
		w.Basis = domain.Basis(basis)
		c, err := categoryFrom(cat)
		if err != nil {
			return err
		}
		w.Category = c
		l, err := employer(eid)
		if err != nil {
			return err
		}
		at[id] = workerAt{l, len(l.rec.Workers)}
		l.rec.Workers = append(l.rec.Workers, w)
		l.workerIDs = append(l.workerIDs, id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, l := range out {
		l.permitIDs = make([][]int64, len(l.rec.Workers))
	}
	// worker returns the worker whose row id a child row names.
	worker := func(id int64) (*domain.Worker, workerAt, error) {
		a, ok := at[id]
		if !ok {
			return nil, a, fmt.Errorf("store: a record names worker row %d, which was not selected", id)
		}
		return &a.l.rec.Workers[a.i], a, nil
	}
	ofWorkers := ` JOIN workers w ON w.id = x.worker_id JOIN employers e ON e.id = w.employer_id WHERE ` + scope

	err = db.each(ctx, q, `SELECT x.worker_id, x.signed_on, x.registered_on FROM contracts x`+ofWorkers, arg, func(rows *sql.Rows) error {
		var wid int64
		c := &domain.Contract{}
		if err := rows.Scan(&wid, dateCol{&c.Signed}, dateCol{&c.Registered}); err != nil {
			return err
		}
		w, _, err := worker(wid)
		if err == nil {
			w.Contract = c
		}
		return err
	})
	if err != nil {
		return nil, err
	}

	err = db.each(ctx, q, `SELECT x.worker_id, x.number, x.issued_on, x.expires_on, x.issuer FROM worker_passports x`+ofWorkers, arg, func(rows *sql.Rows) error {
		var wid int64
		p := &domain.Passport{}
		if err := rows.Scan(&wid, &p.Number, dateCol{&p.Issued}, dateCol{&p.Expires}, &p.Issuer); err != nil {
			return err
		}
		w, _, err := worker(wid)
		if err == nil {
			w.Passport = p
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, q, `SELECT x.worker_id, x.level, x.institution, x.specialty, x.graduated FROM worker_education x`+ofWorkers, arg, func(rows *sql.Rows) error {
		var wid int64
		var level string
		var graduated sql.NullInt64
		e := &domain.Education{}
		if err := rows.Scan(&wid, &level, &e.Institution, &e.Specialty, &graduated); err != nil {
			return err
		}
		e.Level, e.Graduated = domain.EducationLevel(level), int(graduated.Int64)
		w, _, err := worker(wid)
		if err == nil {
			w.Education = e
		}
		return err
	})
	if err != nil {
		return nil, err
	}

	err = db.each(ctx, q, `SELECT x.worker_id, x.kind, x.number, x.issued_on, x.expires_on FROM worker_documents x`+ofWorkers+
		` ORDER BY x.worker_id, x.pos`, arg, func(rows *sql.Rows) error {
		var wid int64
		var d domain.WorkerDocument
		var kind string
		if err := rows.Scan(&wid, &kind, &d.Number, dateCol{&d.Issued}, dateCol{&d.Expires}); err != nil {
			return err
		}
		d.Kind = domain.DocumentKind(kind)
		w, _, err := worker(wid)
		if err == nil {
			w.Documents = append(w.Documents, d)
		}
		return err
	})
	if err != nil {
		return nil, err
	}

	// Current permits, then their regions.
	type permitAt struct {
		w *domain.Worker
		p int
	}
	permits := map[int64]permitAt{}
	err = db.each(ctx, q, `SELECT x.id, x.worker_id, x.number, x.valid_from, x.valid_to FROM permits x`+ofWorkers+
		` AND x.superseded_at IS NULL ORDER BY x.worker_id, x.pos`, arg, func(rows *sql.Rows) error {
		var id, wid int64
		var p domain.Permit
		if err := rows.Scan(&id, &wid, &p.Number, dateCol{&p.From}, dateCol{&p.To}); err != nil {
			return err
		}
		w, a, err := worker(wid)
		if err != nil {
			return err
		}
		permits[id] = permitAt{w, len(w.Permits)}
		w.Permits = append(w.Permits, p)
		a.l.permitIDs[a.i] = append(a.l.permitIDs[a.i], id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(permits) > 0 {
		err = db.each(ctx, q, `SELECT r.permit_id, r.region FROM permit_regions r JOIN permits x ON x.id = r.permit_id`+ofWorkers+
			` AND x.superseded_at IS NULL ORDER BY r.permit_id, r.pos`, arg, func(rows *sql.Rows) error {
			var pid int64
			var region string
			if err := rows.Scan(&pid, &region); err != nil {
				return err
			}
			pa, ok := permits[pid]
			if !ok {
				return fmt.Errorf("store: region of permit row %d, which is not current", pid)
			}
			p := &pa.w.Permits[pa.p]
			p.Regions = append(p.Regions, domain.Region(region))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	err = db.each(ctx, q, `SELECT x.worker_id, x.region, x.date_from, x.date_to, x.notified_on FROM trips x`+ofWorkers+
		` ORDER BY x.worker_id, x.pos`, arg, func(rows *sql.Rows) error {
		var wid int64
		var t domain.Trip
		var region string
		if err := rows.Scan(&wid, &region, dateCol{&t.From}, dateCol{&t.To}, dateCol{&t.Notified}); err != nil {
			return err
		}
		t.Region = domain.Region(region)
		w, _, err := worker(wid)
		if err == nil {
			w.Trips = append(w.Trips, t)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, q, `SELECT x.worker_id, x.changed_on, x.notified_on FROM address_changes x`+ofWorkers+
		` ORDER BY x.worker_id, x.pos`, arg, func(rows *sql.Rows) error {
		var wid int64
		var a domain.AddressChange
		if err := rows.Scan(&wid, dateCol{&a.Date}, dateCol{&a.Notified}); err != nil {
			return err
		}
		w, _, err := worker(wid)
		if err == nil {
			w.AddressChanges = append(w.AddressChanges, a)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, q, `SELECT x.worker_id, x.filed_on, x.vacancy_posted_on, x.vacancy_code FROM permit_applications x`+ofWorkers+
		` ORDER BY x.worker_id, x.pos`, arg, func(rows *sql.Rows) error {
		var wid int64
		var a domain.Application
		if err := rows.Scan(&wid, dateCol{&a.Filed}, dateCol{&a.VacancyPosted}, &a.VacancyCode); err != nil {
			return err
		}
		w, _, err := worker(wid)
		if err == nil {
			w.Applications = append(w.Applications, a)
		}
		return err
	})
	if err != nil {
		return nil, err
	}

	ofEmployers := ` x JOIN employers e ON e.id = x.employer_id WHERE ` + scope + ` ORDER BY x.employer_id, x.pos`
	err = db.each(ctx, q, `SELECT x.employer_id, x.month, x.submitted_on FROM monthly_reports`+ofEmployers, arg, func(rows *sql.Rows) error {
		var eid int64
		var r domain.Report
		if err := rows.Scan(&eid, monthCol{&r.Month}, dateCol{&r.Submitted}); err != nil {
			return err
		}
		l, err := employer(eid)
		if err == nil {
			l.rec.Reports = append(l.rec.Reports, r)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, q, `SELECT x.employer_id, x.month, x.kz_trained, x.kz_replaced, x.kz_working, x.jobs_created FROM monthly_figures`+ofEmployers, arg, func(rows *sql.Rows) error {
		var eid int64
		var f domain.MonthlyFigures
		if err := rows.Scan(&eid, monthCol{&f.Month}, &f.KZTrained, &f.KZReplaced, &f.KZWorking, &f.JobsCreated); err != nil {
			return err
		}
		l, err := employer(eid)
		if err == nil {
			l.rec.MonthlyFigures = append(l.rec.MonthlyFigures, f)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, q, `SELECT x.employer_id, x.customer, x.number, x.signed_on, x.region FROM quota_contracts`+ofEmployers, arg, func(rows *sql.Rows) error {
		var eid int64
		var c domain.QuotaContract
		var region string
		if err := rows.Scan(&eid, &c.Customer, &c.Number, dateCol{&c.Date}, &region); err != nil {
			return err
		}
		c.Region = domain.Region(region)
		l, err := employer(eid)
		if err == nil {
			l.rec.QuotaContracts = append(l.rec.QuotaContracts, c)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, q, `SELECT x.employer_id, x.year, x.region, x.category, x.position, x.count, x.justification FROM quota_plans`+ofEmployers, arg, func(rows *sql.Rows) error {
		var eid int64
		var p domain.QuotaPlan
		var region string
		var cat sql.NullString
		if err := rows.Scan(&eid, &p.Year, &region, &cat, &p.Position, &p.Count, &p.Justification); err != nil {
			return err
		}
		p.Region = domain.Region(region)
		c, err := categoryFrom(cat)
		if err != nil {
			return err
		}
		p.Category = c
		l, err := employer(eid)
		if err == nil {
			l.rec.QuotaPlans = append(l.rec.QuotaPlans, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, q, `SELECT x.employer_id, x.year, x.region, x.submitted_on FROM quota_applications`+ofEmployers, arg, func(rows *sql.Rows) error {
		var eid int64
		var a domain.QuotaApplication
		var region string
		if err := rows.Scan(&eid, &a.Year, &region, dateCol{&a.Submitted}); err != nil {
			return err
		}
		a.Region = domain.Region(region)
		l, err := employer(eid)
		if err == nil {
			l.rec.QuotaApplications = append(l.rec.QuotaApplications, a)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, q, `SELECT x.employer_id, x.article, x.part, x.imposed_on FROM penalties`+ofEmployers, arg, func(rows *sql.Rows) error {
		var eid int64
		var p domain.Penalty
		if err := rows.Scan(&eid, &p.Article, &p.Part, dateCol{&p.Date}); err != nil {
			return err
		}
		l, err := employer(eid)
		if err == nil {
			l.rec.Penalties = append(l.rec.Penalties, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// prefixed puts prefix before each column of a comma-separated list.
func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ", ")
	for i := range parts {
		parts[i] = prefix + parts[i]
	}
	return strings.Join(parts, ", ")
}

// each runs query with one argument and calls fn for every row.
func (db *DB) each(ctx context.Context, q querier, query string, arg any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, arg)
	if err != nil {
		return db.dbError(err, "read records")
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return db.dbError(err, "read records")
		}
	}
	return db.dbError(rows.Err(), "read records")
}

// PermitVersion is one row of a worker's permit history.
type PermitVersion struct {
	ID     int64
	Permit domain.Permit
	// Extends is the id of the version this one replaced (an extension or
	// a correction of the permit with the same number); 0 for none.
	Extends      int64
	RecordedAt   time.Time
	SupersededAt time.Time // zero while the version is current
}

// PermitHistory returns every version of every permit recorded for the
// worker (by the employer's worker id) of the tenant's employer, oldest
// first, superseded ones included: permits are never overwritten. It
// returns ENOTFOUND when there is no such employer or worker.
func (db *DB) PermitHistory(ctx context.Context, tenant int64, bin, workerID string) ([]PermitVersion, error) {
	var out []PermitVersion
	err := db.read(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		var wid int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM workers WHERE employer_id = $1 AND ext_id = $2`, empID, workerID).Scan(&wid)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("employer %s has no worker %q", bin, workerID).Say("error.no_worker", "Code", bin, "Name", workerID)
		}
		if err != nil {
			return db.dbError(err, "find worker")
		}
		at := map[int64]int{}
		err = db.each(ctx, tx, `SELECT id, number, valid_from, valid_to, extends_permit_id, recorded_at, superseded_at
			FROM permits WHERE worker_id = $1 ORDER BY id`, wid, func(rows *sql.Rows) error {
			var v PermitVersion
			var ext sql.NullInt64
			if err := rows.Scan(&v.ID, &v.Permit.Number, dateCol{&v.Permit.From}, dateCol{&v.Permit.To}, &ext,
				timeCol{&v.RecordedAt}, timeCol{&v.SupersededAt}); err != nil {
				return err
			}
			v.Extends = ext.Int64
			at[v.ID] = len(out)
			out = append(out, v)
			return nil
		})
		if err != nil {
			return err
		}
		return db.each(ctx, tx, `SELECT r.permit_id, r.region FROM permit_regions r JOIN permits p ON p.id = r.permit_id
			WHERE p.worker_id = $1 ORDER BY r.permit_id, r.pos`, wid, func(rows *sql.Rows) error {
			var pid int64
			var region string
			if err := rows.Scan(&pid, &region); err != nil {
				return err
			}
			if i, ok := at[pid]; ok {
				out[i].Permit.Regions = append(out[i].Permit.Regions, domain.Region(region))
			}
			return nil
		})
	})
	return out, err
}
