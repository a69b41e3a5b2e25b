package rules_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"math"
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
			res.Render(i18n.For(i18n.EN))
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
	for _, ne := range [][]rules.NotEvaluated{{}, {{Rule: domain.RulePermitExpiring, Parameter: "permit_extension_window_days"},
		{Rule: domain.RuleQuotaApplication, Parameter: "quota_deadline\u2028<x>"}}} {
		res := empty
		res.NotEvaluated = ne
		want, _ := json.MarshalIndent(res, "", "  ")
		if got := res.AppendJSON(nil); string(got) != string(want)+"\n" {
			t.Fatalf("not evaluated %v:\n%s\nwant\n%s", ne, got, want)
		}
	}
}

// trickyDecimals are floats that encoding/json writes in exponent form, or
// whose shortest text is long.
var trickyDecimals = []float64{1e-7, -1e-7, 1e-6, 0.1 + 0.2, 83.33333333333334, 1e21, -1e21, 1e20,
	999999999999999900000, math.Copysign(0, -1), 0, 5e-324, math.MaxFloat64, 1 << 53, 123456789012345678, 0.7}

// TestFactsEncodeAlikeOnBothPaths: a fact value is written by one
// formatter, so the hand-written encoder and encoding/json (through
// Facts.MarshalJSON) give the same bytes, and a decimal is written as
// encoding/json writes a float64.
func TestFactsEncodeAlikeOnBothPaths(t *testing.T) {
	facts := domain.Facts{domain.Int("max", math.MaxInt64), domain.Int("min", math.MinInt64), domain.Int("big", 1<<53+1),
		domain.List("list", []string{"a<b", "ж"}), domain.List("empty", nil), domain.String("s", "x\u2028\xff")}
	for i, x := range trickyDecimals {
		facts = append(facts, domain.Decimal(fmt.Sprintf("x%02d", i), x))
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := domain.Decimal("", x).AppendJSON(nil, ""); string(got) != string(want) {
			t.Errorf("%v: fact %s, encoding/json %s", x, got, want)
		}
	}
	res := rules.Result{AsOf: domain.MustDate("2026-01-01"), Ruleset: "x", Findings: []domain.Finding{
		{Rule: domain.RuleICTShare, Subject: "1", Severity: domain.SeverityWarning, Facts: facts}}}
	want, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if got := res.AppendJSON(nil); !bytes.Equal(got, want) {
		t.Fatalf("AppendJSON:\n%s\nencoding/json:\n%s", got, want)
	}
	// JSON has no NaN or infinity: both paths write null.
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		res.Findings[0].Facts = domain.Facts{domain.Decimal("x", x)}
		want, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := res.AppendJSON(nil); !bytes.Equal(got, append(want, '\n')) || !bytes.Contains(got, []byte(`"x": null`)) {
			t.Fatalf("%v: AppendJSON:\n%s\nencoding/json:\n%s", x, got, want)
		}
	}
}
