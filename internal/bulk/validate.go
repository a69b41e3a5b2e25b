package bulk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// The import reads each cell into a value; what the records may hold is the
// records validator's (domain.Records.Validate) to say, through every door.
// Finish validates the records of each employer as the files give them, and
// Apply the records they are merged into; this file places each problem the
// validator finds at the cell that gave the value: a field of a worker at
// its cell in the worker's row, a permit's, a trip's, a document's, a
// month's figures' or a contract's at its row.

// workerFields are the fields of a worker's row by the keys of the
// validator's paths; contract fields are under "contract".
var workerFields = map[string]field{
	"id": fID, "name": fName, "citizenship": fCitizenship, "iin": fIIN, "birth_date": fBirth,
	"basis": fBasis, "category": fCategory, "position": fPosition, "start": fStart, "end": fEnd,
	"experience_years": fExperience,
}

var contractFields = map[string]field{"signed": fSigned, "registered": fRegistered}

var passportFields = map[string]field{"number": fPassport, "expires": fPassportExpires}

var educationFields = map[string]field{"level": fEducation, "institution": fInstitution, "specialty": fSpecialty, "graduated": fGraduated}

var permitFields = map[string]field{"number": fNumber, "regions": fRegions, "from": fFrom, "to": fTo}

var tripFields = map[string]field{"region": fRegion, "from": fFrom, "to": fTo, "notified": fNotified}

var documentFields = map[string]field{"kind": fDocKind, "number": fNumber, "issued": fIssued, "expires": fExpires}

// spot is where a value of the records came from.
type spot struct {
	// a is the cell (col ≥ 0) or the row (col −1) of a file; row 0 is no
	// place in the files, or with file ≥ 0 the whole file.
	a    at
	file int // the source of a whole-file spot; −1 for none
	// f is the field whose column the file lacks (missing), or whose cell
	// could not be read (bad).
	f       field
	missing bool
	bad     bool
	// recorded is true for a value that is not the files' but the records'
	// they are merged into (or, before the merge, one the files do not
	// give); rel names it from the row's record ("end", "permits[0].to").
	recorded bool
	// what names what the problem is about when the place does not say it;
	// whatKey and whatKV are its catalogue message.
	what    string
	whatKey string
	whatKV  []any
}

// placer places the validator's problems about one employer's records.
type placer struct {
	srcs []*source
	bin  string // the employer given for the import
	e    *Employer
	rec  *domain.Records
	// merged is true for records the batch is merged into, whose first
	// recorded workers were there before; their workers are the batch's
	// by id, permits by number, trips by first day and region.
	merged   bool
	recorded int
	byID     map[string]*Worker
	// orphans is true for rows of no employer known (their employer or
	// worker could not be told, which is reported): only what is about a
	// row's own values is reported.
	orphans bool
	l       *i18n.Localizer // nil: English
}

// worker returns the batch's worker behind the records' worker i, or nil.
func (pl *placer) worker(i int) *Worker {
	if !pl.merged {
		return pl.e.Workers[i]
	}
	if pl.byID == nil {
		pl.byID = make(map[string]*Worker, len(pl.e.Workers))
		for _, w := range pl.e.Workers {
			pl.byID[w.ID] = w
		}
	}
	return pl.byID[pl.rec.Workers[i].ID]
}

// permit returns the index among w's permits of the records' permit j of
// worker i, or −1.
func (pl *placer) permit(w *Worker, i, j int) int {
	if !pl.merged {
		return j
	}
	n := pl.rec.Workers[i].Permits[j].Number
	return slices.IndexFunc(w.Permits, func(p domain.Permit) bool { return p.Number == n })
}

// trip returns the index among w's trips of the records' trip j of worker
// i, or −1.
func (pl *placer) trip(w *Worker, i, j int) int {
	if !pl.merged {
		return j
	}
	t := &pl.rec.Workers[i].Trips[j]
	return slices.IndexFunc(w.Trips, func(u domain.Trip) bool { return u.From == t.From && u.Region == t.Region })
}

