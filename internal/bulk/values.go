package bulk

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// trim removes spaces at both ends of a cell, including the no-break space
// and zero-width characters that spreadsheets leave behind.
func trim(s string) string {
	if s == "" || s[0] > ' ' && s[0] < 0x80 && s[len(s)-1] > ' ' && s[len(s)-1] < 0x80 {
		return s
	}
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
	})
}

// oneLine reports whether s holds no control character, line breaks
// included.
func oneLine(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f {
			return false
		}
	}
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r >= 0x80 && unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

// oneLineText returns s with every run of spaces, line breaks and control
// characters as one space, and none at either end: a header as a problem
// shows it. Excel headers often break over lines.
func oneLineText(s string) string {
	if oneLine(s) && trim(s) == s && !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF' || r == '\u200B' || r == '\u2028' || r == '\u2029' || r == utf8.RuneError
	}), " ")
}

// quote writes a cell's text for a message, shortened to fit on a line.
func quote(s string) string { return fmt.Sprintf("%q", cut(s)) }

// cut shortens s to a length that fits on a line.
func cut(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return s
}

// columnName returns the letters of the 0-based column i: A, ..., Z, AA, ...
func columnName(i int) string {
	var b [8]byte
	n := len(b)
	for i++; i > 0 && n > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}

// Dates are written YYYY-MM-DD or DD.MM.YYYY, the latter as Kazakhstan's
// spreadsheets show them; a time after the date, as some exports add, is
// ignored. In a workbook, a number in a date column is a date cell: the
// number of days Excel counts from its epoch.
const dateExpect = "YYYY-MM-DD or DD.MM.YYYY"

// parseDate reads a date cell. It returns the problem's message when the
// cell holds no date.
func parseDate(s string, xlsx, date1904 bool) (domain.Date, note) {
	if xlsx && isNumber(s) {
		return serialDate(s, date1904)
	}
	date, rest := s, ""
	if i := strings.IndexAny(s, " T"); i >= 0 {
		date, rest = s[:i], s[i+1:]
	}
	var y, m, d int
	var ok bool
	switch {
	case len(date) == 10 && date[4] == '-' && date[7] == '-':
		y, m, d, ok = num(date[0:4]), num(date[5:7]), num(date[8:10]), true
	default:
		// D.M.YYYY or DD.MM.YYYY
		i := strings.IndexByte(date, '.')
		j := i + 1 + strings.IndexByte(date[i+1:], '.')
		ok = i >= 1 && i <= 2 && j > i+1 && j <= i+3 && len(date)-j-1 == 4
		if ok {
			d, m, y = num(date[:i]), num(date[i+1:j]), num(date[j+1:])
		}
	}
	if !ok || y < 0 || m < 0 || d < 0 || rest != "" && !isTime(rest) {
		expect, key, slashes := dateExpect, "import.not_date", "import.not_date_slashes"
		if xlsx {
			expect, key, slashes = expect+", or a date cell", "import.not_date_cell", "import.not_date_cell_slashes"
		}
		if strings.Count(s, "/") == 2 {
			return 0, note{fmt.Sprintf("%s is not a date; expected %s (with slashes, the day and the month cannot be told apart)", quote(s), expect), slashes, []any{"Code", cut(s)}}
		}
		return 0, note{fmt.Sprintf("%s is not a date; expected %s", quote(s), expect), key, []any{"Code", cut(s)}}
	}
	if !domain.ValidDate(y, time.Month(m), d) {
		return 0, note{fmt.Sprintf("%s is not a real date; expected a day that exists, as %s", quote(s), dateExpect), "import.not_real_date", []any{"Code", cut(s)}}
	}
	return domain.NewDate(y, time.Month(m), d), note{}
}

// num returns the value of a string of decimal digits, or -1.
func num(s string) int {
	if s == "" {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// isTime reports whether s looks like a time of day, as in 2026-03-19
// 00:00:00, 19.03.2026 0:00 or 2026-03-19T00:00:00Z.
func isTime(s string) bool {
	if !strings.Contains(s, ":") || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789:.Z+-", rune(s[i])) {
			return false
		}
	}
	return true
}

