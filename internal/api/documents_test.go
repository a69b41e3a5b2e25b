package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
)

// TestDocumentsAreTheCLIs: GET /api/v1/employers/{bin}/documents/{kind}
// answers the bytes documents.Make gives for the stored records (what
// `ruqsat doc` writes), with its media type and an ASCII file name; a
// missing field is a 422 naming it at its place in the records, in the
// request's language; another tenant's employer is not found.
func TestDocumentsAreTheCLIs(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		rec := domaintest.Full()
		rec.Employer.BIN = f.binA
		if err := f.db.ReplaceEmployerRecords(ctx, 1, store.SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		asOf := domain.MustDate("2025-03-10")
		res := rules.New(nil, nil).Evaluate(rec, asOf)
		res.Render(i18n.For(i18n.KK))
		for _, c := range []struct {
			query string
			req   documents.Request
			name  string
		}{
			{"letter?worker=w-001&lang=ru&number=7", documents.Request{Kind: documents.Letter, Lang: i18n.RU, Worker: "w-001", Number: "7"}, "letter-zhou-ming-ru.docx"},
			{"letter?worker=w-001&format=pdf&region=KZ-75", documents.Request{Kind: documents.Letter, Format: documents.PDF, Worker: "w-001", Region: "KZ-75"}, "letter-zhou-ming-en.pdf"},
			{"monthly-report?month=2025-02&lang=kk", documents.Request{Kind: documents.MonthlyReport, Lang: i18n.KK, Month: domain.NewYearMonth(2025, 2)},
				"monthly-report-" + f.binA + "-2025-02-kk.xlsx"},
			{"compliance?lang=kk", documents.Request{Kind: documents.Compliance, Lang: i18n.KK}, "compliance-" + f.binA + "-2025-03-10-kk.pdf"},
			{"quota-application?region=KZ-23&year=2026&format=pdf&lang=ru", documents.Request{Kind: documents.Quota, Format: documents.PDF, Lang: i18n.RU, Region: "KZ-23", Year: 2026},
				"quota-application-" + f.binA + "-KZ-23-2026-ru.pdf"},
		} {
			c.req.AsOf = asOf
			want, err := documents.Make(documents.Input{Records: rec, Result: &res}, c.req)
			if err != nil {
				t.Fatal(err)
			}
			r := f.do("GET", "/api/v1/employers/"+f.binA+"/documents/"+c.query+"&as_of=2025-03-10", f.viewA, nil)
			if r.status != 200 || !bytes.Equal(r.body, want.Data) {
				t.Fatalf("%s: status %d, %d bytes, want %d: %.300s", c.query, r.status, len(r.body), len(want.Data), r.body)
			}
			if ct, cd := r.header.Get("Content-Type"), r.header.Get("Content-Disposition"); ct != want.ContentType || cd != `attachment; filename="`+c.name+`"` {
				t.Errorf("%s: Content-Type %q, Content-Disposition %q", c.query, ct, cd)
			}
		}

		rec.Workers[0].Passport, rec.Workers[0].ExperienceYears = nil, nil
		if err := f.db.ReplaceEmployerRecords(ctx, 1, store.SystemActor, rec); err != nil {
			t.Fatal(err)
		}
		r := f.do("GET", "/api/v1/employers/"+f.binA+"/documents/letter?worker=w-001&lang=ru", f.viewA, nil)
		var problem struct {
			Errors []struct{ Message, Location string }
		}
		if err := json.Unmarshal(r.body, &problem); err != nil || r.status != 422 || len(problem.Errors) != 2 ||
			problem.Errors[0].Location != "/workers/0/passport/number" || problem.Errors[1].Location != "/workers/0/experience_years" ||
			problem.Errors[0].Message != "значение не указано; ожидается номер паспорта" {
			t.Errorf("missing fields: status %d %s", r.status, r.body)
		}
		for q, want := range map[string]int{"visa": 422, "letter?worker=nobody": 404, "letter?worker=w-001&format=xlsx": 422, "monthly-report?month=2025-13": 422} {
			if r := f.do("GET", "/api/v1/employers/"+f.binA+"/documents/"+q, f.viewA, nil); r.status != want && !(want == 422 && r.status == 400) {
				t.Errorf("%s: status %d, want %d: %s", q, r.status, want, r.body)
			}
		}
		if r := f.do("GET", "/api/v1/employers/"+f.binA+"/documents/compliance", f.tokenB, nil); r.status != 404 {
			t.Errorf("another tenant's employer: status %d", r.status)
		}
	})
}
