package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

type findingsInput struct {
	BIN            string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	AsOf           string `query:"as_of" format:"date" doc:"evaluate on this date (YYYY-MM-DD); today in Almaty when left out"`
	Lang           string `query:"lang" enum:"kk,ru,en" doc:"the language of the texts (kk, ru or en); without it, Accept-Language, else en"`
	AcceptLanguage string `header:"Accept-Language" maxLength:"200" doc:"used when lang is not given"`
}

type findingsOutput struct {
	ContentType string `header:"Content-Type"`
	// Body is the document of `ruqsat evaluate --format json`, byte for byte.
	Body []byte
}

type tenantFindingsInput struct {
	AsOf           string `query:"as_of" format:"date" doc:"evaluate on this date (YYYY-MM-DD); today in Almaty when left out"`
	Q              string `query:"q" maxLength:"300" doc:"only employers whose BIN or name contains this"`
	Limit          int    `query:"limit" minimum:"1" maximum:"200" default:"20" doc:"employers on a page"`
	Offset         int    `query:"offset" minimum:"0" default:"0"`
	Lang           string `query:"lang" enum:"kk,ru,en" doc:"the language of the texts (kk, ru or en); without it, Accept-Language, else en"`
	AcceptLanguage string `header:"Accept-Language" maxLength:"200" doc:"used when lang is not given"`
}

// requestLang is the language a route answers in: ?lang=, else the best
// of Accept-Language, else English. Only the texts change with it (a
// finding's message, its basis's ref, interpretation and url), never a
// code.
func requestLang(query, acceptLanguage string) i18n.Lang {
	if l, ok := i18n.Parse(query); ok {
		return l
	}
	l, _ := i18n.FromAcceptLanguage(acceptLanguage)
	return l
}

// Evaluation documents the JSON of `ruqsat evaluate --format json`, which
// the findings routes send byte for byte (rules.Result.AppendJSON writes
// it; this type only describes it in the OpenAPI document).
type Evaluation struct {
	AsOf        string    `json:"as_of" format:"date"`
	Ruleset     string    `json:"ruleset" doc:"the version of the rules (YYYY-MM)"`
	Provisional bool      `json:"provisional" doc:"some result depends on a calendar year not yet published"`
	Findings    []Finding `json:"findings"`
	// NotEvaluated: the rules that did not run (rules.NotEvaluated).
	NotEvaluated []NotEvaluated `json:"not_evaluated" doc:"the rules that did not run because a parameter they need is not in force on the as-of date; a rule listed here has no findings, which does not mean all clear; empty when every rule ran"`
}

// NotEvaluated documents a rule of an Evaluation that did not run.
type NotEvaluated struct {
	Rule      string `json:"rule" doc:"the rule id (ruqsat rules lists them)"`
	Parameter string `json:"parameter" doc:"the first parameter the rule needs that has no value in force on the as-of date (ruqsat params lists them)"`
}

// Finding documents one finding of an Evaluation.
type Finding struct {
	Rule        string            `json:"rule" doc:"the rule id (ruqsat rules lists them)"`
	Title       string            `json:"title" doc:"the rule's title, in the request's language"`
	Subject     string            `json:"subject" doc:"a worker id, a region, or employer"`
	Period      string            `json:"period" doc:"a date, a month, a year, or empty"`
	Severity    string            `json:"severity" enum:"violation,warning,due,info"`
	Status      string            `json:"status" enum:",open,done,late,missed" doc:"empty for findings that are not obligations"`
	Due         string            `json:"due" doc:"the deadline (YYYY-MM-DD), or empty"`
	Message     string            `json:"message" doc:"what was found, in the request's language (lang)"`
	Basis       []domain.Citation `json:"basis" doc:"the legal basis, with the confidence (H, M, L) of each citation"`
	Fine        *domain.Fine      `json:"fine" doc:"the fine the finding risks, in MCI and tenge (null tenge when no MCI is known for the date)"`
	Facts       map[string]any    `json:"facts" doc:"what was counted"`
	Provisional bool              `json:"provisional,omitempty"`
}

