package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/yamlmsg"
)

// Limits that keep a hostile or broken file from exhausting memory. The YAML
// parser allocates about 32 bytes per byte of a scenario, and up to about 170
// for a file made of tiny values or empty documents. The file-size cap
// follows the model's limits: an employer of domain.MaxWorkers workers with
// five trips each exports to about 20 MiB (TestLargestExportReadsBack), so
// 64 MiB reads back what the registry holds, at a peak of about 2 GiB for
// the largest files. A real scenario nests six levels at most; the nesting
// limits refuse a file made to be deep long before the parser's own limit
// of 10,000 levels.
const (
	maxFileSize  = domain.MaxRecordsBytes
	maxFlowDepth = 32  // nested [ ] and { }
	maxColumn    = 200 // column of a block key or "-": indentation bounds block nesting
)

// Parse reads a scenario. name is used in error messages. On any problem it
// returns nil and an ErrorList holding every problem found, sorted by line and
// column; a YAML syntax error stops the reading there, since nothing after it
// can be placed reliably. check validates each override; nil accepts all.
func Parse(name string, data []byte, check OverrideChecker) (*File, error) {
	return ParseIn(name, data, check, nil)
}

// Words tell the problems of a file in a reader's language; nil (or a nil
// field) is English.
type Words struct {
	// Lang tells the reader's own messages (YAML syntax and types, dates,
	// unknown keys) from the catalogue's scenario.* messages.
	Lang *i18n.Localizer
	// Problem writes a problem without its place; where names another
	// value's place (a duplicate's first).
	Problem func(p domain.Problem, where func(domain.Path) string) string
	// OnLine names a value by its path and line: "workers[0] on line 12".
	OnLine func(path string, line int) string
	// More says how many problems were left out.
	More func(n int) string
}

// ParseIn is Parse with the validator's problems told in words.
func ParseIn(name string, data []byte, check OverrideChecker, words *Words) (*File, error) {
	p := &parser{file: name, check: check, words: words}
	f := p.parse(data)
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool {
			a, b := p.errs[i], p.errs[j]
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Col < b.Col
		})
		return nil, p.errs
	}
	return f, nil
}

// parser collects the problems of one file.
type parser struct {
	file  string
	check OverrideChecker
	words *Words // nil: English
	errs  ErrorList
	// bad holds the paths of values that could not be read.
	bad map[string]bool
	// src is the text the YAML parser read: the file's, or a copy in which
	// a directive or an alias to an unknown anchor was neutralized, with
	// every position kept.
	src    []byte
	copied bool // src is a private copy
	// lines holds the offset of each line's start in src, built on first
	// use: positions are turned into offsets only to read an anchor or a tag.
	lines []int
	// steps is what is left of the budget of offset, which walks a line
	// from its start to a column.
	steps int
	// bangs holds, in the order of the text, the positions of the '!' that
	// may start a tag; refuse visits nodes in that order, and nextBang is
	// the first it has not passed. yaml.v3 marks every tag with TaggedStyle
	// but the non-specific "!", which only the text shows.
	bangs    []pos
	nextBang int
}

// pos is a 1-based line and column; the column counts characters.
type pos struct{ line, col int }

func (p *parser) errorAt(at pos, where path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if where.n > 0 {
		msg = where.String() + ": " + msg
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: at.line, Col: at.col, Msg: msg})
}

// errorf reports a problem with the value n at where: the value could not
// be read, so the validator's problems at where or below are not reported
// too. (note reports one about a mapping's keys, which does not.)
func (p *parser) errorf(n *yaml.Node, where path, format string, args ...any) {
	p.errorfMark(where)
	p.note(n, where, format, args...)
}

// errorfMark marks the value at where as unread, already reported.
func (p *parser) errorfMark(where path) {
	if where.n == 0 {
		return
	}
	if p.bad == nil {
		p.bad = map[string]bool{}
	}
	p.bad[where.String()] = true
}

