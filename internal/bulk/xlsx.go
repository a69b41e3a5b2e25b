package bulk

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Limits of a workbook. The XLSX reader keeps every part of a workbook in
// memory but the largest sheets, which it unpacks to temporary files, so
// what a workbook unpacks to is checked before it is opened.
const (
	maxXLSXSize    = 64 << 20  // the file as given
	maxUnzipped    = 256 << 20 // all its parts unpacked
	maxXMLInMemory = 16 << 20  // a larger sheet is read from a temporary file
	maxZipEntries  = 10_000
)

// XLSX reads a workbook into the import: with a kind, the sheet named in the
// options holds records of that kind, or else the sheet named after the kind,
// or else the first sheet; with the zero Kind, every sheet named after a kind
// (see ParseKind) is read as that kind, and every other sheet (Лист1,
// Sheet1, Парақ1) as the kind its header row names, a workers' register
// with permit columns included; a sheet whose header names none is passed
// over with a warning, an empty one silently. A number in a date
// column is read as Excel's date cell. Problems in the file are the
// import's; the error is r's, or an invalid kind's.
func (im *Importer) XLSX(name string, kind Kind, r io.Reader) error {
	if kind != "" && !kind.valid() {
		return domain.Errorf(domain.EINVALID, "%q is not a kind of record; expected workers, permits, trips, documents, figures, contracts or none (every sheet named after a kind)", kind)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxXLSXSize+1))
	if err != nil {
		return err
	}
	book := im.newSource(name, "", kind, true)
	if len(data) > maxXLSXSize {
		im.say(at{src: int32(book.index), col: -1}, false, fmt.Sprintf("the file is over %d MiB; expected a smaller workbook (split it)", maxXLSXSize>>20), "import.xlsx_too_big", "N", maxXLSXSize>>20)
		return nil
	}
	if n := sniffZip(data); n.en != "" {
		im.tell(at{src: int32(book.index), col: -1}, false, n)
		return nil
	}
	im.readWorkbook(book, kind, data)
	return nil
}

// sniffZip returns why data is not a workbook that may be opened, or none.
func sniffZip(data []byte) note {
	if !bytes.HasPrefix(data, []byte("PK")) {
		switch {
		case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
			return note{"the file is an old Excel workbook (.xls) or a workbook with a password; expected an .xlsx workbook without a password", "import.xlsx_old", nil}
		case len(data) == 0:
			return note{"the file is empty; expected an .xlsx workbook", "import.xlsx_empty", nil}
		case utf8.Valid(data[:min(len(data), 4096)]) && bytes.IndexByte(data[:min(len(data), 4096)], 0) < 0:
			return note{"the file is text, not an XLSX workbook; expected an .xlsx workbook, or the file imported as CSV", "import.xlsx_text", nil}
		}
		return note{"the file is not an XLSX workbook (not a ZIP archive); expected an .xlsx workbook", "import.xlsx_not_zip", nil}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return note{fmt.Sprintf("the file is not an XLSX workbook: its ZIP archive is broken (%v); expected an .xlsx workbook", err), "import.xlsx_broken", nil}
	}
	if len(zr.File) > maxZipEntries {
		return note{fmt.Sprintf("the workbook has %d parts; expected at most %d", len(zr.File), maxZipEntries), "import.xlsx_parts", []any{"N", len(zr.File), "Of", maxZipEntries}}
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxUnzipped {
			return note{fmt.Sprintf("the workbook unpacks to over %d MiB; expected a smaller workbook (split it)", maxUnzipped>>20), "import.xlsx_unzipped", []any{"N", maxUnzipped >> 20}}
		}
	}
	return note{}
}