// isNumber reports whether s is a plain decimal number, as a workbook
// stores a number cell: digits without a leading zero, with an optional
// fraction. "04.1985" is text.
func isNumber(s string) bool {
	whole, frac, _ := strings.Cut(s, ".")
	return num(whole) >= 0 && (len(whole) == 1 || whole[0] != '0') && (frac == "" || num(frac) >= 0)
}

// lastSerial is 9999-12-31 in Excel's 1900 date system.
const lastSerial = 2958465

// serialDate reads an Excel date serial: days since 1899-12-31 in the 1900
// date system, which counts a 29 February 1900 that never was (serial 60),
// or since 1904-01-01 in the 1904 system. A fraction is a time of day,
// ignored.
func serialDate(s string, date1904 bool) (domain.Date, note) {
	v, err := strconv.ParseFloat(s, 64)
	days := int(math.Floor(v))
	switch {
	case err == nil && float64(days) == v && days >= domain.MinBirthDate.Year() && days <= domain.MaxYear:
		// Day 1985 is in 1905: a whole number such as this was typed as a
		// year (a column "year of birth"), not stored as a date.
		return 0, note{fmt.Sprintf("the number %s is a year, not a date; expected a date cell or %s", cut(s), dateExpect), "import.year_not_date", []any{"Code", cut(s)}}
	case err != nil || v < 0 || !date1904 && v < 1 || days > lastSerial:
		return 0, note{fmt.Sprintf("the number %s is not a date; expected a date cell or %s", cut(s), dateExpect), "import.number_not_date", []any{"Code", cut(s)}}
	case date1904:
		return domain.NewDate(1904, time.January, 1).AddDays(days), note{}
	case days == 60:
		return 0, note{"the date cell holds 29 February 1900, which Excel counts but which never was; expected a day that exists", "import.feb_29_1900", nil}
	case days < 60:
		return domain.NewDate(1899, time.December, 31).AddDays(days), note{}
	}
	return domain.NewDate(1899, time.December, 30).AddDays(days), note{}
}

// regionExpect is what a region cell should hold.
const regionExpect = "a region code such as KZ-75, or a region's name in Kazakh, Russian or English"

// regionWords mark a name as a region's or a city's; a name is also known
// by what is left without them ("Атырау", "Astana"), where that is not
// ambiguous.
var (
	regionWords = []string{"облысы", "область", "обл", "region", "oblast"}
	cityWords   = []string{"қаласы", "қ", "город", "г", "city"}
)

// regionName is a short name of a region and the kind of unit it names.
type regionName struct {
	code domain.Region
	city bool
}

// regionNames maps the normalized full names of each region to its code;
// regionShort maps their short forms to every region they might name.
var regionNames, regionShort = func() (map[string]domain.Region, map[string][]regionName) {
	full := make(map[string]domain.Region)
	short := make(map[string][]regionName)
	forms := &nameTable{codes: map[string]string{}}
	if err := readForms("region_forms.tsv", forms, func(c string) bool { return domain.Region(c).Valid() }); err != nil {
		panic(err)
	}
	for n, c := range forms.codes {
		full[n] = domain.Region(c)
	}
	for _, ri := range domain.Regions {
		for _, n := range []string{ri.KK, ri.RU, ri.EN} {
			full[normalize(n)] = ri.Code
			s, _, _ := shortName(n)
			city := ri.Code == "KZ-71" || ri.Code == "KZ-75" || ri.Code == "KZ-79"
			if !containsName(short[s], ri.Code) {
				short[s] = append(short[s], regionName{ri.Code, city})
			}
		}
	}
	return full, short
}()

// regionList holds every region's names, for suggestions.
var regionList = func() *nameTable {
	t := &nameTable{codes: map[string]string{}}
	for _, ri := range domain.Regions {
		for _, n := range []string{ri.RU, ri.KK, ri.EN} {
			_ = t.add(string(ri.Code), n)
		}
	}
	return t
}()

