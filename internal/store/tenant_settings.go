package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Slug limits: a tenant's public address (/c/SLUG) is 3 to 40 lower-case
// Latin letters, digits and hyphens.
const (
	MinSlugLen = 3
	MaxSlugLen = 40
)

// CheckSlug returns EINVALID unless s is a slug: 3 to 40 characters, each a
// lower-case Latin letter, a digit or a hyphen.
func CheckSlug(s string) error {
	ok := len(s) >= MinSlugLen && len(s) <= MaxSlugLen
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-'
	}
	if !ok {
		return invalid("public address %q: expected %d to %d lower-case Latin letters, digits and hyphens", s, MinSlugLen, MaxSlugLen).
			Say("error.slug", "Code", s, "N", MinSlugLen, "Of", MaxSlugLen)
	}
	return nil
}

// translit writes Kazakh and Russian Cyrillic letters in Latin ones, as
// Kazakhstan's Latin alphabet and the usual Russian romanization write
// them, without diacritics (a slug is ASCII).
var translit = map[rune]string{
	'а': "a", 'ә': "a", 'б': "b", 'в': "v", 'г': "g", 'ғ': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "i", 'к': "k", 'қ': "q", 'л': "l", 'м': "m", 'н': "n",
	'ң': "n", 'о': "o", 'ө': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ұ': "u",
	'ү': "u", 'ф': "f", 'х': "kh", 'һ': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'і': "i", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
}

// Slugify returns a slug made of a tenant's name: Kazakh and Russian
// letters transliterated, lower case, every other run of characters a
// hyphen, at most MaxSlugLen characters; a name that gives fewer than
// MinSlugLen is prefixed with "tenant-" ("tenant" when it gives none).
// The result always passes CheckSlug.
func Slugify(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		var s string
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			s = string(r)
		default:
			t, ok := translit[r]
			if !ok {
				hyphen = b.Len() > 0
				continue
			}
			s = t
		}
		if s == "" {
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
	}
	slug := trimSlug(b.String(), MaxSlugLen)
	switch {
	case slug == "":
		return "tenant"
	case len(slug) < MinSlugLen:
		return "tenant-" + slug
	}
	return slug
}

// trimSlug cuts s to at most n bytes without a hyphen at its end.
func trimSlug(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.TrimRight(s, "-")
}

// freeSlug returns base, or base with "-2", "-3"... when another tenant
// than except has it.
func freeSlug(ctx context.Context, q querier, base string, except int64) (string, error) {
	for n := 1; ; n++ {
		slug := base
		if n > 1 {
			suffix := "-" + strconv.Itoa(n)
			slug = trimSlug(base, MaxSlugLen-len(suffix)) + suffix
		}
		var one int
		err := q.QueryRowContext(ctx, `SELECT 1 FROM tenants WHERE slug = $1 AND id <> $2`, slug, except).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return slug, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// fillSlugs gives the tenants created before slugs existed (migration
// 00008) theirs, transliterated from their names. It does nothing once
// every tenant has one.
func (db *DB) fillSlugs(ctx context.Context) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name FROM tenants WHERE slug IS NULL ORDER BY id`)
		if err != nil {
			return db.dbError(err, "read tenants without a slug")
		}
		type row struct {
			id   int64
			name string
		}
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.name); err != nil {
				rows.Close()
				return db.dbError(err, "read tenants without a slug")
			}
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.dbError(err, "read tenants without a slug")
		}
		for _, r := range todo {
			slug, err := freeSlug(ctx, tx, Slugify(r.name), r.id)
			if err != nil {
				return db.dbError(err, "find a slug")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE tenants SET slug = $2 WHERE id = $1`, r.id, slug); err != nil {
				return db.dbError(err, "give tenant a slug")
			}
		}
		return nil
	})
}

const tenantColumns = `id, name, created_at, COALESCE(slug, ''), legal_name, legal_bin`

// tenantWhere reads the one tenant that matches where; sql.ErrNoRows when
// none does.
func (db *DB) tenantWhere(ctx context.Context, where string, args ...any) (*Tenant, error) {
	t := &Tenant{}
	err := db.r.QueryRowContext(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE `+where, args...).
		Scan(&t.ID, &t.Name, timeCol{&t.CreatedAt}, &t.Slug, &t.LegalName, &t.LegalBIN)
	return t, err
}

// Tenant returns the tenant with this id, or ENOTFOUND.
func (db *DB) Tenant(ctx context.Context, id int64) (*Tenant, error) {
	t, err := db.tenantWhere(ctx, `id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("no such tenant").Say("error.no_tenant_any")
	}
	if err != nil {
		return nil, db.dbError(err, "find tenant")
	}
	return t, nil
}