// readWorkbook opens the workbook and reads its sheets. The XLSX reader is a
// large library fed untrusted input: a panic inside it becomes a problem of
// the file, which then yields no records.
func (im *Importer) readWorkbook(book *source, kind Kind, data []byte) {
	var f *excelize.File
	defer func() {
		if r := recover(); r != nil {
			im.say(at{src: int32(book.index), col: -1}, false, fmt.Sprintf("the workbook could not be read (the XLSX reader failed: %v); expected a workbook saved by Excel or LibreOffice", r), "import.xlsx_unreadable")
		}
		if f != nil {
			func() {
				defer func() { _ = recover() }()
				_ = f.Close()
			}()
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: maxXMLInMemory,
	})
	if err != nil {
		im.say(at{src: int32(book.index), col: -1}, false, fmt.Sprintf("the workbook could not be read (%v); expected an .xlsx workbook saved by Excel or LibreOffice", err), "import.xlsx_unreadable")
		return
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		im.say(at{src: int32(book.index), col: -1}, false, fmt.Sprintf("the workbook has no sheets; expected a sheet of %s", kindOr(kind)), "import.xlsx_no_sheets", "Name", im.kindName(kind))
		return
	}
	type pick struct {
		sheet string
		kind  Kind
	}
	var picks []pick
	switch {
	case kind != "" && im.opts.Sheet == "":
		first := sheets[0]
		for _, s := range sheets {
			if k, ok := ParseKind(s); ok && k == kind {
				first = s
				break
			}
		}
		picks = append(picks, pick{first, kind})
	case kind != "":
		found := ""
		for _, s := range sheets {
			if s == im.opts.Sheet || found == "" && normalize(s) == normalize(im.opts.Sheet) {
				found = s
			}
		}
		if found == "" {
			im.say(at{src: int32(book.index), col: -1}, false, fmt.Sprintf("the workbook has no sheet %s; expected one of %s", quote(im.opts.Sheet), quoteList(sheets)),
				"import.xlsx_no_sheet", "Code", cut(im.opts.Sheet), "Other", quoteList(sheets))
			return
		}
		picks = append(picks, pick{found, kind})
	default:
		for _, s := range sheets {
			k, _ := ParseKind(s)
			picks = append(picks, pick{s, k}) // "": the kind its header row names
		}
	}
	read := 0
	for _, p := range picks {
		s := im.newSource(book.file, p.sheet, p.kind, true)
		s.date1904 = date1904
		if im.readSheet(f, s, kind == "" && (p.kind == "" || guessedByName(p.kind))) {
			read++
		}
	}
	if read == 0 && kind == "" {
		im.say(at{src: int32(book.index), col: -1}, false, "no sheet holds "+kindList+": no sheet is named after them "+kindWords+" and no header row names their columns; expected a sheet with a header row such as \"Табельный номер; ФИО; Гражданство; Основание; Дата приема\", or the kind of the first sheet's records given for the import",
			"import.xlsx_no_kind")
	}
}

// guessedByName reports whether a sheet named after kind k may still hold
// something else: a workbook's "Договоры", "Документы" or "Показатели" is
// as likely an HR office's own list of employment contracts, papers or
// figures. Such a sheet is read as k only when a header row of k's
// columns says so; otherwise it is passed over with a warning.
func guessedByName(k Kind) bool { return k == Documents || k == Figures || k == Contracts }

// kindList and kindWords name every kind, for messages.
const (
	kindList  = "workers, permits, trips, documents, monthly figures or contracts"
	kindWords = "(работники, разрешения, командировки, документы, показатели, договоры; қызметкерлер, рұқсаттар, іссапарлар, құжаттар, көрсеткіштер, шарттар)"
)

func kindOr(k Kind) string {
	if k == "" {
		return kindList
	}
	return string(k)
}

func quoteList(list []string) string {
	q := make([]string, 0, min(len(list), 10))
	for i, s := range list {
		if i == 10 {
			q = append(q, "…")
			break
		}
		q = append(q, quote(s))
	}
	return strings.Join(q, ", ")
}

// readSheet feeds the rows of one sheet to a table. Rows come as the
// workbook stores them (no number format applied), so that an IIN in a
// number cell keeps its digits and a date cell gives its day number. A
// sheet whose kind is unknown is optional: when its header names no kind
// either, it is passed over (with a warning unless empty) and readSheet
// returns false.
func (im *Importer) readSheet(f *excelize.File, s *source, optional bool) bool {
	t := im.newTable(s)
	t.optional = optional
	rows, err := f.Rows(s.sheet)
	if err != nil {
		im.say(at{src: int32(s.index), col: -1}, false, fmt.Sprintf("the sheet could not be read (%v); expected a worksheet", err), "import.sheet_unreadable")
		return true
	}
	defer func() { _ = rows.Close() }()
	raw := excelize.Options{RawCellValue: true}
	row := 0
	for rows.Next() {
		row++
		if row > maxRows {
			im.say(at{src: int32(s.index), row: int32(row), col: -1}, false, fmt.Sprintf("the sheet has more than %d rows; expected a smaller sheet (split it)", maxRows), "import.sheet_too_many_rows", "N", maxRows)
			return true
		}
		cells, err := rows.Columns(raw)
		if err != nil {
			im.say(at{src: int32(s.index), row: int32(row), col: -1}, false, fmt.Sprintf("the row could not be read (%v)", err), "import.row_unreadable")
			continue
		}
		if len(cells) > maxColumns {
			im.say(at{src: int32(s.index), row: int32(row), col: -1}, false, fmt.Sprintf("the row has %d cells; expected at most %d columns", len(cells), maxColumns),
				"import.too_many_cells", "N", len(cells), "Of", maxColumns)
			continue
		}
		t.row(row, cells)
	}
	if err := rows.Error(); err != nil {
		im.say(at{src: int32(s.index), row: int32(row + 1), col: -1}, false, fmt.Sprintf("the sheet could not be read past here (%v)", err), "import.sheet_past_here")
		return true
	}
	t.end()
	return !t.skip && (s.kind != "" || !optional)
}
