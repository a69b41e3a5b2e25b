package workcal

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/yamlmsg"
)

// yearFile is a yearly data file (data/years/2025.yaml):
//
//	year: 2025
//	verified: true            # false for a draft: its days are provisional
//	sources: [{title: ..., url: ...}]   # url optional; required when verified
//	holidays: [{date: 2025-03-08, name: International Women's Day}, ...]
//	kurban_ait: 2025-06-06    # required when verified
//	moved_days_off: [{date: 2025-03-10, from: 2025-03-08}, ...]
//	working_weekend_days: [2025-01-05]
//
// Holidays include those on a weekend; each moved day off is a weekday that
// takes the day off of a Saturday or Sunday: a holiday that fell on one, or
// a working weekend day of a Government transfer. The file describes the
// year completely: the loader adds nothing from the statutory rules, so a
// published calendar is authoritative even where it departs from them.
type yearFile struct {
	Year               *int           `yaml:"year"`
	Verified           *boolValue     `yaml:"verified"`
	Sources            []sourceEntry  `yaml:"sources"`
	Holidays           []holidayEntry `yaml:"holidays"`
	KurbanAit          *dateValue     `yaml:"kurban_ait"`
	MovedDaysOff       []movedEntry   `yaml:"moved_days_off"`
	WorkingWeekendDays []dateValue    `yaml:"working_weekend_days"`
}

type sourceEntry struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

type holidayEntry struct {
	Date dateValue `yaml:"date"`
	Name string    `yaml:"name"`
}

type movedEntry struct {
	Date dateValue `yaml:"date"`
	From dateValue `yaml:"from"`
}

// dateValue is a YYYY-MM-DD scalar that remembers its line, so that checks
// made after decoding (duplicates, wrong year) can point at the entry.
type dateValue struct {
	date domain.Date
	line int
}

// UnmarshalYAML implements yaml.Unmarshaler. yaml.v3 reads a plain
// 2025-03-08 as a timestamp, and an impossible date as text: both are read
// here from the text as written.
func (v *dateValue) UnmarshalYAML(node *yaml.Node) error {
	v.line = node.Line
	if node.Kind != yaml.ScalarNode || (node.Tag != "!!str" && node.Tag != "!!timestamp") {
		what := strconv.Quote(node.Value)
		switch node.Kind {
		case yaml.SequenceNode:
			what = "a list"
		case yaml.MappingNode:
			what = "a mapping"
		}
		return &lineError{line: v.line, msg: what + " is not a date: expected YYYY-MM-DD"}
	}
	d, err := domain.ParseDate(node.Value)
	if err != nil {
		return &lineError{line: v.line, msg: err.Error()}
	}
	v.date = d
	return nil
}

// boolValue is true or false. yaml.v3 also decodes YAML 1.1's yes, no, on
// and off into a bool; a calendar file says true or false.
type boolValue bool

// UnmarshalYAML implements yaml.Unmarshaler.
func (b *boolValue) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.ScalarNode || node.Tag != "!!bool" {
		return &lineError{line: node.Line, msg: fmt.Sprintf("%q is not true or false", node.Value)}
	}
	*b = boolValue(node.Value[0] == 't' || node.Value[0] == 'T')
	return nil
}

// lineError is a problem at a line of a data file; the loader prefixes the
// file's name.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("line %d: %s", e.line, e.msg)
	}
	return e.msg
}

func errorAt(line int, format string, args ...any) error {
	return &lineError{line: line, msg: fmt.Sprintf(format, args...)}
}

// fileError names the file, and the line when one is known, of any error met
// while loading it, whether it comes from the YAML decoder or from our checks.
func fileError(name string, err error) error {
	var le *lineError
	if errors.As(err, &le) {
		if le.line > 0 {
			return fmt.Errorf("%s, line %d: %s", name, le.line, le.msg)
		}
		return fmt.Errorf("%s: %s", name, le.msg)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// decodeStrict decodes the one YAML document of data, refusing keys that the
// target does not know and a second document, which would be ignored. A
// panic in the decoder on hostile input (some versions of it have had them)
// is turned into an error: calendar files may come from a deployment's
// overrides, and a bad file must not take the process down.
func decodeStrict(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unreadable YAML: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) { // empty, or comments only
			return nil
		}
		return yamlError(err)
	}
	for {
		var extra yaml.Node
		err := dec.Decode(&extra)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return yamlError(err)
		}
		// An empty document, such as after a final "---", holds nothing.
		if len(extra.Content) > 0 && !(extra.Content[0].Kind == yaml.ScalarNode && extra.Content[0].Tag == "!!null") {
			return errorAt(extra.Line, "a second YAML document starts here; expected one per file")
		}
	}
}

