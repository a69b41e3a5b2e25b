package workcal

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestNamesTranslated: every holiday name and source title of the embedded
// calendar files, and Kurban Ait's, has its Kazakh and Russian text, with
// no Latin letter in it.
func TestNamesTranslated(t *testing.T) {
	latin := regexp.MustCompile(`[A-Za-z]`)
	check := func(what, en string, tr func(string, string) string) {
		t.Helper()
		for _, lang := range []string{"kk", "ru"} {
			got := tr(en, lang)
			if got == en || latin.MatchString(got) {
				t.Errorf("%s %q in %s: %q", what, en, lang, got)
			}
		}
	}
	st, err := parseStatutory(statutoryYAML)
	if err != nil {
		t.Fatal(err)
	}
	check("title", st.source.Title, SourceTitle)
	for _, h := range st.holidays {
		check("holiday", h.name, HolidayName)
	}
	check("holiday", kurbanAit, HolidayName)
	files, err := fs.Glob(yearsFS, "data/years/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	for _, name := range files {
		data, _ := fs.ReadFile(yearsFS, name)
		y, err := parseYear(data)
		if err != nil {
			t.Fatal(name, err)
		}
		for _, s := range y.sources {
			check(name+": title", s.Title, SourceTitle)
		}
		for _, h := range y.holidays {
			check(name+": holiday", h.name, HolidayName)
		}
	}
	if got := HolidayName("Nauryz", "en"); got != "Nauryz" {
		t.Errorf("en: %q", got)
	}
	if got := HolidayName("Some Day", "ru"); got != "Some Day" {
		t.Errorf("an unknown name: %q", got)
	}
	// Every day of a verified year carries its holidays and moves.
	var moved, holiday bool
	for _, d := range Default().Year(2026).NonWorking {
		switch d.Kind {
		case KindMoved:
			moved = true
			if d.From == 0 || len(d.Holidays) != 1 {
				t.Errorf("moved day %s: from %s, holidays %v", d.Date, d.From, d.Holidays)
			}
		case KindHoliday, KindKurbanAit:
			holiday = true
			if len(d.Holidays) == 0 {
				t.Errorf("%s: no holidays", d.Date)
			}
		}
	}
	if !moved || !holiday {
		t.Error("2026 has no moved day or no holiday")
	}
}
