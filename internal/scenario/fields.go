package scenario

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// object is a YAML mapping whose keys have been checked against the keys its
// place in the format allows.
type object struct {
	p       *parser
	path    string
	node    *ast.MappingNode // its position is looked up only for errors
	entries []entry
	// merged is set when the mapping has a merge key (<<), already refused:
	// the keys it meant to bring in are then not reported missing too.
	merged bool
}

type entry struct {
	key  string
	kn   ast.Node // the key, for positions
	val  ast.Node // nil when null or skipped
	null bool
	skip bool // an alias or tagged value, already reported
}

// object checks that n is a mapping with only the given keys, each once. It
// returns nil after reporting a node that is not a mapping.
func (p *parser) object(n ast.Node, path string, keys []string) *object {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		p.errorf(n, path, "got %s; expected a mapping with keys %s", describe(n), strings.Join(keys, ", "))
		return nil
	}
	o := &object{p: p, path: path, node: m, entries: make([]entry, 0, len(m.Values))}
	for _, mv := range m.Values {
		if mv.Key != nil && mv.Key.IsMergeKey() {
			o.merged = true
		}
		kn, ok := unwrap(mv.Key)
		if !ok {
			continue
		}
		k, ok := p.key(kn, path)
		if !ok {
			continue
		}
		if prev := o.find(k); prev != nil {
			p.errorf(kn, path, "key %s is repeated (first on line %d); expected each key once", quoteShort(k), nodePos(prev.kn).line)
			continue
		}
		if !contains(keys, k) {
			p.errorf(kn, path, "unknown key %s; expected one of %s", quoteShort(k), strings.Join(keys, ", "))
			continue
		}
		e := entry{key: k, kn: kn}
		v, ok := unwrap(mv.Value)
		switch {
		case !ok:
			e.skip = true
		case v == nil || v.Type() == ast.NullType:
			e.null = true
		default:
			e.val = v
		}
		o.entries = append(o.entries, e)
	}
	return o
}

// key returns the text of a mapping key as written.
func (p *parser) key(n ast.Node, path string) (string, bool) {
	switch n.(type) {
	case *ast.MappingNode, *ast.SequenceNode, *ast.NullNode, *ast.LiteralNode, nil:
		p.errorf(n, path, "a key is %s; expected a name", describe(n))
		return "", false
	}
	s, ok := scalarText(n)
	if !ok || s == "" {
		p.errorf(n, path, "a key is empty; expected a name")
		return "", false
	}
	return s, true
}

func (o *object) find(key string) *entry {
	for i := range o.entries {
		if o.entries[i].key == key {
			return &o.entries[i]
		}
	}
	return nil
}

// has reports whether key is given with a value.
func (o *object) has(key string) bool {
	e := o.find(key)
	return e != nil && !e.null
}

// opt returns the value of an optional key, or nil when it is absent, null or
// already reported.
func (o *object) opt(key string) ast.Node {
	if e := o.find(key); e != nil {
		return e.val
	}
	return nil
}