// yamlError turns an error of yaml.v3 into a lineError at the line its
// message names: the first problem of a TypeError, with the others after it,
// or a syntax error.
func yamlError(err error) error {
	var le *lineError
	if errors.As(err, &le) { // from dateValue
		return le
	}
	if ps, ok := yamlmsg.TypeProblems(err); ok && len(ps) > 0 {
		first := &lineError{line: ps[0].Line, msg: ps[0].Msg}
		for _, p := range ps[1:] {
			first.msg += fmt.Sprintf("; line %d: %s", p.Line, p.Msg)
		}
		return first
	}
	line, msg := yamlmsg.Syntax(err)
	msg, _, _ = strings.Cut(msg, "\n")
	return &lineError{line: line, msg: msg}
}

// parseYear decodes and checks one yearly file.
func parseYear(data []byte) (yearSpec, error) {
	var f yearFile
	if err := decodeStrict(data, &f); err != nil {
		return yearSpec{}, err
	}
	if f.Year == nil {
		return yearSpec{}, errorAt(0, "year: missing")
	}
	y := *f.Year
	if y < minYear || y > maxYear {
		return yearSpec{}, errorAt(0, "year %d: outside %d..%d", y, minYear, maxYear)
	}
	if f.Verified == nil {
		return yearSpec{}, errorAt(0, "verified: missing (true for a published calendar, false for a draft)")
	}
	spec := yearSpec{year: y, verified: bool(*f.Verified)}

	for i, s := range f.Sources {
		if strings.TrimSpace(s.Title) == "" {
			return yearSpec{}, errorAt(0, "sources[%d]: title missing", i)
		}
		if s.URL != "" {
			u, err := url.Parse(s.URL)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return yearSpec{}, errorAt(0, "sources[%d]: %q is not an http(s) URL", i, s.URL)
			}
		}
		spec.sources = append(spec.sources, Source(s))
	}
	if spec.verified && len(spec.sources) == 0 {
		return yearSpec{}, errorAt(0, "sources: a verified year names its legal sources")
	}

	// seen maps each date listed in the file to the line that lists it: a
	// date may be a holiday, a moved day off or a working weekend day, never
	// two of them (Kurban Ait alone may share its day with a holiday).
	seen := make(map[domain.Date]int)
	claim := func(v dateValue, what string) error {
		if v.date == 0 {
			return errorAt(v.line, "%s: date missing", what)
		}
		if v.date.Year() != y {
			return errorAt(v.line, "%s %s: not in %d, the file's year", what, v.date, y)
		}
		if at, dup := seen[v.date]; dup {
			return errorAt(v.line, "%s %s: duplicate date (already listed on line %d)", what, v.date, at)
		}
		seen[v.date] = v.line
		return nil
	}

	for _, h := range f.Holidays {
		if err := claim(h.Date, "holiday"); err != nil {
			return yearSpec{}, err
		}
		if strings.TrimSpace(h.Name) == "" {
			return yearSpec{}, errorAt(h.Date.line, "holiday %s: name missing", h.Date.date)
		}
		spec.holidays = append(spec.holidays, holiday{date: h.Date.date, name: h.Name})
	}
	for _, w := range f.WorkingWeekendDays {
		if err := claim(w, "working weekend day"); err != nil {
			return yearSpec{}, err
		}
		if !isWeekend(w.date) {
			return yearSpec{}, errorAt(w.line, "working weekend day %s: a %s is a working day anyway", w.date, w.date.Weekday())
		}
		spec.working = append(spec.working, w.date)
	}
	if f.KurbanAit != nil {
		k := *f.KurbanAit
		if k.date.Year() != y {
			return yearSpec{}, errorAt(k.line, "kurban_ait %s: not in %d, the file's year", k.date, y)
		}
		if at, dup := seen[k.date]; dup && !spec.isHoliday(k.date) {
			return yearSpec{}, errorAt(k.line, "kurban_ait %s: duplicate date (already listed on line %d)", k.date, at)
		}
		spec.kurbanAit = k.date
	} else if spec.verified {
		return yearSpec{}, errorAt(0, "kurban_ait: missing (a verified year knows its date)")
	}
	movedFrom := make(map[domain.Date]int)
	for _, m := range f.MovedDaysOff {
		if err := claim(m.Date, "moved day off"); err != nil {
			return yearSpec{}, err
		}
		if m.Date.date == spec.kurbanAit {
			return yearSpec{}, errorAt(m.Date.line, "moved day off %s: duplicate date (Kurban Ait)", m.Date.date)
		}
		if isWeekend(m.Date.date) {
			return yearSpec{}, errorAt(m.Date.line, "moved day off %s: a %s is a day off anyway", m.Date.date, m.Date.date.Weekday())
		}
		if err := checkFrom(m, y, &spec, movedFrom); err != nil {
			return yearSpec{}, err
		}
		spec.moved = append(spec.moved, move{date: m.Date.date, from: m.From.date})
	}
	spec.sort()
	return spec, nil
}

