package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Actor is who makes a change, as the audit log names them: a user, or a
// tool acting for the operator (UserID 0, Name such as "cli" or "import").
type Actor struct {
	UserID int64
	Name   string
}

// SystemActor is the actor of changes made by the operator's own tools.
var SystemActor = Actor{Name: "system"}

// Audit entities: what an entry is about. The entry's key names the
// instance (an employer's BIN, a user's email, a tenant's name, an id).
const (
	EntityTenant       = "tenant"
	EntityUser         = "user"
	EntitySession      = "session"
	EntityToken        = "token"
	EntityEmployer     = "employer"
	EntityConsultation = "consultation_request"
	// EntityPersonalData entries record purges of the keys of personal
	// data in the audit log (see PurgeAuditKeys).
	EntityPersonalData = "personal_data"
	// EntityAttachment entries record the files attached to workers'
	// documents, put and deleted; the key is the employer's BIN.
	EntityAttachment = "attachment"
)

// Audit actions.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionReplace = "replace" // an employer's records replaced as a whole (import)
	ActionDelete  = "delete"
	ActionRevoke  = "revoke"
	ActionPurge   = "purge"
)

// AuditEntry is one change in the audit log. Before and After are JSON
// documents of the entity (null when it did not exist before or after), or,
// when Patch is set, JSON merge patches (RFC 7386) of the employer's
// records document: After turns the document before the change into the
// one after, Before turns it back (see audit_patch.go). Workers' personal
// data read "[erased]" once the retention has passed (see PurgeAuditKeys).
type AuditEntry struct {
	ID          int64
	At          time.Time
	ActorUserID int64 // 0 for a tool
	Actor       string
	Entity      string
	Key         string
	Action      string
	Before      json.RawMessage
	After       json.RawMessage
	Patch       bool
}

// AuditFilter selects audit entries. Empty fields select everything.
type AuditFilter struct {
	Entity string
	// Entities, when not nil, selects only entries about these kinds of
	// entity (an employer's history: the employer and its attachments).
	Entities []string
	Key      string
	// Keys, when not nil, selects only entries about these keys (a
	// limited user's employers); an empty, non-nil list selects none.
	Keys []string
	// BeforeID pages backwards: only entries older than this id.
	BeforeID int64
	// Limit is the most entries returned: 100 when 0 (how many a page may
	// hold is the application layer's to say).
	Limit int
}

// appendAudit writes an audit entry in the change's own transaction. before
// and after are marshalled to JSON; nil gives a JSON-less (NULL) side.
// There is deliberately no function that updates or deletes entries.
func (db *DB) appendAudit(ctx context.Context, tx *sql.Tx, tenant int64, actor Actor, entity, key, action string, before, after any) error {
	bj, err := marshalAudit(before)
	if err != nil {
		return err
	}
	aj, err := marshalAudit(after)
	if err != nil {
		return err
	}
	return db.insertAudit(ctx, tx, tenant, actor, entity, key, action, bj, aj, false)
}

// insertAudit writes an audit entry of JSON documents (nil: NULL), or of
// merge patches when patch is set.
func (db *DB) insertAudit(ctx context.Context, tx *sql.Tx, tenant int64, actor Actor, entity, key, action string, bj, aj []byte, patch bool) error {
	name := actor.Name
	if name == "" {
		name = SystemActor.Name
	}
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (tenant_id, at, actor_user_id, actor, entity, entity_key, action, before_json, after_json, patch)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		tenant, db.now(), uid, name, entity, key, action, jsonArg(bj), jsonArg(aj), patch)
	return db.dbError(err, "write audit entry")
}

func marshalAudit(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("store: audit document: %w", err)
	}
	if string(b) == "null" {
		return nil, nil
	}
	return b, nil
}

// AuditLog returns the tenant's audit entries that match f, newest first,
// with workers' personal data opened (see openSealed). It returns only
// wrapped driver errors, and an error when a key does not open what it
// sealed: an empty log is no error.
func (db *DB) AuditLog(ctx context.Context, tenant int64, f AuditFilter) ([]AuditEntry, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var where strings.Builder
	args := []any{tenant}
	where.WriteString("tenant_id = $1")
	if f.Entity != "" {
		args = append(args, f.Entity)
		fmt.Fprintf(&where, " AND entity = $%d", len(args))
	}
	if f.Key != "" {
		args = append(args, f.Key)
		fmt.Fprintf(&where, " AND entity_key = $%d", len(args))
	}
	// A list, when not nil, selects the entries whose column holds one of
	// its values; an empty one selects none.
	for _, in := range []struct {
		col  string
		vals []string
	}{{"entity", f.Entities}, {"entity_key", f.Keys}} {
		if in.vals == nil {
			continue
		}
		if len(in.vals) == 0 {
			return nil, nil
		}
		where.WriteString(" AND " + in.col + " IN (")
		for i, v := range in.vals {
			if i > 0 {
				where.WriteByte(',')
			}
			args = append(args, v)
			fmt.Fprintf(&where, "$%d", len(args))
		}
		where.WriteByte(')')
	}
	if f.BeforeID > 0 {
		args = append(args, f.BeforeID)
		fmt.Fprintf(&where, " AND id < $%d", len(args))
	}
	args = append(args, limit)
	rows, err := db.r.QueryContext(ctx, `SELECT id, at, actor_user_id, actor, entity, entity_key, action, before_json, after_json, patch
		FROM audit_log WHERE `+where.String()+fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args)), args...)
	if err != nil {
		return nil, db.dbError(err, "read audit log")
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var uid sql.NullInt64
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, timeCol{&e.At}, &uid, &e.Actor, &e.Entity, &e.Key, &e.Action, &before, &after, &e.Patch); err != nil {
			return nil, db.dbError(err, "read audit log")
		}
		e.ActorUserID = uid.Int64
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, db.dbError(err, "read audit log")
	}
	rows.Close()
	if err := db.openSealed(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}
