package i18n

import (
	"io/fs"

	"go.yaml.in/yaml/v3"
)

// law holds the legal texts of one language other than English: the acts'
// short names, official titles and addresses on adilet.zan.kz in that
// language, and the translations of the references and interpretations of
// the parameter file, keyed by their English text (catalogue/law.LANG.yaml).
// English has only the addresses of the acts adilet publishes in English:
// the parameter file is written in it. These are
// plain texts, with neither placeholders nor plural forms, so they are read
// as YAML rather than as go-i18n messages.
type law struct {
	Acts  map[string]act    `yaml:"acts"`
	Texts map[string]string `yaml:"texts"`
	Units map[string]string `yaml:"units"` // parameters' units
}

type act struct {
	Short string `yaml:"short"`
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

func loadLaw(fsys fs.FS, tag string) (*law, error) {
	data, err := fs.ReadFile(fsys, "catalogue/law."+tag+".yaml")
	if err != nil {
		return nil, err
	}
	var l law
	if err := yaml.Unmarshal(data, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// ActShort names an act briefly ("КоАП РК", "ӘҚБтК"); English keeps the
// act's code (CoAO).
func (l *Localizer) ActShort(code string) string {
	if l.law != nil {
		if a, ok := l.law.Acts[code]; ok && a.Short != "" {
			return a.Short
		}
	}
	return code
}

// ActTitle returns an act's official title in the localizer's language;
// en is its English title, given by the caller (the parameter file).
func (l *Localizer) ActTitle(code, en string) string {
	if l.law != nil {
		if a, ok := l.law.Acts[code]; ok && a.Title != "" {
			return a.Title
		}
	}
	return en
}

// ActURL returns the address of an act's text in the localizer's language
// (adilet.zan.kz's /kaz/ or /rus/ page); en is the address the parameter
// file gives, kept where no other is known.
func (l *Localizer) ActURL(code, en string) string {
	if l.law != nil {
		if a, ok := l.law.Acts[code]; ok && a.URL != "" {
			return a.URL
		}
	}
	return en
}

// Law translates a reference or an interpretation of the parameter file,
// given in English; a text the catalogue does not know (a deployment's own)
// stays as it is.
func (l *Localizer) Law(en string) string {
	if l.law != nil {
		if s, ok := l.law.Texts[en]; ok {
			return s
		}
	}
	return en
}

// HasLaw reports whether the catalogue translates a legal text (always
// true in English).
func (l *Localizer) HasLaw(en string) bool {
	if l.lang == EN {
		return true
	}
	_, ok := l.law.Texts[en]
	return ok
}

// Unit names a parameter's unit ("calendar days": "календарных дней");
// English and an unknown unit stay as they are.
func (l *Localizer) Unit(en string) string {
	if l.law != nil {
		if s, ok := l.law.Units[en]; ok {
			return s
		}
	}
	return en
}
