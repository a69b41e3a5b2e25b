package api

import (
	"regexp"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ruqsat/ruqsat/internal/i18n"
)

// schemaMessages are huma's schema-validation messages (huma/validation)
// that a request usually meets, with the catalogue's message ("api.ID")
// that tells them in Kazakh or Russian; the first group, when any, is its
// {{.Code}}.
var schemaMessages = []struct {
	re *regexp.Regexp
	id string
}{
	{regexp.MustCompile(`^validation failed$`), "validation_failed"},
	{regexp.MustCompile(`^unexpected property$`), "unexpected_property"},
	{regexp.MustCompile(`^expected length <= (\d+)$`), "max_length"},
	{regexp.MustCompile(`^expected length >= (\d+)$`), "min_length"},
	{regexp.MustCompile(`^expected number <= (\S+)$`), "maximum"},
	{regexp.MustCompile(`^expected number >= (\S+)$`), "minimum"},
	{regexp.MustCompile(`^expected array length <= (\d+)$`), "max_items"},
	{regexp.MustCompile(`^expected required property (\S+) to be present$`), "required"},
	{regexp.MustCompile(`^expected string to be RFC 3339 date$`), "date"},
	{regexp.MustCompile(`^expected value to be one of "(.*)"$`), "one_of"},
	{regexp.MustCompile(`^expected string to match pattern (.*)$`), "pattern"},
	{regexp.MustCompile(`^expected (string|integer|number|boolean|array|object)$`), "type"},
}

// statusTitles are the titles of the error answers a client meets.
var statusTitles = map[string]string{
	"Bad Request": "bad_request", "Unauthorized": "unauthorized", "Forbidden": "forbidden",
	"Not Found": "not_found", "Conflict": "conflict", "Precondition Failed": "precondition_failed",
	"Unprocessable Entity": "unprocessable", "Too Many Requests": "too_many", "Service Unavailable": "unavailable",
	"Internal Server Error": "internal",
}

// translateErrors is a huma transformer that tells an error answer's
// title, and huma's own schema messages, in the request's language
// (?lang=, else Accept-Language); the records validator's problems are
// told in it already (invalidRecords), and the application's errors by
// fail (domain.Error's key); the server's fixed answers (fixedMessages)
// here.
func translateErrors(ctx huma.Context, _ string, v any) (any, error) {
	em := errorModel(v)
	if em == nil {
		return v, nil
	}
	lang := requestLang(ctx.Query("lang"), ctx.Header("Accept-Language"))
	if lang == i18n.EN {
		return v, nil
	}
	l := i18n.For(lang)
	if id, ok := statusTitles[em.Title]; ok {
		em.Title = l.T("api.title." + id)
	}
	em.Detail = translateSchema(l, em.Detail)
	for i, d := range em.Errors {
		if d == nil {
			continue
		}
		c := *d // the detail may be shared: change a copy
		c.Message = translateSchema(l, c.Message)
		em.Errors[i] = &c
	}
	return v, nil
}

// fixedMessages are the server's own answers that no application error
// carries (an unauthenticated request, an error hidden as internal), with
// the catalogue's message that tells them.
var fixedMessages = map[string]string{
	"internal error": "error.internal",
	"authentication required: an API token (Authorization: Bearer) or a session": "api.auth_required",
}

func translateSchema(l *i18n.Localizer, msg string) string {
	if id, ok := fixedMessages[msg]; ok {
		return l.T(id)
	}
	for _, m := range schemaMessages {
		if g := m.re.FindStringSubmatch(msg); g != nil {
			code := ""
			if len(g) > 1 {
				code = g[1]
			}
			if m.id == "type" {
				code = l.T("api.type." + code)
			}
			return l.T("api."+m.id, "Code", code)
		}
	}
	return msg
}
