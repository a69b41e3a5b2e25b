package rules_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// TestAppendJSONMatchesEncodingJSON: the hand-written encoder writes exactly
// what encoding/json writes, on realistic results and on awkward strings.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	recs := synth.Generate(synth.Spec{Seed: 5, Employers: 4, Workers: 120, Trips: 800,
		From: domain.MustDate("2022-01-01"), To: domain.MustDate("2026-10-31")})
	recs[0].Workers[0].Name = "Ömer <\"Q\"> & \\ \t\n \u2028 \x01 \xff Жұмыскер"
	recs[0].Employer.StaffKZ = &[5]int{0, 1, 1, 1, 1}
	e := rules.New(nil, nil)
	for i := range recs {
		for _, asOf := range []string{"2026-11-20", "2028-02-10", "2023-03-01"} {
			res := e.Evaluate(&recs[i], domain.MustDate(asOf))
			want, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, '\n')
			got := res.AppendJSON(nil)
			if !bytes.Equal(got, want) {
				n := 0
				for n < len(got) && n < len(want) && got[n] == want[n] {
					n++
				}
				lo := max(0, n-200)
				t.Fatalf("employer %d as of %s: differs at byte %d:\ngot:  %q\nwant: %q", i, asOf, n,
					got[lo:min(len(got), n+100)], want[lo:min(len(want), n+100)])
			}
		}
	}
	empty := rules.Result{AsOf: domain.MustDate("2026-01-01"), Ruleset: "x", Findings: []domain.Finding{}}
	want, _ := json.MarshalIndent(empty, "", "  ")
	if got := empty.AppendJSON(nil); string(got) != string(want)+"\n" {
		t.Fatalf("empty result:\n%s\nwant\n%s", got, want)
	}
}
