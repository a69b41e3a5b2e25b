package documents

import (
	"bytes"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Workbooks are written with excelize: numbers are number cells and dates
// date cells (shown DD.MM.YYYY), so that a consultant can sort, sum and
// filter them; the workbook's creation date is the as-of date.

// sheet is a workbook of one sheet being written row by row.
type sheet struct {
	f                     *excelize.File
	name                  string
	row                   int
	bold, date, head, num int // style ids
	wrap                  int
}

func newSheet(name, title string, asOf domain.Date) (*sheet, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	created := stamp(asOf).UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "ruqsat", Created: created, Modified: created,
		LastModifiedBy: "ruqsat"}); err != nil {
		return nil, err
	}
	s := &sheet{f: f, name: name}
	dateFmt := "dd.mm.yyyy"
	var err error
	styles := []struct {
		id    *int
		style *excelize.Style
	}{
		{&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&s.date, &excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.head, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6E6E6"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.num, &excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, st := range styles {
		if *st.id, err = f.NewStyle(st.style); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// put writes one row: strings as text, ints as numbers, domain.Dates as
// dates (a zero date as an empty cell); style applies to every cell of
// the row when not 0.
func (s *sheet) put(style int, values ...any) error {
	s.row++
	for i, v := range values {
		cell, err := excelize.CoordinatesToCellName(i+1, s.row)
		if err != nil {
			return err
		}
		st := style
		switch x := v.(type) {
		case domain.Date:
			if x.IsZero() {
				continue
			}
			y, m, d := x.Civil()
			if err := s.f.SetCellValue(s.name, cell, time.Date(y, m, d, 0, 0, 0, 0, time.UTC)); err != nil {
				return err
			}
			if st == 0 {
				st = s.date
			}
		case int:
			if err := s.f.SetCellInt(s.name, cell, int64(x)); err != nil {
				return err
			}
			if st == 0 {
				st = s.num
			}
		case int64:
			if err := s.f.SetCellInt(s.name, cell, x); err != nil {
				return err
			}
			if st == 0 {
				st = s.num
			}
		case string:
			if x == "" {
				continue
			}
			if err := s.f.SetCellStr(s.name, cell, x); err != nil {
				return err
			}
			if st == 0 {
				st = s.wrap
			}
		}
		if st != 0 {
			if err := s.f.SetCellStyle(s.name, cell, cell, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// widths sets the columns' widths, in characters.
func (s *sheet) widths(w ...float64) error {
	for i, x := range w {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := s.f.SetColWidth(s.name, col, col, x); err != nil {
			return err
		}
	}
	return nil
}

// skip leaves n rows empty.
func (s *sheet) skip(n int) { s.row += n }

func (s *sheet) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := s.f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), s.f.Close()
}
