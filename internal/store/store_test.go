package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// The store suite runs every test on both engines (package testdb):
// SQLite in a temporary directory and the PostgreSQL server of this
// machine, in a schema of its own; in CI a missing PostgreSQL fails.

// testURLs maps each database a test opened to its URL (for helper
// processes that open it too).
var testURLs sync.Map

// engines runs f once per engine, each with a fresh, migrated database.
func engines(t *testing.T, f func(t *testing.T, db *DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, openPostgres(t)) })
}

func openSQLite(t testing.TB) *DB { return openURL(t, testdb.SQLite(t)) }

// openPostgres opens a fresh schema on the PostgreSQL server.
func openPostgres(t testing.TB) *DB { return openURL(t, testdb.Postgres(t)) }

func openURL(t testing.TB, url string) *DB {
	t.Helper()
	db, err := Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	testURLs.Store(db, url)
	t.Cleanup(func() { db.Close() })
	return db
}

// wantCode fails the test unless err is a *domain.Error with code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *domain.Error", err)
	}
}

func mustTenant(t testing.TB, db *DB, name string) int64 {
	t.Helper()
	tn, err := db.CreateTenant(context.Background(), SystemActor, name)
	if err != nil {
		t.Fatal(err)
	}
	return tn.ID
}

func TestOpenURLs(t *testing.T) {
	ctx := context.Background()
	for _, url := range []string{"", "mysql://x", "sqlite:", "sqlite::memory:", "sqlite:/tmp/a.db?mode=ro", "sqlite:file:x.db"} {
		if _, err := Open(ctx, url); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("Open(%q) = %v, want EINVALID", url, err)
		}
	}
}

func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ruqsat.db")
	db, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	// Pragmas on both the writer and the readers.
	for _, c := range []struct {
		pool *sql.DB
		name string
	}{{db.w, "writer"}, {db.r, "reader"}} {
		var mode string
		var fk, busy int
		if err := c.pool.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("%s: journal_mode %q, %v", c.name, mode, err)
		}
		if err := c.pool.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
			t.Errorf("%s: foreign_keys %d, %v", c.name, fk, err)
		}
		if err := c.pool.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil || busy < 1000 {
			t.Errorf("%s: busy_timeout %d, %v", c.name, busy, err)
		}
		// FULL (2) unless told otherwise: a commit is on disk when it returns.
		var sync, secure int
		if err := c.pool.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil || sync != 2 {
			t.Errorf("%s: synchronous %d, %v; want 2 (FULL)", c.name, sync, err)
		}
		if err := c.pool.QueryRowContext(ctx, `PRAGMA secure_delete`).Scan(&secure); err != nil || secure != 1 {
			t.Errorf("%s: secure_delete %d, %v", c.name, secure, err)
		}
	}
	if _, err := db.r.ExecContext(ctx, `INSERT INTO tenants (name, created_at) VALUES ('x', '2026-01-01')`); err == nil {
		t.Errorf("the read pool accepted a write")
	}
	if s := db.w.Stats(); s.MaxOpenConnections != 1 {
		t.Errorf("writer pool allows %d connections, want 1", s.MaxOpenConnections)
	}
	mustTenant(t, db, "kept")
	db.Close()

	// Opening again migrates nothing and keeps the data; the URL may also
	// be written sqlite://PATH.
	db, err = Open(ctx, "sqlite://"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.TenantByName(ctx, "kept"); err != nil {
		t.Fatal(err)
	}
	cur, latest, err := db.SchemaVersion(ctx)
	if err != nil || cur != latest || cur < 1 {
		t.Fatalf("schema version %d of %d, %v", cur, latest, err)
	}
}

