package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

// runBackup implements `ruqsat backup FILE`: a consistent copy of the SQLite
// database while the server runs (SQLite's VACUUM INTO). PostgreSQL
// deployments back up with the server's own tools (pg_dump).
func (m *Main) runBackup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := addDBFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give the file to write the copy to")
	}
	dest := fs.Arg(0)
	if _, err := os.Stat(dest); err == nil {
		return usagef("%s exists; the backup never overwrites a file", dest)
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, dest); err != nil {
		return userError(err)
	}
	_, err = fmt.Fprintf(m.Stdout, "backup written to %s\n", dest)
	return err
}
