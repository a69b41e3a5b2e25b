package main

import (
	"context"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

// runExport implements `ruqsat export --tenant NAME --employer BIN [--as-of
// DATE]`: print everything recorded about the employer as a scenario file,
// which `ruqsat evaluate` and `ruqsat import` read.
func (m *Main) runExport(ctx context.Context, args []string) error {
	fs := m.flagSet("export")
	db := m.addDBFlags(fs)
	tenantName := fs.String("tenant", "", "")
	bin := fs.String("employer", "", "")
	asOf := fs.String("as-of", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *tenantName == "" || *bin == "" || fs.NArg() != 0 {
		return m.usageErr("cli.required2", "Name", "--tenant", "Other", "--employer")
	}
	date := domain.Today(m.Now())
	if *asOf != "" {
		d, err := domain.ParseDate(*asOf)
		if err != nil {
			return m.usageErr("cli.date_flag", "Name", "--as-of", "Code", *asOf)
		}
		date = d
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
	rec, _, err := s.EmployerRecords(ctx, t.ID, *bin)
	if err != nil {
		return m.appError(err)
	}
	return scenario.Encode(m.Stdout, &scenario.File{AsOf: date, Records: *rec})
}
