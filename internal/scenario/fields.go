package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// maxKeys is the most keys a mapping of the format allows; a worker has 18.
const maxKeys = 20

// object is a YAML mapping whose keys have been checked against the keys its
// place in the format allows. It is a value, so that reading a mapping
// allocates nothing.
type object struct {
	p    *parser
	at   path
	node *yaml.Node // its position is looked up only for errors
	keys []string
	// entries holds the entry of each key given, at the key's index in keys.
	entries [maxKeys]entry
	// merged is set when the mapping has a merge key (<<), already refused:
	// the keys it meant to bring in are then not reported missing too.
	merged bool
}

type entry struct {
	kn   *yaml.Node // the key, for positions; nil when the key is not given
	val  *yaml.Node // nil when null or skipped
	null bool
	skip bool // an alias or tagged value, already reported
}

// object checks that n is a mapping with only the given keys, each once. It
// returns false after reporting a node that is not a mapping.
func (p *parser) object(n *yaml.Node, at path, keys []string) (o object, ok bool) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("got %s; expected a mapping with keys %s", describe(n), strings.Join(keys, ", ")),
			"scenario.want_mapping", "Name", p.describe(n), "Other", p.keys(keys)))
		return o, false
	}
	o = object{p: p, at: at, node: n, keys: keys}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if isMerge(kn) {
			// The keys it meant to bring in are not reported missing.
			o.merged = true
			p.errorfMark(at)
			continue
		}
		if skipped(kn) {
			continue
		}
		k, ok := p.key(kn, at)
		if !ok {
			continue
		}
		idx := slices.Index(keys, k)
		if idx < 0 {
			p.note(kn, at, "%s", p.say(fmt.Sprintf("unknown key %s; expected one of %s", quoteShort(k), strings.Join(keys, ", ")),
				"scenario.unknown_key", "Code", p.quote(k), "Other", p.keys(keys)))
			continue
		}
		e := &o.entries[idx]
		if e.kn != nil {
			p.note(kn, at, "%s", p.say(fmt.Sprintf("key %s is repeated (first on line %d); expected each key once", quoteShort(k), nodePos(e.kn).line),
				"scenario.repeated_key", "Code", p.quote(k), "N", nodePos(e.kn).line))
			continue
		}
		e.kn = kn
		switch {
		case skipped(vn):
			e.skip = true
			p.errorfMark(at.key(k))
		case classOf(vn) == classNull:
			e.null = true
		default:
			e.val = vn
		}
	}
	return o, true
}

// key returns the text of a mapping key as written.
func (p *parser) key(n *yaml.Node, at path) (string, bool) {
	switch classOf(n) {
	case classOther, classNull, classBlock:
		p.note(n, at, "%s", p.say(fmt.Sprintf("a key is %s; expected a name", describe(n)), "scenario.key_not_name", "Name", p.describe(n)))
		return "", false
	}
	if n.Value == "" {
		p.note(n, at, "%s", p.say("a key is empty; expected a name", "scenario.key_empty"))
		return "", false
	}
	return n.Value, true
}

// find returns the entry of a key given in the mapping, or nil.
func (o *object) find(key string) *entry {
	if i := slices.Index(o.keys, key); i >= 0 && o.entries[i].kn != nil {
		return &o.entries[i]
	}
	return nil
}

// opt returns the value of an optional key, or nil when it is absent, null or
// already reported.
func (o *object) opt(key string) *yaml.Node {
	if e := o.find(key); e != nil {
		return e.val
	}
	return nil
}

// req returns the value of a required key. It reports a missing key at the
// mapping and a null one at its key; expect says what the value should be.
func (o *object) req(key, expect string) *yaml.Node {
	e := o.find(key)
	switch {
	case e == nil && o.merged:
	case e == nil:
		o.p.note(o.node, o.at, "%s", o.p.say(fmt.Sprintf("%s is missing; expected %s", key, expect), "scenario.missing", "Code", key, "Other", o.p.want(expect)))
	case e.null:
		o.p.errorf(e.kn, o.at.key(key), "%s", o.p.say("no value; expected "+expect, "scenario.no_value", "Other", o.p.want(expect)))
	default:
		return e.val
	}
	return nil
}

// list returns the items of a sequence (nil for nil), reporting a node that
// is not one. The caller passes over the items that are skipped, already
// reported; a null item stays, for the caller to report as a wrong type.
func (p *parser) list(n *yaml.Node, at path, expect string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.got(n, at, expect)
		return nil
	}
	return n.Content
}

// scalarText returns a scalar's text as written: a number keeps its leading
// zeros and its form.
func scalarText(n *yaml.Node) (string, bool) {
	switch classOf(n) {
	case classText, classBlock, classInt, classFloat, classBool:
		return n.Value, true
	}
	return "", false
}

// shown writes a scalar's text for a message the way the file has it: text
// in quotes, a number bare.
func shown(n *yaml.Node, s string) string {
	if classOf(n) == classText {
		return quoteShort(s)
	}
	return s
}

// isQuoted reports whether n is a string written in quotes.
func isQuoted(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
}

