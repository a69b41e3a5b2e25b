package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// EntityInvite is the audit log's entity of an invite, keyed by the email
// it is for.
const EntityInvite = "invite"

// Invite is a one-time link an owner gives a new user: the user opens it,
// sets a password and is a user of the tenant with the role and employers
// the invite names. The database keeps only the SHA-256 hash of the
// link's token (package auth: NewToken), so the link is shown once.
type Invite struct {
	ID       int64
	TenantID int64
	Email    string // normalized (NormalizeEmail)
	Role     domain.Role
	// Employers limits the user to these employers (BINs, sorted); nil
	// means every employer of the tenant.
	Employers []string
	CreatedAt time.Time
	ExpiresAt time.Time
}

type inviteDoc struct {
	Email     string      `json:"email"`
	Role      domain.Role `json:"role"`
	Employers []string    `json:"employers,omitempty"`
	ExpiresAt time.Time   `json:"expires_at"`
}

func newInviteDoc(i *Invite) inviteDoc { return inviteDoc{i.Email, i.Role, i.Employers, i.ExpiresAt} }

// CreateInvite records an invite for the tenant under the hash of its
// token and sets its ID, TenantID, CreatedAt and normalized Email; an
// earlier invite for the same email in the tenant is replaced (its link
// stops working). It returns EINVALID for a malformed email, an unknown
// role, an owner limited to some employers, an expiry not in the future or
// a hash that is not 32 bytes; ENOTFOUND when one of the employers is not
// the tenant's; ECONFLICT when a user has the email already (in any tenant).
func (db *DB) CreateInvite(ctx context.Context, tenant int64, actor Actor, inv *Invite, tokenHash []byte) error {
	h, err := tokenHashArg(tokenHash)
	if err != nil {
		return err
	}
	email := NormalizeEmail(inv.Email)
	if !validEmail(email) {
		return invalid("%q is not an email address", inv.Email).Say("error.email", "Name", inv.Email)
	}
	if !inv.Role.Valid() {
		return invalid("role %q: expected owner, editor or viewer", inv.Role).Say("error.role_value", "Code", string(inv.Role))
	}
	if err := ownerUnlimited(inv.Role, inv.Employers); err != nil {
		return err
	}
	now := db.now()
	expires := inv.ExpiresAt.UTC().Truncate(time.Microsecond)
	if !expires.After(now) {
		return invalid("an invite must expire in the future")
	}
	emps := sortedSet(inv.Employers)
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := tenantExists(ctx, tx, tenant); err != nil {
			return err
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE email = $1`, email).Scan(&one)
		if err == nil {
			return conflict("a user with email %s already exists", email).Say("error.user_exists", "Name", email)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return db.dbError(err, "find user")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invites WHERE tenant_id = $1 AND email = $2`, tenant, email); err != nil {
			return db.dbError(err, "replace invite")
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO invites (tenant_id, email, role, restricted, token_hash, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, tenant, email, string(inv.Role), emps != nil, h, now, expires).Scan(&id)
		if err != nil {
			return db.dbError(err, "create invite")
		}
		for _, bin := range emps {
			eid, _, err := db.employerID(ctx, tx, tenant, bin, false)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO invite_employers (invite_id, employer_id) VALUES ($1, $2)`, id, eid); err != nil {
				return db.dbError(err, "limit invite to employer")
			}
		}
		inv.ID, inv.TenantID, inv.Email, inv.Employers, inv.CreatedAt, inv.ExpiresAt = id, tenant, email, emps, now, expires
		return db.appendAudit(ctx, tx, tenant, actor, EntityInvite, email, ActionCreate, nil, newInviteDoc(inv))
	})
}

const inviteColumns = `id, tenant_id, email, role, restricted, created_at, expires_at`

func scanInvite(row interface{ Scan(...any) error }, inv *Invite) error {
	var role string
	var restricted bool
	if err := row.Scan(&inv.ID, &inv.TenantID, &inv.Email, &role, &restricted, timeCol{&inv.CreatedAt}, timeCol{&inv.ExpiresAt}); err != nil {
		return err
	}
	inv.Role, inv.Employers = domain.Role(role), nil
	if restricted {
		inv.Employers = []string{}
	}
	return nil
}

// inviteEmployers fills the employers of a restricted invite.
func (db *DB) inviteEmployers(ctx context.Context, q querier, inv *Invite) error {
	if inv.Employers == nil {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT e.bin FROM invite_employers ie JOIN employers e ON e.id = ie.employer_id
		WHERE ie.invite_id = $1 ORDER BY e.bin`, inv.ID)
	if err != nil {
		return db.dbError(err, "read invite's employers")
	}
	defer rows.Close()
	inv.Employers = inv.Employers[:0]
	for rows.Next() {
		var bin string
		if err := rows.Scan(&bin); err != nil {
			return db.dbError(err, "read invite's employers")
		}
		inv.Employers = append(inv.Employers, bin)
	}
	return db.dbError(rows.Err(), "read invite's employers")
}

// Invites returns the tenant's invites that have not expired, by email. It
// returns only wrapped driver errors.
func (db *DB) Invites(ctx context.Context, tenant int64) ([]Invite, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+inviteColumns+` FROM invites WHERE tenant_id = $1 AND expires_at > $2 ORDER BY email`,
		tenant, db.now())
	if err != nil {
		return nil, db.dbError(err, "list invites")
	}
	var out []Invite
	for rows.Next() {
		var inv Invite
		if err := scanInvite(rows, &inv); err != nil {
			rows.Close()
			return nil, db.dbError(err, "list invites")
		}
		out = append(out, inv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.dbError(err, "list invites")
	}
	for i := range out {
		if err := db.inviteEmployers(ctx, db.r, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// InviteByTokenHash returns the invite whose token has this hash: how the
// link finds its tenant. It returns ENOTFOUND for an unknown, used or
// expired invite and EINVALID for a hash that is not 32 bytes.
func (db *DB) InviteByTokenHash(ctx context.Context, tokenHash []byte) (*Invite, error) {
	h, err := tokenHashArg(tokenHash)
	if err != nil {
		return nil, err
	}
	inv := &Invite{}
	err = scanInvite(db.r.QueryRowContext(ctx, `SELECT `+inviteColumns+` FROM invites WHERE token_hash = $1 AND expires_at > $2`, h, db.now()), inv)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("no such invite, or it has expired or been used").Say("error.no_invite")
	}
	if err != nil {
		return nil, db.dbError(err, "find invite")
	}
	if err := db.inviteEmployers(ctx, db.r, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// DeleteInvite withdraws the tenant's invite id: its link stops working.
// It returns ENOTFOUND when the tenant has no such invite.
func (db *DB) DeleteInvite(ctx context.Context, tenant int64, actor Actor, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		inv := &Invite{}
		err := scanInvite(tx.QueryRowContext(ctx, `SELECT `+inviteColumns+` FROM invites WHERE id = $1 AND tenant_id = $2`, id, tenant), inv)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("no invite %d", id).Say("error.no_invite")
		}
		if err != nil {
			return db.dbError(err, "find invite")
		}
		if err := db.inviteEmployers(ctx, tx, inv); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invites WHERE id = $1`, id); err != nil {
			return db.dbError(err, "delete invite")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityInvite, inv.Email, ActionDelete, newInviteDoc(inv), nil)
	})
}

// AcceptInvite makes the user an invite names, with passwordHash (argon2id,
// as CreateUser takes it), the invite's role and the employers of the
// invite that still exist, and deletes the invite in the same transaction,
// so that a link makes one user at most. It returns ENOTFOUND for an
// unknown, used or expired invite, EINVALID for a hash that is not 32
// bytes, and ECONFLICT when a user took the email in the meantime.
func (db *DB) AcceptInvite(ctx context.Context, tokenHash []byte, passwordHash string) (*User, error) {
	h, err := tokenHashArg(tokenHash)
	if err != nil {
		return nil, err
	}
	var u *User
	err = db.write(ctx, func(tx *sql.Tx) error {
		inv := &Invite{}
		err := scanInvite(tx.QueryRowContext(ctx, `SELECT `+inviteColumns+` FROM invites WHERE token_hash = $1 AND expires_at > $2`+db.d.forUpdate,
			h, db.now()), inv)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("no such invite, or it has expired or been used").Say("error.no_invite")
		}
		if err != nil {
			return db.dbError(err, "find invite")
		}
		if err := db.inviteEmployers(ctx, tx, inv); err != nil {
			return err
		}
		created := db.now()
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO users (tenant_id, email, password_hash, role, restricted, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, inv.TenantID, inv.Email, passwordHash, string(inv.Role), inv.Employers != nil, created).Scan(&id)
		if err != nil {
			if kind, _ := constraintError(err); kind == uniqueViolation {
				return conflict("a user with email %s already exists", inv.Email).Say("error.user_exists", "Name", inv.Email)
			}
			return db.dbError(err, "create user")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_employers (user_id, employer_id)
			SELECT $1, employer_id FROM invite_employers WHERE invite_id = $2`, id, inv.ID); err != nil {
			return db.dbError(err, "limit user to employers")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invites WHERE id = $1`, inv.ID); err != nil {
			return db.dbError(err, "use invite")
		}
		u = &User{ID: id, TenantID: inv.TenantID, Email: inv.Email, PasswordHash: passwordHash, Role: inv.Role, Employers: inv.Employers, CreatedAt: created}
		who := Actor{UserID: id, Name: inv.Email}
		if err := db.appendAudit(ctx, tx, inv.TenantID, who, EntityInvite, inv.Email, ActionDelete, newInviteDoc(inv), nil); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, inv.TenantID, who, EntityUser, inv.Email, ActionCreate, nil, userDoc{inv.Email, inv.Role, inv.Employers, false})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
