package documents

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // the decoders a logo is measured with
	"image/png"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The logo stands in the upper left corner of the letterhead (GLOSSARY
// §9.3), logoHeight high, or narrower when it is wide: never wider than
// logoMaxWidth, so that the employer's name and details keep most of the
// line beside it.
const (
	logoHeight   = 20.0 // mm
	logoMaxWidth = 60.0 // mm
	emuPerMM     = 36000
)

// placedLogo is a logo measured for the letterhead: its size on paper and
// the file the PDF embeds (a PNG that fpdf cannot read, 16 bits a channel
// or interlaced, is written again as an 8-bit one).
type placedLogo struct {
	*Logo
	w, h    float64 // mm
	pdfData []byte
	pdfType string // PNG or JPG, as fpdf names them
	ext     string // png or jpeg, the DOCX part's extension
}

// placeLogo measures a logo; nil for none. A file that is not a PNG or
// JPEG image is EINVALID (error.doc_logo).
func placeLogo(l *Logo) (*placedLogo, error) {
	if l == nil || len(l.Data) == 0 {
		return nil, nil
	}
	bad := func(why string) error {
		return domain.Errorf(domain.EINVALID, "the logo cannot be placed on the letterhead: %s", why).Say("error.doc_logo", "Other", why)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(l.Data))
	if err != nil {
		return nil, bad(err.Error())
	}
	if "image/"+format != l.ContentType || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, bad(fmt.Sprintf("a %s image of %d × %d pixels given as %s", format, cfg.Width, cfg.Height, l.ContentType))
	}
	p := &placedLogo{Logo: l, pdfData: l.Data, pdfType: "JPG", ext: "jpeg"}
	p.h = logoHeight
	p.w = p.h * float64(cfg.Width) / float64(cfg.Height)
	if p.w > logoMaxWidth {
		p.w, p.h = logoMaxWidth, logoMaxWidth*float64(cfg.Height)/float64(cfg.Width)
	}
	if format == "png" {
		p.pdfType, p.ext = "PNG", "png"
		// IHDR: the bit depth at byte 24, the interlace method at 28.
		if len(l.Data) > 28 && (l.Data[24] == 16 || l.Data[28] != 0) {
			img, err := png.Decode(bytes.NewReader(l.Data))
			if err != nil {
				return nil, bad(err.Error())
			}
			var b bytes.Buffer
			if err := png.Encode(&b, to8Bit(img)); err != nil {
				return nil, bad(err.Error())
			}
			p.pdfData = b.Bytes()
		}
	}
	return p, nil
}

// to8Bit returns img with 8 bits a channel.
func to8Bit(img image.Image) image.Image {
	b := img.Bounds()
	if _, gray := img.(*image.Gray16); gray {
		g := image.NewGray(b)
		draw.Draw(g, b, img, b.Min, draw.Src)
		return g
	}
	n := image.NewNRGBA(b)
	draw.Draw(n, b, img, b.Min, draw.Src)
	return n
}

// drawing returns the DOCX drawing of the logo: anchored at the upper left
// corner of the page's text area, the letterhead's text wrapping to its
// right, relationship rel the image part.
func (p *placedLogo) drawing(rel, descr string) string {
	cx, cy := strconv.Itoa(int(p.w*emuPerMM)), strconv.Itoa(int(p.h*emuPerMM))
	var b bytes.Buffer
	escapeXML(&b, descr)
	return strings.NewReplacer("{cx}", cx, "{cy}", cy, "{rel}", rel, "{descr}", b.String(), "{ext}", p.ext).Replace(logoDrawing)
}

// logoDrawing is a DrawingML picture anchored to the margins' corner; it
// declares its namespaces itself, so that a template saved by any word
// processor takes it.
const logoDrawing = `<w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`distT="0" distB="0" distL="0" distR="180000" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">` +
	`<wp:simplePos x="0" y="0"/>` +
	`<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>` +
	`<wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV>` +
	`<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="right"/>` +
	`<wp:docPr id="1" name="Logo" descr="{descr}"/>` +
	`<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
	`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
	`<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="logo.{ext}"/><pic:cNvPicPr/></pic:nvPicPr>` +
	`<pic:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
	`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>` +
	`</a:graphicData></a:graphic></wp:anchor></w:drawing>`