// checkFrom checks the day a day off was moved from: a Saturday or Sunday
// (a holiday that fell on one, or a weekend day made a working day), moved
// only once, and when in the same year, listed in the file as such.
func checkFrom(m movedEntry, y int, spec *yearSpec, movedFrom map[domain.Date]int) error {
	from, line := m.From.date, m.Date.line
	if from == 0 {
		return errorAt(line, "moved day off %s: from missing", m.Date.date)
	}
	if fy := from.Year(); fy < y-1 || fy > y+1 {
		return errorAt(line, "moved day off %s: from %s is too far away", m.Date.date, from)
	}
	if !isWeekend(from) {
		return errorAt(line, "moved day off %s: from %s is a %s, not a Saturday or Sunday", m.Date.date, from, from.Weekday())
	}
	if from.Year() == y && !spec.isHoliday(from) && !spec.isWorkingWeekend(from) {
		return errorAt(line, "moved day off %s: from %s is neither a holiday nor a working weekend day of the file", m.Date.date, from)
	}
	if at, dup := movedFrom[from]; dup {
		return errorAt(line, "moved day off %s: the day off of %s was already moved on line %d", m.Date.date, from, at)
	}
	movedFrom[from] = line
	return nil
}

func isWeekend(d domain.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// parseStatutory decodes and checks the statutory holiday rules.
func parseStatutory(data []byte) (*statutory, error) {
	var f struct {
		Source   sourceEntry `yaml:"source"`
		Holidays []struct {
			Date  string     `yaml:"date"`
			Name  string     `yaml:"name"`
			Moves *boolValue `yaml:"moves"`
			From  int        `yaml:"from"`
			Until int        `yaml:"until"`
		} `yaml:"holidays"`
	}
	if err := decodeStrict(data, &f); err != nil {
		return nil, err
	}
	if f.Source.Title == "" {
		return nil, errorAt(0, "source: title missing")
	}
	r := &statutory{source: Source{Title: f.Source.Title, URL: f.Source.URL}}
	for i, h := range f.Holidays {
		// A year without 29 February would lose the holiday, so parse the
		// month and day against a leap-free year.
		d, err := domain.ParseDate("2001-" + h.Date)
		if err != nil {
			return nil, errorAt(0, "holidays[%d]: %q is not a day of the year: expected MM-DD", i, h.Date)
		}
		if h.Name == "" {
			return nil, errorAt(0, "holidays[%d]: name missing", i)
		}
		if h.Until != 0 && h.From > h.Until {
			return nil, errorAt(0, "holidays[%d]: from %d is after until %d", i, h.From, h.Until)
		}
		_, m, dd := d.Civil()
		r.holidays = append(r.holidays, statutoryHoliday{
			month: m, day: dd, name: h.Name,
			moves: h.Moves == nil || bool(*h.Moves),
			from:  h.From, until: h.Until,
		})
	}
	sort.SliceStable(r.holidays, func(i, j int) bool {
		a, b := r.holidays[i], r.holidays[j]
		return a.month < b.month || a.month == b.month && a.day < b.day
	})
	return r, nil
}
