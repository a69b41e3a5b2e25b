package i18n

import (
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Problem writes a problem of the records validator in the localizer's
// language, without its place; where writes a path as the door names
// places (nil: Path.String). English is the domain's own text
// (Problem.Message); Kazakh and Russian come from the catalogue's
// "problem.CODE" and "describe.KEY", with the codes a file must hold
// (bases, sizes, articles, regions) quoted as they are written.
func (l *Localizer) Problem(p domain.Problem, where func(domain.Path) string) string {
	if l.lang == EN {
		return p.Message(where)
	}
	if where == nil {
		where = domain.Path.String
	}
	a := p.Args
	what := l.describe(p.Path)
	s := func(k string) string {
		if v, ok := a[k]; ok {
			return fmt.Sprint(v)
		}
		return ""
	}
	list := func(k string) string {
		items, _ := a[k].([]string)
		q := make([]string, len(items))
		for i, it := range items {
			q[i] = "«" + it + "»"
		}
		if len(q) <= 1 {
			return strings.Join(q, "")
		}
		return strings.Join(q[:len(q)-1], ", ") + l.T("problem.or") + q[len(q)-1]
	}
	switch p.Code {
	case domain.CodeRequired:
		switch {
		case a["members"] != nil:
			what = l.T("problem.required_eaeu", "Regions", strings.Join(a["members"].([]string), ", "))
		case a["basis"] != nil:
			what = l.T("problem.required_basis", "Name", what, "Basis", l.Basis(s("basis")))
		}
		return l.T("problem.required", "Name", what)
	case domain.CodeInvalidText:
		return l.T("problem.invalid_text", "Name", what)
	case domain.CodeTooLong:
		return l.T("problem.too_long", "N", s("len"), "Of", s("max"))
	case domain.CodeTooMany:
		return l.T("problem.too_many", "N", s("len"), "Of", s("max"))
	case domain.CodeEmptyList:
		return l.T("problem.empty_list", "Name", what)
	case domain.CodeNotOneOf:
		return l.T("problem.not_one_of", "Code", quoted(s("value")), "Name", what, "Regions", list("allowed"))
	case domain.CodeLowerCase:
		return l.T("problem.lower_case", "Code", quoted(s("value")), "Other", s("want"))
	case domain.CodeIdentifier:
		return l.T("problem.identifier", "Code", quoted(s("value")), "Name", what)
	case domain.CodeOutOfRange, domain.CodeDateRange:
		return l.T("problem.out_of_range", "Code", l.value(s("value")), "Name", what, "M", l.value(s("min")), "Of", l.value(s("max")))
	case domain.CodeBefore:
		start := l.describeKey(s("start_key"))
		if n := len(p.Path); n > 0 {
			// The start is the end's sibling: describe it at the same place.
			sib := append(append(domain.Path{}, p.Path[:n-1]...), domain.PathSeg{Key: s("start_key"), Index: -1})
			if d := l.describe(sib); d != sib.String() {
				start = d
			}
		}
		return l.T("problem.before", "Code", l.value(s("value")), "Other", start, "Date", l.value(s("start")))
	case domain.CodeDuplicate:
		return l.T("problem.duplicate", "Code", quoted(s("value")), "Other", where(p.Other))
	case domain.CodeFormat:
		want := s("want")
		if k, ok := wants[want]; ok {
			want = l.T(k)
		}
		return l.T("problem.format", "Code", quoted(s("value")), "Other", want)
	case domain.CodeEAEU:
		return l.T("problem.eaeu", "Regions", strings.Join(a["members"].([]string), ", "), "Code", s("value"))
	case domain.CodeKZCitizen:
		return l.T("problem.kz_citizen", "Code", s("value"))
	}
	return p.Code
}

// wants are the forms a door expects of a value it could not read (the
// API's decoder), by their English text.
var wants = map[string]string{
	"a date YYYY-MM-DD":      "want.date",
	"a month YYYY-MM":        "want.month",
	"1, 2, 3, 4 or seasonal": "want.category",
}

// MoreProblems says how many problems were left out: "и еще 3 ошибки".
func (l *Localizer) MoreProblems(n int) string { return l.T("problem.more", "Count", n) }

// describe says what the value at a path is, by the keys of its last two
// steps or its last, as domain.Describe does in English.
func (l *Localizer) describe(p domain.Path) string {
	if len(p) >= 2 {
		if k := "describe." + p[len(p)-2].Key + "." + p[len(p)-1].Key; l.Has(k) {
			return l.T(k)
		}
	}
	if k := "describe." + p.Leaf(); l.Has(k) {
		return l.T(k)
	}
	return p.String()
}

// describeKey is describe for a key of a worker's records ("start").
func (l *Localizer) describeKey(key string) string {
	for _, parent := range []string{"workers", "permits", "trips", "contract"} {
		if k := "describe." + parent + "." + key; l.Has(k) {
			return l.T(k)
		}
	}
	return key
}

// value writes a date (YYYY-MM-DD) as a date; anything else as it is.
func (l *Localizer) value(s string) string {
	if len(s) == 10 {
		if d, err := domain.ParseDate(s); err == nil {
			return l.Date(d)
		}
	}
	return s
}

// quoted cuts a value to 40 characters, as the English messages do.
func quoted(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
