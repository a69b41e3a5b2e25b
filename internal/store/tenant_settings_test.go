package store

import (
	"context"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestSlugify(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Acme Migration", "acme-migration"},
		{"ТОО «Дала Бурение»", "too-dala-burenie"},
		{"Қазақ Көші-қон Кеңесі", "qazaq-koshi-qon-kenesi"},
		{"Щука и Ёж", "shchuka-i-yozh"},
		{"A", "tenant-a"},
		{"", "tenant"},
		{"北京", "tenant"},
		{"  --Ok--  ", "tenant-ok"},
		{strings.Repeat("долгое имя ", 10), "dolgoe-imya-dolgoe-imya-dolgoe-imya-dolg"},
	} {
		want := tc.want
		got := Slugify(tc.name)
		if got != want {
			t.Errorf("Slugify(%q) = %q, want %q", tc.name, got, want)
		}
		if err := CheckSlug(got); err != nil {
			t.Errorf("Slugify(%q) = %q, which CheckSlug refuses: %v", tc.name, got, err)
		}
	}
	for _, bad := range []string{"ab", "Acme", "acme_kz", "дала", strings.Repeat("a", 41), "a b"} {
		if CheckSlug(bad) == nil {
			t.Errorf("CheckSlug(%q) accepts it", bad)
		}
	}
}

func TestTenantSettings(t *testing.T) {
	engines(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, err := db.CreateTenant(ctx, SystemActor, "Дала Консалт")
		if err != nil {
			t.Fatal(err)
		}
		if a.Slug != "dala-konsalt" {
			t.Errorf("slug of a new tenant: %q", a.Slug)
		}
		// A name that gives the same slug gets a number.
		b, err := db.CreateTenant(ctx, SystemActor, "Dala  Konsalt")
		if err != nil || b.Slug != "dala-konsalt-2" {
			t.Fatalf("second tenant: %+v, %v", b, err)
		}
		if got, err := db.TenantBySlug(ctx, "dala-konsalt-2"); err != nil || got.ID != b.ID {
			t.Errorf("by slug: %+v, %v", got, err)
		}
		for _, ref := range []string{"dala-konsalt", "Дала Консалт", " Дала Консалт "} {
			if got, err := db.TenantByRef(ctx, ref); err != nil || got.ID != a.ID {
				t.Errorf("by ref %q: %+v, %v", ref, got, err)
			}
		}
		if _, err := db.TenantByRef(ctx, "nobody"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("unknown ref: %v", err)
		}

		name, slug, legal, bin := "Dala Advisory", "dala", "ТОО «Дала Консалт»", "940140000385"
		got, err := db.UpdateTenant(ctx, a.ID, SystemActor, TenantChange{Name: &name, Slug: &slug, LegalName: &legal, LegalBIN: &bin})
		if err != nil || got.Name != name || got.Slug != slug || got.LegalName != legal || got.LegalBIN != bin {
			t.Fatalf("update: %+v, %v", got, err)
		}
		// Renamed, it is the same tenant, found by its slug and new name.
		if got, err := db.TenantByRef(ctx, "Dala Advisory"); err != nil || got.ID != a.ID {
			t.Errorf("renamed tenant by name: %+v, %v", got, err)
		}
		taken := "dala-konsalt-2"
		if _, err := db.UpdateTenant(ctx, a.ID, SystemActor, TenantChange{Slug: &taken}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("taken slug: %v, want ECONFLICT", err)
		}
		takenName := "Dala  Konsalt"
		if _, err := db.UpdateTenant(ctx, a.ID, SystemActor, TenantChange{Name: &takenName}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("taken name: %v, want ECONFLICT", err)
		}
		for _, c := range []TenantChange{{Slug: ptr("Dala")}, {Slug: ptr("ab")}, {Name: ptr(" ")}, {LegalBIN: ptr("940140000386")}} {
			if _, err := db.UpdateTenant(ctx, a.ID, SystemActor, c); domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("update %+v: %v, want EINVALID", c, err)
			}
		}
		list, err := db.Tenants(ctx)
		if err != nil || len(list) != 2 || list[0].Slug != "dala" || list[1].Slug != "dala-konsalt-2" {
			t.Fatalf("tenants: %+v, %v", list, err)
		}

		// A tenant from before slugs gets one when the store opens.
		if _, err := db.w.ExecContext(ctx, `UPDATE tenants SET slug = NULL WHERE id = $1`, b.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Tenant(ctx, b.ID); err != nil || got.Slug != "dala-konsalt" {
			t.Errorf("slug filled at open: %+v, %v", got, err)
		}
	})
}

func ptr(s string) *string { return &s }

// FuzzSlugify: whatever a tenant is named, its slug passes CheckSlug and
// is its own slug; CheckSlug never panics and accepts only what it says.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Acme Migration", "ТОО «Дала Бурение»", "Қазақ Көші-қон", "A", "", "北京", "--x--", "щщщщщщщщщщщщщщщщщщщщ", "ЁЖИК ёжик", "a\x00b", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		slug := Slugify(name)
		if err := CheckSlug(slug); err != nil {
			t.Fatalf("Slugify(%q) = %q: %v", name, slug, err)
		}
		if again := Slugify(slug); again != slug {
			t.Fatalf("Slugify(%q) = %q, but Slugify(%q) = %q", name, slug, slug, again)
		}
		if CheckSlug(name) == nil {
			for _, c := range []byte(name) {
				if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
					t.Fatalf("CheckSlug accepts %q", name)
				}
			}
		}
	})
}
