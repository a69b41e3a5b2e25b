package store

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// killHelperEnv, when set to a database URL, makes the test binary a helper
// process that imports killWorkers workers into that database (see
// TestKillDuringImport).
const killHelperEnv = "RUQSAT_STORE_KILL_HELPER"

func TestMain(m *testing.M) {
	if url := os.Getenv(killHelperEnv); url != "" {
		os.Exit(killHelper(url))
	}
	os.Exit(m.Run())
}

// killWorkers is how many workers the killed import writes: as many as an
// employer may have, so that SQLite's page cache spills into the
// write-ahead log before the commit.
const killWorkers = domain.MaxWorkers

// killHelper replaces the example employer's records with killWorkers workers
// and stops just before the commit: it says "written N" on stdout, N the
// workers its transaction holds, and then waits on stdin for the kill. If
// stdin ends instead (the test died), it exits without committing.
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
	all := synth.Generate(synth.Spec{Seed: 1, Employers: 1, Workers: killWorkers,
		From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
	rec := &all[0]
	rec.Employer.BIN = "940140000385" // the example employer's
	db.beforeCommit = func(tx *sql.Tx) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM workers w JOIN employers e ON e.id = w.employer_id
			WHERE e.tenant_id = $1 AND e.bin = $2`, tn.ID, rec.Employer.BIN).Scan(&n)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("written %d\n", n)
		io.Copy(io.Discard, os.Stdin)
		os.Exit(3)
	}
	if err := db.ReplaceEmployerRecords(ctx, tn.ID, SystemActor, rec); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("committed")
	return 0
}

// TestKillDuringImport kills (SIGKILL) a process that has written 20,000
// workers over an employer's records in one transaction and is about to
// commit it, and requires the database as it was before the import: the
// transaction never happened.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 20,000 workers")
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
		// The helper waits on stdin once its rows are written; the pipe
		// stays open until after the kill.
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		defer stdin.Close()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		if !lines.Scan() || lines.Text() != fmt.Sprintf("written %d", killWorkers) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("helper did not write its workers and wait before the commit: %q", lines.Text())
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for lines.Scan() {
			t.Errorf("helper said %q after the kill", lines.Text())
		}
		if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
			t.Fatalf("helper ended with %v, want killed", err)
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
