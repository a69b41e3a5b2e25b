package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/store"
)

// TestAuditPurge: `ruqsat audit purge` erases the personal data in the
// audit log of a worker who left the records longer ago than the retention,
// and only then; a retention it does not understand is a usage error.
func TestAuditPurge(t *testing.T) {
	data := tenantData(t, "T")
	if code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", "../../examples/steppe-drilling.yaml"); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	// John Smith (w1) leaves the records on 2026-11-01.
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "ruqsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = func() time.Time { return time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC) }
	tn, err := db.TenantByName(ctx, "T")
	if err != nil {
		t.Fatal(err)
	}
	rec, _, err := db.EmployerRecords(ctx, tn.ID, "940140000385")
	if err != nil {
		t.Fatal(err)
	}
	rec.Workers = rec.Workers[1:]
	if err := db.ReplaceEmployerRecords(ctx, tn.ID, store.SystemActor, rec); err != nil {
		t.Fatal(err)
	}
	johnReads := func() string {
		t.Helper()
		log, err := db.AuditLog(ctx, tn.ID, store.AuditFilter{Entity: store.EntityEmployer})
		if err != nil || len(log) != 2 {
			t.Fatalf("audit log: %d entries, %v", len(log), err)
		}
		var d struct {
			Workers map[string]struct {
				Name string `json:"name"`
			} `json:"workers"`
		}
		if err := json.Unmarshal(log[0].Before, &d); err != nil {
			t.Fatal(err)
		}
		return d.Workers["w1"].Name
	}

	for _, retention := range []string{"5y", "30d"} { // the clock of run is 2026-11-25
		code, out, errs := run(t, "", "audit", "purge", "--data", data, "--audit-personal-retention", retention)
		if code != 0 || !strings.HasPrefix(out, "0 workers' keys destroyed") {
			t.Fatalf("purge %s: exit %d\n%s%s", retention, code, out, errs)
		}
	}
	if got := johnReads(); got != "John Smith" {
		t.Fatalf("before the retention passed, John reads %q", got)
	}
	code, out, errs := run(t, "", "audit", "purge", "--data", data, "--audit-personal-retention", "20d")
	if code != 0 || !strings.HasPrefix(out, "1 workers' keys destroyed") || !strings.Contains(out, "before 2026-11-05T10:00:00Z") {
		t.Fatalf("purge 20d: exit %d\n%s%s", code, out, errs)
	}
	if got := johnReads(); got != "[erased]" {
		t.Fatalf("after the purge, John reads %q", got)
	}

	for _, bad := range [][]string{{"audit", "purge", "--data", data, "--audit-personal-retention", "5x"}, {"audit"}, {"audit", "purge", "extra"}} {
		if code, _, _ := run(t, "", bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

// TestServePurgesAuditKeys: the purge that `ruqsat serve` runs daily runs
// at once when started, with the retention it was given.
func TestServePurgesAuditKeys(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "ruqsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	left := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return left }
	tn, err := db.CreateTenant(ctx, store.SystemActor, "T")
	if err != nil {
		t.Fatal(err)
	}
	rec := parseExample(t)
	if err := db.ReplaceEmployerRecords(ctx, tn.ID, store.SystemActor, rec); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteEmployer(ctx, tn.ID, store.SystemActor, rec.Employer.BIN, store.AnyVersion); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		purgeAuditKeys(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)), "1y", func() time.Time { return left.AddDate(1, 0, 1) }, time.Hour)
		close(done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		log, err := db.AuditLog(ctx, tn.ID, store.AuditFilter{Entity: store.EntityPersonalData})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) == 1 && strings.Contains(string(log[0].After), `"keys_destroyed":5`) && log[0].Actor == "serve" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no purge after 10 s: %+v", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
}

// parseExample returns the records of the bundled example scenario.
func parseExample(t *testing.T) *domain.Records {
	t.Helper()
	path := "../../examples/steppe-drilling.yaml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := scenario.Parse(path, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &f.Records
}
