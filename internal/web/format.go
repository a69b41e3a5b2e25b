package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Month names. Russian dates use the genitive ("15 марта 2026 г."), Kazakh
// dates the nominative after the year ("2026 жылғы 15 наурыз"), in lower
// case, as official Kazakh date lines write them.
var (
	monthsEN      = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsENShort = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	monthsRUGen   = [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}
	monthsRUNom   = [12]string{"Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"}
	monthsKK      = [12]string{"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"}
	// The Kazakh dative, for "until": "1 шілдеге дейін".
	monthsKKDat = [12]string{"қаңтарға", "ақпанға", "наурызға", "сәуірге", "мамырға", "маусымға", "шілдеге", "тамызға", "қыркүйекке", "қазанға", "қарашаға", "желтоқсанға"}
	// The Kazakh locative adjective, for "as of": "15 шілдедегі".
	monthsKKLoc = [12]string{"қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы", "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы"}
)

// Date writes a date in full: "15 March 2026", "15 марта 2026 г.",
// "2026 жылғы 15 наурыз".
func (l *locale) Date(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, dd := d.Civil()
	switch l.Tag {
	case "kk":
		return strconv.Itoa(y) + " жылғы " + strconv.Itoa(dd) + " " + monthsKK[m-1]
	case "ru":
		return strconv.Itoa(dd) + " " + monthsRUGen[m-1] + " " + strconv.Itoa(y) + " г."
	}
	return strconv.Itoa(dd) + " " + monthsEN[m-1] + " " + strconv.Itoa(y)
}

// Until writes "until a date": "until 15 June 2025", "до 15 июня 2025 г.",
// "2025 жылғы 15 маусымға дейін".
func (l *locale) Until(d domain.Date) string {
	y, m, dd := d.Civil()
	switch l.Tag {
	case "kk":
		return strconv.Itoa(y) + " жылғы " + strconv.Itoa(dd) + " " + monthsKKDat[m-1] + " дейін"
	case "ru":
		return "до " + l.Date(d)
	}
	return "until " + l.Date(d)
}

// AsOf writes "as of a date", to begin a line: "As of 15 June 2025",
// "По состоянию на 15 июня 2025 г.", "2025 жылғы 15 маусымдағы жағдай
// бойынша".
func (l *locale) AsOf(d domain.Date) string {
	y, m, dd := d.Civil()
	switch l.Tag {
	case "kk":
		return strconv.Itoa(y) + " жылғы " + strconv.Itoa(dd) + " " + monthsKKLoc[m-1] + " жағдай бойынша"
	case "ru":
		return "По состоянию на " + l.Date(d)
	}
	return "As of " + l.Date(d)
}

// DateShort writes a date for a table: "15.03.2026" in Kazakh and Russian,
// "15 Mar 2026" in English.
func (l *locale) DateShort(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, dd := d.Civil()
	if l.Tag == "en" {
		return strconv.Itoa(dd) + " " + monthsENShort[m-1] + " " + strconv.Itoa(y)
	}
	return two(dd) + "." + two(int(m)) + "." + strconv.Itoa(y)
}

// Day writes the date of an instant in Almaty, as DateShort does.
func (l *locale) Day(t time.Time) string { return l.DateShort(domain.Today(t)) }

// MonthYear names a date's month: "July 2025", "Июль 2025",
// "2025 жылғы шілде".
func (l *locale) MonthYear(d domain.Date) string {
	y, m, _ := d.Civil()
	switch l.Tag {
	case "kk":
		return strconv.Itoa(y) + " жылғы " + monthsKK[m-1]
	case "ru":
		return monthsRUNom[m-1] + " " + strconv.Itoa(y)
	}
	return monthsEN[m-1] + " " + strconv.Itoa(y)
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Int writes a whole number with its digits grouped in threes by a
// no-break space: 43 250.
func (l *locale) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Money writes an amount in tenge: "43 250 ₸".
func (l *locale) Money(kzt int64) string { return l.Int(kzt) + "\u00a0₸" }

// Decimal writes a decimal number, with a decimal comma in Kazakh and
// Russian: 0,7.
func (l *locale) Decimal(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if l.Tag != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Fact writes a fact's value: dates as dates, booleans as yes or no,
// decimals with the language's decimal separator, lists joined by commas.
func (l *locale) Fact(f domain.Fact) (string, error) {
	switch v := f.Value().(type) {
	case int:
		return strconv.Itoa(v), nil
	case float64:
		return l.Decimal(v), nil
	case bool:
		if v {
			return l.T("word_yes")
		}
		return l.T("word_no")
	case string:
		// Date facts come as YYYY-MM-DD; no other fact looks like one.
		if len(v) == 10 && v[4] == '-' && v[7] == '-' {
			if d, err := domain.ParseDate(v); err == nil {
				return l.DateShort(d), nil
			}
		}
		return v, nil
	case []string:
		return strings.Join(v, ", "), nil
	}
	return "", nil
}

// FineMCI writes a fine's multiple of the monthly calculation index:
// "10 MCI", "10 МРП", "10 АЕК".
func (l *locale) FineMCI(f *domain.Fine) (string, error) {
	return l.T("fine_mci", "Count", f.MCI)
}

// FineRef names the article of the Code of Administrative Offences that
// sets a fine.
func (l *locale) FineRef(f *domain.Fine) (string, error) {
	if f.Part != "" {
		return l.T("fine_ref_part", "Article", f.Article, "Part", f.Part)
	}
	return l.T("fine_ref", "Article", f.Article)
}

// DueNote says how a deadline stands on a day: "today", "tomorrow", "in 3
// days" for an obligation still to meet, "3 days overdue" for one not met
// in time; "" when there is nothing to say (done, or no deadline).
func (l *locale) DueNote(due, today domain.Date, st domain.Status) (string, error) {
	if due.IsZero() || (st != domain.StatusOpen && st != domain.StatusMissed && st != domain.StatusNone) {
		return "", nil
	}
	n := due.Sub(today)
	switch {
	case n == 0:
		return l.T("due_today")
	case n == 1:
		return l.T("due_tomorrow")
	case n > 0:
		return l.T("due_in_days", "Count", n)
	case st == domain.StatusNone:
		return "", nil
	}
	return l.T("due_days_ago", "Count", -n)
}