// note reports a problem at n without marking the value at where unread.
func (p *parser) note(n *yaml.Node, where path, format string, args ...any) {
	at := nodePos(n)
	if n != nil && n.Anchor != "" && at == (pos{n.Line, n.Column}) {
		at = p.pastAnchor(at)
	}
	p.errorAt(at, where, format, args...)
}

// pastAnchor returns where the value starts that has its anchor at at: a
// problem with the value is reported there, the anchor's own at the anchor.
func (p *parser) pastAnchor(at pos) pos {
	start := p.offset(at)
	if start < 0 || p.src[start] != '&' {
		return at
	}
	off := start + 1
	for off < len(p.src) && isAnchorChar(p.src[off]) {
		off++
	}
	for off < len(p.src) {
		if c := p.src[off]; c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			off++
		} else if c == '#' { // a comment between the anchor and its value
			for off < len(p.src) && p.src[off] != '\n' {
				off++
			}
		} else {
			break
		}
	}
	if off == len(p.src) {
		return at
	}
	return p.advance(start, at, off)
}

// nodePos returns where a node starts in the text. A block mapping starts at
// its first key; yaml.v3 places it there too, but at its anchor or tag when
// it has one, and the key is the truer place for "missing key" messages.
func nodePos(n *yaml.Node) pos {
	if n == nil {
		return pos{1, 1}
	}
	if n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0 && len(n.Content) > 0 {
		n = n.Content[0]
	}
	return pos{max(n.Line, 1), max(n.Column, 1)}
}

// path names a value in messages, such as workers[3].permits[0].from. It is
// a small value built as the walk descends, without allocating, and written
// out only when a problem is reported.
type path struct {
	segs [6]seg // the deepest path of the format has four
	n    int
}

// seg is one key of a path, with the index of an item of its list, or -1.
type seg struct {
	key   string
	index int
}

// key returns the path of key under p. An empty key adds nothing.
func (p path) key(k string) path {
	if k == "" {
		return p
	}
	if p.n == len(p.segs) {
		p = path{segs: [6]seg{{key: p.String(), index: -1}}, n: 1}
	}
	p.segs[p.n] = seg{key: k, index: -1}
	p.n++
	return p
}

// at returns the path of item i of the list at p.
func (p path) at(i int) path {
	if p.n > 0 {
		p.segs[p.n-1].index = i
	}
	return p
}

func (p path) String() string {
	dp := make(domain.Path, p.n)
	for i, s := range p.segs[:p.n] {
		dp[i] = domain.PathSeg{Key: s.key, Index: s.index}
	}
	return dp.String()
}

func (p *parser) parse(data []byte) *File {
	if len(data) > maxFileSize {
		p.errorAt(pos{1, 1}, path{}, "%s", p.say(fmt.Sprintf("the file is %d bytes; expected a scenario of at most %d MiB", len(data), maxFileSize>>20), "scenario.too_big", "N", len(data), "Of", maxFileSize>>20))
		return nil
	}
	// A byte-order mark is invisible in editors; YAML allows it at the start.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !p.checkText(data) {
		return nil
	}
	p.src = data
	p.steps = 2*len(data) + 4096
	p.directives()
	root := p.document()
	if root == nil {
		return nil
	}
	p.findBangs()
	if !p.refuse(root, 0) {
		// Past the nesting limits, only that is reported.
		p.errs = p.errs[len(p.errs)-1:]
		return nil
	}
	if skipped(root) {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, path{}, "%s", p.say(fmt.Sprintf("the document holds %s; expected a mapping with keys %s", describe(root), strings.Join(topKeys, ", ")), "scenario.document", "Name", p.describe(root), "Other", p.keys(topKeys)))
		return nil
	}
	return p.scenario(root)
}

