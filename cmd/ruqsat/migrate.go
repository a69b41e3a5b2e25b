package main

import (
	"context"
)

// runMigrate implements `ruqsat migrate`: apply the database migrations the
// database has not seen and print its schema version.
func (m *Main) runMigrate(ctx context.Context, args []string) error {
	fs := m.flagSet("migrate")
	db := m.addDBFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return m.usageErr("cli.no_args", "Name", "migrate")
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	cur, latest, err := s.SchemaVersion(ctx)
	if err != nil {
		return m.appError(err)
	}
	return m.say("cli.migrate.version", "N", cur, "Of", latest, "Code", string(s.Engine()))
}
