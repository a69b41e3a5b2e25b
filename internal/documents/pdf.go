package documents

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// PDFs are written with fpdf and DejaVu Sans, embedded as a subset: it has
// every letter of Kazakh (ә ғ қ ң ө ұ ү һ і), and the text stays
// selectable. The creation date is the as-of date and the catalogue is
// sorted, so that a document is the same bytes each time.

const fontFamily = "DejaVu"

var (
	fontRegular = mustAsset("fonts/DejaVuSans.ttf")
	fontBold    = mustAsset("fonts/DejaVuSans-Bold.ttf")
)

func mustAsset(name string) []byte {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic("documents: " + err.Error())
	}
	return b
}

// page is a PDF being written, with the helpers the documents share.
type page struct {
	*fpdf.Fpdf
	lh   float64 // line height, mm
	size float64 // font size, pt
	pw   float64 // page width, mm
	ph   float64 // page height, mm
}

// newPDF starts an A4 document (landscape when wide) dated asOf.
func newPDF(asOf domain.Date, title string, wide bool) *page {
	orientation, pw, ph := "P", 210.0, 297.0
	if wide {
		orientation, pw, ph = "L", 297.0, 210.0
	}
	p := &page{Fpdf: fpdf.New(orientation, "mm", "A4", ""), lh: 5, pw: pw, ph: ph}
	p.SetCatalogSort(true)
	p.SetCreationDate(stamp(asOf))
	p.SetModificationDate(stamp(asOf))
	p.SetCreator("ruqsat", true)
	p.SetProducer("ruqsat", true)
	p.SetTitle(title, true)
	p.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	p.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	p.SetMargins(20, 15, 15)
	p.SetAutoPageBreak(true, 15)
	p.AliasNbPages("")
	p.AddPage()
	p.font("", 10)
	return p
}

// font sets the font's style ("" or "B") and size.
func (p *page) font(style string, size float64) {
	p.SetFont(fontFamily, style, size)
	p.lh, p.size = size*0.5, size
}

// text writes a paragraph across the page, aligned "L", "C", "R" or "J".
func (p *page) text(s, align string) {
	p.MultiCell(0, p.lh, s, "", align, false)
}

// gap adds vertical space.
func (p *page) gap(mm float64) { p.Ln(mm) }

// width is the width between the margins.
func (p *page) width() float64 {
	l, _, r, _ := p.GetMargins()
	return p.pw - l - r
}

// row writes a table row: each cell's text wrapped within its width, the
// row as high as its tallest cell, bordered; a row that does not fit
// starts a new page (with head written again when given).
func (p *page) row(widths []float64, cells []string, style string, fill bool, head func()) {
	p.SetFont(fontFamily, style, p.size)
	lines := 1
	for i, c := range cells {
		if n := len(p.SplitText(c, widths[i]-2)); n > lines {
			lines = n
		}
	}
	h := float64(lines)*p.lh + 2
	_, _, _, bottom := p.GetMargins()
	if p.GetY()+h > p.ph-bottom {
		p.AddPage()
		if head != nil {
			head()
		}
	}
	p.SetFont(fontFamily, style, p.size)
	defer p.SetFont(fontFamily, "", p.size)
	x, y := p.GetXY()
	if fill {
		p.SetFillColor(235, 235, 235)
	}
	for i, c := range cells {
		p.Rect(x, y, widths[i], h, map[bool]string{true: "FD", false: "D"}[fill])
		p.SetXY(x+1, y+1)
		p.MultiCell(widths[i]-2, p.lh, c, "", "L", false)
		x += widths[i]
	}
	l, _, _, _ := p.GetMargins()
	p.SetXY(l, y+h)
}

// image registers an image under name. fpdf's PNG reader panics on some
// damaged files (a chunk longer than the file): that is an error here.
func (p *page) image(name string, opt fpdf.ImageOptions, data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	p.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
	if p.Err() {
		return p.Error()
	}
	return nil
}

// bytes returns the finished document.
func (p *page) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// letterPDF writes the qualification letter: the same fields as the DOCX
// template, laid out as a letter on a letterhead, with the logo in its
// upper left corner and the employer's name and details beside it.
func letterPDF(f map[string]string, logo *placedLogo, asOf domain.Date) ([]byte, error) {
	p := newPDF(asOf, f["title"], false)
	l, top, _, _ := p.GetMargins()
	w := p.width()
	below := top
	if logo != nil {
		opt := fpdf.ImageOptions{ImageType: logo.pdfType}
		if err := p.image("logo", opt, logo.pdfData); err != nil {
			why := err.Error()
			return nil, domain.Errorf(domain.EINVALID, "the logo cannot be placed on the letterhead: %s", why).Say("error.doc_logo", "Other", why)
		}
		p.ImageOptions("logo", l, top, logo.w, logo.h, false, opt, 0, "")
		below = top + logo.h
		p.SetLeftMargin(l + logo.w + 5)
		p.SetXY(l+logo.w+5, top)
	}
	p.font("B", 14)
	p.text(f["employer_name"], "L")
	p.font("", 9)
	for _, k := range []string{"employer_bin", "employer_address", "employer_contacts"} {
		p.text(f[k], "L")
	}
	p.SetLeftMargin(l)
	p.SetXY(l, max(p.GetY(), below))
	p.SetDrawColor(120, 120, 120)
	p.Line(l, p.GetY()+2, l+w, p.GetY()+2)
	p.gap(8)
	p.font("", 10)
	y := p.GetY()
	p.SetXY(l, y)
	p.MultiCell(w/2-5, p.lh, f["number_line"]+"\n"+f["date_line"], "", "L", false)
	y1 := p.GetY()
	p.SetXY(l+w/2+5, y)
	p.font("B", 10)
	p.MultiCell(w/2-5, p.lh, f["addressee_1"]+"\n"+f["addressee_2"], "", "L", false)
	if p.GetY() < y1 {
		p.SetY(y1)
	}
	p.SetX(l)
	p.gap(10)
	p.font("B", 11)
	p.text(f["title"], "C")
	p.gap(5)
	p.font("", 10)
	p.text(f["intro"], "J")
	p.gap(3)
	widths := []float64{w * 0.35, w * 0.65}
	for _, k := range []string{"name", "citizenship", "birth_date", "passport", "education", "experience", "position"} {
		p.row(widths, []string{f["label_"+k], f[k]}, "", false, nil)
	}
	p.gap(5)
	p.text(f["statement"], "J")
	p.gap(2)
	p.text(f["responsibility"], "J")
	p.gap(14)
	y = p.GetY()
	p.SetXY(l, y)
	p.MultiCell(w*0.42, p.lh, f["director_position"], "", "L", false)
	p.SetXY(l+w*0.45, y)
	p.CellFormat(w*0.25, p.lh, "____________________", "", 0, "L", false, 0, "")
	p.SetXY(l+w*0.72, y)
	p.MultiCell(w*0.28, p.lh, f["director_name"], "", "L", false)
	if f["seal"] != "" {
		p.gap(8)
		p.SetX(l)
		p.text(f["seal"], "L")
	}
	if f["executor"] != "" {
		// Bottom left of the last page (GLOSSARY §9.8), small.
		p.font("", 8)
		_, _, _, bottom := p.GetMargins()
		y := p.ph - bottom - p.lh
		if p.GetY()+p.lh > y {
			p.AddPage()
		}
		p.SetXY(l, y)
		p.CellFormat(w, p.lh, f["executor"], "", 0, "L", false, 0, "")
	}
	return p.bytes()
}
