package bulk

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// maxCSVSize bounds a CSV file: over 1,000,000 rows of a real HR file.
const maxCSVSize = 256 << 20

// CSV reads a CSV file of one kind of record into the import; with the zero
// Kind, the kind its header row names (see Importer.XLSX). Cells are
// separated by semicolons, commas or tabs, whichever the top of the file
// has most of. The text is UTF-8, with or without a byte-order mark;
// UTF-16 with its byte-order mark (Excel's "Unicode text"); or Windows-1251
// (Excel's CSV in a Russian or Kazakh Windows), told by the top of the file
// not being UTF-8 and its other bytes being Cyrillic letters. Problems in
// the file are the import's; the error is r's, or an invalid kind's.
func (im *Importer) CSV(name string, kind Kind, r io.Reader) error {
	if kind != "" && !kind.valid() {
		return domain.Errorf(domain.EINVALID, "%q is not a kind of record; expected workers, permits, trips, documents, figures, contracts or none (the kind the header names)", kind)
	}
	s := im.newSource(name, "", kind, false)
	t := im.newTable(s)
	src := &limitedReader{r: r, n: maxCSVSize}
	br := bufio.NewReaderSize(src, 64<<10)
	head, _ := br.Peek(64 << 10)
	if src.err != nil {
		return src.err
	}
	if n := sniffText(head); n.en != "" {
		im.tell(at{src: int32(s.index), col: -1}, false, n)
		return nil
	}
	dec := textDecoder(head)
	legacy := dec != nil && !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) // Windows-1251
	if dec != nil {
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
		head, _ = br.Peek(64 << 10)
		if src.err != nil {
			return src.err
		}
	}
	s.encoding = encodingName(head, dec, legacy)
	if bytes.HasPrefix(head, []byte("\uFEFF")) {
		_, _ = br.Discard(3)
		head = head[3:]
	}
	cr := csv.NewReader(br)
	cr.Comma = delimiter(head)
	s.delim = cr.Comma
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
			im.say(at{src: int32(s.index), col: -1}, false, fmt.Sprintf("the file is over %d MiB; expected a smaller file (split it, or import a workbook)", maxCSVSize>>20),
				"import.csv_too_big", "N", maxCSVSize>>20)
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				row += 1 + max(0, pe.StartLine-nextLine)
				n := csvProblem(pe.Err)
				im.say(at{src: int32(s.index), row: int32(row), col: -1}, false, fmt.Sprintf("%s (line %d); the rest of the file is not read", n.en, pe.Line),
					"import.csv_line", "Other", im.text(n), "N", pe.Line)
			} else {
				im.say(at{src: int32(s.index), col: -1}, false, fmt.Sprintf("the file could not be read: %v", err), "import.read_failed")
			}
			return nil
		}
		// encoding/csv skips blank lines; a spreadsheet shows them as rows.
		start, _ := cr.FieldPos(0)
		row += 1 + max(0, start-nextLine)
		last, _ := cr.FieldPos(len(rec) - 1)
		nextLine = last + strings.Count(rec[len(rec)-1], "\n") + 1
		if row > maxRows {
			im.say(at{src: int32(s.index), row: int32(row), col: -1}, false, fmt.Sprintf("the file has more than %d rows; expected a smaller file (split it)", maxRows),
				"import.too_many_rows", "N", maxRows)
			return nil
		}
		if len(rec) > maxColumns {
			im.say(at{src: int32(s.index), row: int32(row), col: -1}, false, fmt.Sprintf("the row has %d cells; expected at most %d columns", len(rec), maxColumns),
				"import.too_many_cells", "N", len(rec), "Of", maxColumns)
			continue
		}
		for i, c := range rec {
			if n := checkCell(c); n.en != "" {
				im.say(at{src: int32(s.index), row: int32(row), col: int32(i)}, false, n.en+"; the rest of the file is not read", "import.rest_not_read", "Other", im.text(n))
				return nil
			}
		}
		// A Kazakh letter Windows-1251 could not hold: the header's cells
		// are checked once the row is known to be the header, another
		// row's before it is read.
		header := t.header
		if legacy && header {
			if lostAt(im, s, rec, row) {
				return nil
			}
		}
		t.row(row, rec)
		if legacy && !header && t.header {
			if lostAt(im, s, rec, row) {
				return nil
			}
		}
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
func sniffText(head []byte) note {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return note{"the file is a ZIP archive, such as an XLSX workbook, not CSV text; expected a CSV file, or the file imported as a workbook", "import.csv_zip", nil}
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return note{"the file is an old Excel workbook (.xls), not CSV text; expected a CSV file saved as UTF-8, or an .xlsx workbook", "import.csv_xls", nil}
	}
	return note{}
}

// checkCell returns why a cell shows the file is not UTF-8 text, or "".
func checkCell(c string) note {
	for i := 0; i < len(c); i++ {
		if b := c[i]; b == 0 {
			return note{"the file is not text (it holds the control character 0x00); expected a CSV file", "import.csv_nul", nil}
		}
	}
	if !utf8.ValidString(c) {
		for i := 0; i < len(c); {
			r, size := utf8.DecodeRuneInString(c[i:])
			if r == utf8.RuneError && size <= 1 {
				return note{"the file is not UTF-8 text (byte 0x" + hex2(c[i]) + " in this cell), though its first 64 KiB are; expected a CSV saved as UTF-8 (\"CSV UTF-8\" in Excel), or as Windows-1251 throughout",
					"import.csv_not_utf8", []any{"Code", hex2(c[i])}}
			}
			i += size
		}
	}
	return note{}
}

