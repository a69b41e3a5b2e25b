package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestOpenAPIGolden keeps the OpenAPI document in testdata/openapi.json, so
// that a change of the API's contract shows in review. After an intended
// change: go test ./internal/api -run OpenAPIGolden -update
func TestOpenAPIGolden(t *testing.T) {
	got, err := json.MarshalIndent(api.New(api.Config{}).OpenAPI(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "openapi.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the OpenAPI document differs from %s; if the change is intended, run go test ./internal/api -run OpenAPIGolden -update and review the diff", golden)
	}
}

// TestSchemaLinkFollowsTheHost: the $schema URL of an answer names the host
// the request was sent to, localhost too (huma would take the document's
// relative server URL for it: https:////api/schemas/...).
func TestSchemaLinkFollowsTheHost(t *testing.T) {
	f := newFixtureOn(t, testdb.SQLite(t))
	for host, want := range map[string]string{
		"localhost:8080":    "http://localhost:8080/api/schemas/User.json",
		"127.0.0.1:8080":    "http://127.0.0.1:8080/api/schemas/User.json",
		"ruqsat.example.kz": "https://ruqsat.example.kz/api/schemas/User.json",
	} {
		req, err := http.NewRequest("GET", f.srv.URL+"/api/v1/me", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		req.Header.Set("Authorization", "Bearer "+f.tokenA)
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var me struct {
			Schema string `json:"$schema"`
		}
		err = json.NewDecoder(resp.Body).Decode(&me)
		resp.Body.Close()
		if err != nil || me.Schema != want {
			t.Errorf("Host %s: $schema %q (%v), want %q", host, me.Schema, err, want)
		}
	}
}
