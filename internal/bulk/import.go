package bulk

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Limits that keep a broken or hostile file from exhausting memory or time.
// Excel itself stops at 1,048,576 rows and 32,767 characters a cell; an HR
// file of a large employer has a few thousand rows and a few dozen columns.
const (
	maxRows      = 1_000_000
	maxColumns   = 512
	maxCellChars = 1000
	// maxProblems bounds the problems listed; the count of the others is.
	maxProblems = 100_000
	// headerScan is how many rows at the top of a file may come before the
	// header row (a title, a date, a blank line).
	headerScan = 10
)

// Importer reads the files of one import and checks them together: a
// permits file may refer to the workers of a workers file read before or
// after it. Each file's problems are collected; Finish returns them with the
// records, or the problems alone.
type Importer struct {
	opts    Options
	srcs    []*source
	workers chunks[workerRow]
	permits chunks[permitRow]
	trips   chunks[tripRow]
	// docs, figures and contracts are the rows of the other kinds.
	docs      chunks[docRow]
	figures   chunks[figureRow]
	contracts chunks[contractRow]
	probs     Problems
	errs      int // problems that are not warnings, listed or not
	more      int // problems not listed, past maxProblems
	// employers holds the name and size of each employer the rows give.
	employers map[string]*employerInfo
	// missing gathers the rows that need a field their file has no column
	// for, by file, field and message.
	missing map[missingKey][]int
	// cur is the row being read, whose cells give a problem its Value.
	cur rowCells
}

// source is one file, or one sheet of a workbook, being read.
type source struct {
	file, sheet string
	label       string // the sheet's name as problems show it, on one line
	kind        Kind
	xlsx        bool
	date1904    bool
	index       int
	headers     []string // the header row's cells, as written
	headerRow   int
	cols        [numFields]int
	given       fieldSet
	// encoding and delim are what a CSV file was read as (Source).
	encoding string
	delim    rune
}

// at is a cell, or with col −1 a row, of a source.
type at struct {
	src int32
	row int32
	col int32
}

// origin is the row a record was read from, and the fields whose cells
// could not be read, which were reported already. The column of each field
// is its source's. A zero origin (row 0) is no row. It keeps no column, so
// that it is no larger than a fieldSet and a source and row: every record
// of an import has one.
type origin struct {
	src, row int32
	bad      fieldSet
}

// at returns the row of o, col −1.
func (o origin) at() at { return at{src: o.src, row: o.row, col: -1} }

// cell returns the cell of field f in the row, col −1 when the source has
// no column for f.
func (im *Importer) cell(o origin, f field) at {
	a := o.at()
	a.col = int32(im.srcs[a.src].cols[f])
	return a
}

// employerInfo is what the rows say of an employer besides its BIN, and
// the cells that said it first.
type employerInfo struct {
	name           string
	size           domain.Size
	nameAt, sizeAt at
	// given holds the letterhead's columns the files have; letter the
	// values their rows give, and letterAt the cells that gave them.
	given    fieldSet
	letter   map[field]string
	letterAt map[field]at
}

func (im *Importer) employerInfo(bin string) *employerInfo {
	if im.employers == nil {
		im.employers = map[string]*employerInfo{}
	}
	e := im.employers[bin]
	if e == nil {
		e = &employerInfo{}
		im.employers[bin] = e
	}
	return e
}

type workerRow struct {
	row origin
	bin string
	w   *Worker
}

type permitRow struct {
	row    origin
	bin    string
	worker string
	p      domain.Permit
}

type tripRow struct {
	row      origin
	bin      string
	worker   string
	t        domain.Trip
	notified bool // the file has a notified column
}

// New returns an Importer. A mapping key that names no field is a problem
// of the import.
func New(opts Options) *Importer {
	im := &Importer{opts: opts}
	for _, msg := range opts.Mapping.check(opts.Lang) {
		im.add(Problem{Msg: msg})
	}
	return im
}

