package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/synth"
)

func parseScenario(t testing.TB, path string) *scenario.File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := scenario.Parse(path, data, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

// steppe returns the records of the bundled example employer.
func steppe(t testing.TB) *domain.Records {
	t.Helper()
	return &parseScenario(t, "../../examples/steppe-drilling.yaml").Records
}

func scenarioFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../rules/testdata/scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario files: %v", err)
	}
	return append([]string{"../../examples/steppe-drilling.yaml"}, files...)
}

// requireSame fails unless got equals want exactly, showing where they first
// differ.
func requireSame(t testing.TB, what string, want, got *domain.Records) {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return
	}
	wj, _ := json.MarshalIndent(want, "", " ")
	gj, _ := json.MarshalIndent(got, "", " ")
	wl, gl := strings.Split(string(wj), "\n"), strings.Split(string(gj), "\n")
	for i := 0; i < len(wl) && i < len(gl); i++ {
		if wl[i] != gl[i] {
			t.Fatalf("%s: records differ at line %d of their JSON:\nwant %s\n got %s", what, i+1, wl[i], gl[i])
		}
	}
	t.Fatalf("%s: records differ (JSON %d vs %d lines; nil and empty slices differ too)", what, len(wl), len(gl))
}

func evalJSON(e *rules.Engine, rec *domain.Records, asOf domain.Date) []byte {
	res := e.Evaluate(rec, asOf)
	return res.AppendJSON(nil)
}

// TestRoundTrip stores every scenario file's records, loads them back and
// requires them equal to the parsed records and their evaluation identical.
// All files go into one tenant, so files with the same BIN replace each
// other's records: the replace path is exercised with every kind of record.
func TestRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "consultancy")
		fresh := mustTenant(t, db, "fresh")
		base := rules.New(nil, nil)
		for _, path := range scenarioFiles(t) {
			f := parseScenario(t, path)
			name := filepath.Base(path)
			eng, err := base.With(f.Overrides)
			if err != nil {
				t.Fatalf("%s: overrides: %v", name, err)
			}
			for _, tn := range []int64{tenant, fresh} {
				if err := db.ReplaceEmployerRecords(ctx, tn, SystemActor, &f.Records); err != nil {
					t.Fatalf("%s: store: %v", name, err)
				}
				got, _, err := db.EmployerRecords(ctx, tn, f.Records.Employer.BIN)
				if err != nil {
					t.Fatalf("%s: load: %v", name, err)
				}
				requireSame(t, name, &f.Records, got)
				want := evalJSON(eng, &f.Records, f.AsOf)
				if g := evalJSON(eng, got, f.AsOf); !bytes.Equal(want, g) {
					t.Fatalf("%s: findings on stored records differ from the file's", name)
				}
				if g := evalJSON(rules.New(nil, nil), got, f.AsOf); !bytes.Equal(evalJSON(rules.New(nil, nil), &f.Records, f.AsOf), g) {
					t.Fatalf("%s: findings (no overrides) on stored records differ from the file's", name)
				}
			}
			// The fresh tenant starts each file anew.
			if err := db.DeleteEmployer(ctx, fresh, SystemActor, f.Records.Employer.BIN, AnyVersion); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestRoundTripSynthetic stores generated employers with every kind of
// record in bulk, then stores them again changed, and checks both loads.
func TestRoundTripSynthetic(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		spec := synth.Spec{Seed: 7, Employers: 3, Workers: 600, Trips: 900,
			From: domain.MustDate("2024-01-01"), To: domain.MustDate("2026-06-30")}
		all := synth.Generate(spec)
		for i := range all {
			if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, &all[i]); err != nil {
				t.Fatal(err)
			}
		}
		spec.Seed = 8 // same shape, other values; BINs differ, so re-use the first set's BINs
		again := synth.Generate(spec)
		for i := range again {
			again[i].Employer.BIN = all[i].Employer.BIN
			if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, &again[i]); err != nil {
				t.Fatal(err)
			}
		}
		eng := rules.New(nil, nil)
		for i := range again {
			got, v, err := db.EmployerRecords(ctx, tenant, again[i].Employer.BIN)
			if err != nil {
				t.Fatal(err)
			}
			if v != 2 {
				t.Errorf("version %d after two replaces, want 2", v)
			}
			requireSame(t, again[i].Employer.BIN, &again[i], got)
			asOf := domain.MustDate("2026-06-30")
			if !bytes.Equal(evalJSON(eng, &again[i], asOf), evalJSON(eng, got, asOf)) {
				t.Fatalf("findings differ")
			}
		}
	})
}

