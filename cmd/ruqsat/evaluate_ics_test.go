package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/ical"
	"github.com/ruqsat/ruqsat/internal/ical/icaltest"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// evaluateJSON is what the ics test compares with: the findings of
// `evaluate --format json`.
type evaluateJSON struct {
	AsOf     string `json:"as_of"`
	Findings []struct {
		Rule    string `json:"rule"`
		Subject string `json:"subject"`
		Period  string `json:"period"`
		Status  string `json:"status"`
		Due     string `json:"due"`
		Title   string `json:"title"`
		Message string `json:"message"`
	} `json:"findings"`
}

// TestEvaluateICS: `evaluate --format ics` writes one event per open
// finding of the JSON output, read back with a second parser: its UID from
// the obligation, its all-day date the deadline, its alarm at 09:00 in
// Almaty three working days before, its texts in the language; the lines
// CRLF and folded at 75 octets. The file is the golden one of its
// language (go test -run EvaluateICS -update rewrites them).
func TestEvaluateICS(t *testing.T) {
	const file = "../../examples/steppe-drilling.yaml"
	for _, lang := range []string{"en", "ru", "kk"} {
		t.Run(lang, func(t *testing.T) {
			code, out, errs := run(t, "", "evaluate", "--format", "ics", "--lang", lang, file)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden := filepath.Join("testdata", "evaluate-ics", "steppe-drilling."+lang+".ics")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("the output differs from %s (go test -run EvaluateICS -update):\n%s", golden, out)
			}
			cal, err := icaltest.Parse([]byte(out))
			if err != nil {
				t.Fatal(err)
			}
			code, js, errs := run(t, "", "evaluate", "--format", "json", "--lang", lang, file)
			if code != 0 {
				t.Fatalf("json: exit %d: %s", code, errs)
			}
			var res evaluateJSON
			if err := json.Unmarshal([]byte(js), &res); err != nil {
				t.Fatal(err)
			}
			var open []int
			for i, f := range res.Findings {
				if f.Status == "open" && f.Due != "" {
					open = append(open, i)
				}
			}
			if len(open) == 0 || len(cal.Events) != len(open) {
				t.Fatalf("%d events for %d open findings", len(cal.Events), len(open))
			}
			stamp := time.Date(2026, 11, 19, 19, 0, 0, 0, time.UTC) // 20 November 2026, 00:00 in Almaty
			for i, e := range cal.Events {
				f := res.Findings[open[i]]
				rule, _ := domain.ParseRuleID(f.Rule)
				if want := ical.UID("", "940140000385", rule, f.Subject, f.Period); e.UID != want {
					t.Errorf("%s %s %s: UID %s, want %s", f.Rule, f.Subject, f.Period, e.UID, want)
				}
				due, _ := domain.ParseDate(f.Due)
				if e.Start != due || e.End != due.AddDays(1) || !e.Stamp.Equal(stamp) {
					t.Errorf("%s %s: on %s–%s stamped %v, want %s", f.Rule, f.Subject, e.Start, e.End, e.Stamp, f.Due)
				}
				if !strings.HasPrefix(e.Summary, f.Title+": ") || !strings.HasSuffix(e.Summary, "Steppe Drilling LLP") ||
					!strings.HasPrefix(e.Description, f.Message+"\n") {
					t.Errorf("%s %s: summary %q, description %q", f.Rule, f.Subject, e.Summary, e.Description)
				}
				alarm := ical.AlarmDay(workcal.Default(), due)
				y, m, d := alarm.Civil()
				if len(e.Alarms) != 1 || !e.Alarms[0].Trigger.Equal(time.Date(y, m, d, 4, 0, 0, 0, time.UTC)) {
					t.Errorf("%s %s: alarms %+v, want 04:00 UTC on %s", f.Rule, f.Subject, e.Alarms, alarm)
				}
				if n, _ := workcal.Default().WorkingDaysBetween(alarm, due.AddDays(-1)); n != 3 || !workcal.Default().IsWorkingDay(alarm) {
					t.Errorf("%s %s: the alarm on %s is %d working days before %s", f.Rule, f.Subject, alarm, n, due)
				}
				if lang != "en" {
					for _, s := range []string{e.Summary, e.Description, e.Alarms[0].Description} {
						if w := latinWord.FindString(exampleOwnWords.ReplaceAllString(s, "")); w != "" {
							t.Errorf("the English word %q in %q", w, s)
						}
					}
				}
			}
		})
	}
}

// TestEvaluateICSStableUIDs: an obligation open on two dates keeps its UID,
// so that a calendar that imports the later file updates its events.
func TestEvaluateICSStableUIDs(t *testing.T) {
	uids := func(asOf string) map[string]bool {
		code, out, errs := run(t, "", "evaluate", "--format", "ics", "--as-of", asOf, "../../examples/steppe-drilling.yaml")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		cal, err := icaltest.Parse([]byte(out))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, e := range cal.Events {
			m[e.UID] = true
		}
		return m
	}
	a, b := uids("2026-11-20"), uids("2026-11-23")
	same := 0
	for u := range b {
		if a[u] {
			same++
		}
	}
	if same == 0 {
		t.Fatalf("no UID in common between two evaluations three days apart: %v, %v", a, b)
	}
}

func TestEvaluateICSUnknownFormat(t *testing.T) {
	code, _, errs := run(t, "", "evaluate", "--format", "ical", "../../examples/steppe-drilling.yaml")
	if code != 2 || !strings.Contains(errs, "text, json or ics") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, _, errs = run(t, "", "evaluate", "--lang", "ru", "--format", "ical", "../../examples/steppe-drilling.yaml")
	if code != 2 || !strings.Contains(errs, "«ics»") {
		t.Fatalf("ru: exit %d: %s", code, errs)
	}
}
