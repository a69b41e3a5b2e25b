package main

import (
	"context"
	"flag"
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

// addRetentionFlag adds --audit-personal-retention to fs (described by the
// catalogue's cli.flag.audit-personal-retention).
func addRetentionFlag(fs *flag.FlagSet) *string {
	return fs.String("audit-personal-retention", envOr("RUQSAT_AUDIT_PERSONAL_RETENTION", defaultAuditRetention), "")
}

// retentionCutoff returns the time before which a worker must have left
// the records for their personal data in the audit log to be erased, for a
// retention of years ("5y"), days ("90d") or "0" (whoever has left); ok is
// false for any other retention.
func retentionCutoff(retention string, now time.Time) (cutoff time.Time, ok bool) {
	s := strings.TrimSpace(retention)
	if s == "0" {
		return now, true
	}
	if len(s) >= 2 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err == nil && n >= 0 {
			switch s[len(s)-1] {
			case 'y':
				return now.AddDate(-n, 0, 0), true
			case 'd':
				return now.AddDate(0, 0, -n), true
			}
		}
	}
	return time.Time{}, false
}

// retention returns retentionCutoff's cutoff, or a usage error.
func (m *Main) retention(retention string) (time.Time, error) {
	cutoff, ok := retentionCutoff(retention, m.Now())
	if !ok {
		return cutoff, m.usageErr("cli.audit.retention", "Code", retention)
	}
	return cutoff, nil
}

// runAudit implements `ruqsat audit purge`: it destroys the keys of the
// personal data in the audit log of workers who left the records longer
// ago than the retention (what `ruqsat serve` does daily).
func (m *Main) runAudit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "purge" {
		return m.usageErr("cli.audit.usage")
	}
	fs := m.flagSet("audit purge")
	db := m.addDBFlags(fs)
	retention := addRetentionFlag(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return m.usageErr("cli.audit.usage")
	}
	cutoff, err := m.retention(*retention)
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
		return m.appError(err)
	}
	return m.say("cli.audit.purged", "N", n, "Other", cutoff.UTC().Format(time.RFC3339))
}

// purgeAuditKeys runs the audit log's purge (and the erasures' clean-up on
// disk, see store.DB.PurgeAuditKeys) at start and then every interval, until
// ctx ends, for `ruqsat serve`.
func purgeAuditKeys(ctx context.Context, db *store.DB, log *slog.Logger, retention string, now func() time.Time, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		cutoff, ok := retentionCutoff(retention, now())
		if !ok {
			log.Error("audit purge: bad retention", "retention", retention)
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