// tableCounts counts the rows of every table, to show that a failed change
// left nothing behind.
func tableCounts(t testing.TB, db *DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"tenants", "users", "sessions", "api_tokens", "employers", "user_employers", "workers",
		"contracts", "permits", "permit_regions", "trips", "address_changes", "permit_applications", "monthly_reports",
		"quota_plans", "quota_applications", "penalties", "consultation_requests", "audit_log"} {
		var n int
		if err := db.r.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// cloneRecords deep-copies records through the audit-free route of JSON.
func cloneRecords(t testing.TB, r *domain.Records) *domain.Records {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var c domain.Records
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// TestAllOrNothing makes a replace fail on a bad row in the middle and
// requires the database unchanged: no row added, changed or removed.
func TestAllOrNothing(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		orig := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, orig); err != nil {
			t.Fatal(err)
		}
		bin := orig.Employer.BIN

		// changed returns the example changed in every way a replace can
		// change it: renamed, a worker gone and one added, a permit extended.
		changed := func() *domain.Records {
			r := cloneRecords(t, orig)
			r.Employer.Name = "Renamed LLP"
			r.Workers[0].Permits[0].To = r.Workers[0].Permits[0].To.AddYears(1)
			r.Workers = append(r.Workers[:4], domain.Worker{ID: "w9", Basis: domain.BasisPermit, Category: 3, Start: domain.MustDate("2026-05-01")})
			r.Reports = r.Reports[:3]
			return r
		}

		cases := []struct {
			name string
			bin  string
			rec  func() *domain.Records
			msg  string // of the records validator
			// dbMsg is what the database's constraints say when the
			// validator is passed over: they refuse the same rows.
			dbMsg string
		}{
			{"trip ending before it starts", bin, func() *domain.Records {
				r := changed()
				r.Workers[2].Trips = []domain.Trip{{Region: "KZ-71", From: domain.MustDate("2026-05-10"), To: domain.MustDate("2026-05-01")}}
				return r
			}, `workers[2].trips[0].to`, `worker "w3", trip 1: the trip ends before it starts`},
			{"duplicate worker id (existing worker)", bin, func() *domain.Records {
				r := changed()
				r.Workers = append(r.Workers[:3], append([]domain.Worker{r.Workers[1]}, r.Workers[3:]...)...)
				return r
			}, `workers[3].id: "w2"`, `"w2"`},
			{"duplicate worker id (new worker)", bin, func() *domain.Records {
				r := changed()
				r.Workers = append(r.Workers, r.Workers[len(r.Workers)-1])
				r.Workers = append(r.Workers, domain.Worker{ID: "w10", Basis: domain.BasisEAEU, Citizenship: "KG", Start: domain.MustDate("2026-01-01")})
				return r
			}, `workers[5].id: "w9"`, `"w9"`},
			{"permit ending before it starts", bin, func() *domain.Records {
				r := changed()
				r.Workers[3].Permits[0].To = r.Workers[3].Permits[0].From.AddDays(-1)
				return r
			}, `workers[3].permits[0].to`, `worker "w4", permit 1: the permit ends before it starts`},
			{"region listed twice in a permit", bin, func() *domain.Records {
				r := changed()
				r.Workers[3].Permits[0].Regions = []domain.Region{"KZ-75", "KZ-71", "KZ-75"}
				return r
			}, `workers[3].permits[0].regions[2]`, `worker "w4", permit 1, region KZ-75`},
			{"new employer, bad row in the middle", "990140004654", func() *domain.Records {
				r := changed()
				r.Employer.BIN = "990140004654"
				r.Workers[1].AddressChanges = append(r.Workers[1].AddressChanges, domain.AddressChange{})
				return r
			}, `workers[1].address_changes[0].date`, `worker "w2", address change 1: changed on is missing`},
			{"new employer, duplicate worker id", "990140004654", func() *domain.Records {
				r := cloneRecords(t, orig)
				r.Employer.BIN = "990140004654"
				r.Workers[3].ID = "w1"
				return r
			}, `workers[3].id: "w1"`, `"w1"`},
		}
		// unchecked writes past the validator, as a bug in it would.
		unchecked := func(rec *domain.Records) error {
			return db.write(ctx, func(tx *sql.Tx) error {
				if err := db.lockTenant(ctx, tx, tenant); err != nil {
					return err
				}
				_, err := db.replaceRecords(ctx, tx, tenant, SystemActor, rec, AnyVersion, db.now())
				return err
			})
		}
		for _, c := range cases {
			for _, check := range []bool{true, false} {
				beforeCounts := tableCounts(t, db)
				beforeRec, beforeV, _ := db.EmployerRecords(ctx, tenant, bin)
				var err error
				msg := c.msg
				if check {
					err = db.ReplaceEmployerRecords(ctx, tenant, SystemActor, c.rec())
				} else {
					err, msg = unchecked(c.rec()), c.dbMsg
				}
				wantCode(t, err, domain.EINVALID)
				t.Logf("%s: %v", c.name, err)
				if !strings.Contains(err.Error(), msg) {
					t.Errorf("%s: error %q does not say %q", c.name, err, msg)
				}
				if got := tableCounts(t, db); !reflect.DeepEqual(got, beforeCounts) {
					t.Errorf("%s: row counts changed:\nbefore %v\nafter  %v", c.name, beforeCounts, got)
				}
				afterRec, afterV, err := db.EmployerRecords(ctx, tenant, bin)
				if err != nil || afterV != beforeV {
					t.Fatalf("%s: version %d -> %d, %v", c.name, beforeV, afterV, err)
				}
				requireSame(t, c.name, beforeRec, afterRec)
				requireSame(t, c.name, orig, afterRec)
				if c.bin != bin {
					_, _, err := db.EmployerRecords(ctx, tenant, c.bin)
					wantCode(t, err, domain.ENOTFOUND)
				}
			}
		}
		// The change without its bad row goes through, as a check that the
		// cases failed for their bad row only.
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, changed()); err != nil {
			t.Fatal(err)
		}
	})
}

