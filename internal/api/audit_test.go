package api_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/store"
)

// TestAuditShowsWhatChanged: after a PUT that renames one worker and drops
// another, the employer's audit entry is a patch holding just that, with
// the names readable; once the dropped worker's key is purged, the entries
// show their personal fields as "[erased]" and everything else as before.
func TestAuditShowsWhatChanged(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		path := "/api/v1/employers/" + f.binA
		r := f.do("GET", path, f.tokenA, nil)
		if r.status != 200 {
			t.Fatalf("get: status %d: %s", r.status, r.body)
		}
		var rec map[string]any
		if err := json.Unmarshal(r.body, &rec); err != nil {
			t.Fatal(err)
		}
		delete(rec, "$schema")
		workers := rec["workers"].([]any)
		renamed, dropped := workers[0].(map[string]any), workers[1].(map[string]any)
		oldName, dropID := renamed["name"], dropped["id"].(string)
		renamed["name"] = "Renamed Worker"
		rec["workers"] = append([]any{renamed}, workers[2:]...)
		body, _ := json.Marshal(rec)
		if r := f.do("PUT", path, f.tokenA, body, "If-Match", r.header.Get("ETag")); r.status != 200 {
			t.Fatalf("put: status %d: %s", r.status, r.body)
		}

		type entry struct {
			Action string `json:"action"`
			Patch  bool   `json:"patch"`
			Before struct {
				Workers map[string]map[string]any `json:"workers"`
			} `json:"before"`
			After struct {
				Workers map[string]map[string]any `json:"workers"`
			} `json:"after"`
		}
		read := func() []entry {
			t.Helper()
			r := f.do("GET", "/api/v1/audit?entity=employer&key="+f.binA, f.tokenA, nil)
			var out struct {
				Entries []entry `json:"entries"`
			}
			if r.status != 200 || json.Unmarshal(r.body, &out) != nil || len(out.Entries) != 2 {
				t.Fatalf("audit: status %d: %.500s", r.status, r.body)
			}
			return out.Entries
		}
		e := read()[0]
		id := renamed["id"].(string)
		if !e.Patch || e.Action != "replace" || len(e.After.Workers) != 2 || e.Before.Workers[id]["name"] != oldName ||
			e.After.Workers[id]["name"] != "Renamed Worker" || e.Before.Workers[dropID]["name"] != dropped["name"] ||
			e.After.Workers[dropID] != nil {
			t.Fatalf("entry of the PUT: %+v", e)
		}

		if _, err := f.db.PurgeAuditKeys(context.Background(), store.SystemActor, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		entries := read()
		if w := entries[0].Before.Workers[dropID]; w["name"] != "[erased]" || w["basis"] != dropped["basis"] {
			t.Errorf("dropped worker after the purge: %v", w)
		}
		created := entries[1].After.Workers
		if created[dropID]["name"] != "[erased]" || created[id]["name"] != oldName {
			t.Errorf("creation entry after the purge: %v and %v", created[dropID], created[id])
		}
	})
}
