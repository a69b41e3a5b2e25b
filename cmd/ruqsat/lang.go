package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Every word the command line prints to a person (usage errors, the -h
// texts, the flags' descriptions, what a command reports having done) is a
// message of the catalogues (internal/i18n, keys cli.*), told in the
// language of the run: --lang kk|ru|en, else RUQSAT_LANG, else English. Run
// finds it once for every command (runLanguage), so that every command
// takes --lang and an unknown language is a usage error (exit 2) whatever
// the command; flagSet gives a command's flags --lang and the usage text of
// that language. What a command writes for machines (JSON, ICS, scenario
// files) and the server's log lines (for operators, key=value) stay as
// they are.

// langValue is the value of --lang: the language was read by Run already,
// and the flag is there so that the command's flag set accepts it.
type langValue struct{ s string }

func (v *langValue) String() string {
	if v == nil {
		return ""
	}
	return v.s
}

func (v *langValue) Set(s string) error { v.s = s; return nil }

// langFlag returns the value of fs's --lang, adding the flag when fs has
// none (flagSet adds it to every command's flags).
func langFlag(fs *flag.FlagSet) *string {
	if f := fs.Lookup("lang"); f != nil {
		if v, ok := f.Value.(*langValue); ok {
			return &v.s
		}
	}
	v := &langValue{}
	fs.Var(v, "lang", "")
	return &v.s
}

// runLanguage returns the language of a command's arguments: the last
// --lang (-lang, --lang=X) before a "--", else RUQSAT_LANG, else English.
func (m *Main) runLanguage(args []string) (i18n.Lang, error) {
	val := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, v, eq := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "lang" {
			continue
		}
		switch {
		case eq:
			val = v
		case i+1 < len(args):
			val = args[i+1]
			i++
		}
	}
	return m.language(val)
}

// language returns the language --lang (flag) or RUQSAT_LANG names; an
// unknown one is a usage error (exit 2), told in RUQSAT_LANG's language when
// that one is known, else in English.
func (m *Main) language(flag string) (i18n.Lang, error) {
	env := ""
	if m.Getenv != nil {
		env = m.Getenv("RUQSAT_LANG")
	}
	envLang, envOK := i18n.Parse(env)
	if flag != "" {
		l, ok := i18n.Parse(flag)
		if !ok {
			return i18n.EN, &usageError{msg: i18n.For(envLang).T("cli.lang", "Code", flag)}
		}
		return l, nil
	}
	if env != "" && !envOK {
		return i18n.EN, &usageError{msg: i18n.For(i18n.EN).T("cli.lang_env", "Code", env)}
	}
	return envLang, nil
}

// loc returns the localizer of the run's language (English before Run has
// found it).
func (m *Main) loc() *i18n.Localizer {
	if m.l == nil {
		return i18n.For(i18n.EN)
	}
	return m.l
}

// usageErr is a usage error (exit 2): the catalogue's message id.
func (m *Main) usageErr(id string, kv ...any) error {
	return &usageError{msg: m.loc().T(id, kv...)}
}

// failure is an error of a command (exit 1): the catalogue's message id.
func (m *Main) failure(id string, kv ...any) error {
	return errors.New(m.loc().T(id, kv...))
}

// say writes the catalogue's message id and a line break to standard
// output: what a command reports having done.
func (m *Main) say(id string, kv ...any) error {
	_, err := fmt.Fprintln(m.Stdout, m.loc().T(id, kv...))
	return err
}

// usageIn is a usage error told in l's language: the catalogue's message
// "cli.ID" with kv as its placeholders; English is the command's own text
// (en), as evaluate writes it.
func usageIn(l *i18n.Localizer, en, id string, kv ...any) error {
	if l.Lang() == i18n.EN {
		return &usageError{msg: en}
	}
	return &usageError{msg: l.T("cli."+id, kv...)}
}

// appError writes an error of the application layer or the store in the
// run's language (an error with a catalogue key, domain.Error.Key), as a
// plain error (exit 1).
func (m *Main) appError(err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return errors.New(m.loc().Error(err))
	}
	return err
}

// fileError says that a file could not be read or written, and why, in
// the run's language; a usage error (exit 2) like any bad argument.
func (m *Main) fileError(name string, err error) error {
	why := "cli.file.other"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		why = "cli.file.not_exist"
	case errors.Is(err, fs.ErrPermission):
		why = "cli.file.permission"
	case errors.Is(err, fs.ErrExist):
		why = "cli.file.exist"
	case isDirError(err):
		why = "cli.file.directory"
	}
	l := m.loc()
	return &usageError{msg: l.T("cli.file", "Name", name, "Other", l.T(why))}
}

