package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// runRules implements `ruqsat rules`: every rule with its title and legal
// basis.
func (m *Main) runRules(ctx context.Context, args []string) error {
	fs := m.flagSet("rules")
	format := fs.String("format", "text", "")
	paramsFile := fs.String("params", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	l := m.loc()
	lang := l.Lang()
	if fs.NArg() != 0 {
		return m.usageErr("cli.no_args", "Name", "rules")
	}
	// A title, reference or address in the reader's language; English is
	// the parameter file's own (a deployment's override included).
	title := func(r rules.Info) string {
		if lang == i18n.EN {
			return r.Title
		}
		return l.Title(r.ID)
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
			out[i] = entry{ID: r.ID.String(), Family: string(r.Family), Title: title(r), Interpretations: r.Interpretations}
			if out[i].Interpretations == nil {
				out[i].Interpretations = []string{}
			}
			for _, c := range r.Basis {
				out[i].Basis = append(out[i].Basis, citation{c.Act, l.Law(c.Ref), c.Confidence, l.ActURL(c.Act, set.Acts[c.Act].URL)})
			}
		}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	} else if *format != "text" {
		return m.usageErr("cli.format", "Code", *format)
	}
	var b strings.Builder
	if lang != i18n.EN {
		// Kazakh and Russian readers get each rule's title, its basis with
		// the acts' names, and the interpretations' texts; the rule id stays
		// for the commands that take it.
		for _, r := range cat {
			fmt.Fprintf(&b, "%s (%s)\n", title(r), r.ID)
			for _, c := range r.Basis {
				fmt.Fprintf(&b, "    %s: %s, %s (%s %s)\n", l.T("report.basis"), l.ActShort(c.Act), l.Law(c.Ref), l.T("report.confidence"), l.Confidence(c.Confidence))
			}
			for _, name := range r.Interpretations {
				if p, ok := set.Param(name); ok && len(p.Values) > 0 {
					if s := p.Values[len(p.Values)-1].Interpretation; s != "" {
						fmt.Fprintf(&b, "    %s: %s\n", l.T("report.interpretation"), l.Law(s))
					}
				}
			}
		}
		_, err = fmt.Fprint(m.Stdout, b.String())
		return err
	}
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
