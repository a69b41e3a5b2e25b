package bulk

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The names by which people write countries, regions and bases are data
// files, each with its sources: data/countries.tsv is CLDR's names of every
// country in English, Russian and Kazakh (written by a test from
// golang.org/x/text's copy of CLDR, which the test checks it against);
// data/country_forms.tsv, data/region_forms.tsv, data/bases.tsv and
// data/sizes.tsv are the abbreviations and other forms registers use.
//
//go:embed data/*.tsv
var dataFiles embed.FS

// nameTable maps names, normalized, to codes, and keeps each name as
// written for suggestions.
type nameTable struct {
	codes map[string]string
	names []namedCode // sorted by name, for suggestions
	// memo holds the suggestions made, by normalized value: a file may
	// repeat one unknown name in thousands of rows.
	mu   sync.Mutex
	memo map[string][]string
}

type namedCode struct {
	norm, name, code string
}

// add adds a name of code; a name already given to another code is an
// error of the data.
func (t *nameTable) add(code, name string) error {
	n := normalize(name)
	if n == "" {
		return fmt.Errorf("empty name of %s", code)
	}
	if c, ok := t.codes[n]; ok {
		if c != code {
			return fmt.Errorf("%q names both %s and %s", name, c, code)
		}
		return nil
	}
	t.codes[n] = code
	t.names = append(t.names, namedCode{n, name, code})
	return nil
}

// readTSV calls f with the fields of each line of an embedded data file
// that is not blank or a comment.
func readTSV(name string, f func(fields []string) error) error {
	data, err := dataFiles.ReadFile("data/" + name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" || text[0] == '#' {
			continue
		}
		if err := f(strings.Split(text, "\t")); err != nil {
			return fmt.Errorf("data/%s:%d: %w", name, line, err)
		}
	}
	return sc.Err()
}

// loadCountries reads the countries' names: CLDR's, and the other forms.
func loadCountries() (*nameTable, error) {
	t := &nameTable{codes: map[string]string{}}
	err := readTSV("countries.tsv", func(fs []string) error {
		if len(fs) < 2 || !domain.ValidCountry(fs[0]) {
			return fmt.Errorf("expected a country code and its names, tab separated")
		}
		for _, n := range fs[1:] {
			if err := t.add(fs[0], n); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = readForms("country_forms.tsv", t, func(c string) bool { return domain.ValidCountry(c) })
	}
	sort.Slice(t.names, func(i, j int) bool { return t.names[i].norm < t.names[j].norm })
	return t, err
}

// readForms reads a file of forms, code and form a line, into t.
func readForms(name string, t *nameTable, valid func(string) bool) error {
	return readTSV(name, func(fs []string) error {
		if len(fs) != 2 || !valid(fs[0]) {
			return fmt.Errorf("expected a code and a form, tab separated")
		}
		return t.add(fs[0], fs[1])
	})
}

// sizeWords are the words for an employer's size (data/sizes.tsv).
var sizeWords = func() *nameTable {
	t := &nameTable{codes: map[string]string{}}
	valid := func(s string) bool { return slices.Contains(domain.Sizes, domain.Size(s)) }
	if err := readForms("sizes.tsv", t, valid); err != nil {
		panic(err)
	}
	return t
}()

// countryNames and basisWords are read once; a broken data file is a
// programming error, which the tests catch.
var countryNames, basisWords = func() (*nameTable, *nameTable) {
	c, err := loadCountries()
	if err != nil {
		panic(err)
	}
	b := &nameTable{codes: map[string]string{}}
	for _, v := range domain.Bases {
		if err := b.add(string(v), string(v)); err != nil {
			panic(err)
		}
	}
	if err := readForms("bases.tsv", b, func(s string) bool { return domain.Basis(s).Valid() }); err != nil {
		panic(err)
	}
	return c, b
}()

// suggest returns up to three names of t closest to s, with their codes,
// as "Китай (CN)", for a message; none when nothing is close.
func (t *nameTable) suggest(s string) []string {
	key := normalize(s)
	t.mu.Lock()
	alts, ok := t.memo[key]
	t.mu.Unlock()
	if ok {
		return alts
	}
	alts = t.closest(key)
	t.mu.Lock()
	if t.memo == nil || len(t.memo) >= 10_000 {
		t.memo = map[string][]string{}
	}
	t.memo[key] = alts
	t.mu.Unlock()
	return alts
}

// closest returns up to three names closest to the normalized n.
func (t *nameTable) closest(key string) []string {
	n := []rune(key)
	if len(n) == 0 {
		return nil
	}
	limit := max(1, min(3, len(n)/3))
	type cand struct {
		d  int
		nc *namedCode
	}
	var cs []cand
	for i := range t.names {
		nc := &t.names[i]
		if d := distance(n, []rune(nc.norm), limit); d <= limit {
			cs = append(cs, cand{d, nc})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	seen := map[string]bool{}
	for _, c := range cs {
		if seen[c.nc.code] {
			continue
		}
		seen[c.nc.code] = true
		out = append(out, fmt.Sprintf("%s (%s)", c.nc.name, c.nc.code))
		if len(out) == 3 {
			break
		}
	}
	return out
}

// distance returns the Levenshtein distance of a and b, or limit+1 when it
// is over limit.
func distance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// didYouMean words suggestions for the end of a message.
func didYouMean(alts []string) string {
	switch len(alts) {
	case 0:
		return ""
	case 1:
		return "; did you mean " + alts[0] + "?"
	}
	return "; did you mean " + strings.Join(alts[:len(alts)-1], ", ") + " or " + alts[len(alts)-1] + "?"
}
