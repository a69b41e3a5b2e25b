package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// TestDocumentDownload: /employers/{bin}/documents/{kind} answers the
// bytes of documents.Make (as the CLI and the API do) as a download; a
// document the records cannot make shows the error page naming the
// missing fields in the page's language; another tenant's employer is not
// found.
func TestDocumentDownload(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	bin := f.binsA[0]
	rec, _, err := f.db.EmployerRecords(context.Background(), f.tenantA, bin)
	if err != nil {
		t.Fatal(err)
	}
	asOf := domain.Today(today)
	res := rules.New(nil, nil).Evaluate(rec, asOf)
	res.Render(i18n.For(i18n.KK))
	want, err := documents.Make(documents.Input{Records: rec, Result: &res}, documents.Request{Kind: documents.Compliance, Format: documents.XLSX, Lang: i18n.KK, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	r := b.get("/employers/" + bin + "/documents/compliance?lang=kk&format=xlsx")
	if r.status != http.StatusOK || !bytes.Equal([]byte(r.body), want.Data) || r.header.Get("Content-Type") != want.ContentType ||
		r.header.Get("Content-Disposition") != `attachment; filename="`+want.FileName+`"` {
		t.Fatalf("status %d, %d bytes (want %d), %v", r.status, len(r.body), len(want.Data), r.header)
	}
	// The synthetic records hold no letterhead nor the month's figures.
	r = b.get("/employers/" + bin + "/documents/monthly-report?lang=ru&month=2025-05")
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "monthly_figures: значение не указано") {
		t.Errorf("monthly report without figures: status %d\n%s", r.status, r.body)
	}
	r = b.get("/employers/" + bin + "/documents/letter?worker=" + rec.Workers[0].ID)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "passport.number") {
		t.Errorf("letter without a passport: status %d", r.status)
	}
	if r := b.get("/employers/" + f.binB + "/documents/compliance"); r.status != http.StatusNotFound {
		t.Errorf("another tenant's employer: status %d", r.status)
	}
}
