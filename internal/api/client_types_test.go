package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/testdb"
)

// openAPITools is the directory of the npm packages (openapi-typescript,
// typescript, redocly) that `make openapi-tools` installs from the lockfile.
var openAPITools = filepath.Join("..", "..", "tools", "openapi")

// npmBin returns the path of an installed npm package's command. Without
// the packages the test is skipped when npm itself is missing, except in CI
// (CI=true), where it fails; with npm but without the packages it fails and
// says how to install them: the test downloads nothing itself.
func npmBin(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(openAPITools, "node_modules", ".bin", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err == nil {
		return p
	}
	_, npmErr := exec.LookPath("npm")
	if npmErr != nil && os.Getenv("CI") != "true" {
		t.Skipf("npm is not installed, so neither is %s (in CI this fails)", name)
	}
	t.Fatalf("%s is not installed: run make openapi-tools (npm ci --prefix tools/openapi)", name)
	return ""
}

// answer is a real response of the API, to be checked against the type the
// generated client gives it.
type answer struct {
	name        string // a TypeScript identifier
	path        string // the OpenAPI path template
	method      string // lower case, as in the generated paths type
	status      int
	contentType string
	header      http.Header
	body        []byte
}

// tsType is the generated client's type for a's body.
func (a answer) tsType() string {
	return fmt.Sprintf(`paths[%q][%q]["responses"][%d]["content"][%q]`, a.path, a.method, a.status, a.contentType)
}

// TestGeneratedClientTypes generates a TypeScript client's types from the
// served OpenAPI document with openapi-typescript and type-checks real
// answers of the API's main routes against them (tsc --strict): a field
// the document leaves out, a required field the answer lacks, a null
// where the document promises a string or a wrong type fails the test.
func TestGeneratedClientTypes(t *testing.T) {
	if testing.Short() {
		t.Skip("the TypeScript check runs in the plain pass, not with -short (make race)")
	}
	generate, tsc := npmBin(t, "openapi-typescript"), npmBin(t, "tsc")
	f := newFixtureOn(t, testdb.SQLite(t))

	var answers []answer
	// record sends a request and keeps its answer, which must have status.
	record := func(name, method, path, concrete string, status int, body any, headers ...string) answer {
		t.Helper()
		var b []byte
		if body != nil {
			var err error
			if b, err = json.Marshal(body); err != nil {
				t.Fatal(err)
			}
		}
		token := f.tokenA
		if len(headers) > 0 {
			token = "" // authenticated by the headers (a session cookie)
		}
		r := f.do(method, concrete, token, b, headers...)
		if r.status != status {
			t.Fatalf("%s %s: status %d, want %d: %s", method, concrete, r.status, status, r.body)
		}
		ct, _, _ := strings.Cut(r.header.Get("Content-Type"), ";")
		a := answer{name: name, path: path, method: strings.ToLower(method), status: status, contentType: ct, header: r.header, body: r.body}
		answers = append(answers, a)
		return a
	}

	login := record("login", "POST", "/api/v1/session", "/api/v1/session", 200,
		map[string]string{"email": "a-owner@example.com", "password": password})
	var cookie string
	for _, c := range (&http.Response{Header: login.header}).Cookies() {
		cookie = c.Name + "=" + c.Value
	}
	if cookie == "" {
		t.Fatal("the login set no cookie")
	}
	record("me", "GET", "/api/v1/me", "/api/v1/me", 200, nil, "Cookie", cookie)

	record("createdUser", "POST", "/api/v1/users", "/api/v1/users", 201,
		map[string]any{"email": "limited@example.com", "role": "viewer", "password": password, "employers": []string{f.binA}})
	record("users", "GET", "/api/v1/users", "/api/v1/users", 200, nil)

	record("createdToken", "POST", "/api/v1/tokens", "/api/v1/tokens", 201, map[string]string{"name": "a script"})
	record("tokens", "GET", "/api/v1/tokens", "/api/v1/tokens", 200, nil)

	record("employers", "GET", "/api/v1/employers", "/api/v1/employers", 200, nil)
	record("employer", "GET", "/api/v1/employers/{bin}", "/api/v1/employers/"+f.binA, 200, nil)
	record("employerFindings", "GET", "/api/v1/employers/{bin}/findings", "/api/v1/employers/"+f.binA+"/findings?as_of=2025-11-15", 200, nil)
	record("findings", "GET", "/api/v1/findings", "/api/v1/findings?as_of=2025-11-15", 200, nil)
	record("whatIf", "POST", "/api/v1/employers/{bin}/what-if", "/api/v1/employers/"+f.binA+"/what-if?as_of=2025-11-15", 200,
		map[string]any{"workers": []map[string]any{{"id": "new-1", "basis": "permit", "category": "3", "start": "2025-02-01",
			"trips": []map[string]string{{"region": "KZ-71", "from": "2025-03-01", "to": "2025-06-30"}}}}})
	dash := record("dashboard", "GET", "/api/v1/dashboard", "/api/v1/dashboard?days=366&overdue=true&limit=1000", 200, nil)

	consent := map[string]string{"text_version": "2026-01", "purpose": "to answer this request"}
	record("createdConsultation", "POST", "/api/v1/consultation-requests", "/api/v1/consultation-requests", 201,
		map[string]any{"name": "Aigerim", "contact": "+7 701 000 00 00", "company": "Steppe Drilling", "message": "3 welders", "consent": consent})
	other := record("otherConsultation", "POST", "/api/v1/consultation-requests", "/api/v1/consultation-requests", 201,
		map[string]any{"name": "Dana", "contact": "dana@example.com", "consent": consent})
	var created struct{ ID int64 }
	if err := json.Unmarshal(other.body, &created); err != nil {
		t.Fatal(err)
	}
	record("revoked", "POST", "/api/v1/consultation-requests/{id}/revoke-consent",
		fmt.Sprintf("/api/v1/consultation-requests/%d/revoke-consent", created.ID), 200, nil)
	record("consultations", "GET", "/api/v1/consultation-requests", "/api/v1/consultation-requests", 200, nil)
	record("patchedConsultation", "PATCH", "/api/v1/consultation-requests/{id}",
		fmt.Sprintf("/api/v1/consultation-requests/%d", created.ID), 200, map[string]any{"status": "in_progress", "assignee": nil})
	record("createdInvite", "POST", "/api/v1/invites", "/api/v1/invites", 201, map[string]any{"email": "new@example.com", "role": "editor", "employers": []string{f.binA}})
	record("invites", "GET", "/api/v1/invites", "/api/v1/invites", 200, nil)
	record("tenant", "GET", "/api/v1/tenant", "/api/v1/tenant", 200, nil)
	record("patchedTenant", "PATCH", "/api/v1/tenant", "/api/v1/tenant", 200, map[string]any{"legal_name": "ТОО «А»", "legal_bin": nil})

	record("audit", "GET", "/api/v1/audit", "/api/v1/audit", 200, nil)
	record("notFound", "GET", "/api/v1/employers/{bin}", "/api/v1/employers/000000000000", 404, nil)

	// Answers with nothing in them would check little.
	var d struct{ Findings []json.RawMessage }
	if err := json.Unmarshal(dash.body, &d); err != nil || len(d.Findings) == 0 {
		t.Fatalf("the dashboard has no findings to check (%v): %s", err, dash.body)
	}

	dir := t.TempDir()
	doc := f.do("GET", "/api/openapi.json", "", nil)
	if doc.status != 200 {
		t.Fatalf("GET /api/openapi.json: status %d", doc.status)
	}
	write(t, filepath.Join(dir, "openapi.json"), doc.body)
	run(t, dir, generate, "openapi.json", "--output", "schema.d.ts")

	var ts strings.Builder
	ts.WriteString("// Answers of the ruqsat API, typed with the client generated from its OpenAPI document.\n")
	ts.WriteString("import type { paths } from \"./schema\";\n\n")
	for _, a := range answers {
		fmt.Fprintf(&ts, "export const %s: %s = %s;\n\n", a.name, a.tsType(), a.body)
	}
	write(t, filepath.Join(dir, "answers.ts"), []byte(ts.String()))
	tscArgs := []string{"--noEmit", "--strict", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler"}
	if out, err := command(dir, tsc, append(tscArgs, "answers.ts")...); err != nil {
		t.Fatalf("the API's answers do not type-check against the generated client (%v):\n%s", err, out)
	}

	// The types must be able to fail: a count as a string is refused.
	wrong := fmt.Sprintf("import type { paths } from \"./schema\";\n\nexport const wrong: %s = {\"employers\": [], \"total\": \"1\"};\n",
		answer{path: "/api/v1/employers", method: "get", status: 200, contentType: "application/json"}.tsType())
	write(t, filepath.Join(dir, "wrong.ts"), []byte(wrong))
	out, err := command(dir, tsc, append(tscArgs, "wrong.ts")...)
	if err == nil || !strings.Contains(out, "wrong.ts(3,") || !strings.Contains(out, "TS2322") {
		t.Fatalf("tsc accepted a total that is a string (%v):\n%s", err, out)
	}
}

func write(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// command runs a command of the npm packages in dir and returns its output.
func command(dir, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	if out, err := command(dir, name, args...); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}
