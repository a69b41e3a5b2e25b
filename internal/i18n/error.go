package i18n

import (
	"errors"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Error writes the user-facing message of err in the localizer's language:
// an *domain.Error with a catalogue key in Kazakh or Russian, and the
// records validator's problems an error without a key holds (each at its
// path, as Problems.Error writes them); else its English Message
// (domain.ErrorMessage). Any other error is "internal error" in the
// localizer's language. A placeholder whose value is a domain.Problem is
// the problem as Problem writes it, one that is an error the error as
// Error writes it.
func (l *Localizer) Error(err error) string {
	var e *domain.Error
	if !errors.As(err, &e) {
		if err == nil {
			return ""
		}
		return l.T("error.internal")
	}
	if l.lang == EN {
		return domain.ErrorMessage(err)
	}
	if e.Key == "" || !l.Has(e.Key) {
		if e.Problems != nil && len(e.Problems.List) > 0 {
			return l.problems(e.Problems)
		}
		return domain.ErrorMessage(err)
	}
	kv := make([]any, len(e.Args))
	copy(kv, e.Args)
	for i, v := range kv {
		switch v := v.(type) {
		case domain.Problem:
			kv[i] = l.Problem(v, nil)
		case error:
			kv[i] = l.Error(v)
		}
	}
	return l.T(e.Key, kv...)
}

// problems writes the validator's problems one a line, each at its path.
func (l *Localizer) problems(ps *domain.Problems) string {
	var b strings.Builder
	for i, p := range ps.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Path.String() + ": " + l.Problem(p, nil))
	}
	if ps.More > 0 {
		b.WriteString("\n" + l.MoreProblems(ps.More))
	}
	return b.String()
}
