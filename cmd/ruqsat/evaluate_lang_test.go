package main

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The names and codes of the example's records, which stay as they are in
// every language, and the product's name.
var exampleOwnWords = regexp.MustCompile(`Steppe Drilling LLP|John Smith|Mehmet Demir|Aziz Karimov|Li Wei|Anna Schmidt|\bw\d\b|KZ-\d\d-\d{4}-\d{4}|ruqsat`)

var latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// TestEvaluateInKazakhAndRussian: the text report of the example in Kazakh
// and in Russian has no English word but the records' names and codes, and
// the two are not the same report.
func TestEvaluateInKazakhAndRussian(t *testing.T) {
	outs := map[string]string{}
	for _, lang := range []string{"ru", "kk"} {
		code, out, errs := run(t, "", "evaluate", "--lang", lang, "../../examples/steppe-drilling.yaml")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, errs)
		}
		for i, line := range strings.Split(out, "\n") {
			if w := latinWord.FindString(exampleOwnWords.ReplaceAllString(line, "")); w != "" {
				t.Errorf("%s: line %d: the English word %q in %q", lang, i+1, w, line)
			}
		}
		outs[lang] = out
	}
	if !strings.Contains(outs["ru"], "НАРУШЕНИЯ") || !strings.Contains(outs["ru"], "тенге") || !strings.Contains(outs["ru"], "20.11.2026") {
		t.Errorf("ru: not the Russian report:\n%s", outs["ru"])
	}
	if !strings.Contains(outs["kk"], "БҰЗУШЫЛЫҚТАР") || !strings.Contains(outs["kk"], "теңге") {
		t.Errorf("kk: not the Kazakh report:\n%s", outs["kk"])
	}
}

// TestEvaluateLanguageFromTheEnvironment: RUQSAT_LANG gives the language
// when --lang does not; an unknown language is a usage error.
func TestEvaluateLanguageFromTheEnvironment(t *testing.T) {
	runEnv := func(env string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
			Now:    func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) },
			Getenv: func(k string) string { return map[string]string{"RUQSAT_LANG": env}[k] }}
		return m.Run(context.Background(), args), out.String(), errb.String()
	}
	if code, out, _ := runEnv("kk", "evaluate", "../../examples/steppe-drilling.yaml"); code != 0 || !strings.Contains(out, "БСН 940140000385") {
		t.Fatalf("RUQSAT_LANG=kk: exit %d\n%s", code, out)
	}
	if code, out, _ := runEnv("kk", "evaluate", "--lang", "en", "../../examples/steppe-drilling.yaml"); code != 0 || !strings.Contains(out, "VIOLATIONS") {
		t.Fatalf("--lang en over RUQSAT_LANG=kk: exit %d\n%s", code, out)
	}
	if code, _, errs := runEnv("", "evaluate", "--lang", "de", "../../examples/steppe-drilling.yaml"); code != 2 || !strings.Contains(errs, "kk, ru or en") {
		t.Fatalf("--lang de: exit %d, %s", code, errs)
	}
	if code, _, errs := runEnv("fr", "evaluate", "../../examples/steppe-drilling.yaml"); code != 2 || !strings.Contains(errs, "RUQSAT_LANG") {
		t.Fatalf("RUQSAT_LANG=fr: exit %d, %s", code, errs)
	}
}

// TestEvaluateJSONMachineFieldsInEveryLanguage: in JSON only the texts change
// with the language (message, title, and the basis's act_title, ref,
// interpretation and url);
// every other field is the same.
func TestEvaluateJSONMachineFieldsInEveryLanguage(t *testing.T) {
	machine := func(lang string) []map[string]any {
		code, out, errs := run(t, "", "evaluate", "--format", "json", "--lang", lang, "../../examples/steppe-drilling.yaml")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, errs)
		}
		var doc struct{ Findings []map[string]any }
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range doc.Findings {
			if f["message"] == "" {
				t.Fatalf("%s: no message: %v", lang, f)
			}
			delete(f, "message")
			delete(f, "title")
			for _, c := range f["basis"].([]any) {
				c := c.(map[string]any)
				delete(c, "ref")
				delete(c, "act_title")
				delete(c, "interpretation")
				delete(c, "url")
			}
		}
		return doc.Findings
	}
	en := machine("en")
	for _, lang := range []string{"ru", "kk"} {
		if got := machine(lang); !reflect.DeepEqual(got, en) {
			t.Errorf("%s: the machine fields differ from English", lang)
		}
	}
}

