package bulk

import (
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// A documents file lists the papers on file for workers, one row each: the
// worker (by id, as permits refer to it), the document's kind, number and
// dates. Apply finds a document by its worker, kind and number.

var documentColumns = []column{
	binColumn,
	workerColumn,
	{fDocKind, "kind", false, "", []string{
		"kind", "document kind", "document type", "type of document", "type", "document",
		"вид документа", "тип документа", "наименование документа", "документ", "вид", "тип",
		"құжат түрі", "құжаттың түрі", "құжаттың атауы", "құжат", "түрі"}},
	{fNumber, "number", false, "", []string{
		"number", "document number", "document no", "no", "№",
		"номер", "номер документа", "№ документа", "серия и номер", "серия номер",
		"нөмір", "нөмірі", "құжат нөмірі", "құжаттың нөмірі", "құжат №"}},
	{fIssued, "issued", false, "", []string{
		"issued", "issue date", "date of issue", "issued on",
		"дата выдачи", "выдан", "выдано", "когда выдан", "дата выдачи документа",
		"берілген күні", "берілді", "құжат берілген күні"}},
	{fExpires, "expires", false, "", []string{
		"expires", "expiry date", "expiration date", "expiry", "valid until", "valid to",
		"срок действия", "действителен до", "действует до", "годен до", "дата окончания", "дата окончания срока действия",
		"мерзімі", "қолданылу мерзімі", "жарамдылық мерзімі", "жарамды", "дейін"}},
}

// docKindWords are the words HR files use for a kind of document, in
// English, Russian and Kazakh, normalized, and each kind's code.
var docKindWords = func() map[string]domain.DocumentKind {
	m := map[string]domain.DocumentKind{}
	for kind, words := range map[domain.DocumentKind][]string{
		domain.DocPassport: {"passport", "foreign passport", "national passport", "travel document",
			"паспорт", "загранпаспорт", "заграничный паспорт", "национальный паспорт", "паспорт иностранца",
			"төлқұжат", "шетелдік төлқұжат", "паспорт көшірмесі"},
		domain.DocDiploma: {"diploma", "degree", "education document", "certificate of education",
			"диплом", "диплом об образовании", "документ об образовании", "аттестат",
			"білім туралы диплом", "білім туралы құжат"},
		domain.DocWorkRecord: {"work record", "work record book", "employment record", "employment history", "labour book", "labor book",
			"трудовая книжка", "трудовая", "выписка из трудовой книжки", "документ о трудовой деятельности", "документ подтверждающий трудовую деятельность",
			"еңбек кітапшасы", "еңбек кітапшасынан үзінді", "еңбек қызметі туралы құжат", "еңбек қызметін растайтын құжат"},
		domain.DocEmploymentCertificate: {"employment certificate", "certificate of employment", "employer's certificate", "reference from employer",
			"справка с места работы", "справка с работы", "справка о работе", "справка работодателя",
			"жұмыс орнынан анықтама", "жұмыс орнынан берілген анықтама", "жұмыстан анықтама"},
		domain.DocICTLetterSender: {"ict letter sender", "sending party letter", "letter of the sending party", "sending company letter", "letter of the sending company",
			"письмо направляющей стороны", "письмо направляющей компании", "письмо направляющей организации",
			"жіберуші тараптың хаты", "жіберуші компанияның хаты", "жіберуші ұйымның хаты"},
		domain.DocICTLetterReceiver: {"ict letter receiver", "receiving party letter", "letter of the receiving party", "receiving company letter", "letter of the receiving company",
			"письмо принимающей стороны", "письмо принимающей компании", "письмо принимающей организации",
			"қабылдаушы тараптың хаты", "қабылдаушы компанияның хаты", "қабылдаушы ұйымның хаты"},
		domain.DocICTAgreement: {"ict agreement", "transfer agreement", "intra corporate transfer agreement", "intracorporate transfer agreement", "secondment agreement",
			"соглашение о внутрикорпоративном переводе", "договор о внутрикорпоративном переводе", "соглашение о переводе", "письмо о переводе",
			"корпоративішілік ауыстыру туралы келісім", "ауыстыру туралы келісім", "ауыстыру туралы хат"},
		domain.DocContract: {"contract", "employment contract", "labour contract", "labor contract",
			"трудовой договор", "договор", "контракт", "трудовой контракт",
			"еңбек шарты", "шарт", "еңбек келісімшарты"},
		domain.DocOther: {"other", "другое", "иное", "прочее", "прочие", "басқа", "өзге", "басқалар"},
	} {
		for _, w := range append(words, string(kind)) {
			n := normalize(w)
			if k, ok := m[n]; ok && k != kind {
				panic(fmt.Sprintf("bulk: %q names both %s and %s", w, k, kind))
			}
			m[n] = kind
		}
	}
	return m
}()

// docKindCodes lists the kinds of document, for messages.
func docKindCodes() string {
	codes := make([]string, len(domain.DocumentKinds))
	for i, k := range domain.DocumentKinds {
		codes[i] = string(k)
	}
	return strings.Join(codes, ", ")
}

type docRow struct {
	row    origin
	bin    string
	worker string
	d      domain.WorkerDocument
}

// docKey is what Apply finds a document by, with its worker.
type docKey struct {
	worker string
	kind   domain.DocumentKind
	number string
}

func (t *table) document(r *rowCtx) {
	dr := docRow{bin: r.bin()}
	if v, ok := r.req(fWorker); ok {
		dr.worker = strings.Clone(v)
	}
	if v, ok := r.opt(fDocKind); ok {
		k, known := docKindWords[normalize(v)]
		if !known {
			r.say(fDocKind, fmt.Sprintf("%s is not a kind of document; expected one of %s, or a word for one such as паспорт, диплом, трудовая книжка, төлқұжат", quote(v), docKindCodes()),
				"import.not_document_kind", "Code", cut(v), "Other", docKindCodes())
		}
		dr.d.Kind = k
	}
	dr.d.Number = r.text(fNumber)
	dr.d.Issued = r.date(fIssued)
	dr.d.Expires = r.date(fExpires)
	dr.row = r.origin()
	t.im.docs.add(dr)
}

// addDocRow adds the row of a document of w.
func (e *Employer) addDocRow(w *Worker, row origin) {
	if e.docRows == nil {
		e.docRows = map[*Worker][]origin{}
	}
	e.docRows[w] = append(e.docRows[w], row)
}

// mergeDocuments merges the worker's documents, read from rows, into dst's:
// a document is found by its kind and number; a new one is added, a known
// one gets the dates its file has columns for. dst's list is copied before
// it changes.
func (w *Worker) mergeDocuments(dst *domain.Worker, rows []origin, srcs []*source) (added, updated int) {
	type key struct {
		kind   domain.DocumentKind
		number string
	}
	dst.Documents, added, updated = mergeKeyed(dst.Documents, w.Documents, func(d domain.WorkerDocument) key { return key{d.Kind, d.Number} },
		func(k int) fieldSet { return srcs[rows[k].at().src].given },
		func(dst *domain.WorkerDocument, d domain.WorkerDocument, given fieldSet) {
			if given.has(fIssued) {
				dst.Issued = d.Issued
			}
			if given.has(fExpires) {
				dst.Expires = d.Expires
			}
		})
	return added, updated
}
