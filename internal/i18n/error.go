package i18n

import (
	"errors"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Error writes the user-facing message of err in the localizer's language:
// an *domain.Error with a catalogue key in Kazakh or Russian, else its
// English Message (domain.ErrorMessage). A placeholder whose value is a
// domain.Problem is the problem as Problem writes it.
func (l *Localizer) Error(err error) string {
	var e *domain.Error
	if l.lang == EN || !errors.As(err, &e) || e.Key == "" || !l.Has(e.Key) {
		return domain.ErrorMessage(err)
	}
	kv := make([]any, len(e.Args))
	copy(kv, e.Args)
	for i, v := range kv {
		if p, ok := v.(domain.Problem); ok {
			kv[i] = l.Problem(p, nil)
		}
	}
	return l.T(e.Key, kv...)
}
