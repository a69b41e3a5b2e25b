package bulk

import (
	"io"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Kind is the kind of record a file or sheet holds, one per row.
type Kind string

// The kinds of record a file can hold. The zero Kind, in ParseXLSX and
// Importer.XLSX, reads every sheet named after a kind.
const (
	Workers Kind = "workers"
	Permits Kind = "permits"
	Trips   Kind = "trips"
	// Documents are the papers on file for workers (passport, diploma,
	// work record book ...), one row each, referring to their worker as
	// permits do.
	Documents Kind = "documents"
	// Figures are an employer's monthly report figures, one row a month.
	Figures Kind = "figures"
	// Contracts are an employer's contracts with its customers, which its
	// quota applications cite.
	Contracts Kind = "contracts"
)

// Kinds lists the kinds in the order an import reads them.
var Kinds = []Kind{Workers, Permits, Trips, Documents, Figures, Contracts}

// kindNames are the names, normalized, by which a sheet or a caller names a
// kind, in English, Russian and Kazakh.
var kindNames = map[string]Kind{
	"workers": Workers, "worker": Workers, "employees": Workers, "foreign workers": Workers,
	"работники": Workers, "сотрудники": Workers, "иностранные работники": Workers, "иностранцы": Workers,
	"қызметкерлер": Workers, "жұмыскерлер": Workers, "шетелдік жұмыскерлер": Workers,
	"permits": Permits, "permit": Permits, "work permits": Permits,
	"разрешения": Permits, "разрешения на трудоустройство": Permits, "рнт": Permits,
	"рұқсаттар": Permits, "жұмысқа рұқсаттар": Permits,
	"trips": Trips, "trip": Trips, "business trips": Trips,
	"командировки": Trips, "служебные командировки": Trips,
	"іссапарлар": Trips, "қызметтік іссапарлар": Trips,
	"documents": Documents, "worker documents": Documents, "workers documents": Documents, "employee documents": Documents,
	"документы": Documents, "документы работников": Documents, "документы сотрудников": Documents,
	"құжаттар": Documents, "жұмыскерлердің құжаттары": Documents, "қызметкерлердің құжаттары": Documents,
	"figures": Figures, "monthly figures": Figures, "monthly report figures": Figures,
	"показатели": Figures, "ежемесячные показатели": Figures, "показатели отчета": Figures, "показатели отчетов": Figures,
	"көрсеткіштер": Figures, "ай сайынғы көрсеткіштер": Figures, "есеп көрсеткіштері": Figures,
	"contracts": Contracts, "customer contracts": Contracts,
	"договоры": Contracts, "договоры с заказчиками": Contracts,
	"шарттар": Contracts, "тапсырыс берушілермен шарттар": Contracts,
}

// ParseKind returns the kind named by s: workers, permits, trips,
// documents, figures or contracts, or the same in Russian or Kazakh
// (работники, разрешения, командировки, документы, показатели, договоры;
// қызметкерлер, рұқсаттар, іссапарлар, құжаттар, көрсеткіштер, шарттар), in
// any case.
func ParseKind(s string) (Kind, bool) {
	k, ok := kindNames[normalize(s)]
	return k, ok
}

func (k Kind) valid() bool {
	switch k {
	case Workers, Permits, Trips, Documents, Figures, Contracts:
		return true
	}
	return false
}

// Options control an import.
type Options struct {
	// Name is the file's name in problems, for Parse and ParseXLSX; "input"
	// when empty.
	Name string
	// BIN is the employer of every row of a file without a bin column. A row
	// whose bin cell is empty belongs to it too; one that names another
	// employer is a problem.
	BIN string
	// Mapping names the header of a field's column where the built-in
	// synonyms do not find it.
	Mapping Mapping
	// Strict makes an unknown column an error instead of a warning.
	Strict bool
	// Sheet is the sheet a workbook's records are read from when a kind is
	// given; when empty, the sheet named after the kind, or the first.
	Sheet string
	// Known reports whether a worker is already recorded for an employer. A
	// permit or trip may refer to such a worker without listing it in a
	// workers file; with a nil Known, every worker referred to must be
	// listed.
	Known func(bin, workerID string) bool
	// Lang writes the records validator's problems (nil: English, the
	// domain's own text).
	Lang *i18n.Localizer
}

// Problem is one problem in an imported file, or a warning.
type Problem struct {
	File  string
	Sheet string // "" in a CSV file
	// Row is 1-based, the header being row 1 when the file starts with it;
	// 0 for a problem with the whole file.
	Row int
	// Column is the column's letter (A, B, ..., AA) and Header its header
	// as written; both "" for a problem with a whole row or file.
	Column string
	Header string
	// Value is the cell's text (on one line, cut), for a problem found
	// while its row was read; "" otherwise (the message names the value).
	Value string
	// Warning is true for what does not stop the import, such as a column
	// that is not read.
	Warning bool
	Msg     string
}

// String formats p as FILE[SHEET]:ROW:COLUMN (HEADER): MESSAGE, leaving out
// what p does not have.
func (p Problem) String() string { return p.format("warning: ") }

// In formats p as String does, "warning" in l's language (nil: English).
func (p Problem) In(l *i18n.Localizer) string {
	if l == nil || l.Lang() == i18n.EN {
		return p.String()
	}
	return p.format(l.T("import.warning") + ": ")
}

func (p Problem) format(warning string) string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString("[" + p.Sheet + "]")
	}
	if p.Row > 0 {
		b.WriteString(":" + strconv.Itoa(p.Row))
		if p.Column != "" {
			b.WriteString(":" + p.Column)
			if p.Header != "" {
				b.WriteString(" (" + cut(p.Header) + ")")
			}
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString(warning)
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is the problems of an import, sorted by file, sheet, row and
// column. As an error, it stands for those that are not warnings.
type Problems []Problem

// Error returns one line per problem, warnings included.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// In returns one line per problem, as Error does, in l's language.
func (ps Problems) In(l *i18n.Localizer) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.In(l))
	}
	return b.String()
}