// TenantFindings is the shape of GET /api/v1/findings (documentation only:
// the body is written by hand, embedding each evaluation byte for byte).
type TenantFindings struct {
	AsOf      string             `json:"as_of" format:"date"`
	Total     int                `json:"total" doc:"employers that match, on all pages"`
	Limit     int                `json:"limit"`
	Offset    int                `json:"offset"`
	Employers []EmployerFindings `json:"employers"`
}

// EmployerFindings is one employer's evaluation in TenantFindings.
type EmployerFindings struct {
	BIN        string     `json:"bin"`
	Name       string     `json:"name"`
	Version    int64      `json:"version"`
	Evaluation Evaluation `json:"evaluation" doc:"the document of GET /api/v1/employers/{bin}/findings"`
}

// jsonResponse is a 200 response documented as the JSON of type T, for
// operations whose body is written by hand.
func jsonResponse[T any](api huma.API) map[string]*huma.Response {
	schema := huma.SchemaFromType(api.OpenAPI().Components.Schemas, reflect.TypeFor[T]())
	return map[string]*huma.Response{"200": {Description: "OK", Content: map[string]*huma.MediaType{"application/json": {Schema: schema}}}}
}

func (s *Server) registerFindings() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "list-findings",
		Method:      http.MethodGet,
		Path:        "/api/v1/findings",
		Summary:     "Evaluate the rules on many employers' records",
		Description: "The evaluation of each employer the user may see, on one date, a page of employers at a time: " +
			"a consultancy's review of all its clients as of a day. Each `evaluation` is the document of " +
			"GET /api/v1/employers/{bin}/findings.",
		Tags:      []string{"findings"},
		Errors:    []int{400},
		Responses: jsonResponse[TenantFindings](s.api),
	}, auth.ActionRead), s.tenantFindings)
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-employer-findings",
		Method:      http.MethodGet,
		Path:        "/api/v1/employers/{bin}/findings",
		Summary:     "Evaluate the rules on an employer's records",
		Description: "Returns the same JSON document as `ruqsat evaluate --format json --lang LANG` on the employer's export.",
		Tags:        []string{"employers"},
		Errors:      []int{400, 404},
		Responses:   jsonResponse[Evaluation](s.api),
	}, auth.ActionRead), s.findings)
}

func (s *Server) tenantFindings(ctx context.Context, in *tenantFindingsInput) (*findingsOutput, error) {
	u := user(ctx)
	asOf, err := s.app.AsOf(in.AsOf)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	var b []byte
	n := 0
	total, err := s.app.EvaluateEach(ctx, u, app.EmployerQuery{Q: in.Q, Limit: in.Limit, Offset: in.Offset}, asOf, requestLang(in.Lang, in.AcceptLanguage), func(e app.EmployerSummary, res rules.Result) error {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, `{"bin":`...)
		b = strconv.AppendQuote(b, e.BIN) // digits only
		b = append(b, `,"name":`...)
		name, _ := json.Marshal(e.Name)
		b = append(b, name...)
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, e.Version, 10)
		b = append(b, `,"evaluation":`...)
		b = bytes.TrimRight(res.AppendJSON(b), "\n")
		b = append(b, '}')
		return nil
	})
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	head := `{"as_of":"` + asOf.String() + `","total":` + strconv.Itoa(total) + `,"limit":` + strconv.Itoa(in.Limit) +
		`,"offset":` + strconv.Itoa(in.Offset) + `,"employers":[`
	b = append(append([]byte(head), b...), "]}\n"...)
	return &findingsOutput{ContentType: "application/json", Body: b}, nil
}

func (s *Server) findings(ctx context.Context, in *findingsInput) (*findingsOutput, error) {
	u := user(ctx)
	asOf, err := s.app.AsOf(in.AsOf)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	res, err := s.app.Evaluate(ctx, u, in.BIN, asOf, requestLang(in.Lang, in.AcceptLanguage))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &findingsOutput{ContentType: "application/json", Body: res.AppendJSON(nil)}, nil
}
