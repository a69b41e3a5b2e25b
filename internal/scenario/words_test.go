package scenario

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/i18n"
)

// TestEveryWantIsTranslated: every text the reader passes as what a value
// should be (the last argument of text, integer, list and req) has its
// catalogue key, so that no English phrase is left in a Kazakh or Russian
// message.
func TestEveryWantIsTranslated(t *testing.T) {
	call := regexp.MustCompile(`(?:p\.(?:text|integer|list)\([^;\n]*, |\.req\("[a-z_]+", )("(?:[^"\\]|\\.)*")\)`)
	n := 0
	for _, name := range []string{"schema.go", "fields.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			n++
			s, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := wantKeys[s]; !ok {
				t.Errorf("%s: %q has no catalogue key in wantKeys", name, s)
			}
		}
	}
	if n < 25 {
		t.Errorf("found %d texts; the pattern no longer finds the calls", n)
	}
	for en, key := range wantKeys {
		if !i18n.For(i18n.RU).Has(key) {
			t.Errorf("%q: no message %s", en, key)
		}
	}
}

// TestSyntaxInKazakhAndRussian: the reader's own messages (a wrong type, an
// unknown key, a date that does not exist, a BIN written as a number, a
// missing key, YAML's anchors) are told in the reader's language at their
// lines, with no English word but the keys and values of the file.
func TestSyntaxInKazakhAndRussian(t *testing.T) {
	src := `as_of: 2026-02-30
employer:
  bin: 940140000385
  size: huge
  colour: red
workers:
  - id: w1
    basis: permit
    category: fifth
    start: [2026]
    permits: {number: P1}
reports: &r []
`
	latin := regexp.MustCompile(`[A-Za-z]{3,}`)
	codes := regexp.MustCompile(`«[^»]*»|^[^:]*:\d+:\d+: [a-z_.\[\]0-9]*:?|\bYYYY-MM-DD\b|\bISO\b`)
	want := map[i18n.Lang][]string{
		i18n.RU: {"f.yaml:1:8: as_of: «2026-02-30» — несуществующая дата", "f.yaml:3:8: employer.bin: 940140000385 записано как число",
			"неизвестный ключ «colour»; ожидается один из: «bin», «name»", "«fifth» — не категория работника", "указано: список; ожидается дата YYYY-MM-DD",
			"якоря («&имя») не допускаются"},
		i18n.KK: {"f.yaml:1:8: as_of: «2026-02-30» — жоқ күн", "белгісіз кілт «colour»", "«fifth» — жұмыскер санаты емес", "зәкірлер («&атау») рұқсат етілмейді"},
	}
	for lang, wants := range want {
		l := i18n.For(lang)
		_, err := ParseIn("f.yaml", []byte(src), nil, &Words{Lang: l, Problem: l.Problem, More: l.MoreProblems})
		if err == nil {
			t.Fatal("no problem")
		}
		got := err.Error()
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s: lacks %q:\n%s", lang, w, got)
			}
		}
		for _, line := range strings.Split(got, "\n") {
			if w := latin.FindString(codes.ReplaceAllString(line, "")); w != "" {
				t.Errorf("%s: the English word %q in %q", lang, w, line)
			}
		}
	}
	_, err := Parse("f.yaml", []byte(src), nil)
	if err == nil || !strings.Contains(err.Error(), `"2026-02-30" is not a real date`) {
		t.Errorf("English: %v", err)
	}
}
