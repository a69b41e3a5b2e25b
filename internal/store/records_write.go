package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// AnyVersion, given as the expected version, replaces whatever is stored.
const AnyVersion int64 = -1

// ReplaceEmployerRecords stores rec as everything recorded about its
// employer in the tenant: the employer is created, or its data and all its
// records are replaced by rec's. It is one transaction: on any error nothing
// is changed. It is what an import does.
//
// Workers are matched to stored ones by their id; a worker missing from rec
// is deleted with its records. Permits are never overwritten: a stored
// permit that rec no longer has is marked superseded, and a permit that
// replaces one with the same number (an extension) names it; see
// PermitHistory. The employer's version goes up by one.
//
// It returns EINVALID for records the store refuses (a bad BIN, size,
// basis, category, region, country or IIN; a worker id used twice; a range
// that ends before it starts), naming the worker and record, and ENOTFOUND
// when there is no such tenant.
func (db *DB) ReplaceEmployerRecords(ctx context.Context, tenant int64, actor Actor, rec *domain.Records) error {
	_, err := db.ReplaceEmployerRecordsIf(ctx, tenant, actor, rec, AnyVersion)
	return err
}

// ReplaceEmployerRecordsIf is ReplaceEmployerRecords for an editor who read
// version ifVersion of the employer: it returns ECONFLICT when the stored
// version is another (0 expects a new employer), and the new version when it
// succeeds. AnyVersion replaces whatever is stored.
func (db *DB) ReplaceEmployerRecordsIf(ctx context.Context, tenant int64, actor Actor, rec *domain.Records, ifVersion int64) (int64, error) {
	if err := validateRecords(rec); err != nil {
		return 0, err
	}
	now := db.now()
	var version int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lockTenant(ctx, tx, tenant); err != nil {
			return err
		}
		var err error
		version, err = db.replaceRecords(ctx, tx, tenant, actor, rec, ifVersion, now)
		return err
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// ReplaceEmployersRecords is ReplaceEmployerRecords for several employers
// at once, in one transaction: an import of many employers is stored whole
// or not at all. Each employer gets its own audit entry. Errors are those of
// ReplaceEmployerRecords, naming the employer; EINVALID too when two of the
// records are of the same employer.
func (db *DB) ReplaceEmployersRecords(ctx context.Context, tenant int64, actor Actor, recs []*domain.Records) error {
	return db.ReplaceEmployersRecordsIf(ctx, tenant, actor, recs, nil)
}

// ReplaceEmployersRecordsIf is ReplaceEmployersRecords for records built on
// the versions read: each employer must be at versions[BIN] (absent or 0:
// must not exist yet), else ECONFLICT naming it and nothing is stored. A
// nil map replaces whatever is stored.
func (db *DB) ReplaceEmployersRecordsIf(ctx context.Context, tenant int64, actor Actor, recs []*domain.Records, versions map[string]int64) error {
	seen := make(map[string]bool, len(recs))
	for _, rec := range recs {
		bin := rec.Employer.BIN
		if err := validateRecords(rec); err != nil {
			return invalid("employer %s: %s", bin, domain.ErrorMessage(err)).Say("error.employer", "Code", bin, "Other", err)
		}
		if seen[bin] {
			return invalid("employer %s is imported twice; expected each employer's records once", bin).Say("error.imported_twice", "Code", bin)
		}
		seen[bin] = true
	}
	now := db.now()
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lockTenant(ctx, tx, tenant); err != nil {
			return err
		}
		for _, rec := range recs {
			want := AnyVersion
			if versions != nil {
				want = versions[rec.Employer.BIN]
			}
			if _, err := db.replaceRecords(ctx, tx, tenant, actor, rec, want, now); err != nil {
				if code := domain.ErrorCode(err); code != domain.EINTERNAL {
					return domain.Errorf(code, "employer %s: %s", rec.Employer.BIN, domain.ErrorMessage(err)).Say("error.employer", "Code", rec.Employer.BIN, "Other", err)
				}
				return err
			}
		}
		return nil
	})
}