// document returns the index among w's documents of the records' document
// j of worker i, or −1.
func (pl *placer) document(w *Worker, i, j int) int {
	if !pl.merged {
		return j
	}
	d := &pl.rec.Workers[i].Documents[j]
	return slices.IndexFunc(w.Documents, func(x domain.WorkerDocument) bool { return x.Kind == d.Kind && x.Number == d.Number })
}

// figure returns the index among the batch's monthly figures of the
// records' figures i, or −1.
func (pl *placer) figure(i int) int {
	if !pl.merged {
		return i
	}
	m := pl.rec.MonthlyFigures[i].Month
	return slices.IndexFunc(pl.e.Figures, func(f domain.MonthlyFigures) bool { return f.Month == m })
}

// contract returns the index among the batch's contracts of the records'
// contract i, or −1.
func (pl *placer) contract(i int) int {
	if !pl.merged {
		return i
	}
	n := pl.rec.QuotaContracts[i].Number
	return slices.IndexFunc(pl.e.Contracts, func(c domain.QuotaContract) bool { return c.Number == n })
}

// ownValue reports whether p is a value of one row: of a worker, or of a
// permit, trip, document, month's figures or contract, not a list.
func ownValue(p domain.Path) bool {
	switch p[0].Key {
	case "workers":
		return len(p) > 1 && (len(p) > 2 || p[1].Index >= 0 || !isRowList(p[1].Key))
	case "monthly_figures", "quota_contracts":
		return len(p) > 1 && p[0].Index >= 0
	}
	return false
}

// isRowList reports whether a worker's key is the list of a kind of rows.
func isRowList(k string) bool { return k == "permits" || k == "trips" || k == "documents" }

// none is the spot of a value that is not the files' but the records'.
var none = spot{file: -1, recorded: true}

// from returns the spot of field f in the row of o, the row itself for
// noField; rest is the path from the row's record.
func (pl *placer) from(o origin, f field, rest domain.Path) spot {
	if o.at().row == 0 {
		return none
	}
	s := spot{a: o.at(), file: -1, f: f}
	s.a.col = -1
	if f < numFields {
		switch col := pl.srcs[o.at().src].cols[f]; {
		case col >= 0:
			s.a.col = int32(col)
			s.bad = o.bad.has(f)
			return s
		case !pl.merged:
			s.missing = true
			return s
		}
		// The file has no column: the value is the recorded one.
	} else if len(rest) == 0 {
		return s
	}
	s.recorded = true
	s.what = "as recorded, " + rest.String()
	s.whatKey, s.whatKV = "import.what.recorded", []any{"Name", rest.String()}
	return s
}

// noField stands for no field: the spot of a whole row.
const noField = numFields

// rowSpot returns the spot of the value at rest in the row of o, whose
// fields are fields by the keys of the validator's paths.
func (pl *placer) rowSpot(o origin, rest domain.Path, fields map[string]field) spot {
	if len(rest) == 0 {
		return pl.from(o, noField, nil)
	}
	f, ok := fields[rest[0].Key]
	if !ok {
		f = noField
	}
	return pl.from(o, f, rest)
}

// listSpot returns the spot of a list of the employer's rows (its figures
// or contracts), the file of its first row; what names it.
func (pl *placer) listSpot(rows []origin, what, key string) spot {
	s := spot{file: -1, what: what + " of employer " + pl.e.BIN, whatKey: key, whatKV: []any{"Code", pl.e.BIN}}
	if len(rows) > 0 {
		s.file = int(rows[0].at().src)
	}
	return s
}

