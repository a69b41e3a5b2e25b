package store

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
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
