package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// runParams implements `ruqsat params`: the value of every parameter in force
// on a date (today in Asia/Almaty by default), with its source.
func (m *Main) runParams(ctx context.Context, args []string) error {
	fs := m.flagSet("params")
	format := fs.String("format", "text", "")
	on := fs.String("on", "", "")
	paramsFile := fs.String("params", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	l := m.loc()
	lang := l.Lang()
	if fs.NArg() != 0 {
		return m.usageErr("cli.no_args", "Name", "params")
	}
	if *format != "text" && *format != "json" {
		return m.usageErr("cli.format", "Code", *format)
	}
	date := domain.Today(m.Now())
	if *on != "" {
		d, err := domain.ParseDate(*on)
		if err != nil {
			return m.usageErr("cli.on", "Code", *on)
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
		// The description in the reader's language (param.NAME); a
		// parameter a deployment adds keeps its own.
		desc := p.Description
		if id := "param." + n; l.Has(id) && lang != i18n.EN {
			desc = l.T(id)
		}
		rows = append(rows, row{n, v.Text, l.Unit(p.Unit), v.From, v.Act, l.Law(v.Ref), v.Confidence, l.Law(v.Interpretation), desc})
	}
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"on": date, "ruleset": set.Ruleset, "parameters": rows})
	}
	var b strings.Builder
	if lang != i18n.EN {
		// The parameter's name stays: it is what an override file names.
		fmt.Fprintf(&b, "%s\n\n", l.T("params.header", "Date", l.Date(date), "Year", set.Ruleset))
		for _, r := range rows {
			p, _ := set.Param(r.Name)
			val := l.ParamValue(p.Unit, r.Value) // the web's rules page writes it the same way
			fmt.Fprintf(&b, "%-32s %s (%s; %s, %s; %s %s)\n", r.Name, val, l.T("params.since", "Date", l.Date(r.From)),
				l.ActShort(r.Act), r.Ref, l.T("report.confidence"), l.Confidence(r.Confidence))
			if r.Interpretation != "" {
				fmt.Fprintf(&b, "%-32s %s: %s\n", "", l.T("report.interpretation"), r.Interpretation)
			}
		}
		_, err = fmt.Fprint(m.Stdout, b.String())
		return err
	}
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
