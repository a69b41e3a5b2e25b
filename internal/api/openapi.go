package api

import "github.com/danielgtaylor/huma/v2"

// documentAnswers corrects two things the schemas huma derives say about
// the API's answers, which a client generated from the document would
// believe (TestGeneratedClientTypes checks real answers against one):
//
//   - a finding's fine is null when the finding risks none. huma cannot mark
//     a field whose schema is a $ref nullable, so the Fine schema itself
//     admits null; every field that uses it is a pointer.
//   - a problem's type is left out when it is about:blank (RFC 9457), but
//     a default in the schema tells generators that it is always there.
func documentAnswers(o *huma.OpenAPI) {
	schemas := o.Components.Schemas.Map()
	if s := schemas["Fine"]; s != nil {
		s.Nullable = true
	}
	if s := schemas["ErrorModel"]; s != nil && s.Properties["type"] != nil {
		t := s.Properties["type"]
		t.Default = nil
		t.Description += " Left out when it is about:blank."
	}
}

// schemaLinks is the create hook of huma.DefaultConfig, which adds the Link
// header and the $schema field to answers (a URL under /api/schemas),
// except that its transformer sees the document without the servers. For a
// request whose Host starts with "localhost", huma takes the host of that
// URL from the first server instead of the request; the server is relative
// ("/"), which would give "https:////api/schemas/...".
func schemaLinks(c huma.Config) huma.Config {
	t := huma.NewSchemaLinkTransformer("#/components/schemas/", c.SchemasPath)
	c.OnAddOperation = append(c.OnAddOperation, func(o *huma.OpenAPI, op *huma.Operation) {
		t.OnAddOperation(&huma.OpenAPI{Components: o.Components}, op)
	})
	c.Transformers = append(c.Transformers, t.Transform)
	return c
}
