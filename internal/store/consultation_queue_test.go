package store

import (
	"context"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestConsultationQueue(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant, other := mustTenant(t, db, "T"), mustTenant(t, db, "U")
		r := &ConsultationRequest{Name: "Айгерім", Contact: "+7 701 000 0000", Consent: Consent{TextVersion: "v1", Purpose: "p"}}
		if err := db.CreateConsultationRequest(ctx, tenant, SystemActor, r); err != nil {
			t.Fatal(err)
		}
		if r.Status != StatusNew || r.AssigneeID != 0 {
			t.Fatalf("new request: %+v", r)
		}
		u := mustUser(t, db, tenant, "c@t.kz", domain.RoleEditor)
		stranger := mustUser(t, db, other, "c@u.kz", domain.RoleEditor)
		st, id := StatusInProgress, u.ID
		got, err := db.UpdateConsultationRequest(ctx, tenant, SystemActor, r.ID, ConsultationChange{Status: &st, AssigneeID: &id})
		if err != nil || got.Status != StatusInProgress || got.AssigneeID != u.ID || got.Assignee != "c@t.kz" {
			t.Fatalf("update: %+v, %v", got, err)
		}
		if list, _ := db.ConsultationRequests(ctx, tenant, 0, 0); len(list) != 1 || list[0].Assignee != "c@t.kz" {
			t.Errorf("list: %+v", list)
		}
		bad := "closed"
		if _, err := db.UpdateConsultationRequest(ctx, tenant, SystemActor, r.ID, ConsultationChange{Status: &bad}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("unknown status: %v", err)
		}
		if _, err := db.UpdateConsultationRequest(ctx, tenant, SystemActor, r.ID, ConsultationChange{AssigneeID: &stranger.ID}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another tenant's user: %v", err)
		}
		if _, err := db.UpdateConsultationRequest(ctx, other, SystemActor, r.ID, ConsultationChange{Status: &st}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another tenant's request: %v", err)
		}
		// The assignee leaves: the request is nobody's.
		if err := db.DeleteUser(ctx, tenant, SystemActor, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ConsultationRequest(ctx, tenant, r.ID); err != nil || got.AssigneeID != 0 || got.Status != StatusInProgress {
			t.Errorf("after the assignee left: %+v, %v", got, err)
		}
		none := int64(0)
		if got, err := db.UpdateConsultationRequest(ctx, tenant, SystemActor, r.ID, ConsultationChange{AssigneeID: &none}); err != nil || got.AssigneeID != 0 {
			t.Errorf("unassign: %+v, %v", got, err)
		}
	})
}
