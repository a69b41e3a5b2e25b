package documents

import (
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The qualification letter (the seed's Appendix No. 3 to the permit
// rules): on the employer's letterhead (its logo in the upper left corner
// when it has one), to the local executive body of the permit's region,
// the worker's identity, passport, education and experience, the position
// applied for, the statement that the worker matches it and that the
// employer answers for the accuracy, the director's signature (and a place
// for the seal when the employer uses one), and, when the request names
// one, the executor's mark bottom left of the last page.

// letterFields are the text placeholders of the letter's template, in the
// order the PDF writes them. The template has one more, {{logo}}: the run
// that holds it becomes the logo's drawing, or nothing without one.
var letterFields = []string{
	"employer_name", "employer_bin", "employer_address", "employer_contacts",
	"number_line", "date_line", "addressee_1", "addressee_2", "title", "intro",
	"label_name", "name", "label_citizenship", "citizenship", "label_birth_date", "birth_date",
	"label_passport", "passport", "label_education", "education", "label_experience", "experience",
	"label_position", "position", "statement", "responsibility", "director_position", "director_name", "seal",
	"executor",
}

// letterOptional are the fields whose paragraph the DOCX leaves out when
// they are empty, so that a letter without them has no blank lines.
var letterOptional = []string{"executor"}

// maxExecutor is the most characters of the executor's name and of the
// phone.
const maxExecutor = 100

// letter returns the letter's fields in l's language, or the missing
// fields' problems.
func letter(rec *domain.Records, req Request, l *i18n.Localizer) (map[string]string, *domain.Worker, error) {
	i, err := findWorker(rec, req.Worker)
	if err != nil {
		return nil, nil, err
	}
	w := &rec.Workers[i]
	e := &rec.Employer
	var m missing
	m.need(e.Name != "", path("employer", "name"))
	m.need(e.Address != "", path("employer", "address"))
	m.need(e.Phone != "", path("employer", "phone"))
	m.need(e.Director.Name != "", path("employer", "director", "name"))
	m.need(e.Director.Position != "", path("employer", "director", "position"))
	m.need(w.Name != "", path("workers", i, "name"))
	m.need(w.Citizenship != "", path("workers", i, "citizenship"))
	m.need(!w.BirthDate.IsZero(), path("workers", i, "birth_date"))
	m.need(w.Passport != nil && w.Passport.Number != "", path("workers", i, "passport", "number"))
	ed := w.Education
	if ed == nil {
		ed = &domain.Education{}
	}
	m.need(ed.Level != "", path("workers", i, "education", "level"))
	m.need(ed.Institution != "", path("workers", i, "education", "institution"))
	m.need(ed.Specialty != "", path("workers", i, "education", "specialty"))
	m.need(ed.Graduated != 0, path("workers", i, "education", "graduated"))
	m.need(w.ExperienceYears != nil, path("workers", i, "experience_years"))
	m.need(w.Position != "", path("workers", i, "position"))
	region := req.Region
	if region == "" {
		region = latestRegion(w)
		m.need(region != "", path("workers", i, "permits"))
	} else if _, ok := domain.LookupRegion(region); !ok {
		return nil, nil, domain.Errorf(domain.EINVALID, "%q is not a region; expected a region code such as KZ-75", region).
			Say("error.doc_region", "Code", string(region))
	}
	if err := m.err(); err != nil {
		return nil, nil, err
	}
	executor, err := executorLine(req, l)
	if err != nil {
		return nil, nil, err
	}

	number := req.Number
	if number == "" {
		number = "________"
	}
	contacts := l.T("doc.letter.phone", "Code", e.Phone)
	if e.Email != "" {
		contacts += ", " + l.T("doc.letter.email", "Code", e.Email)
	}
	p := w.Passport
	passport := l.T("doc.letter.passport_number", "Code", p.Number)
	if !p.Issued.IsZero() {
		passport += ", " + l.T("doc.letter.passport_issued", "Date", dmy(p.Issued))
	}
	if p.Issuer != "" {
		passport += ", " + p.Issuer
	}
	if !p.Expires.IsZero() {
		passport += ", " + l.T("doc.letter.passport_expires", "Date", dmy(p.Expires))
	}
	position := w.Position
	if w.Category != domain.CategoryNone {
		position = l.T("doc.letter.position_category", "Name", w.Position, "Code", categoryWord(l, w.Category))
	}
	f := map[string]string{
		"employer_name":     e.Name,
		"employer_bin":      l.T("doc.bin", "Code", e.BIN),
		"employer_address":  e.Address,
		"employer_contacts": contacts,
		"number_line":       l.T("doc.letter.number", "Code", number),
		"date_line":         l.T("doc.letter.date", "Date", dmy(req.AsOf)),
		"addressee_1":       l.T("doc.letter.addressee"),
		"addressee_2":       l.Region(region),
		"title":             l.T("doc.letter.title"),
		"intro":             l.T("doc.letter.intro", "Name", e.Name, "Code", e.BIN),
		"label_name":        l.T("doc.letter.label_name"),
		"name":              w.Name,
		"label_citizenship": l.T("doc.letter.label_citizenship"),
		"citizenship":       countryName(w.Citizenship, req.Lang),
		"label_birth_date":  l.T("doc.letter.label_birth_date"),
		"birth_date":        dmy(w.BirthDate),
		"label_passport":    l.T("doc.letter.label_passport"),
		"passport":          passport,
		"label_education":   l.T("doc.letter.label_education"),
		"education": l.T("doc.letter.education", "Name", levelWord(l, ed.Level), "Other", ed.Institution,
			"Code", ed.Specialty, "Year", strconv.Itoa(ed.Graduated)),
		"label_experience":  l.T("doc.letter.label_experience"),
		"experience":        l.T("doc.years", "Count", *w.ExperienceYears),
		"label_position":    l.T("doc.letter.label_position"),
		"position":          position,
		"statement":         l.T("doc.letter.statement", "Name", w.Name),
		"responsibility":    l.T("doc.letter.responsibility", "Name", e.Name),
		"director_position": e.Director.Position,
		"director_name":     e.Director.Name,
		"seal":              "",
		"executor":          executor,
	}
	if e.UsesSeal {
		f["seal"] = l.T("doc.letter.seal")
	}
	return f, w, nil
}

// executorLine returns the executor mark of the letter (GLOSSARY §9.8:
// "Исп.: …, тел. …"), "" when the request names no executor; EINVALID for
// a name or phone that is not one short line, and for a phone without a
// name.
func executorLine(req Request, l *i18n.Localizer) (string, error) {
	for _, s := range []string{req.Executor, req.ExecutorPhone} {
		if code, _ := domain.CheckText(s, maxExecutor); code != "" {
			return "", domain.Errorf(domain.EINVALID, "the executor's name and phone are each one line of at most %d characters", maxExecutor).
				Say("error.doc_executor", "N", maxExecutor)
		}
	}
	name, phone := strings.TrimSpace(req.Executor), strings.TrimSpace(req.ExecutorPhone)
	switch {
	case name == "" && phone != "":
		return "", domain.Errorf(domain.EINVALID, "the executor's phone is given without the executor's name").Say("error.doc_executor_phone")
	case name == "":
		return "", nil
	case phone == "":
		return l.T("doc.letter.executor", "Name", name), nil
	}
	return l.T("doc.letter.executor_phone", "Name", name, "Code", phone), nil
}

// latestRegion returns the first region of the worker's permit that
// starts last; "" when the worker has none.
func latestRegion(w *domain.Worker) domain.Region {
	var best *domain.Permit
	for i := range w.Permits {
		p := &w.Permits[i]
		if len(p.Regions) > 0 && (best == nil || p.From >= best.From) {
			best = p
		}
	}
	if best == nil {
		return ""
	}
	return best.Regions[0]
}

func levelWord(l *i18n.Localizer, lv domain.EducationLevel) string {
	switch lv {
	case domain.EducationSecondary:
		return l.T("doc.level.secondary")
	case domain.EducationVocational:
		return l.T("doc.level.vocational")
	case domain.EducationHigher:
		return l.T("doc.level.higher")
	case domain.EducationPostgraduate:
		return l.T("doc.level.postgraduate")
	}
	return string(lv)
}

func categoryWord(l *i18n.Localizer, c domain.Category) string {
	if c == domain.CategorySeasonal {
		return l.T("doc.category.seasonal")
	}
	return l.T("doc.category.n", "Code", c.String())
}

// makeLetter makes the letter as DOCX or PDF, with the logo on its
// letterhead when there is one.
func makeLetter(rec *domain.Records, logo *Logo, req Request, l *i18n.Localizer) ([]byte, string, error) {
	f, w, err := letter(rec, req, l)
	if err != nil {
		return nil, "", err
	}
	pl, err := placeLogo(logo)
	if err != nil {
		return nil, "", err
	}
	name := "letter-" + fileWord(w.Name, w.ID)
	var data []byte
	if req.Format == DOCX {
		opt := docxOptions{raw: map[string]string{"logo": ""}, optional: letterOptional}
		if pl != nil {
			const rel = "rIdRuqsatLogo"
			opt.raw["logo"] = pl.drawing(rel, rec.Employer.Name)
			opt.images = []docxImage{{part: "word/media/logo." + pl.ext, ext: pl.ext, contentType: pl.ContentType, data: pl.Data, rel: rel}}
		}
		data, err = fillDocx("templates/letter.docx", f, f["title"], req.AsOf, opt)
	} else {
		data, err = letterPDF(f, pl, req.AsOf)
	}
	return data, name, err
}
