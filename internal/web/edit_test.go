package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
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
	body := b.page(emp + "/edit?kind=workers")
	if !strings.Contains(body, `name="id" value="w1"`) {
		t.Errorf("the new worker's form does not propose the id w1")
	}
	worker := url.Values{"kind": {"workers"}, "version": {formVersion(t, body)}, "id": {"w1"}, "name": {"Zhou Ming"},
		"citizenship": {"cn"}, "basis": {"permit"}, "category": {"3"}, "position": {"Буровой мастер"}, "start": {"2025-01-10"}}
	wantRedirect(t, "new worker", b.post(emp+"/edit", worker), emp+"/workers/w1?saved=1")

	// A permit, then a trip that ends before it starts: the problem
	// stands next to the last day, in Russian.
	page := b.page(emp + "/workers/w1")
	v := formVersion(t, b.page(emp+"/edit?kind=permits&worker=w1"))
	permit := url.Values{"kind": {"permits"}, "worker": {"w1"}, "version": {v}, "number": {"KZ-75-2025-0001"},
		"regions": {"KZ-75"}, "from": {"2025-01-05"}, "to": {"2025-07-04"}}
	wantRedirect(t, "new permit", b.post(emp+"/edit", permit), emp+"/workers/w1?saved=1#permits")
	_ = page
	v = formVersion(t, b.page(emp+"/edit?kind=trips&worker=w1"))
	trip := url.Values{"kind": {"trips"}, "worker": {"w1"}, "version": {v}, "region": {"KZ-71"}, "from": {"2025-05-10"}, "to": {"2025-05-01"}}
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
	tripForm := b.page(emp + "/edit?kind=trips&worker=w1&i=0")
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
	r = b.post(emp+"/edit", url.Values{"kind": {"trips"}, "worker": {"w1"}, "i": {"0"}, "version": {stale},
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
	wantRedirect(t, "save after the conflict", b.post(emp+"/edit", url.Values{"kind": {"trips"}, "worker": {"w1"}, "i": {"0"},
		"version": {formVersion(t, r.body)}, "region": {"KZ-71"}, "from": {"2025-06-02"}, "to": {"2025-06-06"}, "notified": {"2025-06-04"}}),
		emp+"/workers/w1?saved=1#trips")

	// Extend the permit: the new permit's form starts the day after.
	body = b.page(emp + "/edit?kind=permits&worker=w1&extend_to=2025-07-04")
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
	v = formVersion(t, b.page(emp+"/edit?kind=trips&worker=w1&i=0"))
	wantRedirect(t, "delete", b.post(emp+"/delete", url.Values{"kind": {"trips"}, "worker": {"w1"}, "i": {"0"}, "version": {v}}), emp+"/workers/w1")
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
		if body := b.page(path); strings.Contains(body, "/edit?kind=") || strings.Contains(body, `action="`+emp+`/act"`) {
			t.Errorf("%s offers a viewer a form", path)
		}
	}
	r := b.post(emp+"/edit", url.Values{"kind": {"reports"}, "version": {"1"}, "month": {"2025-01"}, "submitted": {"2025-01-20"}})
	if r.status != http.StatusForbidden {
		t.Errorf("viewer's save: status %d, want 403", r.status)
	}
	// Another employer is not found, as if it did not exist.
	if r := b.get("/employers/" + f.binsA[1] + "/records"); r.status != http.StatusNotFound {
		t.Errorf("limited viewer reads another employer's records: status %d, want 404", r.status)
	}
}
