package store

import (
	"context"
	"fmt"
	"time"
)

// eraseFromDisk makes what committed transactions deleted or overwrote in
// table leave the database's files, as far as the engine allows; it runs
// after an erasure of personal data has committed, outside any transaction.
//
// On SQLite, secure_delete (see sqlitePragmas) has zeroed the old content
// in the changed pages, but the pages as they were may still be frames of
// the write-ahead log: a TRUNCATE checkpoint copies the current pages into
// the database file and empties the log file. It waits (busy timeout) for
// readers of older snapshots, and fails if one is still reading then.
//
// On PostgreSQL an UPDATE or DELETE leaves the old row version in the
// table's pages, and a plain VACUUM marks its space free without
// overwriting it (seen with pageinspect); VACUUM FULL writes the table anew
// and removes the old files. It takes the table's exclusive lock for as
// long as the copy takes (the tables erased from are small). It must keep
// the versions that a transaction still running might read, and snapshots
// are server-wide: a transaction of any database that started before the
// erasure (a report, pg_dump, another program's migration) keeps the old
// version alive. So it first waits, at most eraseWait, until every
// transaction that had written when the erasure committed has ended.
// Read-only transactions cannot be seen that way: what they keep, the daily
// maintenance's VACUUM FULL removes (see PurgeAuditKeys). What none of this
// reaches (the server's write-ahead log and its archives, backups, blocks
// the file system freed) docs/OPERATIONS.md lists.
func (db *DB) eraseFromDisk(ctx context.Context, table string) error {
	switch db.engine {
	case SQLite:
		var busy, frames, copied int
		if err := db.w.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &copied); err != nil {
			return db.dbError(err, "checkpoint after erasing from "+table)
		}
		if busy != 0 {
			return fmt.Errorf("store: checkpoint after erasing from %s: a reader kept it from completing; the erased data stay in the write-ahead log until the next checkpoint", table)
		}
	case Postgres:
		if err := db.waitForOlderTransactions(ctx, eraseWait); err != nil {
			return err
		}
		if _, err := db.w.ExecContext(ctx, `VACUUM FULL `+table); err != nil {
			return db.dbError(err, "vacuum after erasing from "+table)
		}
	}
	return nil
}

// eraseWait is how long eraseFromDisk waits for older transactions.
const eraseWait = 10 * time.Second

// waitForOlderTransactions waits until no transaction that had an id
// (had written) when it was called is still running on the PostgreSQL
// server, or until max has passed, which is no error.
func (db *DB) waitForOlderTransactions(ctx context.Context, max time.Duration) error {
	// Every transaction id below xmax of a snapshot taken now was assigned
	// before now; once the oldest one running is at least that, they have
	// all ended.
	var next int64
	if err := db.r.QueryRowContext(ctx, `SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint`).Scan(&next); err != nil {
		return db.dbError(err, "read the transaction horizon")
	}
	deadline := time.Now().Add(max)
	for {
		var oldest int64
		if err := db.r.QueryRowContext(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint`).Scan(&oldest); err != nil {
			return db.dbError(err, "read the transaction horizon")
		}
		if oldest >= next || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
