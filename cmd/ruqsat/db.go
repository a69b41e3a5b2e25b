package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"

	"github.com/ruqsat/ruqsat/internal/store"
)

// dbFlags are the flags that choose the database: --db URL, or SQLite in
// --data DIR (ruqsat.db). Each has an environment variable, RUQSAT_DB and
// RUQSAT_DATA, that a flag overrides.
type dbFlags struct {
	url  *string
	data *string
}

func addDBFlags(fs *flag.FlagSet) dbFlags {
	return dbFlags{
		url:  fs.String("db", os.Getenv("RUQSAT_DB"), "database URL: sqlite:PATH or postgres://... (env RUQSAT_DB)"),
		data: fs.String("data", envOr("RUQSAT_DATA", "ruqsat-data"), "data directory for the default SQLite database (env RUQSAT_DATA)"),
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
	url := *f.url
	if url == "" {
		if err := os.MkdirAll(*f.data, 0o750); err != nil {
			return nil, err
		}
		url = "sqlite:" + filepath.Join(*f.data, "ruqsat.db")
	}
	return store.Open(ctx, url)
}

// cliActor is who the audit log names for changes made from the command line.
var cliActor = store.Actor{Name: "cli"}
