package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"

	"github.com/ruqsat/ruqsat/internal/store"
)

// dbFlags are the flags that choose the database: --db URL, or SQLite in
// --data DIR (ruqsat.db), and how SQLite syncs its commits. Each has an
// environment variable, RUQSAT_DB, RUQSAT_DATA and RUQSAT_SQLITE_SYNCHRONOUS,
// that a flag overrides.
type dbFlags struct {
	url         *string
	data        *string
	synchronous *string
}

func addDBFlags(fs *flag.FlagSet) dbFlags {
	return dbFlags{
		url:  fs.String("db", os.Getenv("RUQSAT_DB"), "database URL: sqlite:PATH or postgres://... (env RUQSAT_DB)"),
		data: fs.String("data", envOr("RUQSAT_DATA", "ruqsat-data"), "data directory for the default SQLite database (env RUQSAT_DATA)"),
		synchronous: fs.String("sqlite-synchronous", envOr("RUQSAT_SQLITE_SYNCHRONOUS", "full"),
			"full: a change is on disk when acknowledged; normal: faster commits, but a power failure may lose the last ones (SQLite only; env RUQSAT_SQLITE_SYNCHRONOUS)"),
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// open opens (and migrates) the database the flags name, creating the data
// directory for the default SQLite file.
func (f dbFlags) open(ctx context.Context) (*store.DB, error) {
	if s := strings.ToLower(*f.synchronous); s != "full" && s != "normal" {
		return nil, usagef("--sqlite-synchronous %q: expected full or normal", *f.synchronous)
	}
	url := *f.url
	if url == "" {
		if err := os.MkdirAll(*f.data, 0o750); err != nil {
			return nil, err
		}
		url = "sqlite:" + filepath.Join(*f.data, "ruqsat.db")
	}
	return store.Open(ctx, url, store.SQLiteSynchronous(*f.synchronous))
}

// cliActor is who the audit log names for changes made from the command line.
var cliActor = store.Actor{Name: "cli"}
