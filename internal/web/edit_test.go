package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// formVersion is the version a page's first form carries.
func formVersion(t *testing.T, body string) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version in the page:\n%s", body)
	}
	return m[1]
}

// wantRedirect checks a save: 303 to a page of the records.
func wantRedirect(t *testing.T, what string, r response, prefix string) {
	t.Helper()
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), prefix) {
		t.Fatalf("%s: status %d, Location %q; want 303 to %s...\n%s", what, r.status, r.header.Get("Location"), prefix, r.body)
	}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, s := range v {
		out[k] = s
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// TestKeepRecords keeps an employer's records through the pages as a
// consultant would, in Russian: create the employer, a worker, a permit,
// plan and record a trip, act on a finding, save over someone else's
// change, extend a permit, read the history, delete.
func TestKeepRecords(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	const bin = "940140000385"
	emp := "/employers/" + bin

	// A new employer: a bad BIN and no size are said at their fields.
	r := b.post("/employers/new", url.Values{"bin": {"123"}, "name": {"ТОО «Дала Бурение»"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad employer: status %d, want 422\n%s", r.status, r.body)
	}
	for _, want := range []string{`id="f-bin-err"`, `id="f-size-err"`, `value="ТОО «Дала Бурение»"`, "Запись не сохранена"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("bad employer: the form lacks %s", want)
		}
	}
	r = b.post("/employers/new", url.Values{"bin": {bin}, "name": {"ТОО «Дала Бурение»"}, "size": {"small"}})
	wantRedirect(t, "new employer", r, emp+"/records?saved=1")

	// A worker, with the id the form proposes.
	body := b.page(emp + "/edit?record=workers")
	if !strings.Contains(body, `name="id" value="w1"`) {
		t.Errorf("the new worker's form does not propose the id w1")
	}
	worker := url.Values{"record": {"workers"}, "version": {formVersion(t, body)}, "id": {"w1"}, "name": {"Zhou Ming"},
		"citizenship": {"cn"}, "basis": {"permit"}, "category": {"3"}, "position": {"Буровой мастер"}, "start": {"2025-01-10"}}
	wantRedirect(t, "new worker", b.post(emp+"/edit", worker), emp+"/workers/w1?saved=1")

	// A permit, then a trip that ends before it starts: the problem
	// stands next to the last day, in Russian.
	page := b.page(emp + "/workers/w1")
	v := formVersion(t, b.page(emp+"/edit?record=permits&worker=w1"))
	permit := url.Values{"record": {"permits"}, "worker": {"w1"}, "version": {v}, "number": {"KZ-75-2025-0001"},
		"regions": {"KZ-75"}, "from": {"2025-01-05"}, "to": {"2025-07-04"}}
	wantRedirect(t, "new permit", b.post(emp+"/edit", permit), emp+"/workers/w1?saved=1#permits")
	_ = page
	v = formVersion(t, b.page(emp+"/edit?record=trips&worker=w1"))
	trip := url.Values{"record": {"trips"}, "worker": {"w1"}, "version": {v}, "region": {"KZ-71"}, "from": {"2025-05-10"}, "to": {"2025-05-01"}}
	r = b.post(emp+"/edit", trip)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-to-err"`) || !strings.Contains(r.body, `value="2025-05-01"`) {
		t.Fatalf("a trip ending before it starts: status %d, want 422 with the problem at the last day and the input kept\n%s", r.status, r.body)
	}

	// Plan a long trip: the page says the limit would be passed, and on
	// which day, before anything is saved.
	body = b.page(emp + "/workers/w1?plan_region=KZ-71&plan_from=2025-02-01&plan_to=2025-06-30")
	for _, want := range []string{`class="plan-warning"`, "Предел будет превышен 02.05.2025", "с этой командировкой — 150"} {
		if !strings.Contains(body, want) {
			t.Errorf("planned trip: the page lacks %q", want)
		}
	}
	rec, _, err := f.db.EmployerRecords(ctx, f.tenantA, bin)
	if err != nil || len(rec.Workers[0].Trips) != 0 {
		t.Fatalf("a plan stored something: %v, %+v", err, rec.Workers)
	}

	// Save a short trip; the findings page offers "notified on" for it.
	trip = with(trip, "from", "2025-06-02", "to", "2025-06-05")
	wantRedirect(t, "trip", b.post(emp+"/edit", trip), emp+"/workers/w1?saved=1#trips")
	findings := b.page(emp + "?as_of=2025-06-03")
	if !strings.Contains(findings, `name="rule" value="trip.notice"`) || !strings.Contains(findings, `action="`+emp+`/act"`) {
		t.Fatalf("the trip's notice has no quick action:\n%s", findings)
	}
	// Someone opens the trip's form; meanwhile the notice is recorded.
	tripForm := b.page(emp + "/edit?record=trips&worker=w1&i=0")
	stale := formVersion(t, tripForm)
	r = b.post(emp+"/act", url.Values{"rule": {"trip.notice"}, "subject": {"w1"}, "period": {"2025-06-02"},
		"date": {"2025-06-04"}, "version": {formVersion(t, findings)}, "as_of": {"2025-06-03"}})
	wantRedirect(t, "quick action", r, emp+"?as_of=2025-06-03&saved=1#f-trip.notice")
	rec, _, _ = f.db.EmployerRecords(ctx, f.tenantA, bin)
	if got := rec.Workers[0].Trips[0].Notified; got != domain.MustDate("2025-06-04") {
		t.Fatalf("the quick action recorded the notice on %s, want 2025-06-04", got)
	}
	// The stale form's save is a conflict that keeps the input and shows
	// what the other change recorded.
	r = b.post(emp+"/edit", url.Values{"record": {"trips"}, "worker": {"w1"}, "i": {"0"}, "version": {stale},
		"region": {"KZ-71"}, "from": {"2025-06-02"}, "to": {"2025-06-06"}, "notified": {""},
		"orig.region": {"KZ-71"}, "orig.from": {"2025-06-02"}, "orig.to": {"2025-06-05"}, "orig.notified": {""}})
	if r.status != http.StatusConflict {
		t.Fatalf("stale save: status %d, want 409\n%s", r.status, r.body)
	}
	for _, want := range []string{`id="conflict"`, `name="to" value="2025-06-06"`, `data-field="notified"`, "04.06.2025"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("stale save: the form lacks %s", want)
		}
	}
	if strings.Contains(r.body, `data-field="from"`) {
		t.Errorf("stale save: a field nobody changed is shown as changed")
	}
	// Saving again, on the version the conflict page carries, works.
	wantRedirect(t, "save after the conflict", b.post(emp+"/edit", url.Values{"record": {"trips"}, "worker": {"w1"}, "i": {"0"},
		"version": {formVersion(t, r.body)}, "region": {"KZ-71"}, "from": {"2025-06-02"}, "to": {"2025-06-06"}, "notified": {"2025-06-04"}}),
		emp+"/workers/w1?saved=1#trips")

	// Extend the permit: the new permit's form starts the day after.
	body = b.page(emp + "/edit?record=permits&worker=w1&extend_to=2025-07-04")
	if !strings.Contains(body, `name="from" value="2025-07-05"`) || !strings.Contains(body, `value="KZ-75" checked`) {
		t.Fatalf("extension form does not start after the old permit:\n%s", body)
	}
	permit = with(permit, "version", formVersion(t, body), "number", "KZ-75-2025-0002", "from", "2025-07-05", "to", "2026-07-04")
	wantRedirect(t, "extension", b.post(emp+"/edit", permit), emp+"/workers/w1")
	if body = b.page(emp + "/workers/w1"); !strings.Contains(body, "продлено разрешением KZ-75-2025-0002") {
		t.Errorf("the worker page does not show the superseded permit")
	}

	// The history says who changed what.
	body = b.page(emp + "/history")
	for _, want := range []string{ownerA, "Работник Zhou Ming (w1)", "Командировки", "создано"} {
		if !strings.Contains(body, want) {
			t.Errorf("history lacks %q", want)
		}
	}

	// Delete the trip.
	v = formVersion(t, b.page(emp+"/edit?record=trips&worker=w1&i=0"))
	wantRedirect(t, "delete", b.post(emp+"/delete", url.Values{"record": {"trips"}, "worker": {"w1"}, "i": {"0"}, "version": {v}}), emp+"/workers/w1")
	rec, _, _ = f.db.EmployerRecords(ctx, f.tenantA, bin)
	if n := len(rec.Workers[0].Trips); n != 0 {
		t.Errorf("%d trips after deleting the only one", n)
	}
}

