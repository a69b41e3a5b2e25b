package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestDigestClaims: the digest setting defaults to on in Russian and is the
// user's own; the recipients are the users who have it on, with their
// employer limit, language and last day sent; a (user, day) is claimed once
// however many claim it at once; a released claim may be claimed again, a
// sent one is never released, and only sent days count as the last digest.
func TestDigestClaims(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant, other := mustTenant(t, db, "T"), mustTenant(t, db, "Other")
		rec := steppe(t)
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		mk := func(tn int64, email string, emps []string) *User {
			u := &User{Email: email, Role: domain.RoleViewer, Employers: emps}
			if err := db.CreateUser(ctx, tn, SystemActor, u); err != nil {
				t.Fatal(err)
			}
			return u
		}
		limited, off, elsewhere := mk(tenant, "limited@t.kz", []string{rec.Employer.BIN}), mk(tenant, "off@t.kz", nil), mk(other, "x@other.kz", nil)

		if n, err := db.NotificationsOf(ctx, tenant, limited.ID); err != nil || !n.Digest || n.Lang != "ru" {
			t.Fatalf("default setting %+v, %v", n, err)
		}
		if _, err := db.NotificationsOf(ctx, other, limited.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another tenant's user's setting: %v", err)
		}
		if err := db.SetNotifications(ctx, other, off.ID, Notifications{Digest: false, Lang: "ru"}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("setting another tenant's user: %v", err)
		}
		if err := db.SetNotifications(ctx, tenant, off.ID, Notifications{Digest: true, Lang: "fr"}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a language not kk, ru or en: %v", err)
		}
		for _, n := range []Notifications{{Digest: true, Lang: "en"}, {Digest: false, Lang: "kk"}} {
			if err := db.SetNotifications(ctx, tenant, off.ID, n); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.NotificationsOf(ctx, tenant, off.ID); err != nil || n.Digest || n.Lang != "kk" {
			t.Errorf("changed setting %+v, %v", n, err)
		}

		day := domain.MustDate("2026-12-07")
		rs, err := db.DigestRecipients(ctx, day, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 2 || rs[0].User.Email != "limited@t.kz" || rs[1].User.Email != "x@other.kz" || rs[0].Lang != "ru" ||
			len(rs[0].User.Employers) != 1 || rs[1].User.Employers != nil || !rs[0].LastSent.IsZero() {
			t.Fatalf("recipients %+v", rs)
		}
		if rs, _ := db.DigestRecipients(ctx, day, " X@Other.KZ "); len(rs) != 1 || rs[0].User.ID != elsewhere.ID {
			t.Errorf("recipients by email: %+v", rs)
		}

		// Eight claim the same (user, day) at once: one gets it.
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for range 8 {
			wg.Go(func() {
				ok, err := db.ClaimDigest(ctx, limited.ID, day)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					won++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if won != 1 {
			t.Fatalf("%d claims of one (user, day) succeeded", won)
		}
		// Released (never sent): claimed again; sent: never released.
		if err := db.ReleaseDigest(ctx, limited.ID, day); err != nil {
			t.Fatal(err)
		}
		if ok, err := db.ClaimDigest(ctx, limited.ID, day); err != nil || !ok {
			t.Fatalf("claim after release: %t, %v", ok, err)
		}
		if rs, _ := db.DigestRecipients(ctx, day.AddDays(1), "limited@t.kz"); !rs[0].LastSent.IsZero() {
			t.Errorf("a claim not sent counts as the last digest: %s", rs[0].LastSent)
		}
		if err := db.DigestsSent(ctx, day, []int64{limited.ID}, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := db.ReleaseDigest(ctx, limited.ID, day); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.ClaimDigest(ctx, limited.ID, day); ok {
			t.Error("a sent digest was released")
		}
		if rs, _ := db.DigestRecipients(ctx, day.AddDays(3), "limited@t.kz"); rs[0].LastSent != day {
			t.Errorf("last sent %s, want %s", rs[0].LastSent, day)
		}
		if rs, _ := db.DigestRecipients(ctx, day, "limited@t.kz"); !rs[0].LastSent.IsZero() {
			t.Errorf("the day itself counts as its own last digest")
		}
		// Deleting the user deletes their setting and claims.
		if err := db.DeleteUser(ctx, tenant, SystemActor, limited.ID); err != nil {
			t.Fatal(err)
		}
		if rs, _ := db.DigestRecipients(ctx, day, ""); len(rs) != 1 {
			t.Errorf("after deleting a user: %+v", rs)
		}
	})
}