// TestSQLiteSynchronous: the option sets the pragma on every connection;
// an unknown mode is refused.
func TestSQLiteSynchronous(t *testing.T) {
	ctx := context.Background()
	url := testdb.SQLite(t)
	for mode, want := range map[string]int{"normal": 1, "NORMAL": 1, "full": 2} {
		db, err := Open(ctx, url, SQLiteSynchronous(mode))
		if err != nil {
			t.Fatal(err)
		}
		for _, pool := range []*sql.DB{db.w, db.r} {
			var got int
			if err := pool.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&got); err != nil || got != want {
				t.Errorf("%s: synchronous %d, %v; want %d", mode, got, err, want)
			}
		}
		db.Close()
	}
	for _, mode := range []string{"off", "extra", ""} {
		if _, err := Open(ctx, url, SQLiteSynchronous(mode)); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("mode %q: %v, want EINVALID", mode, err)
		}
	}
}

func TestMigrations(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		cur, latest, err := db.SchemaVersion(ctx)
		if err != nil || cur != latest || cur < 1 {
			t.Fatalf("schema version %d of %d, %v", cur, latest, err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}

		// Every migration after the first goes down and up again, with
		// data that the later schema allows (an erased consultation request).
		tenant := mustTenant(t, db, "T")
		req := &ConsultationRequest{Name: "A", Contact: "a@example.com", Consent: Consent{TextVersion: "v1", Purpose: "p"}}
		if err := db.CreateConsultationRequest(ctx, tenant, SystemActor, req); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeConsent(ctx, tenant, SystemActor, req.ID); err != nil {
			t.Fatal(err)
		}
		p, err := db.provider()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.DownTo(ctx, 1); err != nil {
			t.Fatalf("down to 1: %v", err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("up again: %v", err)
		}
		if got, err := db.ConsultationRequests(ctx, tenant, 0, 0); err != nil || len(got) != 1 || !got[0].Consent.Revoked() {
			t.Fatalf("after down and up: %+v, %v", got, err)
		}
	})
}

// TestDateColumns checks the storage of dates: TEXT YYYY-MM-DD on SQLite,
// DATE on PostgreSQL.
func TestDateColumns(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		switch db.Engine() {
		case SQLite:
			var typ, start string
			if err := db.r.QueryRowContext(ctx, `SELECT typeof(start_date), start_date FROM workers WHERE ext_id = 'w1'`).Scan(&typ, &start); err != nil {
				t.Fatal(err)
			}
			if typ != "text" || start != "2026-01-10" {
				t.Errorf("start_date is %s %q, want text 2026-01-10", typ, start)
			}
		case Postgres:
			var typ string
			if err := db.r.QueryRowContext(ctx, `SELECT data_type FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name = 'workers' AND column_name = 'start_date'`).Scan(&typ); err != nil {
				t.Fatal(err)
			}
			if typ != "date" {
				t.Errorf("start_date is %s, want date", typ)
			}
		}
		// Text that is no date: the SQLite GLOB check or the PostgreSQL type refuses it.
		_, err := db.w.ExecContext(ctx, `UPDATE workers SET start_date = 'not a date' WHERE ext_id = 'w1'`)
		if err == nil {
			t.Errorf("a malformed date was stored")
		}
	})
}

func TestBackup(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		dest := filepath.Join(t.TempDir(), "copy.db")
		if db.Engine() == Postgres {
			wantCode(t, db.Backup(ctx, dest), domain.EINVALID)
			return
		}
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		if err := db.Backup(ctx, dest); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.Backup(ctx, dest), domain.EINVALID)
		cp, err := Open(ctx, "sqlite:"+dest)
		if err != nil {
			t.Fatal(err)
		}
		defer cp.Close()
		got, _, err := cp.EmployerRecords(ctx, tenant, rec.Employer.BIN)
		if err != nil {
			t.Fatal(err)
		}
		requireSame(t, "backup", rec, got)
	})
}

// TestBackupLeavesReadersReadOnly: after a backup, the read pool still
// refuses writes.
func TestBackupLeavesReadersReadOnly(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	db.r.SetMaxOpenConns(1) // the backup's connection is the one tested
	if err := db.Backup(ctx, filepath.Join(t.TempDir(), "b.db")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.r.ExecContext(ctx, `INSERT INTO tenants (name, created_at) VALUES ('x', '2026-01-01')`); err == nil {
		t.Fatal("a reader accepts writes after a backup")
	}
}
