// Package yamlmsg turns the error texts of go.yaml.in/yaml/v3 into a line
// number and a message for people. The library reports problems as text
// ("yaml: line 3: did not find expected key", "line 4: cannot unmarshal !!str
// `x` into int"), with no column, and counts the lines of its parser's errors
// from 0 but those of its scanner from 1; every YAML reader of ruqsat
// (scenarios, parameters, calendar files) needs the same repairs.
package yamlmsg

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Syntax returns the line (0 when unknown) and the message of a syntax error,
// with the parser's lines moved on by one so that they point at the cause.
func Syntax(err error) (line int, msg string) {
	line, msg = SplitLine(strings.TrimPrefix(err.Error(), "yaml: "))
	if line > 0 && parserProblems[msg] {
		line++
	}
	return line, msg
}

// Problem is one problem of a decoding error.
type Problem struct {
	Line int
	Msg  string
}

// TypeProblems returns the problems of a *yaml.TypeError in err, each with
// its line and a message free of Go type names; ok is false for other errors.
func TypeProblems(err error) (ps []Problem, ok bool) {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return nil, false
	}
	ps = make([]Problem, 0, len(te.Errors))
	for _, s := range te.Errors {
		line, msg := SplitLine(s)
		ps = append(ps, Problem{Line: line, Msg: TypeMessage(msg)})
	}
	return ps, true
}

// SplitLine takes "line N: message" apart; line is 0 without that prefix.
func SplitLine(s string) (int, string) {
	rest, ok := strings.CutPrefix(s, "line ")
	if !ok {
		return 0, s
	}
	num, msg, ok := strings.Cut(rest, ": ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 {
		return 0, s
	}
	return n, msg
}

// parserProblems are the messages of yaml.v3's parser, as opposed to its
// scanner.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// TypeMessage rewrites a problem of yaml.v3's decoding without the Go types
// it names: "field x not found in type params.paramDoc" becomes
// `unknown field "x"`, "cannot unmarshal !!seq into string" becomes
// "got a list; expected text".
func TypeMessage(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "field "); ok {
		if f, _, ok := strings.Cut(rest, " not found in type "); ok {
			return fmt.Sprintf("unknown field %q", f)
		}
		if f, _, ok := strings.Cut(rest, " already set in type "); ok {
			return fmt.Sprintf("field %q is given twice", f)
		}
	}
	rest, ok := strings.CutPrefix(msg, "cannot unmarshal ")
	if !ok {
		return msg
	}
	got, typ, ok := strings.Cut(rest, " into ")
	if !ok {
		return msg
	}
	switch tag, value, _ := strings.Cut(got, " "); {
	case tag == "!!seq":
		got = "a list"
	case tag == "!!map":
		got = "a mapping"
	case value != "":
		got = value
	}
	want := typ
	switch t := strings.TrimPrefix(typ, "*"); {
	case strings.HasPrefix(t, "[]"):
		want = "a list"
	case strings.HasPrefix(t, "map[") || strings.Contains(t, "."):
		want = "a mapping"
	case t == "string":
		want = "text"
	case t == "int":
		want = "a whole number"
	case t == "bool":
		want = "true or false"
	}
	return "got " + got + "; expected " + want
}
