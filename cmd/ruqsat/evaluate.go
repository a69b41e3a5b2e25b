package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/ical"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

// runEvaluate implements `ruqsat evaluate FILE`: parse a scenario, evaluate
// every rule on its as-of date and print the findings. Exit status 0 when the
// evaluation ran, 1 with --fail-on when a finding of that severity (or worse)
// was found, 2 for invalid input or usage.
func (m *Main) runEvaluate(ctx context.Context, args []string) error {
	fs := m.flagSet("evaluate")
	format := fs.String("format", "text", "output format: text, json or ics (the open deadlines as an iCalendar file)")
	failOn := fs.String("fail-on", "", "exit 1 when a finding of this severity or worse is found: violation, warning or due")
	paramsFile := fs.String("params", "", "a parameter override file (same format as `ruqsat params --format yaml`)")
	asOf := fs.String("as-of", "", "evaluate on this date (YYYY-MM-DD) instead of the file's as_of")
	langName := langFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lang, err := m.language(*langName)
	if err != nil {
		return err
	}
	l := i18n.For(lang)
	if fs.NArg() != 1 {
		return usageIn(l, "give exactly one scenario file (or - for standard input)", "one_file")
	}
	if *format != "text" && *format != "json" && *format != "ics" {
		return usageIn(l, fmt.Sprintf("--format %q: expected text, json or ics", *format), "format_evaluate", "Code", *format)
	}
	failRank := -1
	if *failOn != "" {
		s, ok := domain.ParseSeverity(*failOn)
		if !ok || s == domain.SeverityInfo {
			return usageIn(l, fmt.Sprintf("--fail-on %q: expected violation, warning or due", *failOn), "fail_on", "Code", *failOn)
		}
		failRank = s.Rank()
	}
	// A short-lived process over one file: trade memory for less garbage
	// collection (the parse of a large file makes much short-lived garbage).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	set, err := loadParams(*paramsFile)
	if err != nil {
		return m.reportInvalid(err)
	}
	name := fs.Arg(0)
	var data []byte
	if name == "-" {
		name = "stdin"
		data, err = io.ReadAll(m.Stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return usageIn(l, err.Error(), "read", "Name", name)
	}
	var words *scenario.Words // English: the validator's own words
	if lang != i18n.EN {
		words = &scenario.Words{
			Problem: l.Problem,
			OnLine:  func(path string, line int) string { return l.T("problem.on_line", "Name", path, "N", line) },
			More:    l.MoreProblems,
			Lang:    l,
		}
	}
	file, err := scenario.ParseIn(name, data, set.CheckOverride, words)
	if err != nil {
		return printInvalid(m, err)
	}
	if *asOf != "" {
		d, err := domain.ParseDate(*asOf)
		if err != nil {
			return usageIn(l, "--as-of: "+err.Error(), "as_of", "Code", *asOf)
		}
		file.AsOf = d
	}
	engine, err := rules.New(set, nil).With(file.Overrides)
	if err != nil {
		return printInvalid(m, err)
	}
	res, err := app.EvaluateRecords(engine, &file.Records, file.AsOf, lang)
	if err != nil {
		return usageIn(l, "--as-of: "+domain.ErrorMessage(err), "as_of_range", "Code", file.AsOf.String())
	}
	if *format == "json" {
		if _, err := m.Stdout.Write(res.AppendJSON(nil)); err != nil {
			return err
		}
	} else if *format == "ics" {
		if err := writeICS(m.Stdout, &file.Records.Employer, &res, lang); err != nil {
			return err
		}
	} else if err := writeText(m.Stdout, &file.Records.Employer, res, i18n.For(lang)); err != nil {
		return err
	}
	if failRank >= 0 {
		for _, f := range res.Findings {
			if f.Severity.Rank() <= failRank {
				return &exitError{code: 1}
			}
		}
	}
	return nil
}

// writeICS writes the open deadlines of res as an iCalendar file: one
// all-day event per open finding on its due date, in lang, with an alarm
// three working days before (package ical). Its DTSTAMP is the start of the
// as-of date in Almaty, so that one evaluation gives one file.
func writeICS(w io.Writer, emp *domain.Employer, res *rules.Result, lang i18n.Lang) error {
	y, mo, d := res.AsOf.Civil()
	opt := ical.Options{
		Name:  i18n.For(lang).T("ical.name_employer", "Name", cmp.Or(emp.Name, emp.BIN)),
		Stamp: time.Date(y, mo, d, 0, 0, 0, 0, domain.Almaty()),
		Lang:  lang,
	}
	return ical.Write(w, opt, ical.Open("", emp, res))
}

func (m *Main) reportInvalid(err error) error {
	var ii *invalidInput
	if errors.As(err, &ii) {
		return printInvalid(m, ii.err)
	}
	return err
}

// parseFlags parses flags that may come before or after the positional
// arguments, so `evaluate FILE --format json` works as well.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return &exitError{code: 0}
			}
			return &exitError{code: 2}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

