package bulk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// A figures file holds an employer's monthly report figures, one row a
// month: the citizens of Kazakhstan trained, those who replaced foreign
// workers, those working, and the jobs created. Apply finds a month's
// figures by the month.

var figureColumns = []column{
	binColumn,
	{fMonth, "month", false, "", []string{
		"month", "reporting month", "month of report", "period", "reporting period",
		"месяц", "отчетный месяц", "месяц отчета", "за месяц", "период", "отчетный период",
		"ай", "айы", "есепті ай", "есеп айы", "кезең", "есепті кезең"}},
	{fTrained, "kz_trained", false, "", []string{
		"trained", "citizens trained", "kazakhstan citizens trained", "kz citizens trained", "trained citizens",
		"обучено", "обучено граждан", "обучено граждан рк", "обучено граждан казахстана", "обученные граждане рк",
		"количество обученных граждан рк", "прошли обучение", "прошли обучение граждан рк",
		"оқытылды", "оқытылған", "оқытылған азаматтар", "оқытылған қр азаматтары", "қр азаматтары оқытылды", "оқудан өткен қр азаматтары"}},
	{fReplaced, "kz_replaced", false, "", []string{
		"replaced", "replaced foreigners", "foreigners replaced", "citizens replacing foreigners", "kazakhstan citizens replacing foreign workers",
		"заменили иностранцев", "заменили иностранных работников", "заменено", "замещено", "замена иностранцев",
		"граждане рк заменившие иностранцев", "количество граждан рк заменивших иностранцев",
		"шетелдіктерді алмастырды", "алмастырылды", "шетелдіктерді алмастырған қр азаматтары",
		"шетелдік жұмыскерлерді алмастырған", "шетелдіктердің орнына қабылданды"}},
	{fWorking, "kz_working", false, "", []string{
		"working", "citizens working", "kazakhstan citizens working", "kz citizens working", "citizens employed", "kz citizens employed",
		"работает граждан рк", "работают граждан рк", "граждан рк работает", "работающих граждан рк", "работает граждан",
		"численность граждан рк", "количество работающих граждан рк",
		"жұмыс істейді", "жұмыс істейтін азаматтар", "жұмыс істейтін қр азаматтары", "қр азаматтары жұмыс істейді", "қр азаматтарының саны"}},
	{fJobs, "jobs_created", false, "", []string{
		"jobs created", "new jobs", "created jobs", "jobs",
		"создано рабочих мест", "создано новых рабочих мест", "рабочих мест создано", "новые рабочие места", "создано рабочих мест для граждан рк",
		"құрылған жұмыс орындары", "жаңа жұмыс орындары", "жұмыс орындары құрылды", "құрылған жаңа жұмыс орындары"}},
}

// figureFields are the fields of a figures row by the keys of the
// validator's paths.
var figureFields = map[string]field{"month": fMonth, "kz_trained": fTrained, "kz_replaced": fReplaced, "kz_working": fWorking, "jobs_created": fJobs}

type figureRow struct {
	row origin
	bin string
	f   domain.MonthlyFigures
}

func (t *table) figure(r *rowCtx) {
	fr := figureRow{bin: r.bin()}
	if v, ok := r.opt(fMonth); ok {
		m, n := parseMonth(v, t.s.xlsx, t.s.date1904)
		if n.en != "" {
			r.tell(fMonth, n)
		}
		fr.f.Month = m
	}
	fr.f.KZTrained = r.count(fTrained)
	fr.f.KZReplaced = r.count(fReplaced)
	fr.f.KZWorking = r.count(fWorking)
	fr.f.JobsCreated = r.count(fJobs)
	fr.row = r.origin()
	t.im.figures.add(fr)
}

// count reads a cell holding a count: a whole number, its thousands
// perhaps set apart by spaces ("1 250"); 0 when it is empty or holds no
// number, which is reported. Whether the count may be what it is, the
// records validator says.
func (r *rowCtx) count(f field) int {
	v, ok := r.opt(f)
	if !ok {
		return 0
	}
	s := strings.Map(func(c rune) rune {
		if c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009' {
			return -1
		}
		return c
	}, v)
	s = strings.TrimSuffix(strings.TrimSuffix(s, ".0"), ",0")
	n, err := strconv.Atoi(s)
	if err != nil || n < -1_000_000_000 || n > 1_000_000_000 {
		r.say(f, fmt.Sprintf("%s is not a whole number; expected a count such as 0, 12 or 1 250", quote(v)), "import.not_count", "Code", cut(v))
		return 0
	}
	return n
}

// monthExpect is what a month cell should hold.
const monthExpect = "2026-11, 11.2026, ноябрь 2026, қараша 2026, November 2026, or a day of the month"

