package main

import (
	"flag"

	"github.com/ruqsat/ruqsat/internal/i18n"
)

// langFlag adds --lang to a command's flags: the language of what it
// prints (kk, ru or en); without it, RUQSAT_LANG, else English.
func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "", "the language of the output: kk, ru or en (default: $RUQSAT_LANG, else en)")
}

// usageIn is a usage error told in l's language: the catalogue's message
// "cli.ID" with kv as its placeholders; English is the command's own text
// (en), so that the English messages stay as they were.
func usageIn(l *i18n.Localizer, en, id string, kv ...any) error {
	if l.Lang() == i18n.EN {
		return &usageError{msg: en}
	}
	return &usageError{msg: l.T("cli."+id, kv...)}
}

// language returns the language --lang (flag) or RUQSAT_LANG names; an
// unknown one is a usage error (exit 2).
func (m *Main) language(flag string) (i18n.Lang, error) {
	if flag != "" {
		l, ok := i18n.Parse(flag)
		if !ok {
			return i18n.EN, usagef("--lang %q: expected kk, ru or en", flag)
		}
		return l, nil
	}
	if m.Getenv == nil {
		return i18n.EN, nil
	}
	if env := m.Getenv("RUQSAT_LANG"); env != "" {
		l, ok := i18n.Parse(env)
		if !ok {
			return i18n.EN, usagef("RUQSAT_LANG %q: expected kk, ru or en", env)
		}
		return l, nil
	}
	return i18n.EN, nil
}
