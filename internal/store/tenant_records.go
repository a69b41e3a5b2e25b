package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// EmployerStamp identifies one state of an employer's records: its row id
// and its version. The id is part of it because an employer deleted and
// created again under the same BIN starts over at version 1.
type EmployerStamp struct {
	ID      int64
	Version int64
}

// TenantVersions returns the stamp of each of the tenant's employers, by
// BIN: one small query, for caches of derived data (the dashboard) to tell
// which employers changed since they were computed.
func (db *DB) TenantVersions(ctx context.Context, tenant int64) (map[string]EmployerStamp, error) {
	out := map[string]EmployerStamp{}
	err := db.each(ctx, db.r, `SELECT bin, id, version FROM employers WHERE tenant_id = $1`, tenant, func(rows *sql.Rows) error {
		var bin string
		var s EmployerStamp
		if err := rows.Scan(&bin, &s.ID, &s.Version); err != nil {
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
		byID := map[int64]*domain.Records{}
		err := db.each(ctx, tx, `SELECT `+employerColumns+` FROM employers WHERE tenant_id = $1 ORDER BY id`, tenant, func(rows *sql.Rows) error {
			rec := &domain.Records{}
			id, version, err := scanEmployer(rows, &rec.Employer)
			if err != nil {
				return err
			}
			byID[id] = rec
			recs[rec.Employer.BIN] = rec
			stamps[rec.Employer.BIN] = EmployerStamp{ID: id, Version: version}
			return nil
		})
		if err != nil || len(byID) == 0 {
			return err
		}
		employer := func(id int64) (*domain.Records, error) {
			rec, ok := byID[id]
			if !ok {
				return nil, fmt.Errorf("store: a record names employer row %d, which is not the tenant's", id)
			}
			return rec, nil
		}

		type workerAt struct {
			rec *domain.Records
			i   int
		}
		at := map[int64]workerAt{}
		err = db.each(ctx, tx, `SELECT w.employer_id, w.id, w.ext_id, w.name, w.citizenship, w.iin, w.basis, w.category, w.position, w.start_date, w.end_date
			FROM workers w JOIN employers e ON e.id = w.employer_id WHERE e.tenant_id = $1 ORDER BY w.employer_id, w.pos`, tenant, func(rows *sql.Rows) error {
			var w domain.Worker
			var eid, id int64
			var basis string
			var cat sql.NullString
			if err := rows.Scan(&eid, &id, &w.ID, &w.Name, &w.Citizenship, &w.IIN, &basis, &cat, &w.Position, dateCol{&w.Start}, dateCol{&w.End}); err != nil {
				return err
			}
			w.Basis = domain.Basis(basis)
			c, err := categoryFrom(cat)
			if err != nil {
				return err
			}
			w.Category = c
			rec, err := employer(eid)
			if err != nil {
				return err
			}
			at[id] = workerAt{rec, len(rec.Workers)}
			rec.Workers = append(rec.Workers, w)
			return nil
		})
		if err != nil {
			return err
		}
		worker := func(id int64) (*domain.Worker, error) {
			a, ok := at[id]
			if !ok {
				return nil, fmt.Errorf("store: a record names worker row %d, which is not the tenant's", id)
			}
			return &a.rec.Workers[a.i], nil
		}
		const ofWorkers = ` JOIN workers w ON w.id = x.worker_id JOIN employers e ON e.id = w.employer_id WHERE e.tenant_id = $1`

		err = db.each(ctx, tx, `SELECT x.worker_id, x.signed_on, x.registered_on FROM contracts x`+ofWorkers, tenant, func(rows *sql.Rows) error {
			var wid int64
			c := &domain.Contract{}
			if err := rows.Scan(&wid, dateCol{&c.Signed}, dateCol{&c.Registered}); err != nil {
				return err
			}
			w, err := worker(wid)
			if err == nil {
				w.Contract = c
			}
			return err
		})
		if err != nil {
			return err
		}

		type permitAt struct {
			w *domain.Worker
			p int
		}
		permits := map[int64]permitAt{}
		err = db.each(ctx, tx, `SELECT x.id, x.worker_id, x.number, x.valid_from, x.valid_to FROM permits x`+ofWorkers+
			` AND x.superseded_at IS NULL ORDER BY x.worker_id, x.pos`, tenant, func(rows *sql.Rows) error {
			var id, wid int64
			var p domain.Permit
			if err := rows.Scan(&id, &wid, &p.Number, dateCol{&p.From}, dateCol{&p.To}); err != nil {
				return err
			}
			w, err := worker(wid)
			if err != nil {
				return err
			}
			permits[id] = permitAt{w, len(w.Permits)}
			w.Permits = append(w.Permits, p)
			return nil
		})
		if err != nil {
			return err
		}
		if len(permits) > 0 {
			err = db.each(ctx, tx, `SELECT r.permit_id, r.region FROM permit_regions r JOIN permits x ON x.id = r.permit_id`+ofWorkers+
				` AND x.superseded_at IS NULL ORDER BY r.permit_id, r.pos`, tenant, func(rows *sql.Rows) error {
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
				return err
			}
		}

		err = db.each(ctx, tx, `SELECT x.worker_id, x.region, x.date_from, x.date_to, x.notified_on FROM trips x`+ofWorkers+
			` ORDER BY x.worker_id, x.pos`, tenant, func(rows *sql.Rows) error {
			var wid int64
			var t domain.Trip
			var region string
			if err := rows.Scan(&wid, &region, dateCol{&t.From}, dateCol{&t.To}, dateCol{&t.Notified}); err != nil {
				return err
			}
			t.Region = domain.Region(region)
			w, err := worker(wid)
			if err == nil {
				w.Trips = append(w.Trips, t)
			}
			return err
		})
		if err != nil {
			return err
		}
		err = db.each(ctx, tx, `SELECT x.worker_id, x.changed_on, x.notified_on FROM address_changes x`+ofWorkers+
			` ORDER BY x.worker_id, x.pos`, tenant, func(rows *sql.Rows) error {
			var wid int64
			var a domain.AddressChange
			if err := rows.Scan(&wid, dateCol{&a.Date}, dateCol{&a.Notified}); err != nil {
				return err
			}
			w, err := worker(wid)
			if err == nil {
				w.AddressChanges = append(w.AddressChanges, a)
			}
			return err
		})
		if err != nil {
			return err
		}
		err = db.each(ctx, tx, `SELECT x.worker_id, x.filed_on, x.vacancy_posted_on, x.vacancy_code FROM permit_applications x`+ofWorkers+
			` ORDER BY x.worker_id, x.pos`, tenant, func(rows *sql.Rows) error {
			var wid int64
			var a domain.Application
			if err := rows.Scan(&wid, dateCol{&a.Filed}, dateCol{&a.VacancyPosted}, &a.VacancyCode); err != nil {
				return err
			}
			w, err := worker(wid)
			if err == nil {
				w.Applications = append(w.Applications, a)
			}
			return err
		})
		if err != nil {
			return err
		}

		const ofEmployers = ` x JOIN employers e ON e.id = x.employer_id WHERE e.tenant_id = $1 ORDER BY x.employer_id, x.pos`
		err = db.each(ctx, tx, `SELECT x.employer_id, x.month, x.submitted_on FROM monthly_reports`+ofEmployers, tenant, func(rows *sql.Rows) error {
			var eid int64
			var r domain.Report
			if err := rows.Scan(&eid, monthCol{&r.Month}, dateCol{&r.Submitted}); err != nil {
				return err
			}
			rec, err := employer(eid)
			if err == nil {
				rec.Reports = append(rec.Reports, r)
			}
			return err
		})
		if err != nil {
			return err
		}
		err = db.each(ctx, tx, `SELECT x.employer_id, x.year, x.region, x.category, x.position, x.count FROM quota_plans`+ofEmployers, tenant, func(rows *sql.Rows) error {
			var eid int64
			var p domain.QuotaPlan
			var region string
			var cat sql.NullString
			if err := rows.Scan(&eid, &p.Year, &region, &cat, &p.Position, &p.Count); err != nil {
				return err
			}
			p.Region = domain.Region(region)
			c, err := categoryFrom(cat)
			if err != nil {
				return err
			}
			p.Category = c
			rec, err := employer(eid)
			if err == nil {
				rec.QuotaPlans = append(rec.QuotaPlans, p)
			}
			return err
		})
		if err != nil {
			return err
		}
		err = db.each(ctx, tx, `SELECT x.employer_id, x.year, x.region, x.submitted_on FROM quota_applications`+ofEmployers, tenant, func(rows *sql.Rows) error {
			var eid int64
			var a domain.QuotaApplication
			var region string
			if err := rows.Scan(&eid, &a.Year, &region, dateCol{&a.Submitted}); err != nil {
				return err
			}
			a.Region = domain.Region(region)
			rec, err := employer(eid)
			if err == nil {
				rec.QuotaApplications = append(rec.QuotaApplications, a)
			}
			return err
		})
		if err != nil {
			return err
		}
		return db.each(ctx, tx, `SELECT x.employer_id, x.article, x.part, x.imposed_on FROM penalties`+ofEmployers, tenant, func(rows *sql.Rows) error {
			var eid int64
			var p domain.Penalty
			if err := rows.Scan(&eid, &p.Article, &p.Part, dateCol{&p.Date}); err != nil {
				return err
			}
			rec, err := employer(eid)
			if err == nil {
				rec.Penalties = append(rec.Penalties, p)
			}
			return err
		})
	})
	if err != nil {
		return nil, nil, err
	}
	return recs, stamps, nil
}
