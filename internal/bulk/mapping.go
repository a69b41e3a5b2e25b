package bulk

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
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
	return LoadMappingIn(name, data, nil)
}

// LoadMappingIn is LoadMapping with the problems told in lang's language
// (nil: English).
func LoadMappingIn(name string, data []byte, lang *i18n.Localizer) (Mapping, error) {
	l := mappingLoader{name: name, m: Mapping{}, lang: lang}
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
	lang *i18n.Localizer // nil: English
}

// say records a problem at n: the catalogue's message key with kv in the
// loader's language, else the English en (key "": en is told already).
func (l *mappingLoader) say(n *yaml.Node, en, key string, kv ...any) {
	if key != "" && l.lang != nil && l.lang.Lang() != i18n.EN {
		en = l.lang.T(key, kv...)
	}
	line, col := 1, 1
	if n != nil {
		line, col = max(n.Line, 1), max(n.Column, 1)
	}
	l.errs = append(l.errs, fmt.Sprintf("%s:%d:%d: ", l.name, line, col)+en)
}

func (l *mappingLoader) load(data []byte) {
	if len(data) > maxMappingSize {
		l.say(nil, fmt.Sprintf("the file is %d bytes; expected a mapping of at most %d KiB", len(data), maxMappingSize>>10),
			"import.mapping.too_big", "N", len(data), "Of", maxMappingSize>>10)
		return
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		l.say(nil, "the file is not UTF-8 text; expected a mapping saved as UTF-8", "import.mapping.not_utf8")
		return
	}
	var doc yaml.Node
	if err := decodeYAML(data, &doc); err != nil {
		msg := firstLine(strings.TrimPrefix(err.Error(), "yaml: "))
		l.say(nil, "invalid YAML or JSON: "+msg, "import.mapping.syntax", "Other", yamlLine(msg))
		return
	}
	if len(doc.Content) == 0 {
		l.say(nil, "the file is empty; expected a mapping of field names to headers, such as id: Таб. №", "import.mapping.empty")
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		l.say(root, "the document is not a mapping; expected field names with their headers, such as id: Таб. №", "import.mapping.not_mapping")
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
		l.say(k, "a key is not a field's name; expected a field such as id or permits.from", "import.mapping.bad_key")
		return
	}
	key := k.Value
	if kind != "" {
		key = string(kind) + "." + key
	}
	if msg := checkMappingKey(key, l.lang); msg != "" {
		l.say(k, msg, "")
		return
	}
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
		l.say(v, key+": got no header; expected the header of the column as written in the file", "import.mapping.no_header", "Code", key)
		return
	}
	if _, dup := l.m[key]; dup {
		l.say(k, key+" is mapped twice; expected each field once", "import.mapping.twice", "Code", key)
		return
	}
	l.m[key] = v.Value
}

// checkMappingKey returns what is wrong with a mapping key, or "", in
// lang's language (nil: English).
func checkMappingKey(key string, lang *i18n.Localizer) string {
	in := func(en, id string, kv ...any) string {
		if lang != nil && lang.Lang() != i18n.EN {
			// The fields are what the file names: quoted as they are.
			for i := 1; i < len(kv); i += 2 {
				if kv[i-1] == "Other" {
					kv[i] = "«" + strings.ReplaceAll(kv[i].(string), ", ", "», «") + "»"
				}
			}
			return lang.T(id, kv...)
		}
		return en
	}
	if kind, f, ok := strings.Cut(key, "."); ok {
		k := Kind(kind)
		if !k.valid() {
			return in(fmt.Sprintf("%q is not a kind of record; expected workers, permits, trips, documents, figures or contracts before the dot", kind), "import.mapping.not_kind", "Code", kind)
		}
		if _, ok := columnNamed(k, f); !ok {
			return in(fmt.Sprintf("%q is not a field of %s; expected one of %s", f, k, fieldNames(k)), "import.mapping.not_field_of", "Code", f, "Name", string(k), "Other", fieldNames(k))
		}
		return ""
	}
	for _, k := range Kinds {
		if _, ok := columnNamed(k, key); ok {
			return ""
		}
	}
	if Kind(key).valid() {
		return in(fmt.Sprintf("%s holds no mapping of fields; expected fields of %s with their headers", key, key), "import.mapping.kind_empty", "Code", key)
	}
	var all []string
	var byKind []string
	for _, k := range Kinds {
		for _, f := range FieldNames(k) {
			if !slices.Contains(all, f) {
				all = append(all, f)
			}
		}
		byKind = append(byKind, fmt.Sprintf("%s (%s)", fieldNames(k), k))
	}
	return in(fmt.Sprintf("%q is not a field; expected one of %s", key, strings.Join(byKind, ", ")),
		"import.mapping.not_field", "Code", key, "Other", strings.Join(all, ", "))
}

// check returns a message for each key of m that names no field, sorted,
// in lang's language (nil: English).
func (m Mapping) check(lang *i18n.Localizer) []string {
	prefix := "mapping: "
	if lang != nil && lang.Lang() != i18n.EN {
		prefix = lang.T("import.mapping.prefix") + ": "
	}
	var msgs []string
	for key, h := range m {
		if msg := checkMappingKey(key, lang); msg != "" {
			msgs = append(msgs, prefix+msg)
		} else if strings.TrimSpace(h) == "" {
			msg := key + " has no header; expected the header of the column as written in the file"
			if lang != nil && lang.Lang() != i18n.EN {
				msg = lang.T("import.mapping.no_header", "Code", key)
			}
			msgs = append(msgs, prefix+msg)
		}
	}
	sort.Strings(msgs)
	return msgs
}

// yamlLine is the line a YAML error names ("line 3: ..."), or "1".
func yamlLine(msg string) string {
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return "1"
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

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