// checkText refuses input that is not UTF-8 text before the YAML parser sees
// it, so that a binary file gets one clear message instead of a confusing
// syntax error. Control characters mark a binary file (YAML allows none but
// tab and line ends), so they are looked for first: a binary file is seldom
// valid UTF-8 either, and "not text" is the truer message.
func (p *parser) checkText(data []byte) bool {
	for i, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			p.errorAt(offsetPos(data, i), path{}, "%s", p.say(fmt.Sprintf("the file is not text (it holds the control character 0x%02x); expected a YAML scenario", c), "scenario.control", "Code", fmt.Sprintf("0x%02x", c)))
			return false
		}
	}
	if i := invalidUTF8(data); i >= 0 {
		p.errorAt(offsetPos(data, i), path{}, "%s", p.say(fmt.Sprintf("the file is not UTF-8 text (byte 0x%02x); expected a YAML scenario saved as UTF-8", data[i]), "scenario.not_utf8", "Code", fmt.Sprintf("0x%02x", data[i])))
		return false
	}
	return true
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// offsetPos returns the line and column of byte offset off, counting
// characters (an invalid byte counts as one).
func offsetPos(data []byte, off int) pos {
	at := pos{1, 1}
	for i := 0; i < off; {
		r, size := utf8.DecodeRune(data[i:])
		if r == '\n' {
			at.line, at.col = at.line+1, 1
		} else {
			at.col++
		}
		i += size
	}
	return at
}

// directives reports each %YAML or %TAG directive and turns it into a
// comment, so that the rest of the file is still read. yaml.v3 applies a
// %TAG silently and refuses every %YAML but 1.1 with a message that names no
// line, so directives are found in the text: a line starting with % at the
// top of the file or after a "..." document end marker, with nothing but
// blank lines and comments before it.
func (p *parser) directives() {
	boundary := true
	for off := 0; off < len(p.src); {
		end := bytes.IndexByte(p.src[off:], '\n')
		if end < 0 {
			end = len(p.src)
		} else {
			end += off
		}
		l := p.src[off:end]
		if boundary {
			t := bytes.TrimLeft(l, " \t\r")
			switch {
			case len(l) > 0 && l[0] == '%':
				p.errorAt(p.posOf(off), path{}, "%s", p.say("YAML directives (%YAML, %TAG) are not allowed; expected the scenario mapping only", "scenario.directive"))
				p.edit(off, '#')
			case len(t) == 0 || t[0] == '#':
			default:
				boundary = false
			}
		}
		if bytes.HasPrefix(l, []byte("...")) && (len(l) == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r') {
			boundary = true
		}
		off = end + 1
	}
}

// edit sets the byte at off in a private copy of the text. An edit keeps
// every position: the YAML parser reads a neutralized construct where the
// problem was, and the walk reports it there.
func (p *parser) edit(off int, c byte) {
	if !p.copied {
		p.src, p.copied = bytes.Clone(p.src), true
	}
	p.src[off] = c
}

// document parses the text as YAML and returns the body of its one document,
// or nil after reporting why there is none.
func (p *parser) document() *yaml.Node {
	docs, empty, err := p.decode()
	if err != nil {
		p.syntaxError(err)
		return nil
	}
	if len(docs) == 0 {
		if len(p.errs) == 0 {
			what := "is empty"
			switch {
			case empty:
				what = "holds an empty document"
			case bytes.IndexByte(p.src, '#') >= 0:
				what = "holds only comments"
			}
			p.errorAt(pos{1, 1}, path{}, "%s", p.say(fmt.Sprintf("the file %s; expected a scenario: a mapping with as_of and employer", what), "scenario.empty"))
		}
		return nil
	}
	for _, d := range docs[1:] {
		p.errorAt(pos{max(d.Line, 1), max(d.Column, 1)}, path{}, "%s", p.say("a second YAML document starts here; expected one scenario per file", "scenario.second_document"))
	}
	return docs[0].Content[0]
}

// maxAliasEdits bounds the parses that decode spends on aliases to unknown
// anchors, each of which costs a parse of the whole file.
const maxAliasEdits = 8

