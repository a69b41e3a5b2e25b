package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/rules/params"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

// runDoc implements `ruqsat doc KIND [flags] (FILE | --employer BIN
// --tenant NAME)`: make a document (package documents) from a scenario
// file or from an employer of the registry, in --lang, to --out or
// standard output. The letter's letterhead shows the --logo file, else
// the employer's stored logo, and --executor (--executor-phone) its
// executor mark. The API's GET /api/v1/employers/{bin}/documents/{kind}
// gives the same bytes for the same records. Exit status 2 for an unknown
// kind, format, worker or month, and for records that lack a field the
// document needs (each named at its path).
func (m *Main) runDoc(ctx context.Context, args []string) error {
	fs := m.flagSet("doc")
	db := m.addDBFlags(fs)
	format := fs.String("format", "", "")
	out := fs.String("out", "", "")
	asOf := fs.String("as-of", "", "")
	worker := fs.String("worker", "", "")
	month := fs.String("month", "", "")
	region := fs.String("region", "", "")
	number := fs.String("number", "", "")
	year := fs.Int("year", 0, "")
	logoFile := fs.String("logo", "", "")
	executor := fs.String("executor", "", "")
	executorPhone := fs.String("executor-phone", "", "")
	tenantName := fs.String("tenant", "", "")
	bin := fs.String("employer", "", "")
	langName := langFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lang, err := m.language(*langName)
	if err != nil {
		return err
	}
	l := i18n.For(lang)
	fromFile := fs.NArg() == 2 && *bin == ""
	fromDB := fs.NArg() == 1 && *bin != "" && *tenantName != ""
	if !fromFile && !fromDB {
		return m.usageErr("cli.doc.source")
	}
	kind, ok := documents.ParseKind(fs.Arg(0))
	if !ok {
		_, err := documents.Make(documents.Input{}, documents.Request{Kind: documents.Kind(fs.Arg(0))})
		return m.docError(l, err)
	}
	req := documents.Request{Kind: kind, Format: documents.Format(*format), Lang: lang, Worker: *worker,
		Region: domain.Region(*region), Number: *number, Year: *year, Executor: *executor, ExecutorPhone: *executorPhone}
	if *month != "" {
		ym, err := domain.ParseYearMonth(*month)
		if err != nil {
			return m.usageErr("cli.doc.month", "Code", *month)
		}
		req.Month = ym
	}
	if *asOf != "" {
		d, err := domain.ParseDate(*asOf)
		if err != nil {
			return m.usageErr("cli.date_flag", "Name", "--as-of", "Code", *asOf)
		}
		req.AsOf = d
	}

	var logo *documents.Logo
	if *logoFile != "" {
		data, err := os.ReadFile(*logoFile)
		if err != nil {
			return &readError{name: *logoFile, err: err}
		}
		ct, err := app.SniffLogo(data)
		if err != nil {
			return m.docError(l, err)
		}
		logo = &documents.Logo{Data: data, ContentType: ct}
	}
	engine := rules.New(params.Default(), nil)
	var doc *documents.Document
	if fromFile {
		name := fs.Arg(1)
		data, err := os.ReadFile(name)
		if err != nil {
			return &readError{name: name, err: err}
		}
		var words *scenario.Words
		if lang != i18n.EN {
			words = &scenario.Words{Problem: l.Problem, More: l.MoreProblems, Lang: l,
				OnLine: func(path string, line int) string { return l.T("problem.on_line", "Name", path, "N", line) }}
		}
		file, err := scenario.ParseIn(name, data, params.Default().CheckOverride, words)
		if err != nil {
			return printInvalid(m, err)
		}
		if engine, err = engine.With(file.Overrides); err != nil {
			return printInvalid(m, err)
		}
		if req.AsOf.IsZero() {
			req.AsOf = file.AsOf
		}
		in := documents.Input{Records: &file.Records, Logo: logo}
		if kind.NeedsFindings() {
			res, err := app.EvaluateRecords(engine, in.Records, req.AsOf, lang)
			if err != nil {
				return m.docError(l, err)
			}
			in.Result = &res
		}
		if doc, err = documents.Make(in, req); err != nil {
			return m.docError(l, err)
		}
	} else {
		s, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		t, err := m.tenantOf(ctx, s, *tenantName)
		if err != nil {
			return err
		}
		if req.AsOf.IsZero() {
			req.AsOf = domain.Today(m.Now())
		}
		// The stored employer's document is the application's to make, as
		// for the API and the web: its logo, its scans, its findings.
		a := app.New(app.Config{DB: s, Engine: engine, Now: m.Now})
		if doc, err = a.Document(ctx, app.Operator(t.ID, cliActor.Name), *bin, req, logo); err != nil {
			return m.docError(l, err)
		}
	}
	var w io.Writer = m.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return m.fileError(*out, err)
		}
		defer f.Close()
		w = f
	}
	if _, err := w.Write(doc.Data); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && *out != "" {
		return f.Close()
	}
	return nil
}

// docError tells why a document was not made, in l's language: a request
// or records the document cannot be made of exit with status 2 (the
// missing fields one a line, at their paths); anything else with 1.
func (m *Main) docError(l *i18n.Localizer, err error) error {
	switch domain.ErrorCode(err) {
	case domain.EINVALID, domain.ENOTFOUND:
		fmt.Fprintf(m.Stderr, "ruqsat doc: %s\n", l.Error(err))
		return &exitError{code: 2}
	}
	return m.appError(err)
}
