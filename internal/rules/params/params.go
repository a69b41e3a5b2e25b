package params

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/yamlmsg"
)

//go:embed params.yaml
var embedded []byte

// Types a parameter may have.
const (
	TypeInt      = "int"      // a whole number
	TypeDecimal  = "decimal"  // a number such as 0.70
	TypeBool     = "bool"     // true or false
	TypeDate     = "date"     // YYYY-MM-DD
	TypeMonthDay = "monthday" // MM-DD, a day of any year
)

// Act is a legal act that citations name by its short name.
type Act struct {
	Name       string
	Title      string
	URL        string
	Confidence string
}

// Citation points into an act.
type Citation struct {
	Act        string
	Ref        string
	Confidence string
}

// RuleInfo is a rule's title, its legal basis and the parameters whose
// interpretations every finding of the rule shows.
type RuleInfo struct {
	ID              string
	Title           string
	Basis           []Citation
	Interpretations []string
}

// Value is one dated value of a parameter. Exactly one of Int, Decimal, Bool,
// Date and MonthDay is meaningful, by the parameter's type.
type Value struct {
	From           domain.Date
	Text           string // the value as written
	Int            int
	Decimal        float64
	Bool           bool
	Date           domain.Date
	Month, Day     int // for monthday values
	Act            string
	Ref            string
	Confidence     string
	Interpretation string
	Note           string
}

// Param is a named parameter with its values, oldest first.
type Param struct {
	Name        string
	Type        string
	Unit        string
	Description string
	Values      []Value
}

// At returns the value in force on d: the one with the latest start on or
// before d. ok is false when no value applies yet.
func (p *Param) At(d domain.Date) (v *Value, ok bool) {
	i := sort.Search(len(p.Values), func(i int) bool { return p.Values[i].From > d })
	if i == 0 {
		return nil, false
	}
	return &p.Values[i-1], true
}

// Set is a complete, validated parameter set: acts, rule citations and
// parameters. A Set is immutable; With returns a modified copy.
type Set struct {
	Ruleset string
	Acts    map[string]Act
	Rules   map[string]RuleInfo
	params  map[string]*Param
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
	defaultErr  error
)

// Default returns the embedded parameter set. The embedded file is checked by
// a test, so an error here means a broken build.
func Default() *Set {
	defaultOnce.Do(func() { defaultSet, defaultErr = Parse("params.yaml", embedded) })
	if defaultErr != nil {
		panic("embedded params.yaml: " + defaultErr.Error())
	}
	return defaultSet
}

