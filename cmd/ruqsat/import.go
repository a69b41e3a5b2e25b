package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/store"
)

// runImport implements `ruqsat import --tenant NAME [--dry-run] FILE...`.
// A scenario file (.yaml, .yml) replaces everything recorded about its
// employer. CSV and XLSX files of workers, permits and trips are read as one
// import and merged into the records of employers already recorded; the
// records as the files give them and the merged records both go through
// the records validator. Every problem in every file is listed, at its
// file, row and column (exit 2), and then nothing is stored; with --dry-run
// nothing is stored either way.
func (m *Main) runImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := addDBFlags(fs)
	tenantName := fs.String("tenant", "", "tenant name (created when new)")
	dryRun := fs.Bool("dry-run", false, "check the files and list every problem, store nothing")
	bin := fs.String("bin", "", "the employer of CSV/XLSX rows without a bin column")
	kindName := fs.String("kind", "", "what a CSV file holds: workers, permits or trips (default: from the file name)")
	mappingFile := fs.String("mapping", "", "a YAML or JSON file naming the column of a field")
	strict := fs.Bool("strict", false, "an unknown column is an error, not a warning")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *tenantName == "" || fs.NArg() == 0 {
		return usagef("--tenant and at least one file are required")
	}
	var scenarios, tables []string
	for _, f := range fs.Args() {
		switch strings.ToLower(filepath.Ext(f)) {
		case ".yaml", ".yml":
			scenarios = append(scenarios, f)
		case ".csv", ".xlsx":
			tables = append(tables, f)
		default:
			return usagef("%s: expected a scenario file (.yaml), a CSV (.csv) or a workbook (.xlsx)", f)
		}
	}
	set, err := loadParams("")
	if err != nil {
		return err
	}
	// Read and check every file before touching the database.
	var recs []*domain.Records
	var problems []string
	for _, name := range scenarios {
		data, err := os.ReadFile(name)
		if err != nil {
			return usagef("%v", err)
		}
		f, err := scenario.Parse(name, data, set.CheckOverride)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		recs = append(recs, &f.Records)
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := tenantFor(ctx, s, *tenantName)
	if err != nil {
		return userError(err)
	}
	// The version of each employer this import builds on: a scenario file
	// replaces what is stored now, a table merges into what it reads. A
	// change made through the API or the web while the import runs is then
	// a conflict, not silently overwritten.
	stamps, err := s.TenantVersions(ctx, t.ID)
	if err != nil {
		return err
	}
	versions := make(map[string]int64, len(recs))
	for _, r := range recs {
		versions[r.Employer.BIN] = stamps[r.Employer.BIN].Version
	}
	var batch *bulk.Batch
	if len(tables) > 0 {
		opts := bulk.Options{BIN: *bin, Strict: *strict, Known: knownWorkers(ctx, s, t.ID)}
		if *mappingFile != "" {
			data, err := os.ReadFile(*mappingFile)
			if err != nil {
				return usagef("--mapping: %v", err)
			}
			if opts.Mapping, err = bulk.LoadMapping(*mappingFile, data); err != nil {
				return printInvalid(m, err)
			}
		}
		im := bulk.New(opts)
		for _, name := range tables {
			if err := readTable(im, name, *kindName); err != nil {
				return err
			}
		}
		batch, err = im.Finish()
		for _, p := range batch.Problems {
			if p.Warning {
				fmt.Fprintln(m.Stderr, p.String())
			}
		}
		if err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		fmt.Fprintln(m.Stderr, strings.Join(problems, "\n"))
		fmt.Fprintln(m.Stderr, "nothing was imported")
		return &exitError{code: 2}
	}
	// Merge the tables into the employers' stored records; the merged
	// records must pass the records validator too. Every employer's
	// problems are listed before giving up.
	if batch != nil {
		for _, e := range batch.Employers {
			rec, version, err := s.EmployerRecords(ctx, t.ID, e.BIN)
			if err == nil {
				if _, fromFile := versions[e.BIN]; !fromFile {
					versions[e.BIN] = version
				}
			}
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				for _, r := range recs {
					if r.Employer.BIN == e.BIN {
						rec, err = r, nil
					}
				}
			}
			if err != nil {
				return fmt.Errorf("employer %s: %s; import its scenario file first, or name it in one of this import's scenario files", e.BIN, domain.ErrorMessage(err))
			}
			if _, err := batch.Apply(rec); domain.ErrorCode(err) == domain.EINVALID {
				problems = append(problems, domain.ErrorMessage(err))
				continue
			} else if err != nil {
				return fmt.Errorf("employer %s: %s", e.BIN, domain.ErrorMessage(err))
			}
			if !containsRecords(recs, rec) {
				recs = append(recs, rec)
			}
		}
		if len(problems) > 0 {
			fmt.Fprintln(m.Stderr, strings.Join(problems, "\n"))
			fmt.Fprintln(m.Stderr, "nothing was imported")
			return &exitError{code: 2}
		}
	}
	workers := 0
	for _, r := range recs {
		workers += len(r.Workers)
	}
	if *dryRun {
		_, err := fmt.Fprintf(m.Stdout, "dry run: %d employers with %d workers would be imported; no problems\n", len(recs), workers)
		return err
	}
	a := app.New(app.Config{DB: s})
	if err := a.Import(ctx, app.Operator(t.ID, "import"), recs, versions); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return fmt.Errorf("%s: the employer changed while the import ran; nothing was imported, run it again", domain.ErrorMessage(err))
		}
		return userError(err)
	}
	_, err = fmt.Fprintf(m.Stdout, "imported %d employers with %d workers into tenant %s\n", len(recs), workers, t.Name)
	return err
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
// from --kind or from its file name (workers.csv, разрешения.csv).
func readTable(im *bulk.Importer, name, kindName string) error {
	f, err := os.Open(name)
	if err != nil {
		return usagef("%v", err)
	}
	defer f.Close()
	var kind bulk.Kind
	if kindName != "" {
		k, ok := bulk.ParseKind(kindName)
		if !ok {
			return usagef("--kind %q: expected workers, permits or trips", kindName)
		}
		kind = k
	}
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return im.XLSX(name, kind, f)
	}
	if kind == "" {
		base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		k, ok := bulk.ParseKind(base)
		if !ok {
			return usagef("%s: say what the file holds with --kind workers|permits|trips, or name it workers.csv, permits.csv or trips.csv", name)
		}
		kind = k
	}
	return im.CSV(name, kind, f)
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
