package bulk

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestMappingFilesInYAMLAndJSON(t *testing.T) {
	want := Mapping{"id": "Таб. №", "permits.from": "Действует с", "trips.to": "Возврат"}
	for name, text := range map[string]string{
		"mapping.yaml": "id: Таб. №\npermits:\n  from: Действует с\ntrips: {to: Возврат}\n",
		"mapping.json": `{"id": "Таб. №", "permits": {"from": "Действует с"}, "trips.to": "Возврат"}`,
	} {
		got, err := LoadMapping(name, []byte(text))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, %v", name, got, err)
		}
	}
}

func TestMappingFilesReportEveryProblem(t *testing.T) {
	text := `id: Таб. №
tabel: Таб
permits:
  id: Номер
  number:
workers.start: Принят
id: again
trips: Командировки
places.from: С
`
	_, err := LoadMapping("m.yaml", []byte(text))
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("error %v", err)
	}
	want := []string{
		`m.yaml:2:1: "tabel" is not a field; expected one of bin, id, name, citizenship, iin, birth_date, basis, category, position, start, end, contract_signed, contract_registered, permit_number, permit_regions, permit_from, permit_to, passport, passport_expires, education, institution, specialty, graduated, experience_years, employer, size, employer_address, employer_phone, employer_email, director, director_position (workers), bin, worker, number, regions, from, to (permits), bin, worker, region, from, to, notified (trips), bin, worker, kind, number, issued, expires (documents), bin, month, kz_trained, kz_replaced, kz_working, jobs_created (figures), bin, customer, number, date, region (contracts)`,
		`m.yaml:4:3: "id" is not a field of permits; expected one of bin, worker, number, regions, from, to`,
		`m.yaml:5:10: permits.number: got no header; expected the header of the column as written in the file`,
		`m.yaml:7:1: id is mapped twice; expected each field once`,
		`m.yaml:8:1: trips holds no mapping of fields; expected fields of trips with their headers`,
		`m.yaml:9:1: "places" is not a kind of record; expected workers, permits, trips, documents, figures or contracts before the dot`,
	}
	if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for name, text := range map[string]string{
		"not a mapping": "- id\n",
		"not YAML":      "id: [\n",
		"empty":         "",
		"aliases":       "id: &a Таб\nworker: *a\n",
	} {
		if _, err := LoadMapping("m.yaml", []byte(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestAMappingInCodeIsCheckedToo(t *testing.T) {
	_, err := Parse(Workers, strings.NewReader("id,basis,start\nw1,branch_head,2026-01-10\n"),
		Options{BIN: bin, Mapping: Mapping{"tabel": "Таб", "permits.number": " "}})
	want := "mapping: \"tabel\" is not a field; expected one of bin, id, name, citizenship, iin, birth_date, basis, category, position, start, end, contract_signed, contract_registered, permit_number, permit_regions, permit_from, permit_to, passport, passport_expires, education, institution, specialty, graduated, experience_years, employer, size, employer_address, employer_phone, employer_email, director, director_position (workers), bin, worker, number, regions, from, to (permits), bin, worker, region, from, to, notified (trips), bin, worker, kind, number, issued, expires (documents), bin, month, kz_trained, kz_replaced, kz_working, jobs_created (figures), bin, customer, number, date, region (contracts)\n" +
		"mapping: permits.number has no header; expected the header of the column as written in the file"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}
