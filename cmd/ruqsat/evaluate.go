package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

// runEvaluate implements `ruqsat evaluate FILE`: parse a scenario, evaluate
// every rule on its as-of date and print the findings. Exit status 0 when the
// evaluation ran, 1 with --fail-on when a finding of that severity (or worse)
// was found, 2 for invalid input or usage.
func (m *Main) runEvaluate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	format := fs.String("format", "text", "output format: text or json")
	failOn := fs.String("fail-on", "", "exit 1 when a finding of this severity or worse is found: violation, warning or due")
	paramsFile := fs.String("params", "", "a parameter override file (same format as `ruqsat params --format yaml`)")
	asOf := fs.String("as-of", "", "evaluate on this date (YYYY-MM-DD) instead of the file's as_of")
	fs.Usage = func() {
		fmt.Fprintln(m.Stderr, "Usage: ruqsat evaluate [--format text|json] [--fail-on violation] [--params FILE] [--as-of DATE] FILE")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give exactly one scenario file (or - for standard input)")
	}
	if *format != "text" && *format != "json" {
		return usagef("--format %q: expected text or json", *format)
	}
	failRank := -1
	if *failOn != "" {
		s, ok := domain.ParseSeverity(*failOn)
		if !ok || s == domain.SeverityInfo {
			return usagef("--fail-on %q: expected violation, warning or due", *failOn)
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
		return usagef("%v", err)
	}
	file, err := scenario.Parse(name, data, set.CheckOverride)
	if err != nil {
		return printInvalid(m, err)
	}
	if *asOf != "" {
		d, err := domain.ParseDate(*asOf)
		if err != nil {
			return usagef("--as-of: %v", err)
		}
		file.AsOf = d
	}
	engine, err := rules.New(set, nil).With(file.Overrides)
	if err != nil {
		return printInvalid(m, err)
	}
	res, err := app.EvaluateRecords(engine, &file.Records, file.AsOf)
	if err != nil {
		return usagef("--as-of: %s", domain.ErrorMessage(err))
	}
	if *format == "json" {
		if _, err := m.Stdout.Write(res.AppendJSON(nil)); err != nil {
			return err
		}
	} else if err := writeText(m.Stdout, &file.Records.Employer, res); err != nil {
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

var severityTitles = map[domain.Severity]string{
	domain.SeverityViolation: "VIOLATIONS",
	domain.SeverityWarning:   "WARNINGS",
	domain.SeverityDue:       "DUE",
	domain.SeverityInfo:      "INFO",
}

// writeText prints the findings for people: a summary, then the findings
// grouped by severity, latest deadline first, each with what was counted, the
// legal basis and the fine.
func writeText(w io.Writer, emp *domain.Employer, res rules.Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (BIN %s), as of %s, ruleset %s\n", emp.Name, emp.BIN, res.AsOf, res.Ruleset)
	counts := map[domain.Severity]int{}
	for _, f := range res.Findings {
		counts[f.Severity]++
	}
	fmt.Fprintf(&b, "%d violations, %d warnings, %d due, %d info\n", counts[domain.SeverityViolation],
		counts[domain.SeverityWarning], counts[domain.SeverityDue], counts[domain.SeverityInfo])
	if res.Provisional {
		b.WriteString("Some results are provisional: they depend on a calendar year without verified data.\n")
	}
	if len(res.NotEvaluated) > 0 {
		// A rule that did not run has no findings: say so, lest it read as all clear.
		b.WriteString("not evaluated on this date: ")
		for i, n := range res.NotEvaluated {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s (parameter %s not in force)", n.Rule, n.Parameter)
		}
		b.WriteByte('\n')
	}
	var cur domain.Severity
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Severity != cur {
			cur = f.Severity
			fmt.Fprintf(&b, "\n%s\n", severityTitles[cur])
		}
		head := f.Rule.String() + "  " + f.Subject
		if f.Period != "" {
			head += "  " + f.Period
		}
		if f.Status != domain.StatusNone {
			head += "  [" + f.Status.String() + "]"
		}
		if f.Provisional {
			head += "  [provisional]"
		}
		fmt.Fprintf(&b, "  %s\n    %s\n", head, f.Message)
		if !f.Due.IsZero() {
			fmt.Fprintf(&b, "    Deadline: %s\n", f.Due)
		}
		if len(f.Facts) > 0 {
			facts := f.Facts.Sorted()
			parts := make([]string, len(facts))
			for i, fact := range facts {
				parts[i] = fmt.Sprintf("%s %v", fact.Key, fact.Value())
			}
			fmt.Fprintf(&b, "    Counted: %s\n", strings.Join(parts, ", "))
		}
		for _, c := range f.Basis {
			fmt.Fprintf(&b, "    Basis: %s, %s (confidence %s)\n", c.Act, c.Ref, c.Confidence)
			if c.Interpretation != "" {
				fmt.Fprintf(&b, "      Interpretation: %s\n", c.Interpretation)
			}
		}
		if f.Fine != nil {
			fmt.Fprintf(&b, "    Fine: %s\n", fineText(f.Fine))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func fineText(f *domain.Fine) string {
	ref := "CoAO Art. " + f.Article
	if f.Part != "" {
		ref += " part " + f.Part
	}
	if f.Warning {
		return "a warning (" + ref + ")"
	}
	if f.KZT == nil {
		return fmt.Sprintf("%d MCI (%s); no MCI value is known for the offence date", f.MCI, ref)
	}
	return fmt.Sprintf("%d MCI = %s KZT (%s)", f.MCI, groupDigits(*f.KZT), ref)
}

// groupDigits writes n with digits grouped in threes by spaces: 43 250.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