func isDirError(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "is a directory")
}

// readError is a file a command could not read, where the command has no
// Main to tell it (loadParams): Run tells it in the run's language, as
// fileError does (exit 2).
type readError struct {
	name string
	err  error
}

func (e *readError) Error() string { return e.name + ": " + e.err.Error() }

// flagSet returns the flag set of a command (its name as the usage text
// names it: "import", "user add"): --lang added, errors and the usage text
// written in the run's language to standard error.
func (m *Main) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package writes its own error (in English) before it calls
	// Usage: Usage tells it again in the run's language.
	var own bytes.Buffer
	fs.SetOutput(&own)
	langFlag(fs)
	fs.Usage = func() {
		if msg := strings.TrimSpace(own.String()); msg != "" {
			fmt.Fprintf(m.Stderr, "ruqsat %s: %s\n", name, m.flagError(fs, msg))
			own.Reset()
		}
		m.commandUsage(m.Stderr, fs)
	}
	return fs
}

// The flag package's own errors, as it writes them.
var (
	flagUnknownRE = regexp.MustCompile(`^flag provided but not defined: -+(\S+)$`)
	flagNoValueRE = regexp.MustCompile(`^flag needs an argument: -+(\S+)$`)
	flagInvalidRE = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:\s]+): `)
	flagSyntaxRE  = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagError tells an error of the flag package in the run's language.
func (m *Main) flagError(fs *flag.FlagSet, msg string) string {
	l := m.loc()
	if s := flagUnknownRE.FindStringSubmatch(msg); s != nil {
		return l.T("cli.flag_unknown", "Name", "--"+s[1])
	}
	if s := flagNoValueRE.FindStringSubmatch(msg); s != nil {
		return l.T("cli.flag_no_value", "Name", "--"+s[1])
	}
	if s := flagInvalidRE.FindStringSubmatch(msg); s != nil {
		want := "cli.want.text"
		if f := fs.Lookup(s[2]); f != nil {
			switch fmt.Sprintf("%T", f.Value) {
			case "*flag.intValue", "*flag.int64Value", "*flag.uintValue", "*flag.uint64Value":
				want = "cli.want.int"
			case "*flag.durationValue":
				want = "cli.want.duration"
			case "*flag.boolValue":
				want = "cli.want.bool"
			}
		}
		return l.T("cli.flag_invalid", "Code", s[1], "Name", "--"+s[2], "Other", l.T(want))
	}
	if s := flagSyntaxRE.FindStringSubmatch(msg); s != nil {
		return l.T("cli.flag_syntax", "Code", s[1])
	}
	return msg
}

// usageKey is the catalogue's name of a command: "user passwd" is
// "user_passwd".
func usageKey(name string) string { return strings.ReplaceAll(name, " ", "_") }

// commandUsage writes a command's usage text: its synopsis and what it
// does (cli.usage.NAME, cli.about.NAME), then each flag with its
// description: cli.flag.NAME.FLAG, else cli.flag.FLAG for a flag that
// means the same in every command (--db, --tenant, --lang).
func (m *Main) commandUsage(w interface{ Write([]byte) (int, error) }, fs *flag.FlagSet) {
	l := m.loc()
	key := usageKey(fs.Name())
	var b strings.Builder
	b.WriteString(l.T("cli.usage", "Other", l.T("cli.usage."+key)))
	b.WriteString("\n")
	if id := "cli.about." + key; l.Has(id) {
		b.WriteString("\n" + l.T(id) + "\n")
	}
	var flags []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	sort.Slice(flags, func(i, j int) bool { return flags[i].Name < flags[j].Name })
	if len(flags) > 0 {
		b.WriteString("\n" + l.T("cli.flags") + "\n")
	}
	for _, f := range flags {
		b.WriteString("  --" + f.Name + "\n        " + l.T(flagKey(l, key, f.Name)))
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "0s" {
			b.WriteString(" " + l.T("cli.default", "Code", def))
		}
		b.WriteString("\n")
	}
	fmt.Fprint(w, b.String())
}

// flagKey is the catalogue's message describing a command's flag.
func flagKey(l *i18n.Localizer, cmd, name string) string {
	if id := "cli.flag." + cmd + "." + name; l.Has(id) {
		return id
	}
	return "cli.flag." + name
}
