package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
)

// ConsultationRequest is a request for a consultation (RULES §6): kept only
// with the person's consent to the processing of their personal data.
type ConsultationRequest struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name" doc:"empty once consent is revoked: the personal data are erased"`
	Contact   string    `json:"contact"`
	Company   string    `json:"company,omitempty"`
	Message   string    `json:"message,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Consent   Consent   `json:"consent"`
	Status    string    `json:"status" enum:"new,in_progress,done" doc:"where the tenant's consultants are with the request"`
	Assignee  *int64    `json:"assignee" doc:"the id of the user the request is assigned to; null: nobody"`
	// AssigneeEmail names the assignee.
	AssigneeEmail string `json:"assignee_email,omitempty" doc:"the assignee's email"`
}

// Consent is the consent record of a consultation request.
type Consent struct {
	TextVersion string    `json:"text_version" doc:"the version of the consent text the person was shown"`
	Purpose     string    `json:"purpose"`
	GivenAt     time.Time `json:"given_at"`
	RevokedAt   time.Time `json:"revoked_at,omitzero"`
}

func consultationJSON(r *app.ConsultationRequest) ConsultationRequest {
	out := ConsultationRequest{ID: r.ID, Name: r.Name, Contact: r.Contact, Company: r.Company, Message: r.Message, CreatedAt: r.CreatedAt,
		Consent: Consent{TextVersion: r.Consent.TextVersion, Purpose: r.Consent.Purpose, GivenAt: r.Consent.GivenAt, RevokedAt: r.Consent.RevokedAt},
		Status:  r.Status, AssigneeEmail: r.Assignee}
	if r.AssigneeID != 0 {
		id := r.AssigneeID
		out.Assignee = &id
	}
	return out
}

type patchConsultationInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status   nullable[string] `json:"status,omitempty" enum:"new,in_progress,done"`
		Assignee nullable[int64]  `json:"assignee,omitempty" minimum:"1" doc:"a user of the tenant; null: nobody"`
	}
}

type createConsultationInput struct {
	Body struct {
		Name    string `json:"name" minLength:"1" maxLength:"300"`
		Contact string `json:"contact" minLength:"1" maxLength:"300" doc:"an email or a phone number"`
		Company string `json:"company,omitempty" maxLength:"300"`
		Message string `json:"message,omitempty" maxLength:"10000"`
		Consent struct {
			TextVersion string    `json:"text_version" minLength:"1" maxLength:"64"`
			Purpose     string    `json:"purpose" minLength:"1" maxLength:"300"`
			GivenAt     time.Time `json:"given_at,omitzero" doc:"when the person gave consent; now when left out"`
		} `json:"consent"`
	}
}

type consultationOutput struct {
	Body ConsultationRequest
}

type listConsultationsInput struct {
	BeforeID int64 `query:"before_id" minimum:"0" doc:"only requests older than this id: the next page"`
	Limit    int   `query:"limit" minimum:"1" maximum:"1000" default:"100"`
}

type consultationsOutput struct {
	Body struct {
		Requests []ConsultationRequest `json:"requests"`
	}
}

type consultationIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (s *Server) registerConsultations() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "list-consultation-requests",
		Method:      http.MethodGet,
		Path:        "/api/v1/consultation-requests",
		Summary:     "List consultation requests, newest first",
		Description: "Editors and owners not limited to some employers: the requests are the tenant's, not an employer's.",
		Tags:        []string{"consultation requests"},
		Errors:      []int{403},
	}, auth.ActionWrite), s.listConsultations)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "create-consultation-request",
		Method:        http.MethodPost,
		Path:          "/api/v1/consultation-requests",
		Summary:       "Record a consultation request with the person's consent",
		Description:   "For a website's contact form (its server posts with an API token) or a request taken by phone. Without consent (text version and purpose) nothing is kept.",
		Tags:          []string{"consultation requests"},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{400, 403},
	}, auth.ActionWrite), s.createConsultation)
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "revoke-consent",
		Method:      http.MethodPost,
		Path:        "/api/v1/consultation-requests/{id}/revoke-consent",
		Summary:     "Record that the person revoked their consent",
		Description: "Erases the request's personal data (name, contact, company, message) and keeps the consent record with the time of revocation.",
		Tags:        []string{"consultation requests"},
		Errors:      []int{403, 404},
	}, auth.ActionWrite), s.revokeConsent)
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "patch-consultation-request",
		Method:      http.MethodPatch,
		Path:        "/api/v1/consultation-requests/{id}",
		Summary:     "Change a request's status or assignee",
		Description: "A JSON merge patch: status (new, in_progress, done) and assignee (a user's id, or null for nobody).",
		Tags:        []string{"consultation requests"},
		Errors:      []int{400, 403, 404},
	}, auth.ActionWrite), s.patchConsultation)
}

func (s *Server) patchConsultation(ctx context.Context, in *patchConsultationInput) (*consultationOutput, error) {
	var c app.ConsultationUpdate
	b := &in.Body
	if b.Status.Set {
		st := b.Status.Value // null is "", which the application refuses in words
		c.Status = &st
	}
	if b.Assignee.Set {
		id := b.Assignee.Value // null is 0: nobody
		c.AssigneeID = &id
	}
	r, err := s.app.UpdateConsultationRequest(ctx, user(ctx), in.ID, c)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &consultationOutput{Body: consultationJSON(r)}, nil
}

func (s *Server) listConsultations(ctx context.Context, in *listConsultationsInput) (*consultationsOutput, error) {
	list, err := s.app.ConsultationRequests(ctx, user(ctx), in.BeforeID, in.Limit)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &consultationsOutput{}
	out.Body.Requests = each(list, consultationJSON)
	return out, nil
}

func (s *Server) createConsultation(ctx context.Context, in *createConsultationInput) (*consultationOutput, error) {
	b := &in.Body
	r := &app.ConsultationRequest{Name: b.Name, Contact: b.Contact, Company: b.Company, Message: b.Message,
		Consent: app.Consent{TextVersion: b.Consent.TextVersion, Purpose: b.Consent.Purpose, GivenAt: b.Consent.GivenAt}}
	if err := s.app.CreateConsultationRequest(ctx, user(ctx), r); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &consultationOutput{Body: consultationJSON(r)}, nil
}

func (s *Server) revokeConsent(ctx context.Context, in *consultationIDInput) (*consultationOutput, error) {
	r, err := s.app.RevokeConsent(ctx, user(ctx), in.ID)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &consultationOutput{Body: consultationJSON(r)}, nil
}