// TenantBySlug returns the tenant whose public address is slug, or
// ENOTFOUND (for a string that is no slug too).
func (db *DB) TenantBySlug(ctx context.Context, slug string) (*Tenant, error) {
	if CheckSlug(slug) != nil {
		return nil, notFound("no tenant at %q", slug).Say("error.no_tenant", "Name", slug)
	}
	t, err := db.tenantWhere(ctx, `slug = $1`, slug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("no tenant at %q", slug).Say("error.no_tenant", "Name", slug)
	}
	if err != nil {
		return nil, db.dbError(err, "find tenant")
	}
	return t, nil
}

// TenantByRef returns the tenant a command line names: by its slug, else
// by its name. It returns ENOTFOUND when neither finds one, so that a
// renamed tenant is not silently created again under its old name.
func (db *DB) TenantByRef(ctx context.Context, ref string) (*Tenant, error) {
	ref = strings.TrimSpace(ref)
	if t, err := db.TenantBySlug(ctx, ref); err == nil || domain.ErrorCode(err) != domain.ENOTFOUND {
		return t, err
	}
	return db.TenantByName(ctx, ref)
}

// Tenants returns every tenant, by slug. It returns only wrapped driver
// errors.
func (db *DB) Tenants(ctx context.Context) ([]Tenant, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+tenantColumns+` FROM tenants ORDER BY slug, id`)
	if err != nil {
		return nil, db.dbError(err, "list tenants")
	}
	defer rows.Close()
	var out []Tenant
	for rows.Next() {
		var t Tenant
		if err := rows.Scan(&t.ID, &t.Name, timeCol{&t.CreatedAt}, &t.Slug, &t.LegalName, &t.LegalBIN); err != nil {
			return nil, db.dbError(err, "list tenants")
		}
		out = append(out, t)
	}
	return out, db.dbError(rows.Err(), "list tenants")
}

// TenantChange is a change of a tenant's settings; nil fields stay.
type TenantChange struct {
	Name      *string
	Slug      *string
	LegalName *string
	LegalBIN  *string // "" clears it
}

type tenantSettingsDoc struct {
	Name      string `json:"name"`
	Slug      string `json:"slug"`
	LegalName string `json:"legal_name,omitempty"`
	LegalBIN  string `json:"legal_bin,omitempty"`
}

func newTenantSettingsDoc(t *Tenant) tenantSettingsDoc {
	return tenantSettingsDoc{t.Name, t.Slug, t.LegalName, t.LegalBIN}
}

// UpdateTenant changes the settings of tenant id and returns it as stored.
// It returns EINVALID for an empty name, a slug CheckSlug refuses, or a
// legal BIN that is not a BIN; ECONFLICT when another tenant has the name
// or the slug; ENOTFOUND when there is no such tenant. A renamed tenant
// keeps its id, users and employers: commands find it by its slug.
func (db *DB) UpdateTenant(ctx context.Context, id int64, actor Actor, c TenantChange) (*Tenant, error) {
	var out *Tenant
	err := db.write(ctx, func(tx *sql.Tx) error {
		t := &Tenant{}
		err := tx.QueryRowContext(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE id = $1`+db.d.forUpdate, id).
			Scan(&t.ID, &t.Name, timeCol{&t.CreatedAt}, &t.Slug, &t.LegalName, &t.LegalBIN)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("no such tenant").Say("error.no_tenant_any")
		}
		if err != nil {
			return db.dbError(err, "find tenant")
		}
		before := newTenantSettingsDoc(t)
		if c.Name != nil {
			name := strings.TrimSpace(*c.Name)
			if name == "" {
				return invalid("the tenant name is empty").Say("error.tenant_name")
			}
			t.Name = name
		}
		if c.Slug != nil {
			if err := CheckSlug(*c.Slug); err != nil {
				return err
			}
			t.Slug = *c.Slug
		}
		if c.LegalName != nil {
			t.LegalName = strings.TrimSpace(*c.LegalName)
		}
		if c.LegalBIN != nil {
			t.LegalBIN = strings.TrimSpace(*c.LegalBIN)
			if t.LegalBIN != "" {
				if err := domain.CheckBIN(t.LegalBIN); err != nil {
					return invalid("the operator's BIN %q: %v", t.LegalBIN, err).Say("error.legal_bin", "Code", t.LegalBIN)
				}
			}
		}
		if newTenantSettingsDoc(t) == before {
			out = t
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE tenants SET name = $2, slug = $3, legal_name = $4, legal_bin = $5 WHERE id = $1`,
			id, t.Name, t.Slug, t.LegalName, t.LegalBIN)
		if kind, cons := constraintError(err); kind == uniqueViolation {
			if strings.Contains(cons, "slug") {
				return conflict("the public address %q is taken", t.Slug).Say("error.slug_taken", "Code", t.Slug)
			}
			return conflict("a tenant named %q already exists", t.Name).Say("error.tenant_exists", "Name", t.Name)
		}
		if err != nil {
			return db.dbError(err, "change tenant")
		}
		out = t
		return db.appendAudit(ctx, tx, id, actor, EntityTenant, strconv.FormatInt(id, 10), ActionUpdate, before, newTenantSettingsDoc(t))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
