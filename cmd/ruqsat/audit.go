package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/store"
)

// defaultAuditRetention is how long the names, IINs and birth dates of a
// worker stay readable in the audit log after the worker left the records:
// see docs/OPERATIONS.md ("Personal data in the audit log") for why 5 years.
const defaultAuditRetention = "5y"

// addRetentionFlag adds --audit-personal-retention to fs.
func addRetentionFlag(fs *flag.FlagSet) *string {
	return fs.String("audit-personal-retention", envOr("RUQSAT_AUDIT_PERSONAL_RETENTION", defaultAuditRetention),
		"how long workers' names, IINs and birth dates stay readable in the audit log after they left the records: "+
			"years (5y), days (90d) or 0 (env RUQSAT_AUDIT_PERSONAL_RETENTION)")
}

// retentionCutoff returns the time before which a worker must have left
// the records for their personal data in the audit log to be erased, for a
// retention of years ("5y"), days ("90d") or "0" (whoever has left).
func retentionCutoff(retention string, now time.Time) (time.Time, error) {
	s := strings.TrimSpace(retention)
	if s == "0" {
		return now, nil
	}
	if len(s) >= 2 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err == nil && n >= 0 {
			switch s[len(s)-1] {
			case 'y':
				return now.AddDate(-n, 0, 0), nil
			case 'd':
				return now.AddDate(0, 0, -n), nil
			}
		}
	}
	return time.Time{}, usagef("--audit-personal-retention %q: expected years (5y), days (90d) or 0", retention)
}

const auditUsage = "expected: ruqsat audit purge [--audit-personal-retention 5y]"

// runAudit implements `ruqsat audit purge`: it destroys the keys of the
// personal data in the audit log of workers who left the records longer
// ago than the retention (what `ruqsat serve` does daily).
func (m *Main) runAudit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "purge" {
		return usagef(auditUsage)
	}
	fs := flag.NewFlagSet("audit purge", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := addDBFlags(fs)
	retention := addRetentionFlag(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef(auditUsage)
	}
	cutoff, err := retentionCutoff(*retention, m.Now())
	if err != nil {
		return err
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.PurgeAuditKeys(ctx, cliActor, cutoff)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(m.Stdout, "%d workers' keys destroyed: the names, IINs and birth dates of workers who left the records before %s read [erased] in the audit log\n",
		n, cutoff.UTC().Format(time.RFC3339))
	return err
}

// purgeAuditKeys runs the audit log's purge (and the erasures' clean-up on
// disk, see store.DB.PurgeAuditKeys) at start and then every interval, until
// ctx ends, for `ruqsat serve`.
func purgeAuditKeys(ctx context.Context, db *store.DB, log *slog.Logger, retention string, now func() time.Time, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		cutoff, err := retentionCutoff(retention, now())
		if err != nil {
			log.Error("audit purge", "err", err)
			return
		}
		if n, err := db.PurgeAuditKeys(ctx, store.Actor{Name: "serve"}, cutoff); err != nil && ctx.Err() == nil {
			log.Warn("audit purge", "err", err)
		} else if n > 0 {
			log.Info("audit purge: personal data of workers who left before the retention erased", "keys", n, "left_before", cutoff)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
