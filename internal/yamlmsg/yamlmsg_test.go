package yamlmsg

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestSyntaxMovesParserLinesOn(t *testing.T) {
	var v any
	err := yaml.Unmarshal([]byte("a: 1\nb: [1, 2\n"), &v)
	line, msg := Syntax(err)
	if line < 2 || msg == "" {
		t.Fatalf("line %d, msg %q (from %v)", line, msg, err)
	}
}

func TestTypeProblemsNameNoGoTypes(t *testing.T) {
	var v struct {
		N int      `yaml:"n"`
		L []string `yaml:"l"`
	}
	err := yaml.Unmarshal([]byte("n: twelve\nl: text\n"), &v)
	ps, ok := TypeProblems(err)
	if !ok || len(ps) != 2 {
		t.Fatalf("%v %v", ps, err)
	}
	if ps[0].Line != 1 || ps[0].Msg != "got `twelve`; expected a whole number" {
		t.Errorf("%+v", ps[0])
	}
	if ps[1].Line != 2 || ps[1].Msg != "got `text`; expected a list" {
		t.Errorf("%+v", ps[1])
	}
	if _, ok := TypeProblems(err.(*yaml.TypeError)); !ok {
		t.Error("not recognised")
	}
}

func TestSplitLineWithoutPrefix(t *testing.T) {
	if n, m := SplitLine("no line here"); n != 0 || m != "no line here" {
		t.Fatal(n, m)
	}
	if n, m := SplitLine("line x: y"); n != 0 || m != "line x: y" {
		t.Fatal(n, m)
	}
}

func TestTypeMessageUnknownField(t *testing.T) {
	if got := TypeMessage("field colour not found in type params.paramDoc"); got != `unknown field "colour"` {
		t.Fatal(got)
	}
}
