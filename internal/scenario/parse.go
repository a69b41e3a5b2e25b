package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	yamlparser "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Limits that keep a hostile or broken file from exhausting memory. The YAML
// parser allocates about 130 bytes per byte of input, and its memory grows
// with the square of the nesting depth; a real scenario nests six levels at
// most and takes about 1 KiB per worker, so 16 MiB is over 15,000 workers.
const (
	maxFileSize  = 16 << 20
	maxFlowDepth = 32  // nested [ ] and { }
	maxColumn    = 200 // column of a block key or "-": indentation bounds block nesting
)

// Parse reads a scenario. name is used in error messages. On any problem it
// returns nil and an ErrorList holding every problem found, sorted by line and
// column; a YAML syntax error stops the reading there, since nothing after it
// can be placed reliably. check validates each override; nil accepts all.
func Parse(name string, data []byte, check OverrideChecker) (*File, error) {
	p := &parser{file: name, check: check}
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
	errs  ErrorList
}

// pos is a 1-based line and column.
type pos struct{ line, col int }

func (p *parser) errorAt(at pos, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: at.line, Col: at.col, Msg: msg})
}

func (p *parser) errorf(n ast.Node, path, format string, args ...any) {
	p.errorAt(nodePos(n), path, format, args...)
}

// nodePos returns where a node starts in the text. A block mapping's own
// token is the colon after its first key, so the first key stands for it.
func nodePos(n ast.Node) pos {
	if m, ok := n.(*ast.MappingNode); ok && !m.IsFlowStyle && len(m.Values) > 0 && m.Values[0].Key != nil {
		return nodePos(m.Values[0].Key)
	}
	if n == nil {
		return pos{1, 1}
	}
	return tokenPos(n.GetToken())
}

func tokenPos(tk *token.Token) pos {
	if tk == nil || tk.Position == nil || tk.Position.Line < 1 {
		return pos{1, 1}
	}
	return pos{tk.Position.Line, max(tk.Position.Column, 1)}
}

func (p *parser) parse(data []byte) *File {
	if len(data) > maxFileSize {
		p.errorAt(pos{1, 1}, "", "the file is %d bytes; expected a scenario of at most %d MiB", len(data), maxFileSize>>20)
		return nil
	}
	// A byte-order mark is invisible in editors; YAML allows it at the start.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !p.checkText(data) {
		return nil
	}
	doc := p.document(data)
	if doc == nil {
		return nil
	}
	p.refuse(doc)
	root, ok := unwrap(doc)
	if !ok {
		return nil
	}
	if _, isMap := root.(*ast.MappingNode); !isMap {
		p.errorf(root, "", "the document holds %s; expected a mapping with keys %s", describe(root), strings.Join(topKeys, ", "))
		return nil
	}
	return p.scenario(root)
}

// checkText refuses input that is not UTF-8 text before the YAML lexer sees
// it, so that a binary file gets one clear message instead of a confusing
// syntax error. Control characters mark a binary file (YAML allows none but
// tab and line ends), so they are looked for first: a binary file is seldom
// valid UTF-8 either, and "not text" is the truer message.
func (p *parser) checkText(data []byte) bool {
	for i, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			p.errorAt(offsetPos(data, i), "", "the file is not text (it holds the control character 0x%02x); expected a YAML scenario", c)
			return false
		}
	}
	if i := invalidUTF8(data); i >= 0 {
		p.errorAt(offsetPos(data, i), "", "the file is not UTF-8 text (byte 0x%02x); expected a YAML scenario saved as UTF-8", data[i])
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
// characters as the YAML parser does (an invalid byte counts as one).
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

// document parses data as YAML and returns the body of its one document, or
// nil after reporting why there is none.
func (p *parser) document(data []byte) ast.Node {
	tokens, f, err := parseYAML(data, p.tooDeep)
	if err != nil {
		p.syntaxError(err)
		return nil
	}
	if f == nil { // tooDeep reported it
		return nil
	}
	var body ast.Node
	for _, d := range f.Docs {
		switch {
		case d == nil || d.Body == nil:
			// An empty document, such as the one after a final "---", holds
			// nothing that could be lost.
		case d.Body.Type() == ast.DirectiveType:
			p.errorf(d.Body, "", "YAML directives (%%YAML, %%TAG) are not allowed; expected the scenario mapping only")
		case body == nil:
			body = d.Body
		default:
			at := nodePos(d.Body)
			if d.Start != nil {
				at = tokenPos(d.Start)
			}
			p.errorAt(at, "", "a second YAML document starts here; expected one scenario per file")
		}
	}
	if body == nil && len(p.errs) == 0 {
		what := "is empty"
		for _, tk := range tokens {
			what = "holds only comments"
			if tk.Type != token.CommentType {
				what = "holds an empty document"
				break
			}
		}
		p.errorAt(pos{1, 1}, "", "the file %s; expected a scenario: a mapping with as_of and employer", what)
	}
	return body
}

// parseYAML runs goccy's lexer and parser. It turns a panic inside them into
// an error, since "never panic on any input" must hold for their code too.
// guard sees the tokens before the parser and stops the parse by returning
// false.
func parseYAML(data []byte, guard func(token.Tokens) bool) (tokens token.Tokens, f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML parser failed on this file (%v)", r)
		}
	}()
	tokens = lexer.Tokenize(string(data))
	if tk := tokens.InvalidToken(); tk != nil {
		return tokens, nil, &yaml.SyntaxError{Message: tk.Error, Token: tk}
	}
	if !guard(tokens) {
		return tokens, nil, nil
	}
	// Duplicate keys are found by the walk instead, so that they do not stop
	// the reading of the rest of the file.
	f, err = yamlparser.Parse(tokens, 0, yamlparser.AllowDuplicateMapKey())
	return tokens, f, err
}

