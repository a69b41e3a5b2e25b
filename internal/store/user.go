package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// User is a person who logs in to a tenant.
type User struct {
	ID       int64
	TenantID int64
	Email    string // lower case; unique across tenants, since login names no tenant
	// PasswordHash is the argon2id hash in PHC string form
	// ($argon2id$v=19$m=...,t=...,p=...$salt$hash); the store neither makes
	// nor checks it. Empty: the user cannot log in with a password.
	PasswordHash string
	Role         domain.Role
	// Employers limits the user to these employers (BINs, sorted); nil
	// means every employer of the tenant. A limited user whose employers
	// have all been deleted has an empty, non-nil list and sees none.
	Employers []string
	CreatedAt time.Time
}

// MayAccess reports whether the user may see the employer with this BIN.
func (u *User) MayAccess(bin string) bool {
	return u.Employers == nil || slices.Contains(u.Employers, bin)
}

type userDoc struct {
	Email           string      `json:"email"`
	Role            domain.Role `json:"role"`
	Employers       []string    `json:"employers,omitempty"`
	PasswordChanged bool        `json:"password_changed,omitempty"`
}

// NormalizeEmail returns email as the store keeps it: trimmed, lower case.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func validEmail(e string) bool {
	at := strings.IndexByte(e, '@')
	return at > 0 && at == strings.LastIndexByte(e, '@') && at < len(e)-1 && !strings.ContainsAny(e, " \t\r\n<>,;")
}

// CreateUser adds u to the tenant and sets its ID, CreatedAt and normalized
// Email. It returns EINVALID for a malformed email, an unknown role or an
// owner limited to some employers (an owner manages the whole tenant),
// ENOTFOUND when one of u.Employers is not an employer of the tenant, and
// ECONFLICT when the email is taken (in any tenant).
func (db *DB) CreateUser(ctx context.Context, tenant int64, actor Actor, u *User) error {
	email := NormalizeEmail(u.Email)
	if !validEmail(email) {
		return invalid("%q is not an email address", u.Email).Say("error.email", "Name", u.Email)
	}
	if !u.Role.Valid() {
		return invalid("role %q: expected owner, editor or viewer", u.Role).Say("error.role_value", "Code", string(u.Role))
	}
	if err := ownerUnlimited(u.Role, u.Employers); err != nil {
		return err
	}
	emps := sortedSet(u.Employers)
	created := db.now()
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := tenantExists(ctx, tx, tenant); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (tenant_id, email, password_hash, role, restricted, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, tenant, email, u.PasswordHash, string(u.Role), emps != nil, created).Scan(&id)
		if err != nil {
			if kind, _ := constraintError(err); kind == uniqueViolation {
				return conflict("a user with email %s already exists", email).Say("error.user_exists", "Name", email)
			}
			return db.dbError(err, "create user")
		}
		if err := db.limitUser(ctx, tx, tenant, id, emps); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityUser, email, ActionCreate, nil, userDoc{email, u.Role, emps, false})
	})
	if err != nil {
		return err
	}
	u.ID, u.TenantID, u.Email, u.Employers, u.CreatedAt = id, tenant, email, emps, created
	return nil
}

const userColumns = `u.id, u.tenant_id, u.email, u.password_hash, u.role, u.restricted, u.created_at`

// userScan holds what scanning userColumns needs besides the User.
type userScan struct {
	role       string
	restricted bool
}

func (s *userScan) dest(u *User) []any {
	return []any{&u.ID, &u.TenantID, &u.Email, &u.PasswordHash, &s.role, &s.restricted, timeCol{&u.CreatedAt}}
}

func (s *userScan) finish(u *User) {
	u.Role = domain.Role(s.role)
	u.Employers = nil
	if s.restricted {
		u.Employers = []string{}
	}
}

func scanUser(row interface{ Scan(...any) error }, u *User) error {
	var s userScan
	if err := row.Scan(s.dest(u)...); err != nil {
		return err
	}
	s.finish(u)
	return nil
}

