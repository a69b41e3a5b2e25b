package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/ruqsat/ruqsat/internal/api"
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
