package rules

import (
	"strconv"
	"unicode/utf8"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// AppendJSON appends the result as indented JSON (two spaces), byte for byte
// what encoding/json's MarshalIndent(r, "", "  ") writes, followed by a
// newline. It exists because a national batch prints millions of findings
// and reflection-based encoding dominated `ruqsat evaluate`'s time; a test
// checks it against encoding/json.
func (r *Result) AppendJSON(b []byte) []byte {
	b = append(b, "{\n  \"as_of\": "...)
	b = appendDate(b, r.AsOf)
	b = append(b, ",\n  \"ruleset\": "...)
	b = appendString(b, r.Ruleset)
	b = append(b, ",\n  \"provisional\": "...)
	b = strconv.AppendBool(b, r.Provisional)
	b = append(b, ",\n  \"findings\": "...)
	if len(r.Findings) == 0 {
		b = append(b, "[]"...)
	} else {
		b = append(b, "[\n"...)
		for i := range r.Findings {
			if i > 0 {
				b = append(b, ",\n"...)
			}
			b = appendFinding(b, &r.Findings[i])
		}
		b = append(b, "\n  ]"...)
	}
	return append(b, "\n}\n"...)
}

const ind4, ind6, ind8 = "\n    ", "\n      ", "\n        "

func appendFinding(b []byte, f *domain.Finding) []byte {
	b = append(b, "    {"+ind6+"\"rule\": "...)
	b = appendString(b, f.Rule.String())
	b = append(b, ","+ind6+"\"subject\": "...)
	b = appendString(b, f.Subject)
	b = append(b, ","+ind6+"\"period\": "...)
	b = appendString(b, f.Period)
	b = append(b, ","+ind6+"\"severity\": "...)
	b = appendString(b, f.Severity.String())
	b = append(b, ","+ind6+"\"status\": "...)
	b = appendString(b, f.Status.String())
	b = append(b, ","+ind6+"\"due\": "...)
	b = appendDate(b, f.Due)
	b = append(b, ","+ind6+"\"message\": "...)
	b = appendString(b, f.Message)
	b = append(b, ","+ind6+"\"basis\": "...)
	if f.Basis == nil {
		b = append(b, "null"...)
	} else if len(f.Basis) == 0 {
		b = append(b, "[]"...)
	} else {
		b = append(b, '[')
		for i, c := range f.Basis {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, ind8+"{"+ind8+"  \"act\": "...)
			b = appendString(b, c.Act)
			b = append(b, ","+ind8+"  \"ref\": "...)
			b = appendString(b, c.Ref)
			b = append(b, ","+ind8+"  \"confidence\": "...)
			b = appendString(b, c.Confidence)
			b = append(b, ","+ind8+"  \"url\": "...)
			b = appendString(b, c.URL)
			if c.Interpretation != "" {
				b = append(b, ","+ind8+"  \"interpretation\": "...)
				b = appendString(b, c.Interpretation)
			}
			b = append(b, ind8+"}"...)
		}
		b = append(b, ind6+"]"...)
	}
	b = append(b, ","+ind6+"\"fine\": "...)
	if f.Fine == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "{"+ind8+"\"article\": "...)
		b = appendString(b, f.Fine.Article)
		b = append(b, ","+ind8+"\"part\": "...)
		b = appendString(b, f.Fine.Part)
		b = append(b, ","+ind8+"\"mci\": "...)
		b = strconv.AppendInt(b, int64(f.Fine.MCI), 10)
		b = append(b, ","+ind8+"\"kzt\": "...)
		if f.Fine.KZT == nil {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendInt(b, *f.Fine.KZT, 10)
		}
		b = append(b, ","+ind8+"\"warning\": "...)
		b = strconv.AppendBool(b, f.Fine.Warning)
		b = append(b, ind6+"}"...)
	}
	b = append(b, ","+ind6+"\"facts\": "...)
	if len(f.Facts) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, '{')
		for i, fact := range f.Facts.Sorted() {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, ind8...)
			b = appendString(b, fact.Key)
			b = append(b, ": "...)
			b = appendFactValue(b, fact)
		}
		b = append(b, ind6+"}"...)
	}
	if f.Provisional {
		b = append(b, ","+ind6+"\"provisional\": true"...)
	}
	return append(b, ind4+"}"...)
}

func appendFactValue(b []byte, f domain.Fact) []byte {
	switch v := f.Value().(type) {
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case float64:
		return appendFloat(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	case string:
		return appendString(b, v)
	case []string:
		if len(v) == 0 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n          "...)
			b = appendString(b, s)
		}
		return append(b, ind8+"]"...)
	}
	return append(b, "null"...)
}

// appendFloat formats like encoding/json: 'f' for ordinary magnitudes,
// 'e' for very small or large ones.
func appendFloat(b []byte, x float64) []byte {
	abs := x
	if abs < 0 {
		abs = -abs
	}
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		n := len(b)
		b = strconv.AppendFloat(b, x, 'e', -1, 64)
		// clean up e-09 to e-9, as encoding/json does
		if m := len(b) - n; m >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			b = b[:len(b)-1]
		}
		return b
	}
	return strconv.AppendFloat(b, x, 'f', -1, 64)
}

func appendDate(b []byte, d domain.Date) []byte {
	b = append(b, '"')
	b, _ = d.AppendText(b)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string escaped as encoding/json does by
// default: control characters, quote and backslash, <, > and & (HTML-safe),
// U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
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
