package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

func TestConsultationConsent(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant, other := mustTenant(t, db, "Consultancy"), mustTenant(t, db, "Other")
		me := Actor{Name: "consultant"}

		for _, bad := range []ConsultationRequest{
			{Contact: "a@example.com", Consent: Consent{TextVersion: "v1", Purpose: "p"}},
			{Name: "A", Consent: Consent{TextVersion: "v1", Purpose: "p"}},
			{Name: "A", Contact: "a@example.com", Consent: Consent{Purpose: "p"}},
			{Name: "A", Contact: "a@example.com", Consent: Consent{TextVersion: "v1"}},
		} {
			wantCode(t, db.CreateConsultationRequest(ctx, tenant, me, &bad), domain.EINVALID)
		}

		given := time.Date(2026, 2, 3, 4, 5, 6, 789123456, time.FixedZone("UTC+5", 5*3600))
		req := &ConsultationRequest{Name: "Aigerim Nurlanovna", Contact: "+7 701 000 00 00", Company: "Steppe Drilling",
			Message: "permits for 3 welders", Consent: Consent{TextVersion: "2026-01", Purpose: "to answer this request", GivenAt: given}}
		if err := db.CreateConsultationRequest(ctx, tenant, me, req); err != nil {
			t.Fatal(err)
		}
		got, err := db.ConsultationRequests(ctx, tenant, 0, 0)
		if err != nil || len(got) != 1 || got[0].ID != req.ID || got[0].Name != req.Name || got[0].Message != req.Message ||
			!got[0].Consent.GivenAt.Equal(given.Truncate(time.Microsecond)) || got[0].Consent.Revoked() {
			t.Fatalf("requests %+v, %v", got, err)
		}
		if got, _ := db.ConsultationRequests(ctx, other, 0, 0); len(got) != 0 {
			t.Fatalf("another tenant sees %+v", got)
		}
		wantCode(t, db.RevokeConsent(ctx, other, me, req.ID), domain.ENOTFOUND)

		if err := db.RevokeConsent(ctx, tenant, me, req.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = db.ConsultationRequests(ctx, tenant, 0, 0)
		r := got[0]
		if !r.Consent.Revoked() || r.Name != "" || r.Contact != "" || r.Company != "" || r.Message != "" {
			t.Fatalf("after revocation: %+v", r)
		}
		if r.Consent.TextVersion != "2026-01" || r.Consent.Purpose == "" || r.Consent.GivenAt.IsZero() {
			t.Fatalf("the consent record is gone: %+v", r.Consent)
		}
		first := r.Consent.RevokedAt
		if err := db.RevokeConsent(ctx, tenant, me, req.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.ConsultationRequests(ctx, tenant, 0, 0); !got[0].Consent.RevokedAt.Equal(first) {
			t.Fatalf("a second revocation moved the time: %v, then %v", first, got[0].Consent.RevokedAt)
		}

		// Pages, newest first.
		for i := range 3 {
			r := &ConsultationRequest{Name: "N", Contact: "c" + strconv.Itoa(i), Consent: Consent{TextVersion: "v", Purpose: "p"}}
			if err := db.CreateConsultationRequest(ctx, tenant, me, r); err != nil {
				t.Fatal(err)
			}
		}
		page1, _ := db.ConsultationRequests(ctx, tenant, 0, 2)
		page2, _ := db.ConsultationRequests(ctx, tenant, page1[1].ID, 2)
		if len(page1) != 2 || len(page2) != 2 || page1[0].Contact != "c2" || page2[0].Contact != "c0" || page2[1].ID != req.ID {
			t.Fatalf("pages %+v then %+v", page1, page2)
		}

		// The append-only audit log never held the personal data.
		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityConsultation, Key: itoa(req.ID), Limit: 100})
		if err != nil || len(log) != 2 {
			t.Fatalf("audit: %d entries, %v", len(log), err)
		}
		for _, e := range log {
			doc := string(e.Before) + string(e.After)
			for _, personal := range []string{req.Name, req.Contact, req.Company, req.Message} {
				if strings.Contains(doc, personal) {
					t.Errorf("audit entry %s holds %q: %s", e.Action, personal, doc)
				}
			}
		}
	})
}