// locate returns where the value at p came from.
func (pl *placer) locate(p domain.Path) spot {
	if len(p) == 0 {
		return none
	}
	if pl.orphans && !ownValue(p) {
		return none // of no employer or worker: only a row's own values
	}
	switch {
	case p[0].Key == "monthly_figures" && p[0].Index < 0:
		return pl.listSpot(pl.e.figureRows, "the monthly figures", "import.what.figures")
	case p[0].Key == "monthly_figures":
		j := pl.figure(p[0].Index)
		if j < 0 {
			return none
		}
		return pl.rowSpot(pl.e.figureRows[j], p[1:], figureFields)
	case p[0].Key == "quota_contracts" && p[0].Index < 0:
		return pl.listSpot(pl.e.contractRows, "the contracts", "import.what.contracts")
	case p[0].Key == "quota_contracts":
		j := pl.contract(p[0].Index)
		if j < 0 {
			return none
		}
		return pl.rowSpot(pl.e.contractRows[j], p[1:], quotaContractFields)
	case p[0].Key == "employer" && letterheadOf(p) != 0:
		a, ok := pl.e.letterAt[letterheadOf(p)]
		if !ok {
			return none
		}
		return spot{a: a, file: -1}
	case p[0].Key == "employer" && p.Leaf() == "bin" && len(p) == 2:
		if pl.e.BIN == pl.bin {
			return spot{file: -1, what: "the employer given for the import", whatKey: "import.what.given_employer"}
		}
		a := pl.e.binAt
		a.col = int32(pl.srcs[a.src].cols[fBIN])
		return spot{a: a, file: -1}
	case p[0].Key == "workers" && p[0].Index < 0:
		s := spot{file: -1, what: "the workers of employer " + pl.e.BIN, whatKey: "import.what.workers", whatKV: []any{"Code", pl.e.BIN}}
		for _, w := range pl.e.Workers {
			if w.Listed {
				s.file = int(w.row.at().src)
				break
			}
		}
		return s
	case p[0].Key != "workers":
		return none
	}
	i := p[0].Index
	w := pl.worker(i)
	if w == nil {
		return none
	}
	before := pl.merged && i < pl.recorded
	from := pl.from
	if len(p) == 1 {
		return from(w.row, noField, nil)
	}
	k := p[1].Key
	f, own := workerFields[k]
	switch {
	case k == "contract" && len(p) == 3:
		f, own = contractFields[p[2].Key]
	case k == "passport" && len(p) == 3:
		f, own = passportFields[p[2].Key]
	case k == "education" && len(p) == 3:
		f, own = educationFields[p[2].Key]
	}
	switch {
	case own && !w.Listed:
		return none // a worker only referred to: its fields are recorded
	case own && before && !w.given.has(f):
		return from(w.row, noField, p[1:])
	case own:
		return from(w.row, f, p[1:])
	case isRowList(k) && p[1].Index < 0:
		s := from(w.row, noField, nil)
		rows := w.permitRows
		switch k {
		case "trips":
			rows = w.tripRows
		case "documents":
			rows = pl.e.docRows[w]
		}
		if s.a.row == 0 && len(rows) > 0 {
			s = spot{a: rows[0].at(), file: -1}
		}
		s.what = fmt.Sprintf("the %s of worker %s", k, quote(w.ID))
		s.whatKey, s.whatKV = "import.what."+k, []any{"Name", quote(w.ID)}
		return s
	case k == "permits":
		j := pl.permit(w, i, p[1].Index)
		if j < 0 {
			return from(w.row, noField, p[1:])
		}
		if len(p) == 2 {
			return from(w.permitRows[j], noField, nil)
		}
		f, ok := permitFields[p[2].Key]
		if !ok {
			f = noField
		}
		return from(w.permitRows[j], f, p[2:])
	case k == "trips":
		j := pl.trip(w, i, p[1].Index)
		if j < 0 {
			return from(w.row, noField, p[1:])
		}
		if len(p) == 2 {
			return from(w.tripRows[j], noField, nil)
		}
		f, ok := tripFields[p[2].Key]
		if !ok {
			f = noField
		}
		if f == fNotified && pl.merged && !w.tripNotified[j] {
			return from(w.tripRows[j], noField, p[2:]) // Apply kept the recorded day
		}
		return from(w.tripRows[j], f, p[2:])
	case k == "documents":
		j := pl.document(w, i, p[1].Index)
		if j < 0 {
			return from(w.row, noField, p[1:])
		}
		return pl.rowSpot(pl.e.docRows[w][j], p[2:], documentFields)
	}
	return from(w.row, noField, p[1:])
}