// replaceRecords does the work of ReplaceEmployerRecordsIf within tx, for
// records already validated, and returns the employer's new version.
func (db *DB) replaceRecords(ctx context.Context, tx *sql.Tx, tenant int64, actor Actor, rec *domain.Records, ifVersion int64, now time.Time) (int64, error) {
	e := &rec.Employer
	var staff [4]any
	if e.StaffKZ != nil {
		for i := range staff {
			staff[i] = int64(e.StaffKZ[i+1])
		}
	}
	var empID, version int64
	err := tx.QueryRowContext(ctx, `INSERT INTO employers (tenant_id, bin, name, size, branch_of_foreign,
		staff_kz_1, staff_kz_2, staff_kz_3, staff_kz_4, total_employees, version, created_at, updated_at, search,
		address, phone, email, director_name, director_position, uses_seal)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (tenant_id, bin) DO NOTHING RETURNING id`,
		tenant, e.BIN, e.Name, string(e.Size), e.BranchOfForeign, staff[0], staff[1], staff[2], staff[3],
		nullIntArg(e.TotalEmployees), now, searchText(e.Name, e.BIN),
		e.Address, e.Phone, e.Email, e.Director.Name, e.Director.Position, e.UsesSeal).Scan(&empID)
	var before *loaded
	switch {
	case err == nil:
		if ifVersion != AnyVersion && ifVersion != 0 {
			return 0, conflict("employer %s does not exist (expected version %d)", e.BIN, ifVersion).Say("error.employer_gone", "Code", e.BIN)
		}
		version = 1
	case errors.Is(err, sql.ErrNoRows): // it exists
		var old int64
		empID, old, err = db.employerID(ctx, tx, tenant, e.BIN, true)
		if err != nil {
			return 0, err
		}
		if ifVersion != AnyVersion && ifVersion != old {
			return 0, staleVersion(e.BIN, old, ifVersion)
		}
		if before, err = db.loadRecords(ctx, tx, empID); err != nil {
			return 0, err
		}
		version = old + 1
		if err := db.updateEmployerRow(ctx, tx, empID, e, version, now); err != nil {
			return 0, err
		}
	default:
		return 0, db.dbError(err, "create employer "+e.BIN)
	}
	action := ActionCreate
	if before != nil {
		action = ActionReplace
	}
	return version, db.writeRecords(ctx, tx, tenant, actor, rec, empID, before, version, action, now)
}