// userEmployers fills the list of employers of a restricted user.
func (db *DB) userEmployers(ctx context.Context, q querier, u *User) error {
	if u.Employers == nil {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT e.bin FROM user_employers ue JOIN employers e ON e.id = ue.employer_id
		WHERE ue.user_id = $1 ORDER BY e.bin`, u.ID)
	if err != nil {
		return db.dbError(err, "read user's employers")
	}
	defer rows.Close()
	u.Employers = u.Employers[:0]
	for rows.Next() {
		var bin string
		if err := rows.Scan(&bin); err != nil {
			return db.dbError(err, "read user's employers")
		}
		u.Employers = append(u.Employers, bin)
	}
	return db.dbError(rows.Err(), "read user's employers")
}

// UserByEmail returns the user with this email (any case), in whichever
// tenant it is: it is how a login finds its tenant. It returns ENOTFOUND.
func (db *DB) UserByEmail(ctx context.Context, email string) (*User, error) {
	return db.userWhere(ctx, `u.email = $1`, NormalizeEmail(email))
}

// User returns the tenant's user with this id, or ENOTFOUND.
func (db *DB) User(ctx context.Context, tenant, id int64) (*User, error) {
	return db.userWhere(ctx, `u.id = $1 AND u.tenant_id = $2`, id, tenant)
}

func (db *DB) userWhere(ctx context.Context, where string, args ...any) (*User, error) {
	u := &User{}
	err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where, args...), u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no such user").Say("error.no_user")
	}
	if err != nil {
		return nil, db.dbError(err, "find user")
	}
	if err := db.userEmployers(ctx, db.r, u); err != nil {
		return nil, err
	}
	return u, nil
}

// lockTenant is tenantExists for a transaction that writes employers: on
// PostgreSQL it locks the tenant's row first, which the change of an
// employer locks anyway (records_version, migration 00003), so that all
// writers of one tenant take their locks in the same order and never
// deadlock.
func (db *DB) lockTenant(ctx context.Context, tx *sql.Tx, tenant int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM tenants WHERE id = $1`+db.d.forUpdate, tenant).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("no such tenant").Say("error.no_tenant_any")
	}
	return db.dbError(err, "lock tenant")
}