func containsName(ns []regionName, c domain.Region) bool {
	for _, n := range ns {
		if n.code == c {
			return true
		}
	}
	return false
}

// shortName returns a region's name without the words that say what it is,
// and whether they said region or city.
func shortName(s string) (name string, region, city bool) {
	words := strings.Fields(normalize(s))
	kept := words[:0]
	for _, w := range words {
		switch {
		case contains(regionWords, w):
			region = true
		case contains(cityWords, w):
			city = true
		default:
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " "), region, city
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseRegion reads a region: a code, in any case, or a name. A code is
// taken as written, in upper case: whether the region exists the records
// validator says.
func parseRegion(s string) (domain.Region, string) {
	if len(s) == 5 && (s[0] == 'K' || s[0] == 'k') && (s[1] == 'Z' || s[1] == 'z') && s[2] == '-' {
		if r := domain.Region("KZ" + s[2:]); r.Valid() {
			return r, "" // the code's shared string
		}
		return domain.Region("KZ" + s[2:]), ""
	}
	if r, ok := regionNames[normalize(s)]; ok {
		return r, ""
	}
	found := regionCandidates(s)
	switch len(found) {
	case 1:
		return found[0], ""
	case 0:
		return "", fmt.Sprintf("%s is not a region; expected %s%s", quote(s), regionExpect, didYouMean(regionList.suggest(s)))
	}
	var alts []string
	for _, c := range found {
		ri, _ := domain.LookupRegion(c)
		alts = append(alts, fmt.Sprintf("%s (%s)", ri.EN, c))
	}
	return "", fmt.Sprintf("%s may be %s; expected a region code or a full name", quote(s), strings.Join(alts, " or "))
}

// regionCandidates returns the regions a short name ("Алматы", "Атырау
// обл.") may be.
func regionCandidates(s string) []domain.Region {
	name, region, city := shortName(s)
	var found []domain.Region
	for _, n := range regionShort[name] {
		if region && n.city || city && !n.city {
			continue
		}
		found = append(found, n.code)
	}
	return found
}

// splitRegions splits a permit's regions cell at commas, semicolons and
// line breaks.
func splitRegions(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' })
	out := parts[:0]
	for _, p := range parts {
		if p = trim(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// countries maps each ISO 3166-1 alpha-2 code to itself, so that a cell's
// code is stored as a shared string.
var countries = func() map[string]string {
	m := make(map[string]string)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if c := string([]rune{a, b}); domain.ValidCountry(c) {
				m[c] = c
			}
		}
	}
	return m
}()

// parseCountry reads a country: an ISO 3166-1 alpha-2 code in any case,
// taken in upper case for the records validator to judge, or a country's
// name in English, Russian or Kazakh, or a usual short form (КНР, РФ, США,
// Ұлыбритания). Anything else is a problem, with the closest names.
func parseCountry(s string) (string, string) {
	if len(s) == 2 && isLetter(s[0]) && isLetter(s[1]) {
		up := strings.ToUpper(s)
		if c, ok := countries[up]; ok {
			return c, ""
		}
		if c, ok := countryNames.codes[normalize(s)]; ok {
			return countries[c], "" // UK
		}
		return up, ""
	}
	if c, ok := countryNames.codes[normalize(s)]; ok {
		return countries[c], ""
	}
	return "", fmt.Sprintf("%s is not a country; expected an ISO 3166-1 code such as CN, or a country's name in Kazakh, Russian or English%s", quote(s), didYouMean(countryNames.suggest(s)))
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// parseBasis reads a basis by its name, in any case, with spaces or hyphens
// for its underscores, or by the words registers use (разрешение, ВКП,
// ЕАЭС, рұқсат; data/bases.tsv); a word that names none is taken as
// written, for the records validator to judge.
func parseBasis(s string) domain.Basis {
	for _, v := range domain.Bases {
		if len(s) == len(v) && strings.EqualFold(strings.Map(underscore, s), string(v)) {
			return v
		}
	}
	if c, ok := basisWords.codes[normalize(s)]; ok {
		return domain.Basis(c)
	}
	return domain.Basis(strings.Clone(s))
}

// basisProblem words a basis that names none, with the closest words.
func basisProblem(s string) string {
	return fmt.Sprintf("%s is not an engagement basis; expected one of %s, or a word for one such as разрешение, ВКП, ЕАЭС, рұқсат%s",
		quote(s), basisCodes(), didYouMean(basisWords.suggest(s)))
}

// basisCodes lists the bases' codes.
func basisCodes() string {
	codes := make([]string, len(domain.Bases))
	for i, b := range domain.Bases {
		codes[i] = string(b)
	}
	return strings.Join(codes, ", ")
}

func underscore(r rune) rune {
	if r == ' ' || r == '-' {
		return '_'
	}
	return r
}

// categoryWords are the words around a category's number ("3 категория",
// "үшінші санат") and the numbers in words and Roman numerals.
var (
	categoryWords = []string{"категория", "кат", "санат", "санаты", "category", "cat", "я", "й", "ая"}
	categoryNums  = map[string]string{
		"i": "1", "ii": "2", "iii": "3", "iv": "4",
		"первая": "1", "вторая": "2", "третья": "3", "четвертая": "4",
		"бірінші": "1", "екінші": "2", "үшінші": "3", "төртінші": "4",
		"first": "1", "second": "2", "third": "3", "fourth": "4",
	}
)

// parseCategory reads 1, 2, 3, 4 or seasonal (сезонный, маусымдық), the
// number also in Roman numerals or in words, with or without the word
// category ("III", "3 категория", "третья категория", "үшінші санат").
func parseCategory(s string) (domain.Category, string) {
	switch strings.ToLower(s) {
	case "сезонный", "сезонная", "маусымдық":
		return domain.CategorySeasonal, ""
	}
	if c, ok := domain.ParseCategory(strings.ToLower(s)); ok {
		return c, ""
	}
	var num string
	for _, w := range strings.Fields(normalize(s)) {
		if contains(categoryWords, w) {
			continue
		}
		if n, ok := categoryNums[w]; ok {
			w = n
		}
		if num != "" {
			num = "?"
			break
		}
		num = w
	}
	if c, ok := domain.ParseCategory(num); ok {
		return c, ""
	}
	return 0, fmt.Sprintf("%s is not a worker category; expected 1, 2, 3, 4 or seasonal", quote(s))
}

// ParseSize reads an employer's size: small, medium or large, in English,
// Russian (малое, среднее, крупное) or Kazakh (шағын, орта, ірі).
func ParseSize(s string) (domain.Size, bool) {
	z, ok := sizeWords.codes[normalize(s)]
	return domain.Size(z), ok
}

func parseSize(s string) (domain.Size, string) {
	if z, ok := ParseSize(s); ok {
		return z, ""
	}
	return "", fmt.Sprintf("%s is not an employer's size; expected small, medium or large (малое, среднее, крупное; шағын, орта, ірі)", quote(s))
}

// parseIdent reads a BIN or IIN. A spreadsheet that took one for a number
// may have written it in scientific notation, which has lost digits: that
// cell holds no identifier. Check digits are the records validator's.
func parseIdent(s, kind string) (string, note) {
	if strings.ContainsAny(s, "eE") {
		if _, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
			return "", note{fmt.Sprintf("%s is a number in scientific notation, which has lost digits; expected the 12 digits of the %s, stored as text", quote(s), kind),
				"import.scientific", []any{"Code", cut(s), "Name", word("import.kind." + strings.ToLower(kind))}}
		}
	}
	return s, note{}
}

// leadingZeroHint is added to the validator's message about an identifier
// of 11 digits: the 12th was most likely a leading zero a spreadsheet
// dropped.
func leadingZeroHint(value, kind string) string {
	if len(value) == 11 && num(value) >= 0 {
		return "; a spreadsheet that stores the " + kind + " as a number drops its leading zero: store the column as text"
	}
	return ""
}
