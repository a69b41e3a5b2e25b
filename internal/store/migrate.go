package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds one goose directory per engine. The two schemas are the
// same tables with each engine's types; a new migration is added to both.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// migrationLockID is the PostgreSQL advisory lock that keeps two servers
// starting at once from migrating together ("ruqsat" in ASCII).
const migrationLockID = 0x72757173_6174

// provider returns the goose provider for the database's engine.
func (db *DB) provider() (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.engine == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	opts = append(opts, goose.WithDisableGlobalRegistry(true), goose.WithLogger(goose.NopLogger()))
	return goose.NewProvider(dialect, db.w, sub, opts...)
}

// Migrate applies the migrations the database has not seen yet, each in its
// own transaction. It is safe to run again, and on PostgreSQL from several
// processes at once (they take turns on an advisory lock). It returns
// wrapped goose or driver errors.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate %s: %w", db.engine, err)
	}
	if err := db.fillSearch(ctx); err != nil {
		return err
	}
	return db.fillSlugs(ctx)
}

// SchemaVersion returns the version of the last migration applied and of
// the last one this binary knows; they differ when Migrate has not run.
func (db *DB) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, fmt.Errorf("store: migrations: %w", err)
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	return current, latest, nil
}