// decode parses every document of the text and returns those that hold
// something; empty tells whether there were others. An empty document, such
// as the one after a final "---", holds nothing that could be lost.
//
// yaml.v3 refuses an alias to an anchor it has not seen with an error that
// names no line, and stops there. Aliases are refused anyway, each at its
// place with the rest of the file read, so decode finds such an alias in the
// text, writes it as the plain text ~name, and parses again; the walk then
// reports the alias at its place.
func (p *parser) decode() (docs []*yaml.Node, empty bool, err error) {
	var edits []int
	for {
		docs, empty, err = decodeAll(p.src)
		name, unknown := unknownAnchor(err)
		if !unknown {
			break
		}
		from := 0
		if len(edits) > 0 {
			from = edits[len(edits)-1] + 1
		}
		off := aliasOffset(p.src, name, from)
		if off < 0 {
			return nil, false, err // reported as yaml.v3 words it, naming the anchor
		}
		if len(edits) == maxAliasEdits { // give up, reporting the aliases found
			for _, off := range append(edits, off) {
				p.errorAt(p.posOf(off), path{}, "%s", p.say("aliases (*name) are not allowed; expected the value written out in full", "scenario.alias"))
			}
			return nil, false, nil
		}
		p.edit(off, '~')
		edits = append(edits, off)
	}
	if err != nil || len(edits) == 0 {
		return docs, empty, err
	}
	// An edit that made no ~name scalar was inside a quoted text, a longer
	// plain text or a comment: undo it and parse again, so that no value
	// differs from the file.
	for {
		spurious := make(map[pos]int, len(edits))
		for _, off := range edits {
			spurious[p.posOf(off)] = off
		}
		var aliases []*yaml.Node
		for _, d := range docs {
			walk(d, func(n *yaml.Node) {
				at := pos{n.Line, n.Column}
				if _, ok := spurious[at]; ok && n.Kind == yaml.ScalarNode && n.Style == 0 && strings.HasPrefix(n.Value, "~") {
					aliases = append(aliases, n)
					delete(spurious, at)
				}
			})
		}
		if len(spurious) == 0 {
			for _, n := range aliases {
				n.Kind, n.Tag, n.Value = yaml.AliasNode, "", n.Value[1:]
			}
			return docs, empty, nil
		}
		for _, off := range spurious {
			p.src[off] = '*'
		}
		edits = slices.DeleteFunc(edits, func(off int) bool { return p.src[off] == '*' })
		if docs, empty, err = decodeAll(p.src); err != nil {
			return nil, false, err
		}
	}
}

// walk calls f on n and every node under it, in the order of the text.
func walk(n *yaml.Node, f func(*yaml.Node)) {
	f(n)
	for _, c := range n.Content {
		walk(c, f)
	}
}

// decodeAll runs yaml.v3 over every document of data, keeping those that
// hold something. It turns a panic inside the library into an error, since
// "never panic on any input" must hold for its code too: older releases of
// yaml.v3 panicked on some malformed input. Fuzzing found no such input for
// the release in use, but the guard stays for the next one.
func decodeAll(data []byte) (docs []*yaml.Node, empty bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("the YAML parser failed on this file (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		doc := new(yaml.Node)
		if err := dec.Decode(doc); err != nil {
			if errors.Is(err, io.EOF) {
				return docs, empty, nil
			}
			return nil, false, err
		}
		if len(doc.Content) == 0 || isEmpty(doc.Content[0]) {
			empty = true
			continue
		}
		docs = append(docs, doc)
	}
}

// isEmpty reports whether n is the null of a document or value left empty:
// no text at all, which yaml.v3 reads as a plain null.
func isEmpty(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style == 0 && n.Tag == "!!null" && n.Value == "" && n.Anchor == ""
}

// unknownAnchor returns the name in yaml.v3's error for an alias to an
// anchor it has not seen.
func unknownAnchor(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	rest, ok := strings.CutPrefix(err.Error(), "yaml: unknown anchor '")
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, "' referenced")
	return name, ok && name != ""
}

