package documents

import (
	"strings"

	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// countryName names a citizenship in the document's language (CLDR's
// names, as the import reads them).
func countryName(code string, lang i18n.Lang) string {
	return bulk.CountryName(code, lang.String())
}

// translit writes Russian and Kazakh letters in Latin ones, for the ASCII
// file names of documents (an HTTP header's file name, a file system's).
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "iu", 'я': "ia", 'ә': "a", 'ғ': "g", 'қ': "q", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u",
	'һ': "h", 'і': "i",
}

// fileWord returns s as a file name's word: lower-case ASCII letters and
// digits, hyphens between the words, at most 40 characters; fallback
// when s gives none.
func fileWord(s, fallback string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		t := ""
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			t = string(r)
		default:
			var ok bool
			if t, ok = translit[r]; !ok {
				hyphen = b.Len() > 0
				continue
			}
		}
		if t == "" {
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(t)
	}
	out := b.String()
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], "-")
	}
	if out == "" && fallback != s {
		return fileWord(fallback, "document")
	}
	if out == "" {
		return "document"
	}
	return out
}
