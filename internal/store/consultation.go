package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// ConsultationRequest is a request for a consultation from the contact
// form (RULES.md §6). It may be processed only with the person's consent to
// the processing of their personal data, so it is stored with that consent.
type ConsultationRequest struct {
	ID        int64
	TenantID  int64
	Name      string
	Contact   string // email or phone, as given
	Company   string
	Message   string
	CreatedAt time.Time
	Consent   Consent
	// Status is where the tenant's consultants are with the request:
	// StatusNew, StatusInProgress or StatusDone.
	Status string
	// AssigneeID is the tenant's user the request is assigned to (0: none),
	// and Assignee their email.
	AssigneeID int64
	Assignee   string
}

// The statuses of a consultation request in the tenant's queue.
const (
	StatusNew        = "new"
	StatusInProgress = "in_progress"
	StatusDone       = "done"
)

// ConsultationStatuses are the statuses in the queue's order.
var ConsultationStatuses = []string{StatusNew, StatusInProgress, StatusDone}

// Consent is a person's consent to the processing of their personal data
// (Law No. 94-V of 21 May 2013): the version of the consent text they were
// shown, the purpose, when they gave it and, once revoked, when they
// revoked it.
type Consent struct {
	TextVersion string
	Purpose     string
	GivenAt     time.Time
	RevokedAt   time.Time // zero while the consent stands
}

// Revoked reports whether the consent has been revoked.
func (c Consent) Revoked() bool { return !c.RevokedAt.IsZero() }

// consultationDoc is a consultation request in the audit log: the consent
// record only. The log is append-only, so it holds no personal data that a
// revocation would have to erase.
type consultationDoc struct {
	ConsentTextVersion string    `json:"consent_text_version"`
	ConsentPurpose     string    `json:"consent_purpose"`
	ConsentGivenAt     time.Time `json:"consent_given_at"`
	ConsentRevokedAt   time.Time `json:"consent_revoked_at,omitzero"`
	Erased             bool      `json:"personal_data_erased,omitempty"`
	Status             string    `json:"status,omitempty"`
	AssigneeID         int64     `json:"assignee_id,omitempty"`
}

func newConsultationDoc(r *ConsultationRequest) consultationDoc {
	return consultationDoc{r.Consent.TextVersion, r.Consent.Purpose, r.Consent.GivenAt, r.Consent.RevokedAt, r.Consent.Revoked(), r.Status, r.AssigneeID}
}

// CreateConsultationRequest stores r for the tenant and sets its ID,
// TenantID and CreatedAt (and Consent.GivenAt when zero: now). It returns
// EINVALID when the name, contact, consent text version or purpose is
// missing: without consent, a request is not kept at all.
func (db *DB) CreateConsultationRequest(ctx context.Context, tenant int64, actor Actor, r *ConsultationRequest) error {
	r.Name, r.Contact = strings.TrimSpace(r.Name), strings.TrimSpace(r.Contact)
	switch {
	case r.Name == "" || r.Contact == "":
		return invalid("a consultation request needs a name and a way to contact the person").Say("error.consultation_contact")
	case r.Consent.TextVersion == "" || r.Consent.Purpose == "":
		return invalid("a consultation request needs the person's consent: the version of the consent text and the purpose").Say("error.consultation_consent")
	case r.Consent.Revoked():
		return invalid("a consultation request cannot be made with revoked consent").Say("error.consultation_revoked")
	}
	now := db.now()
	if r.Consent.GivenAt.IsZero() {
		r.Consent.GivenAt = now
	}
	r.Consent.GivenAt = r.Consent.GivenAt.UTC().Truncate(time.Microsecond)
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := tenantExists(ctx, tx, tenant); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO consultation_requests (tenant_id, name, contact, company, message, created_at,
			consent_text_version, consent_purpose, consent_given_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			tenant, r.Name, r.Contact, r.Company, r.Message, now, r.Consent.TextVersion, r.Consent.Purpose, r.Consent.GivenAt).Scan(&r.ID)
		if err != nil {
			return db.dbError(err, "create consultation request")
		}
		r.TenantID, r.CreatedAt, r.Status, r.AssigneeID, r.Assignee = tenant, now, StatusNew, 0, ""
		return db.appendAudit(ctx, tx, tenant, actor, EntityConsultation, strconv.FormatInt(r.ID, 10), ActionCreate, nil, newConsultationDoc(r))
	})
	return err
}

const consultationColumns = `id, tenant_id, name, contact, company, message, created_at, consent_text_version, consent_purpose, consent_given_at, consent_revoked_at,
	status, COALESCE(assignee_id, 0), COALESCE((SELECT a.email FROM users a WHERE a.id = consultation_requests.assignee_id), '')`

func scanConsultation(row interface{ Scan(...any) error }, r *ConsultationRequest) error {
	return row.Scan(&r.ID, &r.TenantID, &r.Name, &r.Contact, &r.Company, &r.Message, timeCol{&r.CreatedAt},
		&r.Consent.TextVersion, &r.Consent.Purpose, timeCol{&r.Consent.GivenAt}, timeCol{&r.Consent.RevokedAt},
		&r.Status, &r.AssigneeID, &r.Assignee)
}

