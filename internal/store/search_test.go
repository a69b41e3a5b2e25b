package store

import (
	"context"
	"testing"
)

// TestSearchFoldsEveryScript: the employers search finds Russian and
// Kazakh names in any case, and ё as е, the same on both engines; rows
// written before the search column get theirs when the store opens.
func TestSearchFoldsEveryScript(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		tenant := mustTenant(t, db, "t")
		rec := steppe(t)
		rec.Employer.Name = "ТОО «Қазақ Бурение Ёлка»"
		if err := db.ReplaceEmployerRecords(ctx, tenant, SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{
			"қазақ": 1, "ҚАЗАҚ": 1, "бурение": 1, "БУРЕНИЕ": 1, "елка": 1, "ЁЛКА": 1, "  қазақ   бурение ": 1,
			rec.Employer.BIN[3:9]: 1, "дала": 0, "%": 0, "_": 0,
		} {
			_, n, err := db.ListEmployers(ctx, tenant, EmployerFilter{Query: q})
			if err != nil || n != want {
				t.Errorf("search %q: %d found, %v; want %d", q, n, err, want)
			}
		}
		// A row from before the column: indexed when the store opens.
		if _, err := db.w.ExecContext(ctx, `UPDATE employers SET search = NULL`); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := db.ListEmployers(ctx, tenant, EmployerFilter{Query: "ҚАЗАҚ"}); n != 1 {
			t.Errorf("after indexing old rows: %d found, want 1", n)
		}
	})
}
