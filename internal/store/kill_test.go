package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// killHelperEnv, when set to a database URL, makes the test binary a helper
// process that imports 100,000 workers into that database (see
// TestKillDuringImport).
const killHelperEnv = "RUQSAT_STORE_KILL_HELPER"

func TestMain(m *testing.M) {
	if url := os.Getenv(killHelperEnv); url != "" {
		os.Exit(killHelper(url))
	}
	os.Exit(m.Run())
}

// killHelper replaces the example employer's records with 100,000 workers,
// saying "importing" on stdout as the import starts and "done" if it ends.
func killHelper(url string) int {
	ctx := context.Background()
	db, err := Open(ctx, url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	tn, err := db.TenantByName(ctx, "t")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	rec := benchRecords()
	rec.Employer.BIN = "940140000385" // the example employer's
	var once sync.Once
	db.Now = func() time.Time {
		once.Do(func() { fmt.Println("importing") })
		return time.Now()
	}
	if err := db.ReplaceEmployerRecords(ctx, tn.ID, SystemActor, rec); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("done")
	return 0
}

// TestKillDuringImport kills (SIGKILL) a process in the middle of importing
// 100,000 workers over an employer's records and requires the database as
// it was before the import: the transaction never happened.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100,000 workers")
	}
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		counts := tableCounts(t, db)
		url, _ := testURLs.Load(db)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), killHelperEnv+"="+url.(string))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		if !lines.Scan() || lines.Text() != "importing" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("helper did not start importing: %q", lines.Text())
		}
		time.Sleep(700 * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		var rest strings.Builder
		for lines.Scan() {
			rest.WriteString(lines.Text())
		}
		cmd.Wait()
		if rest.String() == "done" {
			t.Skip("the import finished before the kill; nothing to check")
		}

		if db.Engine() == Postgres {
			// The server rolls the transaction back when it notices the
			// connection is gone; wait for that backend to end.
			deadline := time.Now().Add(10 * time.Second)
			for {
				var n int
				db.r.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
					AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query LIKE '%ruqsat_batch%'`).Scan(&n)
				if n == 0 || time.Now().After(deadline) {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
		} else {
			var check string
			if err := db.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
				t.Fatalf("integrity_check: %q, %v", check, err)
			}
		}
		if got := tableCounts(t, db); !reflect.DeepEqual(got, counts) {
			t.Fatalf("row counts after the kill:\n%v\nbefore:\n%v", got, counts)
		}
		got, v, err := db.EmployerRecords(ctx, tenant, rec.Employer.BIN)
		if err != nil || v != 1 {
			t.Fatalf("version %d, %v", v, err)
		}
		requireSame(t, "after the kill", rec, got)
		// And the employer can be changed: no lock of the killed import is left.
		if _, err := db.UpdateEmployer(ctx, tenant, SystemActor, rec.Employer.BIN, v, func(e *domain.Employer) error {
			e.Name = "After the kill"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}