// add records a problem.
func (im *Importer) add(p Problem) {
	if !p.Warning {
		im.errs++
	}
	if len(im.probs) >= maxProblems {
		im.more++
		return
	}
	im.probs = append(im.probs, p)
}

// say records a problem at a cell (col ≥ 0), a row (col −1, row > 0) or a
// whole source (row 0) in the import's language (Options.Lang): the
// catalogue's message key with kv, else the English en. Every problem of
// the import goes through it, so that each has its key.
func (im *Importer) say(a at, warning bool, en, key string, kv ...any) {
	p := place(im.srcs, a, im.text(note{en, key, kv}))
	p.Value = im.cur.value(a)
	p.Warning = warning
	im.add(p)
}

// note is a problem's message: its English text, and the catalogue's key
// with its placeholders that tell it in the import's language.
type note struct {
	en  string
	key string
	kv  []any
}

// word is a placeholder's value that is a catalogue key itself
// ("import.kind.bin"), told in the import's language.
type word string

// tell records the problem n at a.
func (im *Importer) tell(a at, warning bool, n note) { im.say(a, warning, n.en, n.key, n.kv...) }

// text returns n in the import's language.
func (im *Importer) text(n note) string {
	l := im.opts.Lang
	if l == nil || l.Lang() == i18n.EN || !l.Has(n.key) {
		return n.en
	}
	kv := make([]any, len(n.kv))
	for i, v := range n.kv {
		if w, ok := v.(word); ok {
			v = l.T(string(w))
		}
		kv[i] = v
	}
	return l.T(n.key, kv...)
}

// localized reports whether problems are written in another language
// than English.
func (im *Importer) localized() bool {
	return im.opts.Lang != nil && im.opts.Lang.Lang() != i18n.EN
}

// didYouMean words suggestions for the end of a message in the import's
// language.
func (im *Importer) didYouMean(alts []string) string {
	if !im.localized() || len(alts) == 0 {
		return didYouMean(alts)
	}
	l := im.opts.Lang
	s := alts[len(alts)-1]
	if len(alts) > 1 {
		s = strings.Join(alts[:len(alts)-1], ", ") + l.T("problem.or") + s
	}
	return l.T("import.did_you_mean", "Other", s)
}

// kindName names the records a file holds in the import's language.
func (im *Importer) kindName(k Kind) string {
	id := "import.records." + string(k)
	if k == "" {
		id = "import.records.any"
	}
	if im.localized() && im.opts.Lang.Has(id) {
		return im.opts.Lang.T(id)
	}
	return kindOr(k)
}

// newSource adds a file or sheet to the import.
func (im *Importer) newSource(file, sheet string, kind Kind, xlsx bool) *source {
	s := &source{file: file, sheet: sheet, label: oneLineText(sheet), kind: kind, xlsx: xlsx, index: len(im.srcs)}
	for i := range s.cols {
		s.cols[i] = -1
	}
	im.srcs = append(im.srcs, s)
	return s
}

// Finish checks what the files read refer to, gathers the records of each
// employer and checks them with the records validator, and returns the
// records found, or their problems: the Batch holds the problems in either
// case, and the error is the problems when any is not a warning. It is
// called once, after the last file.
func (im *Importer) Finish() (*Batch, error) {
	b := &Batch{srcs: im.srcs, bin: im.opts.BIN, l: im.opts.Lang}
	employers, orphans, stand, loose := im.link()
	for _, e := range employers {
		im.validate(e, false)
	}
	im.validateOrphans(orphans, stand, loose)
	im.reportMissing()
	b.Problems = im.sorted()
	if im.more > 0 {
		b.Problems = append(b.Problems, Problem{Msg: im.text(note{fmt.Sprintf("%d more problems are not listed; expected them fixed with those above", im.more), "import.more_problems", []any{"Count", im.more}})})
	}
	if im.errs > 0 {
		return b, b.Problems
	}
	b.Employers = employers
	return b, nil
}

