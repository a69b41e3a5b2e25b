package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"
)

// EntityLogo is the audit log's entity of an employer's letterhead logo,
// keyed by the employer's BIN.
const EntityLogo = "employer_logo"

// MaxLogoSize is the most bytes the database holds for a logo (its CHECK
// says the same); app refuses a larger file first, with a message for its
// user.
const MaxLogoSize = 1 << 20

// Logo is the image on an employer's letterhead: one per employer, kept
// in the database (so that a backup holds it) and deleted with the
// employer.
type Logo struct {
	BIN         string
	ContentType string // image/png or image/jpeg
	Size        int64
	SHA256      string // hex
	Data        []byte
	CreatedAt   time.Time
}

// logoDoc is a logo in the audit log: what identifies the file, not its
// bytes.
type logoDoc struct {
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// PutLogo stores data as the logo of the tenant's employer bin, replacing
// the one it had, and returns it without its data. contentType is what the
// caller found in the bytes (app sniffs and decodes them); the SHA-256 is
// computed here. The audit entry (create or update) is written in the same
// transaction.
//
// It returns ENOTFOUND when the tenant has no such employer; EINVALID for
// an empty or too large file; wrapped driver errors otherwise.
func (db *DB) PutLogo(ctx context.Context, tenant int64, actor Actor, bin, contentType string, data []byte) (*Logo, error) {
	if len(data) == 0 || len(data) > MaxLogoSize {
		return nil, invalid("logo of %d bytes: expected 1 to %d", len(data), MaxLogoSize).
			Say("error.logo_size", "N", len(data), "M", MaxLogoSize)
	}
	sum := sha256.Sum256(data)
	l := &Logo{BIN: bin, ContentType: contentType, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), CreatedAt: db.now()}
	err := db.write(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, true)
		if err != nil {
			return err
		}
		var before *logoDoc
		var old logoDoc
		err = tx.QueryRowContext(ctx, `SELECT content_type, size, sha256 FROM employer_logos WHERE employer_id = $1`, empID).
			Scan(&old.ContentType, &old.Size, &old.SHA256)
		switch {
		case err == nil:
			before = &old
		case !errors.Is(err, sql.ErrNoRows):
			return db.dbError(err, "read logo")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO employer_logos (employer_id, content_type, size, sha256, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (employer_id) DO UPDATE SET content_type = excluded.content_type, size = excluded.size,
			sha256 = excluded.sha256, data = excluded.data, created_at = excluded.created_at`,
			empID, contentType, l.Size, l.SHA256, data, l.CreatedAt)
		if err != nil {
			return db.dbError(err, "store logo")
		}
		after := &logoDoc{ContentType: contentType, Size: l.Size, SHA256: l.SHA256}
		if before == nil {
			return db.appendAudit(ctx, tx, tenant, actor, EntityLogo, bin, ActionCreate, nil, after)
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityLogo, bin, ActionUpdate, before, after)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Logo returns the logo of the tenant's employer bin with its data. It
// returns ENOTFOUND when the tenant has no such employer, or the employer
// no logo.
func (db *DB) Logo(ctx context.Context, tenant int64, bin string) (*Logo, error) {
	l := &Logo{BIN: bin}
	err := db.read(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT content_type, size, sha256, data, created_at FROM employer_logos WHERE employer_id = $1`, empID).
			Scan(&l.ContentType, &l.Size, &l.SHA256, &l.Data, timeCol{&l.CreatedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("employer %s has no logo", bin).Say("error.logo_none", "Code", bin)
		}
		return db.dbError(err, "read logo")
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// LogoInfo returns the logo of the tenant's employer bin without its data
// (what a page needs to show that there is one), nil when the employer has
// none. It returns ENOTFOUND when the tenant has no such employer.
func (db *DB) LogoInfo(ctx context.Context, tenant int64, bin string) (*Logo, error) {
	var l *Logo
	err := db.read(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, false)
		if err != nil {
			return err
		}
		info := Logo{BIN: bin}
		err = tx.QueryRowContext(ctx, `SELECT content_type, size, sha256, created_at FROM employer_logos WHERE employer_id = $1`, empID).
			Scan(&info.ContentType, &info.Size, &info.SHA256, timeCol{&info.CreatedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return db.dbError(err, "read logo")
		}
		l = &info
		return nil
	})
	return l, err
}

// DeleteLogo removes the logo of the tenant's employer bin, with its audit
// entry in the same transaction; an employer without a logo is no error
// (and no entry). It returns ENOTFOUND when the tenant has no such
// employer.
func (db *DB) DeleteLogo(ctx context.Context, tenant int64, actor Actor, bin string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		empID, _, err := db.employerID(ctx, tx, tenant, bin, true)
		if err != nil {
			return err
		}
		var old logoDoc
		err = tx.QueryRowContext(ctx, `DELETE FROM employer_logos WHERE employer_id = $1 RETURNING content_type, size, sha256`, empID).
			Scan(&old.ContentType, &old.Size, &old.SHA256)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return db.dbError(err, "delete logo")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityLogo, bin, ActionDelete, old, nil)
	})
}
