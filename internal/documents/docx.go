package documents

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// A DOCX document is made from a template kept in the repository as a
// .docx file that a consultant can open and change in Word: its text holds
// placeholders {{name}}, each within one run (one <w:t> element), which
// fillDocx replaces with the values, escaped for XML. No maintained pure-Go
// DOCX library is served, and filling a template needs none.

// docxOptions are what a document adds to its template's text: runs of
// XML in place of placeholders (raw: the <w:t> that holds {{name}} becomes
// the XML, such as a drawing, or nothing for ""), paragraphs left out when
// their placeholder's value is empty (optional), and the images the XML
// shows.
type docxOptions struct {
	raw      map[string]string
	optional []string
	images   []docxImage
}

// docxImage is an image part of the main document: its bytes at part
// (word/media/logo.png), its extension and type for [Content_Types].xml,
// and the id of its relationship, which the drawing names.
type docxImage struct {
	part, ext, contentType string
	data                   []byte
	rel                    string
}

// fillDocx returns the template with each {{name}} of its XML parts
// replaced by values[name] ({{created}} by the as-of date) or as opt says,
// with opt's images added, every entry dated asOf, so that the same values
// give the same bytes. A placeholder without a value is an error: the
// template and the code disagree.
func fillDocx(template string, values map[string]string, title string, asOf domain.Date, opt docxOptions) ([]byte, error) {
	src, err := assets.ReadFile(template)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, fmt.Errorf("documents: template %s: %w", template, err)
	}
	all := make(map[string]string, len(values)+2)
	for k, v := range values {
		all[k] = v
	}
	all["created"] = stamp(asOf).UTC().Format("2006-01-02T15:04:05Z")
	if _, ok := all["title"]; !ok {
		all["title"] = title
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	when := stamp(asOf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		switch {
		case f.Name == "[Content_Types].xml":
			data = addContentTypes(data, opt.images)
		case f.Name == "word/_rels/document.xml.rels":
			data = addRelationships(data, opt.images)
		case f.Name == "word/document.xml":
			if data, err = placeRuns(data, opt.raw); err == nil {
				data, err = dropEmpty(data, opt.optional, all)
			}
			if err != nil {
				return nil, fmt.Errorf("documents: template %s, %s: %w", template, f.Name, err)
			}
		}
		if strings.HasSuffix(f.Name, ".xml") {
			if data, err = fillXML(data, all); err != nil {
				return nil, fmt.Errorf("documents: template %s, %s: %w", template, f.Name, err)
			}
		}
		if err := writeEntry(zw, f.Name, when, data); err != nil {
			return nil, err
		}
	}
	for _, im := range opt.images {
		if err := writeEntry(zw, im.part, when, im.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func writeEntry(zw *zip.Writer, name string, when time.Time, data []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: when})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// addContentTypes declares the images' extensions in [Content_Types].xml,
// each once.
func addContentTypes(data []byte, images []docxImage) []byte {
	for _, im := range images {
		if bytes.Contains(data, []byte(`Extension="`+im.ext+`"`)) {
			continue
		}
		def := `<Default Extension="` + im.ext + `" ContentType="` + im.contentType + `"/>`
		data = insertBefore(data, "</Types>", def)
	}
	return data
}

// addRelationships adds the images' relationships to the main document's.
func addRelationships(data []byte, images []docxImage) []byte {
	for _, im := range images {
		rel := `<Relationship Id="` + im.rel + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="` +
			strings.TrimPrefix(im.part, "word/") + `"/>`
		data = insertBefore(data, "</Relationships>", rel)
	}
	return data
}

func insertBefore(data []byte, end, s string) []byte {
	i := bytes.LastIndex(data, []byte(end))
	if i < 0 {
		return data
	}
	return slices.Concat(data[:i], []byte(s), data[i:])
}

// placeRuns replaces the <w:t> element that holds each placeholder of raw
// with raw's XML: the run keeps its properties and holds the drawing, or
// nothing.
func placeRuns(data []byte, raw map[string]string) ([]byte, error) {
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		at := bytes.Index(data, []byte("{{"+name+"}}"))
		if at < 0 {
			return nil, fmt.Errorf("the template has no placeholder {{%s}}", name)
		}
		start, end := enclosing(data, at, "w:t")
		if start < 0 {
			return nil, fmt.Errorf("placeholder {{%s}} is not within a <w:t> element", name)
		}
		data = slices.Concat(data[:start], []byte(raw[name]), data[end:])
	}
	return data, nil
}

// dropEmpty leaves out the paragraph of each optional placeholder whose
// value is empty.
func dropEmpty(data []byte, optional []string, values map[string]string) ([]byte, error) {
	for _, name := range optional {
		if values[name] != "" {
			continue
		}
		at := bytes.Index(data, []byte("{{"+name+"}}"))
		if at < 0 {
			continue
		}
		start, end := enclosing(data, at, "w:p")
		if start < 0 {
			return nil, fmt.Errorf("placeholder {{%s}} is not within a paragraph", name)
		}
		data = slices.Concat(data[:start], data[end:])
	}
	return data, nil
}

// enclosing returns the start and end of the element tag (w:t, w:p) that
// holds the byte at: from its start tag (<w:t> or <w:t ...>, not <w:tbl>)
// to the end of its end tag; -1, -1 when there is none.
func enclosing(data []byte, at int, tag string) (int, int) {
	start := -1
	for i := at; i > 0; {
		j := bytes.LastIndex(data[:i], []byte("<"+tag))
		if j < 0 {
			break
		}
		if k := j + 1 + len(tag); k < len(data) && (data[k] == '>' || data[k] == ' ') {
			start = j
			break
		}
		i = j
	}
	if start < 0 {
		return -1, -1
	}
	closing := []byte("</" + tag + ">")
	end := bytes.Index(data[at:], closing)
	if end < 0 {
		return -1, -1
	}
	return start, at + end + len(closing)
}

// fillXML replaces the placeholders of one XML part.
func fillXML(data []byte, values map[string]string) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(data) + 1024)
	for {
		i := bytes.Index(data, []byte("{{"))
		if i < 0 {
			b.Write(data)
			return b.Bytes(), nil
		}
		j := bytes.Index(data[i:], []byte("}}"))
		if j < 0 {
			return nil, fmt.Errorf("a placeholder {{ is not closed")
		}
		name := string(data[i+2 : i+j])
		v, ok := values[name]
		if !ok {
			return nil, fmt.Errorf("placeholder {{%s}} has no value (a placeholder must lie within one run, and name a field)", name)
		}
		b.Write(data[:i])
		escapeXML(&b, v)
		data = data[i+j+2:]
	}
}

func escapeXML(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
}
