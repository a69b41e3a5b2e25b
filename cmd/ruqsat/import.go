package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules/params"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/store"
)

// runImport implements `ruqsat import --tenant NAME [--dry-run] FILE...`.
// A scenario file (.yaml, .yml) replaces everything recorded about its
// employer. CSV and XLSX files of workers, permits and trips, or registers
// of workers with their permits, are read as one import and merged into the
// records of their employers; an employer not recorded yet is created with
// the BIN, name and size its rows give (or --size). The records as the
// files give them and the merged records both go through the records
// validator. Every problem in every file is listed once, at its file, row
// and column (exit 2), and then nothing is stored; with --dry-run nothing
// is stored either way. An employer whose records the import would not
// change is not written, so that importing the same files again changes
// nothing, not even its version.
func (m *Main) runImport(ctx context.Context, args []string) error {
	fs := m.flagSet("import")
	db := m.addDBFlags(fs)
	tenantName := fs.String("tenant", "", "")
	dryRun := fs.Bool("dry-run", false, "")
	bin := fs.String("bin", "", "")
	kindName := fs.String("kind", "", "")
	sizeName := fs.String("size", "", "")
	mappingFile := fs.String("mapping", "", "")
	strict := fs.Bool("strict", false, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	l := m.loc()
	if *tenantName == "" || fs.NArg() == 0 {
		return m.usageErr("cli.import.required")
	}
	var size domain.Size
	if *sizeName != "" {
		z, ok := bulk.ParseSize(*sizeName)
		if !ok {
			return m.usageErr("cli.import.size", "Code", *sizeName)
		}
		size = z
	}
	var scenarios, tables []string
	for _, f := range fs.Args() {
		switch strings.ToLower(filepath.Ext(f)) {
		case ".yaml", ".yml":
			scenarios = append(scenarios, f)
		case ".csv", ".txt", ".tsv", ".xlsx": // .txt: Excel's "Unicode text"
			tables = append(tables, f)
		default:
			return m.usageErr("cli.import.ext", "Name", f)
		}
	}
	set := params.Default()
	// Read and check every file before touching the database.
	var recs []*domain.Records
	fromScenario := map[*domain.Records]struct{}{}
	var problems []string
	for _, name := range scenarios {
		data, err := os.ReadFile(name)
		if err != nil {
			return m.fileError(name, err)
		}
		f, err := scenario.ParseIn(name, data, set.CheckOverride, scenarioWords(l))
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		recs = append(recs, &f.Records)
		fromScenario[&f.Records] = struct{}{}
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := m.tenantOf(ctx, s, *tenantName)
	if err != nil {
		return err
	}
	// The version of each employer this import builds on: a scenario file
	// replaces what is stored now, a table merges into what it reads. A
	// change made through the API or the web while the import runs is then
	// a conflict, not silently overwritten.
	stamps, err := s.TenantVersions(ctx, t.ID)
	if err != nil {
		return m.appError(err)
	}
	versions := make(map[string]int64, len(recs))
	for _, r := range recs {
		versions[r.Employer.BIN] = stamps[r.Employer.BIN].Version
	}
	var batch *bulk.Batch
	if len(tables) > 0 {
		opts := bulk.Options{BIN: *bin, Strict: *strict, Known: knownWorkers(ctx, s, t.ID), Lang: l}
		if *mappingFile != "" {
			data, err := os.ReadFile(*mappingFile)
			if err != nil {
				return m.fileError(*mappingFile, err)
			}
			if opts.Mapping, err = bulk.LoadMappingIn(*mappingFile, data, l); err != nil {
				return printInvalid(m, err)
			}
		}
		im := bulk.New(opts)
		for _, name := range tables {
			if err := m.readTable(im, name, *kindName); err != nil {
				return err
			}
		}
		batch, err = im.Finish()
		// Each problem once: warnings stand alone when there is no error,
		// and among the errors, in their file's order, when there is.
		if err != nil {
			problems = append(problems, batch.Problems.In(opts.Lang))
		} else {
			for _, p := range batch.Problems {
				fmt.Fprintln(m.Stderr, p.In(opts.Lang))
			}
		}
	}
	if len(problems) > 0 {
		fmt.Fprintln(m.Stderr, strings.Join(problems, "\n"))
		fmt.Fprintln(m.Stderr, l.T("cli.nothing_imported"))
		return &exitError{code: 2}
	}
	// Merge the tables into the employers' stored records; the merged
	// records must pass the records validator too. Every employer's
	// problems are listed before giving up.
	if batch != nil {
		var needSize []string
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
			if rec == nil {
				var version int64
				rec, version, err = s.EmployerRecords(ctx, t.ID, e.BIN)
				if stored = err == nil; stored {
					versions[e.BIN] = version
				}
			}
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				// A new employer, created by this import (through the
				// application layer, which checks that the user may).
				z := e.Size
				if z == "" {
					z = size
				}
				if z == "" {
					needSize = append(needSize, e.BIN)
					continue
				}
				rec, err = &domain.Records{Employer: domain.Employer{BIN: e.BIN, Name: e.Name, Size: z}}, nil
				stored = false
			}
			if err != nil {
				return m.failure("cli.import.employer", "Code", e.BIN, "Other", l.Error(err))
			}
			ch, err := batch.Apply(rec)
			if domain.ErrorCode(err) == domain.EINVALID {
				// Its message places each problem at its file, row and
				// column, in the import's language.
				problems = append(problems, domain.ErrorMessage(err))
				continue
			} else if err != nil {
				return m.failure("cli.import.employer", "Code", e.BIN, "Other", l.Error(err))
			}
			if stored && ch.None() {
				continue // nothing to write: its version stays
			}
			if !containsRecords(recs, rec) {
				recs = append(recs, rec)
			}
		}
		if len(needSize) > 0 {
			problems = append(problems, l.T("cli.import.need_size", "Count", len(needSize), "Other", employerList(needSize, l)))
		}
		if len(problems) > 0 {
			fmt.Fprintln(m.Stderr, strings.Join(problems, "\n"))
			fmt.Fprintln(m.Stderr, l.T("cli.nothing_imported"))
			return &exitError{code: 2}
		}
	}
	workers := 0
	for _, r := range recs {
		workers += len(r.Workers)
	}
	if *dryRun {
		return m.say("cli.import.dry_run", "Count", len(recs), "N", workers)
	}
	// A scenario file that gives what is recorded already changes nothing.
	kept := recs[:0]
	for _, r := range recs {
		if _, fromFile := fromScenario[r]; fromFile && versions[r.Employer.BIN] != 0 {
			if same, err := recordedAlready(ctx, s, t.ID, r); err != nil {
				return m.appError(err)
			} else if same {
				continue
			}
		}
		kept = append(kept, r)
	}
	recs = kept
	if len(recs) == 0 {
		return m.say("cli.import.unchanged")
	}
	a := app.New(app.Config{DB: s})
	if err := a.Import(ctx, app.Operator(t.ID, "import"), recs, versions); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return m.failure("cli.import.conflict", "Other", l.Error(err))
		}
		return m.appError(err)
	}
	return m.say("cli.import.done", "Count", len(recs), "N", workers, "Name", t.Name)
}

