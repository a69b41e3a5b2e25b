package api

import (
	"errors"
	"fmt"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// problemsOf returns the records validator's problems carried by err, or
// nil.
func problemsOf(err error) *domain.Problems {
	var e *domain.Error
	if errors.As(err, &e) && e.Problems != nil && len(e.Problems.List) > 0 {
		return e.Problems
	}
	return nil
}

// invalidRecords is the 422 answer to records the validator refused: one
// error a problem, its location a JSON pointer into the request body
// (/workers/3/permits/0/to). Values are never echoed.
func invalidRecords(ps *domain.Problems) error {
	details := make([]error, 0, len(ps.List)+1)
	for _, p := range ps.List {
		details = append(details, &huma.ErrorDetail{Location: p.Path.Pointer(), Message: p.Message(domain.Path.Pointer)})
	}
	if ps.More > 0 {
		details = append(details, &huma.ErrorDetail{Message: fmt.Sprintf("and %d more problems", ps.More)})
	}
	msg := "the records have a problem"
	if n := len(ps.List) + ps.More; n > 1 {
		msg = fmt.Sprintf("the records have %d problems", n)
	}
	return huma.Error422UnprocessableEntity(msg, details...)
}
