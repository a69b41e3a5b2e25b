package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
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

// employerFieldProblems places the validator's problems with an
// employer's own fields (employer.name) in a PATCH body, which holds those
// fields at its top (/name).
func employerFieldProblems(err error) error {
	ps := problemsOf(err)
	if ps == nil {
		return err
	}
	out := &domain.Problems{More: ps.More}
	for _, p := range ps.List {
		if len(p.Path) > 1 && p.Path[0].Key == "employer" {
			p.Path = p.Path[1:]
		}
		out.List = append(out.List, p)
	}
	return out.Err()
}

// invalidRecords is the 422 answer to records the validator refused: one
// error a problem, its location a JSON pointer into the request body
// (/workers/3/permits/0/to). Values are never echoed.
//
// The messages are in the request's language (see language).
func invalidRecords(ps *domain.Problems, lang i18n.Lang) error {
	l := i18n.For(lang)
	details := make([]error, 0, len(ps.List)+1)
	for _, p := range ps.List {
		details = append(details, &huma.ErrorDetail{Location: p.Path.Pointer(), Message: l.Problem(p, domain.Path.Pointer)})
	}
	if ps.More > 0 {
		more := fmt.Sprintf("and %d more problems", ps.More)
		if lang != i18n.EN {
			more = l.MoreProblems(ps.More)
		}
		details = append(details, &huma.ErrorDetail{Message: more})
	}
	msg := "the records have a problem"
	if n := len(ps.List) + ps.More; n > 1 {
		msg = fmt.Sprintf("the records have %d problems", n)
	}
	if lang != i18n.EN {
		msg = l.T("problem.headline", "Count", len(ps.List)+ps.More)
	}
	return huma.Error422UnprocessableEntity(msg, details...)
}

type langKey struct{}

// language is the middleware that gives every route the request's
// language: ?lang= (kk, ru, en), else the best of Accept-Language, else
// English. The findings routes also declare it in the OpenAPI document.
func language(ctx huma.Context, next func(huma.Context)) {
	next(huma.WithValue(ctx, langKey{}, requestLang(ctx.Query("lang"), ctx.Header("Accept-Language"))))
}

// langOf returns the request's language (English outside a request).
func langOf(ctx context.Context) i18n.Lang {
	l, _ := ctx.Value(langKey{}).(i18n.Lang)
	return l
}