// TestPermitHistory extends a permit and requires the old version kept.
func TestPermitHistory(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		bin := rec.Employer.BIN
		// The same records again change no permit.
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		h, err := db.PermitHistory(ctx, tenant, bin, "w2")
		if err != nil || len(h) != 1 {
			t.Fatalf("history of w2 before extension: %+v, %v", h, err)
		}
		first := h[0]

		ext := cloneRecords(t, rec)
		ext.Workers[1].Permits[0].To = domain.MustDate("2027-12-31") // extended, same number
		ext.Workers[3].Permits[0].Regions = []domain.Region{"KZ-75"} // w4 loses a region
		ext.Workers[0].Permits = append(ext.Workers[0].Permits, domain.Permit{Number: "KZ-75-2027-0001",
			Regions: []domain.Region{"KZ-75"}, From: domain.MustDate("2027-01-05"), To: domain.MustDate("2028-01-04")})
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, ext); err != nil {
			t.Fatal(err)
		}
		got, _, err := db.EmployerRecords(ctx, tenant, bin)
		if err != nil {
			t.Fatal(err)
		}
		requireSame(t, "extended", ext, got)

		h, err = db.PermitHistory(ctx, tenant, bin, "w2")
		if err != nil || len(h) != 2 {
			t.Fatalf("history of w2: %+v, %v", h, err)
		}
		old, cur := h[0], h[1]
		if old.ID != first.ID || !reflect.DeepEqual(old.Permit, first.Permit) || old.SupersededAt.IsZero() {
			t.Errorf("old version changed or not superseded: %+v", old)
		}
		if cur.Extends != old.ID || !cur.SupersededAt.IsZero() || cur.Permit.To != domain.MustDate("2027-12-31") {
			t.Errorf("new version: %+v", cur)
		}
		if h, _ := db.PermitHistory(ctx, tenant, bin, "w1"); len(h) != 2 || h[1].Extends != 0 {
			t.Errorf("a new permit with another number extends nothing: %+v", h)
		}
		if h, _ := db.PermitHistory(ctx, tenant, bin, "w4"); len(h) != 2 || len(h[0].Permit.Regions) != 2 || len(h[1].Permit.Regions) != 1 {
			t.Errorf("w4's regions: %+v", h)
		}

		// Going back to the original records keeps every version.
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		if h, _ := db.PermitHistory(ctx, tenant, bin, "w2"); len(h) != 3 {
			t.Errorf("w2 has %d versions after going back, want 3", len(h))
		}
		got, _, _ = db.EmployerRecords(ctx, tenant, bin)
		requireSame(t, "back to the original", rec, got)

		// The database refuses to overwrite a permit.
		if _, err := db.w.ExecContext(ctx, `UPDATE permits SET valid_to = valid_from`); err == nil {
			t.Errorf("a permit was overwritten")
		}
		if _, err := db.w.ExecContext(ctx, `UPDATE permit_regions SET region = 'KZ-71'`); err == nil {
			t.Errorf("a permit's region was overwritten")
		}
		_, err = db.PermitHistory(ctx, tenant, bin, "nobody")
		wantCode(t, err, domain.ENOTFOUND)
	})
}

