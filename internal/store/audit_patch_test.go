package store

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// auditRowSize is the size of the JSON of the tenant's last audit entry, as
// text.
func auditRowSize(t *testing.T, db *DB, tenant int64) int {
	t.Helper()
	var n int
	err := db.r.QueryRowContext(context.Background(), `SELECT COALESCE(length(CAST(before_json AS TEXT)), 0) + COALESCE(length(CAST(after_json AS TEXT)), 0)
		FROM audit_log WHERE tenant_id = $1 ORDER BY id DESC LIMIT 1`, tenant).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAuditEntryOfSmallChangeIsSmall: changing one worker's name in an
// employer of 1,000 workers writes an audit entry of a few hundred bytes
// that says what changed, not two copies of the records.
func TestAuditEntryOfSmallChangeIsSmall(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		all := synth.Generate(synth.Spec{Seed: 4, Employers: 1, Workers: 1000, Trips: 500,
			From: domain.MustDate("2025-01-01"), To: domain.MustDate("2025-12-31")})
		rec := &all[0]
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		whole := auditRowSize(t, db, tenant)
		w := &rec.Workers[500]
		old := w.Name
		w.Name = "Renamed Person"
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		size := auditRowSize(t, db, tenant)
		t.Logf("audit entry of the import: %d bytes; of the one-name change: %d bytes", whole, size)
		if whole < 100_000 || size > 600 {
			t.Fatalf("audit entry of a one-name change: %d bytes (the import's: %d)", size, whole)
		}
		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Limit: 1})
		if err != nil || len(log) != 1 {
			t.Fatal(len(log), err)
		}
		var before, after keyedTestDoc
		if err := json.Unmarshal(log[0].Before, &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(log[0].After, &after); err != nil {
			t.Fatal(err)
		}
		if len(before.Workers) != 1 || before.Workers[w.ID].Name != old || after.Workers[w.ID].Name != "Renamed Person" ||
			before.Employer.Version != 1 || after.Employer.Version != 2 {
			t.Fatalf("entry %s -> %s", log[0].Before, log[0].After)
		}
	})
}

// TestAuditHistoryReconstructs: from the employer's audit entries alone,
// applying each entry's after to the document before it gives every state
// the employer's records went through, and applying each before, newest
// first, goes back through them: creation, a replace that adds, removes and
// changes workers and lists, an update of the employer's fields, a replace
// that changes nothing, deletion and creation again.
func TestAuditHistoryReconstructs(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		bin := rec.Employer.BIN
		var states []any // the document after each change (nil: no employer)
		record := func() {
			t.Helper()
			got, v, err := db.EmployerRecords(ctx, tenant, bin)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				states = append(states, nil)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			states = append(states, keyedState(t, newRecordsDoc(got, v)))
		}
		replace := func(r *domain.Records) {
			t.Helper()
			if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, r); err != nil {
				t.Fatal(err)
			}
			record()
		}
		replace(rec)

		next := cloneRecords(t, rec)
		next.Workers[0].Name = "John R. Smith" // personal, changed
		next.Workers[0].IIN = ""               // personal, removed
		next.Workers[1].Position = "Senior welder"
		next.Workers[1].Contract = nil
		next.Workers[3].Permits[0].To = domain.MustDate("2027-12-31")
		next.Workers = slices.Delete(next.Workers, 2, 3) // w3 leaves
		next.Workers = append(next.Workers, domain.Worker{ID: "w6", Name: "Dana Ospanova", Citizenship: "UZ",
			Basis: domain.BasisPermit, Category: domain.Category(4), Position: "Welder", Start: domain.MustDate("2026-04-01")})
		next.Reports = append(next.Reports, domain.Report{Month: domain.NewYearMonth(2026, time.November), Submitted: domain.MustDate("2026-11-27")})
		next.Penalties = nil
		replace(next)

		if _, err := db.UpdateEmployer(ctx, tenant, SystemActor, bin, 2, func(e *domain.Employer) error {
			e.Name, e.TotalEmployees = "Steppe Drilling JSC", nil
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		record()
		same, _, err := db.EmployerRecords(ctx, tenant, bin)
		if err != nil {
			t.Fatal(err)
		}
		replace(same)
		if err := db.DeleteEmployer(ctx, tenant, SystemActor, bin, AnyVersion); err != nil {
			t.Fatal(err)
		}
		record()
		replace(rec)

		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Key: bin, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(log)
		if len(log) != len(states) {
			t.Fatalf("%d entries for %d changes", len(log), len(states))
		}
		var doc any
		for i, e := range log {
			if !e.Patch {
				t.Fatalf("entry %d is not a patch", i)
			}
			doc = applyPatch(t, doc, e.After)
			if !reflect.DeepEqual(doc, states[i]) {
				t.Fatalf("forward, after entry %d (%s):\n%s\nwant\n%s", i, e.Action, js(doc), js(states[i]))
			}
		}
		for i := len(log) - 1; i >= 0; i-- {
			doc = applyPatch(t, doc, log[i].Before)
			var want any
			if i > 0 {
				want = states[i-1]
			}
			if !reflect.DeepEqual(doc, want) {
				t.Fatalf("backward, before entry %d (%s):\n%s\nwant\n%s", i, log[i].Action, js(doc), js(want))
			}
		}
		// The replace that changed nothing says only that the version moved.
		e := log[3]
		version := func(v float64) any { return map[string]any{"employer": map[string]any{"version": v}} }
		if !reflect.DeepEqual(applyPatch(t, nil, e.Before), version(3)) || !reflect.DeepEqual(applyPatch(t, nil, e.After), version(4)) {
			t.Errorf("entry of a replace that changed nothing: %s -> %s", e.Before, e.After)
		}
	})
}