// TestRulesAndParamsInKazakhAndRussian: `ruqsat rules` and `ruqsat params`
// speak the language too; only the ids and parameter names a command takes,
// and the product's name, stay.
func TestRulesAndParamsInKazakhAndRussian(t *testing.T) {
	ids := regexp.MustCompile(`\([a-z_]+\.[a-z_]+\)$|^[a-z0-9_.A-Z-]+ |ruqsat`)
	for _, lang := range []string{"ru", "kk"} {
		for _, args := range [][]string{{"rules", "--lang", lang}, {"params", "--lang", lang, "--on", "2026-06-01"}} {
			code, out, errs := run(t, "", args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errs)
			}
			for i, line := range strings.Split(out, "\n") {
				if w := latinWord.FindString(ids.ReplaceAllString(line, "")); w != "" {
					t.Errorf("%v: line %d: the English word %q in %q", args, i+1, w, line)
				}
			}
		}
	}
	if code, _, _ := run(t, "", "rules", "--lang", "xx"); code != 2 {
		t.Errorf("rules --lang xx: exit %d, want 2", code)
	}
}

// TestEvaluateProblemsInRussian: the records validator's problems of a
// scenario file are told in the language asked for, at their lines.
func TestEvaluateProblemsInRussian(t *testing.T) {
	file := writeFile(t, "bad.yaml", `as_of: 2026-04-30
employer: {bin: "940140000385", name: "Bad LLP", size: small}
workers:
  - id: w1
    name: "John Smith"
    citizenship: GB
    basis: permit
    category: 3
    start: 2026-01-01
    trips:
      - {region: KZ-75, from: 2026-03-10, to: 2026-03-01}
  - id: w1
    name: "Jane Doe"
    citizenship: GB
    basis: ict
    category: 2
    start: 2026-01-01
`)
	code, _, errs := run(t, "", "evaluate", "--lang", "ru", file)
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, errs)
	}
	for _, want := range []string{"раньше, чем «первый день командировки»", "повторяется (впервые: workers[0].id (строка 4))"} {
		if !strings.Contains(errs, want) {
			t.Errorf("the problems lack %q:\n%s", want, errs)
		}
	}
	_, _, en := run(t, "", "evaluate", file)
	if !strings.Contains(en, "on line 4") {
		t.Errorf("English: %s", en)
	}
}

// TestUsageErrorsInKazakhAndRussian: a usage error is told in the language
// asked for, and still exits 2; English keeps its words.
func TestUsageErrorsInKazakhAndRussian(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"evaluate", "--lang", "ru"}, "укажите ровно один файл сценария"},
		{[]string{"evaluate", "--lang", "kk", "--format", "xml", "x.yaml"}, "«text», «json» немесе «ics» күтіледі"},
		{[]string{"evaluate", "--lang", "ru", "--fail-on", "info", "x.yaml"}, "ожидается «violation», «warning» или «due»"},
		{[]string{"evaluate", "--lang", "ru", "no-such-file.yaml"}, "не удается прочитать файл no-such-file.yaml"},
		{[]string{"evaluate", "--lang", "kk", "--as-of", "2026-13-01", "../../examples/steppe-drilling.yaml"}, "YYYY-MM-DD түріндегі күн күтіледі"},
		{[]string{"rules", "--lang", "ru", "extra"}, "команда rules не принимает аргументов"},
		{[]string{"params", "--lang", "kk", "--on", "tomorrow"}, "--on «tomorrow»: YYYY-MM-DD түріндегі күн күтіледі"},
		{[]string{"params", "--on", "tomorrow"}, "--on «tomorrow»: expected a date"},
	} {
		code, _, errs := run(t, "", c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q in:\n%s", c.args, code, c.want, errs)
		}
	}
}