// tenantExists returns ENOTFOUND when there is no tenant with this id.
func tenantExists(ctx context.Context, q querier, tenant int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM tenants WHERE id = $1`, tenant).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("no such tenant").Say("error.no_tenant_any")
	}
	if err != nil {
		return err
	}
	return nil
}

// Users returns the tenant's users, by email. It returns only wrapped
// driver errors.
func (db *DB) Users(ctx context.Context, tenant int64) ([]User, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.tenant_id = $1 ORDER BY u.email`, tenant)
	if err != nil {
		return nil, db.dbError(err, "list users")
	}
	var out []User
	for rows.Next() {
		var u User
		if err := scanUser(rows, &u); err != nil {
			rows.Close()
			return nil, db.dbError(err, "list users")
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.dbError(err, "list users")
	}
	for i := range out {
		if err := db.userEmployers(ctx, db.r, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// UserChange is a change to a user; nil fields stay as they are.
type UserChange struct {
	Role *domain.Role
	// Employers, when not nil, replaces the user's employers: a nil list
	// gives every employer of the tenant, a non-nil one limits the user to
	// those (none when empty).
	Employers *[]string
	// PasswordHash, when not nil, replaces the password hash; the user's
	// sessions end and their API tokens are revoked (a changed password
	// locks out whoever had stolen one).
	PasswordHash *string
}

// UpdateUser changes the tenant's user id and returns the user as stored.
// It returns ENOTFOUND when the tenant has no such user or one of the
// employers is not the tenant's, EINVALID for an unknown role or an owner
// limited to some employers, and ECONFLICT when the change would leave the
// tenant without an owner.
func (db *DB) UpdateUser(ctx context.Context, tenant int64, actor Actor, id int64, c UserChange) (*User, error) {
	var out *User
	err := db.write(ctx, func(tx *sql.Tx) error {
		u, err := db.userTx(ctx, tx, tenant, id)
		if err != nil {
			return err
		}
		before := userDoc{u.Email, u.Role, u.Employers, false}
		after := before
		if c.Role != nil && *c.Role != u.Role {
			if !c.Role.Valid() {
				return invalid("role %q: expected owner, editor or viewer", *c.Role).Say("error.role_value", "Code", string(*c.Role))
			}
			if u.Role == domain.RoleOwner {
				if err := db.keepAnOwner(ctx, tx, tenant, id); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET role = $1 WHERE id = $2`, string(*c.Role), id); err != nil {
				return db.dbError(err, "change role")
			}
			u.Role, after.Role = *c.Role, *c.Role
		}
		if c.Employers != nil {
			emps := sortedSet(*c.Employers)
			if _, err := tx.ExecContext(ctx, `DELETE FROM user_employers WHERE user_id = $1`, id); err != nil {
				return db.dbError(err, "change user's employers")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET restricted = $1 WHERE id = $2`, emps != nil, id); err != nil {
				return db.dbError(err, "change user's employers")
			}
			if err := db.limitUser(ctx, tx, tenant, id, emps); err != nil {
				return err
			}
			u.Employers, after.Employers = emps, emps
		}
		if err := ownerUnlimited(u.Role, u.Employers); err != nil {
			return err
		}
		if c.PasswordHash != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, *c.PasswordHash, id); err != nil {
				return db.dbError(err, "change password")
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return db.dbError(err, "end sessions")
			}
			// A stolen session could have made a token; it goes too.
			if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, db.now(), id); err != nil {
				return db.dbError(err, "revoke tokens")
			}
			u.PasswordHash, after.PasswordChanged = *c.PasswordHash, true
		}
		out = u
		return db.appendAudit(ctx, tx, tenant, actor, EntityUser, u.Email, ActionUpdate, before, after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteUser deletes the tenant's user id with their sessions and API
// tokens; the audit log keeps their email. It returns ENOTFOUND when the
// tenant has no such user and ECONFLICT for the tenant's last owner.
func (db *DB) DeleteUser(ctx context.Context, tenant int64, actor Actor, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		u, err := db.userTx(ctx, tx, tenant, id)
		if err != nil {
			return err
		}
		if u.Role == domain.RoleOwner {
			if err := db.keepAnOwner(ctx, tx, tenant, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = $1`, id); err != nil {
			return db.dbError(err, "delete user")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityUser, u.Email, ActionDelete, userDoc{u.Email, u.Role, u.Employers, false}, nil)
	})
}

// userTx reads the tenant's user id in tx, locking the row on PostgreSQL.
func (db *DB) userTx(ctx context.Context, tx *sql.Tx, tenant, id int64) (*User, error) {
	lock := ""
	if db.engine == Postgres {
		lock = " FOR UPDATE"
	}
	u := &User{}
	err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1 AND u.tenant_id = $2`+lock, id, tenant), u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no such user").Say("error.no_user")
	}
	if err != nil {
		return nil, db.dbError(err, "find user")
	}
	if err := db.userEmployers(ctx, tx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// keepAnOwner returns ECONFLICT unless the tenant has an owner other than
// user id. On PostgreSQL the owners' rows are locked, so that two owners
// demoting each other at once cannot both succeed.
func (db *DB) keepAnOwner(ctx context.Context, tx *sql.Tx, tenant, id int64) error {
	q := `SELECT id FROM users WHERE tenant_id = $1 AND role = 'owner' AND id <> $2`
	if db.engine == Postgres {
		q += ` FOR UPDATE`
	}
	var other int64
	err := tx.QueryRowContext(ctx, q+` LIMIT 1`, tenant, id).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return conflict("the tenant must keep at least one owner").Say("error.last_owner")
	}
	return db.dbError(err, "find owners")
}

// ownerUnlimited returns EINVALID for an owner limited to some employers:
// an owner manages the users of the whole tenant, so a limit would not
// hold.
func ownerUnlimited(r domain.Role, employers []string) error {
	if r == domain.RoleOwner && employers != nil {
		return invalid("an owner sees every employer of the tenant; limit an editor or a viewer instead").Say("error.owner_limited")
	}
	return nil
}

// sortedSet returns the BINs sorted without duplicates; nil stays nil.
func sortedSet(bins []string) []string {
	if bins == nil {
		return nil
	}
	out := append([]string{}, bins...)
	slices.Sort(out)
	return slices.Compact(out)
}

// limitUser records that user id may see the employers bins.
func (db *DB) limitUser(ctx context.Context, tx *sql.Tx, tenant, id int64, bins []string) error {
	for _, bin := range bins {
		eid, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_employers (user_id, employer_id) VALUES ($1, $2)`, id, eid); err != nil {
			return db.dbError(err, "limit user to employer")
		}
	}
	return nil
}