// text reads a scalar as text. Numbers and booleans are taken as written,
// so `position: 2` or `citizenship: NO` mean what they say; what the text
// may hold (UTF-8 on one line, its length) the records validator decides.
func (p *parser) text(n *yaml.Node, at path, expect string) (string, bool) {
	s, ok := scalarText(n)
	if !ok {
		p.got(n, at, expect)
		return "", false
	}
	return s, true
}

// date reads YYYY-MM-DD. The plain form 2026-04-30 is a timestamp to yaml.v3
// (and an impossible date such as 2026-02-30 a string); both are text here,
// as is the quoted form.
func (p *parser) date(n *yaml.Node, at path) (domain.Date, bool) {
	if classOf(n) != classText {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("got %s; expected a date YYYY-MM-DD", describe(n)), "scenario.want_date", "Name", p.describe(n)))
		return 0, false
	}
	d, err := domain.ParseDate(n.Value)
	if err != nil {
		if dateShaped(n.Value) {
			p.errorf(n, at, "%s", p.say(fmt.Sprintf("%s is not a real date; expected a day that exists, as YYYY-MM-DD", quoteShort(n.Value)), "scenario.not_real_date", "Code", p.quote(n.Value)))
		} else {
			p.errorf(n, at, "%s", p.say(fmt.Sprintf("%s is not a date; expected YYYY-MM-DD", quoteShort(n.Value)), "scenario.not_date", "Code", p.quote(n.Value)))
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
func (p *parser) month(n *yaml.Node, at path) (domain.YearMonth, bool) {
	if classOf(n) != classText {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("got %s; expected a month YYYY-MM", describe(n)), "scenario.want_month", "Name", p.describe(n)))
		return 0, false
	}
	ym, err := domain.ParseYearMonth(n.Value)
	if err != nil || ym.Year() > 9999 {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("%s is not a month; expected YYYY-MM", quoteShort(n.Value)), "scenario.not_month", "Code", p.quote(n.Value)))
		return 0, false
	}
	return ym, true
}

// integer reads a whole number written in decimal, within ±maxInt.
func (p *parser) integer(n *yaml.Node, at path, expect string) (int, bool) {
	if classOf(n) != classInt {
		if isQuoted(n) {
			p.errorf(n, at, "%s", p.say(fmt.Sprintf("got the text %s; expected %s, without quotes", quoteShort(n.Value), expect), "scenario.quoted_number", "Code", p.quote(n.Value), "Other", p.want(expect)))
		} else {
			p.got(n, at, expect)
		}
		return 0, false
	}
	src := n.Value
	v, err := strconv.Atoi(src)
	if !isDecimal(src) || err != nil {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("%s is not a decimal whole number; expected %s", src, expect), "scenario.not_decimal", "Code", src, "Other", p.want(expect)))
		return 0, false
	}
	if v < -maxInt || v > maxInt {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("%d is out of range; expected %s", v, expect), "scenario.out_of_range", "Code", strconv.Itoa(v), "Other", p.want(expect)))
		return 0, false
	}
	return v, true
}

// isDecimal reports whether s is a whole number in plain decimal: digits
// with an optional sign, without the leading zero of YAML 1.1's octal, the
// 0x, 0o or 0b of other bases, or the _ that yaml.v3 allows between digits.
func isDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return isDigits(s) && (len(s) == 1 || s[0] != '0')
}

// boolean reads true or false.
func (p *parser) boolean(n *yaml.Node, at path) (bool, bool) {
	if classOf(n) != classBool {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("got %s; expected true or false", describe(n)), "scenario.want_bool", "Name", p.describe(n)))
		return false, false
	}
	return n.Value[0] == 't' || n.Value[0] == 'T', true
}

// ident reads a BIN or IIN. It must be quoted: as a YAML number it would
// lose its leading zeros (and any tool that rewrites the file would drop
// them), so an unquoted number is refused with the fix in the message.
func (p *parser) ident(n *yaml.Node, at path, key string) (string, bool) {
	s, ok := scalarText(n)
	if !ok {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("got %s; expected a quoted 12-digit number such as %s: \"940140000385\"", describe(n), key), "scenario.want_ident", "Name", p.describe(n), "Code", key))
		return "", false
	}
	if !isQuoted(n) && isDigits(s) {
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("%s is written as a number, which loses leading zeros; expected it in quotes: %s: \"%s\"", s, key, s), "scenario.ident_number", "Code", s, "Name", key))
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

// category reads 1, 2, 3, 4 or seasonal, as a number or as text.
func (p *parser) category(n *yaml.Node, at path) (domain.Category, bool) {
	const expect = "1, 2, 3, 4 or seasonal"
	switch classOf(n) {
	case classInt, classText:
	default:
		p.got(n, at, expect)
		return 0, false
	}
	c, ok := domain.ParseCategory(n.Value)
	if !ok {
		v := n.Value
		if classOf(n) == classText {
			v = p.quote(v)
		}
		p.errorf(n, at, "%s", p.say(fmt.Sprintf("%s is not a worker category; expected %s", shown(n, n.Value), expect), "scenario.not_category", "Code", v, "Other", p.want(expect)))
		return 0, false
	}
	return c, true
}