// skip reports whether the problem at p is not one to report: a value the
// import already reported as unreadable, and before the merge, a value the
// files do not give (of a worker only referred to, of the employer).
func (pl *placer) skip(p domain.Path) bool {
	s := pl.locate(p)
	return s.bad || s.recorded && !pl.merged
}

// problem writes the validator's problem pr as a problem of the import,
// with the spot it is about: one whose column the row's file lacks
// (s.missing) is reported once for all the rows.
func (pl *placer) problem(pr *domain.Problem) (p Problem, s spot) {
	s = pl.locate(pr.Path)
	msg := pr.Message(func(other domain.Path) string {
		o := pl.locate(other)
		switch {
		case o.a.row == 0:
			return other.String() + " as recorded"
		case o.a == s.a:
			return "earlier in this cell"
		}
		return pl.placeName(o.a)
	})
	if pr.Code == domain.CodeIdentifier {
		msg += leadingZeroHint(fmt.Sprint(pr.Args["value"]), fmt.Sprint(pr.Args["kind"]))
	}
	if l := pl.l; l != nil && l.Lang() != i18n.EN {
		msg = pl.localized(pr, s)
	}
	switch {
	case pl.l != nil && pl.l.Lang() != i18n.EN:
	case s.recorded && s.a.row == 0:
		msg = fmt.Sprintf("employer %s, %s as recorded: %s", pl.e.BIN, pr.Path, msg)
	case s.what != "":
		msg = s.what + ": " + msg
	}
	switch {
	case s.a.row > 0:
		p = place(pl.srcs, s.a, msg)
	case s.file >= 0:
		p = place(pl.srcs, at{src: int32(s.file), col: -1}, msg)
	default:
		p = Problem{Msg: msg}
	}
	return p, s
}

// localized writes the validator's problem pr at s in the placer's
// language, as problem does in English.
func (pl *placer) localized(pr *domain.Problem, s spot) string {
	l := pl.l
	msg := l.Problem(*pr, func(other domain.Path) string {
		o := pl.locate(other)
		switch {
		case o.a.row == 0:
			return l.T("import.as_recorded", "Name", other.String())
		case o.a == s.a:
			return l.T("import.same_cell")
		}
		return pl.placeName(o.a)
	})
	if pr.Code == domain.CodeIdentifier && leadingZeroHint(fmt.Sprint(pr.Args["value"]), "") != "" {
		kind := "import.kind.iin"
		if fmt.Sprint(pr.Args["kind"]) == "BIN" {
			kind = "import.kind.bin"
		}
		msg += l.T("import.leading_zero", "Name", l.T(kind))
	}
	switch {
	case s.recorded && s.a.row == 0:
		return l.T("import.recorded_employer", "Code", pl.e.BIN, "Name", pr.Path.String(), "Other", msg)
	case s.whatKey != "":
		return l.T(s.whatKey, s.whatKV...) + ": " + msg
	case s.what != "":
		return s.what + ": " + msg
	}
	return msg
}

// placeName names the row of a cell as FILE:ROW or FILE[SHEET]:ROW.
func (pl *placer) placeName(a at) string {
	s := pl.srcs[a.src]
	name := s.file
	if s.label != "" {
		name += "[" + s.label + "]"
	}
	return name + ":" + strconv.Itoa(int(a.row))
}

// place returns a problem at a cell (col ≥ 0), a row (col −1, row > 0) or a
// whole source (row 0).
func place(srcs []*source, a at, msg string) Problem {
	s := srcs[a.src]
	p := Problem{File: s.file, Sheet: s.label, Row: int(a.row), Msg: msg}
	if a.row > 0 && a.col >= 0 {
		p.Column = columnName(int(a.col))
		if int(a.col) < len(s.headers) {
			p.Header = s.headers[a.col]
		}
	}
	return p
}