// monthWords are the names of the months in Russian (nominative, genitive
// and prepositional, and the usual abbreviations), Kazakh and English.
var monthWords = func() map[string]time.Month {
	m := map[string]time.Month{}
	for i, names := range [12][]string{
		{"январь", "января", "январе", "янв", "қаңтар", "қаңтары", "january", "jan"},
		{"февраль", "февраля", "феврале", "фев", "февр", "ақпан", "ақпаны", "february", "feb"},
		{"март", "марта", "марте", "мар", "наурыз", "наурызы", "march", "mar"},
		{"апрель", "апреля", "апреле", "апр", "сәуір", "сәуірі", "april", "apr"},
		{"май", "мая", "мае", "мамыр", "мамыры", "may"},
		{"июнь", "июня", "июне", "июн", "маусым", "маусымы", "june", "jun"},
		{"июль", "июля", "июле", "июл", "шілде", "шілдесі", "july", "jul"},
		{"август", "августа", "августе", "авг", "тамыз", "тамызы", "august", "aug"},
		{"сентябрь", "сентября", "сентябре", "сен", "сент", "қыркүйек", "қыркүйегі", "september", "sep", "sept"},
		{"октябрь", "октября", "октябре", "окт", "қазан", "қазаны", "october", "oct"},
		{"ноябрь", "ноября", "ноябре", "ноя", "нояб", "қараша", "қарашасы", "november", "nov"},
		{"декабрь", "декабря", "декабре", "дек", "желтоқсан", "желтоқсаны", "december", "dec"},
	} {
		for _, n := range names {
			m[n] = time.Month(i + 1)
		}
	}
	return m
}()

// monthFiller are the words around a month's name and year that say
// nothing more: "за ноябрь 2026 г.", "2026 жылғы қараша айы".
var monthFiller = []string{"г", "год", "года", "гг", "за", "в", "ж", "жыл", "жылы", "жылғы", "ай", "айы", "үшін", "of", "for", "year"}

// parseMonth reads a month cell: YYYY-MM, MM.YYYY or MM/YYYY, a month's
// name and its year in Russian, Kazakh or English, or a day of the month
// (as a date cell in a workbook). It returns the problem's message when the
// cell holds no month.
func parseMonth(s string, xlsx, date1904 bool) (domain.YearMonth, note) {
	if y, m, ok := numericMonth(s); ok {
		if m < 1 || m > 12 {
			return 0, note{fmt.Sprintf("%s is not a month: there is no month %d; expected %s", quote(s), m, monthExpect), "import.not_real_month", []any{"Code", cut(s)}}
		}
		return domain.NewYearMonth(y, time.Month(m)), note{}
	}
	if d, n := parseDate(s, xlsx, date1904); n.en == "" {
		return d.YearMonth(), note{}
	}
	y, m := -1, time.Month(0)
	for _, w := range strings.Fields(normalize(s)) {
		if mm, ok := monthWords[w]; ok && m == 0 {
			m = mm
			continue
		}
		if n := num(w); len(w) <= 2 && n >= 1 && n <= 12 && m == 0 {
			m = time.Month(n) // "11.2026 г."
			continue
		}
		if len(w) >= 4 && num(w[:4]) >= 0 && y < 0 && (len(w) == 4 || slices.Contains(monthFiller, w[4:])) {
			y = num(w[:4]) // "2026", "2026г", "2026ж"
			continue
		}
		if !slices.Contains(monthFiller, w) {
			y = -2
			break
		}
	}
	if y >= 0 && m != 0 {
		return domain.NewYearMonth(y, m), note{}
	}
	return 0, note{fmt.Sprintf("%s is not a month; expected %s", quote(s), monthExpect), "import.not_month", []any{"Code", cut(s)}}
}

// numericMonth reads YYYY-MM, YYYY.MM, MM.YYYY, MM/YYYY or MM-YYYY (one or
// two digits of the month).
func numericMonth(s string) (y, m int, ok bool) {
	i := strings.IndexAny(s, ".-/")
	if i < 0 || strings.ContainsAny(s[i+1:], ".-/") {
		return 0, 0, false
	}
	a, b := s[:i], s[i+1:]
	switch {
	case len(a) == 4 && (len(b) == 1 || len(b) == 2) && s[i] != '/':
		y, m = num(a), num(b)
	case (len(a) == 1 || len(a) == 2) && len(b) == 4:
		m, y = num(a), num(b)
	default:
		return 0, 0, false
	}
	return y, m, y >= 0 && m >= 0
}

// mergeFigures merges the employer's monthly figures into recorded: a
// month's figures are found by the month; a new month is added, a known
// one gets the figures its file has columns for. recorded is copied before
// it changes.
func (e *Employer) mergeFigures(recorded []domain.MonthlyFigures, srcs []*source) (out []domain.MonthlyFigures, added, updated int) {
	return mergeKeyed(recorded, e.Figures, func(f domain.MonthlyFigures) domain.YearMonth { return f.Month },
		func(k int) fieldSet { return srcs[e.figureRows[k].at().src].given },
		func(dst *domain.MonthlyFigures, f domain.MonthlyFigures, given fieldSet) {
			if given.has(fTrained) {
				dst.KZTrained = f.KZTrained
			}
			if given.has(fReplaced) {
				dst.KZReplaced = f.KZReplaced
			}
			if given.has(fWorking) {
				dst.KZWorking = f.KZWorking
			}
			if given.has(fJobs) {
				dst.JobsCreated = f.JobsCreated
			}
		})
}
