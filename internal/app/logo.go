package app

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg" // the decoders SniffLogo reads a logo with
	_ "image/png"
	"net/http"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// Logo is the image on an employer's letterhead.
type Logo = store.Logo

// MaxLogoSize is the largest file a logo may be (1 MB).
const MaxLogoSize = store.MaxLogoSize

// MaxLogoSide and MaxLogoPixels bound a logo's size in pixels: the letter
// draws it 20 mm high, where 500 pixels are more than a printer shows, and
// a larger image is a mistake (a photo, a scan of a whole page) or an
// attempt to make the server decode a huge one. The pixels in all bound
// the time a letter takes: fpdf splits a PNG's transparency from its
// colours pixel by pixel (about 11 ms a million pixels), and a letter must
// stay under 50 ms. error.logo_dimensions says both in words.
const (
	MaxLogoSide   = 4000
	MaxLogoPixels = 2_000_000
)

// The catalogue keys of the refusals of a logo's bytes by which a door
// tells them from other invalid input (the API answers 413 and 415).
const (
	KeyLogoTooLarge = "error.logo_too_large"
	KeyLogoType     = "error.logo_type"
)

// SniffLogo returns the content type of a logo found in its bytes
// (http.DetectContentType: the magic numbers, never what a client says),
// image/png or image/jpeg, after checking that the image decodes whole and
// has at most MaxLogoSide pixels a side and MaxLogoPixels in all. It returns EINVALID with
// KeyLogoTooLarge for more than MaxLogoSize bytes, KeyLogoType for another
// type, and error.logo_empty, error.logo_unreadable or
// error.logo_dimensions otherwise.
func SniffLogo(data []byte) (string, error) {
	if len(data) > MaxLogoSize {
		return "", domain.Errorf(domain.EINVALID, "the file has %d bytes: a logo may have at most %d (1 MB)", len(data), MaxLogoSize).
			Say(KeyLogoTooLarge, "N", len(data), "M", MaxLogoSize)
	}
	if len(data) == 0 {
		return "", domain.Errorf(domain.EINVALID, "the file is empty").Say("error.logo_empty")
	}
	ct := http.DetectContentType(data)
	if ct != "image/png" && ct != "image/jpeg" {
		return "", domain.Errorf(domain.EINVALID, "the file is %s: a logo is a PNG or JPEG image", ct).Say(KeyLogoType, "Code", ct)
	}
	// The size first, from the header alone, so that no huge image is
	// decoded; then the whole image, so that a damaged file is refused now
	// rather than when a letter is made.
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", unreadable(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide || cfg.Width*cfg.Height > MaxLogoPixels {
		return "", domain.Errorf(domain.EINVALID, "the image is %d × %d pixels: a logo may have at most %d pixels a side and %d in all",
			cfg.Width, cfg.Height, MaxLogoSide, MaxLogoPixels).
			Say("error.logo_dimensions", "N", cfg.Width, "M", cfg.Height, "Of", MaxLogoSide)
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return "", unreadable(err)
	}
	return ct, nil
}

func unreadable(err error) error {
	return domain.Errorf(domain.EINVALID, "the image cannot be read: %v", err).Say("error.logo_unreadable", "Other", err.Error())
}

// PutLogo makes data the letterhead logo of employer bin, replacing the
// one it had, and returns it without the data. Editors and owners who may
// see the employer may; ENOTFOUND for an employer u cannot see; EINVALID
// as SniffLogo says, and then nothing is stored.
func (a *App) PutLogo(ctx context.Context, u *User, bin string, data []byte) (*Logo, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return nil, err
	}
	if err := scoped(u, bin); err != nil {
		return nil, err
	}
	ct, err := SniffLogo(data)
	if err != nil {
		return nil, err
	}
	l, err := a.db.PutLogo(ctx, u.TenantID, actor(u), bin, ct, data)
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Logo returns the letterhead logo of employer bin with its data. Anyone
// who may read the employer may; ENOTFOUND otherwise, and when the
// employer has no logo.
func (a *App) Logo(ctx context.Context, u *User, bin string) (*Logo, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	if err := scoped(u, bin); err != nil {
		return nil, err
	}
	return a.db.Logo(ctx, u.TenantID, bin)
}

// LogoInfo returns the letterhead logo of employer bin without its data,
// nil when it has none. Anyone who may read the employer may; ENOTFOUND
// otherwise.
func (a *App) LogoInfo(ctx context.Context, u *User, bin string) (*Logo, error) {
	if err := require(u, auth.ActionRead); err != nil {
		return nil, err
	}
	if err := scoped(u, bin); err != nil {
		return nil, err
	}
	return a.db.LogoInfo(ctx, u.TenantID, bin)
}

// DeleteLogo removes the letterhead logo of employer bin; an employer
// without one is no error. Editors and owners who may see the employer
// may; ENOTFOUND for an employer u cannot see.
func (a *App) DeleteLogo(ctx context.Context, u *User, bin string) error {
	if err := require(u, auth.ActionWrite); err != nil {
		return err
	}
	if err := scoped(u, bin); err != nil {
		return err
	}
	return a.db.DeleteLogo(ctx, u.TenantID, actor(u), bin)
}
