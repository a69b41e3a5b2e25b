package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
)

type documentInput struct {
	BIN            string `path:"bin" minLength:"12" maxLength:"12" pattern:"^[0-9]{12}$"`
	Kind           string `path:"kind" maxLength:"32" doc:"one of letter, checklist, monthly-report, quota-application, compliance. letter: a worker's qualification letter; monthly-report: the monthly report to the employment department; compliance: the findings on a date"`
	Format         string `query:"format" enum:"pdf,docx,xlsx" doc:"letter: docx (default) or pdf; checklist: pdf; monthly-report and quota-application: xlsx (default) or pdf; compliance: pdf (default) or xlsx"`
	Worker         string `query:"worker" maxLength:"64" doc:"the worker's id (letter)"`
	Month          string `query:"month" pattern:"^[0-9]{4}-[0-9]{2}$" doc:"the month reported on, YYYY-MM (monthly-report); the month before as_of when left out"`
	Region         string `query:"region" maxLength:"5" doc:"letter: the region whose local executive body the letter is addressed to (KZ-75), the region of the worker's latest permit when left out; quota-application: the region applied for"`
	Number         string `query:"number" maxLength:"64" doc:"the letter's outgoing number; a blank to fill by hand when left out"`
	Executor       string `query:"executor" maxLength:"100" doc:"the letter's executor, named bottom left of its last page (Исп.: …); none when left out"`
	ExecutorPhone  string `query:"executor_phone" maxLength:"100" doc:"the executor's phone (with executor)"`
	Year           int    `query:"year" minimum:"0" maximum:"2100" doc:"the target year of a quota-application (with region)"`
	AsOf           string `query:"as_of" format:"date" doc:"the document's date and the date evaluated (YYYY-MM-DD), the creation date inside the file; today in Almaty when left out"`
	Lang           string `query:"lang" enum:"kk,ru,en" doc:"the document's language; without it, Accept-Language, else en"`
	AcceptLanguage string `header:"Accept-Language" maxLength:"200" doc:"used when lang is not given"`
}

type documentOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (s *Server) registerDocuments() {
	huma.Register(s.api, secured(huma.Operation{
		OperationID: "get-employer-document",
		Method:      http.MethodGet,
		Path:        "/api/v1/employers/{bin}/documents/{kind}",
		Summary:     "Make a document from an employer's records",
		Description: "The same bytes as `ruqsat doc KIND` on the employer's export with the same flags: a PDF, DOCX or XLSX file " +
			"whose creation date is as_of. The letter's letterhead shows the employer's logo when it has one (PUT .../logo). " +
			"When the records lack a field the document needs, 422 lists each missing field " +
			"(`location` its place in the records) and no document is made.",
		Tags:   []string{"employers"},
		Errors: []int{400, 404, 422},
		Responses: map[string]*huma.Response{"200": {Description: "The document", Content: map[string]*huma.MediaType{
			documents.PDF.ContentType():  {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			documents.DOCX.ContentType(): {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			documents.XLSX.ContentType(): {Schema: &huma.Schema{Type: "string", Format: "binary"}},
		}}},
	}, auth.ActionRead), s.document)
}

func (s *Server) document(ctx context.Context, in *documentInput) (*documentOutput, error) {
	u := user(ctx)
	asOf, err := s.app.AsOf(in.AsOf)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	lang := requestLang(in.Lang, in.AcceptLanguage)
	req := documents.Request{Kind: documents.Kind(in.Kind), Format: documents.Format(in.Format), Lang: lang, AsOf: asOf,
		Worker: in.Worker, Region: domain.Region(in.Region), Number: in.Number, Year: in.Year,
		Executor: in.Executor, ExecutorPhone: in.ExecutorPhone}
	if in.Month != "" {
		if req.Month, err = domain.ParseYearMonth(in.Month); err != nil {
			return nil, s.fail(ctx, domain.Errorf(domain.EINVALID, "the month %q is not a month; expected YYYY-MM", in.Month).
				Say("error.doc_month", "Code", in.Month))
		}
	}
	doc, err := s.app.Document(ctx, u, in.BIN, req, nil)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &documentOutput{ContentType: doc.ContentType, ContentDisposition: `attachment; filename="` + doc.FileName + `"`, Body: doc.Data}, nil
}
