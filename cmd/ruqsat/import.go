package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// runImport implements `ruqsat import --tenant NAME [--dry-run] FILE...`.
// A scenario file (.yaml, .yml) replaces everything recorded about its
// employer. CSV and XLSX files of workers, permits, trips, workers'
// documents, monthly figures and contracts with customers, or registers of
// workers with their permits, are read as one import and merged into the
// records of their employers; an employer not recorded yet is created with
// the BIN, name and size its rows give (or --size). The records as the
// files give them and the merged records both go through the records
// validator. Every problem in every file is listed once, at its file, row
// and column (exit 2), and then nothing is stored; with --dry-run nothing
// is stored either way. An employer whose records the import would not
// change is not written, so that importing the same files again changes
// nothing, not even its version. What the tables change in each employer's
// records is printed a line each before the summary ("employer
// 940140000385: 2 documents added, 1 month of figures updated").
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
	var kind bulk.Kind
	if *kindName != "" {
		k, ok := bulk.ParseKind(*kindName)
		if !ok {
			return m.usageErr("cli.import.kind", "Code", *kindName)
		}
		kind = k
	}
	files := make([]app.ImportFile, 0, fs.NArg())
	for _, f := range fs.Args() {
		if app.ImportFormat(f) == "" {
			return m.usageErr("cli.import.ext", "Name", f)
		}
		files = append(files, app.ImportFile{Name: f, Kind: kind, Open: func() (io.ReadCloser, error) { return os.Open(f) }})
	}
	opts := app.ImportOptions{BIN: *bin, Size: size, Strict: *strict, Lang: l, DryRun: *dryRun}
	if *mappingFile != "" {
		data, err := os.ReadFile(*mappingFile)
		if err != nil {
			return m.fileError(*mappingFile, err)
		}
		if opts.Mapping, err = bulk.LoadMappingIn(*mappingFile, data, l); err != nil {
			return printInvalid(m, err)
		}
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
	// The import itself is the application layer's, the one the web UI's
	// import page runs too.
	a := app.New(app.Config{DB: s})
	rep, err := a.ImportFiles(ctx, app.Operator(t.ID, "import"), files, opts)
	var fe *app.ImportFileError
	switch {
	case errors.As(err, &fe):
		return m.fileError(fe.Name, fe.Err)
	case domain.ErrorCode(err) == domain.ECONFLICT:
		return m.failure("cli.import.conflict", "Other", l.Error(err))
	case err != nil:
		return m.appError(err)
	}
	if rep.Failed() {
		// Each problem once, in its file's order; warnings among them.
		problems := make([]string, 0, len(rep.Problems)+1)
		for _, p := range rep.Problems {
			problems = append(problems, p.In(l))
		}
		if len(rep.NeedSize) > 0 {
			problems = append(problems, l.T("cli.import.need_size", "Count", len(rep.NeedSize), "Other", employerList(rep.NeedSize, l)))
		}
		fmt.Fprintln(m.Stderr, strings.Join(problems, "\n"))
		fmt.Fprintln(m.Stderr, l.T("cli.nothing_imported"))
		return &exitError{code: 2}
	}
	// Warnings stand alone when there is no error.
	for _, p := range rep.Problems {
		fmt.Fprintln(m.Stderr, p.In(l))
	}
	for _, e := range rep.Employers {
		if !e.Scenario {
			fmt.Fprintln(m.Stdout, l.T("cli.import.employer", "Code", e.BIN, "Other", e.Changes.In(l)))
		}
	}
	switch {
	case *dryRun:
		return m.say("cli.import.dry_run", "Count", len(rep.Employers), "N", rep.Workers)
	case !rep.Stored:
		return m.say("cli.import.unchanged")
	}
	return m.say("cli.import.done", "Count", len(rep.Employers), "N", rep.Workers, "Name", t.Name)
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
