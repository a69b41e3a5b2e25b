package web

import (
	"net/http"

	"github.com/ruqsat/ruqsat/internal/app"
)

// settingsPage is the data of the tenant's settings page (owners): its
// name, its public consultation address and the operator of personal data
// the public form's consent text names.
type settingsPage struct {
	Name, Slug, LegalName, LegalBIN string
	PublicURL                       string // the public form's address
	Consent                         string // the consent text as the form shows it now, in the page's language
	Error                           string
	Saved                           bool
}

// settings shows the tenant's settings.
func (h *handler) settings(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	if !isOwner(u) {
		// Only the owner changes them; the application says so in words.
		_, err := h.app.UpdateTenantSettings(r.Context(), u, app.TenantUpdate{})
		h.fail(w, r, l, u, err)
		return
	}
	t, err := h.app.TenantSettings(r.Context(), u)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	h.renderSettings(w, r, l, u, t, &settingsPage{Saved: r.URL.Query().Has("saved")}, 0)
}

func (h *handler) renderSettings(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, t *app.Tenant, d *settingsPage, status int) {
	if d.Name == "" && d.Slug == "" && d.Error == "" {
		d.Name, d.Slug, d.LegalName, d.LegalBIN = t.Name, t.Slug, t.LegalName, t.LegalBIN
	}
	d.PublicURL = h.siteURL(r) + "/c/" + t.Slug
	consent, err := app.ConsentText(app.ConsentVersion, l.Tag, t)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	d.Consent = consent
	h.render(w, r, "settings.html", &page{L: l, User: u, Nav: "settings", Title: l.S("settings_title"), Data: d, Status: status, Path: "/settings"})
}

// settingsSave changes the tenant's settings.
func (h *handler) settingsSave(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	f := r.PostForm
	d := &settingsPage{Name: f.Get("name"), Slug: f.Get("slug"), LegalName: f.Get("legal_name"), LegalBIN: f.Get("legal_bin")}
	_, err := h.app.UpdateTenantSettings(r.Context(), u, app.TenantUpdate{Name: &d.Name, Slug: &d.Slug, LegalName: &d.LegalName, LegalBIN: &d.LegalBIN})
	if err != nil {
		status, msg, ok := userError(l, err)
		if !ok {
			h.fail(w, r, l, u, err)
			return
		}
		t, terr := h.app.TenantSettings(r.Context(), u)
		if terr != nil {
			h.fail(w, r, l, u, terr)
			return
		}
		d.Error = msg
		h.renderSettings(w, r, l, u, t, d, status)
		return
	}
	http.Redirect(w, r, "/settings?saved=1", http.StatusSeeOther)
}
