package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Session is a logged-in browser. The session token is a secret the client
// keeps; the database holds only its hash, so a copy of the database lets
// nobody log in. Tokens and their hashes are made by the caller (package
// auth: NewToken, HashToken); the store takes the SHA-256 hash.
type Session struct {
	ID        int64
	TenantID  int64
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// tokenHashArg checks a token hash and returns the text it is stored as.
func tokenHashArg(hash []byte) (string, error) {
	if len(hash) != sha256.Size {
		return "", invalid("a token hash is a SHA-256 hash of %d bytes, not %d", sha256.Size, len(hash))
	}
	return hex.EncodeToString(hash), nil
}

type sessionDoc struct {
	UserID    int64     `json:"user_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// CreateSession logs the tenant's user userID in until expiresAt, under the
// hash of the session token given to the client. It returns ENOTFOUND when
// the user is not the tenant's, EINVALID for a hash that is not 32 bytes or
// an expiry not in the future, and ECONFLICT if the hash is already taken.
func (db *DB) CreateSession(ctx context.Context, tenant, userID int64, tokenHash []byte, expiresAt time.Time) (*Session, error) {
	h, err := tokenHashArg(tokenHash)
	if err != nil {
		return nil, err
	}
	now := db.now()
	if !expiresAt.After(now) {
		return nil, invalid("a session must end in the future")
	}
	s := &Session{TenantID: tenant, UserID: userID, CreatedAt: now, ExpiresAt: expiresAt.UTC().Truncate(time.Microsecond)}
	err = db.write(ctx, func(tx *sql.Tx) error {
		email, err := userEmail(ctx, tx, tenant, userID)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO sessions (tenant_id, user_id, token_hash, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, tenant, userID, h, s.CreatedAt, s.ExpiresAt).Scan(&s.ID)
		if err != nil {
			return db.dbError(err, "create session")
		}
		return db.appendAudit(ctx, tx, tenant, Actor{UserID: userID, Name: email}, EntitySession, email, ActionCreate, nil, sessionDoc{userID, s.ExpiresAt})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// SessionByTokenHash returns the session whose token has this hash, and its
// user: how a request's session cookie finds its user and tenant. It returns
// ENOTFOUND when there is none or it has expired, EINVALID for a hash that
// is not 32 bytes.
func (db *DB) SessionByTokenHash(ctx context.Context, tokenHash []byte) (*Session, *User, error) {
	h, err := tokenHashArg(tokenHash)
	if err != nil {
		return nil, nil, err
	}
	s := &Session{}
	u := &User{}
	var us userScan
	err = db.r.QueryRowContext(ctx, `SELECT s.id, s.tenant_id, s.user_id, s.created_at, s.expires_at, `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, h).
		Scan(append([]any{&s.ID, &s.TenantID, &s.UserID, timeCol{&s.CreatedAt}, timeCol{&s.ExpiresAt}}, us.dest(u)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("no such session").Say("error.no_session")
	}
	if err != nil {
		return nil, nil, db.dbError(err, "find session")
	}
	if !db.now().Before(s.ExpiresAt) {
		return nil, nil, notFound("the session has expired").Say("error.session_expired")
	}
	us.finish(u)
	if err := db.userEmployers(ctx, db.r, u); err != nil {
		return nil, nil, err
	}
	return s, u, nil
}

// DeleteSession ends the session whose token has this hash (logging out).
// Logging out twice is no error; it returns EINVALID for a hash that is not
// 32 bytes and otherwise only wrapped driver errors.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	h, err := tokenHashArg(tokenHash)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var s Session
		var email string
		err := tx.QueryRowContext(ctx, `SELECT s.id, s.tenant_id, s.user_id, s.expires_at, u.email
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, h).
			Scan(&s.ID, &s.TenantID, &s.UserID, timeCol{&s.ExpiresAt}, &email)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return db.dbError(err, "find session")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, s.ID); err != nil {
			return db.dbError(err, "delete session")
		}
		return db.appendAudit(ctx, tx, s.TenantID, Actor{UserID: s.UserID, Name: email}, EntitySession, email, ActionDelete, sessionDoc{s.UserID, s.ExpiresAt}, nil)
	})
}

// DeleteExpiredSessions removes the sessions that expired before now and
// returns how many. Expired sessions are already refused by
// SessionByTokenHash; this keeps the table small. It is housekeeping, not a
// change of anyone's data, so it writes one audit entry per tenant affected
// rather than one per session. It returns only wrapped driver errors.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		type count struct {
			tenant int64
			n      int64
		}
		var counts []count
		rows, err := tx.QueryContext(ctx, `SELECT tenant_id, count(*) FROM sessions WHERE expires_at <= $1 GROUP BY tenant_id`, now)
		if err != nil {
			return db.dbError(err, "find expired sessions")
		}
		for rows.Next() {
			var c count
			if err := rows.Scan(&c.tenant, &c.n); err != nil {
				rows.Close()
				return db.dbError(err, "find expired sessions")
			}
			counts = append(counts, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.dbError(err, "find expired sessions")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now)
		if err != nil {
			return db.dbError(err, "delete expired sessions")
		}
		n, _ = res.RowsAffected()
		for _, c := range counts {
			if err := db.appendAudit(ctx, tx, c.tenant, SystemActor, EntitySession, "expired", ActionDelete,
				map[string]int64{"sessions": c.n}, nil); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// userEmail returns the email of the tenant's user id, or ENOTFOUND.
func userEmail(ctx context.Context, q querier, tenant, id int64) (string, error) {
	var email string
	err := q.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1 AND tenant_id = $2`, id, tenant).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENOTFOUND, "no such user").Say("error.no_user")
	}
	return email, err
}