// Names returns the names of all parameters, sorted.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.params))
	for n := range s.params {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Param returns the parameter called name.
func (s *Set) Param(name string) (*Param, bool) {
	p, ok := s.params[name]
	return p, ok
}

// Error is a problem in a parameter file, with its position when known.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// ErrorList holds every problem found in a file.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

type fileDoc struct {
	Ruleset    string              `yaml:"ruleset"`
	Acts       map[string]actDoc   `yaml:"acts"`
	Rules      map[string]ruleDoc  `yaml:"rules"`
	Parameters map[string]paramDoc `yaml:"parameters"`
}

type actDoc struct {
	Title      string `yaml:"title"`
	URL        string `yaml:"url"`
	Confidence string `yaml:"confidence"`
}

type citationDoc struct {
	Act        string `yaml:"act"`
	Ref        string `yaml:"ref"`
	Confidence string `yaml:"confidence"`
}

type ruleDoc struct {
	Title           string        `yaml:"title"`
	Basis           []citationDoc `yaml:"basis"`
	Interpretations []string      `yaml:"interpretations"`
}

type paramDoc struct {
	Type        string     `yaml:"type"`
	Unit        string     `yaml:"unit"`
	Description string     `yaml:"description"`
	Values      []valueDoc `yaml:"values"`
}

type valueDoc struct {
	From           yaml.Node `yaml:"from"` // nodes, for the positions of errors
	Value          yaml.Node `yaml:"value"`
	Act            string    `yaml:"act"`
	Ref            string    `yaml:"ref"`
	Confidence     string    `yaml:"confidence"`
	Interpretation string    `yaml:"interpretation"`
	Note           string    `yaml:"note"`
}

// Parse reads and validates a complete parameter file (the embedded one's
// format). name is used in error messages.
func Parse(name string, data []byte) (*Set, error) {
	doc, errs := decode(name, data)
	if errs != nil {
		return nil, errs
	}
	s := &Set{Ruleset: doc.Ruleset, Acts: map[string]Act{}, Rules: map[string]RuleInfo{}, params: map[string]*Param{}}
	var list ErrorList
	if s.Ruleset == "" {
		list = append(list, &Error{File: name, Msg: "ruleset is missing: give the YYYY-MM of the last change"})
	}
	for n, a := range doc.Acts {
		if a.Title == "" {
			list = append(list, &Error{File: name, Msg: fmt.Sprintf("act %s has no title", n)})
		}
		if !validConfidence(a.Confidence) {
			list = append(list, &Error{File: name, Msg: fmt.Sprintf("act %s: confidence %q must be H, M or L", n, a.Confidence)})
		}
		s.Acts[n] = Act{Name: n, Title: a.Title, URL: a.URL, Confidence: a.Confidence}
	}
	list = append(list, s.addParams(name, doc.Parameters, false)...)
	for id, r := range doc.Rules {
		ri := RuleInfo{ID: id, Title: r.Title, Interpretations: r.Interpretations}
		if r.Title == "" {
			list = append(list, &Error{File: name, Msg: fmt.Sprintf("rule %s has no title", id)})
		}
		if len(r.Basis) == 0 {
			list = append(list, &Error{File: name, Msg: fmt.Sprintf("rule %s has no legal basis", id)})
		}
		for _, c := range r.Basis {
			if _, ok := s.Acts[c.Act]; !ok {
				list = append(list, &Error{File: name, Msg: fmt.Sprintf("rule %s cites unknown act %q", id, c.Act)})
			}
			if !validConfidence(c.Confidence) {
				list = append(list, &Error{File: name, Msg: fmt.Sprintf("rule %s: confidence %q must be H, M or L", id, c.Confidence)})
			}
			ri.Basis = append(ri.Basis, Citation(c))
		}
		for _, p := range r.Interpretations {
			if _, ok := s.params[p]; !ok {
				list = append(list, &Error{File: name, Msg: fmt.Sprintf("rule %s names unknown parameter %q", id, p)})
			}
		}
		s.Rules[id] = ri
	}
	if len(list) > 0 {
		sortErrors(list)
		return nil, list
	}
	return s, nil
}

// WithFile returns a copy of s with the parameter values of an override file
// added: a value whose start date equals an existing one replaces it, others
// are inserted in date order. The file has the same format as the embedded
// one but may hold only `parameters` (and `ruleset`, naming the deployment's
// version). A name must be a known parameter, or a keyed quota deadline
// quota_deadline.REGION.YEAR.
func (s *Set) WithFile(name string, data []byte) (*Set, error) {
	doc, errs := decode(name, data)
	if errs != nil {
		return nil, errs
	}
	if len(doc.Acts) > 0 || len(doc.Rules) > 0 {
		return nil, ErrorList{{File: name, Msg: "an override file may hold only ruleset and parameters"}}
	}
	c := s.clone()
	if doc.Ruleset != "" {
		c.Ruleset = s.Ruleset + "+" + doc.Ruleset
	}
	if list := c.addParams(name, doc.Parameters, true); len(list) > 0 {
		sortErrors(list)
		return nil, list
	}
	return c, nil
}

// CheckOverride reports whether a scenario may set parameter name to value:
// the name must be known (or a keyed quota deadline) and the value of its type.
func (s *Set) CheckOverride(name, value string) error {
	typ, _, err := s.overrideType(name)
	if err != nil {
		return err
	}
	_, err = parseValue(typ, value)
	return err
}

// With returns a copy of s in which each override replaces its parameter's
// history with one value that applies on every date. Overrides must have
// passed CheckOverride.
func (s *Set) With(overrides []domain.Override) (*Set, error) {
	if len(overrides) == 0 {
		return s, nil
	}
	c := s.clone()
	for _, o := range overrides {
		typ, p, err := c.overrideType(o.Name)
		if err != nil {
			return nil, err
		}
		v, err := parseValue(typ, o.Value)
		if err != nil {
			return nil, fmt.Errorf("override %s: %w", o.Name, err)
		}
		v.From = 1
		v.Act, v.Ref, v.Confidence = "override", "set for this evaluation", "override"
		np := &Param{Name: o.Name, Type: typ, Values: []Value{v}}
		if p != nil {
			np.Unit, np.Description = p.Unit, p.Description
		}
		c.params[o.Name] = np
	}
	return c, nil
}

func (s *Set) overrideType(name string) (string, *Param, error) {
	if p, ok := s.params[name]; ok {
		return p.Type, p, nil
	}
	if ok, msg := quotaDeadlineKey(name); ok {
		return TypeDate, nil, nil
	} else if msg != "" {
		return "", nil, errors.New(msg)
	}
	return "", nil, fmt.Errorf("unknown parameter %q (see `ruqsat params` for the names)", name)
}

// quotaDeadlineKey reports whether name is quota_deadline.REGION.YEAR; msg
// explains a malformed key of that family.
func quotaDeadlineKey(name string) (ok bool, msg string) {
	rest, found := strings.CutPrefix(name, "quota_deadline.")
	if !found {
		return false, ""
	}
	region, year, found := strings.Cut(rest, ".")
	if !found || !domain.Region(region).Valid() {
		return false, fmt.Sprintf("%q: expected quota_deadline.REGION.YEAR with a region code such as KZ-75", name)
	}
	if y, err := strconv.Atoi(year); err != nil || y < 2000 || y > 2200 || len(year) != 4 {
		return false, fmt.Sprintf("%q: the year must be four digits", name)
	}
	return true, ""
}

func (s *Set) clone() *Set {
	c := &Set{Ruleset: s.Ruleset, Acts: s.Acts, Rules: s.Rules, params: make(map[string]*Param, len(s.params)+4)}
	for k, v := range s.params {
		c.params[k] = v
	}
	return c
}

func (s *Set) addParams(file string, docs map[string]paramDoc, merge bool) ErrorList {
	var list ErrorList
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		d := docs[n]
		old := s.params[n]
		if merge && old == nil {
			if ok, msg := quotaDeadlineKey(n); !ok {
				if msg == "" {
					msg = fmt.Sprintf("unknown parameter %q: an override file may only change known parameters", n)
				}
				list = append(list, &Error{File: file, Msg: msg})
				continue
			}
			if d.Type == "" {
				d.Type = TypeDate
			}
			if d.Description == "" {
				d.Description = "Quota application deadline for one region and filing year (exact, not moved)."
			}
		}
		if !merge {
			if ok, _ := quotaDeadlineKey(n); !ok && strings.Contains(n, ".") && !strings.HasPrefix(n, "fine.") {
				list = append(list, &Error{File: file, Msg: fmt.Sprintf("parameter %q: dotted names are for fines and keyed quota deadlines", n)})
			}
		}
		p := &Param{Name: n, Type: d.Type, Unit: d.Unit, Description: d.Description}
		if old != nil {
			if d.Type != "" && d.Type != old.Type {
				list = append(list, &Error{File: file, Msg: fmt.Sprintf("parameter %s: type %q differs from %q", n, d.Type, old.Type)})
				continue
			}
			*p = *old
			p.Values = append([]Value(nil), old.Values...)
		}
		switch p.Type {
		case TypeInt, TypeDecimal, TypeBool, TypeDate, TypeMonthDay:
		default:
			list = append(list, &Error{File: file, Msg: fmt.Sprintf("parameter %s: type %q must be int, decimal, bool, date or monthday", n, d.Type)})
			continue
		}
		if old == nil && p.Description == "" {
			list = append(list, &Error{File: file, Msg: fmt.Sprintf("parameter %s has no description", n)})
		}
		if len(d.Values) == 0 {
			list = append(list, &Error{File: file, Msg: fmt.Sprintf("parameter %s has no values", n)})
		}
		var seen []domain.Date
		for _, vd := range d.Values {
			v, err := s.value(file, p.Type, vd)
			if err != nil {
				list = append(list, err)
				continue
			}
			for _, f := range seen {
				if f == v.From {
					list = append(list, at(file, &vd.From, fmt.Sprintf("parameter %s: two values start on %s", n, v.From)))
				}
			}
			seen = append(seen, v.From)
			p.Values = upsert(p.Values, v)
		}
		s.params[n] = p
	}
	return list
}

