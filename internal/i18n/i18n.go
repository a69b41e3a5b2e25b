// Package i18n tells ruqsat's findings, and the words around them, in
// Kazakh, Russian and English.
//
// A finding carries a message key and typed arguments (domain.MessageKey,
// domain.Args); a Localizer renders them in its language from embedded
// catalogues in go-i18n's YAML format (catalogue/*.{kk,ru,en}.yaml: the
// findings; the other messages, the application's and the store's errors
// and the import's problems; the command line's words; the scenario
// reader's; the parameters' descriptions; the law), with CLDR plural
// rules: "1 день, 2 дня, 5 дней",
// "1 күн, 5 күн". The terms are those of the project's glossary; numbers,
// dates and money are written as a reader of the language expects (Date,
// Percent, Money, MoneyWord).
//
// The catalogues are not the web UI's (internal/web/locales): those are the
// words of the pages, loaded by the web package only, while these are told
// by every door (the CLI, the API, the web UI) and sit below the rules
// engine, which must not depend on the web. Both use go-i18n the same way.
//
// Rendering is on the edge and must stay cheap, because a national batch
// prints millions of findings: go-i18n loads and checks the catalogues and
// chooses plural forms; each message is then compiled once into literal
// text and placeholders, which Localizer.AppendMessage fills without
// reflection or maps.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

//go:embed catalogue/*.yaml
var catalogueFS embed.FS

// Lang is one of ruqsat's languages.
type Lang uint8

// The languages. English is the zero value: the default of the CLI and the
// API.
const (
	EN Lang = iota
	RU
	KK
)

// Langs lists the languages, Kazakh first, as the UI shows them.
var Langs = []Lang{KK, RU, EN}

var langTags = [...]string{"en", "ru", "kk"}

// String returns "en", "ru" or "kk".
func (l Lang) String() string {
	if int(l) < len(langTags) {
		return langTags[l]
	}
	return ""
}

// Parse returns the language whose tag is s (kk, ru or en, case
// insensitive).
func Parse(s string) (Lang, bool) {
	for i, t := range langTags {
		if strings.EqualFold(s, t) {
			return Lang(i), true
		}
	}
	return EN, false
}

var matcher = language.NewMatcher([]language.Tag{language.English, language.Russian, language.Kazakh})

// FromAcceptLanguage returns the best of the languages for an
// Accept-Language header; ok is false when it names none of them.
func FromAcceptLanguage(h string) (Lang, bool) {
	if h == "" {
		return EN, false
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return EN, false
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return EN, false
	}
	return Lang(i), true
}

// Localizer tells findings and words in one language. It is immutable and
// safe for concurrent use.
type Localizer struct {
	lang     Lang
	lz       *goi18n.Localizer
	messages map[string]*message
	keys     []*message // by domain.MessageKey
	law      *law
}

// message is a compiled message: one template, or one per plural form.
type message struct {
	id     string
	plain  tmpl
	plural *[pluralCache]tmpl // the form for n, see formIndex; nil when the message has no plural forms
}

// pluralCache is how many counts have their plural form chosen ahead: the
// form of a whole number in these languages depends only on n mod 100 (and
// on n = 1 for English and Kazakh), so that 200 entries cover every count.
const pluralCache = 200

func formIndex(n int64) int {
	if n < 0 {
		n = -n
	}
	if n < pluralCache {
		return int(n)
	}
	return 100 + int(n%100)
}

var (
	loadOnce   sync.Once
	localizers [3]*Localizer
	loadErr    error
)

// For returns the localizer of a language. The catalogues are embedded and
// tested; a broken one panics on first use.
func For(l Lang) *Localizer {
	loadOnce.Do(func() { localizers, loadErr = load(catalogueFS) })
	if loadErr != nil {
		panic("i18n: " + loadErr.Error())
	}
	if int(l) >= len(localizers) {
		l = EN
	}
	return localizers[l]
}

