package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

type dashboardInput struct {
	Days     int    `query:"days" default:"30" minimum:"0" maximum:"366" doc:"findings due from today to this many days ahead"`
	Overdue  bool   `query:"overdue" doc:"also findings whose deadline has passed (missed), flagged overdue"`
	Rule     string `query:"rule" maxLength:"64" doc:"only findings of this rule"`
	Severity string `query:"severity" enum:"violation,warning,due,info," doc:"only findings of this severity"`
	Limit    int    `query:"limit" default:"50" minimum:"1" maximum:"1000"`
	Offset   int    `query:"offset" minimum:"0"`
}

// DashboardItem is a finding due soon, with its employer.
type DashboardItem struct {
	BIN      string       `json:"bin"`
	Employer string       `json:"employer"`
	Rule     string       `json:"rule"`
	Subject  string       `json:"subject"`
	Period   string       `json:"period"`
	Severity string       `json:"severity"`
	Status   string       `json:"status"`
	Due      string       `json:"due" format:"date"`
	Overdue  bool         `json:"overdue"`
	Message  string       `json:"message"`
	Fine     *domain.Fine `json:"fine"`
}

type dashboardOutput struct {
	Body struct {
		AsOf     string          `json:"as_of" format:"date"`
		To       string          `json:"to" format:"date"`
		Total    int             `json:"total" doc:"matching findings over all pages"`
		Findings []DashboardItem `json:"findings"`
	}
}

func (s *Server) registerDashboard() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-dashboard",
		Method:      http.MethodGet,
		Path:        "/api/v1/dashboard",
		Summary:     "Findings due soon across the tenant's employers",
		Description: "The open obligations of all the employers the user may see whose deadline falls " +
			"from today (in Almaty) to `days` ahead, by due date; with `overdue`, missed ones too.",
		Tags:   []string{"findings"},
		Errors: []int{400},
	}, auth.ActionRead), func(ctx context.Context, in *dashboardInput) (*dashboardOutput, error) {
		u := user(ctx)
		q := dashboard.Query{Days: in.Days, Overdue: in.Overdue, Rule: in.Rule, Limit: in.Limit, Offset: in.Offset}
		if in.Severity != "" {
			sev, ok := domain.ParseSeverity(in.Severity)
			if !ok {
				return nil, huma.Error400BadRequest("severity " + in.Severity + " is not one of violation, warning, due, info")
			}
			q.Severity = sev
		}
		pages, err := s.app.Dashboard(ctx, u, q)
		if err != nil {
			return nil, s.fail(ctx, err)
		}
		p := pages[0]
		out := &dashboardOutput{}
		out.Body.AsOf, out.Body.To, out.Body.Total = p.AsOf.String(), p.To.String(), p.Total
		out.Body.Findings = make([]DashboardItem, len(p.Items))
		l := i18n.For(langOf(ctx)) // the message in the request's language
		for i := range p.Items {
			it := &p.Items[i]
			out.Body.Findings[i] = DashboardItem{BIN: it.BIN, Employer: it.Employer, Rule: it.Rule, Subject: it.Subject,
				Period: it.Period, Severity: it.Severity.String(), Status: it.Status.String(), Due: it.Due.String(),
				Overdue: it.Overdue(p.AsOf), Message: it.Text(l), Fine: it.Fine}
		}
		return out, nil
	})
}