// aliasOffset returns the offset of the first *name at or after from that
// stands as a token of its own, or -1. It may be inside a quoted text or a
// comment: decode checks.
func aliasOffset(src []byte, name string, from int) int {
	for from < len(src) {
		i := bytes.Index(src[from:], []byte("*"+name))
		if i < 0 {
			return -1
		}
		off := from + i
		end := off + 1 + len(name)
		before := off == 0 || strings.IndexByte(" \t\r\n[{,", src[off-1]) >= 0
		after := end == len(src) || !isAnchorChar(src[end])
		if before && after {
			return off
		}
		from = off + 1
	}
	return -1
}

// isAnchorChar reports whether c may be part of an anchor's name in yaml.v3.
func isAnchorChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '-'
}

// syntaxError reports a YAML syntax error. yaml.v3 gives its position as a
// line in the message text, without a column.
func (p *parser) syntaxError(err error) {
	line, msg := splitYAMLError(err)
	at := pos{max(line, 1), 1}
	if col := p.leadingTab(at.line); col > 0 && (msg == "found character that cannot start any token" || strings.Contains(msg, "tab")) {
		msg, at.col = "a tab character is not allowed here; expected spaces", col
	}
	p.errorAt(at, path{}, "%s", p.say("invalid YAML: "+firstLine(msg), "scenario.syntax"))
}

// splitYAMLError takes yaml.v3's "yaml: line N: message" apart; line is 0
// when the message names none. yaml.v3 counts the lines of a scanner error
// from 1 but those of a parser error from 0, so the latter are moved on by
// one.
func splitYAMLError(err error) (line int, msg string) {
	return yamlmsg.Syntax(err)
}

// leadingTab returns the column of the first tab in the indentation of line,
// or 0.
func (p *parser) leadingTab(line int) int {
	off := p.lineStart(line)
	if off < 0 {
		return 0
	}
	for i := off; i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t'); i++ {
		if p.src[i] == '\t' {
			return i - off + 1
		}
	}
	return 0
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// lineStart returns the offset where line starts in src, or -1. Lines end
// where yaml.v3 ends them: at \n, \r\n, a lone \r, U+0085, U+2028 or U+2029.
func (p *parser) lineStart(line int) int {
	if p.lines == nil {
		p.lines = append(p.lines, 0)
		for i := 0; i < len(p.src); i++ {
			switch c := p.src[i]; {
			case c == '\n':
				p.lines = append(p.lines, i+1)
			case c == '\r' && (i+1 == len(p.src) || p.src[i+1] != '\n'):
				p.lines = append(p.lines, i+1)
			case c == 0xC2 && i+1 < len(p.src) && p.src[i+1] == 0x85:
				p.lines = append(p.lines, i+2)
			case c == 0xE2 && i+2 < len(p.src) && p.src[i+1] == 0x80 && (p.src[i+2] == 0xA8 || p.src[i+2] == 0xA9):
				p.lines = append(p.lines, i+3)
			}
		}
	}
	if line < 1 || line > len(p.lines) {
		return -1
	}
	return p.lines[line-1]
}

// offset returns the offset in src of the character at, or -1. It walks
// the line from its start, within a budget in proportion to the text: past
// it, offset gives up, and positions stay as yaml.v3 gives them, so that a
// file of many anchors on one long line costs no quadratic time.
func (p *parser) offset(at pos) int {
	off := p.lineStart(at.line)
	if off < 0 || at.col-1 > p.steps {
		return -1
	}
	p.steps -= at.col - 1
	for col := 1; col < at.col; col++ {
		if off >= len(p.src) || p.src[off] == '\n' || p.src[off] == '\r' {
			return -1
		}
		_, size := utf8.DecodeRune(p.src[off:])
		off += size
	}
	return off
}

