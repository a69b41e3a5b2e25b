package bulk

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoHeaderNamesTwoFieldsOfAKind: a register's permit columns sit beside
// the worker's, so their headers must differ from the worker's.
func TestNoHeaderNamesTwoFieldsOfAKind(t *testing.T) {
	for k, cols := range columns {
		seen := map[string]string{}
		for _, c := range cols {
			for _, h := range append([]string{c.name}, c.headers...) {
				n := normalize(h)
				if other, ok := seen[n]; ok && other != c.name {
					t.Errorf("%s: header %q names both %s and %s", k, h, other, c.name)
				}
				seen[n] = c.name
			}
		}
	}
}

// TestAKazakhRegisterOfSeveralEmployers imports a workbook as a Kazakh
// consultancy keeps it: one sheet named Парақ1, a title above the header,
// Kazakh headers, the employers' BIN, name and size in each row, date
// cells, countries, bases and categories in words, and one worker with two
// permits (two rows).
func TestAKazakhRegisterOfSeveralEmployers(t *testing.T) {
	rows := [][]any{
		{"Шетелдік жұмыскерлер тізілімі, 01.03.2026"},
		{},
		{"БСН", "Жұмыс берушінің атауы", "Көлемі", "Табель нөмірі", "Аты-жөні", "Азаматтығы", "ЖСН", "Негізі", "Санаты", "Лауазымы", "Жұмысқа қабылданған күні", "Рұқсат нөмірі", "Өңір", "Берілген күні", "Рұқсат мерзімі"},
		{"940140000385", "«Каспий Сервис» ЖШС", "шағын", "001", "Ли Вэй", "Қытай", nil, "рұқсат", "үшінші санат", "Дәнекерлеуші", day("2025-01-15"), "ALA-2025-0042", "Алматы қ.", day("2025-01-10"), day("2026-01-09")},
		{"940140000385", "«Каспий Сервис» ЖШС", "шағын", "001", "Ли Вэй", "Қытай", nil, "рұқсат", "үшінші санат", "Дәнекерлеуші", day("2025-01-15"), "ALA-2026-0042", "Алматы қ.", day("2026-01-10"), day("2027-01-09")},
		{"990140004654", "«Дала Құрылыс» ЖШС", "ірі", "001", "Mehmet Demir", "Түркия", "880715300673", "рұқсат", "III", "Инженер", day("2026-03-01"), "ATY-2026-0007", "Атырау облысы, Маңғыстау облысы", day("2026-02-25"), day("2027-02-24")},
		{"990140004654", "«Дала Құрылыс» ЖШС", "ірі", "002", "John Smith", "Ұлыбритания", nil, "корпоративішілік ауыстыру", "1", "Директор", day("2026-02-01")},
		{"990140004654", "«Дала Құрылыс» ЖШС", "ірі", "003", "Иванов Иван", "Ресей", nil, "ЕАЭО", nil, "Инженер", day("2026-02-01")},
	}
	data := book(t, []string{"Парақ1"}, map[string][][]any{"Парақ1": rows}, nil)
	b, err := ParseXLSX("", bytes.NewReader(data), Options{Name: "тізілім.xlsx"})
	checkResult(t, b, err)
	want := `2 employers, 4 workers, 3 permits, 0 trips
employer 940140000385 name="«Каспий Сервис» ЖШС" size=small
  worker "001" name="Ли Вэй" citizenship=CN iin= basis=permit category=3 position="Дәнекерлеуші" start=2025-01-15 end=
    permit "ALA-2025-0042" [KZ-75] 2025-01-10..2026-01-09
    permit "ALA-2026-0042" [KZ-75] 2026-01-10..2027-01-09
employer 990140004654 name="«Дала Құрылыс» ЖШС" size=large
  worker "001" name="Mehmet Demir" citizenship=TR iin=880715300673 basis=permit category=3 position="Инженер" start=2026-03-01 end=
    permit "ATY-2026-0007" [KZ-23 KZ-47] 2026-02-25..2027-02-24
  worker "002" name="John Smith" citizenship=GB iin= basis=ict category=1 position="Директор" start=2026-02-01 end=
  worker "003" name="Иванов Иван" citizenship=RU iin= basis=eaeu category= position="Инженер" start=2026-02-01 end=
`
	if got := dump(b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	checkApply(t, b)
}

// TestARussianSheet1Register reads a workbook whose one sheet is Лист1, a
// register without a basis column: each worker with a permit is on basis
// permit; a worker without one is a problem that asks for the basis.
func TestARussianSheet1Register(t *testing.T) {
	rows := [][]any{
		{"№ п/п", "ИИН", "ФИО", "Гражданство", "Категория", "Дата приема", "Номер разрешения", "Регион", "Дата выдачи", "Срок действия"},
		{1, "880715300673", "Мехмет Демир", "Турция", "3 категория", day("2026-03-01"), "MAN-2026-0007", "Мангистауская обл.", day("2026-02-25"), day("2027-02-24")},
		{2, "920303400898", "Ахмет Йылмаз", "Турция", "4", day("2026-03-01"), "MAN-2026-0008", "Мангистауская обл.", "25.02.2026", "2027-02-24"},
	}
	data := book(t, []string{"Лист1", "Лист2"}, map[string][][]any{"Лист1": rows}, nil)
	b, err := ParseXLSX("", bytes.NewReader(data), Options{Name: "реестр.xlsx", BIN: "940140000385"})
	checkResult(t, b, err)
	want := `1 employers, 2 workers, 2 permits, 0 trips
employer 940140000385
  worker "880715300673" name="Мехмет Демир" citizenship=TR iin=880715300673 basis=permit category=3 position="" start=2026-03-01 end=
    permit "MAN-2026-0007" [KZ-47] 2026-02-25..2027-02-24
  worker "920303400898" name="Ахмет Йылмаз" citizenship=TR iin=920303400898 basis=permit category=4 position="" start=2026-03-01 end=
    permit "MAN-2026-0008" [KZ-47] 2026-02-25..2027-02-24
`
	if got := dump(b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	rows = append(rows, []any{3, "850101300124", "John Smith", "Великобритания", "1", day("2026-03-01")})
	data = book(t, []string{"Лист1"}, map[string][][]any{"Лист1": rows}, nil)
	b, err = ParseXLSX("", bytes.NewReader(data), Options{Name: "реестр.xlsx", BIN: "940140000385"})
	checkResult(t, b, err)
	want = `реестр.xlsx[Лист1]:1: no column for basis (basis of engagement, основание, негіз), which row 4 needs: basis is missing; expected the basis of engagement: permit, ict, special_route, branch_head, exempt_director, exempt_investor, eaeu, residence_permit, self_employment or business_visit
`
	if got := dump(b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestHeaderRowsTellTheKind imports the files of each valid case without
// their kinds and expects what the case gives with them: the header row
// tells workers, permits and trips apart.
func TestHeaderRowsTellTheKind(t *testing.T) {
	for _, dir := range caseDirs(t) {
		if !strings.HasPrefix(filepath.Base(dir), "valid_") {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := importCSV(t, dir)
			im := New(loadOptions(t, dir))
			for _, k := range Kinds {
				data, err := os.ReadFile(filepath.Join(dir, string(k)+".csv"))
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if err := im.CSV(string(k)+".csv", "", bytes.NewReader(data)); err != nil {
					t.Fatal(err)
				}
			}
			got, err := im.Finish()
			checkResult(t, got, err)
			if g, w := dump(got), dump(want); g != w {
				t.Errorf("without kinds\n%s\nwith them\n%s", g, w)
			}
		})
	}
}
