package store

import (
	"context"
	"crypto/sha256"
	"slices"
	"strconv"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestCalendarFeeds: a feed finds its user (with the user's employer
// limit) by its secret's hash; a new feed ends the old one, revoking ends
// it, deleting the user ends it; another tenant's user gets none; each
// change is in the audit log.
func TestCalendarFeeds(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant, other := mustTenant(t, db, "T"), mustTenant(t, db, "Other")
		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		u := &User{Email: "viewer@example.com", Role: domain.RoleViewer, Employers: []string{rec.Employer.BIN}}
		if err := db.CreateUser(ctx, tenant, SystemActor, u); err != nil {
			t.Fatal(err)
		}
		first, second := sha256.Sum256([]byte("first")), sha256.Sum256([]byte("second"))
		me := Actor{UserID: u.ID, Name: u.Email}

		if _, err := db.CalendarFeedOf(ctx, tenant, u.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a feed before any was made: %v", err)
		}
		f, err := db.ReplaceCalendarFeed(ctx, tenant, me, u.ID, first[:], "ru")
		if err != nil {
			t.Fatal(err)
		}
		got, feed, err := db.UserByCalendarFeedHash(ctx, first[:])
		if err != nil || got.ID != u.ID || got.TenantID != tenant || got.Role != domain.RoleViewer ||
			!slices.Equal(got.Employers, []string{rec.Employer.BIN}) || feed.ID != f.ID || feed.UserID != u.ID || feed.Lang != "ru" {
			t.Fatalf("feed's user: %+v, %+v, %v", got, feed, err)
		}
		if of, err := db.CalendarFeedOf(ctx, tenant, u.ID); err != nil || of.ID != f.ID {
			t.Fatalf("CalendarFeedOf: %+v, %v", of, err)
		}
		if _, err := db.CalendarFeedOf(ctx, other, u.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another tenant's CalendarFeedOf: %v", err)
		}

		// A new one ends the old one.
		if _, err := db.ReplaceCalendarFeed(ctx, tenant, me, u.ID, second[:], "kk"); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.UserByCalendarFeedHash(ctx, first[:])
		wantCode(t, err, domain.ENOTFOUND)
		if got, _, err := db.UserByCalendarFeedHash(ctx, second[:]); err != nil || got.ID != u.ID {
			t.Fatalf("the new feed: %+v, %v", got, err)
		}
		// A hash another user's feed has is refused.
		owner := &User{Email: "owner@example.com", Role: domain.RoleOwner}
		if err := db.CreateUser(ctx, tenant, SystemActor, owner); err != nil {
			t.Fatal(err)
		}
		_, err = db.ReplaceCalendarFeed(ctx, tenant, SystemActor, owner.ID, second[:], "kk")
		wantCode(t, err, domain.ECONFLICT)
		if got, _, err := db.UserByCalendarFeedHash(ctx, second[:]); err != nil || got.ID != u.ID {
			t.Fatalf("a refused feed changed another's: %+v, %v", got, err)
		}
		// Not the tenant's user; not a hash.
		_, err = db.ReplaceCalendarFeed(ctx, other, SystemActor, u.ID, first[:], "ru")
		wantCode(t, err, domain.ENOTFOUND)
		wantCode(t, db.RevokeCalendarFeed(ctx, other, SystemActor, u.ID), domain.ENOTFOUND)
		_, err = db.ReplaceCalendarFeed(ctx, tenant, me, u.ID, []byte("short"), "ru")
		wantCode(t, err, domain.EINVALID)
		_, err = db.ReplaceCalendarFeed(ctx, tenant, me, u.ID, first[:], "de")
		wantCode(t, err, domain.EINVALID)
		_, _, err = db.UserByCalendarFeedHash(ctx, []byte("short"))
		wantCode(t, err, domain.EINVALID)

		// Revoking ends it; twice is no error.
		if err := db.RevokeCalendarFeed(ctx, tenant, me, u.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.UserByCalendarFeedHash(ctx, second[:])
		wantCode(t, err, domain.ENOTFOUND)
		if err := db.RevokeCalendarFeed(ctx, tenant, me, u.ID); err != nil {
			t.Fatal(err)
		}

		// Deleting the user ends the feed.
		if _, err := db.ReplaceCalendarFeed(ctx, tenant, me, u.ID, first[:], "ru"); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteUser(ctx, tenant, Actor{UserID: owner.ID, Name: owner.Email}, u.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.UserByCalendarFeedHash(ctx, first[:])
		wantCode(t, err, domain.ENOTFOUND)

		log, err := db.AuditLog(ctx, tenant, AuditFilter{Entity: EntityCalendarFeed, Key: strconv.FormatInt(u.ID, 10)})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		// Newest first: create, revoke, revoke (by the new one), create.
		if want := []string{ActionCreate, ActionRevoke, ActionCreate, ActionRevoke, ActionCreate}; !slices.Equal(actions, want) {
			t.Fatalf("audit actions %v, want %v", actions, want)
		}
	})
}
