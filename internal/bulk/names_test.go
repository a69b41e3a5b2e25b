package bulk

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// cldrCountries writes data/countries.tsv from golang.org/x/text's copy of
// CLDR: every ISO 3166-1 code the model knows, with its names in English,
// Russian and Kazakh.
func cldrCountries(t *testing.T) string {
	var b strings.Builder
	b.WriteString("# The names of every ISO 3166-1 country in English, Russian and Kazakh.\n")
	b.WriteString("# Source: Unicode CLDR, as golang.org/x/text/language/display has it.\n")
	b.WriteString("# Written by TestCountryNamesAreCLDRs with -update; do not edit.\n")
	namers := []display.Namer{display.Regions(language.English), display.Regions(language.Russian), display.Regions(language.Kazakh)}
	for a := 'A'; a <= 'Z'; a++ {
		for c := 'A'; c <= 'Z'; c++ {
			code := string([]rune{a, c})
			if !domain.ValidCountry(code) {
				continue
			}
			r, err := language.ParseRegion(code)
			if err != nil {
				t.Fatalf("%s: %v", code, err)
			}
			b.WriteString(code)
			seen := map[string]bool{}
			for _, n := range namers {
				name := n.Name(r)
				if name == "" || seen[normalize(name)] {
					continue
				}
				seen[normalize(name)] = true
				b.WriteString("\t" + name)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func TestCountryNamesAreCLDRs(t *testing.T) {
	want := cldrCountries(t)
	if *update {
		if err := os.WriteFile("data/countries.tsv", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("data/countries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("data/countries.tsv is not CLDR's names (run go test -update)")
	}
	if _, err := loadCountries(); err != nil {
		t.Fatal(err)
	}
}

// TestNamesInPeoplesWords reads the names registers write to codes.
func TestNamesInPeoplesWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Китай", "CN"}, {"КНР", "CN"}, {"Қытай", "CN"}, {"China", "CN"}, {"cn", "CN"},
		{"Турция", "TR"}, {"Түркия", "TR"}, {"Turkey", "TR"},
		{"Ұлыбритания", "GB"}, {"Великобритания", "GB"}, {"UK", "GB"},
		{"РФ", "RU"}, {"Россия", "RU"}, {"Ресей", "RU"},
		{"США", "US"}, {"АҚШ", "US"},
		{"Узбекистан", "UZ"}, {"Өзбекстан", "UZ"}, {"Кыргызстан", "KG"}, {"Киргизия", "KG"},
	} {
		got, msg := parseCountry(c.in)
		if got != c.want || msg != "" {
			t.Errorf("parseCountry(%q) = %q, %q; want %s", c.in, got, msg, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want domain.Region
	}{
		{"Мангистауская обл.", "KZ-47"}, {"Атырау облысы", "KZ-23"}, {"г. Алматы", "KZ-75"},
		{"Алматы қ.", "KZ-75"}, {"г.Шымкент", "KZ-79"}, {"Астана", "KZ-71"}, {"ЗКО", "KZ-27"},
		{"Нур-Султан", "KZ-71"}, {"ЮКО", "KZ-61"}, {"kz-23", "KZ-23"},
	} {
		got, msg := parseRegion(c.in)
		if got != c.want || msg != "" {
			t.Errorf("parseRegion(%q) = %q, %q; want %s", c.in, got, msg, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want domain.Basis
	}{
		{"разрешение", "permit"}, {"Разрешение на трудоустройство", "permit"}, {"рұқсат", "permit"},
		{"ВКП", "ict"}, {"внутрикорпоративный перевод", "ict"}, {"ЕАЭС", "eaeu"}, {"ВНЖ", "residence_permit"},
		{"Permit", "permit"}, {"special route", "special_route"},
	} {
		if got := parseBasis(c.in); got != c.want {
			t.Errorf("parseBasis(%q) = %q; want %s", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want domain.Category
	}{
		{"3", 3}, {"III", 3}, {"3 категория", 3}, {"категория 3", 3}, {"третья категория", 3},
		{"үшінші санат", 3}, {"IV", 4}, {"1-я", 1}, {"сезонный", domain.CategorySeasonal},
	} {
		if got, msg := parseCategory(c.in); got != c.want || msg != "" {
			t.Errorf("parseCategory(%q) = %v, %q; want %v", c.in, got, msg, c.want)
		}
	}
}

// TestUnknownNamesSuggestTheClosest expects a misspelt country or region to
// be refused with the closest known names.
func TestUnknownNamesSuggestTheClosest(t *testing.T) {
	if _, msg := parseCountry("Китаи"); !strings.Contains(msg, "Китай (CN)") {
		t.Errorf("Китаи: %s", msg)
	}
	if _, msg := parseRegion("Мангистаусская область"); !strings.Contains(msg, "KZ-47") {
		t.Errorf("Мангистаусская область: %s", msg)
	}
	if _, msg := parseCountry("Атлантида"); msg == "" || strings.Contains(msg, "did you mean") {
		t.Errorf("Атлантида: %s", msg)
	}
}

func TestSizesInThreeLanguages(t *testing.T) {
	for in, want := range map[string]domain.Size{
		"малое": domain.SizeSmall, "Шағын": domain.SizeSmall, "small": domain.SizeSmall, "МСБ": domain.SizeSmall,
		"среднее": domain.SizeMedium, "орта": domain.SizeMedium, "Medium": domain.SizeMedium,
		"крупное": domain.SizeLarge, "ірі": domain.SizeLarge, "субъект крупного предпринимательства": domain.SizeLarge,
	} {
		if got, ok := ParseSize(in); !ok || got != want {
			t.Errorf("ParseSize(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	if _, ok := ParseSize("огромное"); ok {
		t.Error("огромное is a size")
	}
}
