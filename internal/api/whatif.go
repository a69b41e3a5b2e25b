package api

import (
	"bytes"
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// WhatIfAdditions is the body of a what-if: records shaped as the
// employer's (GET /api/v1/employers/{bin}) holding only what is added to
// them. See app.App.WhatIf for how they merge.
type WhatIfAdditions struct {
	Employer          *WhatIfEmployer    `json:"employer,omitempty" doc:"staff counts that replace the recorded ones"`
	Workers           []WhatIfWorker     `json:"workers,omitempty" maxItems:"20000" doc:"a worker with a recorded id adds to that worker's lists; any other id is a new worker"`
	Reports           []Report           `json:"reports,omitempty" maxItems:"10000"`
	QuotaPlans        []QuotaPlan        `json:"quota_plans,omitempty" maxItems:"10000"`
	QuotaApplications []QuotaApplication `json:"quota_applications,omitempty" maxItems:"10000"`
	Penalties         []Penalty          `json:"penalties,omitempty" maxItems:"10000"`
}

// WhatIfEmployer holds the employer's staff counts of a what-if, figures
// with no history: given, they replace the recorded ones.
type WhatIfEmployer struct {
	StaffKZ        *[4]int `json:"staff_kz,omitempty" doc:"Kazakhstan citizens on staff in categories 1 to 4"`
	TotalEmployees *int    `json:"total_employees,omitempty"`
}

// WhatIfWorker is a worker of a what-if: a Worker whose fields but the id
// may be left out. For a recorded worker, its lists are added to the
// recorded ones (a trip or address change recorded without a notified date
// takes the one given here), and a field the recorded worker lacks is
// filled in; a new worker needs what any worker needs (basis, start, ...).
// Its fields are those of Worker that the rules count (a passport or an
// education changes no finding).
type WhatIfWorker struct {
	ID             string          `json:"id" maxLength:"64"`
	Name           string          `json:"name,omitempty" maxLength:"300"`
	Citizenship    string          `json:"citizenship,omitempty" doc:"ISO 3166-1 alpha-2"`
	IIN            string          `json:"iin,omitempty"`
	BirthDate      string          `json:"birth_date,omitempty" format:"date"`
	Basis          string          `json:"basis,omitempty" doc:"required for a new worker"`
	Category       string          `json:"category,omitempty" doc:"1, 2, 3, 4 or seasonal"`
	Position       string          `json:"position,omitempty" maxLength:"300"`
	Start          string          `json:"start,omitempty" format:"date"`
	End            string          `json:"end,omitempty" format:"date"`
	Contract       *Contract       `json:"contract,omitempty"`
	Permits        []Permit        `json:"permits,omitempty" maxItems:"1000"`
	Trips          []Trip          `json:"trips,omitempty" maxItems:"5000"`
	AddressChanges []AddressChange `json:"address_changes,omitempty" maxItems:"1000"`
	Applications   []Application   `json:"applications,omitempty" maxItems:"1000"`
}

// WhatIf documents the answer of a what-if (the body is written by hand,
// embedding the evaluation byte for byte).
type WhatIf struct {
	Evaluation Evaluation   `json:"evaluation" doc:"the document of GET /api/v1/employers/{bin}/findings for the records with the additions, in the request's language"`
	New        []FindingKey `json:"new" doc:"findings that the additions make appear"`
	Changed    []FindingKey `json:"changed" doc:"findings whose severity, status, due date, fine or facts the additions change"`
	Gone       []FindingKey `json:"gone" doc:"findings that the additions make disappear"`
}

// FindingKey identifies a finding.
type FindingKey struct {
	Rule    string `json:"rule" doc:"the rule id (ruqsat rules lists them)"`
	Subject string `json:"subject" doc:"a worker id, a region, or employer"`
	Period  string `json:"period" doc:"a date, a month, a year, or empty"`
}

type whatIfInput struct {
	BIN            string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	AsOf           string `query:"as_of" format:"date" doc:"evaluate on this date (YYYY-MM-DD); today in Almaty when left out"`
	Lang           string `query:"lang" enum:"kk,ru,en" doc:"the language of the texts (kk, ru or en); without it, Accept-Language, else en"`
	AcceptLanguage string `header:"Accept-Language" maxLength:"200" doc:"used when lang is not given"`
	Body           WhatIfAdditions
}

func (s *Server) registerWhatIf() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "employer-what-if",
		Method:      http.MethodPost,
		Path:        "/api/v1/employers/{bin}/what-if",
		Summary:     "Evaluate an employer's records with additions, without storing them",
		Description: "What would these records do? The body holds only additions to the employer's records: a worker " +
			"whose id is recorded adds its permits, trips, address changes and applications to that worker's " +
			"(a trip or address change recorded without a notified date takes the one given, for \"what if it is " +
			"notified on ...\"; a field the worker lacks is filled in, one that differs is refused), any other id " +
			"is a new worker, reports, quota plans, quota applications and penalties are appended, and staff " +
			"counts replace the recorded ones. The combined records pass the records validator (422 with its " +
			"problems, placed in the body where the value came from it). The answer is the evaluation of the " +
			"combined records, as GET /api/v1/employers/{bin}/findings would give it, and the keys of the findings " +
			"that are new, changed or gone compared with the records as they are. Nothing is stored: no version " +
			"moves and no audit entry is written; a viewer may ask.",
		Tags:         []string{"employers"},
		MaxBodyBytes: domain.MaxRecordsBytes,
		Errors:       []int{400, 404, 422},
		Responses:    jsonResponse[WhatIf](s.api),
	}, auth.ActionRead), s.whatIf)
}

