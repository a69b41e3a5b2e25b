package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// codesInText are what a Kazakh or Russian message may write in Latin
// letters: its placeholders; values a user types or reads as they are
// written, in «» (formats, roles, flags' values, codes); flags (--format);
// alternatives as a command line lists them (text|json); environment
// variables; addresses, paths and file extensions; the product's name; and
// the few names that have no Kazakh or Russian form: the codes and date
// patterns the validator's and the API's messages name (ISO 3166, UTF-8,
// YYYY-MM-DD), and the query parameters and JSON fields an API error names.
var codesInText = regexp.MustCompile(`\{\{[^}]*\}\}|«[^»]*»|--?[a-z][a-z0-9-]*|[a-z_]+(\|[a-z_]+)+|\$?RUQSAT_[A-Z_]+|https?://\S+|\S+@\S+|/[a-z]+\b|\.[a-z]{2,4}\b|\bruqsat\b|\b(ISO|alpha-2|UTF-8|YYYY-MM-DD|YYYY-MM|DD\.MM\.YYYY|CN|GB|KZ-\d\d|limit|offset|as_of|days|employers|size|small|medium|large|user add|user passwd|token create|audit purge|doc|evaluate|rules|params|calendar|version|migrate|import|export|backup|serve|user|token|audit|sqlite)\b`)

// TestNoEnglishInKazakhOrRussian: no message of any catalogue file
// (findings, messages, the command line's, the calendar's...) holds in
// Kazakh or Russian a Latin word of three letters or more that is not one
// of codesInText.
func TestNoEnglishInKazakhOrRussian(t *testing.T) {
	for _, lang := range []string{"ru", "kk"} {
		cat := readCatalogue(t, lang)
		ids := make([]string, 0, len(cat))
		for id := range cat {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			for form, s := range texts(cat[id]) {
				rest := codesInText.ReplaceAllString(s, "")
				if w := latinWord.FindString(rest); w != "" {
					t.Errorf("%s: %s %s: the English word %q in %q", lang, id, form, w, strings.TrimSpace(s))
				}
			}
		}
	}
}

// TestKazakhIsNotRussian: no message of any catalogue file is the same
// text in Kazakh and in Russian, unless it holds no word of three letters
// or more but the values it quotes, its placeholders and the capitalised
// names of a synopsis' arguments (ФАЙЛ is the word in both languages):
// "ruqsat backup ФАЙЛ", "{{.Name}}: {{.Other}}", the abbreviation Ср.
func TestKazakhIsNotRussian(t *testing.T) {
	ru, kk := readCatalogue(t, "ru"), readCatalogue(t, "kk")
	word := regexp.MustCompile(`\p{Cyrillic}{3,}`)
	synopsisArg := regexp.MustCompile(`\p{Lu}{3,}`)
	for id, v := range ru {
		r, k := texts(v), texts(kk[id])
		for form, s := range r {
			if k[form] == s && word.MatchString(synopsisArg.ReplaceAllString(codesInText.ReplaceAllString(s, ""), "")) {
				t.Errorf("%s %s: the Russian text is the Kazakh one: %q", id, form, s)
			}
		}
	}
}
