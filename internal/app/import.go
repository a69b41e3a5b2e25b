package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

// ImportFile is one file of an import: a scenario file (.yaml, .yml), a
// CSV or text file (.csv, .txt, .tsv) or an XLSX workbook (.xlsx), told by
// its name's extension (ImportFormat). A table holds workers, permits,
// trips, workers' documents, monthly figures or contracts with customers
// (bulk.Kinds).
type ImportFile struct {
	// Name is the file's name as problems show it.
	Name string
	// Kind is the kind of record a CSV file or a workbook's sheet holds;
	// "" for a CSV file's kind from its name (workers.csv, разрешения.csv,
	// құжаттар.csv) or else its header row, and for every sheet of a
	// workbook by its name or header.
	Kind bulk.Kind
	// Open opens the file's contents; the import closes it.
	Open func() (io.ReadCloser, error)
}

// ImportFormat says how a file is read by its name: "scenario", "csv" or
// "xlsx", and "" for a name no import reads.
func ImportFormat(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return "scenario"
	case ".csv", ".txt", ".tsv": // .txt: Excel's "Unicode text"
		return "csv"
	case ".xlsx":
		return "xlsx"
	}
	return ""
}

// ImportOptions control ImportFiles.
type ImportOptions struct {
	// BIN is the employer of the rows of a file without a BIN column.
	BIN string
	// Size is the size of an employer the import creates whose rows give
	// none; "" leaves it to the rows.
	Size domain.Size
	// Mapping names the header of a field's column where the synonyms do
	// not find it; Strict makes an unknown column an error.
	Mapping bulk.Mapping
	Strict  bool
	// Lang writes the problems (nil: English).
	Lang *i18n.Localizer
	// DryRun stores nothing: the report says what the import would do.
	DryRun bool
	// Versions, when not nil, are the versions of the employers an earlier
	// dry run built on (its report's Versions): the import is stored only
	// if each employer it writes is still at that version (0 or absent:
	// must not exist), else ECONFLICT. Nil builds on the versions read now.
	Versions map[string]int64
}

// ImportReport is what an import read, found and did.
type ImportReport struct {
	// Sources are what each table file and sheet was read as.
	Sources []bulk.Source
	// Problems are every problem of every file, in the files' order, and
	// the warnings; with any problem that is not a warning, or NeedSize,
	// nothing is stored.
	Problems bulk.Problems
	// NeedSize lists the BINs of employers the import would create whose
	// size neither their rows nor the options give.
	NeedSize []string
	// Employers are those the import writes (or, in a dry run, would):
	// the others' records it would not change.
	Employers []ImportedEmployer
	// Workers counts the workers of the records written.
	Workers int
	// Changes sums what the tables change in the records of Employers
	// (workers, permits, trips, documents, months of figures and
	// contracts with customers added and updated).
	Changes bulk.Changes
	// Versions are the versions of every employer the import read (0: not
	// recorded yet), for a later ImportOptions.Versions.
	Versions map[string]int64
	// Stored is true when the records were written.
	Stored bool
}

// ImportedEmployer is one employer an import writes.
type ImportedEmployer struct {
	BIN, Name string
	// New is true for an employer the import creates, Scenario for one
	// whose records a scenario file replaces.
	New, Scenario bool
	// Changes are what the tables change in its records.
	Changes bulk.Changes
	Workers int
}

// Failed reports whether the import has a problem that stops it.
func (r *ImportReport) Failed() bool { return r.Problems.Errors() > 0 || len(r.NeedSize) > 0 }

// ImportFileError is a file that could not be opened or read.
type ImportFileError struct {
	Name string
	Err  error
}

func (e *ImportFileError) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *ImportFileError) Unwrap() error { return e.Err }

