package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// An import writes hundreds of thousands of rows. One INSERT per row costs a
// statement execution each (on SQLite, database/sql and the VDBE set-up
// dominate; on PostgreSQL, a round trip), so rows are buffered and written
// batchRows at a time with multi-row INSERTs. Parent rows get their ids
// before they are written (idSource), so children can name them without
// waiting for RETURNING.

// batchRows is how many rows one INSERT writes: 100 rows of at most 11
// columns stay far below both engines' limits on parameters.
const batchRows = 100

// rowRef says which record a buffered row comes from, for error messages:
// the worker's place in the records and the record's place in its list.
type rowRef struct{ w, i int32 }

// batch buffers rows for one table. Batches of different tables are written
// in any order: the transaction defers foreign key checks to its commit
// (see deferForeignKeys), so a child row may be written before its parent.
type batch struct {
	ctx   context.Context
	db    *DB
	tx    *sql.Tx
	table string
	cols  []string
	// label names the record a row comes from (`worker "w1", trip 2`).
	label func(r rowRef, row []any) string

	full *sql.Stmt // prepared for batchRows rows, on first use
	args []any
	refs []rowRef
}

func (w *recordsWriter) newBatch(table, cols string, label func(rowRef, []any) string) *batch {
	b := &batch{ctx: w.ctx, db: w.db, tx: w.tx, table: table, cols: strings.Split(cols, ", "), label: label}
	b.args = make([]any, 0, batchRows*len(b.cols))
	w.batches = append(w.batches, b)
	return b
}

// insertSQL is a multi-row INSERT of n rows. On SQLite its parameters are
// anonymous (?): SQLite looks a named parameter ($1) up by a linear search
// of the statement's names, and modernc.org/sqlite asks for every
// parameter's name on every execution, which is quadratic in the size of a
// batch.
func (b *batch) insertSQL(n int) string {
	var s strings.Builder
	fmt.Fprintf(&s, "INSERT INTO %s (%s) VALUES ", b.table, strings.Join(b.cols, ", "))
	p := 1
	for r := range n {
		if r > 0 {
			s.WriteString(", ")
		}
		s.WriteByte('(')
		for c := range b.cols {
			if c > 0 {
				s.WriteString(", ")
			}
			if b.db.engine == SQLite {
				s.WriteByte('?')
			} else {
				fmt.Fprintf(&s, "$%d", p)
				p++
			}
		}
		s.WriteByte(')')
	}
	return s.String()
}

// add buffers one row, writing the buffer when it is full.
func (b *batch) add(ref rowRef, row ...any) error {
	b.args = append(b.args, row...)
	b.refs = append(b.refs, ref)
	if len(b.refs) == batchRows {
		return b.flush()
	}
	return nil
}

// flush writes the buffered rows. When the INSERT fails, it is undone to a savepoint and its rows are
// written one by one to find the row at fault, so that the error names the
// record as a row-by-row write would.
func (b *batch) flush() error {
	if len(b.refs) == 0 {
		return nil
	}
	n := len(b.refs)
	if _, err := b.tx.ExecContext(b.ctx, "SAVEPOINT ruqsat_batch"); err != nil {
		return b.db.dbError(err, "savepoint")
	}
	var err error
	if n == batchRows {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(b.ctx, b.insertSQL(batchRows)); err != nil {
				return b.db.dbError(err, "prepare")
			}
		}
		_, err = b.full.ExecContext(b.ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(b.ctx, b.insertSQL(n), b.args...)
	}
	if err != nil {
		return b.blame(err)
	}
	if _, err := b.tx.ExecContext(b.ctx, "RELEASE SAVEPOINT ruqsat_batch"); err != nil {
		return b.db.dbError(err, "release savepoint")
	}
	b.args, b.refs = b.args[:0], b.refs[:0]
	return nil
}

// blame finds the row that made a batch fail. The transaction fails either
// way; this only makes the error say which record is wrong.
func (b *batch) blame(batchErr error) error {
	if _, err := b.tx.ExecContext(b.ctx, "ROLLBACK TO SAVEPOINT ruqsat_batch"); err != nil {
		return describeWriteError(b.db, batchErr, "insert into "+b.table)
	}
	one := b.insertSQL(1)
	k := len(b.cols)
	for r, ref := range b.refs {
		row := b.args[r*k : (r+1)*k]
		if _, err := b.tx.ExecContext(b.ctx, one, row...); err != nil {
			return describeWriteError(b.db, err, b.label(ref, row))
		}
	}
	return describeWriteError(b.db, batchErr, "insert into "+b.table)
}

func (b *batch) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// describeWriteError describes an error writing what (such as
// `worker "w1", trip 2`). A unique violation here is a record listed twice:
// invalid input, not a conflict with another change.
func describeWriteError(db *DB, err error, what string) error {
	if kind, name := constraintError(err); kind == uniqueViolation {
		if m, ok := constraintMessages[name]; ok {
			return invalid("%s: %s", what, m.text).Say("error.constraint." + m.key)
		}
		return invalid("%s: listed twice", what).Say("error.constraint.twice")
	}
	return db.dbError(err, what)
}

// idSource hands out ids for a table's rows before they are written.
type idSource struct {
	table string
	// SQLite: the writer is alone in the database for the whole
	// transaction, so ids follow the largest one in the table.
	next    int64
	started bool
	// PostgreSQL: ids drawn from the table's identity sequence, in blocks.
	ids []int64
}

func (s *idSource) take(ctx context.Context, db *DB, tx *sql.Tx) (int64, error) {
	if db.engine == SQLite {
		if !s.started {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM `+s.table).Scan(&s.next); err != nil {
				return 0, db.dbError(err, "reserve ids")
			}
			s.started = true
		}
		s.next++
		return s.next, nil
	}
	if len(s.ids) == 0 {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, 1000)`, s.table)
		if err != nil {
			return 0, db.dbError(err, "reserve ids")
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, db.dbError(err, "reserve ids")
			}
			s.ids = append(s.ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, db.dbError(err, "reserve ids")
		}
	}
	id := s.ids[0]
	s.ids = s.ids[1:]
	return id, nil
}

// deferForeignKeys makes the transaction check foreign keys at its commit
// rather than after each statement, so that batches can be written in any
// order. It lasts until the transaction ends. (On PostgreSQL only the
// constraints declared DEFERRABLE are deferred: those of worker and permit
// records.)
func (db *DB) deferForeignKeys(ctx context.Context, tx *sql.Tx) error {
	q := `PRAGMA defer_foreign_keys = ON`
	if db.engine == Postgres {
		q = `SET CONSTRAINTS ALL DEFERRED`
	}
	_, err := tx.ExecContext(ctx, q)
	return db.dbError(err, "defer foreign keys")
}
