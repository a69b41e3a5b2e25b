package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules/params"
)

// codeLiterals returns every string literal of the module's Go code (tests
// left out) and, apart, the ones that look like a catalogue key.
func codeLiterals(t *testing.T) map[string]bool {
	t.Helper()
	lits := map[string]bool{}
	lit := regexp.MustCompile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"|`([^`]*)`")
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "../.." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllStringSubmatch(string(data), -1) {
			lits[m[1]+m[2]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return lits
}

// dynamicParts are the parts of keys the code builds from values that are
// not string literals: the domain's enumerations (rule ids, message keys,
// bases, categories' groups), the weekdays' short names and JSON Schema's
// type names (huma's, in its validation messages: api.type.*).
func dynamicParts() map[string]bool {
	parts := map[string]bool{"cat1-2": true, "cat3-4": true}
	for _, s := range []string{"string", "integer", "number", "boolean", "array", "object"} {
		parts[s] = true
	}
	for _, k := range domain.MessageKeys() {
		parts[k.String()] = true
	}
	for _, r := range domain.RuleIDs() {
		parts[r.String()] = true
	}
	for _, b := range domain.Bases {
		parts[string(b)] = true
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		parts[d.String()[:3]] = true
	}
	// The legal parameters' names (param.NAME).
	for _, n := range params.Default().Names() {
		parts[n] = true
	}
	return parts
}

// TestEveryParameterDescribed: every legal parameter of the embedded
// parameters file has its description in the catalogues (param.NAME), as
// `ruqsat params` shows it in every language.
func TestEveryParameterDescribed(t *testing.T) {
	en := readCatalogue(t, "en")
	set := params.Default()
	for _, n := range set.Names() {
		p, _ := set.Param(n)
		got, ok := en["param."+n].(string)
		if !ok {
			t.Errorf("no message param.%s", n)
			continue
		}
		if got != p.Description {
			t.Errorf("param.%s is %q; params.yaml says %q", n, got, p.Description)
		}
	}
}

// TestEveryEntryIsUsed: every message of the catalogues is asked for by the
// code, and every key the code names is in the catalogues. A key is asked
// for when it is a string literal of the code, or when the code builds it
// from a literal prefix ("cli.flag.", "calendar.kind.") and a rest that is
// itself a literal (a flag's or kind's name, "user add" for "user_add"),
// a domain value (dynamicParts) or a sequence of them joined by dots. No
// prefix is exempt.
func TestEveryEntryIsUsed(t *testing.T) {
	en := readCatalogue(t, "en")
	lits := codeLiterals(t)
	parts := dynamicParts()
	known := func(s string) bool {
		return lits[s] || parts[s] || lits[strings.ReplaceAll(s, "_", " ")] || lits[strings.ReplaceAll(s, "_", "-")]
	}
	// rest tells whether s is a known part or known parts joined by dots.
	var rest func(s string) bool
	rest = func(s string) bool {
		if known(s) {
			return true
		}
		for i := strings.IndexByte(s, '.'); i >= 0; {
			if known(s[:i]) && rest(s[i+1:]) {
				return true
			}
			j := strings.IndexByte(s[i+1:], '.')
			if j < 0 {
				break
			}
			i += 1 + j
		}
		return false
	}
	used := func(id string) bool {
		if lits[id] || parts[id] {
			return true
		}
		for i := 0; i < len(id); i++ {
			if id[i] == '.' && lits[id[:i+1]] && rest(id[i+1:]) {
				return true
			}
		}
		return false
	}
	for id := range en {
		if !used(id) {
			t.Errorf("en: %s is used by nothing", id)
		}
	}
	// The other way: a literal shaped like a key of the catalogue's
	// families names one that exists.
	keyLike := regexp.MustCompile(`^(cli|import|error|calendar|problem|describe|want|api|report|params|param|unit|subject|severity|status|confidence|word|fact|title|reason|basis|group|ical|scenario)\.[a-z0-9_.-]*[a-z0-9]$`)
	var missing []string
	for s := range lits {
		if keyLike.MatchString(s) && en[s] == nil && !parts[s] && !strings.HasSuffix(s, ".yaml") && !strings.HasSuffix(s, ".go") && !strings.HasSuffix(s, ".html") {
			// A key's own prefix ("cli.flag" for "cli.flag." + name) or a
			// domain value spelled like a key (rule ids) is no key.
			prefix := false
			for id := range en {
				if strings.HasPrefix(id, s+".") {
					prefix = true
					break
				}
			}
			if !prefix {
				missing = append(missing, s)
			}
		}
	}
	slices.Sort(missing)
	for _, s := range missing {
		t.Errorf("the code names %s, which no catalogue has", s)
	}
}
