package bulk

import (
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
	return mergeKeyed(recorded, e.Contracts, func(c domain.QuotaContract) string { return c.Number },
		func(k int) fieldSet { return srcs[e.contractRows[k].at().src].given },
		func(dst *domain.QuotaContract, c domain.QuotaContract, given fieldSet) {
			if given.has(fCustomer) {
				dst.Customer = c.Customer
			}
			if given.has(fDate) {
				dst.Date = c.Date
			}
			if given.has(fRegion) {
				dst.Region = c.Region
			}
		})
}
