package i18n

import (
	"strconv"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// ParamValue writes a legal parameter's value (its text as the parameter
// file has it) for a reader of the language, with its unit (the parameter
// file's, in English: "KZT", "working days"): money as a report writes it
// ("4 325 тенге"), a date as a date, yes and no as words, any other unit by
// its name after the value. English keeps the value as written, with its
// unit.
func (l *Localizer) ParamValue(unit, text string) string {
	if l.lang == EN {
		if unit != "" {
			return text + " " + unit
		}
		return text
	}
	if unit == "KZT" {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return l.MoneyWord(n)
		}
	}
	val := text
	switch d, err := domain.ParseDate(text); {
	case err == nil:
		val = l.Date(d)
	case text == "true":
		val = l.T("word.yes")
	case text == "false":
		val = l.T("word.no")
	}
	if unit != "" {
		// A unit in Russian would need the number's case: it is given by
		// its name, after the value.
		val += " (" + l.Unit(unit) + ")"
	}
	return val
}