// load reads the catalogues of fsys and compiles every message.
func load(fsys fs.FS) ([3]*Localizer, error) {
	var out [3]*Localizer
	bundle := goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	ids := map[string]bool{}
	for _, tag := range langTags {
		names, err := MessageFiles(fsys, tag)
		if err != nil {
			return out, err
		}
		seen := map[string]bool{}
		for _, name := range names {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return out, err
			}
			mf, err := bundle.ParseMessageFileBytes(data, name)
			if err != nil {
				return out, err
			}
			for _, m := range mf.Messages {
				if seen[m.ID] {
					return out, fmt.Errorf("%s: message %q is in two catalogue files", name, m.ID)
				}
				seen[m.ID] = true
				ids[m.ID] = true
			}
		}
	}
	for i, tag := range langTags {
		l := &Localizer{lang: Lang(i), lz: goi18n.NewLocalizer(bundle, tag), messages: map[string]*message{}}
		for id := range ids {
			m, err := l.compile(id)
			if err != nil {
				return out, fmt.Errorf("%s: %v", tag, err)
			}
			l.messages[id] = m
		}
		var err error
		if l.law, err = loadLaw(fsys, tag); err != nil {
			return out, err
		}
		keys := domainKeys()
		l.keys = make([]*message, len(keys)+1)
		for _, k := range keys {
			l.keys[k] = l.messages[k.String()]
		}
		out[i] = l
	}
	return out, nil
}

// MessageFiles returns the message catalogues of a language in fsys:
// every catalogue/NAME.TAG.yaml but the law's (catalogue/law.TAG.yaml, read
// by loadLaw). The findings' words are in findings.TAG.yaml; other parts of
// the product keep theirs in files of their own (cli, web, documents...), so
// that a change to one part touches its own file.
func MessageFiles(fsys fs.FS, tag string) ([]string, error) {
	all, err := fs.Glob(fsys, "catalogue/*."+tag+".yaml")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, name := range all {
		if name != "catalogue/law."+tag+".yaml" {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no catalogue for %s", tag)
	}
	return out, nil
}

// source returns a message's text in the localizer's language for the count
// n (nil: no count), as written in the catalogue. A message missing in this
// language is an error, not English in its place.
func (l *Localizer) source(id string, n any) (string, error) {
	s, tag, err := l.lz.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateParser: template.IdentityParser{}})
	if err != nil {
		return "", err
	}
	if tag.String() != l.lang.String() {
		return "", fmt.Errorf("message %q is not in the %s catalogue", id, l.lang)
	}
	return s, nil
}

func (l *Localizer) compile(id string) (*message, error) {
	m := &message{id: id}
	one, errOne := l.source(id, 1)
	other, errOther := l.source(id, 5)
	if errOne != nil || errOther != nil {
		// Not a plural message: its only text.
		src, err := l.source(id, nil)
		if err != nil {
			return nil, err
		}
		m.plain, err = parse(src)
		return m, err
	}
	if one == other {
		// A plural message is written per form even where the forms agree
		// (Kazakh); check all the same that the other counts have a text.
		if _, err := l.source(id, 2); err != nil {
			return nil, err
		}
	}
	m.plural = new([pluralCache]tmpl)
	for n := range pluralCache {
		src, err := l.source(id, n)
		if err != nil {
			return nil, err
		}
		if m.plural[n], err = parse(src); err != nil {
			return nil, fmt.Errorf("%s: %v", id, err)
		}
	}
	return m, nil
}

// Lang returns the localizer's language.
func (l *Localizer) Lang() Lang { return l.lang }

// Has reports whether the catalogue has a message id.
func (l *Localizer) Has(id string) bool { return l.messages[id] != nil }

// T returns the message id without placeholders filled (with each
// placeholder's value from kv, pairs of names and values, when given); a
// missing id gives the id itself, which the tests catch.
func (l *Localizer) T(id string, kv ...any) string {
	m := l.messages[id]
	if m == nil {
		return id
	}
	t := m.plain
	if m.plural != nil {
		t = m.plural[formIndex(int64(countOf(kv)))]
	}
	return string(t.appendWith(nil, l, kv))
}

// Count writes n with a unit in the plural form n needs: Count("unit.day",
// 5) is "5 days", "5 дней", "5 күн".
func (l *Localizer) Count(unit string, n int) string {
	return string(l.appendCount(nil, unit, int64(n)))
}

func (l *Localizer) appendCount(b []byte, unit string, n int64) []byte {
	m := l.messages[unit]
	if m == nil || m.plural == nil {
		b = l.AppendInt(b, n)
		return append(append(b, ' '), unit...)
	}
	return m.plural[formIndex(n)].appendCount(b, l, n)
}

func countOf(kv []any) int {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == "Count" {
			switch v := kv[i+1].(type) {
			case int:
				return v
			case int64:
				return int(v)
			case int32:
				return int(v)
			}
		}
	}
	return 0
}
