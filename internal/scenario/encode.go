package scenario

import (
	"bytes"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Encode writes f as a canonical scenario: keys in the order of the format's
// example, dates as YYYY-MM-DD, BIN, IIN and free text in double quotes, one
// flow mapping per permit, trip or report, and no empty optional key. The same
// File always gives the same bytes, so exports can be compared and kept under
// version control. Parse reads the output back to an equal File, apart from
// WorkerLines, which describe the text Encode wrote.
//
// Encode does not validate f: records that break the format's rules (a
// missing start date, an unknown region) are written as they are, and Parse
// reports them.
func Encode(w io.Writer, f *File) error {
	if f == nil {
		return errors.New("scenario: Encode of a nil File")
	}
	var e encoder
	e.file(f)
	_, err := w.Write(e.buf.Bytes())
	return err
}

type encoder struct{ buf bytes.Buffer }

func (e *encoder) line(indent int, parts ...string) {
	for i := 0; i < indent; i++ {
		e.buf.WriteString("  ")
	}
	for _, s := range parts {
		e.buf.WriteString(s)
	}
	e.buf.WriteByte('\n')
}

func (e *encoder) file(f *File) {
	r := &f.Records
	e.line(0, "as_of: ", date(f.AsOf))
	e.employer(&r.Employer)
	if len(r.Workers) > 0 {
		e.line(0, "workers:")
		for i := range r.Workers {
			e.worker(&r.Workers[i])
		}
	}
	if len(r.Reports) > 0 {
		e.line(0, "reports:")
		for _, x := range r.Reports {
			e.line(1, "- ", flow(
				kv("month", month(x.Month)),
				kv("submitted", date(x.Submitted))))
		}
	}
	if len(r.MonthlyFigures) > 0 {
		e.line(0, "monthly_figures:")
		for _, x := range r.MonthlyFigures {
			e.line(1, "- ", flow(
				kv("month", month(x.Month)),
				kv("kz_trained", strconv.Itoa(x.KZTrained)),
				kv("kz_replaced", strconv.Itoa(x.KZReplaced)),
				kv("kz_working", strconv.Itoa(x.KZWorking)),
				kv("jobs_created", strconv.Itoa(x.JobsCreated))))
		}
	}
	if len(r.QuotaPlans) > 0 || len(r.QuotaApplications) > 0 || len(r.QuotaContracts) > 0 {
		e.line(0, "quota:")
		if len(r.QuotaPlans) > 0 {
			e.line(1, "plans:")
			for _, x := range r.QuotaPlans {
				e.line(2, "- ", flow(
					kv("year", strconv.Itoa(x.Year)),
					kv("region", word(string(x.Region))),
					kv("category", word(x.Category.String())),
					optKV("position", quote(x.Position), x.Position != ""),
					kv("count", strconv.Itoa(x.Count)),
					optKV("justification", quote(x.Justification), x.Justification != "")))
			}
		}
		if len(r.QuotaApplications) > 0 {
			e.line(1, "applications:")
			for _, x := range r.QuotaApplications {
				e.line(2, "- ", flow(
					kv("year", strconv.Itoa(x.Year)),
					kv("region", word(string(x.Region))),
					kv("submitted", date(x.Submitted))))
			}
		}
		if len(r.QuotaContracts) > 0 {
			e.line(1, "contracts:")
			for _, x := range r.QuotaContracts {
				e.line(2, "- ", flow(
					kv("customer", quote(x.Customer)),
					optKV("number", quote(x.Number), x.Number != ""),
					optKV("date", date(x.Date), !x.Date.IsZero()),
					optKV("region", word(string(x.Region)), x.Region != "")))
			}
		}
	}
	if len(r.Penalties) > 0 {
		e.line(0, "penalties:")
		for _, x := range r.Penalties {
			e.line(1, "- ", flow(
				kv("article", quote(x.Article)),
				optKV("part", quote(x.Part), x.Part != ""),
				kv("date", date(x.Date))))
		}
	}
	e.overrides(f.Overrides)
}

func (e *encoder) employer(x *domain.Employer) {
	e.line(0, "employer:")
	e.line(1, "bin: ", quote(x.BIN))
	if x.Name != "" {
		e.line(1, "name: ", quote(x.Name))
	}
	e.line(1, "size: ", word(string(x.Size)))
	if x.BranchOfForeign {
		e.line(1, "branch_of_foreign: true")
	}
	if x.StaffKZ != nil {
		e.line(1, "staff:")
		e.line(2, "kz: ", flow(
			kv("1", strconv.Itoa(x.StaffKZ[1])),
			kv("2", strconv.Itoa(x.StaffKZ[2])),
			kv("3", strconv.Itoa(x.StaffKZ[3])),
			kv("4", strconv.Itoa(x.StaffKZ[4]))))
	}
	if x.TotalEmployees != nil {
		e.line(1, "total_employees: ", strconv.Itoa(*x.TotalEmployees))
	}
	if x.Address != "" {
		e.line(1, "address: ", quote(x.Address))
	}
	if x.Phone != "" {
		e.line(1, "phone: ", quote(x.Phone))
	}
	if x.Email != "" {
		e.line(1, "email: ", quote(x.Email))
	}
	if d := x.Director; d != (domain.Director{}) {
		e.line(1, "director: ", flow(
			optKV("name", quote(d.Name), d.Name != ""),
			optKV("position", quote(d.Position), d.Position != "")))
	}
	if x.UsesSeal {
		e.line(1, "uses_seal: true")
	}
}

func (e *encoder) worker(w *domain.Worker) {
	e.line(1, "- id: ", quote(w.ID))
	if w.Name != "" {
		e.line(2, "name: ", quote(w.Name))
	}
	if w.Citizenship != "" {
		e.line(2, "citizenship: ", word(w.Citizenship))
	}
	if w.IIN != "" {
		e.line(2, "iin: ", quote(w.IIN))
	}
	if !w.BirthDate.IsZero() {
		e.line(2, "birth_date: ", date(w.BirthDate))
	}
	e.line(2, "basis: ", word(string(w.Basis)))
	if w.Category != domain.CategoryNone {
		e.line(2, "category: ", word(w.Category.String()))
	}
	if w.Position != "" {
		e.line(2, "position: ", quote(w.Position))
	}
	e.line(2, "start: ", date(w.Start))
	if !w.End.IsZero() {
		e.line(2, "end: ", date(w.End))
	}
	if c := w.Contract; c != nil {
		e.line(2, "contract: ", flow(
			optKV("signed", date(c.Signed), !c.Signed.IsZero()),
			optKV("registered", date(c.Registered), !c.Registered.IsZero())))
	}
	if len(w.Permits) > 0 {
		e.line(2, "permits:")
		for _, x := range w.Permits {
			regions := make([]string, len(x.Regions))
			for i, r := range x.Regions {
				regions[i] = word(string(r))
			}
			e.line(3, "- ", flow(
				optKV("number", quote(x.Number), x.Number != ""),
				kv("regions", "["+strings.Join(regions, ", ")+"]"),
				kv("from", date(x.From)),
				kv("to", date(x.To))))
		}
	}
	if len(w.Trips) > 0 {
		e.line(2, "trips:")
		for _, x := range w.Trips {
			e.line(3, "- ", flow(
				kv("region", word(string(x.Region))),
				kv("from", date(x.From)),
				kv("to", date(x.To)),
				optKV("notified", date(x.Notified), !x.Notified.IsZero())))
		}
	}
	if len(w.AddressChanges) > 0 {
		e.line(2, "address_changes:")
		for _, x := range w.AddressChanges {
			e.line(3, "- ", flow(
				kv("date", date(x.Date)),
				optKV("notified", date(x.Notified), !x.Notified.IsZero())))
		}
	}
	if len(w.Applications) > 0 {
		e.line(2, "applications:")
		for _, x := range w.Applications {
			e.line(3, "- ", flow(
				kv("filed", date(x.Filed)),
				optKV("vacancy_posted", date(x.VacancyPosted), !x.VacancyPosted.IsZero()),
				optKV("vacancy_code", quote(x.VacancyCode), x.VacancyCode != "")))
		}
	}
	if x := w.Passport; x != nil {
		e.line(2, "passport: ", flow(
			optKV("number", quote(x.Number), x.Number != ""),
			optKV("issued", date(x.Issued), !x.Issued.IsZero()),
			optKV("expires", date(x.Expires), !x.Expires.IsZero()),
			optKV("issuer", quote(x.Issuer), x.Issuer != "")))
	}
	if x := w.Education; x != nil {
		e.line(2, "education: ", flow(
			optKV("level", word(string(x.Level)), x.Level != ""),
			optKV("institution", quote(x.Institution), x.Institution != ""),
			optKV("specialty", quote(x.Specialty), x.Specialty != ""),
			optKV("graduated", strconv.Itoa(x.Graduated), x.Graduated != 0)))
	}
	if w.ExperienceYears != nil {
		e.line(2, "experience_years: ", strconv.Itoa(*w.ExperienceYears))
	}
	if len(w.Documents) > 0 {
		e.line(2, "documents:")
		for _, x := range w.Documents {
			e.line(3, "- ", flow(
				kv("kind", word(string(x.Kind))),
				optKV("number", quote(x.Number), x.Number != ""),
				optKV("issued", date(x.Issued), !x.Issued.IsZero()),
				optKV("expires", date(x.Expires), !x.Expires.IsZero())))
		}
	}
}

// overrides writes the overrides as nested mappings, the way a person writes
// them, unless the names cannot be nested faithfully (an empty segment, or a
// name that is also the prefix of another): then each is written flat under
// its full dotted name, which Parse reads back the same.
func (e *encoder) overrides(list []domain.Override) {
	if len(list) == 0 {
		return
	}
	sorted := append([]domain.Override(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	e.line(0, "overrides:")
	if root, ok := nest(sorted); ok {
		e.tree(root, 1)
		return
	}
	for _, o := range sorted {
		e.line(1, key(o.Name), ": ", value(o.Value))
	}
}

// otree is a level of nested override names.
type otree struct {
	keys  []string // in the order first seen
	kids  map[string]*otree
	value string
	leaf  bool
}

func nest(list []domain.Override) (*otree, bool) {
	root := &otree{kids: map[string]*otree{}}
	for _, o := range list {
		t := root
		segs := strings.Split(o.Name, ".")
		for i, s := range segs {
			if s == "" || t.leaf {
				return nil, false
			}
			kid, seen := t.kids[s]
			last := i == len(segs)-1
			if seen && last {
				return nil, false // the name is also a prefix, or repeated
			}
			if !seen {
				kid = &otree{kids: map[string]*otree{}}
				t.kids[s] = kid
				t.keys = append(t.keys, s)
			}
			if last {
				kid.leaf, kid.value = true, o.Value
			}
			t = kid
		}
	}
	return root, true
}

func (e *encoder) tree(t *otree, indent int) {
	for _, k := range t.keys {
		kid := t.kids[k]
		if kid.leaf {
			e.line(indent, key(k), ": ", value(kid.value))
			continue
		}
		e.line(indent, key(k), ":")
		e.tree(kid, indent+1)
	}
}

// pair is one key: value of a flow mapping; flow leaves out an empty pair.
type pair struct{ k, v string }

func kv(k, v string) pair { return pair{k, v} }

func optKV(k, v string, present bool) pair {
	if !present {
		return pair{}
	}
	return pair{k, v}
}

func flow(pairs ...pair) string {
	var b strings.Builder
	b.WriteByte('{')
	n := 0
	for _, p := range pairs {
		if p.k == "" {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.k)
		b.WriteString(": ")
		b.WriteString(p.v)
		n++
	}
	b.WriteByte('}')
	return b.String()
}

// quote writes s as a YAML double-quoted scalar. Go's escapes (\n, \t, \\,
// \", \uXXXX, \UXXXXXXXX) are a subset of YAML's, so strconv.Quote is exact.
func quote(s string) string { return strconv.Quote(s) }

func date(d domain.Date) string {
	if d.IsZero() {
		return `""`
	}
	return d.String()
}

func month(m domain.YearMonth) string {
	if m == 0 {
		return `""`
	}
	return m.String()
}

// word writes a code (a size, basis, region, country or category) plain when
// YAML reads it back as the same text, quoted otherwise.
func word(s string) string {
	if plain(s, "_-") {
		return s
	}
	return quote(s)
}

// key writes a mapping key plain when that reads back the same.
func key(s string) string { return word(s) }

// value writes an override's value: plain for numbers, dates and words, so
// that the file reads naturally, quoted otherwise. Parse takes a plain
// scalar's text as written, so 1.50 stays "1.50".
func value(s string) string {
	if plain(s, "_-.+") {
		return s
	}
	return quote(s)
}

// plain reports whether s can be written without quotes in both block and
// flow context and read back as the same text: letters, digits and a few
// punctuation marks, not starting with punctuation, and not null. Parse takes
// true and false as written; the words YAML 1.1 took for booleans (yes, no,
// on, off) are quoted for the sake of other tools, so Norway stays "NO".
func plain(s, punct string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && strings.IndexByte(punct, c) >= 0:
		default:
			return false
		}
	}
	switch strings.ToLower(s) {
	case "null", "yes", "no", "on", "off", "y", "n":
		return false
	}
	return true
}