// TestRevokeConsentLeavesNoTrace: once consent is revoked, the request's
// personal data are in no byte of the database's files: on SQLite the
// database file and its write-ahead log, on PostgreSQL the pages of the
// table (read with pageinspect, in a database of the test's own). The
// strings are looked for first while they are stored, so that the test
// reads the right bytes.
func TestRevokeConsentLeavesNoTrace(t *testing.T) {
	personal := func(i int) *ConsultationRequest {
		n := strconv.Itoa(7731 + i)
		return &ConsultationRequest{Name: "Zhanar Erasable-" + n, Contact: "zhanar." + n + "@example.kz",
			Company: "Qyzyl Tan " + n + " LLP", Message: "please call about " + n + " welders" + strings.Repeat(" and their permits", 20),
			Consent: Consent{TextVersion: "2026-01", Purpose: "to answer this request"}}
	}
	strs := func(r *ConsultationRequest) []string { return []string{r.Name, r.Contact, r.Company, r.Message} }
	// run stores two requests, the first one checkpointed (SQLite) before
	// the second is written, and checks that bytes() holds their personal
	// data before the revocations and none of it after.
	run := func(t *testing.T, db *DB, checkpoint func(), bytes func() []byte) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		// Requests whose consent stands come first: on PostgreSQL, the
		// revoked requests' old versions then lie below the live rows in
		// their page, where a plain VACUUM's compaction leaves them.
		var keep *ConsultationRequest
		for i := range 3 {
			keep = &ConsultationRequest{Name: "Kept Person " + strconv.Itoa(i), Contact: "kept@example.kz", Consent: Consent{TextVersion: "v", Purpose: "p"}}
			if err := db.CreateConsultationRequest(ctx, tenant, SystemActor, keep); err != nil {
				t.Fatal(err)
			}
		}
		var reqs []*ConsultationRequest
		for i := range 2 {
			r := personal(i)
			if err := db.CreateConsultationRequest(ctx, tenant, SystemActor, r); err != nil {
				t.Fatal(err)
			}
			reqs = append(reqs, r)
			if i == 0 {
				checkpoint()
			}
		}
		b := bytes()
		for _, r := range reqs {
			for _, s := range strs(r) {
				if !strings.Contains(string(b), s) {
					t.Fatalf("before the revocation, %q is not found: the test reads the wrong bytes", s)
				}
			}
		}
		for _, r := range reqs {
			if err := db.RevokeConsent(ctx, tenant, SystemActor, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		b = bytes()
		for _, r := range reqs {
			for _, s := range strs(r) {
				if i := strings.Index(string(b), s); i >= 0 {
					t.Errorf("after the revocation, %q is still at byte %d", s, i)
				}
			}
		}
		if !strings.Contains(string(b), keep.Name) {
			t.Errorf("the request whose consent stands is gone")
		}
	}

	t.Run("sqlite", func(t *testing.T) {
		url := testdb.SQLite(t)
		db := openURL(t, url)
		path := strings.TrimPrefix(url, "sqlite:")
		checkpoint := func() {
			if _, err := db.w.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
		}
		run(t, db, checkpoint, func() []byte {
			var all []byte
			for _, f := range []string{path, path + "-wal"} {
				b, err := os.ReadFile(f)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				all = append(all, b...)
			}
			return all
		})
	})

	t.Run("postgres", func(t *testing.T) {
		url := scratchPostgresDatabase(t)
		db := openURL(t, url)
		ctx := context.Background()
		if _, err := db.w.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pageinspect`); err != nil {
			t.Skipf("pageinspect is not available on this server: %v", err)
		}
		run(t, db, func() {}, func() []byte {
			var pages int64
			if err := db.r.QueryRowContext(ctx, `SELECT pg_relation_size('consultation_requests') / current_setting('block_size')::int`).Scan(&pages); err != nil {
				t.Fatal(err)
			}
			var all []byte
			for n := range pages {
				var page []byte
				if err := db.r.QueryRowContext(ctx, `SELECT get_raw_page('consultation_requests', $1::int)`, n).Scan(&page); err != nil {
					t.Fatal(err)
				}
				all = append(all, page...)
			}
			return all
		})
	})
}

// scratchPostgresDatabase returns the URL of a new database on the test
// server, dropped when t ends: for a test that installs an extension, which
// a schema of the shared test database (testdb) cannot take alone.
func scratchPostgresDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	testdb.Postgres(t) // skips, or fails in CI, when the server is not there
	base, err := url.Parse(testdb.PostgresServer())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", base.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	rand.Read(b[:])
	name := "ruqsat_scratch_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	base.Path = "/" + name
	return base.String()
}
