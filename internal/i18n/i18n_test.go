package i18n

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestLoad: the embedded catalogues load, every message in every language
// (the other tests would panic in For otherwise).
func TestLoad(t *testing.T) {
	if _, err := load(catalogueFS); err != nil {
		t.Fatal(err)
	}
}

func TestPluralForms(t *testing.T) {
	tests := []struct {
		lang Lang
		n    int
		want string
	}{
		{RU, 0, "0 дней"}, {RU, 1, "1 день"}, {RU, 2, "2 дня"}, {RU, 4, "4 дня"}, {RU, 5, "5 дней"},
		{RU, 11, "11 дней"}, {RU, 12, "12 дней"}, {RU, 14, "14 дней"}, {RU, 21, "21 день"},
		{RU, 22, "22 дня"}, {RU, 25, "25 дней"}, {RU, 90, "90 дней"}, {RU, 91, "91 день"},
		{RU, 101, "101 день"}, {RU, 111, "111 дней"}, {RU, 212, "212 дней"}, {RU, 1001, "1001 день"},
		{RU, 12504, "12\u00a0504 дня"},
		{KK, 1, "1 күн"}, {KK, 5, "5 күн"}, {KK, 21, "21 күн"},
		{EN, 1, "1 day"}, {EN, 0, "0 days"}, {EN, 2, "2 days"}, {EN, 101, "101 days"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).Count("unit.day", tt.n); got != tt.want {
			t.Errorf("%s %d: got %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestFormats(t *testing.T) {
	d := domain.MustDate("2026-03-05")
	en, ru, kk := For(EN), For(RU), For(KK)
	check := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: got %q, want %q", what, got, want)
		}
	}
	check("en date", en.Date(d), "2026-03-05")
	check("ru date", ru.Date(d), "05.03.2026")
	check("kk date", kk.Date(d), "05.03.2026")
	check("no date", ru.Date(0), "")
	check("en month", en.Month(d), "2026-03")
	check("ru month", ru.Month(d), "март 2026 г.")
	check("kk month", kk.Month(d), "2026 жылғы наурыз")
	check("ru percent", ru.Percent(5.0/6), "83,3%")
	check("kk percent", kk.Percent(0.7), "70%")
	check("en percent", en.Percent(0.6956521739130434), "69.5 %")
	check("cut, not rounded", ru.Percent(0.69999), "69,9%")
	check("exact", ru.Percent(0.29), "29%")
	check("ru money", ru.Money(43250), "43\u00a0250\u00a0₸")
	check("ru money word", ru.MoneyWord(43250), "43\u00a0250\u00a0тенге")
	check("kk money word", kk.MoneyWord(4325), "4\u00a0325\u00a0теңге")
	check("en money word", en.MoneyWord(1234567), "1 234 567 KZT")
	check("ru int", ru.Int(1234), "1234")
	check("ru int grouped", ru.Int(-123456), "-123\u00a0456")
	check("ru decimal", ru.Decimal(12.345), "12,3")
	check("region", kk.Region("KZ-75"), "Алматы қаласы")
	check("unknown region", ru.Region("KZ-00"), "KZ-00")
}

func TestParse(t *testing.T) {
	for s, want := range map[string]Lang{"kk": KK, "RU": RU, "en": EN} {
		if l, ok := Parse(s); !ok || l != want {
			t.Errorf("Parse(%q) = %v, %v", s, l, ok)
		}
	}
	if _, ok := Parse("de"); ok {
		t.Error("Parse(de) ok")
	}
	for h, want := range map[string]Lang{"kk-KZ,ru;q=0.8": KK, "ru-RU,en;q=0.5": RU, "en-GB": EN, "de,ru;q=0.3": RU} {
		if l, ok := FromAcceptLanguage(h); !ok || l != want {
			t.Errorf("FromAcceptLanguage(%q) = %v, %v; want %v", h, l, ok, want)
		}
	}
	if _, ok := FromAcceptLanguage("de-DE"); ok {
		t.Error("de-DE matched")
	}
}

// pluralForms are the CLDR plural forms of whole numbers in each language.
var pluralForms = map[string][]string{
	"en": {"one", "other"},
	"kk": {"one", "other"},
	"ru": {"few", "many", "one", "other"},
}

func readCatalogue(t *testing.T, lang string) map[string]any {
	t.Helper()
	names, err := MessageFiles(os.DirFS("."), lang)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var part map[string]any
		if err := yaml.Unmarshal(data, &part); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				t.Errorf("%s: %s is in two files", name, k)
			}
			m[k] = v
		}
	}
	return m
}

// texts returns a catalogue entry's texts: one, or one per plural form.
func texts(v any) map[string]string {
	switch v := v.(type) {
	case string:
		return map[string]string{"": v}
	case map[string]any:
		out := map[string]string{}
		for k, s := range v {
			out[k], _ = s.(string)
		}
		return out
	}
	return nil
}

