package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/ruqsat/ruqsat/internal/api"
	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// whatIfBIN is the employer the what-if tests add to tenant A.
const whatIfBIN = "940140000385"

// addWhatIfEmployer stores, in tenant A, an employer with two workers: w1
// (permit for Almaty city through 2026, one trip to Astana in October 2025
// never notified) and w2 (engaged on a permit from 2026 and holding none).
func addWhatIfEmployer(t *testing.T, f *fixture) int64 {
	t.Helper()
	ctx := context.Background()
	owner, err := f.db.UserByEmail(ctx, "a-owner@example.com")
	if err != nil {
		t.Fatal(err)
	}
	d := domain.MustDate
	worker := func(id, start string) domain.Worker {
		return domain.Worker{ID: id, Name: "Worker " + id, Citizenship: "GB", IIN: "850101300124", Basis: domain.BasisPermit,
			Category: domain.Category3, Start: d(start), Contract: &domain.Contract{Signed: d(start), Registered: d(start)}}
	}
	w1 := worker("w1", "2025-01-01")
	w1.Permits = []domain.Permit{{Number: "P1", Regions: []domain.Region{"KZ-75"}, From: d("2025-01-01"), To: d("2026-12-31")}}
	w1.Trips = []domain.Trip{{Region: "KZ-71", From: d("2025-10-01"), To: d("2025-10-05")}}
	rec := &domain.Records{Employer: domain.Employer{BIN: whatIfBIN, Name: "Steppe Drilling LLP", Size: domain.SizeSmall},
		Workers: []domain.Worker{w1, worker("w2", "2026-01-05")}}
	if err := f.db.ReplaceEmployerRecords(ctx, owner.TenantID, store.SystemActor, rec); err != nil {
		t.Fatal(err)
	}
	return owner.TenantID
}

type findingKey struct{ Rule, Subject, Period string }

type whatIfAnswer struct {
	Evaluation struct {
		Findings []struct {
			Rule, Subject, Period, Severity, Status, Message string
			Facts                                            map[string]any
		}
	}
	New, Changed, Gone []findingKey
}

// whatIf posts additions and decodes a 200 answer.
func (f *fixture) whatIf(t *testing.T, token, query, body string) (whatIfAnswer, []byte) {
	t.Helper()
	r := f.do("POST", "/api/v1/employers/"+whatIfBIN+"/what-if?"+query, token, []byte(body))
	if r.status != 200 {
		t.Fatalf("what-if %s: status %d: %s", body, r.status, r.body)
	}
	var a whatIfAnswer
	if err := json.Unmarshal(r.body, &a); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	if a.New == nil || a.Changed == nil || a.Gone == nil {
		t.Fatalf("a list is null: %s", r.body)
	}
	return a, r.body
}

