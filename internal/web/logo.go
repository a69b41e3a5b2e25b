package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// The letterhead logo on an employer's records tab (templates/records.html,
// the panel #logo): the image, shown to anyone who may read the employer
// (GET /employers/{bin}/logo), and for editors an upload (POST, a
// multipart form whose field is file) and a removal (POST .../logo/delete).
// Both answer with a redirect back to the tab whose address says what
// happened (?logo=saved, removed, or why the file was refused), which
// LogoNotice words in the page's language; nothing changes when a file is
// refused. The posts are behind the API server's CrossOriginProtection, as
// every form of the UI.

// logoRoutes registers the pages that upload and remove an employer's
// letterhead logo.
func (h *handler) logoRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /employers/{bin}/logo", h.logoShow)
	mux.HandleFunc("POST /employers/{bin}/logo", h.logoUpload)
	mux.HandleFunc("POST /employers/{bin}/logo/delete", h.logoDelete)
}

// logoShow answers the logo's bytes with their type; the error page (404)
// when the employer has none.
func (h *handler) logoShow(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	lg, err := h.app.Logo(r.Context(), u, bin)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	etag := `"` + lg.SHA256 + `"`
	hd := w.Header()
	hd.Set("ETag", etag)
	hd.Set("Cache-Control", "private, no-cache")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", lg.ContentType)
	hd.Set("Content-Length", strconv.Itoa(len(lg.Data)))
	_, _ = w.Write(lg.Data)
}

// The notices of the records tab's logo panel: the values of ?logo=.
const (
	logoSaved      = "saved"
	logoRemoved    = "removed"
	logoNone       = "none"       // no file chosen, or an empty one
	logoTooLarge   = "too_large"  // over app.MaxLogoSize
	logoType       = "type"       // not a PNG or JPEG image
	logoDimensions = "dimensions" // over app.MaxLogoSide pixels a side
	logoUnreadable = "unreadable" // damaged
)

// logoRefusals are the application's refusals of a logo's bytes, by their
// catalogue keys, and the notices that tell them.
var logoRefusals = map[string]string{
	app.KeyLogoTooLarge:     logoTooLarge,
	app.KeyLogoType:         logoType,
	"error.logo_dimensions": logoDimensions,
	"error.logo_unreadable": logoUnreadable,
	"error.logo_empty":      logoNone,
}

// logoUpload stores the posted file as the logo through app.PutLogo, and
// goes back to the records tab saying so, or why the file was refused.
func (h *handler) logoUpload(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	_, data, problem := readFileForm(w, r, app.MaxLogoSize)
	notice := map[uploadProblem]string{uploadNoFile: logoNone, uploadBroken: logoNone, uploadTooBig: logoTooLarge}[problem]
	if notice == "" {
		_, err := h.app.PutLogo(r.Context(), u, bin, data)
		var de *domain.Error
		if errors.As(err, &de) && logoRefusals[de.Key] != "" {
			notice = logoRefusals[de.Key]
		} else if err != nil {
			h.fail(w, r, l, u, h.employerErr(l, bin, err))
			return
		} else {
			notice = logoSaved
		}
	}
	http.Redirect(w, r, logoBack(bin, notice), http.StatusSeeOther)
}

// logoDelete removes the logo through app.DeleteLogo and goes back to the
// records tab.
func (h *handler) logoDelete(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	if err := h.app.DeleteLogo(r.Context(), u, bin); err != nil {
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return
	}
	http.Redirect(w, r, logoBack(bin, logoRemoved), http.StatusSeeOther)
}

// logoBack is the address of the records tab's logo panel with a notice.
func logoBack(bin, notice string) string {
	return "/employers/" + url.PathEscape(bin) + "/records?" + url.Values{"logo": {notice}}.Encode() + "#logo"
}

// logoNotice is what the logo panel says after an upload or a removal.
type logoNotice struct {
	Text  string
	Error bool
}

// LogoNotice returns the notice that the records tab's address (the
// page's Path) carries after an upload or a removal of the logo (?logo=),
// in the page's language; nil for none or an unknown one.
func (l *locale) LogoNotice(uri string) *logoNotice {
	u, err := url.Parse(uri)
	if err != nil {
		return nil
	}
	switch u.Query().Get("logo") {
	case logoSaved:
		return &logoNotice{Text: l.S("logo_saved")}
	case logoRemoved:
		return &logoNotice{Text: l.S("logo_removed")}
	case logoNone:
		return &logoNotice{Text: l.S("logo_err_none"), Error: true}
	case logoTooLarge:
		return &logoNotice{Text: l.S("logo_err_too_large", "N", app.MaxLogoSize>>20), Error: true}
	case logoType:
		return &logoNotice{Text: l.S("logo_err_type"), Error: true}
	case logoDimensions:
		return &logoNotice{Text: l.S("logo_err_dimensions", "N", app.MaxLogoSide), Error: true}
	case logoUnreadable:
		return &logoNotice{Text: l.S("logo_err_unreadable"), Error: true}
	}
	return nil
}