// TestTenantIsolation: tenant B can neither read, list, change nor delete
// tenant A's employer, and storing the same BIN in B touches nothing of A's.
func TestTenantIsolation(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b := mustTenant(t, db, "a"), mustTenant(t, db, "b")
		rec := steppe(t)
		bin := rec.Employer.BIN
		if err := db.ReplaceEmployerRecords(ctx, a, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		_, v, _ := db.EmployerRecords(ctx, a, bin)

		_, _, err := db.EmployerRecords(ctx, b, bin)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.UpdateEmployer(ctx, b, SystemActor, bin, v, func(e *domain.Employer) error { e.Name = "stolen"; return nil })
		wantCode(t, err, domain.ENOTFOUND)
		wantCode(t, db.DeleteEmployer(ctx, b, SystemActor, bin, AnyVersion), domain.ENOTFOUND)
		_, err = db.PermitHistory(ctx, b, bin, "w1")
		wantCode(t, err, domain.ENOTFOUND)
		if list, total, err := db.ListEmployers(ctx, b, EmployerFilter{}); err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("tenant b lists %v (%d), %v", list, total, err)
		}
		if list, _, _ := db.ListEmployers(ctx, b, EmployerFilter{Only: []string{bin}}); len(list) != 0 {
			t.Fatalf("tenant b lists a's employer by BIN: %v", list)
		}
		if log, err := db.AuditLog(ctx, b, AuditFilter{}); err != nil || len(log) != 1 || log[0].Entity != EntityTenant {
			t.Fatalf("tenant b's audit log: %+v, %v", log, err)
		}
		// Users of b cannot be limited to a's employer, nor log in as a's users.
		err = db.CreateUser(ctx, b, SystemActor, &User{Email: "x@b.kz", Role: domain.RoleViewer, Employers: []string{bin}})
		wantCode(t, err, domain.ENOTFOUND)
		ua := &User{Email: "owner@a.kz", Role: domain.RoleOwner}
		if err := db.CreateUser(ctx, a, SystemActor, ua); err != nil {
			t.Fatal(err)
		}
		_, err = db.CreateSession(ctx, b, ua.ID, tokenHash("s"), time.Now().Add(time.Hour))
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.CreateToken(ctx, b, SystemActor, ua.ID, "x", tokenHash("t"))
		wantCode(t, err, domain.ENOTFOUND)
		_, err = db.User(ctx, b, ua.ID)
		wantCode(t, err, domain.ENOTFOUND)

		// b's own employer with the same BIN is b's alone.
		other := cloneRecords(t, rec)
		other.Employer.Name = "B's copy"
		other.Workers = other.Workers[:1]
		if err := db.ReplaceEmployerRecords(ctx, b, SystemActor, other); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateEmployer(ctx, b, SystemActor, bin, 1, func(e *domain.Employer) error { e.Name = "B renamed"; return nil }); err != nil {
			t.Fatal(err)
		}
		got, va, err := db.EmployerRecords(ctx, a, bin)
		if err != nil || va != v {
			t.Fatalf("a's version %d -> %d, %v", v, va, err)
		}
		requireSame(t, "a's records", rec, got)
		if err := db.DeleteEmployer(ctx, b, SystemActor, bin, AnyVersion); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.EmployerRecords(ctx, a, bin); err != nil {
			t.Fatalf("a's employer after b deleted its own: %v", err)
		}
	})
}