// writeText prints the findings for people, in l's language: a summary,
// then the findings grouped by severity, latest deadline first, each with
// its rule's title, what was counted, the legal basis and the fine.
func writeText(w io.Writer, emp *domain.Employer, res rules.Result, l *i18n.Localizer) error {
	var b strings.Builder
	b.WriteString(l.T("report.header", "Name", emp.Name, "Code", emp.BIN, "Date", l.Date(res.AsOf), "Year", res.Ruleset))
	b.WriteByte('\n')
	counts := map[domain.Severity]int{}
	for _, f := range res.Findings {
		counts[f.Severity]++
	}
	fmt.Fprintf(&b, "%s, %s, %s, %s\n", l.Count("unit.violation", counts[domain.SeverityViolation]),
		l.Count("unit.warning", counts[domain.SeverityWarning]), l.Count("unit.due", counts[domain.SeverityDue]),
		l.Count("unit.info", counts[domain.SeverityInfo]))
	if res.Provisional {
		b.WriteString(l.T("report.provisional"))
		b.WriteByte('\n')
	}
	if len(res.NotEvaluated) > 0 {
		// A rule that did not run has no findings: say so, lest it read as all clear.
		b.WriteString(l.T("report.not_evaluated"))
		for i, n := range res.NotEvaluated {
			if i > 0 {
				b.WriteString(", ")
			}
			rule := n.Rule.String()
			if l.Lang() != i18n.EN {
				rule = "«" + l.Title(n.Rule) + "»"
			}
			b.WriteString(l.T("report.not_evaluated_item", "Name", rule, "Code", n.Parameter))
		}
		b.WriteByte('\n')
	}
	var cur domain.Severity
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Severity != cur {
			cur = f.Severity
			fmt.Fprintf(&b, "\n%s\n", l.SeverityGroup(cur))
		}
		head := f.Rule.String() + "  " + l.Subject(f.Subject)
		if l.Lang() != i18n.EN {
			// A rule id is English; Kazakh and Russian readers get its title.
			head = l.Title(f.Rule) + "  " + l.Subject(f.Subject)
		}
		if f.Period != "" {
			head += "  " + l.Period(f.Period)
		}
		if f.Status != domain.StatusNone {
			head += "  [" + l.Status(f.Status) + "]"
		}
		if f.Provisional {
			head += "  [" + l.T("report.provisional_mark") + "]"
		}
		fmt.Fprintf(&b, "  %s\n    %s\n", head, f.Message)
		if !f.Due.IsZero() {
			fmt.Fprintf(&b, "    %s: %s\n", l.T("report.deadline"), l.Date(f.Due))
		}
		if len(f.Facts) > 0 {
			facts := f.Facts.Sorted()
			parts := make([]string, len(facts))
			for i, fact := range facts {
				parts[i] = l.FactLabel(fact.Key) + ": " + l.FactValue(fact)
			}
			fmt.Fprintf(&b, "    %s: %s\n", l.T("report.counted"), strings.Join(parts, "; "))
		}
		for _, c := range f.Basis {
			act := l.ActShort(c.Act)
			fmt.Fprintf(&b, "    %s: %s, %s (%s %s)\n", l.T("report.basis"), act, c.Ref, l.T("report.confidence"), l.Confidence(c.Confidence))
			if c.Interpretation != "" {
				fmt.Fprintf(&b, "      %s: %s\n", l.T("report.interpretation"), c.Interpretation)
			}
		}
		if f.Fine != nil {
			fmt.Fprintf(&b, "    %s: %s\n", l.T("report.fine"), l.FineText(f.Fine))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
