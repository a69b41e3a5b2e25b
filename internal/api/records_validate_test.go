package api_test

import (
	"encoding/json"
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
				if g := f.do("GET", path, f.tokenA, nil); g.header.Get("ETag") != tag {
					t.Fatalf("the employer changed: ETag %s, was %s", g.header.Get("ETag"), tag)
				}
			})
		}
	})
}