// TestOptimisticConcurrency: a change naming a stale version is refused
// with ECONFLICT and changes nothing.
func TestOptimisticConcurrency(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		bin := rec.Employer.BIN
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		_, v, _ := db.EmployerRecords(ctx, tenant, bin)
		v2, err := db.UpdateEmployer(ctx, tenant, SystemActor, bin, v, func(e *domain.Employer) error { e.Name = "First"; return nil })
		if err != nil || v2 != v+1 {
			t.Fatalf("first update: version %d, %v", v2, err)
		}
		_, err = db.UpdateEmployer(ctx, tenant, SystemActor, bin, v, func(e *domain.Employer) error { e.Name = "Second"; return nil })
		wantCode(t, err, domain.ECONFLICT)
		_, err = db.ReplaceEmployerRecordsIf(ctx, tenant, SystemActor, rec, v)
		wantCode(t, err, domain.ECONFLICT)
		wantCode(t, db.DeleteEmployer(ctx, tenant, SystemActor, bin, v), domain.ECONFLICT)
		got, gv, _ := db.EmployerRecords(ctx, tenant, bin)
		if gv != v2 || got.Employer.Name != "First" {
			t.Fatalf("after stale changes: version %d, name %q", gv, got.Employer.Name)
		}
		// A new employer is expected at version 0.
		fresh := cloneRecords(t, rec)
		fresh.Employer.BIN = "990140004654"
		if _, err := db.ReplaceEmployerRecordsIf(ctx, tenant, SystemActor, fresh, 3); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("creating with version 3: %v", err)
		}
		if nv, err := db.ReplaceEmployerRecordsIf(ctx, tenant, SystemActor, fresh, 0); err != nil || nv != 1 {
			t.Fatalf("creating with version 0: %d, %v", nv, err)
		}
		if nv, err := db.ReplaceEmployerRecordsIf(ctx, tenant, SystemActor, fresh, 1); err != nil || nv != 2 {
			t.Fatalf("replacing version 1: %d, %v", nv, err)
		}
		// A patch may not change the BIN, nor make the employer invalid.
		_, err = db.UpdateEmployer(ctx, tenant, SystemActor, bin, v2, func(e *domain.Employer) error { e.BIN = "990140004654"; return nil })
		wantCode(t, err, domain.EINVALID)
		_, err = db.UpdateEmployer(ctx, tenant, SystemActor, bin, v2, func(e *domain.Employer) error { e.Size = "huge"; return nil })
		wantCode(t, err, domain.EINVALID)
		_, err = db.UpdateEmployer(ctx, tenant, SystemActor, bin, v2, func(e *domain.Employer) error {
			return domain.Errorf(domain.EFORBIDDEN, "no")
		})
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = db.UpdateEmployer(ctx, tenant, SystemActor, "990140000385", 1, func(e *domain.Employer) error { return nil })
		wantCode(t, err, domain.ENOTFOUND)
	})
}