// keyedState is the records document d in the keyed form, decoded.
func keyedState(t *testing.T, d *recordsDoc) any {
	t.Helper()
	k, err := newKeyedDoc(d)
	if err != nil {
		t.Fatal(err)
	}
	p := patchDoc{employer: k.employer, lists: k.lists}
	for _, id := range k.order {
		w := map[string]json.RawMessage{}
		for _, part := range []json.RawMessage{k.workers[id].rest, k.workers[id].personal} {
			if part != nil {
				if err := json.Unmarshal(part, &w); err != nil {
					t.Fatal(err)
				}
			}
		}
		b, _ := json.Marshal(w)
		p.addWorker(id, b)
	}
	var v any
	if err := json.Unmarshal(p.json(), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// applyPatch applies the JSON merge patch p (RFC 7386) to doc; a missing
// side (nil p) means the employer does not exist on that side.
func applyPatch(t *testing.T, doc any, p json.RawMessage) any {
	t.Helper()
	if p == nil {
		return nil
	}
	var patch any
	if err := json.Unmarshal(p, &patch); err != nil {
		t.Fatal(err)
	}
	return mergePatch(doc, patch)
}

func mergePatch(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	out := map[string]any{}
	if tm, ok := target.(map[string]any); ok {
		for k, v := range tm {
			out[k] = v
		}
	}
	for k, v := range pm {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = mergePatch(out[k], v)
		}
	}
	return out
}

func js(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// TestAuditPersonalDataRetention: workers' names and IINs are in no audit
// row in clear; they read back in clear until the worker has been off the
// records for the retention period and PurgeAuditKeys ran, and "[erased]"
// after it, in every entry, while everything else in the entries (and the
// workers still on the records) reads as before; the purge is in the log;
// a worker who comes back gets a new key. On SQLite the destroyed key's
// bytes are in neither the database file nor its log.
func TestAuditPersonalDataRetention(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		tenant, other := mustTenant(t, db, "t"), mustTenant(t, db, "other")
		a := steppe(t)
		b := cloneRecords(t, a)
		b.Employer.BIN = "000740001307"
		for _, r := range []*domain.Records{a, b} {
			if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ReplaceEmployerRecords(ctx, other, SystemActor, a); err != nil {
			t.Fatal(err)
		}
		john, mehmet := a.Workers[0], a.Workers[1] // John Smith leaves a, Mehmet Demir stays
		for _, s := range []string{john.Name, john.IIN, mehmet.Name} {
			var n int
			if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE CAST(after_json AS TEXT) LIKE $1 OR CAST(before_json AS TEXT) LIKE $1`,
				"%"+s+"%").Scan(&n); err != nil || n != 0 {
				t.Fatalf("%q is in clear in %d audit rows (%v)", s, n, err)
			}
		}
		var johnKey []byte
		if err := db.r.QueryRowContext(ctx, `SELECT key FROM audit_keys WHERE tenant_id = $1 AND employer_bin = $2 AND worker_id = $3`,
			tenant, a.Employer.BIN, john.ID).Scan(&johnKey); err != nil || len(johnKey) != 32 {
			t.Fatalf("John's key: %x, %v", johnKey, err)
		}

		// A year later John leaves a, and b is deleted.
		clock = clock.AddDate(1, 0, 0)
		left := clock
		gone := cloneRecords(t, a)
		gone.Workers = gone.Workers[1:]
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, gone); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteEmployer(ctx, tenant, SystemActor, b.Employer.BIN, AnyVersion); err != nil {
			t.Fatal(err)
		}
		// Names of the employer's entries by worker, in every entry.
		names := func(bin string) map[string][]string {
			t.Helper()
			log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Key: bin})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string][]string{}
			for _, e := range log {
				for _, side := range []json.RawMessage{e.Before, e.After} {
					var d struct {
						Workers map[string]map[string]any `json:"workers"`
					}
					if side == nil {
						continue
					}
					if err := json.Unmarshal(side, &d); err != nil {
						t.Fatal(err)
					}
					for id, w := range d.Workers {
						if w == nil {
							continue
						}
						if n, ok := w["name"].(string); ok {
							out[id] = append(out[id], n)
						}
						if _, ok := w["sealed"]; ok {
							t.Errorf("entry %d: worker %s still sealed: %v", e.ID, id, w)
						}
						if iin, ok := w["iin"].(string); ok && iin != erasedValue && len(iin) != 12 {
							t.Errorf("entry %d: worker %s's IIN reads %q", e.ID, id, iin)
						}
					}
				}
			}
			return out
		}
		if got := names(a.Employer.BIN); !reflect.DeepEqual(got[john.ID], []string{john.Name, john.Name}) {
			t.Fatalf("before the purge, John reads %v", got[john.ID])
		}

		// Not yet past the retention: nothing goes.
		if n, err := db.PurgeAuditKeys(ctx, SystemActor, left); err != nil || n != 0 {
			t.Fatalf("purge of keys left before %s: %d, %v", left, n, err)
		}
		clock = clock.AddDate(5, 0, 0)
		n, err := db.PurgeAuditKeys(ctx, SystemActor, left.Add(time.Second))
		if err != nil || n != 1+len(b.Workers) {
			t.Fatalf("purge: %d keys, %v; want %d", n, err, 1+len(b.Workers))
		}
		got := names(a.Employer.BIN)
		if !reflect.DeepEqual(got[john.ID], []string{erasedValue, erasedValue}) || !reflect.DeepEqual(got[mehmet.ID], []string{mehmet.Name}) {
			t.Fatalf("after the purge: John reads %v, Mehmet %v", got[john.ID], got[mehmet.ID])
		}
		for id, ns := range names(b.Employer.BIN) {
			for _, n := range ns {
				if n != erasedValue {
					t.Errorf("deleted employer's worker %s reads %q", id, n)
				}
			}
		}
		// Everything but the personal fields reads as before.
		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Key: a.Employer.BIN})
		if err != nil {
			t.Fatal(err)
		}
		var created keyedTestDoc
		if err := json.Unmarshal(log[len(log)-1].After, &created); err != nil {
			t.Fatal(err)
		}
		if w := created.Workers[john.ID]; w.IIN != erasedValue || w.Position != john.Position || len(w.Permits) != len(john.Permits) || w.Citizenship != john.Citizenship {
			t.Errorf("John's erased document: %+v", w)
		}
		// The other tenant's John is another person's key: untouched.
		if log, _ := db.AuditLog(ctx, other, AuditFilter{Entity: EntityEmployer}); !bytes.Contains(log[0].After, []byte(john.Name)) {
			t.Errorf("the other tenant lost its worker's name")
		}
		// The purge is in the log.
		purges, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityPersonalData})
		if err != nil || len(purges) != 1 || purges[0].Action != ActionPurge {
			t.Fatalf("purge entries: %+v, %v", purges, err)
		}
		var purge purgeDoc
		if err := json.Unmarshal(purges[0].After, &purge); err != nil || purge.KeysDestroyed != n || !purge.LeftBefore.Equal(left.Add(time.Second)) {
			t.Fatalf("purge entry %s, %v", purges[0].After, err)
		}

		// John comes back: a new key, and his new entries read.
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, a); err != nil {
			t.Fatal(err)
		}
		if got := names(a.Employer.BIN); !reflect.DeepEqual(got[john.ID], []string{john.Name, erasedValue, erasedValue}) {
			t.Fatalf("after John came back: %v", got[john.ID])
		}

		if db.Engine() == SQLite {
			url, _ := testURLs.Load(db)
			path := strings.TrimPrefix(url.(string), "sqlite:")
			for _, f := range []string{path, path + "-wal"} {
				data, err := os.ReadFile(f)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				if bytes.Contains(data, johnKey) {
					t.Errorf("John's destroyed key is still in %s", f)
				}
			}
		}
	})
}

// TestWorkerDocFieldsClassified makes each member of a worker's audit
// document either personal (sealed with the worker's key, erased after the
// retention) or not: a new member must be added to one of the lists.
func TestWorkerDocFieldsClassified(t *testing.T) {
	clear := []string{"id", "citizenship", "basis", "category", "position", "start", "end", "contract",
		"permits", "trips", "address_changes", "applications", "education", "experience_years", "documents"}
	typ := reflect.TypeFor[workerDoc]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if !slices.Contains(personalFields, name) && !slices.Contains(clear, name) {
			t.Errorf("workerDoc member %q is neither in personalFields nor known to be no personal data", name)
		}
	}
	// A worker with every field set splits into the personal fields and
	// the rest.
	rec := steppe(t)
	rec.Workers[0].BirthDate = domain.MustDate("1985-01-01")
	rec.Workers[0].Passport = &domain.Passport{Number: "EG7731925"}
	w, err := splitWorker(&newRecordsDoc(rec, 1).Workers[0])
	if err != nil {
		t.Fatal(err)
	}
	var personal, rest map[string]any
	if err := json.Unmarshal(w.personal, &personal); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(w.rest, &rest); err != nil {
		t.Fatal(err)
	}
	if len(personal) != len(personalFields) || !reflect.DeepEqual(w.fields, personalFields) {
		t.Errorf("personal part %s, fields %v", w.personal, w.fields)
	}
	for _, f := range personalFields {
		if _, ok := rest[f]; ok {
			t.Errorf("the rest holds %s: %s", f, w.rest)
		}
	}
}