func (s *Server) whatIf(ctx context.Context, in *whatIfInput) (*findingsOutput, error) {
	u := user(ctx)
	asOf, err := s.app.AsOf(in.AsOf)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	add, err := whatIfRecords(&in.Body)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	res, err := s.app.WhatIf(ctx, u, in.BIN, asOf, requestLang(in.Lang, in.AcceptLanguage), add)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	b := append([]byte(nil), `{"evaluation":`...)
	b = bytes.TrimRight(res.Evaluation.AppendJSON(b), "\n")
	for _, l := range []struct {
		name string
		keys []app.FindingKey
	}{{"new", res.New}, {"changed", res.Changed}, {"gone", res.Gone}} {
		b = append(b, `,"`...)
		b = append(b, l.name...)
		b = append(b, `":[`...)
		for i, k := range l.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"rule":`...)
			b = domain.AppendJSONString(b, k.Rule.String())
			b = append(b, `,"subject":`...)
			b = domain.AppendJSONString(b, k.Subject)
			b = append(b, `,"period":`...)
			b = domain.AppendJSONString(b, k.Period)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, "}\n"...)
	return &findingsOutput{ContentType: "application/json", Body: b}, nil
}

// whatIfRecords returns the additions as domain records, through the
// records' own reader (domainRecords), so that a value not in its format is
// placed in the body as in a PUT.
func whatIfRecords(a *WhatIfAdditions) (*domain.Records, error) {
	r := &Records{Reports: a.Reports, QuotaPlans: a.QuotaPlans, QuotaApplications: a.QuotaApplications, Penalties: a.Penalties}
	if e := a.Employer; e != nil {
		r.Employer.StaffKZ, r.Employer.TotalEmployees = e.StaffKZ, e.TotalEmployees
	}
	if len(a.Workers) > 0 {
		r.Workers = make([]Worker, len(a.Workers))
		for i := range a.Workers {
			w := &a.Workers[i]
			r.Workers[i] = Worker{ID: w.ID, Name: w.Name, Citizenship: w.Citizenship, IIN: w.IIN, BirthDate: w.BirthDate,
				Basis: w.Basis, Category: w.Category, Position: w.Position, Start: w.Start, End: w.End, Contract: w.Contract,
				Permits: w.Permits, Trips: w.Trips, AddressChanges: w.AddressChanges, Applications: w.Applications}
		}
	}
	return domainRecords(r)
}