// TestConcurrentUpdates: 50 goroutines add one to the same employer's
// total, each retrying on ECONFLICT; no increment is lost and every version
// is audited once.
func TestConcurrentUpdates(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		bin := rec.Employer.BIN
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		_, v0, _ := db.EmployerRecords(ctx, tenant, bin)
		start := *rec.Employer.TotalEmployees
		const n = 50
		var wg sync.WaitGroup
		errs := make(chan error, n)
		conflicts := make(chan int, n)
		for g := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				actor := Actor{Name: fmt.Sprintf("editor %d", g)}
				for tries := 0; ; tries++ {
					if tries > 10*n {
						errs <- fmt.Errorf("goroutine %d gave up", g)
						return
					}
					cur, v, err := db.EmployerRecords(ctx, tenant, bin)
					if err != nil {
						errs <- err
						return
					}
					_, err = db.UpdateEmployer(ctx, tenant, actor, bin, v, func(e *domain.Employer) error {
						*e.TotalEmployees = *cur.Employer.TotalEmployees + 1
						return nil
					})
					if domain.ErrorCode(err) == domain.ECONFLICT {
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					conflicts <- tries
					return
				}
			}()
		}
		wg.Wait()
		close(errs)
		close(conflicts)
		for err := range errs {
			t.Fatal(err)
		}
		retries := 0
		for c := range conflicts {
			retries += c
		}
		t.Logf("%d updates, %d retries on conflict", n, retries)
		got, v, err := db.EmployerRecords(ctx, tenant, bin)
		if err != nil {
			t.Fatal(err)
		}
		if *got.Employer.TotalEmployees != start+n || v != v0+n {
			t.Fatalf("total %d (want %d), version %d (want %d)", *got.Employer.TotalEmployees, start+n, v, v0+n)
		}
		// Nothing else changed.
		want := cloneRecords(t, rec)
		*want.Employer.TotalEmployees = start + n
		requireSame(t, "after concurrent updates", want, got)
		// One audit entry per update, each going from one version to the next.
		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Key: bin, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, e := range log {
			if e.Action != ActionUpdate {
				continue
			}
			var before, after keyedTestDoc // patches of the employer's fields
			if err := json.Unmarshal(e.Before, &before); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(e.After, &after); err != nil {
				t.Fatal(err)
			}
			b, a := before.Employer, after.Employer
			if a.Version != b.Version+1 || *a.TotalEmployees != *b.TotalEmployees+1 || seen[a.Version] {
				t.Fatalf("audit entry %d: %s -> %s", e.ID, e.Before, e.After)
			}
			seen[a.Version] = true
		}
		if len(seen) != n {
			t.Fatalf("%d update entries, want %d", len(seen), n)
		}
	})
}

func TestListEmployers(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		all := synth.Generate(synth.Spec{Seed: 3, Employers: 30, Workers: 90, From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
		for i := range all {
			if i == 7 {
				all[i].Employer.Name = "Steppe_Drilling 100%"
			}
			if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, &all[i]); err != nil {
				t.Fatal(err)
			}
		}
		page, total, err := db.ListEmployers(ctx, tenant, EmployerFilter{Limit: 10, Offset: 25})
		if err != nil || total != 30 || len(page) != 5 {
			t.Fatalf("page: %d of %d, %v", len(page), total, err)
		}
		if page[0].Workers != 3 || page[0].Version != 1 || page[0].UpdatedAt.IsZero() {
			t.Errorf("summary %+v", page[0])
		}
		first, _, _ := db.ListEmployers(ctx, tenant, EmployerFilter{})
		for i := 1; i < len(first); i++ {
			if first[i-1].Name > first[i].Name {
				t.Fatalf("not ordered by name: %q > %q", first[i-1].Name, first[i].Name)
			}
		}
		for q, want := range map[string]int{"steppe_drilling 100%": 1, "STEPPE": 1, "_drill": 1, "%": 1, all[3].Employer.BIN: 1, all[3].Employer.BIN[5:]: 1, "LLP": 29, "nothing": 0} {
			list, total, err := db.ListEmployers(ctx, tenant, EmployerFilter{Query: q})
			if err != nil || total != want || len(list) != want {
				t.Errorf("query %q: %d (%d), want %d; %v", q, len(list), total, want, err)
			}
		}
		only := []string{all[1].Employer.BIN, all[2].Employer.BIN}
		if list, total, _ := db.ListEmployers(ctx, tenant, EmployerFilter{Only: only}); total != 2 || len(list) != 2 {
			t.Errorf("only two: %d", total)
		}
		if list, total, _ := db.ListEmployers(ctx, tenant, EmployerFilter{Only: []string{}}); total != 0 || len(list) != 0 {
			t.Errorf("only none: %d", total)
		}
	})
}

