package bulk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// table turns the rows of one source into records. The readers of CSV
// files and of sheets feed it rows, each with its 1-based number, then call
// end.
type table struct {
	im      *Importer
	s       *source
	header  bool // the header row is found
	scanned int  // rows with text looked at for the header
	pending []pendingRow
	records int
	bin     string            // the employer given for the import, when valid
	bins    map[string]string // the BINs of the file, each stored once
	// headerRow is the row of the header; noCategory and noCitizenship the
	// rows that need a column the file does not have, reported once.
	headerRow                 int
	noCategory, noCitizenship []int
}

type pendingRow struct {
	row   int
	cells []string
}

func (im *Importer) newTable(s *source) *table {
	t := &table{im: im, s: s, bins: map[string]string{}}
	if domain.CheckBIN(im.opts.BIN) == nil {
		t.bin = im.opts.BIN
	}
	return t
}

// row takes the next row. The reader may reuse cells once row returns.
func (t *table) row(row int, cells []string) {
	if t.header {
		t.data(row, cells)
		return
	}
	if blank(cells) {
		return
	}
	t.scanned++
	if t.score(cells) >= 2 {
		t.setHeader(row, cells)
		t.pending = nil
		return
	}
	t.pending = append(t.pending, pendingRow{row, slices.Clone(cells)})
	if t.scanned == headerScan {
		t.fallback()
	}
}

// fallback takes the first row with text as the header row when none of the
// first rows names two known columns: its problems then say which columns
// are missing.
func (t *table) fallback() {
	first, rest := t.pending[0], t.pending[1:]
	t.pending = nil
	t.setHeader(first.row, first.cells)
	for _, p := range rest {
		t.data(p.row, p.cells)
	}
}

// end is called after the last row.
func (t *table) end() {
	if !t.header {
		if len(t.pending) == 0 {
			t.im.fileProblem(t.s, "the %s is empty; expected a header row and one row per record of %s", t.s.what(), t.s.kind)
			return
		}
		t.fallback()
	}
	if t.records == 0 {
		t.im.problem(at{src: int32(t.s.index), col: -1}, true, "the %s has no rows below its header; expected one row per record of %s", t.s.what(), t.s.kind)
	}
	header := at{src: int32(t.s.index), row: int32(t.headerRow), col: -1}
	if len(t.noCategory) > 0 {
		t.im.errorf(header, "no column for category, which workers on basis permit or ict need (%s); expected a column %s",
			rowList(t.noCategory), columnOf(Workers, fCategory).headerHint())
	}
	if len(t.noCitizenship) > 0 {
		t.im.errorf(header, "no column for citizenship, which workers on basis eaeu need (%s); expected a column %s",
			rowList(t.noCitizenship), columnOf(Workers, fCitizenship).headerHint())
	}
}

// rowList names rows for a message: "row 2", "rows 2, 5 and 7", "rows 2, 5,
// 7 and 40 more".
func rowList(rows []int) string {
	const shown = 5
	var b strings.Builder
	if len(rows) == 1 {
		b.WriteString("row ")
	} else {
		b.WriteString("rows ")
	}
	for i, r := range rows[:min(len(rows), shown)] {
		switch {
		case i == 0:
		case i == len(rows)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(r))
	}
	if len(rows) > shown {
		fmt.Fprintf(&b, " and %d more", len(rows)-shown)
	}
	return b.String()
}

// what names the source in messages.
func (s *source) what() string {
	if s.sheet != "" {
		return "sheet"
	}
	return "file"
}

func blank(cells []string) bool {
	for _, c := range cells {
		if trim(c) != "" {
			return false
		}
	}
	return true
}

// score counts the cells of a row that name a field of the source's kind.
func (t *table) score(cells []string) int {
	var seen fieldSet
	n := 0
	syn := synonyms[t.s.kind]
	for _, c := range cells {
		h := normalize(c)
		if h == "" {
			continue
		}
		f, ok := syn[h]
		if !ok {
			f, ok = t.mapped(h)
		}
		if ok && !seen.has(f) {
			seen.add(f)
			n++
		}
	}
	return n
}

// mapped returns the field the mapping gives the normalized header h.
func (t *table) mapped(h string) (field, bool) {
	for _, c := range columns[t.s.kind] {
		if mh, ok := t.im.opts.Mapping.header(t.s.kind, &c); ok && normalize(mh) == h {
			return c.f, true
		}
	}
	return 0, false
}

