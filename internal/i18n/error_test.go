package i18n

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The query parameters, JSON fields and values (size: small, medium,
// large), the date formats and codes an error names stay as they are
// written.
var errorCodesRE = regexp.MustCompile(`\b(limit|offset|as_of|days|employers|YYYY-MM-DD|DD\.MM\.YYYY|ISO|CN|UTF-8|size|small|medium|large)\b`)

// TestErrorsTranslated: every application error (error.*) and every
// text of the import (import.*) renders in
// Kazakh and Russian with no English word but the values it quotes and
// the parameters it names, and the two are not one text nor the English.
func TestErrorsTranslated(t *testing.T) {
	en := readCatalogue(t, "en")
	kv := []any{"Code", "QX-17", "Name", "qname", "Other", "…", "N", 12, "M", 3, "Of", 1000, "Date", "1989-12-31", "Count", 5}
	n := 0
	for id := range en {
		if !strings.HasPrefix(id, "error.") && !strings.HasPrefix(id, "import.") {
			continue
		}
		n++
		got := map[Lang]string{}
		for _, l := range []Lang{EN, RU, KK} {
			msg := For(l).T(id, kv...)
			got[l] = msg
			if msg == "" || msg == id || strings.Contains(msg, "{{") {
				t.Errorf("%s %s: %q", l, id, msg)
			}
			if l == EN {
				continue
			}
			rest := codesInText.ReplaceAllString(errorCodesRE.ReplaceAllString(strings.NewReplacer("QX-17", "", "qname", "").Replace(msg), ""), "")
			if w := latinWord.FindString(rest); w != "" {
				t.Errorf("%s %s: the English word %q in %q", l, id, w, msg)
			}
		}
		if got[RU] == got[KK] {
			t.Errorf("%s: the Russian message is the Kazakh one: %q", id, got[RU])
		}
		if got[RU] == got[EN] || got[KK] == got[EN] {
			t.Errorf("%s: a message is the English one", id)
		}
	}
	if n < 30 {
		t.Errorf("%d error messages in the catalogue", n)
	}
}

// TestError: an error with a key is written in the localizer's language,
// a problem among its placeholders as Problem writes it; English and an
// error without a key keep their Message.
func TestError(t *testing.T) {
	p := domain.Problem{Path: domain.Path{{Key: "q", Index: -1}}, Code: domain.CodeTooLong, Args: map[string]any{"len": 300, "max": 200}}
	err := domain.Errorf(domain.EINVALID, "q: %s", p.Message(nil)).Say("error.query_text", "Name", "q", "Other", p)
	if got, want := For(EN).Error(err), "q: "+p.Message(nil); got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	if got, want := For(RU).Error(err), "параметр запроса q: "+For(RU).Problem(p, nil); got != want {
		t.Errorf("ru: %q, want %q", got, want)
	}
	if got := For(KK).Error(domain.Errorf(domain.ENOTFOUND, "no employer with BIN 1").Say("error.no_employer", "Code", "1")); got != "БСН 1 жұмыс беруші табылмады" {
		t.Errorf("kk: %q", got)
	}
	if got := For(RU).Error(domain.Errorf(domain.ENOTFOUND, "plain")); got != "plain" {
		t.Errorf("ru, no key: %q", got)
	}
	if got := For(RU).Error(errors.New("boom")); got != "внутренняя ошибка" {
		t.Errorf("ru, not a domain error: %q", got)
	}
}
