package api_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// TestPutInvalidRecords sends records the records validator refuses, each
// of which an earlier API stored (and `ruqsat export` then wrote a file
// that `ruqsat evaluate` refused): the answer is 422 with one error per
// problem located by a JSON pointer into the body, and nothing changes.
func TestPutInvalidRecords(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		path := "/api/v1/employers/" + f.binA
		r := f.do("GET", path, f.tokenA, nil)
		if r.status != 200 {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
		tag, before := r.header.Get("ETag"), string(r.body)
		for _, c := range []struct {
			name     string
			edit     func(rec map[string]any)
			location string
		}{
			{"permit basis without a category", func(rec map[string]any) {
				w := rec["workers"].([]any)[0].(map[string]any)
				w["basis"] = "permit"
				delete(w, "category")
			}, "/workers/0/category"},
			{"quota plan for year 0", func(rec map[string]any) {
				rec["quota_plans"] = []any{map[string]any{"year": 0, "region": "KZ-75", "category": "3", "count": 1}}
			}, "/quota_plans/0/year"},
			{"penalty under article 999", func(rec map[string]any) {
				rec["penalties"] = []any{map[string]any{"article": "999", "date": "2025-03-01"}}
			}, "/penalties/0/article"},
			{"trip ending before it starts", func(rec map[string]any) {
				w := rec["workers"].([]any)[0].(map[string]any)
				w["trips"] = []any{map[string]any{"region": "KZ-75", "from": "2025-03-10", "to": "2025-03-01"}}
			}, "/workers/0/trips/0/to"},
			{"a NUL in a name", func(rec map[string]any) {
				rec["employer"].(map[string]any)["name"] = "Bad\x00Name"
			}, "/employer/name"},
			{"a name of 301 characters", func(rec map[string]any) {
				rec["employer"].(map[string]any)["name"] = strings.Repeat("ж", 301)
			}, "/employer/name"},
			{"a birth date before 1900", func(rec map[string]any) {
				rec["workers"].([]any)[0].(map[string]any)["birth_date"] = "1899-12-31"
			}, "/workers/0/birth_date"},
			{"an event after 2100", func(rec map[string]any) {
				rec["workers"].([]any)[0].(map[string]any)["end"] = "2101-01-01"
			}, "/workers/0/end"},
		} {
			t.Run(c.name, func(t *testing.T) {
				var rec map[string]any
				if err := json.Unmarshal([]byte(before), &rec); err != nil {
					t.Fatal(err)
				}
				delete(rec, "$schema")
				c.edit(rec)
				body, _ := json.Marshal(rec)
				r := f.do("PUT", path, f.tokenA, body, "If-Match", tag)
				if r.status != 422 {
					t.Fatalf("status %d, want 422: %s", r.status, r.body)
				}
				var problem struct {
					Errors []struct{ Location, Message string }
				}
				if err := json.Unmarshal(r.body, &problem); err != nil {
					t.Fatal(err)
				}
				found := false
				for _, e := range problem.Errors {
					found = found || e.Location == c.location
				}
				if !found {
					t.Fatalf("no error at %s: %s", c.location, r.body)
				}
				// The same problems in the request's language: the records
				// validator's and huma's own schema checks alike.
				ru := f.do("PUT", path, f.tokenA, body, "If-Match", tag, "Accept-Language", "ru-RU,ru;q=0.9")
				var rp struct {
					Title  string
					Detail string
					Errors []struct{ Location, Message string }
				}
				if err := json.Unmarshal(ru.body, &rp); err != nil || ru.status != 422 || len(rp.Errors) != len(problem.Errors) {
					t.Fatalf("Russian: status %d: %s", ru.status, ru.body)
				}
				for i, e := range rp.Errors {
					if e.Location != problem.Errors[i].Location || e.Message == problem.Errors[i].Message || !strings.ContainsAny(e.Message, "аеиоуя") {
						t.Errorf("Russian error %d: %+v, English %+v", i, e, problem.Errors[i])
					}
				}
				if rp.Title != "Данные не приняты" {
					t.Errorf("Russian title %q", rp.Title)
				}
				if !strings.HasPrefix(rp.Detail, "в записях") && rp.Detail != "запрос не прошел проверку" {
					t.Errorf("Russian detail %q", rp.Detail)
				}
				if g := f.do("GET", path, f.tokenA, nil); g.header.Get("ETag") != tag {
					t.Fatalf("the employer changed: ETag %s, was %s", g.header.Get("ETag"), tag)
				}
			})
		}
	})
}