// ConsultationRequests returns the tenant's consultation requests, newest
// first: at most limit (100 when 0), and only those older than beforeID
// when it is not 0 (the next page starts before the last id of this one).
// It returns only wrapped driver errors.
func (db *DB) ConsultationRequests(ctx context.Context, tenant, beforeID int64, limit int) ([]ConsultationRequest, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+consultationColumns+` FROM consultation_requests
		WHERE tenant_id = $1 AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3`, tenant, beforeID, limit)
	if err != nil {
		return nil, db.dbError(err, "list consultation requests")
	}
	defer rows.Close()
	var out []ConsultationRequest
	for rows.Next() {
		var r ConsultationRequest
		if err := scanConsultation(rows, &r); err != nil {
			return nil, db.dbError(err, "list consultation requests")
		}
		out = append(out, r)
	}
	return out, db.dbError(rows.Err(), "list consultation requests")
}

// RevokeConsent records that the person who made the tenant's consultation
// request id revoked their consent, and erases the request's personal data
// (name, contact, company, message): without consent they may no longer be
// processed. The consent record itself stays, as proof of what was given
// and when it was revoked. Once the erasure has committed, the old values
// are made to leave the database's files too (see eraseFromDisk).
//
// It returns ENOTFOUND when the tenant has no such request; revoking twice
// keeps the first time and is no error. When the erasure committed but the
// files could not be cleaned, it returns a wrapped driver error: the
// revocation stands, and calling RevokeConsent again cleans them.
func (db *DB) RevokeConsent(ctx context.Context, tenant int64, actor Actor, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var r ConsultationRequest
		err := scanConsultation(tx.QueryRowContext(ctx, `SELECT `+consultationColumns+` FROM consultation_requests WHERE id = $1 AND tenant_id = $2`, id, tenant), &r)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "no consultation request %d", id).Say("error.no_request", "N", id)
		}
		if err != nil {
			return db.dbError(err, "find consultation request")
		}
		if r.Consent.Revoked() {
			return nil
		}
		before := newConsultationDoc(&r)
		r.Consent.RevokedAt = db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE consultation_requests SET consent_revoked_at = $1,
			name = '', contact = '', company = '', message = '' WHERE id = $2`, r.Consent.RevokedAt, id); err != nil {
			return db.dbError(err, "revoke consent")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityConsultation, strconv.FormatInt(id, 10), ActionRevoke, before, newConsultationDoc(&r))
	})
	if err != nil {
		return err
	}
	return db.eraseFromDisk(ctx, "consultation_requests")
}

// ConsultationRequest returns the tenant's consultation request id, or
// ENOTFOUND.
func (db *DB) ConsultationRequest(ctx context.Context, tenant, id int64) (*ConsultationRequest, error) {
	r := &ConsultationRequest{}
	err := scanConsultation(db.r.QueryRowContext(ctx, `SELECT `+consultationColumns+` FROM consultation_requests WHERE id = $1 AND tenant_id = $2`, id, tenant), r)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no consultation request %d", id).Say("error.no_request", "N", id)
	}
	if err != nil {
		return nil, db.dbError(err, "find consultation request")
	}
	return r, nil
}

// ConsultationChange is a change of a request's place in the queue; nil
// fields stay.
type ConsultationChange struct {
	Status *string
	// AssigneeID, when not nil, assigns the request to the tenant's user
	// (0: to nobody).
	AssigneeID *int64
}

// UpdateConsultationRequest changes the status or the assignee of the
// tenant's consultation request id and returns it as stored. It returns
// ENOTFOUND when the tenant has no such request or no such user, and
// EINVALID for a status that is not one of ConsultationStatuses.
func (db *DB) UpdateConsultationRequest(ctx context.Context, tenant int64, actor Actor, id int64, c ConsultationChange) (*ConsultationRequest, error) {
	if c.Status != nil && !slices.Contains(ConsultationStatuses, *c.Status) {
		return nil, invalid("status %q: expected new, in_progress or done", *c.Status).Say("error.request_status", "Code", *c.Status)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		var r ConsultationRequest
		err := scanConsultation(tx.QueryRowContext(ctx, `SELECT `+consultationColumns+` FROM consultation_requests WHERE id = $1 AND tenant_id = $2`+db.d.forUpdate, id, tenant), &r)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "no consultation request %d", id).Say("error.no_request", "N", id)
		}
		if err != nil {
			return db.dbError(err, "find consultation request")
		}
		before := newConsultationDoc(&r)
		if c.Status != nil {
			r.Status = *c.Status
		}
		if c.AssigneeID != nil {
			if *c.AssigneeID != 0 {
				if _, err := userEmail(ctx, tx, tenant, *c.AssigneeID); err != nil {
					return err
				}
			}
			r.AssigneeID = *c.AssigneeID
		}
		after := newConsultationDoc(&r)
		if after == before {
			return nil
		}
		var assignee any
		if r.AssigneeID != 0 {
			assignee = r.AssigneeID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consultation_requests SET status = $1, assignee_id = $2 WHERE id = $3`, r.Status, assignee, id); err != nil {
			return db.dbError(err, "change consultation request")
		}
		return db.appendAudit(ctx, tx, tenant, actor, EntityConsultation, strconv.FormatInt(id, 10), ActionUpdate, before, after)
	})
	if err != nil {
		return nil, err
	}
	return db.ConsultationRequest(ctx, tenant, id)
}