func TestWhatIf(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		tenant := addWhatIfEmployer(t, f)
		ctx := context.Background()
		audit := func() int {
			entries, err := f.db.AuditLog(ctx, tenant, store.AuditFilter{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			return len(entries)
		}
		etag := func() string { return f.do("GET", "/api/v1/employers/"+whatIfBIN, f.tokenA, nil).header.Get("ETag") }
		tagBefore, auditBefore := etag(), audit()

		t.Run("nothing added: the findings route's document, in its language", func(t *testing.T) {
			a, body := f.whatIf(t, f.viewA, "as_of=2026-04-30&lang=ru", `{}`)
			if len(a.New)+len(a.Changed)+len(a.Gone) != 0 {
				t.Errorf("new %v, changed %v, gone %v; want none", a.New, a.Changed, a.Gone)
			}
			want := f.do("GET", "/api/v1/employers/"+whatIfBIN+"/findings?as_of=2026-04-30&lang=ru", f.viewA, nil).body
			var got struct{ Evaluation json.RawMessage }
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Evaluation, bytes.TrimRight(want, "\n")) {
				t.Errorf("evaluation differs from the findings route's:\n%s\nwant\n%s", got.Evaluation, want)
			}
		})

		t.Run("a trip over the limit (viewer)", func(t *testing.T) {
			// 12 Jan–25 Apr 2026 to Astana: 20 + 28 + 31 + 25 = 104 days,
			// the 91st on 12 April.
			a, _ := f.whatIf(t, f.viewA, "as_of=2026-04-30",
				`{"workers":[{"id":"w1","trips":[{"region":"KZ-71","from":"2026-01-12","to":"2026-04-25"}]}]}`)
			for _, k := range []findingKey{{"trip.limit", "w1", "2026"}, {"trip.notice", "w1", "2026-01-12"}} {
				if !slices.Contains(a.New, k) {
					t.Errorf("%v is not new: %v", k, a.New)
				}
			}
			if len(a.Changed)+len(a.Gone) != 0 {
				t.Errorf("changed %v, gone %v; want none", a.Changed, a.Gone)
			}
			found := false
			for _, x := range a.Evaluation.Findings {
				if x.Rule == "trip.limit" && x.Period == "2026" {
					found = true
					if x.Severity != "violation" || x.Facts["days"] != 104.0 || x.Facts["exceeds_on"] != "2026-04-12" {
						t.Errorf("trip.limit: %+v", x)
					}
				}
			}
			if !found {
				t.Error("no trip.limit finding for 2026 in the evaluation")
			}
		})

		t.Run("a notice date added", func(t *testing.T) {
			// The October trip, recorded without a notice: now notified the
			// next day, on time.
			a, _ := f.whatIf(t, f.tokenA, "as_of=2026-04-30",
				`{"workers":[{"id":"w1","trips":[{"region":"KZ-71","from":"2025-10-01","to":"2025-10-05","notified":"2025-10-02"}]}]}`)
			if want := []findingKey{{"trip.notice", "w1", "2025-10-01"}}; !slices.Equal(a.Changed, want) || len(a.New)+len(a.Gone) != 0 {
				t.Errorf("new %v, changed %v, gone %v; want changed %v only", a.New, a.Changed, a.Gone, want)
			}
			for _, x := range a.Evaluation.Findings {
				if x.Rule == "trip.notice" && x.Period == "2025-10-01" && x.Status != "done" {
					t.Errorf("trip.notice: %+v", x)
				}
			}
		})

		t.Run("a permit added", func(t *testing.T) {
			a, _ := f.whatIf(t, f.tokenA, "as_of=2026-04-30",
				`{"workers":[{"id":"w2","permits":[{"number":"P7","regions":["KZ-75"],"from":"2026-01-05","to":"2026-12-31"}]}]}`)
			if k := (findingKey{"permit.missing", "w2", ""}); !slices.ContainsFunc(a.Gone, func(g findingKey) bool { return g.Rule == k.Rule && g.Subject == k.Subject }) {
				t.Errorf("permit.missing of w2 is not gone: new %v, changed %v, gone %v", a.New, a.Changed, a.Gone)
			}
		})

		t.Run("a new worker", func(t *testing.T) {
			a, _ := f.whatIf(t, f.tokenA, "as_of=2026-04-30",
				`{"workers":[{"id":"w9","name":"Worker w9","citizenship":"TR","basis":"permit","category":"4","start":"2026-03-01"}]}`)
			if !slices.ContainsFunc(a.New, func(k findingKey) bool { return k.Rule == "permit.missing" && k.Subject == "w9" }) {
				t.Errorf("no permit.missing of the new worker w9 among the new: %v", a.New)
			}
			if len(a.Gone) != 0 {
				t.Errorf("gone %v", a.Gone)
			}
		})

		t.Run("the combined records fail the validator", func(t *testing.T) {
			r := f.do("POST", "/api/v1/employers/"+whatIfBIN+"/what-if?as_of=2026-04-30&lang=ru", f.viewA,
				[]byte(`{"workers":[{"id":"w1","trips":[{"region":"KZ-71","from":"2026-02-10","to":"2026-02-01"}]},{"id":"w8","start":"2026-01-01"}]}`))
			if r.status != 422 || r.header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("status %d %s: %s", r.status, r.header.Get("Content-Type"), r.body)
			}
			var p struct {
				Errors []struct{ Location, Message string }
			}
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatal(err)
			}
			var at []string
			for _, e := range p.Errors {
				at = append(at, e.Location)
			}
			for _, want := range []string{"/workers/0/trips/0/to", "/workers/1/basis"} {
				if !slices.Contains(at, want) {
					t.Errorf("no problem at %s: %s", want, r.body)
				}
			}
			if !bytes.Contains(r.body, []byte("командировк")) {
				t.Errorf("the problems are not in Russian: %s", r.body)
			}
		})

		t.Run("a recorded field changed", func(t *testing.T) {
			r := f.do("POST", "/api/v1/employers/"+whatIfBIN+"/what-if", f.tokenA, []byte(`{"workers":[{"id":"w1","basis":"ict"}]}`))
			if r.status != 400 || !bytes.Contains(r.body, []byte("w1")) {
				t.Errorf("status %d: %s", r.status, r.body)
			}
		})

		t.Run("another tenant's employer", func(t *testing.T) {
			if r := f.do("POST", "/api/v1/employers/"+whatIfBIN+"/what-if", f.tokenB, []byte(`{}`)); r.status != 404 {
				t.Errorf("status %d: %s", r.status, r.body)
			}
		})

		t.Run("nothing was stored", func(t *testing.T) {
			if tag, n := etag(), audit(); tag != tagBefore || n != auditBefore {
				t.Errorf("ETag %s, %d audit entries; before the what-ifs %s, %d", tag, n, tagBefore, auditBefore)
			}
			if body := f.do("GET", "/api/v1/employers/"+whatIfBIN, f.tokenA, nil).body; bytes.Contains(body, []byte("w9")) || bytes.Contains(body, []byte("2026-01-12")) {
				t.Errorf("the records hold what a what-if added: %s", body)
			}
		})
	})
}