// tooDeep reports the first token nested beyond the limits, returning false
// if there is one.
func (p *parser) tooDeep(tokens token.Tokens) bool {
	depth := 0
	for _, tk := range tokens {
		switch tk.Type {
		case token.MappingStartType, token.SequenceStartType:
			depth++
			if depth > maxFlowDepth {
				p.errorAt(tokenPos(tk), "", "brackets are nested more than %d levels deep; expected a scenario, which nests a few levels", maxFlowDepth)
				return false
			}
		case token.MappingEndType, token.SequenceEndType:
			if depth > 0 {
				depth--
			}
		case token.SequenceEntryType, token.MappingKeyType, token.MappingValueType:
			at := tk
			if tk.Type == token.MappingValueType && tk.Prev != nil {
				at = tk.Prev // the key, whose column is the indentation
			}
			if depth == 0 && at.Position != nil && at.Position.Column > maxColumn {
				p.errorAt(tokenPos(at), "", "this value is indented past column %d; expected a scenario, which nests a few levels", maxColumn)
				return false
			}
		}
	}
	return true
}

// syntaxError reports a YAML syntax error at its position, without the source
// excerpt goccy adds to its own message.
func (p *parser) syntaxError(err error) {
	var ye yaml.Error
	if !errors.As(err, &ye) {
		p.errorAt(pos{1, 1}, "", "invalid YAML: %s", firstLine(err.Error()))
		return
	}
	msg := ye.GetMessage()
	tk := ye.GetToken()
	if tk != nil && strings.Contains(msg, "'\t'") {
		msg = "a tab character is not allowed here; expected spaces"
	}
	p.errorAt(tokenPos(tk), "", "invalid YAML: %s", firstLine(msg))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// refuse reports every anchor, alias, tag and merge key under n. The walk of
// the scenario then looks through anchors and skips the rest, so that each is
// reported once.
func (p *parser) refuse(n ast.Node) {
	switch n := n.(type) {
	case *ast.AnchorNode:
		p.errorAt(tokenPos(n.Start), "", "anchors (&name) are not allowed; expected every value written out where it is used")
		p.refuse(n.Value)
	case *ast.AliasNode:
		p.errorAt(tokenPos(n.Start), "", "aliases (*name) are not allowed; expected the value written out in full")
	case *ast.TagNode:
		tag := "!"
		if n.Start != nil {
			tag = n.Start.Value
		}
		p.errorAt(tokenPos(n.Start), "", "the YAML tag %s is not allowed; expected a plain value (quote a value to make it text)", tag)
		p.refuse(n.Value)
	case *ast.MergeKeyNode:
		p.errorf(n, "", "merge keys (<<) are not allowed; expected each key written out")
	case *ast.MappingKeyNode:
		p.refuse(n.Value)
	case *ast.MappingNode:
		for _, v := range n.Values {
			p.refuse(v.Key)
			p.refuse(v.Value)
		}
	case *ast.SequenceNode:
		for _, v := range n.Values {
			p.refuse(v)
		}
	}
}

// unwrap looks through anchors and explicit-key markers. It returns false for
// what refuse reported and the walk must skip: aliases, tagged values and
// merge keys.
func unwrap(n ast.Node) (ast.Node, bool) {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.MappingKeyNode:
			n = v.Value
		case *ast.AliasNode, *ast.TagNode, *ast.MergeKeyNode:
			return nil, false
		default:
			return n, true
		}
	}
}

// describe names what a node holds, for "got X; expected Y" messages.
func describe(n ast.Node) string {
	switch n := n.(type) {
	case nil, *ast.NullNode:
		return "no value"
	case *ast.MappingNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode:
		return "the text " + quoteShort(n.Value)
	case *ast.LiteralNode:
		return "a block of text"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + n.GetToken().Value
	case *ast.BoolNode:
		return "the boolean " + n.GetToken().Value
	}
	return "a " + n.Type().YAMLName()
}

// quoteShort quotes s for a message, cut to a length that fits on a line.
func quoteShort(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
