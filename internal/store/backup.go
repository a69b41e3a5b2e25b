package store

import (
	"context"
	"database/sql/driver"
	"os"
	"strings"
)

// Backup writes a consistent copy of a SQLite database to the file dest,
// while the database stays in use: VACUUM INTO reads one snapshot (WAL lets
// writers go on meanwhile) and writes a compact database file. dest must
// not exist.
//
// It returns EINVALID on PostgreSQL, whose backups are the server's
// business (pg_dump), and when dest exists or names no usable file; wrapped
// driver errors otherwise.
func (db *DB) Backup(ctx context.Context, dest string) error {
	if db.engine != SQLite {
		return invalid("a PostgreSQL database is backed up with the server's own tools (pg_dump), not by ruqsat").Say("error.backup_postgres")
	}
	if dest == "" || strings.ContainsRune(dest, 0) {
		return invalid("backup: no file name")
	}
	if _, err := os.Lstat(dest); err == nil {
		return invalid("backup: %s already exists", dest).Say("error.backup_exists", "Name", dest)
	}
	// VACUUM INTO counts as a write for PRAGMA query_only, which the read
	// connections have on; one of them lifts it for the backup and puts it
	// back after, or is discarded.
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return db.dbError(err, "backup")
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return db.dbError(err, "backup")
	}
	defer func() {
		if _, err := conn.ExecContext(context.Background(), `PRAGMA query_only = 1`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) //nolint:errcheck // discards the connection
		}
	}()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, dest); err != nil {
		return db.dbError(err, "backup to "+dest)
	}
	return nil
}
