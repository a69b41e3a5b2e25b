package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

// testImage encodes a w × h image as PNG or JPEG.
func testImage(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%max(h, 1), color.NRGBA{R: 200, G: 30, B: 30, A: 255})
	}
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func wantKey(t *testing.T, what string, err error, key string) {
	t.Helper()
	de, ok := err.(*domain.Error)
	if !ok || de.Code != domain.EINVALID || de.Key != key {
		t.Errorf("%s: %v, want EINVALID %s", what, err, key)
	}
}

// TestLogoPolicy: editors and owners put and remove a logo, viewers read
// it, a limited user reaches only their employer, another tenant nothing;
// the size, type and dimensions are the application's, and a refused file
// changes nothing.
func TestLogoPolicy(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a := f.a
		bin, hidden := f.bins[0], f.bins[1]
		logo := testImage(t, "png", 300, 100)

		l, err := a.PutLogo(ctx, f.limit, bin, logo)
		if err != nil || l.ContentType != "image/png" || l.Size != int64(len(logo)) {
			t.Fatalf("limited editor, own employer: %+v, %v", l, err)
		}
		_, err = a.PutLogo(ctx, f.limit, hidden, logo)
		wantCode(t, "limited editor, another employer", err, domain.ENOTFOUND)
		_, err = a.PutLogo(ctx, f.viewer, bin, logo)
		wantCode(t, "viewer upload", err, domain.EFORBIDDEN)
		wantCode(t, "viewer removal", a.DeleteLogo(ctx, f.viewer, bin), domain.EFORBIDDEN)
		_, err = a.PutLogo(ctx, f.other, bin, logo)
		wantCode(t, "other tenant upload", err, domain.ENOTFOUND)
		wantCode(t, "other tenant removal", a.DeleteLogo(ctx, f.other, bin), domain.ENOTFOUND)
		_, err = a.Logo(ctx, f.other, bin)
		wantCode(t, "other tenant read", err, domain.ENOTFOUND)
		_, err = a.Logo(ctx, f.limit, hidden)
		wantCode(t, "limited read, another employer", err, domain.ENOTFOUND)
		if got, err := a.Logo(ctx, f.viewer, bin); err != nil || !bytes.Equal(got.Data, logo) {
			t.Fatalf("viewer read: %v", err)
		}

		// Refused files leave the logo as it was.
		big := make([]byte, app.MaxLogoSize+1)
		copy(big, logo)
		_, err = a.PutLogo(ctx, f.owner, bin, big)
		wantKey(t, "over 1 MB", err, app.KeyLogoTooLarge)
		_, err = a.PutLogo(ctx, f.owner, bin, []byte("just some text, not an image"))
		wantKey(t, "text", err, app.KeyLogoType)
		_, err = a.PutLogo(ctx, f.owner, bin, []byte("%PDF-1.4\n%%EOF\n"))
		wantKey(t, "a PDF", err, app.KeyLogoType)
		_, err = a.PutLogo(ctx, f.owner, bin, testImage(t, "png", 4001, 10))
		wantKey(t, "4001 px wide", err, "error.logo_dimensions")
		_, err = a.PutLogo(ctx, f.owner, bin, testImage(t, "png", 1600, 1600))
		wantKey(t, "2.56 million pixels", err, "error.logo_dimensions")
		_, err = a.PutLogo(ctx, f.owner, bin, logo[:len(logo)/2])
		wantKey(t, "cut short", err, "error.logo_unreadable")
		_, err = a.PutLogo(ctx, f.owner, bin, nil)
		wantKey(t, "empty", err, "error.logo_empty")
		if got, err := a.Logo(ctx, f.owner, bin); err != nil || !bytes.Equal(got.Data, logo) {
			t.Fatalf("after the refusals: %v", err)
		}

		// A JPEG replaces it; removed, it is gone.
		if _, err := a.PutLogo(ctx, f.owner, bin, testImage(t, "png", 4000, 500)); err != nil {
			t.Fatalf("a wide logo of 2 million pixels: %v", err)
		}
		if l, err := a.PutLogo(ctx, f.owner, bin, testImage(t, "jpeg", 400, 400)); err != nil || l.ContentType != "image/jpeg" {
			t.Fatalf("JPEG: %+v, %v", l, err)
		}
		if err := a.DeleteLogo(ctx, f.limit, bin); err != nil {
			t.Fatal(err)
		}
		_, err = a.Logo(ctx, f.owner, bin)
		wantCode(t, "after the removal", err, domain.ENOTFOUND)
	})
}

// FuzzSniffLogo: whatever the bytes, a logo is taken only when it is a PNG
// or JPEG by its magic numbers, its header says at most MaxLogoSide pixels
// a side and MaxLogoPixels in all, and it decodes whole; anything else is EINVALID with a key, never
// a panic.
func FuzzSniffLogo(f *testing.F) {
	pngData := testImage(f, "png", 40, 20)
	jpegData := testImage(f, "jpeg", 40, 20)
	for _, seed := range [][]byte{pngData, jpegData, pngData[:33], jpegData[:len(jpegData)-10], testImage(f, "png", 4001, 1),
		[]byte("\x89PNG\r\n\x1a\n"), {0xff, 0xd8, 0xff, 0xe0}, []byte("GIF89a"), []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"),
		[]byte("%PDF-1.4"), {}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := app.SniffLogo(data)
		if err != nil {
			de, ok := err.(*domain.Error)
			if ct != "" || !ok || de.Code != domain.EINVALID || de.Key == "" {
				t.Fatalf("%q: %q, %v", data, ct, err)
			}
			return
		}
		cfg, format, cerr := image.DecodeConfig(bytes.NewReader(data))
		if cerr != nil || cfg.Width > app.MaxLogoSide || cfg.Height > app.MaxLogoSide || cfg.Width*cfg.Height > app.MaxLogoPixels || "image/"+format != ct {
			t.Fatalf("%q taken as %s: %+v %s %v", data, ct, cfg, format, cerr)
		}
	})
}
