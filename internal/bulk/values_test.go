package bulk

import (
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestDatesAreReadInEveryAcceptedForm(t *testing.T) {
	d := domain.MustDate
	for _, tc := range []struct {
		in       string
		xlsx     bool
		date1904 bool
		want     domain.Date // 0: refused
	}{
		{in: "2026-03-19", want: d("2026-03-19")},
		{in: "19.03.2026", want: d("2026-03-19")},
		{in: "1.2.2026", want: d("2026-02-01")},
		{in: "2026-03-19 00:00:00", want: d("2026-03-19")},
		{in: "2026-03-19T00:00:00Z", want: d("2026-03-19")},
		{in: "19.03.2026 0:00", want: d("2026-03-19")},
		{in: "2024-02-29", want: d("2024-02-29")},
		{in: "2026-02-29"},
		{in: "29.02.2026"},
		{in: "2026-03-19 noon"},
		{in: "19.03.26"},
		{in: "19/03/2026"},
		{in: "2026.03.19"},
		{in: "0000-01-01"},
		{in: "45658"}, // a number is a date only in a workbook
		{in: "45658", xlsx: true, want: d("2025-01-01")},
		{in: "45658.75", xlsx: true, want: d("2025-01-01")},
		{in: "1", xlsx: true, want: d("1900-01-01")},
		{in: "59", xlsx: true, want: d("1900-02-28")},
		{in: "60", xlsx: true}, // Excel's 29 February 1900
		{in: "61", xlsx: true, want: d("1900-03-01")},
		{in: "0", xlsx: true},
		{in: "1985", xlsx: true},    // a year, not day 1985 (1905-06-07)
		{in: "04.1985", xlsx: true}, // text, not day 4
		{in: "1899", xlsx: true, want: d("1905-03-13")},
		{in: "2101", xlsx: true, want: d("1905-10-01")},
		{in: "2958465", xlsx: true, want: d("9999-12-31")},
		{in: "2958466", xlsx: true},
		{in: "0", xlsx: true, date1904: true, want: d("1904-01-01")},
		{in: "44196", xlsx: true, date1904: true, want: d("2025-01-01")},
		{in: "19.03.2026", xlsx: true, want: d("2026-03-19")},
	} {
		got, n := parseDate(tc.in, tc.xlsx, tc.date1904)
		msg := n.en
		if got != tc.want || (msg == "") != (tc.want != 0) {
			t.Errorf("parseDate(%q, xlsx %v, 1904 %v) = %s, %q; want %s", tc.in, tc.xlsx, tc.date1904, got, msg, tc.want)
		}
	}
}

func TestRegionsAreReadByCodeOrName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want domain.Region // "": refused
	}{
		{"KZ-75", "KZ-75"}, {"kz-71", "KZ-71"}, {"KZ-99", "KZ-99"}, // a code: the validator knows which exist
		{"Алматы қаласы", "KZ-75"}, {"город Алматы", "KZ-75"}, {"Almaty (city)", "KZ-75"},
		{"г. Алматы", "KZ-75"}, {"Almaty city", "KZ-75"},
		{"Алматы облысы", "KZ-19"}, {"Алматинская область", "KZ-19"}, {"Алматинская обл.", "KZ-19"}, {"Almaty Region", "KZ-19"},
		{"Almaty", ""}, {"Алматы", ""}, // the city or the region
		{"Астана", "KZ-71"}, {"Astana", "KZ-71"}, {"г.Астана", "KZ-71"},
		{"Шымкент", "KZ-79"}, {"Атырау", "KZ-23"}, {"атырауская область", "KZ-23"},
		{"Маңғыстау облысы", "KZ-47"}, {"Мангистауская область", "KZ-47"}, {"Область Жетісу", "KZ-33"},
		{"Западно-Казахстанская область", "KZ-27"}, {"West Kazakhstan", "KZ-27"},
		{"Ұлытау", "KZ-62"}, {"Нур-Султан", "KZ-71"}, {"ЗКО", "KZ-27"}, {"ALA", ""}, {"", ""}, // Astana's name of 2019–2022
	} {
		got, msg := parseRegion(tc.in)
		if got != tc.want || (msg == "") != (tc.want != "") {
			t.Errorf("parseRegion(%q) = %q, %q; want %q", tc.in, got, msg, tc.want)
		}
	}
}

