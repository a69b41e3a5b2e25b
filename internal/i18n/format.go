package i18n

import (
	"math"
	"strconv"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Numbers, dates and money as the glossary writes them (§8): dates
// DD.MM.YYYY in Kazakh and Russian and ISO 8601 in English, digits grouped
// in threes by a no-break space, a decimal comma in Kazakh and Russian,
// "43 250 ₸" on a screen and "43 250 тенге" / "43 250 теңге" in a report.

const nbsp = "\u00a0"

var (
	monthsRU = [12]string{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"}
	monthsKK = [12]string{"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"}
)

// Date writes a date: 15.03.2026 in Kazakh and Russian, 2026-03-15 in
// English; "" for no date.
func (l *Localizer) Date(d domain.Date) string { return string(l.AppendDate(nil, d)) }

// AppendDate appends Date(d).
func (l *Localizer) AppendDate(b []byte, d domain.Date) []byte {
	if d.IsZero() {
		return b
	}
	if l.lang == EN {
		b, _ = d.AppendText(b)
		return b
	}
	y, m, dd := d.Civil()
	b = append(b, byte('0'+dd/10), byte('0'+dd%10), '.', byte('0'+int(m)/10), byte('0'+int(m)%10), '.')
	return strconv.AppendInt(b, int64(y), 10)
}

// Month writes the month of a date: "2025-07", "июль 2025 г.",
// "2025 жылғы шілде".
func (l *Localizer) Month(d domain.Date) string { return string(l.appendMonth(nil, d)) }

func (l *Localizer) appendMonth(b []byte, d domain.Date) []byte {
	if d.IsZero() {
		return b
	}
	y, m, _ := d.Civil()
	switch l.lang {
	case RU:
		b = append(b, monthsRU[m-1]...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(y), 10)
		return append(b, " г."...)
	case KK:
		b = strconv.AppendInt(b, int64(y), 10)
		b = append(b, " жылғы "...)
		return append(b, monthsKK[m-1]...)
	}
	return append(b, d.YearMonth().String()...)
}

// Int writes a count: in Kazakh and Russian grouped in threes by a no-break
// space from five digits on (12 500; four digits stay together, as Russian
// typography writes them), in English as digits.
func (l *Localizer) Int(n int64) string { return string(l.AppendInt(nil, n)) }

// AppendInt appends Int(n).
func (l *Localizer) AppendInt(b []byte, n int64) []byte {
	if l.lang == EN || (n > -10000 && n < 10000) {
		return strconv.AppendInt(b, n, 10)
	}
	return appendGrouped(b, n, nbsp)
}

func appendGrouped(b []byte, n int64, sep string) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, sep...)
		}
		b = append(b, s[i])
	}
	return b
}

// Amount writes a sum of money without its unit, grouped in threes: 43 250.
func (l *Localizer) Amount(kzt int64) string {
	if l.lang == EN {
		return string(appendGrouped(nil, kzt, " "))
	}
	return string(appendGrouped(nil, kzt, nbsp))
}

// Money writes a sum for a screen: "43 250 ₸".
func (l *Localizer) Money(kzt int64) string { return l.Amount(kzt) + nbsp + "₸" }

// MoneyWord writes a sum for a report or a letter: "43 250 KZT",
// "43 250 тенге", "43 250 теңге".
func (l *Localizer) MoneyWord(kzt int64) string {
	switch l.lang {
	case RU:
		return l.Amount(kzt) + nbsp + "тенге"
	case KK:
		return l.Amount(kzt) + nbsp + "теңге"
	}
	return l.Amount(kzt) + " KZT"
}

// Percent writes a share (0.8333) as a percentage with at most one decimal,
// cut rather than rounded so that a share below a minimum never reads as
// the minimum: "83,3%" in Kazakh and Russian, "83.3 %" in English.
func (l *Localizer) Percent(x float64) string { return string(l.appendPercent(nil, x)) }

func (l *Localizer) appendPercent(b []byte, x float64) []byte {
	v := math.Floor(x*1000+1e-6) / 10
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', -1, 64)
	if l.lang == EN {
		return append(b, " %"...)
	}
	for i := n; i < len(b); i++ {
		if b[i] == '.' {
			b[i] = ','
		}
	}
	return append(b, '%')
}

// Decimal writes a number with at most one decimal, with a decimal comma in
// Kazakh and Russian.
func (l *Localizer) Decimal(x float64) string {
	b := strconv.AppendFloat(nil, math.Round(x*10)/10, 'f', -1, 64)
	if l.lang != EN {
		for i := range b {
			if b[i] == '.' {
				b[i] = ','
			}
		}
	}
	return string(b)
}
