package bulk

import (
	"fmt"
	"sort"

	"github.com/ruqsat/ruqsat/internal/domain"
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
	probs   Problems
	errs    int // problems that are not warnings, listed or not
	more    int // problems not listed, past maxProblems
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
	cols        [numFields]int
	given       fieldSet
}

// at is a cell, or with col −1 a row, of a source.
type at struct {
	src int32
	row int32
	col int32
}

type workerRow struct {
	at  at
	bin string
	w   *Worker
}

type permitRow struct {
	at       at
	bin      string
	worker   string
	p        domain.Permit
	workerAt at
	numberAt at
}

type tripRow struct {
	at       at
	bin      string
	worker   string
	t        domain.Trip
	notified bool // the file has a notified column
	workerAt at
	fromAt   at
}

// New returns an Importer. A mapping key that names no field is a problem
// of the import.
func New(opts Options) *Importer {
	im := &Importer{opts: opts}
	for _, msg := range opts.Mapping.check() {
		im.add(Problem{Msg: msg})
	}
	if opts.BIN != "" {
		if err := domain.CheckBIN(opts.BIN); err != nil {
			im.add(Problem{Msg: "the employer given for the import: " + err.Error()})
		}
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

// problem records a problem at a cell (col ≥ 0), a row (col −1, row > 0)
// or a whole source (row 0).
func (im *Importer) problem(a at, warning bool, format string, args ...any) {
	s := im.srcs[a.src]
	p := Problem{File: s.file, Sheet: s.label, Row: int(a.row), Warning: warning, Msg: fmt.Sprintf(format, args...)}
	if a.row > 0 && a.col >= 0 {
		p.Column = columnName(int(a.col))
		if int(a.col) < len(s.headers) {
			p.Header = s.headers[a.col]
		}
	}
	im.add(p)
}

func (im *Importer) errorf(a at, format string, args ...any) {
	im.problem(a, false, format, args...)
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

// fileProblem records a problem with a whole file or sheet.
func (im *Importer) fileProblem(s *source, format string, args ...any) {
	im.errorf(at{src: int32(s.index), col: -1}, format, args...)
}

// Finish checks what the files read refer to, and returns the records
// found, or their problems: the Batch holds the problems in either case, and
// the error is the problems when any is not a warning. It is called once,
// after the last file.
func (im *Importer) Finish() (*Batch, error) {
	b := &Batch{}
	employers := im.link()
	b.Problems = im.sorted()
	if im.more > 0 {
		b.Problems = append(b.Problems, Problem{Msg: fmt.Sprintf("%d more problems are not listed; expected them fixed with those above", im.more)})
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

// link gathers the rows read into employers: it reports duplicate workers,
// permits and trips, and references to workers that are nowhere, and
// attaches permits and trips to their workers.
func (im *Importer) link() []*Employer {
	type emp struct {
		e       *Employer
		ids     map[string]int32 // worker id → index in e.Workers and rows
		rows    []at             // the row of each worker; zero when not listed
		numbers map[string]at    // permit number → its row
		trips   map[tripKey]at
	}
	// Size each employer's lists and maps for its rows, so that none grows.
	workers, permits := map[string]int{}, map[string]int{}
	im.workers.each(func(r *workerRow) { workers[r.bin]++ })
	im.permits.each(func(r *permitRow) { permits[r.bin]++ })
	emps := make(map[string]*emp)
	get := func(bin string) *emp {
		x := emps[bin]
		if x == nil {
			n := workers[bin]
			x = &emp{e: &Employer{BIN: bin, Workers: make([]*Worker, 0, n)}, ids: make(map[string]int32, n),
				rows: make([]at, 0, n), numbers: make(map[string]at, permits[bin]), trips: map[tripKey]at{}}
			emps[bin] = x
		}
		return x
	}
	im.workers.each(func(r *workerRow) {
		if r.bin == "" || r.w.ID == "" {
			return
		}
		x := get(r.bin)
		if i, dup := x.ids[r.w.ID]; dup {
			im.errorf(r.at, "%s is already the id of the worker on %s; expected worker ids unique for an employer", quote(r.w.ID), im.where(x.rows[i], r.at))
			return
		}
		x.ids[r.w.ID] = int32(len(x.e.Workers))
		x.e.Workers = append(x.e.Workers, r.w)
		x.rows = append(x.rows, r.at)
	})
	// worker returns the worker a permit or trip refers to, or nil after
	// reporting that there is none.
	worker := func(bin, id string, a at) (*Worker, *emp) {
		if bin == "" || id == "" {
			return nil, nil
		}
		x := get(bin)
		if i, ok := x.ids[id]; ok {
			return x.e.Workers[i], x
		}
		if im.opts.Known != nil && im.opts.Known(bin, id) {
			x.ids[id] = int32(len(x.e.Workers))
			w := &Worker{Worker: domain.Worker{ID: id}}
			x.e.Workers = append(x.e.Workers, w)
			x.rows = append(x.rows, at{})
			return w, x
		}
		im.errorf(a, "no worker %s is listed for employer %s; expected the id of a worker in the workers file or already recorded", quote(id), bin)
		return nil, nil
	}
	im.permits.each(func(r *permitRow) {
		w, x := worker(r.bin, r.worker, r.workerAt)
		if w == nil || r.p.Number == "" {
			return
		}
		if first, dup := x.numbers[r.p.Number]; dup {
			im.errorf(r.numberAt, "permit %s is already on %s; expected one row per permit, its regions in one cell separated by commas", quote(r.p.Number), im.where(first, r.at))
			return
		}
		x.numbers[r.p.Number] = r.at
		w.Permits = append(w.Permits, r.p)
	})
	im.trips.each(func(r *tripRow) {
		w, x := worker(r.bin, r.worker, r.workerAt)
		if w == nil || r.t.From.IsZero() || r.t.Region == "" {
			return
		}
		k := tripKey{r.worker, r.t.From, r.t.Region}
		if first, dup := x.trips[k]; dup {
			im.errorf(r.fromAt, "a trip of worker %s to %s from %s is already on %s; expected each trip once", quote(r.worker), r.t.Region, r.t.From, im.where(first, r.at))
			return
		}
		x.trips[k] = r.at
		w.Trips = append(w.Trips, r.t)
		w.tripNotified = append(w.tripNotified, r.notified)
	})
	out := make([]*Employer, 0, len(emps))
	for _, x := range emps {
		out = append(out, x.e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].BIN < out[j].BIN })
	return out
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