// recordedAlready reports whether the employer's stored records are r, as
// the scenario format writes them.
func recordedAlready(ctx context.Context, s *store.DB, tenant int64, r *domain.Records) (bool, error) {
	stored, _, err := s.EmployerRecords(ctx, tenant, r.Employer.BIN)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var a, b bytes.Buffer
	if err := scenario.Encode(&a, &scenario.File{Records: *stored}); err != nil {
		return false, err
	}
	if err := scenario.Encode(&b, &scenario.File{Records: *r}); err != nil {
		return false, err
	}
	return bytes.Equal(a.Bytes(), b.Bytes()), nil
}

// employerList lists BINs for a message in l's language: "1", "1, 2 and
// 3", the first ten and how many more.
func employerList(bins []string, l *i18n.Localizer) string {
	if len(bins) == 1 {
		return bins[0]
	}
	const shown = 10
	list := bins[:min(len(bins), shown)]
	if len(bins) > shown {
		return strings.Join(list, ", ") + l.T("cli.and_more", "Count", len(bins)-shown)
	}
	return strings.Join(list[:len(list)-1], ", ") + l.T("cli.and") + list[len(list)-1]
}

func containsRecords(list []*domain.Records, r *domain.Records) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// readTable reads one CSV or XLSX file into the import. A CSV's kind comes
// from --kind, or from its file name (workers.csv, разрешения.csv), or
// else from its header row.
func (m *Main) readTable(im *bulk.Importer, name, kindName string) error {
	f, err := os.Open(name)
	if err != nil {
		return m.fileError(name, err)
	}
	defer f.Close()
	var kind bulk.Kind
	if kindName != "" {
		k, ok := bulk.ParseKind(kindName)
		if !ok {
			return m.usageErr("cli.import.kind", "Code", kindName)
		}
		kind = k
	}
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		err = im.XLSX(name, kind, f)
	} else {
		if kind == "" {
			base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
			kind, _ = bulk.ParseKind(base) // else "": the header row says
		}
		err = im.CSV(name, kind, f)
	}
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return m.fileError(name, err) // the file could not be read
	}
	return m.appError(err)
}

// knownWorkers lets permit and trip files refer to workers already recorded.
func knownWorkers(ctx context.Context, s *store.DB, tenant int64) func(bin, id string) bool {
	cache := map[string]map[string]bool{}
	return func(bin, id string) bool {
		ids, ok := cache[bin]
		if !ok {
			ids = map[string]bool{}
			if rec, _, err := s.EmployerRecords(ctx, tenant, bin); err == nil {
				for _, w := range rec.Workers {
					ids[w.ID] = true
				}
			}
			cache[bin] = ids
		}
		return ids[id]
	}
}
