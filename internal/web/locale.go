package web

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/ruqsat/ruqsat/internal/domain"
	ri18n "github.com/ruqsat/ruqsat/internal/i18n"
)

// RuleTitle returns a rule's title (its id, "trip.limit", given as text).
func (l *locale) RuleTitle(id string) string {
	r, ok := domain.ParseRuleID(id)
	if !ok {
		return id
	}
	return l.fl.Title(r)
}

// FactLabel names a fact ("kz_share": "доля граждан РК").
func (l *locale) FactLabel(key string) string { return l.fl.FactLabel(key) }

// FactValue writes a fact's value as a reader of the language expects:
// dates, shares as percentages, a basis by its name.
func (l *locale) FactValue(f domain.Fact) string {
	if f.Key == "basis" || f.Key == "reasons" {
		return l.fl.FactValue(f)
	}
	if v, ok := f.Value().(float64); ok {
		return l.fl.FactValue(domain.Decimal(f.Key, v))
	}
	s, err := l.Fact(f)
	if err != nil {
		return l.fl.FactValue(f)
	}
	return s
}

// ActShort names an act briefly in the language ("КоАП РК").
func (l *locale) ActShort(code string) string { return l.fl.ActShort(code) }

// Period writes a finding's period: a month by its name, a date as a date.
func (l *locale) Period(p string) string {
	if len(p) == 10 {
		if d, err := domain.ParseDate(p); err == nil {
			return l.DateShort(d)
		}
	}
	return l.fl.Period(p)
}

//go:embed locales/*.yaml
var localeFS embed.FS

// LangCookie is the cookie that holds the chosen language: kk, ru or en.
const LangCookie = "lang"

// languages are the UI's languages, in the order the switch shows them.
var languages = []string{"kk", "ru", "en"}

// DefaultLanguage is the language of a browser that asks for none of
// languages.
const DefaultLanguage = "ru"

// languageNames are the languages' names in themselves, for the switch.
var languageNames = map[string]string{"kk": "Қазақша", "ru": "Русский", "en": "English"}

// locales holds a locale per language and picks a request's.
type locales struct {
	byTag   map[string]*locale
	list    []*locale // in the order of languages
	tags    []string  // supported tags, DefaultLanguage first, as the matcher has them
	matcher language.Matcher
}

// locale is one language: its messages and its date and money formats.
// Templates call its methods.
type locale struct {
	Tag  string // kk, ru or en
	Name string // the language's own name
	lz   *i18n.Localizer
	fl   *ri18n.Localizer // the findings' words (internal/i18n)
}

// LocaleFiles are the message files of language tag in fsys: locales/TAG.yaml
// (the pages' common words) and locales/PART.TAG.yaml, one for each part of
// the UI that keeps its words apart (people, settings...).
func LocaleFiles(fsys fs.FS, tag string) []string {
	names, _ := fs.Glob(fsys, "locales/*.yaml")
	var out []string
	for _, n := range names {
		base := strings.TrimPrefix(n, "locales/")
		if base == tag+".yaml" || strings.HasSuffix(base, "."+tag+".yaml") {
			out = append(out, n)
		}
	}
	return out
}

// loadLocales reads the embedded message files of each language.
func loadLocales() (*locales, error) {
	bundle := i18n.NewBundle(language.MustParse(DefaultLanguage))
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	ls := &locales{byTag: map[string]*locale{}}
	var tags []language.Tag
	ls.tags = append(ls.tags, DefaultLanguage)
	for _, t := range languages {
		if t != DefaultLanguage {
			ls.tags = append(ls.tags, t)
		}
	}
	for _, t := range ls.tags {
		for _, name := range LocaleFiles(localeFS, t) {
			if _, err := bundle.LoadMessageFileFS(localeFS, name); err != nil {
				return nil, err
			}
		}
		tags = append(tags, language.MustParse(t))
	}
	for _, t := range languages {
		lang, _ := ri18n.Parse(t)
		l := &locale{Tag: t, Name: languageNames[t], lz: i18n.NewLocalizer(bundle, t), fl: ri18n.For(lang)}
		ls.byTag[t] = l
		ls.list = append(ls.list, l)
	}
	ls.matcher = language.NewMatcher(tags)
	return ls, nil
}

// of returns the locale of a request: the lang cookie's, else the best
// match of Accept-Language, else DefaultLanguage.
func (ls *locales) of(r *http.Request) *locale {
	if c, err := r.Cookie(LangCookie); err == nil {
		if l := ls.byTag[c.Value]; l != nil {
			return l
		}
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		if tags, _, err := language.ParseAcceptLanguage(al); err == nil && len(tags) > 0 {
			_, i, conf := ls.matcher.Match(tags...)
			if conf != language.No {
				return ls.byTag[ls.tags[i]]
			}
		}
	}
	return ls.byTag[DefaultLanguage]
}

// T returns the message id, with kv as pairs of names and values for its
// placeholders; a "Count" picks the plural form. A missing message is an
// error, so that a template that names one fails in the tests.
func (l *locale) T(id string, kv ...any) (string, error) {
	if len(kv)%2 != 0 {
		return "", fmt.Errorf("message %s: odd number of arguments", id)
	}
	lc := &i18n.LocalizeConfig{MessageID: id}
	if len(kv) > 0 {
		data := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return "", fmt.Errorf("message %s: argument %d is not a name", id, i)
			}
			data[k] = kv[i+1]
		}
		lc.TemplateData = data
		if n, ok := data["Count"]; ok {
			lc.PluralCount = n
		}
	}
	return l.lz.Localize(lc)
}

// S is T for Go code: a missing message gives its id.
func (l *locale) S(id string, kv ...any) string {
	s, err := l.T(id, kv...)
	if err != nil || s == "" {
		return id
	}
	return s
}

// Severity returns the severity's name.
func (l *locale) Severity(s domain.Severity) (string, error) {
	return l.T("severity_" + s.String())
}

// SeverityGroup returns the heading of the findings of a severity.
func (l *locale) SeverityGroup(s domain.Severity) (string, error) {
	return l.T("sevgroup_" + s.String())
}

// Status returns the status's name ("" for none).
func (l *locale) Status(s domain.Status) (string, error) {
	if s == domain.StatusNone {
		return "", nil
	}
	return l.T("status_" + s.String())
}

// Size returns the name of an employer's business size.
func (l *locale) Size(s domain.Size) (string, error) {
	switch s {
	case domain.SizeSmall, domain.SizeMedium, domain.SizeLarge:
		return l.T("size_" + string(s))
	}
	return string(s), nil
}

// Confidence returns the name of a confidence mark (H, M or L).
func (l *locale) Confidence(c string) (string, error) {
	switch c {
	case "H", "M", "L":
		return l.T("confidence_" + c)
	}
	return c, nil
}

// Subject names what a finding is about: the employer as a whole, a region
// or a group of categories by its name in this language, or (a worker, a
// category) as it is.
func (l *locale) Subject(s string) (string, error) {
	if s == "employer" {
		return l.T("subject_employer")
	}
	if s == "cat1-2" || s == "cat3-4" {
		return l.fl.Subject(s), nil // a group of categories, by its name
	}
	if ri, ok := domain.LookupRegion(domain.Region(s)); ok {
		switch l.Tag {
		case "kk":
			return ri.KK, nil
		case "ru":
			return ri.RU, nil
		}
		return ri.EN, nil
	}
	return s, nil
}