// req returns the value of a required key. It reports a missing key at the
// mapping and a null one at its key; expect says what the value should be.
func (o *object) req(key, expect string) ast.Node {
	e := o.find(key)
	switch {
	case e == nil && o.merged:
	case e == nil:
		o.p.errorf(o.node, o.path, "%s is missing; expected %s", key, expect)
	case e.null:
		o.p.errorf(e.kn, join(o.path, key), "no value; expected %s", expect)
	default:
		return e.val
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// list returns the items of a sequence (nil for nil), reporting a node that
// is not one. Aliases among the items are skipped, already reported; a null
// item stays, for the caller to report as a wrong type.
func (p *parser) list(n ast.Node, path, expect string) []ast.Node {
	if n == nil {
		return nil
	}
	s, ok := n.(*ast.SequenceNode)
	if !ok {
		p.errorf(n, path, "got %s; expected %s", describe(n), expect)
		return nil
	}
	items := make([]ast.Node, len(s.Values))
	for i, v := range s.Values {
		if u, ok := unwrap(v); ok {
			if u == nil {
				u = v // a null item
			}
			items[i] = u
		}
	}
	return items
}

// scalarText returns a scalar's text: the value of a string, the source text
// of anything else (a number keeps its leading zeros and its form).
func scalarText(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.LiteralNode:
		if n.Value == nil {
			return "", true
		}
		return n.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		if tk := n.GetToken(); tk != nil {
			return tk.Value, true
		}
	}
	return "", false
}

// shown writes a scalar's text for a message the way the file has it: text
// in quotes, a number bare.
func shown(n ast.Node, s string) string {
	if _, isString := n.(*ast.StringNode); isString {
		return quoteShort(s)
	}
	return s
}

// isQuoted reports whether n is a string written in quotes.
func isQuoted(n ast.Node) bool {
	s, ok := n.(*ast.StringNode)
	return ok && s.Token != nil && (s.Token.Type == token.SingleQuoteType || s.Token.Type == token.DoubleQuoteType)
}

// text reads a one-line text value. Numbers and booleans are taken as
// written, so `position: 2` or `citizenship: NO` mean what they say.
func (p *parser) text(n ast.Node, path, expect string) (string, bool) {
	s, ok := scalarText(n)
	if !ok {
		p.errorf(n, path, "got %s; expected %s", describe(n), expect)
		return "", false
	}
	if !utf8.ValidString(s) {
		p.errorf(n, path, "the text is not valid UTF-8; expected %s", expect)
		return "", false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			p.errorf(n, path, "the text holds a line break or control character; expected %s on one line", expect)
			return "", false
		}
	}
	return s, true
}

// word reads text that must be one of a fixed set of words.
func (p *parser) word(n ast.Node, path, what string, allowed []string) (string, bool) {
	expect := listWords(allowed)
	s, ok := p.text(n, path, expect)
	if !ok {
		return "", false
	}
	if !contains(allowed, s) {
		p.errorf(n, path, "%s is not %s; expected %s", shown(n, s), what, expect)
		return "", false
	}
	return s, true
}

// listWords writes "a, b or c".
func listWords(w []string) string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " or " + w[len(w)-1]
}

// date reads YYYY-MM-DD. The plain form 2026-04-30 is a string to goccy (YAML
// 1.2 has no timestamp type), the quoted form too.
func (p *parser) date(n ast.Node, path string) (domain.Date, bool) {
	s, ok := n.(*ast.StringNode)
	if !ok {
		p.errorf(n, path, "got %s; expected a date YYYY-MM-DD", describe(n))
		return 0, false
	}
	d, err := domain.ParseDate(s.Value)
	if err != nil {
		if dateShaped(s.Value) {
			p.errorf(n, path, "%s is not a real date; expected a day that exists, as YYYY-MM-DD", quoteShort(s.Value))
		} else {
			p.errorf(n, path, "%s is not a date; expected YYYY-MM-DD", quoteShort(s.Value))
		}
		return 0, false
	}
	return d, true
}

