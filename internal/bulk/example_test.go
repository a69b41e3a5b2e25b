package bulk_test

import (
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
)

func ExampleParse() {
	workers := "Табельный номер;ФИО;Гражданство;ИИН;Основание;Категория;Дата приема;Примечание\n" +
		"117;John Smith;GB;850101300125;permit;3;10.01.2026;\n" +
		"118;Aziz Karimov;UZ;;eaeu;;31.02.2026;\n"
	b, err := bulk.Parse(bulk.Workers, strings.NewReader(workers), bulk.Options{Name: "workers.csv", BIN: "940140000385"})
	fmt.Println(err)
	fmt.Println(len(b.Employers), "employers")
	// Output:
	// workers.csv:1:H (Примечание): warning: unknown column "Примечание" is not read; expected a column of workers: bin, id, name, citizenship, iin, birth_date, basis, category, position, start, end, contract_signed, contract_registered, permit_number, permit_regions, permit_from, permit_to, passport, passport_expires, education, institution, specialty, graduated, experience_years, employer, size, employer_address, employer_phone, employer_email, director, director_position, or a mapping that names it
	// workers.csv:2:D (ИИН): IIN "850101300125" has a wrong check digit: the last digit should be 4
	// workers.csv:3:E (Основание): basis eaeu is only for citizens of EAEU members (AM, BY, KZ, KG, RU), and citizenship is UZ; expected another basis or citizenship
	// workers.csv:3:G (Дата приема): "31.02.2026" is not a real date; expected a day that exists, as YYYY-MM-DD or DD.MM.YYYY
	// 0 employers
}

func ExampleBatch_Apply() {
	b, _ := bulk.Parse(bulk.Permits, strings.NewReader("worker,number,regions,from,to\nw1,P-1,\"Астана, KZ-75\",2026-01-05,2027-01-04\n"),
		bulk.Options{BIN: "940140000385", Known: func(bin, id string) bool { return id == "w1" }})
	rec := &domain.Records{
		Employer: domain.Employer{BIN: "940140000385", Size: domain.SizeSmall},
		Workers:  []domain.Worker{{ID: "w1", Basis: domain.BasisPermit, Category: domain.Category3, Start: domain.MustDate("2026-01-10")}},
	}
	for range 2 {
		ch, err := b.Apply(rec)
		fmt.Printf("%+v %v\n", ch, err)
	}
	fmt.Println(rec.Workers[0].Permits)
	// Output:
	// {WorkersAdded:0 WorkersUpdated:0 PermitsAdded:1 PermitsUpdated:0 TripsAdded:0 TripsUpdated:0 DocumentsAdded:0 DocumentsUpdated:0 FiguresAdded:0 FiguresUpdated:0 ContractsAdded:0 ContractsUpdated:0 EmployerUpdated:0} <nil>
	// {WorkersAdded:0 WorkersUpdated:0 PermitsAdded:0 PermitsUpdated:0 TripsAdded:0 TripsUpdated:0 DocumentsAdded:0 DocumentsUpdated:0 FiguresAdded:0 FiguresUpdated:0 ContractsAdded:0 ContractsUpdated:0 EmployerUpdated:0} <nil>
	// [{P-1 [KZ-71 KZ-75] 2026-01-05 2027-01-04}]
}