// sorted returns the problems by source, row and column; problems of the
// whole import, in no file, come first.
func (im *Importer) sorted() Problems {
	order := make(map[string]int, len(im.srcs))
	for i, s := range im.srcs {
		key := s.file + "\x00" + s.label
		if _, ok := order[key]; !ok {
			order[key] = i
		}
	}
	rank := func(p *Problem) int {
		if p.File == "" {
			return -1
		}
		return order[p.File+"\x00"+p.Sheet]
	}
	colIndex := func(c string) int {
		n := 0
		for i := 0; i < len(c); i++ {
			n = n*26 + int(c[i]-'A'+1)
		}
		return n
	}
	ps := im.probs
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := &ps[i], &ps[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return colIndex(a.Column) < colIndex(b.Column)
	})
	return ps
}

// where names the row of a cell for a message about another row: "row 5",
// or "row 5 of workers.csv" when it is in another file or sheet.
func (im *Importer) where(a, from at) string {
	s := fmt.Sprintf("row %d", a.row)
	o, f := im.srcs[a.src], im.srcs[from.src]
	switch {
	case o.file == f.file && o.sheet == f.sheet:
		return s
	case o.file == f.file:
		return s + " of sheet " + o.label
	case o.sheet != "":
		return s + " of sheet " + o.label + " in " + o.file
	}
	return s + " of " + o.file
}

// date writes d in the import's language.
func (im *Importer) date(d domain.Date) string {
	if !im.localized() {
		return d.String()
	}
	return im.opts.Lang.Date(d)
}

// whereIn is where in the import's language.
func (im *Importer) whereIn(a, from at) string {
	if !im.localized() {
		return im.where(a, from)
	}
	l := im.opts.Lang
	o, f := im.srcs[a.src], im.srcs[from.src]
	switch {
	case o.file == f.file && o.sheet == f.sheet:
		return l.T("import.row", "N", int(a.row))
	case o.file == f.file:
		return l.T("import.row_sheet", "N", int(a.row), "Name", o.label)
	case o.sheet != "":
		return l.T("import.row_sheet_file", "N", int(a.row), "Name", o.label, "Other", o.file)
	}
	return l.T("import.row_file", "N", int(a.row), "Other", o.file)
}