// ignored are headers of columns that number the rows, which HR files often
// have and nobody means to import.
var ignored = map[string]bool{"№ п п": true, "№ пп": true, "п п": true, "р с": true, "№ р с": true, "row": true, "row no": true}

// setHeader reads the header row: it finds the column of each field, by the
// mapping first and the synonyms after, and reports what is missing,
// repeated or unknown.
func (t *table) setHeader(row int, cells []string) {
	t.header, t.headerRow = true, row
	s, im := t.s, t.im
	s.headers = make([]string, len(cells))
	for i, c := range cells {
		s.headers[i] = oneLineText(c)
	}
	rowAt := at{src: int32(s.index), row: int32(row), col: -1}
	cellAt := func(i int) at { return at{src: int32(s.index), row: int32(row), col: int32(i)} }
	norm := make([]string, len(cells))
	for i, c := range s.headers {
		norm[i] = normalize(c)
	}
	var byMapping fieldSet
	for ci := range columns[s.kind] {
		c := &columns[s.kind][ci]
		h, ok := im.opts.Mapping.header(s.kind, c)
		if !ok {
			continue
		}
		i := slices.Index(norm, normalize(h))
		if i < 0 {
			im.errorf(rowAt, "the mapping gives the header %s for %s, but row %d has no such column; expected the header as written in the file", quote(h), c.name, row)
			continue
		}
		s.cols[c.f] = i
		s.given.add(c.f)
		byMapping.add(c.f)
	}
	syn := synonyms[s.kind]
	for i, h := range norm {
		if h == "" || ignored[h] {
			continue
		}
		if slices.Contains(s.cols[:], i) {
			continue // taken by the mapping
		}
		f, ok := syn[h]
		switch {
		case !ok:
			im.problem(cellAt(i), !im.opts.Strict, "unknown column %s is not read; expected a column of %s: %s, or a mapping that names it", quote(s.headers[i]), s.kind, fieldNames(s.kind))
		case byMapping.has(f):
			im.problem(cellAt(i), true, "this column is not read: the mapping takes %s from column %s", columnOf(s.kind, f).name, columnName(s.cols[f]))
		case s.cols[f] >= 0:
			j := s.cols[f]
			im.errorf(cellAt(i), "this column and column %s (%s) are both %s; expected one column per field, or a mapping that names the one to read", columnName(j), cut(s.headers[j]), columnOf(s.kind, f).name)
		default:
			s.cols[f] = i
			s.given.add(f)
		}
	}
	for _, c := range columns[s.kind] {
		if s.cols[c.f] >= 0 {
			continue
		}
		switch {
		case c.f == fBIN && im.opts.BIN == "":
			im.errorf(rowAt, "no column for bin, and no employer is given for the import; expected a column %s, or the employer's BIN in the import's options", c.headerHint())
		case c.required:
			im.errorf(rowAt, "no column for %s; expected a column %s", c.name, c.headerHint())
		}
	}
}

// rowCtx is one data row being read.
type rowCtx struct {
	t     *table
	cells []string
	at    at
}

func (r *rowCtx) cellAt(f field) at {
	a := r.at
	a.col = int32(r.t.s.cols[f])
	return a
}

// get returns the text of field f's cell, trimmed, and whether the file has
// a column for f. An overlong cell is reported and read as empty.
func (r *rowCtx) get(f field) (v string, a at, present bool, ok bool) {
	col := r.t.s.cols[f]
	if col < 0 {
		return "", r.at, false, true
	}
	a = r.cellAt(f)
	if col < len(r.cells) {
		v = trim(r.cells[col])
	}
	if len(v) > maxCellChars {
		if n := utf8.RuneCountInString(v); n > maxCellChars {
			r.t.im.errorf(a, "the cell holds %d characters; expected at most %d", n, maxCellChars)
			return "", a, true, false
		}
	}
	return v, a, true, true
}

// req returns the text of a required field's cell, reporting an empty one.
// A missing column was reported at the header.
func (r *rowCtx) req(f field) (string, at, bool) {
	v, a, present, ok := r.get(f)
	if !present || !ok {
		return "", a, false
	}
	if v == "" {
		r.t.im.errorf(a, "no value; expected %s", columnOf(r.t.s.kind, f).expect)
		return "", a, false
	}
	return v, a, true
}

