package store

import (
	"context"
	"strings"
	"testing"

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

		req := &ConsultationRequest{Name: "Aigerim Nurlanovna", Contact: "+7 701 000 00 00", Company: "Steppe Drilling",
			Message: "permits for 3 welders", Consent: Consent{TextVersion: "2026-01", Purpose: "to answer this request"}}
		if err := db.CreateConsultationRequest(ctx, tenant, me, req); err != nil {
			t.Fatal(err)
		}
		got, err := db.ConsultationRequests(ctx, tenant, 0)
		if err != nil || len(got) != 1 || got[0].Name != req.Name || got[0].Message != req.Message || got[0].Consent.Revoked() {
			t.Fatalf("requests %+v, %v", got, err)
		}
		if got, _ := db.ConsultationRequests(ctx, other, 0); len(got) != 0 {
			t.Fatalf("another tenant sees %+v", got)
		}
		wantCode(t, db.RevokeConsent(ctx, other, me, req.ID), domain.ENOTFOUND)

		if err := db.RevokeConsent(ctx, tenant, me, req.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = db.ConsultationRequests(ctx, tenant, 0)
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
		if got, _ := db.ConsultationRequests(ctx, tenant, 0); !got[0].Consent.RevokedAt.Equal(first) {
			t.Fatalf("a second revocation moved the time: %v, then %v", first, got[0].Consent.RevokedAt)
		}

		// The append-only audit log never held the personal data.
		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityConsultation, Limit: 100})
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
