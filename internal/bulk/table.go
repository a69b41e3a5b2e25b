package bulk

import (
	"fmt"
	"hash/maphash"
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
	bin     string            // the employer given for the import
	bins    map[string]string // the BINs of the file, each stored once
	// seen holds the workers of a register (a workers file with permit
	// columns) by employer and id: a worker's later rows are its permits.
	seen map[[2]string]firstRow
	seed maphash.Seed // of the sums of the worker's cells
	// optional is true for a sheet whose name says nothing: when its
	// header names no kind either, it is passed over with a warning.
	optional bool
	skip     bool // the rows are not read
	// countries and regions remember the cells read without a problem: a
	// register repeats a few names in every row.
	countries  map[string]string
	regions    map[string][]domain.Region
	bases      map[string]domain.Basis
	categories map[string]domain.Category
}

type pendingRow struct {
	row   int
	cells []string
}

func (im *Importer) newTable(s *source) *table {
	return &table{im: im, s: s, bins: map[string]string{}, bin: im.opts.BIN, seed: maphash.MakeSeed()}
}

// row takes the next row. The reader may reuse cells once row returns.
func (t *table) row(row int, cells []string) {
	if t.skip {
		return
	}
	if t.header {
		t.data(row, cells)
		return
	}
	if blank(cells) {
		return
	}
	t.scanned++
	if t.s.kind == "" {
		if k := t.detectKind(cells); k != "" {
			t.s.kind = k
			t.setHeader(row, cells)
			t.pending = nil
			return
		}
	} else if t.score(cells) >= 2 {
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
	if t.s.kind != "" && t.optional {
		// A sheet whose name only suggests a kind (a sheet "Договоры" may
		// hold employment contracts, not contracts with customers): without
		// a header row of that kind it is passed over, as a sheet whose
		// name says nothing.
		kind := t.s.kind
		t.skip, t.pending, t.s.kind = true, nil, ""
		t.im.say(at{src: int32(t.s.index), col: -1}, true, fmt.Sprintf("the sheet is not read: its name suggests %s, but no header row in its first %d rows names their columns", t.s.kind, headerScan),
			"import.sheet_kind_not_read", "Name", t.im.kindName(kind), "N", headerScan)
		return
	}
	if t.s.kind == "" {
		t.skip, t.pending = true, nil
		if t.optional {
			t.im.say(at{src: int32(t.s.index), col: -1}, true, fmt.Sprintf("the sheet is not read: neither its name nor a header row in its first %d rows says whether it holds %s %s", headerScan, kindList, kindWords),
				"import.sheet_not_read", "N", headerScan)
			return
		}
		t.im.say(at{src: int32(t.s.index), col: -1}, false, fmt.Sprintf("no header row in the first %d rows names the columns of %s; expected a header row such as \"Табельный номер; ФИО; Гражданство; Основание; Дата приема\", or the kind of the file's records given for the import", headerScan, kindList),
			"import.no_header", "N", headerScan)
		return
	}
	first, rest := t.pending[0], t.pending[1:]
	t.pending = nil
	t.setHeader(first.row, first.cells)
	for _, p := range rest {
		t.data(p.row, p.cells)
	}
}

// end is called after the last row.
func (t *table) end() {
	if t.skip {
		return
	}
	if !t.header {
		if len(t.pending) == 0 && t.optional {
			t.s.kind = "" // an empty sheet, such as Excel's Лист2: not read
			return
		}
		if len(t.pending) == 0 {
			t.im.say(at{src: int32(t.s.index), col: -1}, false, fmt.Sprintf("the %s is empty; expected a header row and one row per record of %s", t.s.what(), kindOr(t.s.kind)),
				"import.empty."+t.s.what(), "Name", t.im.kindName(t.s.kind))
			return
		}
		if t.fallback(); t.skip {
			return
		}
	}
	if t.records == 0 {
		t.im.say(at{src: int32(t.s.index), col: -1}, true, fmt.Sprintf("the %s has no rows below its header; expected one row per record of %s", t.s.what(), t.s.kind),
			"import.no_rows."+t.s.what(), "Name", t.im.kindName(t.s.kind))
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

// workerOnly are the fields by which a header row is a worker's: a permits
// or trips file names the worker by id alone.
var workerOnly = []field{fName, fCitizenship, fIIN, fBirth, fBasis, fCategory, fPosition, fPassport,
	fPassportExpires, fEducation, fInstitution, fSpecialty, fGraduated, fExperience}

// detectKind returns the kind of record a header row names, "" when it is
// not one: workers when it names a field of the worker other than the id
// (a register's permit columns are then the worker's permit), permits
// when it names a permit's number, trips when it names a trip's fields;
// in each case with at least two known columns. Documents (a document's
// kind), figures (a figure of the month) and contracts (a customer) are
// told by a column of their own, and taken when the row names more of
// their columns than of the kind found before: a documents file has a
// number and dates, as a permits file has.
func (t *table) detectKind(cells []string) Kind {
	names := func(k Kind, fs ...field) (n int, has bool) {
		var seen fieldSet
		syn := synonyms[k]
		for _, c := range cells {
			h := normalize(c)
			f, ok := t.mappedAs(k, h)
			if !ok {
				f, ok = syn[h]
			}
			if ok && !seen.has(f) {
				seen.add(f)
				n++
			}
		}
		for _, f := range fs {
			has = has || seen.has(f)
		}
		return n, has
	}
	kind, best := Kind(""), 0
	if n, ok := names(Workers, workerOnly...); n >= 2 && ok {
		kind, best = Workers, n
	} else if n, ok := names(Permits, fNumber); n >= 2 && ok {
		kind, best = Permits, n
	} else if n, ok := names(Trips, fRegion, fNotified); n >= 2 && ok {
		kind, best = Trips, n
	}
	for _, o := range ownColumns {
		if n, ok := names(o.k, o.fs...); n >= 2 && ok && n > best {
			kind, best = o.k, n
		}
	}
	return kind
}

// ownColumns are the columns by which a header row is one of documents,
// figures or contracts.
var ownColumns = []struct {
	k  Kind
	fs []field
}{
	{Documents, []field{fDocKind}},
	{Figures, []field{fTrained, fReplaced, fWorking, fJobs}},
	{Contracts, []field{fCustomer}},
}

// mapped returns the field the mapping gives the normalized header h.
func (t *table) mapped(h string) (field, bool) { return t.mappedAs(t.s.kind, h) }

// mappedAs returns the field of kind k the mapping gives the normalized
// header h.
func (t *table) mappedAs(k Kind, h string) (field, bool) {
	if len(t.im.opts.Mapping) == 0 {
		return 0, false
	}
	for _, c := range columns[k] {
		if mh, ok := t.im.opts.Mapping.header(k, &c); ok && normalize(mh) == h {
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
	t.header, t.s.headerRow = true, row
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
			im.say(rowAt, false, fmt.Sprintf("the mapping gives the header %s for %s, but row %d has no such column; expected the header as written in the file", quote(h), c.name, row),
				"import.mapped_header_missing", "Code", cut(h), "Name", c.name, "N", row)
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
			im.say(cellAt(i), !im.opts.Strict, fmt.Sprintf("unknown column %s is not read; expected a column of %s: %s, or a mapping that names it", quote(s.headers[i]), s.kind, fieldNames(s.kind)),
				"import.unknown_column", "Code", cut(s.headers[i]), "Name", im.kindName(s.kind), "Other", fieldNames(s.kind))
		case byMapping.has(f):
			im.say(cellAt(i), true, fmt.Sprintf("this column is not read: the mapping takes %s from column %s", columnOf(s.kind, f).name, columnName(s.cols[f])),
				"import.mapped_elsewhere", "Name", columnOf(s.kind, f).name, "Other", columnName(s.cols[f]))
		case s.cols[f] >= 0:
			j := s.cols[f]
			im.say(cellAt(i), false, fmt.Sprintf("this column and column %s (%s) are both %s; expected one column per field, or a mapping that names the one to read", columnName(j), cut(s.headers[j]), columnOf(s.kind, f).name),
				"import.same_field", "Code", columnName(j), "Other", cut(s.headers[j]), "Name", columnOf(s.kind, f).name)
		default:
			s.cols[f] = i
			s.given.add(f)
		}
	}
	if s.kind == Workers && s.cols[fID] < 0 {
		// No personnel number: a worker is known by the IIN, else by the
		// passport number.
		if s.cols[fIIN] >= 0 {
			s.cols[fID] = s.cols[fIIN]
		} else if s.cols[fPassport] >= 0 {
			s.cols[fID] = s.cols[fPassport]
		}
	}
	for _, c := range columns[s.kind] {
		if s.cols[c.f] >= 0 {
			continue
		}
		switch {
		case c.f == fBIN && im.opts.BIN == "":
			im.say(rowAt, false, fmt.Sprintf("no column for bin, and no employer is given for the import; expected a column %s, or the employer's BIN in the import's options", c.headerHint()),
				"import.no_bin_column", "Other", c.headerHint())
		case c.required:
			im.say(rowAt, false, fmt.Sprintf("no column for %s; expected a column %s", c.name, c.headerHint()), "import.no_column", "Name", c.name, "Other", c.headerHint())
		}
	}
}

// rowCtx is one data row being read.
type rowCtx struct {
	t     *table
	cells []string
	at    at
	bad   fieldSet // fields whose cells could not be read
}

func (r *rowCtx) cellAt(f field) at {
	a := r.at
	a.col = int32(r.t.s.cols[f])
	return a
}

// say reports a problem with the cell of field f, which is then not read,
// in the import's language (see Importer.say).
func (r *rowCtx) say(f field, en, key string, kv ...any) {
	r.bad.add(f)
	r.t.im.say(r.cellAt(f), false, en, key, kv...)
}

// regionProblem reports parseRegion's problem msg with the region cell v
// of field f, if any: one that is no region in the import's language, an
// ambiguous name in English.
func (r *rowCtx) regionProblem(f field, v, msg string) {
	switch {
	case msg == "":
	case strings.HasPrefix(msg, quote(v)+" is not a region;"):
		r.say(f, msg, "import.not_region", "Code", cut(v), "Other", r.t.im.didYouMean(regionList.suggest(v)))
	default: // a short name of several regions
		alts := ""
		if l := r.t.im.opts.Lang; l != nil {
			var names []string
			for _, c := range regionCandidates(v) {
				names = append(names, l.Region(c)+" ("+string(c)+")")
			}
			if len(names) > 1 {
				alts = strings.Join(names[:len(names)-1], ", ") + l.T("problem.or") + names[len(names)-1]
			}
		}
		r.say(f, msg, "import.region_ambiguous", "Code", cut(v), "Other", alts)
	}
}

// tell reports the problem n with the cell of field f, which is then not
// read.
func (r *rowCtx) tell(f field, n note) { r.say(f, n.en, n.key, n.kv...) }

// get returns the text of field f's cell, trimmed, and whether the file has
// a column for f. An overlong cell is reported and read as empty.
func (r *rowCtx) get(f field) (v string, present bool, ok bool) {
	col := r.t.s.cols[f]
	if col < 0 {
		return "", false, true
	}
	if col < len(r.cells) {
		v = trim(r.cells[col])
	}
	if len(v) > maxCellChars {
		if n := utf8.RuneCountInString(v); n > maxCellChars {
			r.say(f, fmt.Sprintf("the cell holds %d characters; expected at most %d", n, maxCellChars), "import.cell_too_long", "N", n, "Of", maxCellChars)
			return "", true, false
		}
	}
	return v, true, true
}

// req returns the text of a cell the import itself needs (a reference to a
// worker, a permit's number), reporting an empty one. A missing column was
// reported at the header.
func (r *rowCtx) req(f field) (string, bool) {
	v, present, ok := r.get(f)
	if !present || !ok {
		return "", false
	}
	if v == "" {
		c := columnOf(r.t.s.kind, f)
		key := "import.no_value." + c.name
		if r.t.s.kind == Contracts && f == fNumber {
			key = "import.no_value.contract_number"
		}
		r.say(f, fmt.Sprintf("no value; expected %s", c.expect), key)
		return "", false
	}
	return v, true
}

// opt returns the text of a cell; ok is false when the cell is empty, not
// there, or already reported. Whether the record needs the value, the
// records validator says.
func (r *rowCtx) opt(f field) (string, bool) {
	v, _, ok := r.get(f)
	return v, ok && v != ""
}

// text returns the text of a cell as the record keeps it.
func (r *rowCtx) text(f field) string {
	v, ok := r.opt(f)
	if !ok {
		return ""
	}
	return strings.Clone(v)
}

// date reads a date cell; zero when it is empty or holds no date.
func (r *rowCtx) date(f field) domain.Date {
	v, ok := r.opt(f)
	if !ok {
		return 0
	}
	d, n := parseDate(v, r.t.s.xlsx, r.t.s.date1904)
	if n.en != "" {
		r.tell(f, n)
	}
	return d
}

// origin returns the row being read as the origin of a record.
func (r *rowCtx) origin() origin { return origin{src: r.at.src, row: r.at.row, bad: r.bad} }

// bin returns the employer of the row: its bin cell, or the employer given
// for the import; "" after a problem.
func (r *rowCtx) bin() string {
	t := r.t
	v, present, ok := r.get(fBIN)
	if !ok {
		return ""
	}
	if v == "" {
		if t.bin == "" && present {
			r.say(fBIN, "no value; expected the employer's BIN, 12 digits (no employer is given for the import)", "import.no_bin")
		}
		return t.bin
	}
	if s, ok := t.bins[v]; ok {
		return s
	}
	id, n := parseIdent(v, "BIN")
	if n.en != "" {
		r.tell(fBIN, n)
		return ""
	}
	if t.bin != "" && id != t.bin {
		r.say(fBIN, fmt.Sprintf("BIN %s is not the employer of this import; expected %s or an empty cell", cut(oneLineText(id)), t.bin),
			"import.other_bin", "Code", cut(oneLineText(id)), "Other", t.bin)
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
	t.im.cur = rowCells{r.at, cells}
	switch t.s.kind {
	case Workers:
		t.worker(&r)
	case Permits:
		t.permit(&r)
	case Trips:
		t.trip(&r)
	case Documents:
		t.document(&r)
	case Figures:
		t.figure(&r)
	case Contracts:
		t.contract(&r)
	}
	t.im.cur = rowCells{}
}

func (t *table) worker(r *rowCtx) {
	bin := r.bin()
	var sum uint64
	if t.register() {
		// A later row of a worker whose cells repeat its first row's is
		// only the permit: the worker is read, and its problems reported,
		// once.
		sum = t.workerSum(r)
		id := ""
		if col := t.s.cols[fID]; col >= 0 && col < len(r.cells) {
			id = trim(r.cells[col]) // read, and any problem reported, below
		}
		if id != "" && bin != "" {
			if first, ok := t.seen[[2]string{bin, id}]; ok && first.sum == sum {
				if pr, ok := t.rowPermit(r, bin, first.w.ID); ok {
					pr.row = r.origin()
					t.im.permits.add(pr)
				}
				return
			}
		}
	}
	wr := workerRow{bin: bin, w: &Worker{Listed: true, given: t.s.given}}
	w := &wr.w.Worker
	w.ID = r.text(fID)
	w.Name = r.text(fName)
	if v, ok := r.opt(fCitizenship); ok {
		w.Citizenship = t.country(r, v)
	}
	if v, ok := r.opt(fIIN); ok {
		iin, n := parseIdent(v, "IIN")
		if n.en != "" {
			r.tell(fIIN, n)
		}
		w.IIN = strings.Clone(iin)
	}
	w.BirthDate = r.date(fBirth)
	if v, ok := r.opt(fBasis); ok {
		b, ok := t.bases[v]
		if !ok {
			if b = parseBasis(v); b.Valid() {
				t.bases = remember(t.bases, v, b)
			} else {
				r.say(fBasis, basisProblem(v), "import.not_basis", "Code", cut(v), "Regions", basisCodes(), "Other", t.im.didYouMean(basisWords.suggest(v)))
			}
		}
		w.Basis = b
	}
	if v, ok := r.opt(fCategory); ok {
		c, ok := t.categories[v]
		if !ok {
			var msg string
			if c, msg = parseCategory(v); msg != "" {
				r.say(fCategory, msg, "import.not_category", "Code", cut(v))
			} else {
				t.categories = remember(t.categories, v, c)
			}
		}
		w.Category = c
	}
	w.Position = r.text(fPosition)
	r.documentFields(w)
	w.Start = r.date(fStart)
	w.End = r.date(fEnd)
	signed, registered := r.date(fSigned), r.date(fRegistered)
	if signed != 0 || registered != 0 {
		w.Contract = &domain.Contract{Signed: signed, Registered: registered}
	}
	t.employer(r, wr.bin)
	if !t.register() {
		wr.row = r.origin()
		t.im.workers.add(wr)
		return
	}
	// A register's row: the worker, then the permit in the same row.
	pr, ok := t.rowPermit(r, wr.bin, w.ID)
	if ok && t.s.cols[fBasis] < 0 {
		w.Basis = domain.BasisPermit // a worker with a permit and no basis column
		wr.w.given.add(fBasis)
	}
	wr.row = r.origin()
	key := [2]string{wr.bin, w.ID}
	if first, ok := t.seen[key]; ok && w.ID != "" && wr.bin != "" {
		t.sameWorker(r, first, w)
	} else {
		if t.seen == nil {
			t.seen = map[[2]string]firstRow{}
		}
		t.seen[key] = firstRow{w: w, row: r.origin(), sum: sum}
		t.im.workers.add(wr)
	}
	if ok {
		pr.row = r.origin()
		t.im.permits.add(pr)
	}
}

// firstRow is a register's first row of a worker.
type firstRow struct {
	w   *domain.Worker
	row origin // with its cells that could not be read
	sum uint64 // the hash of its worker's cells
}

// workerFieldsOfRow are the cells of a register's row that are the
// worker's (and its employer's), not the permit's.
var workerFieldsOfRow = []field{fName, fCitizenship, fIIN, fBirth, fBasis, fCategory, fPosition,
	fStart, fEnd, fSigned, fRegistered, fPassport, fEmployerName, fSize,
	fEmpAddress, fEmpPhone, fEmpEmail, fDirector, fDirectorPosition,
	fPassportExpires, fEducation, fInstitution, fSpecialty, fGraduated, fExperience}

// workerSum returns a hash of the worker's cells of a register's row.
func (t *table) workerSum(r *rowCtx) uint64 {
	var h maphash.Hash
	h.SetSeed(t.seed)
	for _, f := range workerFieldsOfRow {
		if col := t.s.cols[f]; col >= 0 && col < len(r.cells) {
			h.WriteString(trim(r.cells[col]))
		}
		h.WriteByte(0)
	}
	return h.Sum64()
}

// sameWorker reports a cell of a worker's later row in a register that
// differs from the worker's first row: which of the two holds the worker's
// fields, the import cannot tell.
func (t *table) sameWorker(r *rowCtx, first firstRow, w *domain.Worker) {
	a := first.w
	contract := func(c *domain.Contract) (domain.Date, domain.Date) {
		if c == nil {
			return 0, 0
		}
		return c.Signed, c.Registered
	}
	as, ar := contract(a.Contract)
	ws, wr := contract(w.Contract)
	for _, d := range []struct {
		f    field
		same bool
	}{
		{fName, a.Name == w.Name}, {fCitizenship, a.Citizenship == w.Citizenship}, {fIIN, a.IIN == w.IIN},
		{fBirth, a.BirthDate == w.BirthDate}, {fBasis, a.Basis == w.Basis}, {fCategory, a.Category == w.Category},
		{fPosition, a.Position == w.Position}, {fStart, a.Start == w.Start}, {fEnd, a.End == w.End},
		{fSigned, as == ws}, {fRegistered, ar == wr},
	} {
		if !d.same && t.s.cols[d.f] >= 0 && !r.bad.has(d.f) && !first.row.bad.has(d.f) {
			r.say(d.f, fmt.Sprintf("worker %s has another %s on %s; expected the worker's cells alike on each of its rows (one row per permit)", quote(w.ID), columnOf(Workers, d.f).name, t.im.where(first.row.at(), r.at)),
				"import.worker_differs", "Code", cut(w.ID), "Name", columnOf(Workers, d.f).name, "Other", t.im.whereIn(first.row.at(), r.at))
		}
	}
}

// register reports whether the source is a register: a workers file with
// a column of the permit's.
func (t *table) register() bool {
	c := &t.s.cols
	return t.s.kind == Workers && (c[fNumber] >= 0 || c[fRegions] >= 0 || c[fFrom] >= 0 || c[fTo] >= 0)
}

// rowPermit reads the permit in a register's row, if it has one: a permit
// number, or any other permit cell (then the number is a problem).
func (t *table) rowPermit(r *rowCtx, bin, worker string) (permitRow, bool) {
	pr := permitRow{bin: bin, worker: worker}
	number, _ := r.opt(fNumber)
	if number == "" {
		if _, ok := r.opt(fRegions); !ok {
			if _, ok := r.opt(fFrom); !ok {
				if _, ok := r.opt(fTo); !ok {
					return pr, false // a worker without a permit
				}
			}
		}
		if t.s.cols[fNumber] < 0 {
			hint := columnOf(Workers, fNumber).headerHint()
			r.t.im.say(r.at, false, "the row has a permit's dates or regions, and the file has no column for the permit's number; expected a column "+hint,
				"import.no_number_column", "Other", hint)
		} else {
			r.say(fNumber, "no permit number, though the row has the permit's dates or regions; expected the permit's number, by which a later import finds it", "import.no_number")
		}
		return pr, false
	}
	pr.p.Number = strings.Clone(number)
	pr.p.Regions = r.regions(fRegions)
	pr.p.From = r.date(fFrom)
	pr.p.To = r.date(fTo)
	return pr, true
}

// remember adds a cell's value to a table's memory of the values read,
// which holds the few thousand a file repeats.
func remember[V any](m map[string]V, cell string, v V) map[string]V {
	if m == nil {
		m = map[string]V{}
	}
	if len(m) < 10_000 {
		m[strings.Clone(cell)] = v
	}
	return m
}

// country reads a citizenship cell.
func (t *table) country(r *rowCtx, v string) string {
	if c, ok := t.countries[v]; ok {
		return c
	}
	c, msg := parseCountry(v)
	if msg != "" {
		r.say(fCitizenship, msg, "import.not_country", "Code", cut(v), "Other", r.t.im.didYouMean(countryNames.suggest(v)))
		return c
	}
	t.countries = remember(t.countries, v, c)
	return c
}

// regions reads a cell of regions, separated by commas or semicolons.
func (r *rowCtx) regions(f field) []domain.Region {
	v, ok := r.opt(f)
	if !ok {
		return nil
	}
	t := r.t
	if regs, ok := t.regions[v]; ok {
		return slices.Clone(regs)
	}
	bad := r.bad.has(f)
	out := r.parseRegions(f, v)
	if !bad && r.bad.has(f) {
		return out
	}
	t.regions = remember(t.regions, v, slices.Clone(out))
	return out
}

func (r *rowCtx) parseRegions(f field, v string) []domain.Region {
	parts := splitRegions(v)
	out := make([]domain.Region, 0, len(parts))
	for _, part := range parts {
		reg, msg := parseRegion(part)
		if msg != "" {
			r.regionProblem(f, part, msg)
			continue
		}
		out = append(out, reg)
	}
	return out
}

// employer reads the employer's name and size a row gives, if the file has
// columns for them: the first row of the employer that gives one sets it,
// and a later row that gives another is a problem.
func (t *table) employer(r *rowCtx, bin string) {
	if bin == "" {
		return
	}
	letterhead := false
	for _, f := range letterheadFields {
		letterhead = letterhead || t.s.cols[f] >= 0
	}
	if t.s.cols[fEmployerName] < 0 && t.s.cols[fSize] < 0 && !letterhead {
		return
	}
	info := t.im.employerInfo(bin)
	if letterhead {
		t.letterhead(r, bin, info)
	}
	if name, ok := r.opt(fEmployerName); ok {
		switch {
		case info.name == "":
			info.name, info.nameAt = strings.Clone(oneLineText(name)), r.cellAt(fEmployerName)
		case normalize(info.name) != normalize(name):
			r.say(fEmployerName, fmt.Sprintf("employer %s is named %s on %s; expected one name for one BIN", cut(oneLineText(bin)), quote(info.name), t.im.where(info.nameAt, r.at)),
				"import.employer_name", "Code", cut(oneLineText(bin)), "Name", cut(info.name), "Other", t.im.whereIn(info.nameAt, r.at))
		}
	}
	if v, ok := r.opt(fSize); ok {
		size, msg := parseSize(v)
		switch {
		case msg != "":
			r.say(fSize, msg, "import.not_size", "Code", cut(v))
		case info.size == "":
			info.size, info.sizeAt = size, r.cellAt(fSize)
		case info.size != size:
			r.say(fSize, fmt.Sprintf("employer %s is %s on %s; expected one size for one BIN", cut(oneLineText(bin)), info.size, t.im.where(info.sizeAt, r.at)),
				"import.size_differs", "Code", cut(oneLineText(bin)), "Name", string(info.size), "Other", t.im.whereIn(info.sizeAt, r.at))
		}
	}
}

func (t *table) permit(r *rowCtx) {
	pr := permitRow{bin: r.bin()}
	if v, ok := r.req(fWorker); ok {
		pr.worker = strings.Clone(v)
	}
	if v, ok := r.req(fNumber); ok {
		pr.p.Number = strings.Clone(v)
	}
	pr.p.Regions = r.regions(fRegions)
	pr.p.From = r.date(fFrom)
	pr.p.To = r.date(fTo)
	pr.row = r.origin()
	t.im.permits.add(pr)
}

func (t *table) trip(r *rowCtx) {
	tr := tripRow{bin: r.bin(), notified: t.s.given.has(fNotified)}
	if v, ok := r.req(fWorker); ok {
		tr.worker = strings.Clone(v)
	}
	if v, ok := r.opt(fRegion); ok {
		reg, msg := parseRegion(v)
		r.regionProblem(fRegion, v, msg)
		tr.t.Region = reg
	}
	tr.t.From = r.date(fFrom)
	tr.t.To = r.date(fTo)
	tr.t.Notified = r.date(fNotified)
	tr.row = r.origin()
	t.im.trips.add(tr)
}

// letterheadFields are the employer's letterhead columns a register's row
// may have: its address, phone, email and director.
var letterheadFields = []field{fEmpAddress, fEmpPhone, fEmpEmail, fDirector, fDirectorPosition}

// letterhead reads the employer's letterhead cells of a row: the first row
// of the employer that gives one sets it, and a later row that gives
// another is a problem, as for its name. A column whose every row is empty
// clears the value, as a worker's empty cell does.
func (t *table) letterhead(r *rowCtx, bin string, info *employerInfo) {
	for _, f := range letterheadFields {
		if t.s.cols[f] < 0 {
			continue
		}
		info.given.add(f)
		v, ok := r.opt(f)
		if !ok {
			continue
		}
		v = oneLineText(v)
		if info.letter == nil {
			info.letter = map[field]string{}
			info.letterAt = map[field]at{}
		}
		switch first, seen := info.letter[f]; {
		case !seen:
			info.letter[f], info.letterAt[f] = strings.Clone(v), r.cellAt(f)
		case normalize(first) != normalize(v):
			name := columnOf(Workers, f).name
			r.say(f, fmt.Sprintf("employer %s has %s %s on %s; expected one %s for one BIN", cut(oneLineText(bin)), name, quote(first), t.im.where(info.letterAt[f], r.at), name),
				"import.employer_field_differs", "Code", cut(oneLineText(bin)), "Name", name, "Of", cut(first), "Other", t.im.whereIn(info.letterAt[f], r.at))
		}
	}
}
