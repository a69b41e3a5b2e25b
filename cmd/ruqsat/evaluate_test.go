package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/rules"
)

// run runs the binary's Main with args and returns exit status, stdout, stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Now: func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEvaluateExampleJSON(t *testing.T) {
	code, out, errs := run(t, "", "evaluate", "--format", "json", "../../examples/steppe-drilling.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		AsOf        string `json:"as_of"`
		Ruleset     string `json:"ruleset"`
		Provisional *bool  `json:"provisional"`
		Findings    []struct {
			Rule, Subject, Period, Severity, Status, Due, Message string
			Basis                                                 []map[string]string
			Fine                                                  *struct {
				Article, Part string
				MCI           int    `json:"mci"`
				KZT           *int64 `json:"kzt"`
				Warning       bool
			}
			Facts map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.AsOf != "2026-11-20" || doc.Ruleset == "" || doc.Provisional == nil || len(doc.Findings) == 0 {
		t.Fatalf("document: %+v", doc)
	}
	for _, f := range doc.Findings {
		if f.Rule == "" || f.Severity == "" || f.Message == "" || len(f.Basis) == 0 || f.Facts == nil {
			t.Fatalf("incomplete finding %+v", f)
		}
	}
}

func TestEvaluateFlagsAfterFileAndText(t *testing.T) {
	code, out, _ := run(t, "", "evaluate", "../../examples/steppe-drilling.yaml")
	if code != 0 || !strings.Contains(out, "VIOLATIONS") || !strings.Contains(out, "Basis:") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	code, _, _ = run(t, "", "evaluate", "../../examples/steppe-drilling.yaml", "--fail-on", "violation")
	if code != 1 {
		t.Fatalf("--fail-on violation with violations: exit %d, want 1", code)
	}
}

func TestEvaluateFailOnPassesWhenClean(t *testing.T) {
	clean := `as_of: 2026-04-30
employer: {bin: "940140000385", name: "Clean LLP", size: small}
`
	code, out, errs := run(t, "", "evaluate", "--fail-on", "violation", writeFile(t, "clean.yaml", clean))
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

// TestEvaluateSaysWhatWasNotEvaluated: before Rules-279's extension window
// (1 Jul 2023) permit.expiring does not run, and both formats say so; from
// that day the list is empty.
func TestEvaluateSaysWhatWasNotEvaluated(t *testing.T) {
	scenario := func(asOf string) string {
		return writeFile(t, "s.yaml", "as_of: "+asOf+`
employer: {bin: "940140000385", name: "Clean LLP", size: small}
`)
	}
	const line = "not evaluated on this date: permit.expiring (parameter permit_extension_window_days not in force)\n"
	code, out, errs := run(t, "", "evaluate", scenario("2023-06-30"))
	if code != 0 || !strings.Contains(out, "\n"+line) {
		t.Fatalf("exit %d, want the line %q:\n%s%s", code, line, out, errs)
	}
	code, out, errs = run(t, "", "evaluate", "--format", "json", scenario("2023-06-30"))
	want := `"not_evaluated": [
    {
      "rule": "permit.expiring",
      "parameter": "permit_extension_window_days"
    }
  ]
}
`
	if code != 0 || !strings.HasSuffix(out, want) {
		t.Fatalf("exit %d, want the JSON to end with\n%s\ngot\n%s%s", code, want, out, errs)
	}
	code, out, errs = run(t, "", "evaluate", scenario("2023-07-01"))
	if code != 0 || strings.Contains(out, "not evaluated") {
		t.Fatalf("exit %d, every rule runs on 1 Jul 2023:\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, "", "evaluate", "--format", "json", scenario("2023-07-01"))
	if code != 0 || !strings.HasSuffix(out, "\"not_evaluated\": []\n}\n") {
		t.Fatalf("exit %d, want an empty not_evaluated:\n%s%s", code, out, errs)
	}
}

func TestEvaluateRefusesBadInput(t *testing.T) {
	bad := `as_of: 2026-02-30
employer:
  bin: "940140000386"
  size: tiny
workers:
  - id: w1
    basis: eaeu
    citizenship: GB
    start: 2026-01-10
    colour: red
`
	path := writeFile(t, "bad.yaml", bad)
	code, out, errs := run(t, "", "evaluate", "--format", "json", path)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if out != "" {
		t.Fatalf("printed findings for a bad file:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) < 5 {
		t.Fatalf("want one line per problem (date, BIN, size, eaeu, unknown key), got:\n%s", errs)
	}
	pos := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `:\d+:\d+: `)
	for _, l := range lines {
		if !pos.MatchString(l) {
			t.Errorf("line without FILE:LINE:COL: %q", l)
		}
	}
	for _, want := range []string{"2026-02-30", "check digit", "tiny", "eaeu", "colour"} {
		if !strings.Contains(errs, want) {
			t.Errorf("no line mentions %q:\n%s", want, errs)
		}
	}
}

func TestEvaluateEmptyAndBinaryFiles(t *testing.T) {
	for name, content := range map[string]string{"empty.yaml": "", "binary.yaml": "\x00\x01\x02\xff\xfe"} {
		code, out, errs := run(t, "", "evaluate", writeFile(t, name, content))
		if code != 2 || out != "" || !strings.Contains(errs, name+":") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, out, errs)
		}
	}
}

func TestEvaluateReadsStdin(t *testing.T) {
	clean := "as_of: 2026-04-30\nemployer: {bin: \"940140000385\", size: small}\n"
	code, out, errs := run(t, clean, "evaluate", "--format", "json", "-")
	if code != 0 || !strings.Contains(out, `"findings": []`) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"evaluate"},
		{"evaluate", "a.yaml", "b.yaml"},
		{"evaluate", "--format", "xml", "../../examples/steppe-drilling.yaml"},
		{"evaluate", "--fail-on", "info", "../../examples/steppe-drilling.yaml"},
		{"evaluate", "--nonsense", "x.yaml"},
		{"evaluate", "no-such-file.yaml"},
		{"frobnicate"},
		{},
	} {
		if code, _, _ := run(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

func TestOverridesChangeTheEvaluation(t *testing.T) {
	base := `as_of: 2026-04-30
employer: {bin: "940140000385", size: small}
workers:
  - id: w1
    basis: permit
    category: 3
    iin: "850101300124"
    citizenship: GB
    start: 2026-01-01
    contract: {signed: 2025-12-20}
    permits: [{number: P1, regions: [KZ-75], from: 2026-01-01, to: 2026-12-31}]
    trips: [{region: KZ-71, from: 2026-01-01, to: 2026-04-10, notified: 2026-01-05}]
`
	_, out, _ := run(t, "", "evaluate", "--format", "json", writeFile(t, "a.yaml", base))
	if !strings.Contains(out, `"severity": "violation"`) || !strings.Contains(out, `"exceeds_on": "2026-04-01"`) {
		t.Fatalf("without override:\n%s", out)
	}
	_, out, errs := run(t, "", "evaluate", "--format", "json", writeFile(t, "b.yaml", base+"overrides: {trip_limit_days: 100}\n"))
	if strings.Contains(out, `"exceeds_on"`) || !strings.Contains(out, `"limit": 100`) {
		t.Fatalf("with override:\n%s%s", out, errs)
	}
	code, _, errs := run(t, "", "evaluate", writeFile(t, "c.yaml", base+"overrides: {trip_limit_days: lots}\n"))
	if code != 2 || !strings.Contains(errs, "c.yaml:") {
		t.Fatalf("bad override: exit %d %s", code, errs)
	}
}

func TestParamsFileOverride(t *testing.T) {
	file := writeFile(t, "p.yaml", `parameters:
  mci:
    values:
      - {from: 2027-01-01, value: 4500, act: Budget, ref: "2027 budget law", confidence: M}
`)
	code, out, errs := run(t, "", "params", "--on", "2027-02-01", "--params", file, "--format", "json")
	if code != 0 || !strings.Contains(out, `"value": "4500"`) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	bad := writeFile(t, "bad.yaml", "parameters:\n  mci:\n    values:\n      - {from: 2027-01-01, value: x, act: Budget, ref: r, confidence: M}\n")
	code, _, errs = run(t, "", "evaluate", "--params", bad, "../../examples/steppe-drilling.yaml")
	if code != 2 || !strings.Contains(errs, "bad.yaml:4:") {
		t.Fatalf("bad params file: exit %d %s", code, errs)
	}
}

func TestRulesListsEveryRule(t *testing.T) {
	// Every rule of the catalogue, so that a new rule needs no change here.
	var want []string
	for _, id := range rules.IDs() {
		want = append(want, id.String())
	}
	code, out, _ := run(t, "", "rules", "--format", "json")
	if code != 0 {
		t.Fatal(code)
	}
	var rules []struct {
		ID    string
		Basis []map[string]string
	}
	if err := json.Unmarshal([]byte(out), &rules); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, r := range rules {
		if len(r.Basis) == 0 {
			t.Errorf("%s has no basis", r.ID)
		}
		have[r.ID] = true
	}
	for _, id := range want {
		if !have[id] {
			t.Errorf("rule %s missing", id)
		}
	}
	if len(rules) != len(want) {
		t.Errorf("%d rules, want %d", len(rules), len(want))
	}
}

func TestParamsOnADate(t *testing.T) {
	code, out, _ := run(t, "", "params", "--on", "2022-06-01")
	if code != 0 || !regexp.MustCompile(`mci\s+3063 KZT`).MatchString(out) {
		t.Fatalf("exit %d\n%s", code, out)
	}
}
