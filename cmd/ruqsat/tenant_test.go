package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/store"
)

// tenantData returns a new data directory whose registry has the tenants
// named: commands other than `user add` refuse a tenant that does not
// exist.
func tenantData(t testing.TB, names ...string) string {
	t.Helper()
	data := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "ruqsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, n := range names {
		if _, err := db.CreateTenant(ctx, store.SystemActor, n); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// TestTenantByRef: --tenant takes the slug or the name; an unknown one is
// refused and not created, except by `user add`; `tenant list` prints
// SLUG<TAB>NAME; a renamed tenant is still found by its slug.
func TestTenantByRef(t *testing.T) {
	data := tenantData(t, "Дала Консалт", "Acme")
	example := "../../examples/steppe-drilling.yaml"
	if code, out, errs := run(t, "", "import", "--data", data, "--tenant", "dala-konsalt", example); code != 0 {
		t.Fatalf("import by slug: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, "", "export", "--data", data, "--tenant", "Дала Консалт", "--employer", "940140000385"); code != 0 || !strings.Contains(out, "940140000385") {
		t.Fatalf("export by name: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs := run(t, "", "import", "--data", data, "--tenant", "Dala", example)
	if code != 1 || !strings.Contains(errs, `no tenant with the slug or name "Dala"`) {
		t.Fatalf("import into an unknown tenant: exit %d %s", code, errs)
	}
	code, _, errs = run(t, "", "import", "--data", data, "--tenant", "Дала", "--lang", "ru", example)
	if code != 1 || !strings.Contains(errs, "нет организации с адресом или именем «Дала»") {
		t.Fatalf("in Russian: exit %d %s", code, errs)
	}
	if code, out, errs := run(t, "correct horse battery staple\n", "user", "add", "--data", data, "--tenant", "acme", "--email", "o@acme.kz", "--role", "owner"); code != 0 || !strings.Contains(out, "Acme") {
		t.Fatalf("user add by slug: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, "correct horse battery staple\n", "user", "add", "--data", data, "--tenant", "Жаңа Серіктес", "--email", "o@new.kz", "--role", "owner"); code != 0 {
		t.Fatalf("user add creates a tenant: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := run(t, "", "tenant", "list", "--data", data)
	if want := "acme\tAcme\ndala-konsalt\tДала Консалт\nzhana-seriktes\tЖаңа Серіктес\n"; code != 0 || out != want {
		t.Fatalf("tenant list: exit %d %s\n%q, want %q", code, errs, out, want)
	}

	// Renamed in the settings, the tenant is found by its slug and its new
	// name; its old name is refused rather than forked.
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "ruqsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	tn, err := db.TenantByRef(ctx, "dala-konsalt")
	if err != nil {
		t.Fatal(err)
	}
	name := "Dala Advisory"
	if _, err := db.UpdateTenant(ctx, tn.ID, store.SystemActor, store.TenantChange{Name: &name}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, ref := range []string{"dala-konsalt", "Dala Advisory"} {
		if code, out, errs := run(t, "", "import", "--data", data, "--tenant", ref, example); code != 0 {
			t.Errorf("import into %q after the rename: exit %d\n%s%s", ref, code, out, errs)
		}
	}
	if code, _, _ := run(t, "", "import", "--data", data, "--tenant", "Дала Консалт", example); code != 1 {
		t.Errorf("the old name: exit %d, want 1", code)
	}
	if code, _, _ := run(t, "", "tenant", "--data", data); code != 2 {
		t.Errorf("tenant without list: exit %d, want 2", code)
	}
}
