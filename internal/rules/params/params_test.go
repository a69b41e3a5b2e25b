package params

import (
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestEmbeddedParses(t *testing.T) {
	s, err := Parse("params.yaml", embedded)
	if err != nil {
		t.Fatal(err)
	}
	if s.Ruleset == "" || len(s.Names()) < 20 {
		t.Fatalf("ruleset %q, %d parameters", s.Ruleset, len(s.Names()))
	}
}

func TestValueInForceOnDate(t *testing.T) {
	s := Default()
	mci, _ := s.Param("mci")
	for _, tc := range []struct {
		on   string
		want int
		ok   bool
	}{
		{"2016-12-31", 0, false},
		{"2017-01-01", 2269, true},
		{"2022-04-01", 3063, true}, // the April 2022 value was for benefits only
		{"2022-12-31", 3063, true},
		{"2026-04-30", 4325, true},
		{"2027-06-01", 4325, true}, // no 2027 value yet: the 2026 one stays in force
	} {
		v, ok := mci.At(domain.MustDate(tc.on))
		if ok != tc.ok || (ok && v.Int != tc.want) {
			t.Errorf("mci at %s = %v %v, want %d %v", tc.on, v, ok, tc.want, tc.ok)
		}
	}
}

func TestOverrideFileMergesByStartDate(t *testing.T) {
	file := `
ruleset: "acme-1"
parameters:
  mci:
    values:
      - {from: 2027-01-01, value: 4500, act: Budget, ref: "2027 budget law", confidence: M}
  quota_deadline.KZ-71.2026:
    values:
      - {from: 2026-01-01, value: 2026-09-27, act: Quota-802, ref: "Astana akimat notice", confidence: M}
`
	s, err := Default().WithFile("acme.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	mci, _ := s.Param("mci")
	if v, _ := mci.At(domain.MustDate("2027-03-01")); v.Int != 4500 {
		t.Errorf("2027 MCI = %d", v.Int)
	}
	if v, _ := mci.At(domain.MustDate("2026-03-01")); v.Int != 4325 {
		t.Errorf("2026 MCI changed to %d", v.Int)
	}
	if p, ok := s.Param("quota_deadline.KZ-71.2026"); !ok || p.Values[0].Date != domain.MustDate("2026-09-27") {
		t.Errorf("keyed quota deadline not added: %+v", p)
	}
	if s.Ruleset != Default().Ruleset+"+acme-1" {
		t.Errorf("ruleset %q", s.Ruleset)
	}
	// The default set is unchanged.
	if _, ok := Default().Param("quota_deadline.KZ-71.2026"); ok {
		t.Error("WithFile changed the default set")
	}
}

func TestBadFilesAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
	}{
		{"empty", "  \n", "the file is empty"},
		{"unknown key", "ruleset: x\nparameters:\n  mci:\n    colour: red\n", `4:1: unknown field "colour"`},
		{"unknown parameter", "parameters:\n  mcii:\n    values:\n      - {from: 2027-01-01, value: 1, act: Budget, ref: x, confidence: H}\n", `unknown parameter "mcii"`},
		{"wrong type of value", "parameters:\n  mci:\n    values:\n      - {from: 2027-01-01, value: lots, act: Budget, ref: x, confidence: H}\n", `4:35: "lots" is not a whole number`},
		{"impossible date", "parameters:\n  mci:\n    values:\n      - {from: 2027-02-30, value: 1, act: Budget, ref: x, confidence: H}\n", "not a real date"},
		{"unknown act", "parameters:\n  mci:\n    values:\n      - {from: 2027-01-01, value: 1, act: Law, ref: x, confidence: H}\n", `unknown act "Law"`},
		{"bad confidence", "parameters:\n  mci:\n    values:\n      - {from: 2027-01-01, value: 1, act: Budget, ref: x, confidence: X}\n", `confidence "X"`},
		{"two values one date", "parameters:\n  mci:\n    values:\n      - {from: 2027-01-01, value: 1, act: Budget, ref: x, confidence: H}\n      - {from: 2027-01-01, value: 2, act: Budget, ref: x, confidence: H}\n", "two values start on 2027-01-01"},
		{"bad keyed deadline", "parameters:\n  quota_deadline.KZ-99.2026:\n    values:\n      - {from: 2026-01-01, value: 2026-09-27, act: Budget, ref: x, confidence: H}\n", "region code"},
		{"acts in override", "acts:\n  X: {title: t, url: u, confidence: H}\n", "only ruleset and parameters"},
		{"not yaml", "parameters: [\n", ""},
		{"a list for a value", "parameters:\n  mci:\n    values:\n      - {from: 2027-01-01, value: [1], act: Budget, ref: x, confidence: H}\n", "4:35: value: got a list; expected one value"},
		{"key given twice", "ruleset: x\nruleset: y\n", `2:1: mapping key "ruleset" already defined`},
		{"wrong type of field", "ruleset: [x]\n", "1:1: got a list; expected text"},
		{"second document", "ruleset: x\n---\nruleset: y\n", "2:1: a second YAML document starts here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Default().WithFile("o.yaml", []byte(tc.file))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "o.yaml:") {
				t.Fatalf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestScenarioOverrides(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		name, value string
		ok          bool
	}{
		{"trip_limit_days", "100", true},
		{"trip_limit_days", "ninety", false},
		{"shift_fixed_deadlines", "false", true},
		{"shift_fixed_deadlines", "no", false},
		{"quota_deadline.KZ-71.2026", "2026-09-27", true},
		{"quota_deadline.KZ-71.2026", "2026-09-31", false},
		{"quota_deadline.KZ-00.2026", "2026-09-27", false},
		{"quota_deadline", "09-27", true},
		{"local_content_min_cat12", "0.65", true},
		{"nonsense", "1", false},
	} {
		if err := s.CheckOverride(tc.name, tc.value); (err == nil) != tc.ok {
			t.Errorf("CheckOverride(%s, %s) = %v, want ok=%v", tc.name, tc.value, err, tc.ok)
		}
	}
	o, err := s.With([]domain.Override{{Name: "trip_limit_days", Value: "100"}, {Name: "quota_deadline.KZ-71.2026", Value: "2026-09-27"}})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := o.Param("trip_limit_days")
	if v, ok := p.At(domain.MustDate("1990-01-01")); !ok || v.Int != 100 {
		t.Errorf("override not in force: %v %v", v, ok)
	}
	p, _ = s.Param("trip_limit_days")
	if v, _ := p.At(domain.MustDate("2026-01-01")); v.Int != 90 {
		t.Errorf("With changed the original set")
	}
}

func TestEveryRuleCitesKnownActs(t *testing.T) {
	s := Default()
	for id, r := range s.Rules {
		for _, c := range r.Basis {
			if _, ok := s.Acts[c.Act]; !ok {
				t.Errorf("%s cites %s", id, c.Act)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(embedded)
	f.Add([]byte("ruleset: x\nparameters:\n  a:\n    type: int\n    description: d\n    values:\n      - {from: 2027-01-01, value: 1, act: A, ref: x, confidence: H}\nacts:\n  A: {title: t, url: u, confidence: H}\n"))
	f.Add([]byte("parameters: [\n"))
	f.Add([]byte("{}"))
	f.Add([]byte("\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("f.yaml", data)
		if (s == nil) == (err == nil) {
			t.Fatalf("set %v and error %v", s != nil, err)
		}
		if _, err := Default().WithFile("f.yaml", data); err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}
