package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestInvitesAPI: an owner invites by a one-time link (the token shown
// once), lists and withdraws invites; a viewer may not.
func TestInvitesAPI(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		r := f.do("POST", "/api/v1/invites", f.tokenA, []byte(`{"email":"New@Example.com","role":"editor","employers":["`+f.binA+`"]}`))
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		var created struct {
			ID        int64    `json:"id"`
			Email     string   `json:"email"`
			Employers []string `json:"employers"`
			Token     string   `json:"token"`
			Path      string   `json:"path"`
		}
		if err := json.Unmarshal(r.body, &created); err != nil {
			t.Fatal(err)
		}
		if created.Email != "new@example.com" || !strings.HasPrefix(created.Token, "rqi_") || created.Path != "/invite/"+created.Token ||
			len(created.Employers) != 1 || created.Employers[0] != f.binA {
			t.Fatalf("created: %+v", created)
		}
		r = f.do("GET", "/api/v1/invites", f.tokenA, nil)
		if r.status != 200 || !strings.Contains(string(r.body), `"new@example.com"`) || strings.Contains(string(r.body), created.Token) {
			t.Fatalf("list (the token is shown once): %d %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/invites", f.viewA, nil); r.status != 403 {
			t.Errorf("a viewer lists invites: %d", r.status)
		}
		if r := f.do("POST", "/api/v1/invites", f.tokenA, []byte(`{"email":"a-viewer@example.com","role":"viewer"}`)); r.status != 409 {
			t.Errorf("invite a user: %d %s", r.status, r.body)
		}
		if r := f.do("POST", "/api/v1/invites?lang=ru", f.tokenA, []byte(`{"email":"x@example.com","role":"owner","employers":["`+f.binA+`"]}`)); r.status != 400 || !strings.Contains(string(r.body), "владелец") {
			t.Errorf("a limited owner, in Russian: %d %s", r.status, r.body)
		}
		if r := f.do("DELETE", fmt.Sprintf("/api/v1/invites/%d", created.ID), f.tokenA, nil); r.status != 204 {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
		if r := f.do("GET", "/api/v1/invites", f.tokenA, nil); r.status != 200 || strings.Contains(string(r.body), "new@example.com") {
			t.Errorf("after delete: %s", r.body)
		}
	})
}

// TestTenantAPI: every user reads the tenant's settings, the owner changes
// them; a slug another tenant has is 409, a malformed one 400 or 422.
func TestTenantAPI(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		r := f.do("GET", "/api/v1/tenant", f.viewA, nil)
		if r.status != 200 || !strings.Contains(string(r.body), `"slug":"tenant-a"`) {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
		if r := f.do("PATCH", "/api/v1/tenant", f.viewA, []byte(`{"name":"Mine"}`)); r.status != 403 {
			t.Errorf("a viewer renames the tenant: %d", r.status)
		}
		r = f.do("PATCH", "/api/v1/tenant", f.tokenA, []byte(`{"name":"Alpha","slug":"alpha","legal_name":"ТОО «Альфа»","legal_bin":"940140000385"}`))
		if r.status != 200 || !strings.Contains(string(r.body), `"slug":"alpha"`) || !strings.Contains(string(r.body), `"legal_bin":"940140000385"`) {
			t.Fatalf("patch: %d %s", r.status, r.body)
		}
		if r := f.do("PATCH", "/api/v1/tenant", f.tokenB, []byte(`{"slug":"alpha"}`)); r.status != 409 {
			t.Errorf("a taken slug: %d %s", r.status, r.body)
		}
		if r := f.do("PATCH", "/api/v1/tenant", f.tokenB, []byte(`{"slug":"Alpha"}`)); r.status != 422 && r.status != 400 {
			t.Errorf("an upper-case slug: %d %s", r.status, r.body)
		}
		if r := f.do("PATCH", "/api/v1/tenant?lang=kk", f.tokenB, []byte(`{"legal_bin":"940140000386"}`)); r.status != 400 || !strings.Contains(string(r.body), "БСН") {
			t.Errorf("a wrong BIN, in Kazakh: %d %s", r.status, r.body)
		}
		r = f.do("PATCH", "/api/v1/tenant", f.tokenA, []byte(`{"legal_bin":null}`))
		if r.status != 200 || !strings.Contains(string(r.body), `"legal_bin":""`) {
			t.Errorf("clear the BIN: %d %s", r.status, r.body)
		}
	})
}

// TestConsultationQueueAPI: requests carry a status and an assignee that
// PATCH changes; a viewer may not.
func TestConsultationQueueAPI(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		r := f.do("POST", "/api/v1/consultation-requests", f.tokenA, []byte(`{"name":"Айгерім","contact":"+77010000000","consent":{"text_version":"v1","purpose":"to answer"}}`))
		if r.status != 201 || !strings.Contains(string(r.body), `"status":"new"`) || !strings.Contains(string(r.body), `"assignee":null`) {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		var req struct{ ID int64 }
		json.Unmarshal(r.body, &req)
		var users struct {
			Users []struct {
				ID    int64
				Email string
			}
		}
		json.Unmarshal(f.do("GET", "/api/v1/users", f.tokenA, nil).body, &users)
		owner := int64(0)
		for _, u := range users.Users {
			if u.Email == "a-owner@example.com" {
				owner = u.ID
			}
		}
		path := fmt.Sprintf("/api/v1/consultation-requests/%d", req.ID)
		r = f.do("PATCH", path, f.tokenA, []byte(fmt.Sprintf(`{"status":"in_progress","assignee":%d}`, owner)))
		if r.status != 200 || !strings.Contains(string(r.body), `"status":"in_progress"`) || !strings.Contains(string(r.body), `"assignee_email":"a-owner@example.com"`) {
			t.Fatalf("patch: %d %s", r.status, r.body)
		}
		r = f.do("GET", "/api/v1/consultation-requests", f.tokenA, nil)
		if !strings.Contains(string(r.body), fmt.Sprintf(`"assignee":%d`, owner)) {
			t.Errorf("list: %s", r.body)
		}
		if r := f.do("PATCH", path, f.tokenA, []byte(`{"status":"closed"}`)); r.status != 422 {
			t.Errorf("an unknown status: %d %s", r.status, r.body)
		}
		if r := f.do("PATCH", path, f.tokenA, []byte(`{"assignee":999999}`)); r.status != 404 {
			t.Errorf("an unknown user: %d %s", r.status, r.body)
		}
		if r := f.do("PATCH", path, f.viewA, []byte(`{"status":"done"}`)); r.status != 403 {
			t.Errorf("a viewer: %d %s", r.status, r.body)
		}
		r = f.do("PATCH", path, f.tokenA, []byte(`{"status":"done","assignee":null}`))
		if r.status != 200 || !strings.Contains(string(r.body), `"status":"done"`) || !strings.Contains(string(r.body), `"assignee":null`) {
			t.Errorf("done, unassigned: %d %s", r.status, r.body)
		}
	})
}