func TestHeadersAreMatchedInThreeLanguages(t *testing.T) {
	for _, tc := range []struct {
		kind    Kind
		headers []string
		want    string
	}{
		{Workers, []string{"id", "Worker ID", "worker_id", "Табельный номер", "Таб. №", "табель нөмірі", "ТАБЕЛЬ НӨМІРІ"}, "id"},
		{Permits, []string{"worker", "Worker ID", "Табельный номер", "табель нөмірі"}, "worker"},
		{Trips, []string{"worker", "Employee No.", "табельный №", "Табельдік нөмір"}, "worker"},
		{Workers, []string{"IIN", "ИИН", "ЖСН", "иин*"}, "iin"},
		{Workers, []string{"BIN", "БИН", "БСН"}, "bin"},
		{Workers, []string{"Citizenship", "Гражданство", "Азаматтығы", "nationality"}, "citizenship"},
		{Workers, []string{"Name", "ФИО", "Ф.И.О.", "Аты-жөні"}, "name"},
		{Workers, []string{"Start", "Дата приёма", "Дата приема", "Жұмысқа қабылданған күні"}, "start"},
		{Workers, []string{"Birth date", "Date of birth", "DOB", "Дата рождения", "Д/р", "Число, месяц, год рождения", "Туған күні", "Туған күні мен айы", "Туған жылы, айы, күні"}, "birth_date"},
		{Permits, []string{"Permit number", "Номер разрешения", "№ разрешения", "Рұқсат нөмірі"}, "number"},
		{Permits, []string{"Region", "Регион", "Өңір", "regions"}, "regions"},
		{Trips, []string{"Region", "Регион", "Өңір"}, "region"},
		{Permits, []string{"From", "С", "Дата начала", "Бастап", "valid from"}, "from"},
		{Trips, []string{"From", "С", "Дата начала", "Бастап"}, "from"},
		{Permits, []string{"To", "По", "Дата окончания", "Дейін", "valid until"}, "to"},
		{Trips, []string{"To", "По", "Дата окончания", "Дейін"}, "to"},
		{Trips, []string{"Notified", "Дата уведомления", "Хабарлама күні"}, "notified"},
	} {
		for _, h := range tc.headers {
			f, ok := synonyms[tc.kind][normalize(h)]
			if !ok || columnOf(tc.kind, f).name != tc.want {
				t.Errorf("%s: header %q is not %s", tc.kind, h, tc.want)
			}
		}
	}
}

func TestEachHeaderNamesOneFieldOfAKind(t *testing.T) {
	for k, cols := range columns {
		seen := map[string]string{}
		for _, c := range cols {
			for _, h := range append([]string{c.name}, c.headers...) {
				n := normalize(h)
				if n == "" {
					t.Errorf("%s.%s: header %q is empty once normalized", k, c.name, h)
				}
				if other, dup := seen[n]; dup && other != c.name {
					t.Errorf("%s: header %q is both %s and %s", k, h, other, c.name)
				}
				seen[n] = c.name
			}
		}
	}
}

func TestNormalizeIgnoresCasePunctuationAndSpacing(t *testing.T) {
	for in, want := range map[string]string{
		"Таб. №":          "таб №",
		"  Worker_ID  ":   "worker id",
		"Дата приёма":     "дата приема",
		"ИИН*":            "иин",
		"Ф.И.О.":          "ф и о",
		"Аты-жөні":        "аты жөні",
		"Permit No.":      "permit no",
		"\u00a0ЖСН\u00a0": "жсн",
		"#":               "",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDelimiterIsTheOneTheTopOfTheFileHasMore(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n1,2,3\n":                     ',',
		"a;b;c\n1;2;3\n":                     ';',
		"\"a;b\",c\n1,2\n":                   ',',
		"Список, 2026\na;b;c;d\n1;2;3;4\n":   ';',
		"name;note\n\"Smith, J\";\"a, b\"\n": ';',
		"":                                   ',',
	} {
		if got := delimiter([]byte(in)); got != want {
			t.Errorf("delimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKindsAreNamedInThreeLanguages(t *testing.T) {
	for in, want := range map[string]Kind{
		"workers": Workers, "Работники": Workers, "Қызметкерлер": Workers, "Employees": Workers,
		"permits": Permits, "Разрешения": Permits, "рұқсаттар": Permits,
		"Trips": Trips, "Командировки": Trips, "Іссапарлар": Trips,
	} {
		if got, ok := ParseKind(in); !ok || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseKind("Инструкция"); ok {
		t.Errorf("ParseKind accepted a sheet of instructions")
	}
}

func TestIdentifiersInScientificNotationAreRefused(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want: a part of the message, or "" when read
	}{
		{"850101300124", ""},
		{"850101300125", ""}, // its check digit is the validator's
		{"50612500118", ""},
		{"8.50101E+11", "scientific notation"},
		{"8,50101E+11", "scientific notation"},
		{"E-7", ""},
	} {
		got, n := parseIdent(tc.in, "IIN")
		msg := n.en
		if tc.want == "" && (msg != "" || got != tc.in) || tc.want != "" && !strings.Contains(msg, tc.want) {
			t.Errorf("parseIdent(%q) = %q, %q; want %q", tc.in, got, msg, tc.want)
		}
	}
}

func TestWordsAreTranslatedToCodesInAnyCase(t *testing.T) {
	for in, want := range map[string]domain.Basis{
		"Special Route": domain.BasisSpecialRoute, "EAEU": domain.BasisEAEU, "branch-head": domain.BasisBranchHead,
		"work visa": "work visa", // as written, for the validator to refuse
	} {
		if got := parseBasis(in); got != want {
			t.Errorf("parseBasis(%q) = %q, want %q", in, got, want)
		}
	}
	if c, msg := parseCategory("Seasonal"); c != domain.CategorySeasonal || msg != "" {
		t.Errorf("category: %v %q", c, msg)
	}
	for in, want := range map[string]string{"gb": "GB", "Gb": "GB", "xx": "XX", "GBR": "GB", "Russia": "RU"} {
		if got, msg := parseCountry(in); got != want || msg != "" {
			t.Errorf("parseCountry(%q) = %q, %q, want %q", in, got, msg, want)
		}
	}
}
