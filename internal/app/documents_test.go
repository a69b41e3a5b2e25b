package app_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os/exec"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// TestDocument: the application makes a stored employer's documents for
// its readers: the checklist says which documents carry their scan, the
// letter has the employer's stored logo (or the one given instead), and an
// employer the user may not see is not found.
func TestDocument(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; make test installs it")
	}
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a := f.a
		bin, hidden := f.bins[0], f.bins[1]
		_, v, err := a.Records(ctx, f.owner, bin)
		if err != nil {
			t.Fatal(err)
		}
		rec := domaintest.Full() // all a letter needs
		rec.Employer.BIN = bin
		rec.Workers[0].Documents = append(rec.Workers[0].Documents, domain.WorkerDocument{Kind: domain.DocPassport, Number: rec.Workers[0].Passport.Number})
		if _, err := a.ReplaceRecords(ctx, f.owner, rec, v); err != nil {
			t.Fatal(err)
		}
		w := &rec.Workers[0]
		var passport, diploma domain.WorkerDocument
		for _, d := range w.Documents {
			switch d.Kind {
			case domain.DocPassport:
				passport = d
			case domain.DocDiploma:
				diploma = d
			}
		}
		if passport.Number == "" || diploma.Number == "" {
			t.Fatalf("the full records' first worker lacks a passport or a diploma: %+v", w.Documents)
		}
		if _, err := a.PutAttachment(ctx, f.owner, bin, w.ID, "passport", passport.Number, []byte("%PDF-1.4\n%%EOF\n")); err != nil {
			t.Fatal(err)
		}
		req := documents.Request{Kind: documents.Checklist, Worker: w.ID, Lang: i18n.EN, AsOf: domain.MustDate("2025-06-01")}
		doc, err := a.Document(ctx, f.viewer, bin, req, nil)
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, doc.Data)
		p, d := lineOf(text, passport.Number), lineOf(text, diploma.Number)
		if !strings.Contains(p, "scan attached") || strings.Contains(p, "no scan") || !strings.Contains(d, "no scan") {
			t.Errorf("checklist:\npassport: %s\ndiploma: %s", p, d)
		}
		_, err = a.Document(ctx, f.limit, hidden, req, nil)
		wantCode(t, "limited user, another employer", err, domain.ENOTFOUND)
		_, err = a.Document(ctx, f.other, bin, req, nil)
		wantCode(t, "another tenant", err, domain.ENOTFOUND)

		// The letter: the stored logo, or the one given.
		letter := documents.Request{Kind: documents.Letter, Format: documents.PDF, Worker: w.ID, Lang: i18n.RU, AsOf: req.AsOf, Region: "KZ-75"}
		plain, err := a.Document(ctx, f.owner, bin, letter, nil)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(plain.Data, []byte("/Subtype /Image")) {
			t.Errorf("a letter without a logo has an image")
		}
		var logo bytes.Buffer
		if err := png.Encode(&logo, image.NewGray(image.Rect(0, 0, 120, 50))); err != nil {
			t.Fatal(err)
		}
		if _, err := a.PutLogo(ctx, f.owner, bin, logo.Bytes()); err != nil {
			t.Fatal(err)
		}
		withLogo, err := a.Document(ctx, f.viewer, bin, letter, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(withLogo.Data, []byte("/Subtype /Image")) {
			t.Errorf("the letter has no image though the employer has a logo")
		}
		if bytes.Equal(withLogo.Data, plain.Data) {
			t.Errorf("the letter is the same with and without the logo")
		}
	})
}

// pdfText extracts a PDF's text with pdftotext, in its layout.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// lineOf returns the line of text that holds s.
func lineOf(text, s string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
