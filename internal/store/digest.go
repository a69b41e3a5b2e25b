package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// DefaultDigestLang is the language of the mails of a user who has chosen
// none: Russian, as the web UI's default.
const DefaultDigestLang = "ru"

// Notifications is a user's setting of the morning digest. A user who never
// changed it gets the digest, in DefaultDigestLang.
type Notifications struct {
	Digest bool
	// Lang is the language of the user's mails: kk, ru or en.
	Lang string
}

// DigestRecipient is a user who gets the morning digest, with what it needs:
// the user (role and employer limits, for the scope of its findings), the
// language and the day of the last digest the user was sent.
type DigestRecipient struct {
	User User
	Lang string
	// LastSent is the day of the last digest accepted by the mail server
	// for this user before the day asked for; zero when none was.
	LastSent domain.Date
}

// NotificationsOf returns the digest setting of the tenant's user userID
// (the default when never set). It returns ENOTFOUND when the user is not
// the tenant's.
func (db *DB) NotificationsOf(ctx context.Context, tenant, userID int64) (Notifications, error) {
	n := Notifications{Digest: true, Lang: DefaultDigestLang}
	if _, err := userEmail(ctx, db.r, tenant, userID); err != nil {
		return n, err
	}
	var on bool
	err := db.r.QueryRowContext(ctx, `SELECT digest, lang FROM user_notifications WHERE user_id = $1`, userID).Scan(&on, &n.Lang)
	if errors.Is(err, sql.ErrNoRows) {
		return n, nil
	}
	if err != nil {
		return n, db.dbError(err, "read notification settings")
	}
	n.Digest = on
	return n, nil
}

// SetNotifications sets the digest setting of the tenant's user userID. It
// returns ENOTFOUND when the user is not the tenant's and EINVALID for a
// language not kk, ru or en. The setting is the user's own preference, not
// a change of the registry: it writes no audit entry.
func (db *DB) SetNotifications(ctx context.Context, tenant, userID int64, n Notifications) error {
	if n.Lang != "kk" && n.Lang != "ru" && n.Lang != "en" {
		return invalid("a mail language is kk, ru or en, not %q", n.Lang)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := userEmail(ctx, tx, tenant, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO user_notifications (user_id, digest, lang, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, lang = excluded.lang, updated_at = excluded.updated_at`,
			userID, n.Digest, n.Lang, db.now())
		return db.dbError(err, "set notification settings")
	})
}

// DigestRecipients returns the users of every tenant who get the digest
// of day (those who have not turned it off), ordered by tenant and email,
// each with their employer limits, language and the day of their last
// digest sent before day. email, when not "", selects that one user.
func (db *DB) DigestRecipients(ctx context.Context, day domain.Date, email string) ([]DigestRecipient, error) {
	where, args := ``, []any{day.String()}
	if email != "" {
		where, args = ` AND u.email = $2`, append(args, NormalizeEmail(email))
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+userColumns+`, COALESCE(n.lang, '`+DefaultDigestLang+`'),
			(SELECT MAX(c.day) FROM digest_claims c WHERE c.user_id = u.id AND c.sent_at IS NOT NULL AND c.day < $1)
		FROM users u LEFT JOIN user_notifications n ON n.user_id = u.id
		WHERE COALESCE(n.digest, `+db.trueLit()+`) = `+db.trueLit()+where+` ORDER BY u.tenant_id, u.email`, args...)
	if err != nil {
		return nil, db.dbError(err, "list digest recipients")
	}
	var out []DigestRecipient
	for rows.Next() {
		var r DigestRecipient
		var s userScan
		if err := rows.Scan(append(s.dest(&r.User), &r.Lang, dateCol{&r.LastSent})...); err != nil {
			rows.Close()
			return nil, db.dbError(err, "list digest recipients")
		}
		s.finish(&r.User)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.dbError(err, "list digest recipients")
	}
	for i := range out {
		if err := db.userEmployers(ctx, db.r, &out[i].User); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// trueLit is the engine's literal of a true boolean column.
func (db *DB) trueLit() string {
	if db.engine == Postgres {
		return "true"
	}
	return "1"
}

// ClaimDigest claims the digest of userID on day for the caller, who is
// then the one to send it: it reports false when the digest was claimed
// before (by this server or another, now or earlier that day). The claim is
// a row whose primary key is (user, day), committed before any mail leaves.
func (db *DB) ClaimDigest(ctx context.Context, userID int64, day domain.Date) (bool, error) {
	claimed := false
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO digest_claims (user_id, day, claimed_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, day) DO NOTHING`, userID, day.String(), db.now())
		if err != nil {
			return db.dbError(err, "claim digest")
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return db.dbError(err, "claim digest")
	})
	return claimed, err
}

// DigestsSent records that the mail server accepted the digests of day of
// the users userIDs, in one transaction: each day becomes that user's last
// digest (DigestRecipient.LastSent).
func (db *DB) DigestsSent(ctx context.Context, day domain.Date, userIDs []int64, at time.Time) error {
	if len(userIDs) == 0 {
		return nil
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		for _, id := range userIDs {
			if _, err := tx.ExecContext(ctx, `UPDATE digest_claims SET sent_at = $1 WHERE user_id = $2 AND day = $3`,
				at.UTC().Truncate(time.Microsecond), id, day.String()); err != nil {
				return db.dbError(err, "record digest sent")
			}
		}
		return nil
	})
}

// ReleaseDigest withdraws the claim of userID's digest of day: for a digest
// that the mail server never accepted, so that a later run (of any server)
// may send it. A digest recorded as sent is never released.
func (db *DB) ReleaseDigest(ctx context.Context, userID int64, day domain.Date) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM digest_claims WHERE user_id = $1 AND day = $2 AND sent_at IS NULL`, userID, day.String())
		return db.dbError(err, "release digest claim")
	})
}
