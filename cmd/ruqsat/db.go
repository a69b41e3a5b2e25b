package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
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
	m           *Main // whose language the errors are told in
}

// addDBFlags adds the database's flags to fs; their descriptions are the
// catalogue's (cli.flag.db, cli.flag.data, cli.flag.sqlite-synchronous).
func (m *Main) addDBFlags(fs *flag.FlagSet) dbFlags {
	return dbFlags{
		url:         fs.String("db", os.Getenv("RUQSAT_DB"), ""),
		data:        fs.String("data", envOr("RUQSAT_DATA", "ruqsat-data"), ""),
		synchronous: fs.String("sqlite-synchronous", envOr("RUQSAT_SQLITE_SYNCHRONOUS", "full"), ""),
		m:           m,
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
		return nil, f.m.usageErr("cli.synchronous", "Code", *f.synchronous)
	}
	url := *f.url
	if url == "" {
		if err := os.MkdirAll(*f.data, 0o750); err != nil {
			return nil, f.m.fileError(*f.data, err)
		}
		url = "sqlite:" + filepath.Join(*f.data, "ruqsat.db")
	}
	s, err := store.Open(ctx, url, store.SQLiteSynchronous(*f.synchronous))
	if domain.ErrorCode(err) == domain.EINVALID {
		return nil, &usageError{msg: f.m.loc().Error(err)}
	} else if err != nil {
		// The driver's own words, which only an operator reads, after ours.
		return nil, f.m.failure("cli.db_open", "Other", err.Error())
	}
	return s, nil
}

// cliActor is who the audit log names for changes made from the command line.
var cliActor = store.Actor{Name: "cli"}
