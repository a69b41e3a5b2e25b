package bulk

import (
	"slices"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// A contracts file holds an employer's contracts with its customers, which
// its quota applications cite, one row each: the customer, the contract's
// number and date, and the region of the work. Apply finds a contract by
// its number.

var contractColumns = []column{
	binColumn,
	{fCustomer, "customer", false, "", []string{
		"customer", "customer name", "client", "counterparty",
		"заказчик", "наименование заказчика", "заказчик по договору", "контрагент",
		"тапсырыс беруші", "тапсырыс берушінің атауы", "тапсырыс беруші ұйым"}},
	{fNumber, "number", true, "the contract's number, by which a later import finds it", []string{
		"number", "contract number", "contract no", "no", "№",
		"номер", "номер договора", "№ договора", "договор №",
		"нөмір", "нөмірі", "шарт нөмірі", "шарттың нөмірі", "шарт №"}},
	{fDate, "date", false, "", []string{
		"date", "contract date", "date of contract", "signed", "signed on",
		"дата", "дата договора", "дата заключения", "дата заключения договора",
		"күні", "шарт күні", "шарттың күні", "шарт жасалған күні", "жасалған күні"}},
	{fRegion, "region", false, "", []string{
		"region", "work region", "region of work", "place of work",
		"регион", "область", "регион выполнения работ", "место выполнения работ", "место работ",
		"өңір", "облыс", "жұмыс орындалатын өңір", "жұмыс орны"}},
}

// quotaContractFields are the fields of a contracts row by the keys of the
// validator's paths.
var quotaContractFields = map[string]field{"customer": fCustomer, "number": fNumber, "date": fDate, "region": fRegion}

type contractRow struct {
	row origin
	bin string
	c   domain.QuotaContract
}

func (t *table) contract(r *rowCtx) {
	cr := contractRow{bin: r.bin()}
	cr.c.Customer = r.text(fCustomer)
	if v, ok := r.req(fNumber); ok {
		cr.c.Number = strings.Clone(v)
	}
	cr.c.Date = r.date(fDate)
	if v, ok := r.opt(fRegion); ok {
		reg, msg := parseRegion(v)
		r.regionProblem(fRegion, v, msg)
		cr.c.Region = reg
	}
	cr.row = r.origin()
	t.im.contracts.add(cr)
}

// mergeContracts merges the employer's contracts into recorded: a contract
// is found by its number; a new one is added, a known one gets the values
// its file has columns for. recorded is copied before it changes.
func (e *Employer) mergeContracts(recorded []domain.QuotaContract, srcs []*source) (out []domain.QuotaContract, added, updated int) {
	out = recorded
	if len(e.Contracts) == 0 {
		return out, 0, 0
	}
	index := make(map[string]int, len(recorded)+len(e.Contracts))
	for i, c := range recorded {
		if _, dup := index[c.Number]; !dup {
			index[c.Number] = i
		}
	}
	own := false
	for k, c := range e.Contracts {
		i, known := index[c.Number]
		if known {
			given := srcs[e.contractRows[k].at().src].given
			next := out[i]
			if given.has(fCustomer) {
				next.Customer = c.Customer
			}
			if given.has(fDate) {
				next.Date = c.Date
			}
			if given.has(fRegion) {
				next.Region = c.Region
			}
			if next == out[i] {
				continue
			}
			c = next
		}
		if !own {
			out, own = slices.Clone(out), true
		}
		if !known {
			index[c.Number] = len(out)
			out = append(out, c)
			added++
			continue
		}
		out[i] = c
		updated++
	}
	return out, added, updated
}