// placeholderNames are the placeholders of an entry, without units.
func placeholderNames(t *testing.T, id string, v any) []string {
	set := map[string]bool{}
	for _, s := range texts(v) {
		ps, err := Placeholders(s)
		if err != nil {
			t.Errorf("%s: %v", id, err)
		}
		for _, p := range ps {
			name, _, _ := strings.Cut(p, "|")
			set[name] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// TestCataloguesAgree: the three catalogues have the same entries, each
// entry with the same placeholders, plural forms where English has them
// (every form the language needs), and one entry per message key of the
// domain, no more and no fewer.
func TestCataloguesAgree(t *testing.T) {
	cats := map[string]map[string]any{}
	for _, l := range langTags {
		cats[l] = readCatalogue(t, l)
	}
	en := cats["en"]
	for _, k := range domain.MessageKeys() {
		if _, ok := en[k.String()]; !ok {
			t.Errorf("en: no message for %s", k)
		}
	}
	keys := map[string]bool{}
	for _, k := range domain.MessageKeys() {
		keys[k.String()] = true
	}
	for lang, m := range cats {
		for id := range en {
			if _, ok := m[id]; !ok {
				t.Errorf("%s: lacks %s", lang, id)
			}
		}
		for id, v := range m {
			if strings.Contains(id, "/") && !keys[id] {
				t.Errorf("%s: %s is no message key of the domain", lang, id)
			}
			if _, ok := en[id]; !ok {
				t.Errorf("%s: has %s, which en has not", lang, id)
				continue
			}
			if got, want := placeholderNames(t, id, v), placeholderNames(t, id, en[id]); !slices.Equal(got, want) {
				t.Errorf("%s: %s has the placeholders %v, en %v", lang, id, got, want)
			}
			_, plural := v.(map[string]any)
			_, enPlural := en[id].(map[string]any)
			if plural != enPlural && !strings.HasPrefix(id, "unit.") {
				t.Errorf("%s: %s: plural forms in one language and not in the other", lang, id)
			}
			if plural {
				forms := slices.Sorted(maps.Keys(texts(v)))
				if !slices.Equal(forms, pluralForms[lang]) {
					t.Errorf("%s: %s has the forms %v, want %v", lang, id, forms, pluralForms[lang])
				}
			}
			for form, s := range texts(v) {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s: %s %s is empty", lang, id, form)
				}
			}
		}
	}
}

// sample returns a finding of a message key with values in every field its
// messages may name, and reasons (quota.risk's, permit.refusal_risk's) in its
// facts.
func sample(k domain.MessageKey) domain.Finding {
	f := domain.Finding{Key: k, Subject: "W-017", Args: domain.Args{
		Name: "Zhang Wei", Code: "PRM-2025-0042",
		Date: domain.MustDate("2025-07-01"), Due: domain.MustDate("2025-07-04"),
		Done: domain.MustDate("2025-07-08"), Other: domain.MustDate("2025-06-20"),
		N: 92, Of: 90, M: 23, Year: 2025, Share: 0.6956521739130434, Bound: 0.7,
	}, Facts: domain.Facts{domain.List("reasons", []string{"CoAO 518", "local_content.ratio", "permit.missing"})}}
	rule, _, _ := strings.Cut(k.String(), "/")
	switch rule {
	case "quota.application", "quota.risk":
		f.Subject = "KZ-75"
	case "local_content.ratio":
		f.Subject = "cat1-2"
	case "ict.share":
		f.Subject = "2"
	case "report.monthly":
		f.Subject = "employer"
	case "trip.notice":
		f.Args.Code = "KZ-75, KZ-23"
	case "permit.missing", "iin.missing", "contract.required":
		f.Args.Code = "special_route"
	}
	return f
}

var (
	latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)
	datesRE   = regexp.MustCompile(`\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2}`)
	longFloat = regexp.MustCompile(`\d[.,]\d{2,}`)
)

// TestMessagesRender: every message key renders in every language with
// sample values; a Kazakh or Russian message has no English word in it
// (apart from the names and codes of the records), is not the other
// language's text, and no message writes a number with more than one
// decimal.
func TestMessagesRender(t *testing.T) {
	for _, k := range domain.MessageKeys() {
		f := sample(k)
		got := map[Lang]string{}
		for _, l := range []Lang{EN, RU, KK} {
			for _, n := range []int32{0, 1, 2, 5, 21, 92} {
				f.Args.N = n
				msg := For(l).Message(&f)
				if msg == "" || strings.Contains(msg, "{{") {
					t.Errorf("%s %s (N=%d): %q", l, k, n, msg)
				}
				if n == 92 {
					got[l] = msg
				}
				if longFloat.MatchString(datesRE.ReplaceAllString(msg, "")) {
					t.Errorf("%s %s: a number with more than one decimal: %q", l, k, msg)
				}
				if l == EN {
					continue
				}
				rest := msg
				// The names and codes of the records may stay as they are;
				// bases, regions and rule ids are words to translate.
				for _, own := range []string{f.Args.Name, "W-017", "PRM-2025-0042"} {
					rest = strings.ReplaceAll(rest, own, "")
				}
				if w := latinWord.FindString(rest); w != "" {
					t.Errorf("%s %s: the English word %q in %q", l, k, w, msg)
				}
			}
		}
		if got[RU] == got[KK] {
			t.Errorf("%s: the Russian message is the Kazakh one: %q", k, got[RU])
		}
		if got[RU] == got[EN] || got[KK] == got[EN] {
			t.Errorf("%s: a message is the English one", k)
		}
	}
}
