package bulk

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// maxCSVSize bounds a CSV file: over 1,000,000 rows of a real HR file.
const maxCSVSize = 256 << 20

// CSV reads a CSV file of one kind of record into the import. Cells are
// separated by commas or semicolons, whichever the top of the file has more
// of, and the text must be UTF-8, with or without a byte-order mark. Problems
// in the file are the import's; the error is r's, or an invalid kind's.
func (im *Importer) CSV(name string, kind Kind, r io.Reader) error {
	if !kind.valid() {
		return domain.Errorf(domain.EINVALID, "%q is not a kind of record; expected workers, permits or trips", kind)
	}
	s := im.newSource(name, "", kind, false)
	t := im.newTable(s)
	src := &limitedReader{r: r, n: maxCSVSize}
	br := bufio.NewReaderSize(src, 64<<10)
	head, _ := br.Peek(64 << 10)
	if src.err != nil {
		return src.err
	}
	if msg := sniffText(head); msg != "" {
		im.fileProblem(s, "%s", msg)
		return nil
	}
	if bytes.HasPrefix(head, []byte("\uFEFF")) {
		_, _ = br.Discard(3)
		head = head[3:]
	}
	cr := csv.NewReader(br)
	cr.Comma = delimiter(head)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	row, nextLine := 0, 1
	for {
		rec, err := cr.Read()
		if src.err != nil {
			return src.err
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if src.over {
			im.fileProblem(s, "the file is over %d MiB; expected a smaller file (split it, or import a workbook)", maxCSVSize>>20)
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				row += 1 + max(0, pe.StartLine-nextLine)
				im.errorf(at{src: int32(s.index), row: int32(row), col: -1}, "%s (line %d); the rest of the file is not read", csvProblem(pe.Err), pe.Line)
			} else {
				im.fileProblem(s, "the file could not be read: %v", err)
			}
			return nil
		}
		// encoding/csv skips blank lines; a spreadsheet shows them as rows.
		start, _ := cr.FieldPos(0)
		row += 1 + max(0, start-nextLine)
		last, _ := cr.FieldPos(len(rec) - 1)
		nextLine = last + strings.Count(rec[len(rec)-1], "\n") + 1
		if row > maxRows {
			im.errorf(at{src: int32(s.index), row: int32(row), col: -1}, "the file has more than %d rows; expected a smaller file (split it)", maxRows)
			return nil
		}
		if len(rec) > maxColumns {
			im.errorf(at{src: int32(s.index), row: int32(row), col: -1}, "the row has %d cells; expected at most %d columns", len(rec), maxColumns)
			continue
		}
		for i, c := range rec {
			if msg := checkCell(c); msg != "" {
				im.errorf(at{src: int32(s.index), row: int32(row), col: int32(i)}, "%s; the rest of the file is not read", msg)
				return nil
			}
		}
		t.row(row, rec)
	}
	t.end()
	return nil
}

// limitedReader reads at most n bytes of r, recording r's error and whether
// there was more.
type limitedReader struct {
	r    io.Reader
	n    int64
	err  error
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		if k, _ := l.r.Read(one[:]); k > 0 {
			l.over = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	if err != nil && !errors.Is(err, io.EOF) {
		l.err = err
	}
	return k, err
}

// sniffText returns why the top of a file shows it is not CSV text, or "".
func sniffText(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "the file is a ZIP archive, such as an XLSX workbook, not CSV text; expected a CSV file, or the file imported as a workbook"
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "the file is an old Excel workbook (.xls), not CSV text; expected a CSV file saved as UTF-8, or an .xlsx workbook"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "the file is UTF-16 text (Excel's \"Unicode text\"); expected a CSV saved as UTF-8 (\"CSV UTF-8\" in Excel)"
	}
	return ""
}

// checkCell returns why a cell shows the file is not UTF-8 text, or "".
func checkCell(c string) string {
	for i := 0; i < len(c); i++ {
		if b := c[i]; b == 0 {
			return "the file is not text (it holds the control character 0x00); expected a CSV file"
		}
	}
	if !utf8.ValidString(c) {
		for i := 0; i < len(c); {
			r, size := utf8.DecodeRuneInString(c[i:])
			if r == utf8.RuneError && size <= 1 {
				return "the file is not UTF-8 text (byte 0x" + hex2(c[i]) + " in this cell); expected a CSV saved as UTF-8 (\"CSV UTF-8\" in Excel): Windows-1251 and other encodings are not read"
			}
			i += size
		}
	}
	return ""
}

func hex2(b byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// delimiter returns ';' when the first lines of the file hold more
// semicolons than commas outside quotes, and ',' otherwise.
func delimiter(head []byte) rune {
	commas, semis, lines := 0, 0, 0
	quoted := false
scan:
	for _, c := range head {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semis++
			}
		case '\n':
			if !quoted {
				if lines++; lines == headerScan {
					break scan
				}
			}
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// csvProblem words an encoding/csv syntax error.
func csvProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return "a quote (\") stands inside a cell that does not start with one; expected quotes around a whole cell, and doubled (\"\") inside it"
	case errors.Is(err, csv.ErrQuote):
		return "a quoted cell is not closed, or a quote inside it is not doubled; expected quotes inside a quoted cell doubled (\"\")"
	}
	return "the CSV is malformed: " + err.Error()
}