func upsert(vs []Value, v Value) []Value {
	for i := range vs {
		if vs[i].From == v.From {
			vs[i] = v
			return vs
		}
	}
	vs = append(vs, v)
	sort.Slice(vs, func(i, j int) bool { return vs[i].From < vs[j].From })
	return vs
}

func (s *Set) value(file, typ string, vd valueDoc) (Value, *Error) {
	if isNull(&vd.From) {
		return Value{}, &Error{File: file, Msg: "a value has no from date"}
	}
	text, ok := scalarText(&vd.From)
	if !ok {
		return Value{}, at(file, &vd.From, "from: got "+describe(&vd.From)+"; expected a date YYYY-MM-DD")
	}
	from, err := domain.ParseDate(text)
	if err != nil {
		return Value{}, at(file, &vd.From, "from: "+err.Error())
	}
	if isNull(&vd.Value) {
		return Value{}, at(file, &vd.From, "a value has no value")
	}
	if text, ok = scalarText(&vd.Value); !ok {
		return Value{}, at(file, &vd.Value, "value: got "+describe(&vd.Value)+"; expected one value")
	}
	v, err := parseValue(typ, text)
	if err != nil {
		return Value{}, at(file, &vd.Value, err.Error())
	}
	v.From = from
	v.Act, v.Ref, v.Confidence = vd.Act, vd.Ref, vd.Confidence
	v.Interpretation, v.Note = vd.Interpretation, vd.Note
	if _, ok := s.Acts[vd.Act]; !ok {
		return Value{}, at(file, &vd.From, fmt.Sprintf("unknown act %q", vd.Act))
	}
	if !validConfidence(vd.Confidence) {
		return Value{}, at(file, &vd.From, fmt.Sprintf("confidence %q must be H, M or L", vd.Confidence))
	}
	return v, nil
}