// dateShaped reports whether s has the form NNNN-NN-NN.
func dateShaped(s string) bool {
	if len(s) != 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// month reads YYYY-MM.
func (p *parser) month(n ast.Node, path string) (domain.YearMonth, bool) {
	s, ok := n.(*ast.StringNode)
	if !ok {
		p.errorf(n, path, "got %s; expected a month YYYY-MM", describe(n))
		return 0, false
	}
	ym, err := domain.ParseYearMonth(s.Value)
	if err != nil || ym.Year() > 9999 {
		p.errorf(n, path, "%s is not a month; expected YYYY-MM", quoteShort(s.Value))
		return 0, false
	}
	return ym, true
}

// integer reads a whole number written in decimal, between lo and hi.
func (p *parser) integer(n ast.Node, path string, lo, hi int, expect string) (int, bool) {
	in, ok := n.(*ast.IntegerNode)
	if !ok {
		if isQuoted(n) {
			p.errorf(n, path, "got the text %s; expected %s, without quotes", quoteShort(n.(*ast.StringNode).Value), expect)
		} else {
			p.errorf(n, path, "got %s; expected %s", describe(n), expect)
		}
		return 0, false
	}
	src := in.Token.Value
	v, err := strconv.Atoi(src)
	if in.Token.Type != token.IntegerType || err != nil {
		p.errorf(n, path, "%s is not a decimal whole number; expected %s", src, expect)
		return 0, false
	}
	if v < lo || v > hi {
		p.errorf(n, path, "%d is out of range; expected %s", v, expect)
		return 0, false
	}
	return v, true
}

// boolean reads true or false.
func (p *parser) boolean(n ast.Node, path string) (bool, bool) {
	b, ok := n.(*ast.BoolNode)
	if !ok {
		p.errorf(n, path, "got %s; expected true or false", describe(n))
		return false, false
	}
	return b.Value, true
}

// ident reads a BIN or IIN. It must be quoted: as a YAML number it would
// lose its leading zeros (and any tool that rewrites the file would drop
// them), so an unquoted number is refused with the fix in the message.
func (p *parser) ident(n ast.Node, path, key string, check func(string) error) (string, bool) {
	s, ok := scalarText(n)
	if !ok {
		p.errorf(n, path, "got %s; expected a quoted 12-digit number such as %s: \"940140000385\"", describe(n), key)
		return "", false
	}
	if !isQuoted(n) && isDigits(s) {
		p.errorf(n, path, "%s is written as a number, which loses leading zeros; expected it in quotes: %s: \"%s\"", s, key, s)
		return "", false
	}
	if err := check(s); err != nil {
		p.errorf(n, path, "%s", err)
		return "", false
	}
	return s, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var regionList = func() string {
	codes := make([]string, len(domain.Regions))
	for i, r := range domain.Regions {
		codes[i] = string(r.Code)
	}
	return strings.Join(codes, ", ")
}()

// region reads an ISO 3166-2:KZ region code.
func (p *parser) region(n ast.Node, path string) (domain.Region, bool) {
	const expect = "a region code (ISO 3166-2:KZ)"
	s, ok := p.text(n, path, expect)
	if !ok {
		return "", false
	}
	if !domain.Region(s).Valid() {
		p.errorf(n, path, "%s is not a region code; expected one of %s", quoteShort(s), regionList)
		return "", false
	}
	return domain.Region(s), true
}

// category reads 1, 2, 3, 4 or seasonal, as a number or as text.
func (p *parser) category(n ast.Node, path string) (domain.Category, bool) {
	const expect = "1, 2, 3, 4 or seasonal"
	switch n.(type) {
	case *ast.IntegerNode, *ast.StringNode:
	default:
		p.errorf(n, path, "got %s; expected %s", describe(n), expect)
		return 0, false
	}
	s, _ := scalarText(n)
	c, ok := domain.ParseCategory(s)
	if !ok {
		p.errorf(n, path, "%s is not a worker category; expected %s", shown(n, s), expect)
		return 0, false
	}
	return c, true
}

// country reads an ISO 3166-1 alpha-2 code.
func (p *parser) country(n ast.Node, path string) (string, bool) {
	const expect = "an ISO 3166-1 alpha-2 country code such as GB"
	s, ok := p.text(n, path, expect)
	if !ok {
		return "", false
	}
	if !domain.ValidCountry(s) {
		if up := strings.ToUpper(s); domain.ValidCountry(up) {
			p.errorf(n, path, "%s is in lower case; expected %s", quoteShort(s), up)
		} else {
			p.errorf(n, path, "%s is not a country code; expected %s", quoteShort(s), expect)
		}
		return "", false
	}
	return s, true
}

// ordered reports a range whose end is before its start, at the end.
func (p *parser) ordered(from, to domain.Date, toNode ast.Node, path, fromKey, what string) {
	if from.IsZero() || to.IsZero() || to >= from {
		return
	}
	p.errorf(toNode, path, "%s is before %s %s; expected %s to end on or after the day it starts", to, fromKey, from, what)
}
