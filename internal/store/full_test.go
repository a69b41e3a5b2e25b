package store

import (
	"context"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
)

// TestFullRoundTrip stores records with every field of the model set and
// loads them back, on both engines: a field the store forgets fails here.
func TestFullRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		in := domaintest.Full()
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, in); err != nil {
			t.Fatal(err)
		}
		out, _, err := db.EmployerRecords(ctx, tenant, in.Employer.BIN)
		if err != nil {
			t.Fatal(err)
		}
		requireSame(t, "full records", in, out)
	})
}
