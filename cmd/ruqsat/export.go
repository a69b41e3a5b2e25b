package main

import (
	"context"
	"flag"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

// runExport implements `ruqsat export --tenant NAME --employer BIN [--as-of
// DATE]`: print everything recorded about the employer as a scenario file,
// which `ruqsat evaluate` and `ruqsat import` read.
func (m *Main) runExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := addDBFlags(fs)
	tenantName := fs.String("tenant", "", "tenant name")
	bin := fs.String("employer", "", "the employer's BIN")
	asOf := fs.String("as-of", "", "the scenario's as_of (YYYY-MM-DD); default today in Asia/Almaty")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *tenantName == "" || *bin == "" || fs.NArg() != 0 {
		return usagef("--tenant and --employer are required")
	}
	date := domain.Today(m.Now())
	if *asOf != "" {
		d, err := domain.ParseDate(*asOf)
		if err != nil {
			return usagef("--as-of: %v", err)
		}
		date = d
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := s.TenantByName(ctx, *tenantName)
	if err != nil {
		return userError(err)
	}
	rec, _, err := s.EmployerRecords(ctx, t.ID, *bin)
	if err != nil {
		return userError(err)
	}
	return scenario.Encode(m.Stdout, &scenario.File{AsOf: date, Records: *rec})
}