// missingKey is a problem of rows whose file lacks the field's column.
type missingKey struct {
	src int32
	f   field
	msg string
}

// validate checks the records of e, as the files give them, with the
// records validator, and reports each problem at its cell. Problems about
// a field whose column a file lacks are gathered and reported at its
// header, once for all its rows. With orphans, e holds rows of no employer
// known, whose own values are checked all the same.
func (im *Importer) validate(e *Employer, orphans bool) {
	rec := domain.Records{Employer: domain.Employer{BIN: e.BIN}, Workers: make([]domain.Worker, len(e.Workers)),
		MonthlyFigures: e.Figures, QuotaContracts: e.Contracts}
	for i, w := range e.Workers {
		rec.Workers[i] = w.Worker
	}
	pl := &placer{srcs: im.srcs, bin: im.opts.BIN, e: e, rec: &rec, orphans: orphans, l: im.opts.Lang}
	ps := rec.ValidateExcept(pl.skip)
	if ps == nil {
		return
	}
	for i := range ps.List {
		p, s := pl.problem(&ps.List[i])
		if s.missing {
			if im.missing == nil {
				im.missing = map[missingKey][]int{}
			}
			k := missingKey{s.a.src, s.f, p.Msg}
			im.missing[k] = append(im.missing[k], int(s.a.row))
			continue
		}
		im.add(p)
	}
	im.more += ps.More
	im.errs += ps.More
}

// validateOrphans checks the rows that belong to no employer known: each
// worker alone, whose id can then repeat no other, the permits, trips and
// documents under a worker that stands in for theirs, and each month's
// figures and each contract alone.
func (im *Importer) validateOrphans(workers []*Worker, stand *Worker, loose *Employer) {
	for _, w := range workers {
		im.validate(&Employer{Workers: []*Worker{w}}, true)
	}
	if len(stand.Permits)+len(stand.Trips)+len(stand.Documents) > 0 {
		im.validate(&Employer{Workers: []*Worker{stand}, docRows: loose.docRows}, true)
	}
	for i := range loose.Figures {
		im.validate(&Employer{Figures: loose.Figures[i : i+1], figureRows: loose.figureRows[i : i+1]}, true)
	}
	for i := range loose.Contracts {
		im.validate(&Employer{Contracts: loose.Contracts[i : i+1], contractRows: loose.contractRows[i : i+1]}, true)
	}
}

// reportMissing reports, at the header of each file, the fields its rows
// need and it has no column for.
func (im *Importer) reportMissing() {
	keys := make([]missingKey, 0, len(im.missing))
	for k := range im.missing {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b missingKey) int {
		if a.src != b.src {
			return int(a.src - b.src)
		}
		if a.f != b.f {
			return int(a.f) - int(b.f)
		}
		return strings.Compare(a.msg, b.msg)
	})
	for _, k := range keys {
		s := im.srcs[k.src]
		rows := im.missing[k]
		slices.Sort(rows)
		rows = slices.Compact(rows)
		need := "need"
		if len(rows) == 1 {
			need = "needs"
		}
		hint := columnOf(s.kind, k.f).headerHint()
		im.say(at{src: k.src, row: int32(s.headerRow), col: -1}, false, fmt.Sprintf("no column for %s, which %s %s: %s", hint, rowList(rows), need, k.msg),
			"import.missing_column", "Other", hint, "Name", im.rowList(rows), "Count", len(rows), "Code", k.msg)
	}
}

// letterheadOf returns the letterhead's column of the employer's field at
// p (employer.address, employer.director.name...), 0 for another.
func letterheadOf(p domain.Path) field {
	switch p.String() {
	case "employer.address":
		return fEmpAddress
	case "employer.phone":
		return fEmpPhone
	case "employer.email":
		return fEmpEmail
	case "employer.director.name":
		return fDirector
	case "employer.director.position":
		return fDirectorPosition
	}
	return 0
}
