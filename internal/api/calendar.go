package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/auth"
)

type calendarFeedOutput struct {
	Body struct {
		URL string `json:"url" doc:"the feed's address on this server, /ical/SECRET.ics, shown this once (the server keeps the secret's hash): subscribe to it from a calendar client, with ?employer=BIN for one employer and ?lang=kk|ru|en for another language than this request's"`
	}
}

func (s *Server) registerCalendar() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "create-my-calendar-feed",
		Method:      http.MethodPost,
		Path:        "/api/v1/me/calendar",
		Summary:     "Create your personal calendar feed",
		Description: "An iCalendar feed of the open deadlines of today's evaluation of every employer you may see, " +
			"one all-day event each with a reminder three working days before, in this request's language. " +
			"Calendar clients read it without a cookie, so its address holds a secret; a new feed ends the old one.",
		Tags:          []string{"calendar"},
		DefaultStatus: http.StatusCreated,
	}, auth.ActionRead), s.createCalendarFeed)
	huma.Register(s.api, secured(huma.Operation{
		OperationID:   "revoke-my-calendar-feed",
		Method:        http.MethodDelete,
		Path:          "/api/v1/me/calendar",
		Summary:       "Revoke your personal calendar feed",
		Description:   "Its address answers 404 from now on. Revoking when there is no feed is no error.",
		Tags:          []string{"calendar"},
		DefaultStatus: http.StatusNoContent,
	}, auth.ActionRead), s.revokeCalendarFeed)
}

func (s *Server) createCalendarFeed(ctx context.Context, _ *struct{}) (*calendarFeedOutput, error) {
	secret, err := s.app.CreateCalendarFeed(ctx, user(ctx), langOf(ctx))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &calendarFeedOutput{}
	out.Body.URL = "/ical/" + secret + ".ics"
	return out, nil
}

func (s *Server) revokeCalendarFeed(ctx context.Context, _ *struct{}) (*struct{}, error) {
	if err := s.app.RevokeCalendarFeed(ctx, user(ctx)); err != nil {
		return nil, s.fail(ctx, err)
	}
	return nil, nil
}
