package rules

import (
	"strconv"

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
	b = append(b, ",\n  \"not_evaluated\": "...)
	switch {
	case r.NotEvaluated == nil:
		b = append(b, "null"...)
	case len(r.NotEvaluated) == 0:
		b = append(b, "[]"...)
	default:
		for i, n := range r.NotEvaluated {
			if i == 0 {
				b = append(b, "["+ind4+"{"+ind6+"\"rule\": "...)
			} else {
				b = append(b, ","+ind4+"{"+ind6+"\"rule\": "...)
			}
			b = appendString(b, n.Rule.String())
			b = append(b, ","+ind6+"\"parameter\": "...)
			b = appendString(b, n.Parameter)
			b = append(b, ind4+"}"...)
		}
		b = append(b, "\n  ]"...)
	}
	return append(b, "\n}\n"...)
}

const ind4, ind6, ind8 = "\n    ", "\n      ", "\n        "

func appendFinding(b []byte, f *domain.Finding) []byte {
	b = append(b, "    {"+ind6+"\"rule\": "...)
	b = appendString(b, f.Rule.String())
	b = append(b, ","+ind6+"\"title\": "...)
	b = appendString(b, f.Title)
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
			b = append(b, ","+ind8+"  \"act_title\": "...)
			b = appendString(b, c.ActTitle)
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
			b = fact.AppendJSON(b, ind8)
		}
		b = append(b, ind6+"}"...)
	}
	if f.Provisional {
		b = append(b, ","+ind6+"\"provisional\": true"...)
	}
	return append(b, ind4+"}"...)
}

func appendDate(b []byte, d domain.Date) []byte {
	b = append(b, '"')
	b, _ = d.AppendText(b)
	return append(b, '"')
}

// appendString writes s as a JSON string, as encoding/json does.
func appendString(b []byte, s string) []byte { return domain.AppendJSONString(b, s) }