// link gathers the rows read into employers, each record at the index of
// its row: it reports references to workers that are nowhere, and permits
// and trips that repeat the key by which Apply finds them, and attaches
// permits and trips to their workers. Whether the records are valid, a
// repeated worker id among them, is the records validator's to say. The
// rows of no employer known (a problem with their bin cell) or of no worker
// known come back as orphans: the workers, and the permits and trips under
// a worker that stands in for theirs, and the monthly figures and
// contracts under an employer that stands in for theirs (loose), which
// keeps the rows of the stand-in's documents too.
func (im *Importer) link() (employers []*Employer, orphans []*Worker, stand *Worker, loose *Employer) {
	stand, loose = &Worker{}, &Employer{}
	type emp struct {
		e         *Employer
		ids       map[string]int32 // worker id → index in e.Workers, the first
		numbers   map[string]at    // permit number → its row
		trips     map[tripKey]at
		docs      map[docKey]at // a document → its row
		contracts map[string]at // contract number → its row
	}
	// Size each employer's lists and maps for its rows, so that none grows.
	workers, permits := map[string]int{}, map[string]int{}
	im.workers.each(func(r *workerRow) { workers[r.bin]++ })
	im.permits.each(func(r *permitRow) { permits[r.bin]++ })
	emps := make(map[string]*emp)
	get := func(bin string, row at) *emp {
		x := emps[bin]
		if x == nil {
			n := workers[bin]
			x = &emp{e: &Employer{BIN: bin, Workers: make([]*Worker, 0, n), binAt: row}, ids: make(map[string]int32, n),
				numbers: make(map[string]at, permits[bin]), trips: map[tripKey]at{}}
			emps[bin] = x
		}
		return x
	}
	im.workers.each(func(r *workerRow) {
		r.w.row = r.row
		if r.bin == "" {
			orphans = append(orphans, r.w)
			return
		}
		x := get(r.bin, r.row.at())
		if _, dup := x.ids[r.w.ID]; !dup && r.w.ID != "" {
			x.ids[r.w.ID] = int32(len(x.e.Workers))
		}
		x.e.Workers = append(x.e.Workers, r.w)
	})
	// worker returns the worker a permit or trip refers to, or nil after
	// reporting that there is none.
	worker := func(bin, id string, row origin) (*Worker, *emp) {
		if bin == "" || id == "" {
			return nil, nil
		}
		x := get(bin, row.at())
		if i, ok := x.ids[id]; ok {
			return x.e.Workers[i], x
		}
		if im.opts.Known != nil && im.opts.Known(bin, id) {
			x.ids[id] = int32(len(x.e.Workers))
			w := &Worker{Worker: domain.Worker{ID: id}}
			x.e.Workers = append(x.e.Workers, w)
			return w, x
		}
		im.say(im.cell(row, fWorker), false, fmt.Sprintf("no worker %s is listed for employer %s; expected the id of a worker in the workers file or already recorded", quote(id), cut(oneLineText(bin))),
			"import.no_worker", "Code", cut(id), "Other", cut(oneLineText(bin)))
		return nil, nil
	}
	im.permits.each(func(r *permitRow) {
		w, x := worker(r.bin, r.worker, r.row)
		if w == nil {
			stand.Permits = append(stand.Permits, r.p)
			stand.permitRows = append(stand.permitRows, r.row)
			return
		}
		if n := r.p.Number; n != "" {
			if first, dup := x.numbers[n]; dup {
				im.say(im.cell(r.row, fNumber), false, fmt.Sprintf("permit %s is already on %s; expected one row per permit, its regions in one cell separated by commas", quote(n), im.where(first, r.row.at())),
					"import.dup_permit", "Code", cut(n), "Other", im.whereIn(first, r.row.at()))
				return
			}
			x.numbers[n] = r.row.at()
		}
		w.Permits = append(w.Permits, r.p)
		w.permitRows = append(w.permitRows, r.row)
	})
	im.trips.each(func(r *tripRow) {
		w, x := worker(r.bin, r.worker, r.row)
		if w == nil {
			stand.Trips = append(stand.Trips, r.t)
			stand.tripNotified = append(stand.tripNotified, r.notified)
			stand.tripRows = append(stand.tripRows, r.row)
			return
		}
		if !r.t.From.IsZero() && r.t.Region != "" {
			k := tripKey{r.worker, r.t.From, r.t.Region}
			if first, dup := x.trips[k]; dup {
				im.say(im.cell(r.row, fFrom), false, fmt.Sprintf("a trip of worker %s to %s from %s is already on %s; expected each trip once", quote(r.worker), r.t.Region, r.t.From, im.where(first, r.row.at())),
					"import.dup_trip", "Code", cut(r.worker), "Region", string(r.t.Region), "Date", im.date(r.t.From), "Other", im.whereIn(first, r.row.at()))
				return
			}
			x.trips[k] = r.row.at()
		}
		w.Trips = append(w.Trips, r.t)
		w.tripNotified = append(w.tripNotified, r.notified)
		w.tripRows = append(w.tripRows, r.row)
	})
	im.docs.each(func(r *docRow) {
		w, x := worker(r.bin, r.worker, r.row)
		if w == nil {
			stand.Documents = append(stand.Documents, r.d)
			loose.addDocRow(stand, r.row)
			return
		}
		if r.d.Kind != "" {
			k := docKey{r.worker, r.d.Kind, r.d.Number}
			if first, dup := x.docs[k]; dup {
				f := fNumber
				if im.srcs[r.row.at().src].cols[f] < 0 {
					f = fDocKind
				}
				im.say(im.cell(r.row, f), false, fmt.Sprintf("document %s numbered %s of worker %s is already on %s; expected each document once", r.d.Kind, quote(r.d.Number), quote(r.worker), im.where(first, r.row.at())),
					"import.dup_document", "Code", cut(r.worker), "Name", word("doc.kind."+string(r.d.Kind)), "ID", cut(r.d.Number), "Other", im.whereIn(first, r.row.at()))
				return
			}
			if x.docs == nil {
				x.docs = map[docKey]at{}
			}
			x.docs[k] = r.row.at()
		}
		w.Documents = append(w.Documents, r.d)
		x.e.addDocRow(w, r.row)
	})
	im.figures.each(func(r *figureRow) {
		if r.bin == "" {
			loose.Figures = append(loose.Figures, r.f)
			loose.figureRows = append(loose.figureRows, r.row)
			return
		}
		// A month given twice is the records validator's to say.
		x := get(r.bin, r.row.at())
		x.e.Figures = append(x.e.Figures, r.f)
		x.e.figureRows = append(x.e.figureRows, r.row)
	})
	im.contracts.each(func(r *contractRow) {
		if r.bin == "" {
			loose.Contracts = append(loose.Contracts, r.c)
			loose.contractRows = append(loose.contractRows, r.row)
			return
		}
		x := get(r.bin, r.row.at())
		if n := r.c.Number; n != "" {
			if first, dup := x.contracts[n]; dup {
				im.say(im.cell(r.row, fNumber), false, fmt.Sprintf("contract %s is already on %s; expected each contract once", quote(n), im.where(first, r.row.at())),
					"import.dup_contract", "Code", cut(n), "Other", im.whereIn(first, r.row.at()))
				return
			}
			if x.contracts == nil {
				x.contracts = map[string]at{}
			}
			x.contracts[n] = r.row.at()
		}
		x.e.Contracts = append(x.e.Contracts, r.c)
		x.e.contractRows = append(x.e.contractRows, r.row)
	})
	employers = make([]*Employer, 0, len(emps))
	for bin, x := range emps {
		if info := im.employers[bin]; info != nil {
			x.e.Name, x.e.Size = info.name, info.size
			x.e.letterhead, x.e.letterAt = info.given, info.letterAt
			x.e.Address, x.e.Phone, x.e.Email = info.letter[fEmpAddress], info.letter[fEmpPhone], info.letter[fEmpEmail]
			x.e.Director = domain.Director{Name: info.letter[fDirector], Position: info.letter[fDirectorPosition]}
		}
		employers = append(employers, x.e)
	}
	sort.Slice(employers, func(i, j int) bool { return employers[i].BIN < employers[j].BIN })
	return employers, orphans, stand, loose
}