func parseValue(typ, text string) (Value, error) {
	v := Value{Text: text}
	switch typ {
	case TypeInt:
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			return v, fmt.Errorf("%q is not a whole number >= 0", text)
		}
		v.Int = n
	case TypeDecimal:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return v, fmt.Errorf("%q is not a number >= 0", text)
		}
		v.Decimal = f
	case TypeBool:
		switch text {
		case "true":
			v.Bool = true
		case "false":
		default:
			return v, fmt.Errorf("%q is not true or false", text)
		}
	case TypeDate:
		d, err := domain.ParseDate(text)
		if err != nil {
			return v, err
		}
		v.Date = d
	case TypeMonthDay:
		if len(text) != 5 || text[2] != '-' {
			return v, fmt.Errorf("%q is not a day of the year: expected MM-DD", text)
		}
		m, err1 := strconv.Atoi(text[:2])
		d, err2 := strconv.Atoi(text[3:])
		if err1 != nil || err2 != nil || !domain.ValidDate(2024, time.Month(m), d) {
			return v, fmt.Errorf("%q is not a day of the year: expected MM-DD", text)
		}
		v.Month, v.Day = m, d
	default:
		return v, fmt.Errorf("unknown type %q", typ)
	}
	return v, nil
}

func validConfidence(c string) bool { return c == "H" || c == "M" || c == "L" }

// isNull reports whether a key is absent (a zero node) or has no value.
func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// scalarText returns a scalar's text as written, looking through an alias.
func scalarText(n *yaml.Node) (string, bool) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// describe names what a node that is not a scalar holds.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.SequenceNode {
		return "a list"
	}
	return "a mapping"
}

func at(file string, n *yaml.Node, msg string) *Error {
	return &Error{File: file, Line: n.Line, Col: n.Column, Msg: msg}
}

// decode reads the one YAML document of a parameter file, refusing keys that
// the format does not know.
func decode(name string, data []byte) (doc *fileDoc, list ErrorList) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrorList{{File: name, Msg: "the file is empty"}}
	}
	// A panic in the YAML library on hostile input (some of its versions
	// have had them) becomes an error: an override file comes from a
	// deployment, and a bad one must not take the process down.
	defer func() {
		if r := recover(); r != nil {
			doc, list = nil, ErrorList{{File: name, Line: 1, Col: 1, Msg: fmt.Sprintf("not valid YAML (the parser failed: %v)", r)}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	doc = new(fileDoc)
	if err := dec.Decode(doc); err != nil {
		if errors.Is(err, io.EOF) { // comments only
			return doc, nil
		}
		return nil, yamlErrors(name, err)
	}
	// A second document would be ignored, so it is refused; an empty one,
	// such as after a final "---", holds nothing.
	for {
		var extra yaml.Node
		err := dec.Decode(&extra)
		if errors.Is(err, io.EOF) {
			return doc, nil
		}
		if err != nil {
			return nil, yamlErrors(name, err)
		}
		if len(extra.Content) > 0 && !isNull(extra.Content[0]) {
			return nil, ErrorList{{File: name, Line: extra.Line, Col: extra.Column, Msg: "a second YAML document starts here; expected one per file"}}
		}
	}
}

// yamlErrors turns an error of yaml.v3 into positioned Errors: one per
// problem of a TypeError, else one for a syntax error, at its line when the
// message names one. yaml.v3 gives no column; column 1 stands for the line.
func yamlErrors(name string, err error) ErrorList {
	if ps, ok := yamlmsg.TypeProblems(err); ok {
		list := make(ErrorList, 0, len(ps))
		for _, p := range ps {
			list = append(list, &Error{File: name, Line: p.Line, Col: min(p.Line, 1), Msg: p.Msg})
		}
		sortErrors(list)
		return list
	}
	line, msg := yamlmsg.Syntax(err)
	msg, _, _ = strings.Cut(msg, "\n")
	return ErrorList{{File: name, Line: line, Col: min(line, 1), Msg: msg}}
}

func sortErrors(l ErrorList) {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		if l[i].Col != l[j].Col {
			return l[i].Col < l[j].Col
		}
		return l[i].Msg < l[j].Msg
	})
}
