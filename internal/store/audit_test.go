package store

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestAudit makes one change of every kind and requires exactly one new
// audit entry for each, written with the change, and every earlier entry
// unchanged; a refused change writes none; the database refuses to update or
// delete entries.
func TestAudit(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }

		tn, err := db.CreateTenant(ctx, Actor{Name: "cli"}, "Consultancy")
		if err != nil {
			t.Fatal(err)
		}
		tenant := tn.ID
		var log []AuditEntry // the entries so far, oldest first
		// step checks that the last change added exactly one entry and left
		// the earlier ones as they were, and returns the new entry.
		step := func(what, entity, key, action string) AuditEntry {
			t.Helper()
			got, err := db.AuditLog(ctx, tenant, AuditFilter{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			slices.Reverse(got)
			if len(got) != len(log)+1 {
				t.Fatalf("%s: %d audit entries, want %d", what, len(got), len(log)+1)
			}
			if len(log) > 0 && !reflect.DeepEqual(got[:len(log)], log) {
				t.Fatalf("%s: earlier audit entries changed", what)
			}
			e := got[len(log)]
			if e.Entity != entity || e.Key != key || e.Action != action || e.At.IsZero() || e.Actor == "" {
				t.Fatalf("%s: entry %+v, want %s %s %s", what, e, entity, key, action)
			}
			log = got
			return e
		}
		e := step("create tenant", EntityTenant, "Consultancy", ActionCreate)
		if e.Actor != "cli" || e.Before != nil || string(e.After) == "" || e.Patch {
			t.Errorf("tenant entry %+v", e)
		}

		owner := &User{Email: " Owner@Example.KZ ", PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA", Role: domain.RoleOwner}
		if err := db.CreateUser(ctx, tenant, Actor{Name: "cli"}, owner); err != nil {
			t.Fatal(err)
		}
		e = step("create user", EntityUser, "owner@example.kz", ActionCreate)
		if json.Valid(e.After) && string(e.After) != "" && containsJSONKey(t, e.After, "password_hash") {
			t.Errorf("the audit log holds the password hash: %s", e.After)
		}
		me := Actor{UserID: owner.ID, Name: owner.Email}

		rec := steppe(t)
		bin := rec.Employer.BIN
		if err := db.ReplaceEmployerRecords(ctx, tenant, me, rec); err != nil {
			t.Fatal(err)
		}
		e = step("import", EntityEmployer, bin, ActionCreate)
		if e.ActorUserID != owner.ID || e.Actor != owner.Email || e.Before != nil || !e.Patch {
			t.Errorf("import entry %+v", e)
		}
		// The whole document, workers keyed by id, their names read back.
		var doc keyedTestDoc
		if err := json.Unmarshal(e.After, &doc); err != nil || len(doc.Workers) != 5 || doc.Employer.Version != 1 ||
			doc.Workers["w1"].Permits[0].From != domain.MustDate("2026-01-05") || doc.Workers["w1"].Name != "John Smith" {
			t.Errorf("import entry's after: %v %s", err, e.After)
		}

		v, err := db.UpdateEmployer(ctx, tenant, me, bin, 1, func(e *domain.Employer) error { e.Name = "Steppe Drilling JSC"; return nil })
		if err != nil {
			t.Fatal(err)
		}
		e = step("update", EntityEmployer, bin, ActionUpdate)
		// What changed, and the version.
		var before, after keyedTestDoc
		json.Unmarshal(e.Before, &before)
		json.Unmarshal(e.After, &after)
		if before.Employer.Name != "Steppe Drilling LLP" || after.Employer.Name != "Steppe Drilling JSC" || after.Employer.Version != v ||
			before.Employer.Version != v-1 || containsJSONKey(t, e.After, "workers") || !e.Patch {
			t.Errorf("update entry %s -> %s", e.Before, e.After)
		}

		// Refused changes write nothing.
		if _, err := db.UpdateEmployer(ctx, tenant, me, bin, 1, func(e *domain.Employer) error { return nil }); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("stale update: %v", err)
		}
		bad := cloneRecords(t, rec)
		bad.Workers[4].Trips = []domain.Trip{{Region: "KZ-71", From: domain.MustDate("2026-02-02"), To: domain.MustDate("2026-02-01")}}
		if err := db.ReplaceEmployerRecords(ctx, tenant, me, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("bad import: %v", err)
		}
		if _, err := db.CreateTenant(ctx, me, "Consultancy"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second tenant of that name: %v", err)
		}
		if got, _ := db.AuditLog(ctx, tenant, AuditFilter{}); len(got) != len(log) {
			t.Fatalf("refused changes wrote %d audit entries", len(got)-len(log))
		}

		if err := db.ReplaceEmployerRecords(ctx, tenant, me, rec); err != nil {
			t.Fatal(err)
		}
		e = step("re-import", EntityEmployer, bin, ActionReplace)
		if e.Before == nil || e.After == nil {
			t.Errorf("replace entry lacks a side: %+v", e)
		}

		tok, err := db.CreateToken(ctx, tenant, me, owner.ID, "ci", tokenHash("rq_ci"))
		if err != nil {
			t.Fatal(err)
		}
		step("create token", EntityToken, itoa(tok.ID), ActionCreate)
		if err := db.RevokeToken(ctx, tenant, me, tok.ID); err != nil {
			t.Fatal(err)
		}
		step("revoke token", EntityToken, itoa(tok.ID), ActionRevoke)
		if err := db.RevokeToken(ctx, tenant, me, tok.ID); err != nil {
			t.Fatal(err)
		}

		sess := tokenHash("rqs_session")
		if _, err := db.CreateSession(ctx, tenant, owner.ID, sess, clock.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		step("log in", EntitySession, owner.Email, ActionCreate)
		if err := db.DeleteSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		step("log out", EntitySession, owner.Email, ActionDelete)

		req := &ConsultationRequest{Name: "Aigerim", Contact: "+7 701 000 00 00", Message: "permits for 3 welders",
			Consent: Consent{TextVersion: "2026-01", Purpose: "to answer this request"}}
		if err := db.CreateConsultationRequest(ctx, tenant, Actor{Name: "contact form"}, req); err != nil {
			t.Fatal(err)
		}
		step("consultation request", EntityConsultation, itoa(req.ID), ActionCreate)
		if err := db.RevokeConsent(ctx, tenant, me, req.ID); err != nil {
			t.Fatal(err)
		}
		step("revoke consent", EntityConsultation, itoa(req.ID), ActionRevoke)

		if err := db.DeleteEmployer(ctx, tenant, me, bin, AnyVersion); err != nil {
			t.Fatal(err)
		}
		e = step("delete employer", EntityEmployer, bin, ActionDelete)
		if e.Before == nil || e.After != nil {
			t.Errorf("delete entry %+v", e)
		}

		// Filters and paging.
		emp, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityEmployer, Key: bin})
		if err != nil || len(emp) != 4 || emp[0].Action != ActionDelete {
			t.Fatalf("employer's entries: %d, %v", len(emp), err)
		}
		older, _ := db.AuditLog(ctx, tenant, AuditFilter{BeforeID: emp[0].ID, Limit: 2})
		if len(older) != 2 || older[0].ID >= emp[0].ID || older[0].ID <= older[1].ID {
			t.Fatalf("paging: %+v", older)
		}

		// The database itself refuses to change the log.
		for _, q := range []string{`UPDATE audit_log SET actor = 'someone else'`, `DELETE FROM audit_log`} {
			if _, err := db.w.ExecContext(ctx, q); err == nil {
				t.Errorf("%s succeeded", q)
			}
		}
		if db.Engine() == Postgres {
			if _, err := db.w.ExecContext(ctx, `TRUNCATE audit_log`); err == nil {
				t.Errorf("TRUNCATE audit_log succeeded")
			}
		}
		if got, _ := db.AuditLog(ctx, tenant, AuditFilter{Limit: 1000}); len(got) != len(log) {
			t.Fatalf("audit log has %d entries after the refused changes, want %d", len(got), len(log))
		}
	})
}

// keyedTestDoc reads an employer's audit document or patch.
type keyedTestDoc struct {
	Employer employerDoc          `json:"employer"`
	Workers  map[string]workerDoc `json:"workers"`
}

func containsJSONKey(t *testing.T, doc json.RawMessage, key string) bool {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	_, ok := m[key]
	return ok
}

// tokenHash is the SHA-256 of token, as package auth makes it.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
