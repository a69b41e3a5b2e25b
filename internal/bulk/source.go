package bulk

import (
	"bytes"
	"errors"
	"slices"

	"golang.org/x/text/transform"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Source is what one file, or one sheet of a workbook, was read as: for a
// person to check before an import is stored that the importer understood
// the file (issue 14: "which column became which field").
type Source struct {
	File  string
	Sheet string // "" for a CSV file
	// Kind is the kind of record read, "" when the sheet was passed over
	// (its name and header name no kind) or the file could not be read.
	Kind Kind
	// Encoding ("UTF-8", "UTF-8 BOM", "UTF-16", "Windows-1251") and
	// Delimiter (';', ',' or '\t') of a CSV file; "" and 0 for a sheet.
	Encoding  string
	Delimiter rune
	// HeaderRow is the 1-based row of the header, 0 when none was found.
	HeaderRow int
	// Columns are the header's columns in order, each with the fields read
	// from it (none: the column is not read).
	Columns []SourceColumn
}

// SourceColumn is one column of a header row.
type SourceColumn struct {
	Column string // its letter: A, B, ..., AA
	Header string // as written
	// Fields are the names of the fields read from the column, as a
	// Mapping names them (name, citizenship, permit_number); two when the
	// IIN or passport column is the worker's id too.
	Fields []string
}

// Sources returns what each file and sheet of the import was read as, in
// the order read. A workbook is listed by its sheets; a workbook none of
// whose sheets could be opened, by itself.
func (b *Batch) Sources() []Source {
	var out []Source
	for i, s := range b.srcs {
		if s.xlsx && s.sheet == "" && i+1 < len(b.srcs) && b.srcs[i+1].file == s.file && b.srcs[i+1].xlsx {
			continue // the workbook, whose sheets follow
		}
		src := Source{File: s.file, Sheet: s.label, Kind: s.kind, Encoding: s.encoding, Delimiter: s.delim, HeaderRow: s.headerRow}
		if s.headerRow > 0 {
			for ci, h := range s.headers {
				c := SourceColumn{Column: columnName(ci), Header: h}
				for _, col := range columns[s.kind] {
					if s.cols[col.f] == ci {
						c.Fields = append(c.Fields, col.name)
					}
				}
				src.Columns = append(src.Columns, c)
			}
		}
		out = append(out, src)
	}
	return out
}

// FieldNames lists the names of the fields a file of kind k may have, in
// the order messages list them (the keys of a Mapping).
func FieldNames(k Kind) []string {
	names := make([]string, 0, len(columns[k]))
	for _, c := range columns[k] {
		if !slices.Contains(names, c.name) {
			names = append(names, c.name)
		}
	}
	return names
}

// MergeProblems returns the problems of an error Batch.Apply returned for
// merged records that do not pass the records validator, each placed at
// the cell that gave its value, and nil for any other error.
func MergeProblems(err error) Problems {
	var m *mergeError
	if errors.As(err, &m) {
		return m.placed
	}
	return nil
}

// mergeError is Apply's EINVALID error with its problems placed.
type mergeError struct {
	err    *domain.Error
	placed Problems
}

func (e *mergeError) Error() string { return e.err.Message }
func (e *mergeError) Unwrap() error { return e.err }

// encodingName names the text encoding of a CSV file whose top is head
// (before the decoder dec, nil for UTF-8; legacy for Windows-1251).
func encodingName(head []byte, dec transform.Transformer, legacy bool) string {
	switch {
	case dec == nil && bytes.HasPrefix(head, []byte("\uFEFF")):
		return "UTF-8 BOM"
	case dec == nil:
		return "UTF-8"
	case legacy:
		return "Windows-1251"
	}
	return "UTF-16"
}

// rowCells are the cells of the row being read.
type rowCells struct {
	at    at
	cells []string
}

// value returns the text of the cell at a when a is in the row being read.
func (r rowCells) value(a at) string {
	if r.cells == nil || a.src != r.at.src || a.row != r.at.row || a.col < 0 || int(a.col) >= len(r.cells) {
		return ""
	}
	return cut(oneLineText(r.cells[a.col]))
}