// ImportFiles imports files into the registry of u's tenant, as `ruqsat
// import` and the web UI's import page do: every file is read first and
// every problem listed, each at its file, row and column in opts.Lang; the
// tables are merged into the records stored (or into this import's
// scenario file of the employer), an employer not recorded yet is created
// with the BIN, name and size its rows give (or opts.Size), and the merged
// records go through the records validator. With any problem, or in a dry
// run, nothing is stored. An employer whose records the import would not
// change is not written, so that importing the same files again changes
// nothing, not even its version. A user limited to some employers may
// import only into those and creates none: another BIN is a problem, "no
// employer", as everywhere else.
//
// Problems come back in the report with a nil error. The error is
// EFORBIDDEN for a role that may not write, ECONFLICT when an employer
// changed since the versions built on (opts.Versions, or those read), an
// *ImportFileError for a file that could not be read, EINVALID for
// another problem with an employer's records (a permit recorded for
// another worker), and internal otherwise.
func (a *App) ImportFiles(ctx context.Context, u *User, files []ImportFile, opts ImportOptions) (*ImportReport, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return nil, err
	}
	l := opts.Lang
	rep := &ImportReport{}
	var recs []*domain.Records
	fromScenario := map[*domain.Records]bool{}
	var tables []ImportFile
	for _, f := range files {
		switch ImportFormat(f.Name) {
		case "scenario":
			data, err := readAll(f)
			if err != nil {
				return nil, err
			}
			sf, err := scenario.ParseIn(f.Name, data, a.engine.Params().CheckOverride, scenarioWords(l))
			if el, ok := err.(scenario.ErrorList); ok {
				for _, e := range el {
					rep.Problems = append(rep.Problems, bulk.Problem{File: e.File, Row: e.Line, Column: fmt.Sprint(e.Col), Msg: e.Msg})
				}
				continue
			} else if err != nil {
				rep.Problems = append(rep.Problems, bulk.Problem{File: f.Name, Msg: domain.ErrorMessage(err)})
				continue
			}
			recs = append(recs, &sf.Records)
			fromScenario[&sf.Records] = true
		case "csv", "xlsx":
			tables = append(tables, f)
		default:
			return nil, domain.Errorf(domain.EINVALID, "%s: expected a .yaml, .yml, .csv, .txt, .tsv or .xlsx file", f.Name).Say("cli.import.ext", "Name", f.Name)
		}
	}
	// The version of each employer this import builds on: a scenario file
	// replaces what is stored now, a table merges into what it reads. A
	// change made through the API or the web meanwhile is then a conflict,
	// not silently overwritten.
	stamps, err := a.db.TenantVersions(ctx, u.TenantID)
	if err != nil {
		return nil, err
	}
	versions := make(map[string]int64, len(recs))
	for _, r := range recs {
		bin := r.Employer.BIN
		versions[bin] = stamps[bin].Version
		if !u.MayAccess(bin) || u.Employers != nil && versions[bin] == 0 {
			rep.Problems = append(rep.Problems, noEmployer(l, bin))
		}
	}
	var batch *bulk.Batch
	if len(tables) > 0 {
		bo := bulk.Options{BIN: opts.BIN, Strict: opts.Strict, Mapping: opts.Mapping, Known: a.knownWorkers(ctx, u), Lang: l}
		im := bulk.New(bo)
		for _, f := range tables {
			if err := readTable(im, f); err != nil {
				return nil, err
			}
		}
		batch, _ = im.Finish()
		rep.Sources = batch.Sources()
		rep.Problems = append(rep.Problems, batch.Problems...)
	}
	if rep.Failed() {
		return rep, nil
	}
	// Merge the tables into the employers' stored records; the merged
	// records must pass the records validator too. Every employer's
	// problems are listed before giving up.
	isNew := map[string]bool{}
	changes := map[string]bulk.Changes{}
	if batch != nil {
		for _, e := range batch.Employers {
			// The tables merge into this import's scenario file of the
			// employer when there is one (it replaces what is stored),
			// else into the stored records.
			var rec *domain.Records
			var err error
			stored := false
			for _, r := range recs {
				if r.Employer.BIN == e.BIN {
					rec = r
				}
			}
			if rec == nil && !u.MayAccess(e.BIN) {
				rep.Problems = append(rep.Problems, noEmployer(l, e.BIN))
				continue
			}
			if rec == nil {
				var version int64
				rec, version, err = a.db.EmployerRecords(ctx, u.TenantID, e.BIN)
				stored = err == nil
				versions[e.BIN] = version
			}
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				if u.Employers != nil {
					// A limited user creates no employer.
					rep.Problems = append(rep.Problems, noEmployer(l, e.BIN))
					continue
				}
				// A new employer, created by this import.
				z := e.Size
				if z == "" {
					z = opts.Size
				}
				if z == "" {
					rep.NeedSize = append(rep.NeedSize, e.BIN)
					continue
				}
				rec, err = &domain.Records{Employer: domain.Employer{BIN: e.BIN, Name: e.Name, Size: z}}, nil
				isNew[e.BIN] = true
			}
			if err != nil {
				return nil, err
			}
			ch, err := batch.Apply(rec)
			if ps := bulk.MergeProblems(err); ps != nil {
				rep.Problems = append(rep.Problems, ps...)
				continue
			} else if err != nil {
				return nil, domain.Errorf(domain.ErrorCode(err), "employer %s: %s", e.BIN, domain.ErrorMessage(err)).Say("error.employer", "Code", e.BIN, "Other", err)
			}
			changes[e.BIN] = ch
			if stored && ch.None() {
				continue // nothing to write: its version stays
			}
			if !containsRecords(recs, rec) {
				recs = append(recs, rec)
			}
		}
	}
	rep.Versions = versions
	if rep.Failed() {
		return rep, nil
	}
	// A scenario file that gives what is recorded already changes nothing.
	kept := recs[:0]
	for _, r := range recs {
		if fromScenario[r] && versions[r.Employer.BIN] != 0 {
			if same, err := a.recordedAlready(ctx, u, r); err != nil {
				return nil, err
			} else if same {
				continue
			}
		}
		kept = append(kept, r)
	}
	recs = kept
	for _, r := range recs {
		bin := r.Employer.BIN
		rep.Workers += len(r.Workers)
		rep.Employers = append(rep.Employers, ImportedEmployer{BIN: bin, Name: r.Employer.Name, New: isNew[bin] || fromScenario[r] && versions[bin] == 0,
			Scenario: fromScenario[r], Changes: changes[bin], Workers: len(r.Workers)})
		if !fromScenario[r] {
			rep.Changes = rep.Changes.Add(changes[bin])
		}
	}
	if opts.DryRun || len(recs) == 0 {
		return rep, nil
	}
	if opts.Versions != nil {
		versions = opts.Versions
	}
	if err := a.Import(ctx, u, recs, versions); err != nil {
		return nil, err
	}
	rep.Stored = true
	return rep, nil
}

