package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// EntityCalendarFeed is the audit log's entity of a user's calendar feed,
// keyed by the user's id.
const EntityCalendarFeed = "calendar_feed"

// CalendarFeed is a user's personal calendar feed: an address with a secret
// that calendar clients poll without a cookie. The database keeps only the
// secret's SHA-256 hash, made by the caller (package auth: NewToken); a user
// has at most one feed.
type CalendarFeed struct {
	ID       int64
	TenantID int64
	UserID   int64
	// Lang is the language the feed was made in (kk, ru or en).
	Lang      string
	CreatedAt time.Time
}

type calendarFeedDoc struct {
	UserID  int64 `json:"user_id"`
	Revoked bool  `json:"revoked"`
}

// ReplaceCalendarFeed gives the tenant's user userID a calendar feed under
// the hash of a new secret; the user's previous feed, if any, stops working
// in the same transaction. It returns ENOTFOUND when the user is not the
// tenant's, EINVALID for a hash that is not 32 bytes or a language not kk,
// ru or en, and ECONFLICT if the hash is taken.
func (db *DB) ReplaceCalendarFeed(ctx context.Context, tenant int64, actor Actor, userID int64, secretHash []byte, lang string) (*CalendarFeed, error) {
	h, err := tokenHashArg(secretHash)
	if err != nil {
		return nil, err
	}
	if lang != "kk" && lang != "ru" && lang != "en" {
		return nil, invalid("a calendar feed's language is kk, ru or en, not %q", lang)
	}
	f := &CalendarFeed{TenantID: tenant, UserID: userID, Lang: lang, CreatedAt: db.now()}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if _, err := userEmail(ctx, tx, tenant, userID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE user_id = $1`, userID)
		if err != nil {
			return db.dbError(err, "replace calendar feed")
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := db.appendAudit(ctx, tx, tenant, actor, EntityCalendarFeed, strconv.FormatInt(userID, 10), ActionRevoke,
				calendarFeedDoc{userID, false}, calendarFeedDoc{userID, true}); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO calendar_feeds (tenant_id, user_id, secret_hash, lang, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, tenant, userID, h, lang, f.CreatedAt).Scan(&f.ID)
		if err != nil {
			return db.dbError(err, "create calendar feed")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityCalendarFeed, strconv.FormatInt(userID, 10), ActionCreate, nil, calendarFeedDoc{userID, false})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// RevokeCalendarFeed ends the calendar feed of the tenant's user userID.
// It returns ENOTFOUND when the user is not the tenant's; a user without a
// feed is no error.
func (db *DB) RevokeCalendarFeed(ctx context.Context, tenant int64, actor Actor, userID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := userEmail(ctx, tx, tenant, userID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE user_id = $1 AND tenant_id = $2`, userID, tenant)
		if err != nil {
			return db.dbError(err, "revoke calendar feed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityCalendarFeed, strconv.FormatInt(userID, 10), ActionRevoke,
			calendarFeedDoc{userID, false}, calendarFeedDoc{userID, true})
	})
}

// CalendarFeedOf returns the calendar feed of the tenant's user userID, or
// ENOTFOUND when the user has none (or is not the tenant's).
func (db *DB) CalendarFeedOf(ctx context.Context, tenant, userID int64) (*CalendarFeed, error) {
	f := &CalendarFeed{}
	err := db.r.QueryRowContext(ctx, `SELECT id, tenant_id, user_id, lang, created_at FROM calendar_feeds WHERE user_id = $1 AND tenant_id = $2`,
		userID, tenant).Scan(&f.ID, &f.TenantID, &f.UserID, &f.Lang, timeCol{&f.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no calendar feed").Say("error.no_calendar_feed")
	}
	if err != nil {
		return nil, db.dbError(err, "find calendar feed")
	}
	return f, nil
}

// UserByCalendarFeedHash returns the user whose calendar feed has this
// secret hash, with the feed: how a feed request, which carries no cookie,
// finds its user and tenant. It returns ENOTFOUND for an unknown or revoked
// secret and EINVALID for a hash that is not 32 bytes.
func (db *DB) UserByCalendarFeedHash(ctx context.Context, secretHash []byte) (*User, *CalendarFeed, error) {
	hash, err := tokenHashArg(secretHash)
	if err != nil {
		return nil, nil, err
	}
	u, f := &User{}, &CalendarFeed{}
	var s userScan
	err = db.r.QueryRowContext(ctx, `SELECT `+userColumns+`, c.id, c.lang, c.created_at FROM calendar_feeds c JOIN users u ON u.id = c.user_id
		WHERE c.secret_hash = $1`, hash).Scan(append(s.dest(u), &f.ID, &f.Lang, timeCol{&f.CreatedAt})...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "no such calendar feed").Say("error.no_calendar_feed")
	}
	if err != nil {
		return nil, nil, db.dbError(err, "find calendar feed")
	}
	s.finish(u)
	f.TenantID, f.UserID = u.TenantID, u.ID
	if err := db.userEmployers(ctx, db.r, u); err != nil {
		return nil, nil, err
	}
	return u, f, nil
}
