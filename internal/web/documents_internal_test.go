package web

import (
	"html/template"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestDocumentsPanel: the panels of the employer's and the worker's pages
// offer every document of theirs in each language and format, in the
// page's language, and the block "documents" writes them as links (and
// nothing for no panel).
func TestDocumentsPanel(t *testing.T) {
	ls, err := loadLocales()
	if err != nil {
		t.Fatal(err)
	}
	l := ls.byTag["kk"]
	rec := &domain.Records{Employer: domain.Employer{BIN: "940140000385"}, QuotaPlans: []domain.QuotaPlan{
		{Year: 2027, Region: "KZ-23", Count: 2}, {Year: 2027, Region: "KZ-23", Count: 1}, {Year: 2025, Region: "KZ-23", Count: 1}, {Year: 2027, Region: "KZ-75"}}}
	emp := employerDocuments(l, rec, domain.MustDate("2026-12-06"))
	wk := workerDocuments(l, "940140000385", &domain.Worker{ID: "w 1", Basis: domain.BasisPermit})
	if p := workerDocuments(l, "940140000385", &domain.Worker{ID: "w2", Basis: domain.BasisEAEU}); len(p.Items) != 1 || p.Items[0].Label != "Өтінішке қажетті құжаттар тізбесі" {
		t.Errorf("a worker who needs no permit: %+v; want the checklist alone", p.Items)
	}
	if emp.Heading != "Құжаттар" || len(emp.Items) != 3 || len(wk.Items) != 2 || emp.Items[1].Label != "Квотаға өтінім, Атырау облысы, 2027 жыл" {
		t.Fatalf("panels %+v %+v", emp, wk)
	}
	if got := emp.Items[0].Label; got != "Ай сайынғы есеп, 2026 жылғы қараша" {
		t.Errorf("monthly report's label %q", got)
	}
	for _, it := range append(emp.Items, wk.Items[0]) {
		if len(it.Links) != 6 {
			t.Errorf("%s: %d links, want 3 languages × 2 formats", it.Label, len(it.Links))
		}
	}
	if got, want := wk.Items[0].Links[1].Href, "/employers/940140000385/documents/letter?format=pdf&lang=kk&worker=w+1"; got != want {
		t.Errorf("letter's second link %q, want %q", got, want)
	}
	if got := emp.Items[0].Links[0].Href; got != "/employers/940140000385/documents/monthly-report?format=xlsx&lang=kk&month=2026-11" {
		t.Errorf("monthly report's first link %q", got)
	}
	tmpl, err := template.ParseFS(templateFS, "templates/_documents.html")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, "documents", wk); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<h2 id="documents-heading">Құжаттар</h2>`, `Біліктілік туралы хат`,
		`href="/employers/940140000385/documents/letter?format=docx&amp;lang=kk&amp;worker=w&#43;1" hreflang="kk" download>Қазақша · DOCX</a>`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("want %q in\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := tmpl.ExecuteTemplate(&b, "documents", (*DocumentsPanel)(nil)); err != nil || strings.TrimSpace(b.String()) != "" {
		t.Errorf("no panel: %q %v", b.String(), err)
	}
}