// opt returns the text of an optional field's cell; ok is false when the
// cell is empty or already reported.
func (r *rowCtx) opt(f field) (string, at, bool) {
	v, a, _, ok := r.get(f)
	return v, a, ok && v != ""
}

// line checks that a text is on one line, for a name or id.
func (r *rowCtx) line(v string, a at, what string) bool {
	if oneLine(v) {
		return true
	}
	r.t.im.errorf(a, "the cell holds a line break or control character; expected %s on one line", what)
	return false
}

func (r *rowCtx) date(v string, a at) domain.Date {
	d, msg := parseDate(v, r.t.s.xlsx, r.t.s.date1904)
	if msg != "" {
		r.t.im.errorf(a, "%s", msg)
	}
	return d
}

// reqDate reads a required date.
func (r *rowCtx) reqDate(f field) (domain.Date, at) {
	v, a, ok := r.req(f)
	if !ok {
		return 0, a
	}
	return r.date(v, a), a
}

// optDate reads an optional date.
func (r *rowCtx) optDate(f field) (domain.Date, at) {
	v, a, ok := r.opt(f)
	if !ok {
		return 0, a
	}
	return r.date(v, a), a
}

// ordered reports a range whose end is before its start, at the end.
func (r *rowCtx) ordered(from, to domain.Date, toAt at, fromName, what string) {
	if from.IsZero() || to.IsZero() || to >= from {
		return
	}
	r.t.im.errorf(toAt, "%s is before %s %s; expected %s to end on or after the day it starts", to, fromName, from, what)
}

// bin returns the employer of the row: its bin cell, or the employer given
// for the import; "" after a problem.
func (r *rowCtx) bin() string {
	t := r.t
	v, a, present, ok := r.get(fBIN)
	if !ok {
		return ""
	}
	if v == "" {
		if t.bin == "" && present && t.im.opts.BIN == "" {
			t.im.errorf(a, "no value; expected the employer's BIN, 12 digits (no employer is given for the import)")
		}
		return t.bin
	}
	if s, ok := t.bins[v]; ok {
		return s
	}
	id, msg := parseIdent(v, "BIN", domain.CheckBIN)
	if msg != "" {
		t.im.errorf(a, "%s", msg)
		return ""
	}
	if t.bin != "" && id != t.bin {
		t.im.errorf(a, "BIN %s is not the employer of this import; expected %s or an empty cell", id, t.bin)
		return ""
	}
	id = strings.Clone(id)
	t.bins[v] = id
	return id
}

// data reads a row below the header.
func (t *table) data(row int, cells []string) {
	r := rowCtx{t: t, cells: cells, at: at{src: int32(t.s.index), row: int32(row), col: -1}}
	empty := true
	for f, col := range t.s.cols {
		if col >= 0 && col < len(cells) && field(f) != fBIN && trim(cells[col]) != "" {
			empty = false
			break
		}
	}
	if empty {
		return
	}
	t.records++
	switch t.s.kind {
	case Workers:
		t.worker(&r)
	case Permits:
		t.permit(&r)
	case Trips:
		t.trip(&r)
	}
}

