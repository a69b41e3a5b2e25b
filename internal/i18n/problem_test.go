package i18n

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

var quotedRE = regexp.MustCompile(`«[^»]*»|workers\[\d+\][\w.\[\]]*|KZ-\d\d|GB|UTF-8|ISO 3166[-\w:]*|alpha-2|ruqsat`)

// TestProblemsInKazakhAndRussian: every code of the records validator is
// told in Kazakh and Russian, with no English word but the codes a file
// holds (quoted) and the paths, and English stays the domain's text.
func TestProblemsInKazakhAndRussian(t *testing.T) {
	at := func(keys ...string) domain.Path {
		var p domain.Path
		for _, k := range keys {
			p = append(p, domain.PathSeg{Key: k, Index: -1})
		}
		return p
	}
	w3 := domain.Path{{Key: "workers", Index: 3}}
	permitTo := append(append(domain.Path{}, w3...), domain.PathSeg{Key: "permits", Index: 0}, domain.PathSeg{Key: "to", Index: -1})
	problems := []domain.Problem{
		{Path: permitTo, Code: domain.CodeRequired},
		{Path: append(append(domain.Path{}, w3...), domain.PathSeg{Key: "citizenship", Index: -1}), Code: domain.CodeRequired, Args: map[string]any{"members": []string{"AM", "BY"}}},
		{Path: append(append(domain.Path{}, w3...), domain.PathSeg{Key: "iin", Index: -1}), Code: domain.CodeRequired, Args: map[string]any{"basis": "permit"}},
		{Path: at("employer", "name"), Code: domain.CodeInvalidText, Args: map[string]any{"reason": "the text holds a NUL character"}},
		{Path: at("employer", "name"), Code: domain.CodeTooLong, Args: map[string]any{"len": 301, "max": 300}},
		{Path: at("workers"), Code: domain.CodeTooMany, Args: map[string]any{"len": 20001, "max": 20000}},
		{Path: permitTo, Code: domain.CodeEmptyList},
		{Path: at("employer", "size"), Code: domain.CodeNotOneOf, Args: map[string]any{"value": "huge", "allowed": []string{"small", "medium", "large"}}},
		{Path: at("employer", "size"), Code: domain.CodeLowerCase, Args: map[string]any{"value": "kz-75", "want": "KZ-75"}},
		{Path: at("employer", "bin"), Code: domain.CodeIdentifier, Args: map[string]any{"kind": "BIN", "value": "123", "reason": "BIN \"123\" must have 12 digits"}},
		{Path: at("employer", "total_employees"), Code: domain.CodeOutOfRange, Args: map[string]any{"value": -1, "min": 0, "max": 1000000}},
		{Path: permitTo, Code: domain.CodeDateRange, Args: map[string]any{"value": "1899-01-01", "min": "1990-01-01", "max": "2100-12-31"}},
		{Path: permitTo, Code: domain.CodeBefore, Args: map[string]any{"value": "2025-01-01", "start_key": "from", "start": "2025-02-01"}},
		{Path: at("workers", "id"), Code: domain.CodeDuplicate, Args: map[string]any{"value": "w1"}, Other: w3},
		{Path: permitTo, Code: domain.CodeFormat, Args: map[string]any{"value": "tomorrow", "want": "a date YYYY-MM-DD"}},
		{Path: at("workers", "basis"), Code: domain.CodeEAEU, Args: map[string]any{"value": "CN", "members": []string{"AM", "BY", "KG", "RU"}}},
		{Path: append(append(domain.Path{}, w3...), domain.PathSeg{Key: "citizenship", Index: -1}), Code: domain.CodeKZCitizen, Args: map[string]any{"value": "KZ"}},
	}
	for _, p := range problems {
		if got, want := For(EN).Problem(p, nil), p.Message(nil); got != want {
			t.Errorf("en %s: %q, want the domain's %q", p.Code, got, want)
		}
		ru, kk := For(RU).Problem(p, nil), For(KK).Problem(p, nil)
		if ru == kk {
			t.Errorf("%s: the Russian text is the Kazakh one: %q", p.Code, ru)
		}
		for lang, msg := range map[Lang]string{RU: ru, KK: kk} {
			if msg == "" || msg == p.Code || strings.Contains(msg, "{{") {
				t.Errorf("%s %s: %q", lang, p.Code, msg)
			}
			rest := quotedRE.ReplaceAllString(msg, "")
			if w := latinWord.FindString(datesRE.ReplaceAllString(rest, "")); w != "" && w != "YYYY" && w != "seasonal" {
				t.Errorf("%s %s: the English word %q in %q", lang, p.Code, w, msg)
			}
		}
	}
	if got := For(RU).MoreProblems(3); got != "и еще 3 ошибки" {
		t.Errorf("more: %q", got)
	}
}
