package i18n

import (
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules/params"
)

// TestLawTranslated: every act, reference and interpretation that a
// finding of the embedded parameter set can show has a Kazakh and a Russian
// text, every act with an address has one in the language, and none of
// these texts, nor a rule's title, a severity, a status or a fact's label,
// has an English word in it (but the product's name).
func TestLawTranslated(t *testing.T) {
	set := params.Default()
	var texts []string
	for _, id := range domain.RuleIDs() {
		ri, ok := set.Rules[id.String()]
		if !ok {
			t.Errorf("params: no rule %s", id)
			continue
		}
		for _, c := range ri.Basis {
			texts = append(texts, c.Ref)
		}
		for _, name := range ri.Interpretations {
			p, ok := set.Param(name)
			if !ok {
				continue
			}
			for _, v := range p.Values {
				texts = append(texts, v.Ref)
				if v.Interpretation != "" {
					texts = append(texts, v.Interpretation)
				}
			}
		}
	}
	for _, lang := range []Lang{RU, KK} {
		l := For(lang)
		words := []string{}
		for code, a := range set.Acts {
			if l.ActShort(code) == code || l.ActTitle(code, a.Title) == a.Title {
				t.Errorf("%s: act %s has no short name or title", lang, code)
			}
			words = append(words, l.ActShort(code), l.ActTitle(code, a.Title))
			if a.URL != "" {
				u := l.ActURL(code, a.URL)
				if want := map[Lang]string{RU: "/rus/", KK: "/kaz/"}[lang]; !strings.Contains(u, want) {
					t.Errorf("%s: act %s's address %s is not the %s text", lang, code, u, want)
				}
			}
		}
		for _, s := range texts {
			if !l.HasLaw(s) {
				t.Errorf("%s: no translation of %q", lang, s)
			}
			words = append(words, l.Law(s))
		}
		for _, id := range domain.RuleIDs() {
			words = append(words, l.Title(id))
		}
		for s := domain.SeverityViolation; s <= domain.SeverityInfo; s++ {
			words = append(words, l.Severity(s), l.SeverityGroup(s))
		}
		for s := domain.StatusOpen; s <= domain.StatusMissed; s++ {
			words = append(words, l.Status(s))
		}
		for _, k := range []string{"kz_share", "days", "offence_date", "reasons", "basis", "permit"} {
			if l.FactLabel(k) == k {
				t.Errorf("%s: the fact %s has no label", lang, k)
			}
		}
		for _, w := range words {
			if bad := latinWord.FindString(strings.ReplaceAll(w, "ruqsat", "")); bad != "" {
				t.Errorf("%s: the English word %q in %q", lang, bad, w)
			}
		}
		if l.Severity(domain.SeverityWarning) == l.FineText(&domain.Fine{Article: "98", Part: "5", Warning: true}) {
			t.Errorf("%s: the severity warning reads as the penalty", lang)
		}
	}
}

func TestWords(t *testing.T) {
	ru, kk, en := For(RU), For(KK), For(EN)
	kzt := int64(43250)
	check := func(got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	check(ru.FineText(&domain.Fine{Article: "518", Part: "1", MCI: 10, KZT: &kzt}), "10 МРП = 43\u00a0250\u00a0тенге (ч. 1 ст. 518 КоАП РК)")
	check(kk.FineText(&domain.Fine{Article: "518", Part: "1", MCI: 10, KZT: &kzt}), "10 АЕК = 43\u00a0250\u00a0теңге (ӘҚБтК 518-бабының 1-бөлігі)")
	check(en.FineText(&domain.Fine{Article: "518", Part: "1", MCI: 10, KZT: &kzt}), "10 MCI = 43 250 KZT (CoAO Art. 518 part 1)")
	check(ru.FineText(&domain.Fine{Article: "98", Part: "5", Warning: true}), "предупреждение как административное взыскание (ч. 5 ст. 98 КоАП РК)")
	check(ru.Severity(domain.SeverityWarning), "риск")
	check(ru.FactLabel("kz_share"), "доля граждан РК")
	check(ru.FactValue(domain.Decimal("kz_share", 0.833333)), "83,3%")
	check(kk.FactValue(domain.DateFact("offence_date", domain.MustDate("2026-01-31"))), "31.01.2026")
	check(ru.FactValue(domain.String("basis", "ict")), "внутрикорпоративный перевод")
	check(ru.Period("2025-07"), "июль 2025 г.")
	check(kk.Subject("KZ-75"), "Алматы қаласы")
	check(ru.Subject("cat3-4"), "категории 3–4")
	check(ru.Count("unit.violation", 3), "3 нарушения")
	check(ru.Count("unit.warning", 5), "5 рисков")
	check(kk.ActURL("CoAO", ""), "https://adilet.zan.kz/kaz/docs/K1400000235")
	check(ru.Law("para 34"), "п. 34")
	check(kk.Law("para 34"), "34-тармақ")
}

// TestEveryParameterTranslated: `ruqsat params --lang` finds a Kazakh and
// a Russian text for every reference, interpretation and unit of the
// embedded parameters.
func TestEveryParameterTranslated(t *testing.T) {
	set := params.Default()
	for _, lang := range []Lang{RU, KK} {
		l := For(lang)
		for _, n := range set.Names() {
			p, _ := set.Param(n)
			if p.Unit != "" && l.Unit(p.Unit) == p.Unit {
				t.Errorf("%s: %s: no unit %q", lang, n, p.Unit)
			}
			for _, v := range p.Values {
				for _, s := range []string{v.Ref, v.Interpretation} {
					if s != "" && !l.HasLaw(s) {
						t.Errorf("%s: %s: no translation of %q", lang, n, s)
					}
				}
			}
		}
	}
}

// TestEnglishTitlesAreTheParameters: a finding's English title is the one
// the parameter file gives its rule (`ruqsat rules` prints that one).
func TestEnglishTitlesAreTheParameters(t *testing.T) {
	set := params.Default()
	for _, id := range domain.RuleIDs() {
		if got, want := For(EN).Title(id), set.Rules[id.String()].Title; got != want {
			t.Errorf("%s: the catalogue's title %q, the parameters' %q", id, got, want)
		}
	}
}