func (t *table) worker(r *rowCtx) {
	im := t.im
	wr := workerRow{at: r.at, bin: r.bin(), w: &Worker{Listed: true, given: t.s.given}}
	w := &wr.w.Worker
	if v, a, ok := r.req(fID); ok && r.line(v, a, "the worker's id") {
		w.ID = strings.Clone(v)
		wr.at = a
	}
	if v, a, ok := r.opt(fName); ok && r.line(v, a, "the worker's name") {
		w.Name = strings.Clone(v)
	}
	citizen, citizenAt, citizenPresent, citizenOK := r.get(fCitizenship)
	if citizenOK && citizen != "" {
		c, msg := parseCountry(citizen)
		if msg != "" {
			im.errorf(citizenAt, "%s", msg)
		}
		w.Citizenship = c
	}
	if v, a, ok := r.opt(fIIN); ok {
		iin, msg := parseIdent(v, "IIN", domain.CheckIIN)
		if msg != "" {
			im.errorf(a, "%s", msg)
		}
		w.IIN = strings.Clone(iin)
	}
	v, basisAt, basisOK := r.req(fBasis)
	if basisOK {
		b, msg := parseBasis(v)
		if msg != "" {
			im.errorf(basisAt, "%s", msg)
		}
		w.Basis = b
	}
	if v, a, present, ok := r.get(fCategory); ok && v != "" {
		c, msg := parseCategory(v)
		if msg != "" {
			im.errorf(a, "%s", msg)
		}
		w.Category = c
	} else if ok && (w.Basis == domain.BasisPermit || w.Basis == domain.BasisICT) {
		if present {
			im.errorf(a, "no value; expected 1, 2, 3, 4 or seasonal for a worker on basis %s", w.Basis)
		} else {
			t.noCategory = append(t.noCategory, int(r.at.row))
		}
	}
	if w.Basis == domain.BasisEAEU {
		members := strings.Join(domain.EAEUMembers, ", ")
		switch {
		case w.Citizenship != "" && !domain.IsEAEU(w.Citizenship):
			im.errorf(basisAt, "eaeu is only for citizens of EAEU members (%s), and citizenship is %s; expected another basis or citizenship", members, w.Citizenship)
		case !citizenPresent:
			t.noCitizenship = append(t.noCitizenship, int(r.at.row))
		case citizenOK && citizen == "":
			im.errorf(citizenAt, "no value; expected the citizenship of an EAEU member (%s) for basis eaeu", members)
		}
	}
	if v, a, ok := r.opt(fPosition); ok && r.line(v, a, "the worker's position") {
		w.Position = strings.Clone(v)
	}
	w.Start, _ = r.reqDate(fStart)
	var endAt at
	w.End, endAt = r.optDate(fEnd)
	r.ordered(w.Start, w.End, endAt, "start", "an engagement")
	signed, _ := r.optDate(fSigned)
	registered, _ := r.optDate(fRegistered)
	if signed != 0 || registered != 0 {
		w.Contract = &domain.Contract{Signed: signed, Registered: registered}
	}
	im.workers.add(wr)
}

func (t *table) permit(r *rowCtx) {
	im := t.im
	pr := permitRow{at: r.at, bin: r.bin()}
	if v, a, ok := r.req(fWorker); ok && r.line(v, a, "the worker's id") {
		pr.worker = strings.Clone(v)
		pr.workerAt = a
	}
	if v, a, ok := r.req(fNumber); ok && r.line(v, a, "the permit's number") {
		pr.p.Number = strings.Clone(v)
		pr.numberAt = a
	}
	if v, a, ok := r.req(fRegions); ok {
		parts := splitRegions(v)
		if len(parts) == 0 {
			im.errorf(a, "no region; expected %s", columnOf(Permits, fRegions).expect)
		}
		pr.p.Regions = make([]domain.Region, 0, len(parts))
		for _, part := range parts {
			reg, msg := parseRegion(part)
			switch {
			case msg != "":
				im.errorf(a, "%s", msg)
			case slices.Contains(pr.p.Regions, reg):
				im.errorf(a, "%s is listed twice; expected each region once", reg)
			default:
				pr.p.Regions = append(pr.p.Regions, reg)
			}
		}
	}
	pr.p.From, _ = r.reqDate(fFrom)
	var toAt at
	pr.p.To, toAt = r.reqDate(fTo)
	r.ordered(pr.p.From, pr.p.To, toAt, "from", "a permit")
	im.permits.add(pr)
}

func (t *table) trip(r *rowCtx) {
	im := t.im
	tr := tripRow{at: r.at, bin: r.bin(), notified: t.s.given.has(fNotified)}
	if v, a, ok := r.req(fWorker); ok && r.line(v, a, "the worker's id") {
		tr.worker = strings.Clone(v)
		tr.workerAt = a
	}
	if v, a, ok := r.req(fRegion); ok {
		reg, msg := parseRegion(v)
		if msg != "" {
			im.errorf(a, "%s", msg)
		}
		tr.t.Region = reg
	}
	tr.t.From, tr.fromAt = r.reqDate(fFrom)
	var toAt at
	tr.t.To, toAt = r.reqDate(fTo)
	r.ordered(tr.t.From, tr.t.To, toAt, "from", "a trip")
	tr.t.Notified, _ = r.optDate(fNotified)
	im.trips.add(tr)
}