// TestViewerCannotEdit: a viewer sees the records but no form, and a post
// made by hand is refused.
func TestViewerCannotEdit(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "en"
	b.login(limitedA, "/")
	emp := "/employers/" + f.binsA[0]
	for _, path := range []string{emp, emp + "/workers", emp + "/records"} {
		if body := b.page(path); strings.Contains(body, "/edit?record=") || strings.Contains(body, `action="`+emp+`/act"`) {
			t.Errorf("%s offers a viewer a form", path)
		}
	}
	r := b.post(emp+"/edit", url.Values{"record": {"reports"}, "version": {"1"}, "month": {"2025-01"}, "submitted": {"2025-01-20"}})
	if r.status != http.StatusForbidden {
		t.Errorf("viewer's save: status %d, want 403", r.status)
	}
	// Another employer is not found, as if it did not exist.
	if r := b.get("/employers/" + f.binsA[1] + "/records"); r.status != http.StatusNotFound {
		t.Errorf("limited viewer reads another employer's records: status %d, want 404", r.status)
	}
}

// TestEditDocumentsFields keeps what the documents need through the forms:
// the employer's letterhead and director, a worker's passport and
// education (nested parts, made when filled and dropped when emptied), a
// month's figures and a document on file; a problem in a nested part
// stands next to its field.
func TestEditDocumentsFields(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	bin := f.binsA[0]
	emp := "/employers/" + bin
	rec, v, _ := f.db.EmployerRecords(ctx, f.tenantA, bin)
	id := rec.Workers[0].ID
	ver := func() string { _, v, _ := f.db.EmployerRecords(ctx, f.tenantA, bin); return strconv.FormatInt(v, 10) }

	form := b.page(emp + "/edit?record=employer")
	vals := url.Values{"record": {"employer"}, "i": {"0"}, "version": {strconv.FormatInt(v, 10)}, "name": {rec.Employer.Name},
		"size": {string(rec.Employer.Size)}, "address": {"Атырау, пр. Сатпаева 17"}, "director.name": {"Серікбаев Нұрлан"},
		"director.position": {"Директор"}, "uses_seal": {"yes"}}
	_ = form
	wantRedirect(t, "employer's letterhead", b.post(emp+"/edit", vals), emp+"/records")

	w := url.Values{"record": {"workers"}, "worker": {id}, "version": {ver()}}
	for k, vv := range b.formValues(emp + "/edit?record=workers&worker=" + id) {
		w[k] = vv
	}
	w.Set("passport.number", "EG7731925")
	w.Set("passport.expires", "2029-04-10")
	w.Set("education.level", "doctorate")
	r := b.post(emp+"/edit", w)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-education-level-err"`) {
		t.Fatalf("an unknown level of education: status %d, want 422 next to the field\n%s", r.status, r.body)
	}
	w.Set("education.level", "higher")
	w.Set("education.institution", "China University of Petroleum")
	wantRedirect(t, "worker's passport and education", b.post(emp+"/edit", w), emp+"/workers/"+id)

	wantRedirect(t, "a month's figures", b.post(emp+"/edit", url.Values{"record": {"monthly_figures"}, "version": {ver()},
		"month": {"2025-05"}, "kz_working": {"40"}, "kz_trained": {"2"}}), emp+"/records")
	wantRedirect(t, "a document", b.post(emp+"/edit", url.Values{"record": {"documents"}, "worker": {id}, "version": {ver()},
		"kind": {"diploma"}, "number": {"D-1"}, "issued": {"2007-06-30"}}), emp+"/workers/"+id)

	got, _, _ := f.db.EmployerRecords(ctx, f.tenantA, bin)
	e, wk := got.Employer, got.Workers[0]
	if e.Director.Name != "Серікбаев Нұрлан" || !e.UsesSeal || e.Address == "" {
		t.Errorf("employer %+v", e)
	}
	if wk.Passport == nil || wk.Passport.Number != "EG7731925" || wk.Passport.Expires != domain.MustDate("2029-04-10") ||
		wk.Education == nil || wk.Education.Level != domain.EducationHigher {
		t.Errorf("worker's passport %+v, education %+v", wk.Passport, wk.Education)
	}
	if n := len(got.MonthlyFigures); n == 0 || got.MonthlyFigures[n-1].KZWorking != 40 {
		t.Errorf("figures %+v", got.MonthlyFigures)
	}
	// Emptied, the passport is dropped.
	w = url.Values{"record": {"workers"}, "worker": {id}, "version": {ver()}}
	for k, vv := range b.formValues(emp + "/edit?record=workers&worker=" + id) {
		w[k] = vv
	}
	for _, k := range []string{"passport.number", "passport.issued", "passport.expires", "passport.issuer"} {
		w.Set(k, "")
	}
	wantRedirect(t, "passport emptied", b.post(emp+"/edit", w), emp+"/workers/"+id)
	if got, _, _ := f.db.EmployerRecords(ctx, f.tenantA, bin); got.Workers[0].Passport != nil {
		t.Errorf("an emptied passport is kept: %+v", got.Workers[0].Passport)
	}
}

// formValues reads a form page's text inputs (and the selected options,
// by the select's field) as the browser would send them.
func (b *browser) formValues(path string) url.Values {
	b.f.t.Helper()
	body := b.page(path)
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input id="f-[^"]*" name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select id="f-[^"]*" name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(body, -1) {
		if s := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); s != nil {
			v.Set(m[1], s[1])
		}
	}
	return v
}