func TestValidation(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		for name, mutate := range map[string]func(r *domain.Records){
			"bad BIN":        func(r *domain.Records) { r.Employer.BIN = "940140000386" },
			"bad size":       func(r *domain.Records) { r.Employer.Size = "tiny" },
			"bad basis":      func(r *domain.Records) { r.Workers[1].Basis = "tourist" },
			"bad region":     func(r *domain.Records) { r.Workers[0].Trips[0].Region = "KZ-99" },
			"bad country":    func(r *domain.Records) { r.Workers[0].Citizenship = "XX" },
			"bad IIN":        func(r *domain.Records) { r.Workers[0].IIN = "850101300125" },
			"no worker id":   func(r *domain.Records) { r.Workers[2].ID = "" },
			"no start":       func(r *domain.Records) { r.Workers[2].Start = 0 },
			"engagement end": func(r *domain.Records) { r.Workers[2].End = r.Workers[2].Start.AddDays(-1) },
			"negative staff": func(r *domain.Records) { r.Employer.StaffKZ[2] = -1 },
			"report month":   func(r *domain.Records) { r.Reports[0].Month = 0 },
		} {
			r := steppe(t)
			mutate(r)
			err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, r)
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
		}
		if _, total, _ := db.ListEmployers(ctx, tenant, EmployerFilter{}); total != 0 {
			t.Errorf("invalid records stored an employer")
		}
		wantCode(t, db.ReplaceEmployerRecords(ctx, 999, SystemActor, steppe(t)), domain.ENOTFOUND)
	})
}

func TestErrorsAreDomainErrors(t *testing.T) {
	// A driver error that is no constraint violation stays internal.
	db := &DB{}
	err := db.dbError(errors.New("disk on fire"), "write")
	if domain.ErrorCode(err) != domain.EINTERNAL {
		t.Fatalf("code %q", domain.ErrorCode(err))
	}
}

// TestReplaceEmployersRecords: an import of several employers is one
// transaction; a bad row in the last employer leaves the first unstored.
func TestReplaceEmployersRecords(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		all := synth.Generate(synth.Spec{Seed: 5, Employers: 4, Workers: 400, Trips: 200,
			From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
		recs := make([]*domain.Records, len(all))
		for i := range all {
			recs[i] = &all[i]
		}
		counts := tableCounts(t, db)
		bad := cloneRecords(t, recs[3])
		bad.Workers[50].Permits = append(bad.Workers[50].Permits, domain.Permit{Regions: []domain.Region{"KZ-75"},
			From: domain.MustDate("2025-03-01"), To: domain.MustDate("2025-02-01")})
		err := db.ReplaceEmployersRecords(ctx, tenant, SystemActor, []*domain.Records{recs[0], recs[1], recs[2], bad})
		wantCode(t, err, domain.EINVALID)
		if !strings.Contains(err.Error(), "employer "+bad.Employer.BIN+": worker") {
			t.Errorf("error %q does not name the employer and worker", err)
		}
		if got := tableCounts(t, db); !reflect.DeepEqual(got, counts) {
			t.Fatalf("a failed import changed the database:\n%v\n%v", counts, got)
		}
		err = db.ReplaceEmployersRecords(ctx, tenant, SystemActor, []*domain.Records{recs[0], recs[0]})
		wantCode(t, err, domain.EINVALID)

		if err := db.ReplaceEmployersRecords(ctx, tenant, SystemActor, recs); err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceEmployersRecords(ctx, tenant, SystemActor, recs); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			got, v, err := db.EmployerRecords(ctx, tenant, r.Employer.BIN)
			if err != nil || v != 2 {
				t.Fatalf("version %d, %v", v, err)
			}
			requireSame(t, r.Employer.BIN, r, got)
		}
		if log, _ := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer}); len(log) != 8 {
			t.Fatalf("%d audit entries for two imports of 4 employers, want 8", len(log))
		}
	})
}
