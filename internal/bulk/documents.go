package bulk

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The columns of a worker that the documents need and the rules do not
// (the qualification letter's passport, education and experience): read
// here as the other worker columns are, syntax only.

// levelWords are the words HR files use for a level of education, in
// English, Russian and Kazakh, normalized.
var levelWords = func() map[string]domain.EducationLevel {
	m := map[string]domain.EducationLevel{}
	for level, words := range map[domain.EducationLevel][]string{
		domain.EducationSecondary: {"secondary", "school", "high school", "среднее", "общее среднее", "среднее общее",
			"орта", "жалпы орта", "орта білім"},
		domain.EducationVocational: {"vocational", "technical", "college", "среднее специальное", "среднее профессиональное",
			"профессиональное", "техническое и профессиональное", "колледж", "техникалық және кәсіптік", "кәсіптік", "арнаулы орта", "колледж білімі"},
		domain.EducationHigher: {"higher", "university", "bachelor", "master", "высшее", "бакалавр", "магистр",
			"жоғары", "жоғары білім"},
		domain.EducationPostgraduate: {"postgraduate", "doctorate", "phd", "послевузовское", "докторантура", "кандидат наук", "доктор наук",
			"жоғары оқу орнынан кейінгі", "докторантура білімі"},
	} {
		for _, w := range append(words, string(level)) {
			m[normalize(w)] = level
		}
	}
	return m
}()

// documentFields reads the passport, education and experience cells of a
// worker's row into w.
func (r *rowCtx) documentFields(w *domain.Worker) {
	// In a register without an id column the passport number is the
	// worker's id too; it is the passport's number all the same.
	number := r.text(fPassport)
	expires := r.date(fPassportExpires)
	if number != "" || expires != 0 {
		w.Passport = &domain.Passport{Number: number, Expires: expires}
	}
	var e domain.Education
	if v, ok := r.opt(fEducation); ok {
		level, known := levelWords[normalize(v)]
		if !known {
			r.say(fEducation, fmt.Sprintf("%q is not a level of education; expected secondary, vocational, higher or postgraduate", cut(v)),
				"import.not_education", "Code", cut(v))
		}
		e.Level = level
	}
	e.Institution = r.text(fInstitution)
	e.Specialty = r.text(fSpecialty)
	e.Graduated, _ = r.whole(fGraduated)
	if e != (domain.Education{}) {
		w.Education = &e
	}
	if n, ok := r.whole(fExperience); ok {
		w.ExperienceYears = &n
	}
}

// whole reads a cell holding a whole number (a year, a count of years);
// ok is false when it is empty or holds no whole number, which is
// reported.
func (r *rowCtx) whole(f field) (int, bool) {
	v, ok := r.opt(f)
	if !ok {
		return 0, false
	}
	s := strings.TrimSuffix(strings.TrimSuffix(v, ".0"), ",0")
	n, err := strconv.Atoi(s)
	if err != nil || n < -1_000_000 || n > 1_000_000 {
		r.say(f, fmt.Sprintf("%q is not a whole number; expected a number such as 2007 or 16", cut(v)), "import.not_whole", "Code", cut(v))
		return 0, false
	}
	return n, true
}

// updateDocuments sets the passport, education and experience of dst
// that the worker's file has columns for, and reports whether any changed.
func (w *Worker) updateDocuments(dst *domain.Worker) bool {
	changed := false
	src := &w.Worker
	if w.given.has(fPassport) || w.given.has(fPassportExpires) {
		p := domain.Passport{}
		if dst.Passport != nil {
			p = *dst.Passport
		}
		var in domain.Passport
		if src.Passport != nil {
			in = *src.Passport
		}
		old := p
		if w.given.has(fPassport) {
			p.Number = in.Number
		}
		if w.given.has(fPassportExpires) {
			p.Expires = in.Expires
		}
		if p != old {
			changed = true
			dst.Passport = &p
			if p == (domain.Passport{}) {
				dst.Passport = nil
			}
		}
	}
	if w.given.has(fEducation) || w.given.has(fInstitution) || w.given.has(fSpecialty) || w.given.has(fGraduated) {
		e := domain.Education{}
		if dst.Education != nil {
			e = *dst.Education
		}
		var in domain.Education
		if src.Education != nil {
			in = *src.Education
		}
		old := e
		if w.given.has(fEducation) {
			e.Level = in.Level
		}
		if w.given.has(fInstitution) {
			e.Institution = in.Institution
		}
		if w.given.has(fSpecialty) {
			e.Specialty = in.Specialty
		}
		if w.given.has(fGraduated) {
			e.Graduated = in.Graduated
		}
		if e != old {
			changed = true
			dst.Education = &e
			if e == (domain.Education{}) {
				dst.Education = nil
			}
		}
	}
	if w.given.has(fExperience) {
		a, b := dst.ExperienceYears, src.ExperienceYears
		if (a == nil) != (b == nil) || (a != nil && *a != *b) {
			changed = true
			dst.ExperienceYears = nil
			if b != nil {
				n := *b
				dst.ExperienceYears = &n
			}
		}
	}
	return changed
}

// countryWords holds each country's names in English, Russian and Kazakh
// (data/countries.tsv, CLDR's), for the documents that name a citizenship.
var countryWords = sync.OnceValue(func() map[string][3]string {
	m := map[string][3]string{}
	_ = readTSV("countries.tsv", func(fs []string) error {
		if len(fs) < 3 {
			return nil
		}
		n := [3]string{fs[1], fs[2], fs[2]} // the file leaves out a Kazakh name that is the Russian one
		if len(fs) > 3 {
			n[2] = fs[3]
		}
		m[fs[0]] = n
		return nil
	})
	return m
})

// CountryName names a country (an ISO 3166-1 alpha-2 code) in lang ("en",
// "ru" or "kk") as CLDR does; an unknown code is returned as it is.
func CountryName(code, lang string) string {
	n, ok := countryWords()[code]
	if !ok {
		return code
	}
	switch lang {
	case "ru":
		return n[1]
	case "kk":
		return n[2]
	}
	return n[0]
}
