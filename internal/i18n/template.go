package i18n

import (
	"fmt"
	"strconv"
	"strings"
)

// tmpl is a compiled message: literal text and placeholders, in order.
type tmpl []segment

// segment is literal text, or a placeholder {{.Name}}, or {{.Name|unit}}
// for a count written with a unit message ("unit.day") in its plural form.
type segment struct {
	lit  string
	arg  arg
	unit string // "unit.day", for arg with |day
}

// arg names a placeholder.
type arg uint8

const (
	argNone arg = iota
	argName
	argID
	argCode
	argBasis
	argRegions
	argRegion
	argDate
	argDue
	argDone
	argOther
	argMonth
	argN
	argOf
	argM
	argYear
	argShare
	argBound
	argGroup
	argReasons
	argArticle
	argCount
)

var argNames = map[string]arg{
	"Name": argName, "ID": argID, "Code": argCode, "Basis": argBasis, "Regions": argRegions,
	"Region": argRegion, "Date": argDate, "Due": argDue, "Done": argDone, "Other": argOther,
	"Month": argMonth, "N": argN, "Of": argOf, "M": argM, "Year": argYear, "Share": argShare,
	"Bound": argBound, "Group": argGroup, "Reasons": argReasons, "Article": argArticle, "Count": argCount,
}

// Placeholders returns the names of the placeholders a text uses, with the
// unit of a counted one ("N|day"), in order.
func Placeholders(src string) ([]string, error) {
	t, err := parse(src)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range t {
		if s.arg == argNone {
			continue
		}
		name := argName2(s.arg)
		if s.unit != "" {
			name += "|" + strings.TrimPrefix(s.unit, "unit.")
		}
		out = append(out, name)
	}
	return out, nil
}

func argName2(a arg) string {
	for n, v := range argNames {
		if v == a {
			return n
		}
	}
	return ""
}

// parse compiles a catalogue text: {{.Name}} and {{.Name|unit}} are
// placeholders, everything else is literal.
func parse(src string) (tmpl, error) {
	var t tmpl
	for src != "" {
		i := strings.Index(src, "{{")
		if i < 0 {
			t = append(t, segment{lit: src})
			break
		}
		if i > 0 {
			t = append(t, segment{lit: src[:i]})
		}
		j := strings.Index(src[i:], "}}")
		if j < 0 {
			return nil, fmt.Errorf("unclosed {{ in %q", src)
		}
		inner := strings.TrimSpace(src[i+2 : i+j])
		src = src[i+j+2:]
		name, unit, _ := strings.Cut(inner, "|")
		name = strings.TrimSpace(name)
		if !strings.HasPrefix(name, ".") {
			return nil, fmt.Errorf("placeholder {{%s}}: want {{.Name}}", inner)
		}
		a, ok := argNames[name[1:]]
		if !ok {
			return nil, fmt.Errorf("unknown placeholder {{%s}}", inner)
		}
		s := segment{arg: a}
		if unit = strings.TrimSpace(unit); unit != "" {
			s.unit = "unit." + unit
		}
		t = append(t, s)
	}
	return t, nil
}

// appendWith fills the placeholders with kv's values (pairs of a name and
// a value), written with fmt's %v; a count takes its unit.
func (t tmpl) appendWith(b []byte, l *Localizer, kv []any) []byte {
	for _, s := range t {
		if s.arg == argNone {
			b = append(b, s.lit...)
			continue
		}
		name := argName2(s.arg)
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] != name {
				continue
			}
			switch v := kv[i+1].(type) {
			case string:
				b = append(b, v...)
			case int:
				if s.unit != "" {
					b = l.appendCount(b, s.unit, int64(v))
				} else {
					b = l.AppendInt(b, int64(v))
				}
			default:
				b = fmt.Append(b, v)
			}
			break
		}
	}
	return b
}

// appendCount writes a unit message: its one placeholder, {{.Count}}, is n.
func (t tmpl) appendCount(b []byte, l *Localizer, n int64) []byte {
	for _, s := range t {
		if s.arg == argNone {
			b = append(b, s.lit...)
		} else {
			b = l.AppendInt(b, n)
		}
	}
	return b
}

func appendInt32(b []byte, n int32) []byte { return strconv.AppendInt(b, int64(n), 10) }
