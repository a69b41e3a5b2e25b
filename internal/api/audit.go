package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
)

// AuditEntry is one change in the tenant's audit log.
type AuditEntry struct {
	ID     int64           `json:"id"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Entity string          `json:"entity"`
	Key    string          `json:"key"`
	Action string          `json:"action"`
	Before json.RawMessage `json:"before,omitempty" doc:"the entity before the change; with patch, what the change replaced"`
	After  json.RawMessage `json:"after,omitempty" doc:"the entity after the change; with patch, what the change wrote"`
	Patch  bool            `json:"patch,omitempty" doc:"before and after are JSON merge patches (RFC 7386) of the employer's records document, whose workers are an object keyed by worker id: after turns the document before the change into the one after it, before turns it back; an employer created or deleted has the whole document on one side"`
}

type auditInput struct {
	Entity   string `query:"entity" maxLength:"64" doc:"only entries about this kind of entity (employer, user, session, ...)"`
	Key      string `query:"key" maxLength:"300" doc:"only entries about this instance (a BIN, an email)"`
	BeforeID int64  `query:"before_id" minimum:"0" doc:"only entries older than this id: the next page"`
	Limit    int    `query:"limit" minimum:"1" maximum:"1000" default:"100"`
}

type auditOutput struct {
	Body struct {
		Entries []AuditEntry `json:"entries"`
	}
}

func (s *Server) registerAudit() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "list-audit",
		Method:      http.MethodGet,
		Path:        "/api/v1/audit",
		Summary:     "Read the audit log, newest first",
		Description: "A user limited to some employers sees only the entries about those employers. " +
			"Employer entries hold what changed (see patch), not whole copies. " +
			"Workers' names, IINs and birth dates read \"[erased]\" once the worker has been off the records for the deployment's retention period.",
		Tags: []string{"audit"},
	}, auth.ActionRead), s.audit)
}

func (s *Server) audit(ctx context.Context, in *auditInput) (*auditOutput, error) {
	entries, err := s.app.Audit(ctx, user(ctx), app.AuditFilter{Entity: in.Entity, Key: in.Key, BeforeID: in.BeforeID, Limit: in.Limit})
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &auditOutput{}
	out.Body.Entries = []AuditEntry{}
	for _, e := range entries {
		out.Body.Entries = append(out.Body.Entries, AuditEntry{ID: e.ID, At: e.At, Actor: e.Actor, Entity: e.Entity, Key: e.Key, Action: e.Action, Before: e.Before, After: e.After, Patch: e.Patch})
	}
	return out, nil
}