// Errors returns the number of problems that are not warnings.
func (ps Problems) Errors() int {
	n := 0
	for _, p := range ps {
		if !p.Warning {
			n++
		}
	}
	return n
}

// Batch is the result of an import: the records found, by employer, and the
// problems. When Problems holds anything but warnings, Employers is empty.
type Batch struct {
	Employers []*Employer // sorted by BIN
	Problems  Problems
	// srcs are the files and sheets read, and bin the employer given for
	// the import, by which Apply places a problem of merged records.
	srcs []*source
	bin  string
	l    *i18n.Localizer
}

// Employer is what an import holds for one employer.
type Employer struct {
	BIN string
	// Name and Size are the employer's as its rows give them, in files
	// with columns for them; "" otherwise. An import that creates the
	// employer takes them.
	Name string
	Size domain.Size
	// Address, Phone, Email and Director are the employer's letterhead as
	// its rows give them, in files with columns for them; Apply sets those
	// whose columns the files have (an empty column clears one).
	Address, Phone, Email string
	Director              domain.Director
	// Workers are in the order of their rows; a worker referred to by
	// permits, trips or documents but not listed in a workers file comes
	// after them.
	Workers []*Worker
	// Figures are the employer's monthly figures and Contracts its
	// contracts with customers, in the order of their rows.
	Figures   []domain.MonthlyFigures
	Contracts []domain.QuotaContract
	// binAt is the first row of the employer; figureRows and contractRows
	// the row of each month's figures and contract, and docRows of each
	// worker's documents.
	binAt                    at
	letterhead               fieldSet     // the letterhead's columns the files have
	letterAt                 map[field]at // the cells that gave its values
	figureRows, contractRows []origin
	docRows                  map[*Worker][]origin
}

// Worker is a worker found in an import, with the permits, trips and
// documents that refer to it attached in the order of their rows. Of a
// worker that is not Listed, only the ID, permits, trips and documents are
// known.
type Worker struct {
	domain.Worker
	// Listed is true for a worker with a row in a workers file.
	Listed bool
	// given holds the fields that the worker's file has a column for: Apply
	// sets those and leaves the others as recorded.
	given fieldSet
	// tripNotified tells, for each trip, whether its file has a notified
	// column.
	tripNotified []bool
	// row is the worker's row in a workers file (none when not Listed),
	// permitRows and tripRows the row of each permit and trip (those of
	// its documents are its employer's docRows, so that a worker of the
	// many without documents is no larger).
	row                  origin
	permitRows, tripRows []origin
}

// Err returns the problems of b as an error when there is one that is not a
// warning, and nil otherwise.
func (b *Batch) Err() error {
	if b.Problems.Errors() > 0 {
		return b.Problems
	}
	return nil
}

// Employer returns the records of the employer with the given BIN, or nil.
func (b *Batch) Employer(bin string) *Employer {
	for _, e := range b.Employers {
		if e.BIN == bin {
			return e
		}
	}
	return nil
}

// Counts are the records in a batch; Figures counts months.
type Counts struct {
	Employers, Workers, Permits, Trips int
	Documents, Figures, Contracts      int
}

// Counts returns the number of records in b. Workers counts the listed ones.
func (b *Batch) Counts() Counts {
	c := Counts{Employers: len(b.Employers)}
	for _, e := range b.Employers {
		for _, w := range e.Workers {
			if w.Listed {
				c.Workers++
			}
			c.Permits += len(w.Permits)
			c.Trips += len(w.Trips)
			c.Documents += len(w.Documents)
		}
		c.Figures += len(e.Figures)
		c.Contracts += len(e.Contracts)
	}
	return c
}

// Parse reads a CSV file of one kind of record. It returns an error other
// than Problems only when r fails; otherwise it returns a Batch, and the
// Batch's problems as the error when any is not a warning.
func Parse(kind Kind, r io.Reader, opts Options) (*Batch, error) {
	im := New(opts)
	if err := im.CSV(nameOr(opts.Name), kind, r); err != nil {
		return nil, err
	}
	return im.Finish()
}

// ParseXLSX reads an XLSX workbook: with a kind, the sheet named in opts (by
// default the sheet named after the kind, or the first sheet) holds records
// of that kind; with the zero Kind,
// every sheet named after a kind (workers, permits, trips, or the same in
// Russian or Kazakh) is read as that kind. Results and errors are as for
// Parse.
func ParseXLSX(kind Kind, r io.Reader, opts Options) (*Batch, error) {
	im := New(opts)
	if err := im.XLSX(nameOr(opts.Name), kind, r); err != nil {
		return nil, err
	}
	return im.Finish()
}

func nameOr(name string) string {
	if name == "" {
		return "input"
	}
	return name
}
