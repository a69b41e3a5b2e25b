package web_test

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
)

var (
	tagRE      = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	latinRE    = regexp.MustCompile(`[A-Za-z][A-Za-z0-9'’._-]{2,}`)
	codeLikeRE = regexp.MustCompile(`^[a-z_]+\.[a-z0-9_.]+$|^[a-z]+(_[a-z0-9]+)+$|^ruqsat-$`) // rule ids, parameter names, the product's name with a Kazakh ending
	// Codes are set in monospace (<code>, class "mono"): ids and names as
	// the records and the parameter file have them.
	monoRE  = regexp.MustCompile(`<code[^>]*>[^<]*</code>|<(span|div|td)[^>]*class="[^"]*\bmono\b[^"]*"[^>]*>[^<]*</(span|div|td)>`)
	emailRE = regexp.MustCompile(`[\w.+-]+@[\w.-]+|https?://\S+|/c/\S+|/ical/\S+`) // emails, addresses
)

// TestNoEnglishOnRussianAndKazakhPages reads the pages a consultant uses
// in Russian and Kazakh as text and fails on any Latin word of three
// letters or more that is not a name or code from the records (employers,
// workers, ids, permit and vacancy numbers), a rule id, or the product's
// name.
func TestNoEnglishOnRussianAndKazakhPages(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// The language switch names English in English; the user's email is
	// theirs.
	// Product names (the calendars people subscribe from), file types and
	// the tenant's public address are names too.
	allowed := map[string]bool{"ruqsat": true, "iCalendar": true, "ISO": true, "English": true, "Outlook": true, "Google": true,
		"Microsoft": true, "csv": true, "txt": true, "xlsx": true, "yaml": true, "yml": true, "tenant-a": true, "UTF-8": true, "UTF-16": true, "Windows": true, "Windows-1251": true, "URL": true, "XLSX": true, "DOCX": true, "PDF": true, "JPEG": true, "PNG": true}
	var pages []string
	for i, bin := range f.binsA {
		rec, _, err := f.db.EmployerRecords(ctx, f.tenantA, bin)
		if err != nil {
			t.Fatal(err)
		}
		words := []string{rec.Employer.Name}
		for _, w := range rec.Workers {
			words = append(words, w.Name, w.ID, w.Position)
			for _, p := range w.Permits {
				words = append(words, p.Number)
			}
			for _, a := range w.Applications {
				words = append(words, a.VacancyCode)
			}
		}
		for _, p := range rec.QuotaPlans {
			words = append(words, p.Position)
		}
		for _, s := range words {
			for _, w := range latinRE.FindAllString(s, -1) {
				allowed[w] = true
			}
		}
		if i >= 3 {
			continue // their words are allowed: the dashboard names them
		}
		emp := "/employers/" + bin
		pages = append(pages, emp, emp+"?done=all", emp+"/workers", emp+"/records", emp+"/history",
			emp+"/edit?record=trips&worker="+rec.Workers[0].ID, emp+"/edit?record=workers&worker="+rec.Workers[0].ID)
		if i == 0 {
			pages = append(pages, emp+"/workers/"+rec.Workers[0].ID, emp+"/edit?record=employer", emp+"/edit?record=penalties")
		}
	}
	pages = append(pages, "/", "/?view=overdue", "/?view=week", "/?days=90", "/employers", "/employers?sort=exposure",
		"/employers/new", "/law", "/calendar", "/nope", "/people", "/account", "/settings", "/requests", "/import",
		"/employers/"+f.binsA[0]+"/import", "/account/notifications")
	for _, lang := range []string{"ru", "kk"} {
		b := f.browser()
		b.accept = lang
		b.login(ownerA, "/")
		for _, p := range pages {
			r := b.get(p)
			text := emailRE.ReplaceAllString(html.UnescapeString(tagRE.ReplaceAllString(monoRE.ReplaceAllString(r.body, " "), " ")), " ")
			for _, w := range latinRE.FindAllString(text, -1) {
				w = strings.TrimRight(w, ".")
				if allowed[w] || codeLikeRE.MatchString(w) || len(w) < 3 {
					continue
				}
				i := strings.Index(text, w)
				t.Errorf("%s %s: the English word %q in %q", lang, p, w, strings.TrimSpace(text[max(0, i-40):min(len(text), i+40)]))
				break
			}
		}
	}
}
