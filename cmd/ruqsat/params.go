package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// runParams implements `ruqsat params`: the value of every parameter in force
// on a date (today in Asia/Almaty by default), with its source.
func (m *Main) runParams(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("params", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	format := fs.String("format", "text", "output format: text or json")
	on := fs.String("on", "", "the date (YYYY-MM-DD); default today in Asia/Almaty")
	paramsFile := fs.String("params", "", "a parameter override file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("params takes no arguments")
	}
	if *format != "text" && *format != "json" {
		return usagef("--format %q: expected text or json", *format)
	}
	date := domain.Today(m.Now())
	if *on != "" {
		d, err := domain.ParseDate(*on)
		if err != nil {
			return usagef("--on: %v", err)
		}
		date = d
	}
	set, err := loadParams(*paramsFile)
	if err != nil {
		return m.reportInvalid(err)
	}
	type row struct {
		Name           string      `json:"name"`
		Value          string      `json:"value"`
		Unit           string      `json:"unit,omitempty"`
		From           domain.Date `json:"from"`
		Act            string      `json:"act"`
		Ref            string      `json:"ref"`
		Confidence     string      `json:"confidence"`
		Interpretation string      `json:"interpretation,omitempty"`
		Description    string      `json:"description"`
	}
	rows := []row{}
	for _, n := range set.Names() {
		p, _ := set.Param(n)
		v, ok := p.At(date)
		if !ok {
			continue
		}
		rows = append(rows, row{n, v.Text, p.Unit, v.From, v.Act, v.Ref, v.Confidence, v.Interpretation, p.Description})
	}
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"on": date, "ruleset": set.Ruleset, "parameters": rows})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Parameters in force on %s (ruleset %s)\n\n", date, set.Ruleset)
	for _, r := range rows {
		val := r.Value
		if r.Unit != "" {
			val += " " + r.Unit
		}
		fmt.Fprintf(&b, "%-32s %-18s since %s  %s, %s (%s)\n", r.Name, val, r.From, r.Act, r.Ref, r.Confidence)
		if r.Interpretation != "" {
			fmt.Fprintf(&b, "%-32s interpretation: %s\n", "", r.Interpretation)
		}
	}
	_, err = fmt.Fprint(m.Stdout, b.String())
	return err
}
