package main

import (
	"context"
	"flag"
	"fmt"
)

// runMigrate implements `ruqsat migrate`: apply the database migrations the
// database has not seen and print its schema version.
func (m *Main) runMigrate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := addDBFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("migrate takes no arguments")
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	cur, latest, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(m.Stdout, "schema version %d of %d (%s)\n", cur, latest, s.Engine())
	return err
}
