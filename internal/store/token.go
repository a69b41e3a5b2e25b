package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// APIToken is a token a script authenticates with (Authorization: Bearer).
// The token itself is shown once, when it is created; the database keeps
// only its SHA-256 hash, made by the caller (package auth: NewToken).
type APIToken struct {
	ID        int64
	TenantID  int64
	UserID    int64
	Name      string
	CreatedAt time.Time
	RevokedAt time.Time // zero while the token is valid
}

type tokenDoc struct {
	UserID  int64  `json:"user_id"`
	Name    string `json:"name,omitempty"`
	Revoked bool   `json:"revoked"`
}

// CreateToken records an API token, by its hash, for the tenant's user
// userID. It returns ENOTFOUND when the user is not the tenant's, EINVALID
// for a hash that is not 32 bytes and ECONFLICT if the hash is taken.
func (db *DB) CreateToken(ctx context.Context, tenant int64, actor Actor, userID int64, name string, tokenHash []byte) (*APIToken, error) {
	h, err := tokenHashArg(tokenHash)
	if err != nil {
		return nil, err
	}
	t := &APIToken{TenantID: tenant, UserID: userID, Name: name, CreatedAt: db.now()}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if _, err := userEmail(ctx, tx, tenant, userID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (tenant_id, user_id, name, token_hash, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, tenant, userID, name, h, t.CreatedAt).Scan(&t.ID)
		if err != nil {
			return db.dbError(err, "create token")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityToken, strconv.FormatInt(t.ID, 10), ActionCreate, nil, tokenDoc{userID, name, false})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// UserByTokenHash returns the user whose API token has this hash: how a
// script's bearer token finds its user and tenant. It returns ENOTFOUND for
// an unknown or revoked token and EINVALID for a hash that is not 32 bytes.
func (db *DB) UserByTokenHash(ctx context.Context, tokenHash []byte) (*User, error) {
	hash, err := tokenHashArg(tokenHash)
	if err != nil {
		return nil, err
	}
	u := &User{}
	err = scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL`, hash), u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no such token").Say("error.no_token_any")
	}
	if err != nil {
		return nil, db.dbError(err, "find token")
	}
	if err := db.userEmployers(ctx, db.r, u); err != nil {
		return nil, err
	}
	return u, nil
}

// RevokeToken revokes the tenant's API token id. It returns ENOTFOUND when
// the tenant has no such token; revoking twice is no error.
func (db *DB) RevokeToken(ctx context.Context, tenant int64, actor Actor, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var t APIToken
		var revoked time.Time
		err := tx.QueryRowContext(ctx, `SELECT user_id, name, revoked_at FROM api_tokens WHERE id = $1 AND tenant_id = $2`, id, tenant).
			Scan(&t.UserID, &t.Name, timeCol{&revoked})
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "no such token").Say("error.no_token_any")
		}
		if err != nil {
			return db.dbError(err, "find token")
		}
		if !revoked.IsZero() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2`, db.now(), id); err != nil {
			return db.dbError(err, "revoke token")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityToken, strconv.FormatInt(id, 10), ActionRevoke,
			tokenDoc{t.UserID, t.Name, false}, tokenDoc{t.UserID, t.Name, true})
	})
}

// Tokens returns the tenant's API tokens (the revoked ones too), newest
// first: all of them when userID is 0, else the user's. It returns only
// wrapped driver errors.
func (db *DB) Tokens(ctx context.Context, tenant, userID int64) ([]APIToken, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, tenant_id, user_id, name, created_at, revoked_at FROM api_tokens
		WHERE tenant_id = $1 AND ($2 = 0 OR user_id = $2) ORDER BY id DESC`, tenant, userID)
	if err != nil {
		return nil, db.dbError(err, "list tokens")
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		if err := rows.Scan(&t.ID, &t.TenantID, &t.UserID, &t.Name, timeCol{&t.CreatedAt}, timeCol{&t.RevokedAt}); err != nil {
			return nil, db.dbError(err, "list tokens")
		}
		out = append(out, t)
	}
	return out, db.dbError(rows.Err(), "list tokens")
}