// updateEmployerRow writes the employer's own fields and its new version.
func (db *DB) updateEmployerRow(ctx context.Context, tx *sql.Tx, empID int64, e *domain.Employer, version int64, now time.Time) error {
	var staff [4]any
	if e.StaffKZ != nil {
		for i := range staff {
			staff[i] = int64(e.StaffKZ[i+1])
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE employers SET name = $2, size = $3, branch_of_foreign = $4,
		staff_kz_1 = $5, staff_kz_2 = $6, staff_kz_3 = $7, staff_kz_4 = $8, total_employees = $9,
		version = $10, updated_at = $11, search = $12,
		address = $13, phone = $14, email = $15, director_name = $16, director_position = $17, uses_seal = $18 WHERE id = $1`,
		empID, e.Name, string(e.Size), e.BranchOfForeign, staff[0], staff[1], staff[2], staff[3],
		nullIntArg(e.TotalEmployees), version, now, searchText(e.Name, e.BIN),
		e.Address, e.Phone, e.Email, e.Director.Name, e.Director.Position, e.UsesSeal)
	if err != nil {
		return db.dbError(err, "update employer "+e.BIN)
	}
	return nil
}

// writeRecords writes an employer's records over before (nil: a new
// employer), only the rows that changed, and the change's audit entry.
func (db *DB) writeRecords(ctx context.Context, tx *sql.Tx, tenant int64, actor Actor, rec *domain.Records, empID int64, before *loaded, version int64, action string, now time.Time) error {
	if err := db.deferForeignKeys(ctx, tx); err != nil {
		return err
	}
	w, err := db.newRecordsWriter(ctx, tx, rec, empID, now)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.write(before); err != nil {
		return err
	}
	if err := db.detachAttachments(ctx, tx, empID, now); err != nil {
		return err
	}
	var beforeDoc *recordsDoc
	after := rec
	if before != nil {
		// A worker the same before and after is no part of the entry's
		// patches (their documents would be equal): left out of both, it
		// costs nothing, which matters for an edit of one record among
		// thousands.
		b, a := changedWorkers(before.rec, rec)
		beforeDoc, after = newRecordsDoc(b, before.version), a
	}
	return db.appendEmployerAudit(ctx, tx, tenant, actor, rec.Employer.BIN, action, beforeDoc, newRecordsDoc(after, version))
}

// changedWorkers returns shallow copies of before and after without the
// workers that are the same in both.
func changedWorkers(before, after *domain.Records) (*domain.Records, *domain.Records) {
	old := make(map[string]*domain.Worker, len(before.Workers))
	for i := range before.Workers {
		old[before.Workers[i].ID] = &before.Workers[i]
	}
	same := make(map[string]bool, len(after.Workers))
	for i := range after.Workers {
		w := &after.Workers[i]
		// Every field, whatever the model gains: a worker left out here
		// must be truly unchanged.
		if o := old[w.ID]; o != nil && reflect.DeepEqual(o, w) {
			same[w.ID] = true
		}
	}
	keep := func(r *domain.Records) *domain.Records {
		c := *r
		c.Workers = make([]domain.Worker, 0, len(r.Workers)-len(same))
		for _, w := range r.Workers {
			if !same[w.ID] {
				c.Workers = append(c.Workers, w)
			}
		}
		return &c
	}
	return keep(before), keep(after)
}

// EditEmployerRecords changes the records of employer bin with edit, in one
// transaction, if the stored version is ifVersion, and returns the new
// version: the records are read once, edit changes a copy of them, and
// only the rows that changed are written, with one audit entry (action
// update). ENOTFOUND when there is no such employer, ECONFLICT for another
// version, EINVALID when the edited records do not pass the validator or
// their BIN changed; an error of edit is returned as it is. Nothing is
// stored unless all is well.
func (db *DB) EditEmployerRecords(ctx context.Context, tenant int64, actor Actor, bin string, ifVersion int64, edit func(*domain.Records) error) (int64, error) {
	now := db.now()
	var version int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lockTenant(ctx, tx, tenant); err != nil {
			return err
		}
		empID, old, err := db.employerID(ctx, tx, tenant, bin, true)
		if err != nil {
			return err
		}
		if old != ifVersion {
			return staleVersion(bin, old, ifVersion)
		}
		before, err := db.loadRecords(ctx, tx, empID)
		if err != nil {
			return err
		}
		rec := before.rec.Clone()
		if err := edit(rec); err != nil {
			return err
		}
		if rec.Employer.BIN != bin {
			return invalid("the BIN of employer %s cannot change", bin).Say("error.bin_fixed", "Code", bin)
		}
		if err := validateRecords(rec); err != nil {
			return err
		}
		version = old + 1
		if err := db.updateEmployerRow(ctx, tx, empID, &rec.Employer, version, now); err != nil {
			return err
		}
		return db.writeRecords(ctx, tx, tenant, actor, rec, empID, before, version, ActionUpdate, now)
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

func staleVersion(bin string, stored, expected int64) error {
	return domain.Errorf(domain.ECONFLICT, "employer %s was changed by someone else: it is at version %d, not %d; reload and try again", bin, stored, expected).Say("error.changed", "Code", bin)
}

// recordsWriter writes one employer's records: new rows in batches (see
// batch), updates and deletes one statement each.
type recordsWriter struct {
	ctx   context.Context
	db    *DB
	tx    *sql.Tx
	rec   *domain.Records
	empID int64
	now   time.Time

	workerIDs, permitIDs idSource
	batches              []*batch
	workers, permits, regions, contracts, trips, addresses, applications,
	reports, plans, quotaApps, penalties,
	passports, education, figures, quotaContracts, workerDocs *batch
	stmts                                       []*sql.Stmt
	updWorker, delWorker, movePermit, supersede *sql.Stmt
}

func (db *DB) newRecordsWriter(ctx context.Context, tx *sql.Tx, rec *domain.Records, empID int64, now time.Time) (*recordsWriter, error) {
	w := &recordsWriter{ctx: ctx, db: db, tx: tx, rec: rec, empID: empID, now: now,
		workerIDs: idSource{table: "workers"}, permitIDs: idSource{table: "permits"}}
	worker := func(r rowRef) string { return fmt.Sprintf("worker %q", rec.Workers[r.w].ID) }
	item := func(kind string) func(rowRef, []any) string {
		return func(r rowRef, _ []any) string { return fmt.Sprintf("%s, %s %d", worker(r), kind, r.i+1) }
	}
	own := func(kind string) func(rowRef, []any) string {
		return func(r rowRef, _ []any) string { return fmt.Sprintf("%s %d", kind, r.i+1) }
	}
	w.workers = w.newBatch("workers", "id, employer_id, ext_id, pos, name, citizenship, iin, basis, category, position, start_date, end_date, birth_date, experience_years",
		func(r rowRef, _ []any) string { return worker(r) })
	w.permits = w.newBatch("permits", "id, worker_id, pos, number, valid_from, valid_to, extends_permit_id, recorded_at", item("permit"))
	w.regions = w.newBatch("permit_regions", "permit_id, region, pos", func(r rowRef, row []any) string {
		return fmt.Sprintf("%s, permit %d, region %s", worker(r), r.i+1, row[1])
	})
	w.contracts = w.newBatch("contracts", "worker_id, signed_on, registered_on", func(r rowRef, _ []any) string { return worker(r) + ", contract" })
	w.passports = w.newBatch("worker_passports", "worker_id, number, issued_on, expires_on, issuer", func(r rowRef, _ []any) string { return worker(r) + ", passport" })
	w.workerDocs = w.newBatch("worker_documents", "worker_id, pos, kind, number, issued_on, expires_on", item("document"))
	w.education = w.newBatch("worker_education", "worker_id, level, institution, specialty, graduated", func(r rowRef, _ []any) string { return worker(r) + ", education" })
	w.trips = w.newBatch("trips", "worker_id, pos, region, date_from, date_to, notified_on", item("trip"))
	w.addresses = w.newBatch("address_changes", "worker_id, pos, changed_on, notified_on", item("address change"))
	w.applications = w.newBatch("permit_applications", "worker_id, pos, filed_on, vacancy_posted_on, vacancy_code", item("application"))
	w.reports = w.newBatch("monthly_reports", "employer_id, pos, month, submitted_on", own("report"))
	w.plans = w.newBatch("quota_plans", "employer_id, pos, year, region, category, position, count, justification", own("quota plan"))
	w.quotaContracts = w.newBatch("quota_contracts", "employer_id, pos, customer, number, signed_on, region", own("quota contract"))
	w.figures = w.newBatch("monthly_figures", "employer_id, pos, month, kz_trained, kz_replaced, kz_working, jobs_created", own("monthly figures"))
	w.quotaApps = w.newBatch("quota_applications", "employer_id, pos, year, region, submitted_on", own("quota application"))
	w.penalties = w.newBatch("penalties", "employer_id, pos, article, part, imposed_on", own("penalty"))
	for _, s := range []struct {
		p     **sql.Stmt
		query string
	}{
		{&w.updWorker, `UPDATE workers SET pos = $2, name = $3, citizenship = $4, iin = $5, basis = $6, category = $7,
			position = $8, start_date = $9, end_date = $10, birth_date = $11, experience_years = $12 WHERE id = $1`},
		{&w.delWorker, `DELETE FROM workers WHERE id = $1`},
		{&w.movePermit, `UPDATE permits SET pos = $2 WHERE id = $1`},
		{&w.supersede, `UPDATE permits SET pos = NULL, superseded_at = $2 WHERE id = $1`},
	} {
		st, err := tx.PrepareContext(ctx, s.query)
		if err != nil {
			w.close()
			return nil, db.dbError(err, "prepare")
		}
		*s.p = st
		w.stmts = append(w.stmts, st)
	}
	return w, nil
}

// fail describes an error writing what (such as `worker "w1", trip 2`).
func (w *recordsWriter) fail(err error, what string) error {
	return describeWriteError(w.db, err, what)
}

func (w *recordsWriter) close() {
	for _, s := range w.stmts {
		s.Close()
	}
	for _, b := range w.batches {
		b.close()
	}
}

// clearOwned deletes the records that a replace writes anew: everything but
// workers and permits, which are matched to the new records instead.
func (w *recordsWriter) clearOwned(workersToo bool) error {
	qs := []string{
		`DELETE FROM monthly_reports WHERE employer_id = $1`,
		`DELETE FROM quota_plans WHERE employer_id = $1`,
		`DELETE FROM quota_applications WHERE employer_id = $1`,
		`DELETE FROM quota_contracts WHERE employer_id = $1`,
		`DELETE FROM monthly_figures WHERE employer_id = $1`,
		`DELETE FROM penalties WHERE employer_id = $1`,
	}
	if workersToo {
		for _, t := range workerOwned {
			qs = append(qs, `DELETE FROM `+t+` WHERE worker_id IN (SELECT id FROM workers WHERE employer_id = $1)`)
		}
	}
	for _, q := range qs {
		if _, err := w.tx.ExecContext(w.ctx, q, w.empID); err != nil {
			return w.db.dbError(err, "clear records")
		}
	}
	return nil
}

// workerOwned are the tables of the rows a worker owns beside its permits,
// which a change of any of them rewrites whole.
var workerOwned = []string{"contracts", "worker_passports", "worker_education", "worker_documents", "trips", "address_changes", "permit_applications"}

// clearWorker deletes the rows worker wid owns beside its permits.
func (w *recordsWriter) clearWorker(wid int64) error {
	for _, t := range workerOwned {
		if _, err := w.tx.ExecContext(w.ctx, `DELETE FROM `+t+` WHERE worker_id = $1`, wid); err != nil {
			return w.db.dbError(err, "clear a worker's records")
		}
	}
	return nil
}

// ownedSame reports whether the rows a worker owns beside its permits
// (workerOwned) are the same for a and b.
func ownedSame(a, b *domain.Worker) bool {
	return samePtr(a.Contract, b.Contract) && samePtr(a.Passport, b.Passport) && samePtr(a.Education, b.Education) &&
		slices.Equal(a.Trips, b.Trips) && slices.Equal(a.AddressChanges, b.AddressChanges) && slices.Equal(a.Applications, b.Applications) &&
		slices.Equal(a.Documents, b.Documents)
}

func samePtr[T comparable](a, b *T) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// perWorkerMax is the most existing workers whose owned rows a write
// rewrites one worker at a time; more (an import) clear them all in one
// statement per table and write them again in batches.
const perWorkerMax = 64

// write stores w.rec over before (nil for a new employer).
func (w *recordsWriter) write(before *loaded) error {
	ctx, rec := w.ctx, w.rec
	// existing maps a stored worker's id to its place in before.
	var existing map[string]int
	var touched []bool
	// perWorker: only the workers whose owned rows changed have them
	// rewritten (a form's edit touches one); else all are (an import).
	perWorker := false
	if before != nil {
		existing = make(map[string]int, len(before.rec.Workers))
		for i := range before.rec.Workers {
			existing[before.rec.Workers[i].ID] = i
		}
		changed := 0
		for i := range rec.Workers {
			if j, ok := existing[rec.Workers[i].ID]; ok && !ownedSame(&before.rec.Workers[j], &rec.Workers[i]) {
				changed++
			}
		}
		perWorker = changed <= perWorkerMax
		if err := w.clearOwned(!perWorker); err != nil {
			return err
		}
		touched = make([]bool, len(before.rec.Workers))
	}
	for i := range rec.Workers {
		wk := &rec.Workers[i]
		ref := rowRef{w: int32(i)}
		var wid int64
		var current []domain.Permit
		var currentIDs []int64
		if j, ok := existing[wk.ID]; ok {
			if touched[j] {
				return invalid("worker %q: the worker id is used twice; expected worker ids unique within the employer", wk.ID).Say("error.worker_twice", "Name", wk.ID)
			}
			touched[j] = true
			wid = before.workerIDs[j]
			old := &before.rec.Workers[j]
			current, currentIDs = old.Permits, before.permitIDs[j]
			if i != j || !sameWorkerFields(old, wk) {
				_, err := w.updWorker.ExecContext(ctx, wid, i, wk.Name, wk.Citizenship, wk.IIN, string(wk.Basis), categoryArg(wk.Category),
					wk.Position, dateArg(wk.Start), dateArg(wk.End), dateArg(wk.BirthDate), nullIntArg(wk.ExperienceYears))
				if err != nil {
					return w.fail(err, fmt.Sprintf("worker %q", wk.ID))
				}
			}
		} else {
			var err error
			if wid, err = w.workerIDs.take(ctx, w.db, w.tx); err != nil {
				return err
			}
			err = w.workers.add(ref, wid, w.empID, wk.ID, i, wk.Name, wk.Citizenship, wk.IIN, string(wk.Basis), categoryArg(wk.Category),
				wk.Position, dateArg(wk.Start), dateArg(wk.End), dateArg(wk.BirthDate), nullIntArg(wk.ExperienceYears))
			if err != nil {
				return err
			}
		}
		if j, ok := existing[wk.ID]; ok && perWorker {
			if ownedSame(&before.rec.Workers[j], wk) {
				// Only the permits may differ: matched to the stored ones.
				if err := w.permitsOf(int32(i), wid, wk, current, currentIDs); err != nil {
					return err
				}
				continue
			}
			if err := w.clearWorker(wid); err != nil {
				return err
			}
		}
		if err := w.workerRecords(i, wid, wk, current, currentIDs); err != nil {
			return err
		}
	}
	for i, r := range rec.Reports {
		if err := w.reports.add(rowRef{i: int32(i)}, w.empID, i, monthArg(r.Month), dateArg(r.Submitted)); err != nil {
			return err
		}
	}
	for i, p := range rec.QuotaPlans {
		if err := w.plans.add(rowRef{i: int32(i)}, w.empID, i, p.Year, string(p.Region), categoryArg(p.Category), p.Position, p.Count, p.Justification); err != nil {
			return err
		}
	}
	for i, c := range rec.QuotaContracts {
		if err := w.quotaContracts.add(rowRef{i: int32(i)}, w.empID, i, c.Customer, c.Number, dateArg(c.Date), string(c.Region)); err != nil {
			return err
		}
	}
	for i, f := range rec.MonthlyFigures {
		if err := w.figures.add(rowRef{i: int32(i)}, w.empID, i, monthArg(f.Month), f.KZTrained, f.KZReplaced, f.KZWorking, f.JobsCreated); err != nil {
			return err
		}
	}
	for i, a := range rec.QuotaApplications {
		if err := w.quotaApps.add(rowRef{i: int32(i)}, w.empID, i, a.Year, string(a.Region), dateArg(a.Submitted)); err != nil {
			return err
		}
	}
	for i, p := range rec.Penalties {
		if err := w.penalties.add(rowRef{i: int32(i)}, w.empID, i, p.Article, p.Part, dateArg(p.Date)); err != nil {
			return err
		}
	}
	for _, b := range w.batches {
		if err := b.flush(); err != nil {
			return err
		}
	}
	for j, t := range touched {
		if !t {
			if _, err := w.delWorker.ExecContext(ctx, before.workerIDs[j]); err != nil {
				return w.fail(err, fmt.Sprintf("delete worker %q", before.rec.Workers[j].ID))
			}
		}
	}
	return nil
}

// sameWorkerFields reports whether a worker's own columns are unchanged.
func sameWorkerFields(a, b *domain.Worker) bool {
	return a.Name == b.Name && a.Citizenship == b.Citizenship && a.IIN == b.IIN && a.Basis == b.Basis &&
		a.Category == b.Category && a.Position == b.Position && a.Start == b.Start && a.End == b.End &&
		a.BirthDate == b.BirthDate && equalInt(a.ExperienceYears, b.ExperienceYears)
}

// equalInt reports whether two optional numbers are both absent or equal.
func equalInt(a, b *int) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// workerRecords writes the contract, permits, trips, address changes and
// applications of worker i (row id wid). current are the worker's stored
// current permits with their row ids.
func (w *recordsWriter) workerRecords(i int, wid int64, wk *domain.Worker, current []domain.Permit, currentIDs []int64) error {
	wi := int32(i)
	if c := wk.Contract; c != nil {
		if err := w.contracts.add(rowRef{w: wi}, wid, dateArg(c.Signed), dateArg(c.Registered)); err != nil {
			return err
		}
	}
	if p := wk.Passport; p != nil {
		if err := w.passports.add(rowRef{w: wi}, wid, p.Number, dateArg(p.Issued), dateArg(p.Expires), p.Issuer); err != nil {
			return err
		}
	}
	if e := wk.Education; e != nil {
		var graduated any
		if e.Graduated != 0 {
			graduated = int64(e.Graduated)
		}
		if err := w.education.add(rowRef{w: wi}, wid, string(e.Level), e.Institution, e.Specialty, graduated); err != nil {
			return err
		}
	}
	for j, d := range wk.Documents {
		if err := w.workerDocs.add(rowRef{wi, int32(j)}, wid, j, string(d.Kind), d.Number, dateArg(d.Issued), dateArg(d.Expires)); err != nil {
			return err
		}
	}
	if err := w.permitsOf(wi, wid, wk, current, currentIDs); err != nil {
		return err
	}
	for j, t := range wk.Trips {
		if err := w.trips.add(rowRef{wi, int32(j)}, wid, j, string(t.Region), dateArg(t.From), dateArg(t.To), dateArg(t.Notified)); err != nil {
			return err
		}
	}
	for j, a := range wk.AddressChanges {
		if err := w.addresses.add(rowRef{wi, int32(j)}, wid, j, dateArg(a.Date), dateArg(a.Notified)); err != nil {
			return err
		}
	}
	for j, a := range wk.Applications {
		if err := w.applications.add(rowRef{wi, int32(j)}, wid, j, dateArg(a.Filed), dateArg(a.VacancyPosted), a.VacancyCode); err != nil {
			return err
		}
	}
	return nil
}

// permitsOf matches the worker's permits to the stored current ones: an
// identical stored permit is kept (moved to its new place if need be); any
// other permit is a new version, which extends the stored permit with the
// same number if there is one; stored permits left over are superseded.
func (w *recordsWriter) permitsOf(wi int32, wid int64, wk *domain.Worker, current []domain.Permit, currentIDs []int64) error {
	ctx := w.ctx
	var used []bool
	if len(current) > 0 {
		used = make([]bool, len(current))
	}
	for j := range wk.Permits {
		p := &wk.Permits[j]
		ref := rowRef{wi, int32(j)}
		k := -1
		for c := range current {
			if !used[c] && samePermit(&current[c], p) {
				k = c
				break
			}
		}
		if k >= 0 {
			used[k] = true
			if k != j {
				if _, err := w.movePermit.ExecContext(ctx, currentIDs[k], j); err != nil {
					return w.fail(err, fmt.Sprintf("worker %q, permit %d", wk.ID, j+1))
				}
			}
			continue
		}
		var extends any
		if p.Number != "" {
			for c := range current {
				if !used[c] && current[c].Number == p.Number {
					used[c] = true
					if _, err := w.supersede.ExecContext(ctx, currentIDs[c], w.now); err != nil {
						return w.fail(err, fmt.Sprintf("worker %q, permit %d", wk.ID, j+1))
					}
					extends = currentIDs[c]
					break
				}
			}
		}
		pid, err := w.permitIDs.take(ctx, w.db, w.tx)
		if err != nil {
			return err
		}
		if err := w.permits.add(ref, pid, wid, j, p.Number, dateArg(p.From), dateArg(p.To), extends, w.now); err != nil {
			return err
		}
		for r, region := range p.Regions {
			if err := w.regions.add(ref, pid, string(region), r); err != nil {
				return err
			}
		}
	}
	for c, u := range used {
		if !u {
			if _, err := w.supersede.ExecContext(ctx, currentIDs[c], w.now); err != nil {
				return w.fail(err, fmt.Sprintf("worker %q, permit %s", wk.ID, current[c].Number))
			}
		}
	}
	return nil
}

func samePermit(a, b *domain.Permit) bool {
	return a.Number == b.Number && a.From == b.From && a.To == b.To && slices.Equal(a.Regions, b.Regions)
}

// validateRecords checks rec with the one records validator; the store
// refuses what it refuses, whichever door the records came through.
func validateRecords(rec *domain.Records) error {
	return rec.Validate().Err()
}
