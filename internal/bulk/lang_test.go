package bulk

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/i18n"
)

// latinInProblem finds an English word in a problem told in Kazakh or
// Russian: a Latin word of three letters or more outside the values it
// quotes («...»), the file's name and place, the headers a column is
// known by (a field's name and its synonyms in three languages, as a file
// writes them: "citizenship (nationality, гражданство, азаматтығы)"), and
// the codes and formats it names as they are written.
var latinInProblem = regexp.MustCompile(`[A-Za-z]{3,}`)
var codesInProblem = regexp.MustCompile(`«[^»]*»|^\S*\.csv(:\d+(:[A-Z]+)?( \([^)]*\))?)?:|[a-z_]+ \([^)]*\)|\bYYYY-MM-DD\b|\bDD\.MM\.YYYY\b|\bUTF-8\b|\bWindows-1251\b|\bKZ-\d\d\b`)

// TestProblemsInKazakhAndRussian: the import's problems with reading a file
// (a ZIP that is no CSV, a quote left open, a BIN in scientific notation,
// an ambiguous region, a date that does not exist, a year for a date, the
// problems not listed) are told in the import's language, with no English
// word, and in English as before.
func TestProblemsInKazakhAndRussian(t *testing.T) {
	cases := []struct {
		kind   Kind
		csv    string
		en     string
		ru, kk string
		lines  int // problems expected at least
	}{
		{Workers, "PK\x03\x04 zip", "the file is a ZIP archive", "файл — архив «zip»", "«zip» мұрағаты", 1},
		{Workers, "id;name;basis;start\nw1;\"Ли Вэй;eaeu;2026-01-01\n", "a quoted cell is not closed", "ячейка в кавычках не закрыта", "тырнақшадағы ұяшық жабылмаған", 1},
		{Workers, "bin;id;basis;start\n9.4014E+11;w1;eaeu;2026-01-01\n", "is a number in scientific notation", "«9.4014E+11» — число в экспоненциальной записи, в которой потеряны цифры; ожидаются 12 цифр (БИН)", "12 цифр (БСН)", 1},
		{Permits, "worker;number;regions;from;to\nw1;P1;Алматы;2026-01-01;2026-12-31\n", "may be Almaty", "«Алматы» может означать Алматинская область (KZ-19) или город Алматы (KZ-75)", "«Алматы» мынаны білдіруі мүмкін: ", 1},
		{Workers, "id;basis;start\nw1;eaeu;31.02.2026\n", "is not a real date", "«31.02.2026» — несуществующая дата", "«31.02.2026» — жоқ күн", 1},
		{Workers, "id;basis;start\nw1;eaeu;01/02/2026\n", "with slashes", "с косыми чертами день и месяц не различить", "қиғаш сызықтармен", 1},
	}
	for _, c := range cases {
		for _, lang := range []i18n.Lang{i18n.EN, i18n.RU, i18n.KK} {
			b, err := Parse(c.kind, strings.NewReader(c.csv), Options{Name: "f.csv", BIN: "940140000385", Lang: i18n.For(lang)})
			if err == nil {
				t.Fatalf("%s %q: no problem", lang, c.csv)
			}
			got := b.Problems.In(i18n.For(lang))
			want := map[i18n.Lang]string{i18n.EN: c.en, i18n.RU: c.ru, i18n.KK: c.kk}[lang]
			if !strings.Contains(got, want) || len(b.Problems) < c.lines {
				t.Errorf("%s %q: lacks %q:\n%s", lang, c.csv, want, got)
			}
			if lang == i18n.EN {
				continue
			}
			for _, line := range strings.Split(got, "\n") {
				if w := latinInProblem.FindString(codesInProblem.ReplaceAllString(line, "")); w != "" {
					t.Errorf("%s: the English word %q in %q", lang, w, line)
				}
			}
		}
	}
}

// TestMissingColumnInRussian: a field a file's rows need and it has no
// column for is told once at its header, with the rows, in Russian.
func TestMissingColumnInRussian(t *testing.T) {
	b, _ := Parse(Workers, strings.NewReader("id;name\nw1;А\nw2;Б\n"), Options{Name: "f.csv", BIN: "940140000385", Lang: i18n.For(i18n.RU)})
	got := b.Problems.In(i18n.For(i18n.RU))
	if !strings.Contains(got, "нет столбца") || !strings.Contains(got, "строкам 2 и 3") {
		t.Errorf("%s", got)
	}
}