// advance returns the position of offset to, given that offset off, before
// it, is at at; it counts line ends as lineStart does.
func (p *parser) advance(off int, at pos, to int) pos {
	for off < to {
		r, size := utf8.DecodeRune(p.src[off:])
		if r == '\n' || r == '\r' && (off+1 == len(p.src) || p.src[off+1] != '\n') || r == 0x85 || r == 0x2028 || r == 0x2029 {
			at.line, at.col = at.line+1, 1
		} else {
			at.col++
		}
		off += size
	}
	return at
}

// posOf returns the position of the character at offset off of src.
func (p *parser) posOf(off int) pos {
	p.lineStart(1)
	line := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off })
	return p.advance(p.lines[line-1], pos{line, 1}, off)
}

// findBangs records where a '!' may start a tag: after a blank or a flow
// indicator, or at the start of the text.
func (p *parser) findBangs() {
	off, at := 0, pos{1, 1}
	for i := bytes.IndexByte(p.src, '!'); i >= 0; {
		if i == 0 || strings.IndexByte(" \t\r\n[{,", p.src[i-1]) >= 0 {
			at, off = p.advance(off, at, i), i
			p.bangs = append(p.bangs, at)
		}
		j := bytes.IndexByte(p.src[i+1:], '!')
		if j < 0 {
			break
		}
		i += 1 + j
	}
}

// bangAt reports whether a '!' that may start a tag is at at. Calls come in
// the order of the text.
func (p *parser) bangAt(at pos) bool {
	for p.nextBang < len(p.bangs) && before(p.bangs[p.nextBang], at) {
		p.nextBang++
	}
	return p.nextBang < len(p.bangs) && p.bangs[p.nextBang] == at
}

func before(a, b pos) bool { return a.line < b.line || a.line == b.line && a.col < b.col }

// refuse reports every anchor, alias, tag and merge key under n, and checks
// the nesting limits, returning false at the first value past them (the
// caller then reports only that). The walk of the scenario skips aliases,
// tagged values and merge keys, so that each is reported once.
func (p *parser) refuse(n *yaml.Node, flow int) bool {
	block := n.Style&yaml.FlowStyle == 0
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		if !block {
			if flow++; flow > maxFlowDepth {
				p.errorf(n, path{}, "%s", p.say(fmt.Sprintf("brackets are nested more than %d levels deep; expected a scenario, which nests a few levels", maxFlowDepth), "scenario.too_deep", "N", maxFlowDepth))
				return false
			}
		} else if n.Kind == yaml.SequenceNode && n.Column > maxColumn {
			p.tooFar(n)
			return false
		}
	}
	p.properties(n)
	switch n.Kind {
	case yaml.AliasNode:
		p.errorf(n, path{}, "%s", p.say("aliases (*name) are not allowed; expected the value written out in full", "scenario.alias"))
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if block && k.Column > maxColumn {
				p.tooFar(k)
				return false
			}
			if isMerge(k) {
				p.errorf(k, path{}, "%s", p.say("merge keys (<<) are not allowed; expected each key written out", "scenario.merge"))
			}
			if !p.refuse(k, flow) || !p.refuse(v, flow) {
				return false
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if !p.refuse(c, flow) {
				return false
			}
		}
	}
	return true
}

func (p *parser) tooFar(n *yaml.Node) {
	p.errorAt(pos{n.Line, n.Column}, path{}, "%s", p.say(fmt.Sprintf("this value is indented past column %d; expected a scenario, which nests a few levels", maxColumn), "scenario.too_indented", "N", maxColumn))
}