func hex2(b byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// delimiter returns the separator of which the first lines of the file hold
// most outside quotes: ';', ',' or a tab; ',' when they hold none.
func delimiter(head []byte) rune {
	commas, semis, tabs, lines := 0, 0, 0, 0
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
		case '\t':
			if !quoted {
				tabs++
			}
		case '\n':
			if !quoted {
				if lines++; lines == headerScan {
					break scan
				}
			}
		}
	}
	switch {
	case tabs > semis && tabs > commas:
		return '\t'
	case semis > commas:
		return ';'
	}
	return ','
}

// textDecoder returns the decoder of a file whose top is head, or nil for
// UTF-8. UTF-16 is known by its byte-order mark. Windows-1251 is known by
// what is not UTF-8: a top that is not valid UTF-8 (a character cut at its
// end aside) and whose bytes above 0x7F are, nearly all, the code page's
// Cyrillic letters, its № and its quotes and dashes. Any other text is
// read as UTF-8, and a cell that is not is a problem.
func textDecoder(head []byte) transform.Transformer {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()
	}
	if windows1251(head) {
		return charmap.Windows1251.NewDecoder()
	}
	return nil
}

// lostAt reports the first cell of the row where a Kazakh letter was lost,
// and whether there is one.
func lostAt(im *Importer, s *source, rec []string, row int) bool {
	i := lostLetters(rec, s, row)
	if i < 0 {
		return false
	}
	im.say(at{src: int32(s.index), row: int32(row), col: int32(i)}, false, fmt.Sprintf("%s: the file is Windows-1251, which has no Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і), and Excel wrote \"?\" for them; expected the file saved as \"CSV UTF-8\"; the rest of the file is not read", quote(rec[i])),
		"import.cp1251_lost", "Code", cut(rec[i]))
	return true
}

// lostLetters returns the column of a cell in a Windows-1251 file's row
// where a "?" stands in a Cyrillic word, a Kazakh letter the code page
// could not hold, or -1: every cell of the header row, only the cells read
// of the others.
func lostLetters(rec []string, s *source, row int) int {
	lost := func(c string) bool {
		i := strings.IndexByte(c, '?')
		if i < 0 {
			return false
		}
		rs := []rune(c)
		for j, r := range rs {
			if r == '?' && (j > 0 && unicode.Is(unicode.Cyrillic, rs[j-1]) || j+1 < len(rs) && unicode.Is(unicode.Cyrillic, rs[j+1])) {
				return true
			}
		}
		return false
	}
	if row == s.headerRow {
		for i, c := range rec {
			if lost(c) {
				return i
			}
		}
		return -1
	}
	for _, col := range s.cols {
		if col >= 0 && col < len(rec) && lost(rec[col]) {
			return col
		}
	}
	return -1
}

// windows1251 reports whether head is Windows-1251 text rather than UTF-8.
func windows1251(head []byte) bool {
	valid := utf8.Valid(head)
	if !valid && len(head) > utf8.UTFMax {
		// a character cut where the top ends
		for i := len(head) - 1; i >= len(head)-utf8.UTFMax; i-- {
			if utf8.RuneStart(head[i]) {
				valid = utf8.Valid(head[:i])
				break
			}
		}
	}
	if valid {
		return false
	}
	letter := func(c byte) bool {
		// А–я, Ё ё, and the Ukrainian and Belarusian letters
		return c >= 0xC0 || bytes.IndexByte([]byte{0xA8, 0xB8, 0xAA, 0xBA, 0xAF, 0xBF, 0xB2, 0xB3, 0xA5, 0xB4, 0xA1, 0xA2}, c) >= 0
	}
	high, letters, inWords := 0, 0, 0
	for i, c := range head {
		if c < 0x80 {
			continue
		}
		high++
		switch {
		case letter(c):
			letters++
			if i > 0 && letter(head[i-1]) || i+1 < len(head) && letter(head[i+1]) {
				inWords++
			}
		case bytes.IndexByte([]byte{0xB9, 0xA0, 0xAB, 0xBB, 0x96, 0x97, 0x85, 0x91, 0x92, 0x93, 0x94}, c) >= 0:
			// №, no-break space, quotes, dashes, ellipsis
		default:
			return false
		}
	}
	// Cyrillic words are made of bytes above 0x7F; in Latin-1 text (ü, é)
	// such a byte stands alone among Latin letters.
	return letters > 0 && inWords*2 >= letters
}

// csvProblem words an encoding/csv syntax error.
func csvProblem(err error) note {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return note{"a quote (\") stands inside a cell that does not start with one; expected quotes around a whole cell, and doubled (\"\") inside it", "import.csv_bare_quote", nil}
	case errors.Is(err, csv.ErrQuote):
		return note{"a quoted cell is not closed, or a quote inside it is not doubled; expected quotes inside a quoted cell doubled (\"\")", "import.csv_quote", nil}
	}
	return note{"the CSV is malformed: " + err.Error(), "import.csv_malformed", nil}
}
