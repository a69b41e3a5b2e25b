package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestSchemaStatesTheModelsLimits compares the limits the API's schema of
// the records states with the model's: the validator enforces the model's,
// so a schema that said more would accept what is then refused, and one
// that said less would refuse what every other door takes.
func TestSchemaStatesTheModelsLimits(t *testing.T) {
	b, err := json.Marshal(api.New(api.Config{}).OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	// at follows a path of property names from the Records schema, through
	// $refs and list items.
	at := func(path string) map[string]any {
		s := doc.Components.Schemas["Records"]
		keys := strings.Split(path, ".")
		for i, key := range keys {
			props, _ := s["properties"].(map[string]any)
			p, ok := props[key].(map[string]any)
			if !ok {
				t.Fatalf("%s: no property %q in the schema", path, key)
			}
			for {
				if items, ok := p["items"].(map[string]any); ok && i < len(keys)-1 {
					p = items
					continue
				}
				if ref, ok := p["$ref"].(string); ok {
					p = doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
					continue
				}
				break
			}
			s = p
		}
		return s
	}
	for path, max := range domain.TextLimits {
		if got, _ := at(path)["maxLength"].(float64); int(got) != max {
			t.Errorf("%s: the schema says maxLength %v; the model's limit is %d", path, at(path)["maxLength"], max)
		}
	}
	for path, max := range map[string]int{
		"workers": domain.MaxWorkers, "reports": domain.MaxReports, "quota_plans": domain.MaxQuotaPlans,
		"quota_applications": domain.MaxQuotaApplications, "penalties": domain.MaxPenalties,
		"workers.permits": domain.MaxPermits, "workers.trips": domain.MaxTrips,
		"workers.address_changes": domain.MaxAddressChanges, "workers.applications": domain.MaxApplications,
		"workers.permits.regions": len(domain.Regions),
		"quota_contracts":         domain.MaxQuotaContracts, "monthly_figures": domain.MaxMonthlyFigures, "workers.documents": domain.MaxWorkerDocuments,
	} {
		if got, _ := at(path)["maxItems"].(float64); int(got) != max {
			t.Errorf("%s: the schema says maxItems %v; the model's limit is %d", path, at(path)["maxItems"], max)
		}
	}
}

// TestSchemaStatesTheAppsPages compares the maximum of each list's limit
// (and the dashboard's days) in the schema with the application layer's,
// which refuses more whatever the door.
func TestSchemaStatesTheAppsPages(t *testing.T) {
	doc := api.New(api.Config{}).OpenAPI()
	want := map[string]map[string]int{
		"/api/v1/employers":             {"limit": app.MaxPage},
		"/api/v1/findings":              {"limit": app.MaxEvaluations},
		"/api/v1/dashboard":             {"limit": app.MaxPage, "days": app.MaxDashboardDays},
		"/api/v1/audit":                 {"limit": app.MaxPage},
		"/api/v1/consultation-requests": {"limit": app.MaxPage},
	}
	for path, params := range want {
		item := doc.Paths[path]
		if item == nil || item.Get == nil {
			t.Fatalf("no GET %s in the document", path)
		}
		for name, max := range params {
			found := false
			for _, p := range item.Get.Parameters {
				if p.Name == name && p.In == "query" {
					found = true
					if p.Schema == nil || p.Schema.Maximum == nil || int(*p.Schema.Maximum) != max {
						t.Errorf("GET %s ?%s: the schema's maximum is not the application layer's %d", path, name, max)
					}
				}
			}
			if !found {
				t.Errorf("GET %s has no query parameter %s", path, name)
			}
		}
	}
}
