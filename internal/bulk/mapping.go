package bulk

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Mapping names, for a field, the header of the column that holds it, where
// the built-in synonyms do not find it. A key is a field's name, for every
// kind that has the field ("id", "from"), or a kind and a field joined by a
// dot, for that kind only ("permits.from"). Headers are compared as the
// built-in ones are: case, punctuation and spacing aside.
//
// A mapped header takes precedence: another column whose header is a synonym
// of the same field is then not read.
type Mapping map[string]string

// maxMappingSize bounds a mapping file, which names a few dozen headers.
const maxMappingSize = 64 << 10

// LoadMapping reads a mapping from YAML or JSON: a mapping of field names to
// headers, where a kind's name may hold a mapping of that kind's fields:
//
//	id: Таб. №
//	permits:
//	  from: Действует с
//	  to: Действует по
//
// name is used in messages. Every problem is reported, one line each, as
// NAME:LINE:COL: message, in a *domain.Error with code EINVALID.
func LoadMapping(name string, data []byte) (Mapping, error) {
	l := mappingLoader{name: name, m: Mapping{}}
	l.load(data)
	if len(l.errs) > 0 {
		return nil, domain.Errorf(domain.EINVALID, "%s", strings.Join(l.errs, "\n"))
	}
	return l.m, nil
}

type mappingLoader struct {
	name string
	m    Mapping
	errs []string
}

func (l *mappingLoader) errorf(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = max(n.Line, 1), max(n.Column, 1)
	}
	l.errs = append(l.errs, fmt.Sprintf("%s:%d:%d: ", l.name, line, col)+fmt.Sprintf(format, args...))
}

func (l *mappingLoader) load(data []byte) {
	if len(data) > maxMappingSize {
		l.errorf(nil, "the file is %d bytes; expected a mapping of at most %d KiB", len(data), maxMappingSize>>10)
		return
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		l.errorf(nil, "the file is not UTF-8 text; expected a mapping saved as UTF-8")
		return
	}
	var doc yaml.Node
	if err := decodeYAML(data, &doc); err != nil {
		l.errorf(nil, "invalid YAML or JSON: %s", firstLine(strings.TrimPrefix(err.Error(), "yaml: ")))
		return
	}
	if len(doc.Content) == 0 {
		l.errorf(nil, "the file is empty; expected a mapping of field names to headers, such as id: Таб. №")
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		l.errorf(root, "the document is not a mapping; expected field names with their headers, such as id: Таб. №")
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if kind, ok := kindKey(k.Value); ok && k.Kind == yaml.ScalarNode && v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				l.entry(kind, v.Content[j], v.Content[j+1])
			}
			continue
		}
		l.entry("", k, v)
	}
}

// kindKey reads a kind's name as a mapping key: its English name only, so
// that keys read the same in every file.
func kindKey(s string) (Kind, bool) {
	k := Kind(s)
	return k, k.valid()
}

func (l *mappingLoader) entry(kind Kind, k, v *yaml.Node) {
	if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
		l.errorf(k, "a key is not a field's name; expected a field such as id or permits.from")
		return
	}
	key := k.Value
	if kind != "" {
		key = string(kind) + "." + key
	}
	if msg := checkMappingKey(key); msg != "" {
		l.errorf(k, "%s", msg)
		return
	}
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
		l.errorf(v, "%s: got no header; expected the header of the column as written in the file", key)
		return
	}
	if _, dup := l.m[key]; dup {
		l.errorf(k, "%s is mapped twice; expected each field once", key)
		return
	}
	l.m[key] = v.Value
}

// checkMappingKey returns what is wrong with a mapping key, or "".
func checkMappingKey(key string) string {
	if kind, f, ok := strings.Cut(key, "."); ok {
		k := Kind(kind)
		if !k.valid() {
			return fmt.Sprintf("%q is not a kind of record; expected workers, permits or trips before the dot", kind)
		}
		if _, ok := columnNamed(k, f); !ok {
			return fmt.Sprintf("%q is not a field of %s; expected one of %s", f, k, fieldNames(k))
		}
		return ""
	}
	for _, k := range Kinds {
		if _, ok := columnNamed(k, key); ok {
			return ""
		}
	}
	if Kind(key).valid() {
		return fmt.Sprintf("%s holds no mapping of fields; expected fields of %s with their headers", key, key)
	}
	return fmt.Sprintf("%q is not a field; expected one of %s (workers), %s (permits), %s (trips)",
		key, fieldNames(Workers), fieldNames(Permits), fieldNames(Trips))
}

// check returns a message for each key of m that names no field, sorted.
func (m Mapping) check() []string {
	var msgs []string
	for key, h := range m {
		if msg := checkMappingKey(key); msg != "" {
			msgs = append(msgs, "mapping: "+msg)
		} else if strings.TrimSpace(h) == "" {
			msgs = append(msgs, "mapping: "+key+" has no header; expected the header of the column as written in the file")
		}
	}
	sort.Strings(msgs)
	return msgs
}

// header returns the header m gives for field c of kind k: the kind's own
// entry, or else the entry for every kind. An empty header, reported by
// check, gives none.
func (m Mapping) header(k Kind, c *column) (string, bool) {
	h, ok := m[string(k)+"."+c.name]
	if !ok {
		h, ok = m[c.name]
	}
	return h, ok && normalize(h) != ""
}

// decodeYAML parses one YAML document, turning a panic inside the library
// into an error, as the scenario reader does.
func decodeYAML(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML parser failed on this file (%v)", r)
		}
	}()
	err = yaml.Unmarshal(data, n)
	if err == nil && refuseAliases(n) {
		err = errors.New("anchors and aliases are not allowed; expected each header written out")
	}
	return err
}

func refuseAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return true
	}
	for _, c := range n.Content {
		if refuseAliases(c) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