// readAll reads a scenario file whole.
func readAll(f ImportFile) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, &ImportFileError{f.Name, err}
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &ImportFileError{f.Name, err}
	}
	return data, nil
}

// readTable reads one CSV file or workbook into the import. A CSV file's
// kind is its own, else its name's (workers.csv, разрешения.csv), else its
// header row's.
func readTable(im *bulk.Importer, f ImportFile) error {
	r, err := f.Open()
	if err != nil {
		return &ImportFileError{f.Name, err}
	}
	defer r.Close()
	kind := f.Kind
	if ImportFormat(f.Name) == "xlsx" {
		err = im.XLSX(f.Name, kind, r)
	} else {
		if kind == "" {
			base := strings.TrimSuffix(filepath.Base(f.Name), filepath.Ext(f.Name))
			kind, _ = bulk.ParseKind(base) // else "": the header row says
		}
		err = im.CSV(f.Name, kind, r)
	}
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return &ImportFileError{f.Name, err} // the file could not be read
	}
	return err
}

// knownWorkers lets permit and trip files refer to workers already
// recorded for the employers u may see.
func (a *App) knownWorkers(ctx context.Context, u *User) func(bin, id string) bool {
	cache := map[string]map[string]bool{}
	return func(bin, id string) bool {
		ids, ok := cache[bin]
		if !ok {
			ids = map[string]bool{}
			if u.MayAccess(bin) {
				if rec, _, err := a.db.EmployerRecords(ctx, u.TenantID, bin); err == nil {
					for _, w := range rec.Workers {
						ids[w.ID] = true
					}
				}
			}
			cache[bin] = ids
		}
		return ids[id]
	}
}

// recordedAlready reports whether the employer's stored records are r, as
// the scenario format writes them.
func (a *App) recordedAlready(ctx context.Context, u *User, r *domain.Records) (bool, error) {
	stored, _, err := a.db.EmployerRecords(ctx, u.TenantID, r.Employer.BIN)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var x, y bytes.Buffer
	if err := scenario.Encode(&x, &scenario.File{Records: *stored}); err != nil {
		return false, err
	}
	if err := scenario.Encode(&y, &scenario.File{Records: *r}); err != nil {
		return false, err
	}
	return bytes.Equal(x.Bytes(), y.Bytes()), nil
}

// noEmployer is the problem of rows of an employer the user may not reach
// or create: "no employer", so that a limit does not reveal which BINs
// the tenant holds.
func noEmployer(l *i18n.Localizer, bin string) bulk.Problem {
	err := domain.Errorf(domain.ENOTFOUND, "no employer with BIN %s", bin).Say("error.no_employer", "Code", bin)
	if l == nil {
		return bulk.Problem{Msg: err.Message}
	}
	return bulk.Problem{Msg: l.Error(err)}
}

func containsRecords(list []*domain.Records, r *domain.Records) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// scenarioWords are the words a scenario file's problems are told in: nil
// (English, the reader's own) or l's.
func scenarioWords(l *i18n.Localizer) *scenario.Words {
	if l == nil || l.Lang() == i18n.EN {
		return nil
	}
	return &scenario.Words{
		Problem: l.Problem,
		OnLine:  func(path string, line int) string { return l.T("problem.on_line", "Name", path, "N", line) },
		More:    l.MoreProblems,
		Lang:    l,
	}
}
