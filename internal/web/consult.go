package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// The public consultation form (GET and POST /c/{slug}, /c/{slug}/thanks),
// which needs no session, and the consultants' queue of requests
// (/requests). What is kept, with which consent, and how often one address
// may send, the application decides (app.SubmitConsultation).

// consultForm is the data of the public form.
type consultForm struct {
	Tenant                          *app.Tenant
	Consent                         string // the consent text shown, of app.ConsentVersion
	Version                         string
	Name, Contact, Company, Message string
	Consented                       bool
	Errors                          map[string]string // by field: name, contact, company, message, consent
	Error                           string            // a problem of the whole form (too many requests)
}

// consultTenant finds the tenant of the public form's address, or shows
// the 404 page.
func (h *handler) consultTenant(w http.ResponseWriter, r *http.Request, l *locale) *app.Tenant {
	t, err := h.app.PublicTenant(r.Context(), r.PathValue("slug"))
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			h.notFound(w, r)
			return nil
		}
		h.fail(w, r, l, nil, err)
		return nil
	}
	return t
}

func (h *handler) renderConsult(w http.ResponseWriter, r *http.Request, l *locale, d *consultForm, status int) {
	text, err := app.ConsentText(app.ConsentVersion, l.Tag, d.Tenant)
	if err != nil {
		h.fail(w, r, l, nil, err)
		return
	}
	d.Consent, d.Version = text, app.ConsentVersion
	h.render(w, r, "consult_form.html", &page{L: l, Title: l.S("consult_title"), Data: d, Status: status, Path: r.URL.Path})
}

// consultShow is the public form, in the visitor's language.
func (h *handler) consultShow(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	if t := h.consultTenant(w, r, l); t != nil {
		h.renderConsult(w, r, l, &consultForm{Tenant: t}, 0)
	}
}

// consultSend records a request: without the consent box the form comes
// back with the error next to it (422) and nothing is kept; with it, 303
// to the thanks page.
func (h *handler) consultSend(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	t := h.consultTenant(w, r, l)
	if t == nil || !h.readForm(w, r, l, nil) {
		return
	}
	f := r.PostForm
	d := &consultForm{Tenant: t, Name: f.Get("name"), Contact: f.Get("contact"), Company: f.Get("company"),
		Message: f.Get("message"), Consented: f.Get("consent") == "yes"}
	err := h.app.SubmitConsultation(r.Context(), app.PublicRequest{Slug: t.Slug, Addr: r.RemoteAddr, Name: d.Name, Contact: d.Contact,
		Company: d.Company, Message: d.Message, Consent: d.Consented, ConsentVersion: f.Get("consent_version"), Website: f.Get("website")})
	var fe *app.FormError
	var re *app.RateError
	switch {
	case err == nil:
		http.Redirect(w, r, "/c/"+t.Slug+"/thanks", http.StatusSeeOther)
	case errors.As(err, &fe):
		d.Errors = map[string]string{}
		for field, e := range fe.Fields {
			d.Errors[field] = l.fl.Error(e)
		}
		h.renderConsult(w, r, l, d, http.StatusUnprocessableEntity)
	case errors.As(err, &re):
		mins := max(1, int((re.RetryAfter+time.Minute-1)/time.Minute))
		w.Header().Set("Retry-After", strconv.Itoa(mins*60))
		d.Error = l.S("consult_too_many", "Count", mins)
		h.renderConsult(w, r, l, d, http.StatusTooManyRequests)
	default:
		h.fail(w, r, l, nil, err)
	}
}

// consultThanks says that the request was received.
func (h *handler) consultThanks(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	if t := h.consultTenant(w, r, l); t != nil {
		h.render(w, r, "consult_thanks.html", &page{L: l, Title: l.S("consult_thanks_title"), Data: t, Path: r.URL.Path})
	}
}

// RequestStatus names a request's status in the page's language.
func (l *locale) RequestStatus(s string) string {
	switch s {
	case store.StatusNew:
		return l.S("request_new")
	case store.StatusInProgress:
		return l.S("request_in_progress")
	case store.StatusDone:
		return l.S("request_done")
	}
	return s
}

// queuePage is the data of the consultants' queue.
type queuePage struct {
	Requests  []app.ConsultationRequest
	Statuses  []string
	Assignees []app.User
	NextURL   string // the next (older) page
	Slug      string // the tenant's public address
	Saved     string
}

// queueSize is how many requests the queue shows on a page.
const queueSize = 50

// queue shows the tenant's consultation requests, newest first.
func (h *handler) queue(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := h.app.ConsultationRequests(r.Context(), u, max(before, 0), queueSize)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	people, err := h.app.Assignees(r.Context(), u)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	t, err := h.app.TenantSettings(r.Context(), u)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	d := &queuePage{Requests: list, Statuses: store.ConsultationStatuses, Assignees: people, Slug: t.Slug, Saved: r.URL.Query().Get("saved")}
	if len(list) == queueSize {
		d.NextURL = "/requests?before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	h.render(w, r, "queue.html", &page{L: l, User: u, Nav: "requests", Title: l.S("queue_title"), Data: d})
}

// queueSave sets a request's status and assignee.
func (h *handler) queueSave(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	st := r.PostForm.Get("status")
	assignee, _ := strconv.ParseInt(r.PostForm.Get("assignee"), 10, 64)
	if _, err := h.app.UpdateConsultationRequest(r.Context(), u, pathID(r), app.ConsultationUpdate{Status: &st, AssigneeID: &assignee}); err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	http.Redirect(w, r, "/requests?saved="+r.PathValue("id")+"#request-"+r.PathValue("id"), http.StatusSeeOther)
}

// queueRevoke records that the person revoked their consent: the request's
// personal data are erased.
func (h *handler) queueRevoke(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	if _, err := h.app.RevokeConsent(r.Context(), u, pathID(r)); err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	http.Redirect(w, r, "/requests?saved="+r.PathValue("id")+"#request-"+r.PathValue("id"), http.StatusSeeOther)
}
