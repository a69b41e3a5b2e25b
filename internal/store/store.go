package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Engine names a database engine.
type Engine string

// The engines the store runs on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is a registry database. It is safe for concurrent use.
type DB struct {
	engine Engine
	// w takes every write. On SQLite it holds one connection, so writers
	// queue in the process instead of failing with SQLITE_BUSY; on
	// PostgreSQL it is the same pool as r.
	w *sql.DB
	// r serves reads. On SQLite it is a pool of read-only connections that
	// WAL lets run beside the writer.
	r *sql.DB
	d dialect

	// Now returns the current time; it stamps audit entries, sessions and
	// permit versions. Tests may replace it before using the DB.
	Now func() time.Time

	// beforeCommit, when a test sets it, runs in every write transaction
	// after its work and just before the commit (see TestKillDuringImport).
	beforeCommit func(tx *sql.Tx)
}

// dialect holds what differs between the engines' SQL.
type dialect struct {
	// forUpdate ends a SELECT that is followed by an update of the rows it
	// read. SQLite needs none: its write transactions are serialized.
	forUpdate string
}

// sqlitePragmas are set on every SQLite connection: WAL so that readers
// never wait for the writer, foreign keys (off by default in SQLite), a busy
// timeout for the rare wait on another process, and secure_delete, which
// overwrites deleted and replaced content with zeros, so that erased
// personal data do not linger in free space of the file (see
// eraseFromDisk). The synchronous pragma is added by Open (see
// SQLiteSynchronous).
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=secure_delete(1)&_time_format=sqlite"

// Option changes how Open and Connect set up a database.
type Option func(*options)

type options struct {
	synchronous string
}

// SQLiteSynchronous sets SQLite's synchronous pragma, "full" or "normal";
// PostgreSQL ignores it. With "full", the default, a commit returns only
// once the write-ahead log is on disk: an acknowledged change survives a
// power failure. With "normal" the log is synced only at checkpoints: a
// commit costs no fsync, and a process crash still loses nothing, but a
// power failure or an operating system crash may lose the last changes
// acknowledged (never corrupting the database). docs/BENCHMARKS.md has the
// cost. Open returns EINVALID for another mode.
func SQLiteSynchronous(mode string) Option {
	return func(o *options) { o.synchronous = mode }
}

// Open connects to the database named by url and applies any migration it
// has not seen yet (see Migrate). url is "sqlite:PATH" (the file is created
// when missing; its directory must exist) or "postgres://..." (a
// PostgreSQL connection URL, "postgresql://" too).
//
// Open returns EINVALID for a URL or an option it does not understand, and
// wrapped driver or migration errors when the database cannot be reached or
// migrated.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	db, err := Connect(ctx, url, opts...)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Connect is Open without the migrations: for tools that must not change
// the schema, such as a status check. Errors are those of Open.
func Connect(ctx context.Context, url string, opts ...Option) (*DB, error) {
	o := options{synchronous: "full"}
	for _, opt := range opts {
		opt(&o)
	}
	var synchronous string
	switch strings.ToLower(o.synchronous) {
	case "full":
		synchronous = "FULL"
	case "normal":
		synchronous = "NORMAL"
	default:
		return nil, domain.Errorf(domain.EINVALID, "SQLite synchronous mode %q: expected full or normal", o.synchronous).Say("error.db.synchronous", "Code", o.synchronous)
	}
	pragmas := sqlitePragmas + "&_pragma=synchronous(" + synchronous + ")"
	var db *DB
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		// sqlite:PATH, or sqlite://PATH as in sqlite:///abs/path.
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
		if path == "" || strings.ContainsAny(path, "?#") {
			return nil, domain.Errorf(domain.EINVALID, "database URL %q: expected sqlite:PATH with a file path that has no ? or #", url).Say("error.db.sqlite_path", "Code", url)
		}
		if path == ":memory:" || strings.HasPrefix(path, "file:") {
			return nil, domain.Errorf(domain.EINVALID, "database URL %q: expected sqlite:PATH with a file path; the store needs a file for its reader and writer connections", url).Say("error.db.sqlite_file", "Code", url)
		}
		w, err := sql.Open("sqlite", path+"?"+pragmas+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		// The writer connection goes first: it creates the file and turns
		// WAL on, which the read-only connections cannot do.
		if err := w.PingContext(ctx); err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		r, err := sql.Open("sqlite", path+"?"+pragmas+"&_query_only=1")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		n := max(4, runtime.GOMAXPROCS(0))
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		db = &DB{engine: SQLite, w: w, r: r}
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		p, err := sql.Open("pgx", url)
		if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "database URL: %v", err).Say("error.db.url")
		}
		p.SetMaxOpenConns(32)
		p.SetMaxIdleConns(8)
		p.SetConnMaxIdleTime(5 * time.Minute)
		db = &DB{engine: Postgres, w: p, r: p, d: dialect{forUpdate: " FOR UPDATE"}}
	default:
		return nil, domain.Errorf(domain.EINVALID, "database URL %q: expected sqlite:PATH or postgres://...", url).Say("error.db.scheme", "Code", url)
	}
	db.Now = time.Now
	if err := db.r.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", db.engine, err)
	}
	return db, nil
}

// Close closes the database's connections.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Engine returns the engine the database runs on.
func (db *DB) Engine() Engine { return db.engine }

// Ping checks that the database answers (for a readiness probe).
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// now returns the current time in UTC, to the microsecond (what PostgreSQL
// keeps), so that a time read back equals the time written.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// querier is what reads need from *sql.DB and *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// write runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise, so that a change is all or nothing.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return db.dbError(err, "begin")
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := fn(tx); err != nil {
		return err
	}
	if db.beforeCommit != nil {
		db.beforeCommit(tx)
	}
	if err := tx.Commit(); err != nil {
		return db.dbError(err, "commit")
	}
	return nil
}

// read runs fn in a read-only transaction, so that the several queries of
// one load see one snapshot of the database.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return db.dbError(err, "begin")
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to commit
	return fn(tx)
}
