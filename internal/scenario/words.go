package scenario

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The reader's own messages are written in English in the code, where they
// are checked; in Kazakh or Russian (Words.Lang) each is the catalogue's
// message scenario.KEY, with the parts that vary (what a value is, what
// was expected, the values quoted) told in that language too.

// wantKeys names the catalogue's words for what a value should be, by the
// English text the reader passes as expect. TestEveryWantIsTranslated
// checks that every such text of the code is here.
var wantKeys = map[string]string{
	"a list of address changes":                     "scenario.want.address_changes",
	"a list of business trips":                      "scenario.want.trips",
	"a list of monthly reports":                     "scenario.want.reports",
	"a list of penalties":                           "scenario.want.penalties",
	"a list of permit applications":                 "scenario.want.applications",
	"a list of permits":                             "scenario.want.permits",
	"a list of planned engagements":                 "scenario.want.plans",
	"a list of quota applications":                  "scenario.want.quota_applications",
	"a list of region codes, such as [KZ-75]":       "scenario.want.regions",
	"a list of workers":                             "scenario.want.workers",
	"a number of staff, 0 or more":                  "scenario.want.staff_count",
	"a number of workers, 0 or more":                "scenario.want.worker_count",
	"a region code (ISO 3166-2:KZ)":                 "scenario.want.region",
	"an ISO 3166-1 alpha-2 country code such as GB": "scenario.want.country",
	"the Kazakhstan citizens on staff by category, such as kz: {1: 2, 2: 8, 3: 40, 4: 60}": "scenario.want.staff",
	"the as-of date, YYYY-MM-DD": "scenario.want.as_of",
	"the employer's name":        "scenario.want.employer_name",
	"the employer: a mapping with bin, size and the other employer keys": "scenario.want.employer",
	"the number of employees, 0 or more":                                 "scenario.want.employees",
	"the number of workers planned, 0 or more":                           "scenario.want.planned",
	"the parameter's value":                                              "scenario.want.parameter",
	"the part of the article, such as \"1\"":                             "scenario.want.part",
	"the permit number":                                                  "scenario.want.permit_number",
	"the position's title":                                               "scenario.want.position_title",
	"the vacancy's code on the labour exchange":                          "scenario.want.vacancy_code",
	"the worker's id":                                                    "scenario.want.worker_id",
	"the worker's name":                                                  "scenario.want.worker_name",
	"the worker's position":                                              "scenario.want.worker_position",
	yearExpect:                                                           "scenario.want.year",
	"a list of monthly figures":                                          "scenario.want.monthly_figures",
	"a list of contracts":                                                "scenario.want.contracts",
	"a list of documents":                                                "scenario.want.documents",
	"the document's number":                                              "describe.documents.number",
	"a number of people or jobs, 0 or more":                              "scenario.want.figure",
	"the employer's address":                                             "describe.employer.address",
	"the employer's phone number":                                        "describe.employer.phone",
	"the employer's e-mail address":                                      "describe.employer.email",
	"the director's full name":                                           "describe.director.name",
	"the director's position":                                            "describe.director.position",
	"the years of work experience, 0 or more":                            "scenario.want.experience",
	"the passport number":                                                "describe.passport.number",
	"the authority that issued the passport":                             "describe.passport.issuer",
	"the educational institution":                                        "describe.education.institution",
	"the specialty studied":                                              "describe.education.specialty",
	"the customer of the contract":                                       "describe.quota_contracts.customer",
	"the contract's number":                                              "describe.quota_contracts.number",
	"why the workers are needed":                                         "describe.quota_plans.justification",
	"1, 2, 3, 4 or seasonal":                                             "want.category",
}

// localized reports whether the reader's messages are told in Kazakh or
// Russian.
func (p *parser) localized() bool {
	return p.words != nil && p.words.Lang != nil && p.words.Lang.Lang() != i18n.EN
}

// say returns en, or in the reader's language the catalogue's message key
// with kv.
func (p *parser) say(en, key string, kv ...any) string {
	if !p.localized() {
		return en
	}
	return p.words.Lang.T(key, kv...)
}

// want says what a value should be (expect, as the code writes it in
// English) in the reader's language.
func (p *parser) want(expect string) string {
	if !p.localized() {
		return expect
	}
	l := p.words.Lang
	switch expect {
	case sizesExpect:
		return l.T("scenario.want.size", "Other", p.oneOf(sizes))
	case basisExpect:
		return l.T("scenario.want.basis", "Other", p.oneOf(bases))
	case articlesExpect:
		return l.T("scenario.want.article", "Other", p.oneOf(domain.Articles))
	case levelsExpect:
		return l.T("scenario.want.level", "Other", p.oneOf(levels))
	case docKindsExpect:
		return l.T("scenario.want.document_kind", "Other", p.oneOf(docKinds))
	}
	if k, ok := wantKeys[expect]; ok {
		return l.T(k)
	}
	return expect
}

// oneOf lists the words a value may be, each quoted: «a», «b» or «c».
func (p *parser) oneOf(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "«" + w + "»"
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + p.words.Lang.T("problem.or") + q[len(q)-1]
}

// keys lists a mapping's keys, quoted in Kazakh and Russian.
func (p *parser) keys(keys []string) string {
	if !p.localized() {
		return strings.Join(keys, ", ")
	}
	return "«" + strings.Join(keys, "», «") + "»"
}

// quote quotes a value of the file for a message: "x" in English, «x» in
// Kazakh and Russian.
func (p *parser) quote(s string) string {
	if !p.localized() {
		return quoteShort(s)
	}
	return "«" + cut(s) + "»"
}

// describe says what a node holds, in the reader's language.
func (p *parser) describe(n *yaml.Node) string {
	if !p.localized() {
		return describe(n)
	}
	l := p.words.Lang
	switch classOf(n) {
	case classNull:
		return l.T("scenario.is.null")
	case classText:
		return l.T("scenario.is.text", "Code", p.quote(n.Value))
	case classBlock:
		return l.T("scenario.is.block")
	case classInt, classFloat:
		return l.T("scenario.is.number", "Code", n.Value)
	case classBool:
		return l.T("scenario.is.boolean", "Code", "«"+n.Value+"»")
	}
	switch n.Kind {
	case yaml.MappingNode:
		return l.T("scenario.is.mapping")
	case yaml.SequenceNode:
		return l.T("scenario.is.list")
	}
	return l.T("scenario.is.alias")
}

// got reports a value of the wrong type: "got X; expected Y".
func (p *parser) got(n *yaml.Node, at path, expect string) {
	p.errorf(n, at, "%s", p.say(fmt.Sprintf("got %s; expected %s", describe(n), expect), "scenario.got", "Name", p.describe(n), "Other", p.want(expect)))
}
