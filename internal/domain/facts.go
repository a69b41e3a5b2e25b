package domain

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Facts are what a rule counted or compared to reach a finding, such as
// {"days": 92, "limit": 90}. They are a slice rather than a map because an
// evaluation makes millions of them: one allocation each, values unboxed.
// JSON writes them as an object with sorted keys.
type Facts []Fact

// Fact is one named value: an integer, a decimal, a boolean, a date, a string
// or a list of strings.
type Fact struct {
	Key  string
	str  string
	num  int64 // ints, booleans, dates, and decimals as their IEEE 754 bits
	list *[]string
	kind factKind
}

type factKind uint8

const (
	factInt factKind = iota
	factDecimal
	factBool
	factDate
	factString
	factList
)

// Int, Decimal, Bool, DateFact, String and List make facts.
func Int(key string, n int) Fact { return Fact{Key: key, kind: factInt, num: int64(n)} }
func Decimal(key string, x float64) Fact {
	return Fact{Key: key, kind: factDecimal, num: int64(math.Float64bits(x))}
}
func DateFact(key string, d Date) Fact     { return Fact{Key: key, kind: factDate, num: int64(d)} }
func String(key, s string) Fact            { return Fact{Key: key, kind: factString, str: s} }
func List(key string, items []string) Fact { return Fact{Key: key, kind: factList, list: &items} }
func Bool(key string, b bool) Fact {
	f := Fact{Key: key, kind: factBool}
	if b {
		f.num = 1
	}
	return f
}

// Value returns the fact's value as int, float64, bool, string (dates as
// YYYY-MM-DD) or []string.
func (f Fact) Value() any {
	switch f.kind {
	case factInt:
		return int(f.num)
	case factDecimal:
		return math.Float64frombits(uint64(f.num))
	case factBool:
		return f.num != 0
	case factDate:
		return Date(f.num).String()
	case factString:
		return f.str
	}
	return *f.list
}

// Get returns the value of the fact called key (see Fact.Value), or nil.
func (fs Facts) Get(key string) any {
	for _, f := range fs {
		if f.Key == key {
			return f.Value()
		}
	}
	return nil
}

// Has reports whether a fact is called key.
func (fs Facts) Has(key string) bool {
	for _, f := range fs {
		if f.Key == key {
			return true
		}
	}
	return false
}

// Sorted returns the facts ordered by key (a copy).
func (fs Facts) Sorted() Facts {
	s := slices.Clone(fs)
	slices.SortStableFunc(s, func(a, b Fact) int {
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	return s
}

// MarshalJSON writes the facts as one JSON object with sorted keys.
func (fs Facts) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16+24*len(fs))
	b = append(b, '{')
	for i, f := range fs.Sorted() {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendJSONString(b, f.Key)
		b = append(b, ':')
		b = f.AppendJSON(b, "")
	}
	return append(b, '}'), nil
}

// AppendJSON appends the fact's value as JSON: what encoding/json writes for
// Value(), numbers in its format (1e-7, 1e+21, 0.30000000000000004) and
// strings with its escapes. It is the one formatter of fact values, for
// Facts.MarshalJSON and for the rules' hand-written encoder.
//
// A list is written compact when nl is "", else as json.MarshalIndent writes
// it with an indent of two spaces: one item a line, at nl plus two spaces,
// and the closing bracket at nl, where nl is a newline and the indentation
// of the line the list starts on. NaN and the infinities, which JSON cannot
// write, are null.
func (f Fact) AppendJSON(b []byte, nl string) []byte {
	switch f.kind {
	case factInt:
		return strconv.AppendInt(b, f.num, 10)
	case factDecimal:
		return appendJSONFloat(b, math.Float64frombits(uint64(f.num)))
	case factBool:
		return strconv.AppendBool(b, f.num != 0)
	case factDate:
		b = append(b, '"')
		b, _ = Date(f.num).AppendText(b)
		return append(b, '"')
	case factString:
		return AppendJSONString(b, f.str)
	}
	items := *f.list
	if len(items) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range items {
		if i > 0 {
			b = append(b, ',')
		}
		if nl != "" {
			b = append(b, nl...)
			b = append(b, "  "...)
		}
		b = AppendJSONString(b, s)
	}
	if nl != "" {
		b = append(b, nl...)
	}
	return append(b, ']')
}

// appendJSONFloat formats x as encoding/json does: 'f' for ordinary
// magnitudes, 'e' below 1e-6 and from 1e21, with a one-digit exponent not
// padded (1e-7, not 1e-07).
func appendJSONFloat(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(x)
	if abs == 0 || (abs >= 1e-6 && abs < 1e21) {
		return strconv.AppendFloat(b, x, 'f', -1, 64)
	}
	n := len(b)
	b = strconv.AppendFloat(b, x, 'e', -1, 64)
	if m := len(b) - n; m >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
		b[len(b)-2] = b[len(b)-1]
		b = b[:len(b)-1]
	}
	return b
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string escaped as encoding/json does
// by default: control characters, quote and backslash, <, > and &
// (HTML-safe), U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// UnmarshalJSON reads an object of facts back: numbers with a fraction become
// decimals, whole numbers ints, strings in date form dates.
func (fs *Facts) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return err
	}
	out := make(Facts, 0, len(m))
	for k, raw := range m {
		var v any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return err
		}
		switch v := v.(type) {
		case json.Number:
			if n, err := v.Int64(); err == nil {
				out = append(out, Int(k, int(n)))
			} else if x, err := v.Float64(); err == nil {
				out = append(out, Decimal(k, x))
			}
		case bool:
			out = append(out, Bool(k, v))
		case string:
			if d, err := ParseDate(v); err == nil {
				out = append(out, DateFact(k, d))
			} else {
				out = append(out, String(k, v))
			}
		case []any:
			items := make([]string, 0, len(v))
			for _, it := range v {
				s, _ := it.(string)
				items = append(items, s)
			}
			out = append(out, List(k, items))
		}
	}
	*fs = out.Sorted()
	return nil
}
