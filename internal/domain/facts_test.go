package domain

import (
	"encoding/json"
	"math"
	"testing"
)

// TestFactJSONIsEncodingJSONs: a fact's JSON is what encoding/json writes for
// its value, for each kind and for floats that encoding/json writes in
// exponent form.
func TestFactJSONIsEncodingJSONs(t *testing.T) {
	facts := []Fact{Int("n", math.MaxInt64), Int("n", math.MinInt64), Int("n", -7), Bool("b", true), Bool("b", false),
		DateFact("d", MustDate("2026-02-28")), DateFact("d", 0), String("s", "<a href=\"x\">&\u2028\x01\xff</a>"),
		List("l", []string{"a", "b<"}), List("l", []string{})}
	for _, x := range []float64{1e-7, 1e-6, 0.1 + 0.2, 83.33333333333334, 1e21, 1e20, math.Copysign(0, -1), 5e-324, math.MaxFloat64, -1.5e-300, 1 << 60} {
		facts = append(facts, Decimal("x", x))
	}
	for _, f := range facts {
		want, err := json.Marshal(f.Value())
		if err != nil {
			t.Fatal(err)
		}
		if got := f.AppendJSON(nil, ""); string(got) != string(want) {
			t.Errorf("%#v: %s, encoding/json %s", f.Value(), got, want)
		}
	}
	if got := Decimal("x", math.NaN()).AppendJSON(nil, ""); string(got) != "null" {
		t.Errorf("NaN: %s", got)
	}
	if got := List("l", []string{"a", "b"}).AppendJSON(nil, "\n  "); string(got) != "[\n    \"a\",\n    \"b\"\n  ]" {
		t.Errorf("indented list: %q", got)
	}
}

// TestFactsJSONRoundTrip: MarshalJSON sorts the keys and UnmarshalJSON reads
// the values back.
func TestFactsJSONRoundTrip(t *testing.T) {
	fs := Facts{Int("z", 3), Decimal("a", 1e-7), DateFact("m", MustDate("2026-01-02")), List("l", []string{"x"}), String("s", "é")}
	b, err := json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":1e-7,"l":["x"],"m":"2026-01-02","s":"é","z":3}`; string(b) != want {
		t.Fatalf("%s, want %s", b, want)
	}
	var back Facts
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Get("a") != 1e-7 || back.Get("z") != 3 || back.Get("m") != "2026-01-02" || back.Get("s") != "é" {
		t.Fatalf("read back %#v", back)
	}
}
