package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Tenant is a consultancy, or an employer's own installation: the owner of
// users and employers. No tenant ever sees another's data.
type Tenant struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	// Slug is the tenant's public address (/c/SLUG): lower-case Latin
	// letters, digits and hyphens, 3 to 40 of them (see CheckSlug).
	Slug string
	// LegalName and LegalBIN name the operator of personal data in the
	// public form's consent text; empty until the owner enters them.
	LegalName string
	LegalBIN  string
}

type tenantDoc struct {
	Name string `json:"name"`
}

// CreateTenant creates a tenant named name (trimmed of spaces), with a
// public slug transliterated from the name (Slugify; made unique with a
// number when taken). It returns
// EINVALID for an empty name and ECONFLICT when the name is taken.
func (db *DB) CreateTenant(ctx context.Context, actor Actor, name string) (*Tenant, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, invalid("the tenant name is empty").Say("error.tenant_name")
	}
	t := &Tenant{Name: name, CreatedAt: db.now()}
	err := db.write(ctx, func(tx *sql.Tx) error {
		slug, err := freeSlug(ctx, tx, Slugify(name), 0)
		if err != nil {
			return err
		}
		t.Slug = slug
		err = tx.QueryRowContext(ctx, `INSERT INTO tenants (name, created_at, slug) VALUES ($1, $2, $3) RETURNING id`, t.Name, t.CreatedAt, t.Slug).Scan(&t.ID)
		if err != nil {
			if kind, cons := constraintError(err); kind == uniqueViolation {
				if strings.Contains(cons, "slug") { // another tenant took it in between
					return conflict("the public address %q is taken", t.Slug).Say("error.slug_taken", "Code", t.Slug)
				}
				return conflict("a tenant named %q already exists", name).Say("error.tenant_exists", "Name", name)
			}
			return db.dbError(err, "create tenant")
		}
		return db.appendAudit(ctx, tx, t.ID, actor, EntityTenant, t.Name, ActionCreate, nil, tenantDoc{t.Name})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// TenantByName returns the tenant named name, or ENOTFOUND.
func (db *DB) TenantByName(ctx context.Context, name string) (*Tenant, error) {
	t, err := db.tenantWhere(ctx, `name = $1`, strings.TrimSpace(name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("no tenant named %q", name).Say("error.no_tenant", "Name", name)
	}
	if err != nil {
		return nil, db.dbError(err, "find tenant")
	}
	return t, nil
}

// TenantIDs returns the ids of all tenants, in order. It returns only
// wrapped driver errors.
func (db *DB) TenantIDs(ctx context.Context) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM tenants ORDER BY id`)
	if err != nil {
		return nil, db.dbError(err, "list tenants")
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, db.dbError(err, "list tenants")
		}
		ids = append(ids, id)
	}
	return ids, db.dbError(rows.Err(), "list tenants")
}
