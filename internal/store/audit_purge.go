package store

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"time"
)

// purgeDoc is the audit entry of a purge of audit keys.
type purgeDoc struct {
	KeysDestroyed int       `json:"keys_destroyed"`
	LeftBefore    time.Time `json:"workers_left_before"`
	// AttachmentsErased counts the files of documents removed from the
	// records before LeftBefore, erased with the keys.
	AttachmentsErased int `json:"attachments_erased,omitempty"`
}

// PurgeAuditKeys destroys the audit keys of the workers who left the
// records (removed from an employer's records, or with a deleted employer)
// before leftBefore: from then on the personal data those keys sealed in
// audit entries read "[erased]", while the entries stay as written. Each
// tenant that lost keys gets an audit entry saying how many, and up to
// when. Workers still on the records keep their keys, however old.
//
// The files attached to documents that left the records before leftBefore
// (detached: the document or its worker removed) are erased with them, and
// counted in the same entries.
//
// Once the keys are deleted it rids the database's files of them and of
// other erased personal data (see eraseFromDisk: audit_keys, and the
// consultation requests whose consent was revoked), which makes it the
// daily maintenance that `ruqsat serve` runs. It returns how many keys it
// destroyed, and wrapped driver errors.
func (db *DB) PurgeAuditKeys(ctx context.Context, actor Actor, leftBefore time.Time) (int, error) {
	counts := map[int64]int{}
	files := map[int64]int{}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := db.purgeAttachments(ctx, tx, leftBefore, files); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `DELETE FROM audit_keys WHERE left_at IS NOT NULL AND left_at < $1 RETURNING tenant_id`,
			leftBefore.UTC().Truncate(time.Microsecond))
		if err != nil {
			return db.dbError(err, "purge audit keys")
		}
		for rows.Next() {
			var tenant int64
			if err := rows.Scan(&tenant); err != nil {
				rows.Close()
				return db.dbError(err, "purge audit keys")
			}
			counts[tenant]++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.dbError(err, "purge audit keys")
		}
		tenants := maps.Clone(counts)
		for t := range files {
			tenants[t] += 0
		}
		for _, tenant := range slices.Sorted(maps.Keys(tenants)) {
			doc := purgeDoc{KeysDestroyed: counts[tenant], LeftBefore: leftBefore.UTC(), AttachmentsErased: files[tenant]}
			if err := db.appendAudit(ctx, tx, tenant, actor, EntityPersonalData, "workers", ActionPurge, nil, doc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	if n > 0 {
		if err := db.eraseFromDisk(ctx, "audit_keys"); err != nil {
			return n, err
		}
	}
	if len(files) > 0 {
		if err := db.eraseFromDisk(ctx, "document_attachments"); err != nil {
			return n, err
		}
	}
	return n, db.eraseFromDisk(ctx, "consultation_requests")
}

// purgeAttachments deletes the attachments detached before leftBefore and
// counts them by tenant in files.
func (db *DB) purgeAttachments(ctx context.Context, tx *sql.Tx, leftBefore time.Time, files map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `DELETE FROM document_attachments WHERE detached_at IS NOT NULL AND detached_at < $1
		RETURNING (SELECT tenant_id FROM employers e WHERE e.id = document_attachments.employer_id)`,
		leftBefore.UTC().Truncate(time.Microsecond))
	if err != nil {
		return db.dbError(err, "purge attachments")
	}
	defer rows.Close()
	for rows.Next() {
		var tenant int64
		if err := rows.Scan(&tenant); err != nil {
			return db.dbError(err, "purge attachments")
		}
		files[tenant]++
	}
	return db.dbError(rows.Err(), "purge attachments")
}
