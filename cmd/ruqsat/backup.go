package main

import (
	"context"
	"os"
)

// runBackup implements `ruqsat backup FILE`: a consistent copy of the SQLite
// database while the server runs (SQLite's VACUUM INTO). PostgreSQL
// deployments back up with the server's own tools (pg_dump).
func (m *Main) runBackup(ctx context.Context, args []string) error {
	fs := m.flagSet("backup")
	db := m.addDBFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return m.usageErr("cli.backup.one_file")
	}
	dest := fs.Arg(0)
	if _, err := os.Stat(dest); err == nil {
		return m.usageErr("cli.backup.exists", "Name", dest)
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, dest); err != nil {
		return m.appError(err)
	}
	return m.say("cli.backup.done", "Name", dest)
}