// TestHostileInputsRefused sends what an attack on a running server tried:
// NUL and invalid UTF-8 in query parameters and a login email (PostgreSQL
// answered 500 and SQLite stored them), an evaluation on 9999-12-31 (3.4 s
// of CPU per employer), a 1 MiB employer name. Each is a 4xx on both
// engines, and the name changes nothing.
func TestHostileInputsRefused(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		for _, c := range []struct{ method, path string }{
			{"GET", "/api/v1/employers?q=%00"},
			{"GET", "/api/v1/employers?q=%ff"},
			{"GET", "/api/v1/findings?q=%00"},
			{"GET", "/api/v1/audit?entity=%ff"},
			{"GET", "/api/v1/audit?key=%00"},
			{"GET", "/api/v1/employers/" + f.binA + "/findings?as_of=9999-12-31"},
			{"GET", "/api/v1/findings?as_of=9999-12-31"},
			{"GET", "/api/v1/findings?as_of=1000-01-01"},
			{"GET", "/api/v1/dashboard?rule=%00"},
		} {
			r := f.do(c.method, c.path, f.tokenA, nil)
			if r.status < 400 || r.status >= 500 {
				t.Errorf("%s %s: status %d, want 4xx: %s", c.method, c.path, r.status, r.body)
			}
		}
		r := f.do("POST", "/api/v1/session", "", []byte(`{"email":"a-owner@example.com\u0000","password":"x"}`))
		if r.status < 400 || r.status >= 500 {
			t.Errorf("NUL in a login email: status %d, want 4xx: %s", r.status, r.body)
		}
		path := "/api/v1/employers/" + f.binA
		g := f.do("GET", path, f.tokenA, nil)
		var rec map[string]any
		if err := json.Unmarshal(g.body, &rec); err != nil {
			t.Fatal(err)
		}
		delete(rec, "$schema")
		rec["employer"].(map[string]any)["name"] = strings.Repeat("n", 1<<20)
		body, _ := json.Marshal(rec)
		if r := f.do("PUT", path, f.tokenA, body, "If-Match", g.header.Get("ETag")); r.status != 422 {
			t.Fatalf("a 1 MiB name: status %d, want 422", r.status)
		} else if len(r.body) > 64<<10 {
			t.Errorf("the answer to a 1 MiB name is %d bytes: it echoes the value", len(r.body))
		}
		if after := f.do("GET", path, f.tokenA, nil); after.header.Get("ETag") != g.header.Get("ETag") {
			t.Fatal("the employer changed")
		}
	})
}

// TestReviewFindings covers what a review of the application layer found:
// who asks is checked before what they send, PATCH problems are located in
// the PATCH body, the audit log shows people only to owners, and a user's
// employer list holds BINs.
func TestReviewFindings(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		path := "/api/v1/employers/" + f.binA
		g := f.do("GET", path, f.tokenA, nil)
		var rec map[string]any
		if err := json.Unmarshal(g.body, &rec); err != nil {
			t.Fatal(err)
		}
		delete(rec, "$schema")
		rec["penalties"] = []any{map[string]any{"article": "999", "date": "2025-03-01"}}
		body, _ := json.Marshal(rec)
		if r := f.do("PUT", path, f.viewA, body, "If-Match", g.header.Get("ETag")); r.status != 403 {
			t.Errorf("a viewer's invalid PUT: status %d, want 403 before any validation: %s", r.status, r.body)
		}
		r := f.do("PATCH", path, f.tokenA, []byte(`{"name":"a\u0000b"}`), "If-Match", g.header.Get("ETag"))
		if r.status != 422 || !strings.Contains(string(r.body), `"location":"/name"`) {
			t.Errorf("PATCH with a NUL in the name: status %d, want 422 at /name: %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/audit?entity=user", f.viewA, nil); r.status != 200 || strings.Contains(string(r.body), "@example.com\",\"entity\":\"user") || strings.Contains(string(r.body), `"entity":"user"`) {
			t.Errorf("a viewer reads the user entries of the audit log: %d %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/audit?entity=user", f.tokenA, nil); r.status != 200 || !strings.Contains(string(r.body), `"entity":"user"`) {
			t.Errorf("the owner does not read the user entries: %d %s", r.status, r.body)
		}
		for i, emps := range []string{`["12\u0000"]`, `["123"]`} {
			r := f.do("POST", "/api/v1/users", f.tokenA, []byte(`{"email":"limited-`+strconv.Itoa(i)+`@example.com","role":"viewer","password":"correct horse battery staple","employers":`+emps+`}`))
			if r.status < 400 || r.status >= 500 {
				t.Errorf("a user limited to %s: status %d, want 4xx: %s", emps, r.status, r.body)
			}
		}
	})
}
