package api

import (
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// redactBodyValues is a huma transformer that keeps request bodies out of
// error responses. huma echoes the value at the location of each
// validation error, and for an error in the body as a whole (an unknown
// property, JSON that does not parse) that value is the whole body: a
// login's password, a new user's password, a token. So no error detail
// located in the body carries its value, and a JSON syntax error does not
// quote the character it stumbled on. The location and the message, which
// say what is wrong, stay; the location as a JSON pointer into the body.
// Values of query, path and header parameters are still echoed: they are in
// the URL or the headers anyway.
func redactBodyValues(_ huma.Context, _ string, v any) (any, error) {
	em := errorModel(v)
	if em == nil {
		return v, nil
	}
	for i, d := range em.Errors {
		if d == nil || !inBody(d.Location) {
			continue
		}
		c := *d // the detail may be shared: change a copy
		c.Value = nil
		c.Location = bodyPointer(c.Location)
		c.Message = quotedChar.ReplaceAllString(c.Message, "invalid character")
		em.Errors[i] = &c
	}
	return v, nil
}

// bodyPointer writes huma's location of a body value (body.workers[0].start)
// as the JSON pointer the records validator's problems carry
// (/workers/0/start), so that every error about the body is located alike.
func bodyPointer(loc string) string {
	if strings.HasPrefix(loc, "/") {
		return loc
	}
	rest := strings.TrimPrefix(loc, "body")
	if rest == "" {
		return loc // the body as a whole: "body", as huma names it
	}
	var b strings.Builder
	for _, part := range strings.FieldsFunc(rest, func(r rune) bool { return r == '.' || r == '[' || r == ']' }) {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(part, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// errorModel returns the problem+json body of an error answer (a 429 or
// 503 with Retry-After included), or nil for any other answer.
func errorModel(v any) *huma.ErrorModel {
	switch e := v.(type) {
	case *huma.ErrorModel:
		return e
	case *retryError:
		return e.ErrorModel
	}
	return nil
}

// quotedChar is how encoding/json quotes the character of a syntax error
// ("invalid character 'x' looking for beginning of value").
var quotedChar = regexp.MustCompile(`invalid character '.*?'`)

// inBody reports whether an error detail's location is in the request
// body: "body", "body.password", "body[0]", or a JSON pointer (the records
// validator's "/workers/3/name").
func inBody(loc string) bool {
	return loc == "body" || strings.HasPrefix(loc, "body.") || strings.HasPrefix(loc, "body[") || strings.HasPrefix(loc, "/")
}
