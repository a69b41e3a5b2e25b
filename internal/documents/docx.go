package documents

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// A DOCX document is made from a template kept in the repository as a
// .docx file that a consultant can open and change in Word: its text holds
// placeholders {{name}}, each within one run (one <w:t> element), which
// fillDocx replaces with the values, escaped for XML. No maintained pure-Go
// DOCX library is served, and filling a template needs none.

// fillDocx returns the template with each {{name}} of its XML parts
// replaced by values[name] ({{created}} by the as-of date), every entry
// dated asOf, so that the same values give the same bytes. A placeholder
// without a value is an error: the template and the code disagree.
func fillDocx(template string, values map[string]string, title string, asOf domain.Date) ([]byte, error) {
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
		if strings.HasSuffix(f.Name, ".xml") {
			if data, err = fillXML(data, all); err != nil {
				return nil, fmt.Errorf("documents: template %s, %s: %w", template, f.Name, err)
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: when})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
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
