// Package testdb gives tests a fresh database on each engine ruqsat
// supports: SQLite in a temporary directory and the PostgreSQL server of
// this machine, in a schema of its own that is dropped when the test ends.
//
// It returns URLs, not stores, so that package store's own tests can use it
// without an import cycle. RUQSAT_TEST_POSTGRES names another PostgreSQL
// server than the default. Without PostgreSQL a test is skipped, except in
// CI (CI=true), where it fails: there every suite must run on both engines.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// DefaultPostgres is the PostgreSQL server the tests use unless
// RUQSAT_TEST_POSTGRES names another.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Engines are the engine names, in the order Run runs them.
var Engines = []string{"sqlite", "postgres"}

// Run runs f as a subtest per engine, each with the URL of a fresh, empty
// database.
func Run(t *testing.T, f func(t *testing.T, url string)) {
	t.Helper()
	for _, e := range Engines {
		t.Run(e, func(t *testing.T) { f(t, URL(t, e)) })
	}
}

// URL returns the URL of a fresh, empty database on engine ("sqlite" or
// "postgres"), removed when t ends.
func URL(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return SQLite(t)
	case "postgres":
		return Postgres(t)
	}
	t.Fatalf("testdb: unknown engine %q", engine)
	return ""
}

// SQLite returns the URL of a new SQLite database in a temporary directory.
func SQLite(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "ruqsat.db")
}

// PostgresServer returns the URL of the PostgreSQL server tests use.
func PostgresServer() string {
	if u := os.Getenv("RUQSAT_TEST_POSTGRES"); u != "" {
		return u
	}
	return DefaultPostgres
}

// Postgres returns the URL of a new, empty schema on the PostgreSQL server
// (its search_path names the schema). The schema is dropped when t ends.
// When the server cannot be reached the test is skipped, or fails in CI.
func Postgres(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	base := PostgresServer()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err = admin.PingContext(pctx)
		cancel()
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at %s is required in CI: %v", base, err)
		}
		t.Skipf("PostgreSQL at %s is not reachable (in CI this fails): %v", base, err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "ruqsat_test_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
