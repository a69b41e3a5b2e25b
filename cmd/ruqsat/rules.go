package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/rules"
)

// runRules implements `ruqsat rules`: every rule with its title and legal
// basis.
func (m *Main) runRules(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	format := fs.String("format", "text", "output format: text or json")
	paramsFile := fs.String("params", "", "a parameter override file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("rules takes no arguments")
	}
	set, err := loadParams(*paramsFile)
	if err != nil {
		return m.reportInvalid(err)
	}
	cat := rules.Catalogue(set)
	if *format == "json" {
		type citation struct {
			Act        string `json:"act"`
			Ref        string `json:"ref"`
			Confidence string `json:"confidence"`
			URL        string `json:"url"`
		}
		type entry struct {
			ID              string     `json:"id"`
			Family          string     `json:"family"`
			Title           string     `json:"title"`
			Basis           []citation `json:"basis"`
			Interpretations []string   `json:"interpretations"`
		}
		out := make([]entry, len(cat))
		for i, r := range cat {
			out[i] = entry{ID: r.ID.String(), Family: string(r.Family), Title: r.Title, Interpretations: r.Interpretations}
			if out[i].Interpretations == nil {
				out[i].Interpretations = []string{}
			}
			for _, c := range r.Basis {
				out[i].Basis = append(out[i].Basis, citation{c.Act, c.Ref, c.Confidence, set.Acts[c.Act].URL})
			}
		}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	} else if *format != "text" {
		return usagef("--format %q: expected text or json", *format)
	}
	var b strings.Builder
	for _, r := range cat {
		fmt.Fprintf(&b, "%-20s %s\n", r.ID, r.Title)
		for _, c := range r.Basis {
			fmt.Fprintf(&b, "%-20s   %s, %s (confidence %s)\n", "", c.Act, c.Ref, c.Confidence)
		}
		if len(r.Interpretations) > 0 {
			fmt.Fprintf(&b, "%-20s   interpretations: %s\n", "", strings.Join(r.Interpretations, ", "))
		}
	}
	_, err = fmt.Fprint(m.Stdout, b.String())
	return err
}
