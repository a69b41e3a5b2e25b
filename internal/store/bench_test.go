package store

import (
	"context"
	"database/sql"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/synth"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// benchWorkers is the import target of issue 3: 100,000 workers with their
// permits in under 10 s on SQLite. An employer may have at most
// domain.MaxWorkers, so they are spread over benchEmployers employers.
const (
	benchWorkers   = 100_000
	benchEmployers = benchWorkers / domain.MaxWorkers
)

// benchRecords is benchEmployers employers with benchWorkers synthetic
// workers in all: most on a permit (one or two permits each, some with two
// regions), with contracts, applications and address changes; no trips.
func benchRecords() []*domain.Records {
	all := synth.Generate(synth.Spec{Seed: 1, Employers: benchEmployers, Workers: benchWorkers,
		From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
	recs := make([]*domain.Records, len(all))
	for i := range all {
		recs[i] = &all[i]
	}
	return recs
}

func rowCounts(recs []*domain.Records) (workers, permits, regions, rows int) {
	for _, rec := range recs {
		workers += len(rec.Workers)
		rows += 1 + len(rec.Workers) + len(rec.Reports) + len(rec.QuotaPlans) + len(rec.QuotaApplications) + len(rec.Penalties)
		for i := range rec.Workers {
			w := &rec.Workers[i]
			permits += len(w.Permits)
			for _, p := range w.Permits {
				regions += len(p.Regions)
			}
			rows += len(w.Trips) + len(w.AddressChanges) + len(w.Applications)
			if w.Contract != nil {
				rows++
			}
		}
	}
	return workers, permits, regions, rows + permits + regions
}

// cpuTime is the processor time the process has used (user and system), a
// figure that other work on the machine disturbs less than elapsed time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs op b.N times, setting up each run untimed, and reports
// workers per second and processor seconds per run.
func measure(b *testing.B, workers int, setup func(i int) int64, op func(tenant int64) error) {
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		tenant := setup(i)
		c := cpuTime()
		b.StartTimer()
		if err := op(tenant); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime() - c
		b.StartTimer()
	}
	b.ReportMetric(float64(workers)*float64(b.N)/b.Elapsed().Seconds(), "workers/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkInsertWorkers measures storing 100,000 workers with permits, of
// 5 employers: through ReplaceEmployersRecords in one transaction, as
// `ruqsat import` does (validation, permit matching, an audit entry with
// the whole document per employer), and the raw rate of inserting the same
// rows in one transaction with prepared statements, for the ratio between
// them.
func BenchmarkInsertWorkers(b *testing.B) {
	recs := benchRecords()
	workers, permits, regions, rows := rowCounts(recs)
	b.Logf("%d employers, %d workers, %d permits, %d permit regions, %d rows in all", len(recs), workers, permits, regions, rows)
	open := map[string]func(testing.TB) *DB{"sqlite": openSQLite, "postgres": openPostgres}
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine+"/ReplaceEmployersRecords", func(b *testing.B) {
			db := open[engine](b)
			ctx := context.Background()
			measure(b, workers, func(i int) int64 { return mustTenant(b, db, fmt.Sprint("bench", i)) }, func(tenant int64) error {
				return db.ReplaceEmployersRecords(ctx, tenant, SystemActor, recs)
			})
		})
		// The same records over the stored ones: the before images are
		// loaded for the audit entries, workers and permits are matched
		// (nothing to change), and the other records are written anew.
		b.Run(engine+"/ReplaceAgain", func(b *testing.B) {
			db := open[engine](b)
			ctx := context.Background()
			tenant := mustTenant(b, db, "again")
			if err := db.ReplaceEmployersRecords(ctx, tenant, SystemActor, recs); err != nil {
				b.Fatal(err)
			}
			measure(b, workers, func(int) int64 { return tenant }, func(tenant int64) error {
				return db.ReplaceEmployersRecords(ctx, tenant, SystemActor, recs)
			})
		})
		b.Run(engine+"/RawInsert", func(b *testing.B) {
			db := open[engine](b)
			ctx := context.Background()
			measure(b, workers, func(i int) int64 { return mustTenant(b, db, fmt.Sprint("raw", i)) }, func(tenant int64) error {
				return rawInsert(ctx, db, tenant, recs)
			})
		})
	}
}

// rawInsert writes the employers, workers and worker records of recs with
// plain prepared INSERTs in one transaction: no validation, matching or
// audit.
func rawInsert(ctx context.Context, db *DB, tenant int64, recs []*domain.Records) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := db.now()
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = tx.PrepareContext(ctx, q)
		return s
	}
	insWorker := prep(`INSERT INTO workers (employer_id, ext_id, pos, name, citizenship, iin, basis, category, position, start_date, end_date)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`)
	insContract := prep(`INSERT INTO contracts (worker_id, signed_on, registered_on) VALUES ($1, $2, $3)`)
	insPermit := prep(`INSERT INTO permits (worker_id, pos, number, valid_from, valid_to, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`)
	insRegion := prep(`INSERT INTO permit_regions (permit_id, region, pos) VALUES ($1, $2, $3)`)
	insAddress := prep(`INSERT INTO address_changes (worker_id, pos, changed_on, notified_on) VALUES ($1, $2, $3, $4)`)
	insApplication := prep(`INSERT INTO permit_applications (worker_id, pos, filed_on, vacancy_posted_on, vacancy_code) VALUES ($1, $2, $3, $4, $5)`)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		var empID int64
		e := &rec.Employer
		if err := tx.QueryRowContext(ctx, `INSERT INTO employers (tenant_id, bin, name, size, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, tenant, e.BIN, e.Name, string(e.Size), now).Scan(&empID); err != nil {
			return err
		}
		if err := rawWorkers(ctx, empID, rec, now, insWorker, insContract, insPermit, insRegion, insAddress, insApplication); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// rawWorkers inserts the workers of rec, of the employer empID, and their
// records with the prepared statements given.
func rawWorkers(ctx context.Context, empID int64, rec *domain.Records, now time.Time, insWorker, insContract, insPermit, insRegion, insAddress, insApplication *sql.Stmt) error {
	for i := range rec.Workers {
		w := &rec.Workers[i]
		var wid int64
		if err := insWorker.QueryRowContext(ctx, empID, w.ID, i, w.Name, w.Citizenship, w.IIN, string(w.Basis), categoryArg(w.Category),
			w.Position, dateArg(w.Start), dateArg(w.End)).Scan(&wid); err != nil {
			return err
		}
		if c := w.Contract; c != nil {
			if _, err := insContract.ExecContext(ctx, wid, dateArg(c.Signed), dateArg(c.Registered)); err != nil {
				return err
			}
		}
		for j, p := range w.Permits {
			var pid int64
			if err := insPermit.QueryRowContext(ctx, wid, j, p.Number, dateArg(p.From), dateArg(p.To), now).Scan(&pid); err != nil {
				return err
			}
			for k, r := range p.Regions {
				if _, err := insRegion.ExecContext(ctx, pid, string(r), k); err != nil {
					return err
				}
			}
		}
		for j, a := range w.AddressChanges {
			if _, err := insAddress.ExecContext(ctx, wid, j, dateArg(a.Date), dateArg(a.Notified)); err != nil {
				return err
			}
		}
		for j, a := range w.Applications {
			if _, err := insApplication.ExecContext(ctx, wid, j, dateArg(a.Filed), dateArg(a.VacancyPosted), a.VacancyCode); err != nil {
				return err
			}
		}
	}
	return nil
}

// BenchmarkSmallWrites measures the writes an editor makes, one transaction
// each, with SQLite's synchronous pragma FULL (the default: the log is
// synced at every commit) and NORMAL (synced at checkpoints only): an
// employer's own fields changed (UpdateEmployer), and the records of a
// five-worker employer replaced (a PUT). The database is in the
// temporary directory: run it with TMPDIR on the disk the registry would
// use, since a RAM file system makes an fsync free.
func BenchmarkSmallWrites(b *testing.B) {
	for _, mode := range []string{"full", "normal"} {
		open := func(b *testing.B) (*DB, int64, *domain.Records) {
			db, err := Open(context.Background(), testdb.SQLite(b), SQLiteSynchronous(mode))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			tenant := mustTenant(b, db, "t")
			rec := steppe(b)
			if err := db.ReplaceEmployerRecords(context.Background(), tenant, SystemActor, rec); err != nil {
				b.Fatal(err)
			}
			return db, tenant, rec
		}
		b.Run("sqlite-"+mode+"/UpdateEmployer", func(b *testing.B) {
			db, tenant, rec := open(b)
			ctx := context.Background()
			v := int64(1)
			for i := 0; b.Loop(); i++ {
				var err error
				v, err = db.UpdateEmployer(ctx, tenant, SystemActor, rec.Employer.BIN, v, func(e *domain.Employer) error {
					e.Name = fmt.Sprint("Steppe Drilling ", i)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("sqlite-"+mode+"/ReplaceRecords", func(b *testing.B) {
			db, tenant, rec := open(b)
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				rec.Workers[0].Position = fmt.Sprint("Driller ", i)
				if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