// FuzzWhatIfBody posts arbitrary bodies to the what-if: every one is
// answered without a 5xx and without a panic, and none stores anything.
func FuzzWhatIfBody(f *testing.F) {
	fx := newFixtureOn(f, testdb.SQLite(f))
	h := api.New(api.Config{App: app.New(app.Config{DB: fx.db})})
	emp := "/api/v1/employers/" + fx.binA
	stored := fx.do("GET", emp, fx.tokenA, nil)
	f.Add(stored.body) // every worker again: their lists doubled, their fields equal
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"workers":[{"id":"w1","trips":[{"region":"KZ-71","from":"2025-03-01","to":"2025-03-05","notified":"2025-03-02"}]}]}`))
	f.Add([]byte(`{"workers":[{"id":"new","basis":"permit","category":"3","start":"2025-02-30"}],"reports":[{"month":"2025-13","submitted":"x"}]}`))
	f.Add([]byte(`{"employer":{"staff_kz":[1,2,3,4],"total_employees":-1},"penalties":[{"article":"1","date":"2025-01-01"}]}`))
	f.Add([]byte(`{"workers":[{"id":"","permits":[{"regions":[],"from":"2025-01-01","to":"2024-01-01"}]}]}`))
	f.Add([]byte(`{"employer":null,"workers":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", emp+"/what-if?as_of=2025-12-31", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+fx.viewA)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("status %d for body %q: %s", w.Code, body, w.Body)
		}
		if w.Code == 200 && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("not JSON: %s", w.Body)
		}
		get := httptest.NewRequest("GET", emp, nil)
		get.Header.Set("Authorization", "Bearer "+fx.tokenA)
		after := httptest.NewRecorder()
		h.ServeHTTP(after, get)
		if tag := after.Header().Get("ETag"); tag != stored.header.Get("ETag") {
			t.Fatalf("the version moved: %s, was %s", tag, stored.header.Get("ETag"))
		}
	})
}