// chunks is a list that grows by chunks, so that a million rows are never
// copied to grow it.
type chunks[T any] struct {
	c [][]T
	n int
}

const chunkSize = 4096

// add appends v.
func (l *chunks[T]) add(v T) {
	if len(l.c) == 0 || len(l.c[len(l.c)-1]) == chunkSize {
		l.c = append(l.c, make([]T, 0, chunkSize))
	}
	last := &l.c[len(l.c)-1]
	*last = append(*last, v)
	l.n++
}

// each calls f on every item in order.
func (l *chunks[T]) each(f func(*T)) {
	for _, c := range l.c {
		for i := range c {
			f(&c[i])
		}
	}
}

// tripKey identifies a trip: its worker, first day and region.
type tripKey struct {
	worker string
	from   domain.Date
	region domain.Region
}

// rowList names rows for a message in the import's language: "row 5",
// "rows 2, 3 and 4", the first five and how many more.
func (im *Importer) rowList(rows []int) string {
	if !im.localized() {
		return rowList(rows)
	}
	l := im.opts.Lang
	const shown = 5
	list := rows[:min(len(rows), shown)]
	parts := make([]string, len(list))
	for i, r := range list {
		parts[i] = strconv.Itoa(r)
	}
	s := parts[0]
	switch {
	case len(rows) > shown:
		s = strings.Join(parts, ", ") + l.T("import.and_more", "Count", len(rows)-shown)
	case len(parts) > 1:
		s = strings.Join(parts[:len(parts)-1], ", ") + l.T("import.and") + parts[len(parts)-1]
	}
	return l.T("import.rows", "Count", len(rows), "Other", s)
}