// properties reports the anchor and the tag of n. yaml.v3 places a node at
// its first property, so the text there shows both ("&name !tag" in either
// order, on one line) with their own positions, and the tag as written. A
// block mapping without properties starts at its first key, whose own
// properties these would be: it counts as tagged only when yaml.v3 says so.
func (p *parser) properties(n *yaml.Node) {
	at := pos{n.Line, n.Column}
	blockMap := n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0
	tagged := n.Style&yaml.TaggedStyle != 0 || !blockMap && len(p.bangs) > 0 && p.bangAt(at)
	if n.Anchor == "" && !tagged {
		return
	}
	anchorAt, tagAt, tag := at, at, n.Tag
	if off := p.offset(at); off >= 0 {
		cur := at
	props:
		for range 2 {
			if off >= len(p.src) {
				break
			}
			end := off + 1
			switch p.src[off] {
			case '&':
				anchorAt = cur
				for end < len(p.src) && isAnchorChar(p.src[end]) {
					end++
				}
			case '!':
				if blockMap && !tagged {
					break props
				}
				tagAt, tagged = cur, true
				end = tagEnd(p.src, off)
				tag = string(p.src[off:end])
			default:
				break props
			}
			for end < len(p.src) && (p.src[end] == ' ' || p.src[end] == '\t') {
				end++
			}
			cur, off = p.advance(off, cur, end), end
		}
	}
	if n.Anchor != "" {
		p.errorAt(anchorAt, path{}, "%s", p.say("anchors (&name) are not allowed; expected every value written out where it is used", "scenario.anchor"))
	}
	if tagged {
		n.Style |= yaml.TaggedStyle // for skipped
		p.errorAt(tagAt, path{}, "%s", p.say(fmt.Sprintf("the YAML tag %s is not allowed; expected a plain value (quote a value to make it text)", cut(tag)), "scenario.tag", "Code", "«"+cut(tag)+"»"))
	}
}

// tagEnd returns the offset just past the tag that starts at off: a verbatim
// !<...> ends at its >, any other at a blank or a flow indicator.
func tagEnd(src []byte, off int) int {
	if off+1 < len(src) && src[off+1] == '<' {
		if i := bytes.IndexByte(src[off:], '>'); i >= 0 && bytes.IndexByte(src[off:off+i], '\n') < 0 {
			return off + i + 1
		}
	}
	for off++; off < len(src) && strings.IndexByte(" \t\r\n,[]{}", src[off]) < 0; off++ {
	}
	return off
}

// skipped reports whether refuse reported n and the walk must leave it
// alone: an alias or a tagged value. A merge key is skipped too, by the
// walk of each mapping.
func skipped(n *yaml.Node) bool {
	return n.Kind == yaml.AliasNode || n.Style&yaml.TaggedStyle != 0
}

// isMerge reports whether the key n is a merge key: a plain <<. (yaml.v3
// resolves any plain << to !!merge; as a value it is text.)
func isMerge(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style == 0 && n.Tag == "!!merge"
}

// class is what a scalar holds, by its resolved tag and its style. yaml.v3
// resolves plain scalars by YAML 1.1 rules, with 1.2's booleans: true and
// false only, so that `no` is text.
type class uint8

const (
	classOther class = iota // a mapping, a list or an alias
	classNull
	classText  // a plain or quoted string; plain dates are text too
	classBlock // a literal (|) or folded (>) block of text
	classInt
	classFloat // .inf and .nan included
	classBool
)

func classOf(n *yaml.Node) class {
	switch {
	case n == nil:
		return classNull
	case n.Kind != yaml.ScalarNode:
		return classOther
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return classBlock
	}
	switch n.Tag {
	case "!!null":
		return classNull
	case "!!int":
		return classInt
	case "!!float":
		return classFloat
	case "!!bool":
		return classBool
	}
	return classText // !!str and !!timestamp
}

// describe names what a node holds, for "got X; expected Y" messages.
func describe(n *yaml.Node) string {
	switch classOf(n) {
	case classNull:
		return "no value"
	case classText:
		return "the text " + quoteShort(n.Value)
	case classBlock:
		return "a block of text"
	case classInt, classFloat:
		return "the number " + n.Value
	case classBool:
		return "the boolean " + n.Value
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "an alias"
}

// quoteShort quotes s for a message, cut to a length that fits on a line.
func quoteShort(s string) string {
	return fmt.Sprintf("%q", cut(s))
}

// cut shortens s to a length that fits on a line.
func cut(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return s
}
