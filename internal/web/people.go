package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/session"
)

// People, account and invites: the owner's page of the tenant's users
// (roles, employer limits, removal) and pending invites with the form that
// makes a one-time link; every user's own page (password, API tokens); and
// the public page where an invitee opens the link, sets a password and is
// logged in. Every change goes through the application layer, which
// decides who may do it.

// Role names a role in the page's language.
func (l *locale) Role(r domain.Role) string {
	switch r {
	case domain.RoleOwner:
		return l.S("role_owner")
	case domain.RoleEditor:
		return l.S("role_editor")
	case domain.RoleViewer:
		return l.S("role_viewer")
	}
	return string(r)
}

// roles are the roles in the order the forms offer them.
var roles = []domain.Role{domain.RoleViewer, domain.RoleEditor, domain.RoleOwner}

// isOwner reports whether u may manage the tenant's people and settings
// (the layout's navigation asks).
func isOwner(u *app.User) bool { return u != nil && u.Role == domain.RoleOwner && u.Employers == nil }

// seesRequests reports whether u may see the consultation requests' queue.
func seesRequests(u *app.User) bool {
	return u != nil && auth.Can(u.Role, auth.ActionWrite) && u.Employers == nil
}

// accessForm is the role and employer limit of a user or invite as a form
// has them.
type accessForm struct {
	Email     string
	Role      domain.Role
	Limited   bool
	Employers string // BINs, separated by commas, spaces or lines
}

// employers returns the limit the form gives: nil for every employer.
func (f accessForm) employers() []string {
	if !f.Limited {
		return nil
	}
	return strings.FieldsFunc(f.Employers, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

func readAccess(r *http.Request) accessForm {
	return accessForm{Email: strings.TrimSpace(r.PostForm.Get("email")), Role: domain.Role(r.PostForm.Get("role")),
		Limited: r.PostForm.Get("limited") == "yes", Employers: r.PostForm.Get("employers")}
}

// peoplePage is the data of the people page.
type peoplePage struct {
	Users   []app.User
	Invites []app.Invite
	Roles   []domain.Role
	Me      int64
	Form    accessForm // the invite form, as sent
	// NewLink is the invite link just made, shown this once.
	NewLink  string
	NewEmail string
	Error    string
	ErrorAt  string // "invite" or "user-ID": where the error is shown
	Saved    bool
	status   int // the page's HTTP status with an error (0: 200)
}

// Limited reports whether a user or invite is limited to some employers
// (none when the list is empty) rather than seeing every one.
func (d *peoplePage) Limited(employers []string) bool { return employers != nil }

// readForm parses a form post's body, bounded; on failure it shows the
// error page and returns false.
func (h *handler) readForm(w http.ResponseWriter, r *http.Request, l *locale, u *app.User) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, l, u, domain.Errorf(domain.EINVALID, "%s", l.S("error_bad_form")))
		return false
	}
	return true
}

// userError returns the status and the message in l's language of an
// error the application refused a form with, or ok false for an error to
// show on the error page (internal, busy).
func userError(l *locale, err error) (status int, msg string, ok bool) {
	var de *domain.Error
	if !errors.As(err, &de) {
		return 0, "", false
	}
	switch de.Code {
	case domain.EINVALID:
		status = http.StatusUnprocessableEntity
	case domain.ENOTFOUND:
		status = http.StatusNotFound
	case domain.ECONFLICT:
		status = http.StatusConflict
	case domain.EFORBIDDEN:
		status = http.StatusForbidden
	default:
		return 0, "", false
	}
	return status, l.fl.Error(err), true
}

// siteURL is the address of this server as the browser reached it, for a
// link the owner passes on.
func (h *handler) siteURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || h.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// people shows the tenant's users and invites (owners).
func (h *handler) people(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	h.renderPeople(w, r, l, u, &peoplePage{Saved: r.URL.Query().Has("saved"), Form: accessForm{Role: domain.RoleViewer}})
}

func (h *handler) renderPeople(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, d *peoplePage) {
	users, err := h.app.Users(r.Context(), u)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	invites, err := h.app.Invites(r.Context(), u)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	d.Users, d.Invites, d.Roles, d.Me = users, invites, roles, u.ID
	h.render(w, r, "people.html", &page{L: l, User: u, Nav: "people", Title: l.S("people_title"), Data: d, Status: d.status, Path: "/people"})
}

// invite makes an invite and shows its link once.
func (h *handler) invite(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	f := readAccess(r)
	inv, tok, err := h.app.CreateInvite(r.Context(), u, app.NewInvite{Email: f.Email, Role: f.Role, Employers: f.employers()})
	d := &peoplePage{Form: f}
	if err != nil {
		status, msg, ok := userError(l, err)
		if !ok {
			h.fail(w, r, l, u, err)
			return
		}
		d.Error, d.ErrorAt = msg, "invite"
		h.renderPeopleStatus(w, r, l, u, d, status)
		return
	}
	d.NewLink, d.NewEmail, d.Form = h.siteURL(r)+"/invite/"+tok, inv.Email, accessForm{Role: domain.RoleViewer}
	h.renderPeople(w, r, l, u, d)
}

// renderPeopleStatus renders the people page with an HTTP status.
func (h *handler) renderPeopleStatus(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, d *peoplePage, status int) {
	d.status = status
	h.renderPeople(w, r, l, u, d)
}

// pathID is the {id} of a request's path; 0 when it is not a number.
func pathID(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// inviteDelete withdraws an invite.
func (h *handler) inviteDelete(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	if err := h.app.DeleteInvite(r.Context(), u, pathID(r)); err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	http.Redirect(w, r, "/people?saved=1", http.StatusSeeOther)
}

// userSave changes a user's role and employer limit.
func (h *handler) userSave(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	id := pathID(r)
	f := readAccess(r)
	emps := f.employers()
	_, err := h.app.UpdateUser(r.Context(), u, id, app.UserUpdate{Role: &f.Role, Employers: &emps})
	if err != nil {
		status, msg, ok := userError(l, err)
		if !ok {
			h.fail(w, r, l, u, err)
			return
		}
		h.renderPeopleStatus(w, r, l, u, &peoplePage{Error: msg, ErrorAt: "user-" + strconv.FormatInt(id, 10), Form: accessForm{Role: domain.RoleViewer}}, status)
		return
	}
	http.Redirect(w, r, "/people?saved=1", http.StatusSeeOther)
}

// userDelete removes a user.
func (h *handler) userDelete(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	id := pathID(r)
	if err := h.app.DeleteUser(r.Context(), u, id); err != nil {
		status, msg, ok := userError(l, err)
		if !ok {
			h.fail(w, r, l, u, err)
			return
		}
		h.renderPeopleStatus(w, r, l, u, &peoplePage{Error: msg, ErrorAt: "user-" + strconv.FormatInt(id, 10), Form: accessForm{Role: domain.RoleViewer}}, status)
		return
	}
	http.Redirect(w, r, "/people?saved=1", http.StatusSeeOther)
}

// accountPage is the data of "My account".
type accountPage struct {
	Tokens  []app.APIToken
	Emails  map[int64]string // the tokens' users, for an owner who sees every token
	Me      int64
	Name    string // the token form's name, as sent
	NewTok  string // the token just made, shown this once
	Error   string
	ErrorAt string // "password" or "token"
	Saved   string // "password", "token" or "revoked"
}

// account shows the user's own page: password and API tokens.
func (h *handler) account(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	h.renderAccount(w, r, l, u, &accountPage{Saved: r.URL.Query().Get("saved")}, 0)
}

func (h *handler) renderAccount(w http.ResponseWriter, r *http.Request, l *locale, u *app.User, d *accountPage, status int) {
	toks, err := h.app.Tokens(r.Context(), u)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	d.Tokens, d.Me, d.Emails = toks, u.ID, map[int64]string{u.ID: u.Email}
	if isOwner(u) {
		if users, err := h.app.Users(r.Context(), u); err == nil {
			for _, x := range users {
				d.Emails[x.ID] = x.Email
			}
		}
	}
	h.render(w, r, "account.html", &page{L: l, User: u, Nav: "account", Title: l.S("account_title"), Data: d, Status: status, Path: "/account"})
}

// accountPassword changes the user's password. Every session of the user
// ends with it (and their API tokens are revoked), this one too: the user
// is logged in again with the new password.
func (h *handler) accountPassword(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	current, next := r.PostForm.Get("current"), r.PostForm.Get("new")
	fail := func(status int, msg string) {
		h.renderAccount(w, r, l, u, &accountPage{Error: msg, ErrorAt: "password"}, status)
	}
	if next != r.PostForm.Get("repeat") {
		fail(http.StatusUnprocessableEntity, l.S("password_mismatch"))
		return
	}
	err := h.app.ChangePassword(r.Context(), u, current, next, r.RemoteAddr)
	var le *app.LoginError
	if errors.As(err, &le) {
		fail(http.StatusTooManyRequests, l.S("password_too_many"))
		return
	}
	if err != nil {
		status, msg, ok := userError(l, err)
		if !ok {
			h.fail(w, r, l, u, err)
			return
		}
		fail(status, msg)
		return
	}
	_, sess, err := h.app.Login(r.Context(), u.Email, next, r.RemoteAddr)
	if err != nil {
		// The password is changed; logging in again is the user's.
		http.Redirect(w, r, "/login?next=/account", http.StatusSeeOther)
		return
	}
	http.SetCookie(w, session.Cookie(sess.Token, sess.ExpiresAt, h.secure || r.TLS != nil))
	http.Redirect(w, r, "/account?saved=password", http.StatusSeeOther)
}

// tokenCreate makes an API token and shows it once.
func (h *handler) tokenCreate(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	_, tok, err := h.app.CreateToken(r.Context(), u, name)
	if err != nil {
		status, msg, ok := userError(l, err)
		if !ok {
			h.fail(w, r, l, u, err)
			return
		}
		h.renderAccount(w, r, l, u, &accountPage{Error: msg, ErrorAt: "token", Name: name}, status)
		return
	}
	h.renderAccount(w, r, l, u, &accountPage{NewTok: tok, Saved: "token"}, 0)
}

// tokenRevoke revokes an API token.
func (h *handler) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil || !h.readForm(w, r, l, u) {
		return
	}
	if err := h.app.RevokeToken(r.Context(), u, pathID(r)); err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	http.Redirect(w, r, "/account?saved=revoked", http.StatusSeeOther)
}

// invitePage is the data of the page an invite link opens.
type invitePage struct {
	Invite *app.Invite
	Tenant *app.Tenant
	Error  string
}

// inviteForm shows an invite: who invites whom, with what role, and the
// form to set a password. A dead link is a 404 page.
func (h *handler) inviteForm(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	inv, t, err := h.app.InviteByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		h.fail(w, r, l, nil, err)
		return
	}
	h.render(w, r, "invite.html", &page{L: l, Title: l.S("invite_title"), Data: invitePage{Invite: inv, Tenant: t}, Path: r.URL.Path})
}

// inviteAccept makes the invited user with the password they chose, logs
// them in and goes to the dashboard.
func (h *handler) inviteAccept(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	if !h.readForm(w, r, l, nil) {
		return
	}
	token := r.PathValue("token")
	inv, t, err := h.app.InviteByToken(r.Context(), token)
	if err != nil {
		h.fail(w, r, l, nil, err)
		return
	}
	again := func(status int, msg string) {
		h.render(w, r, "invite.html", &page{L: l, Title: l.S("invite_title"), Status: status,
			Data: invitePage{Invite: inv, Tenant: t, Error: msg}, Path: r.URL.Path})
	}
	pw := r.PostForm.Get("password")
	if pw != r.PostForm.Get("repeat") {
		again(http.StatusUnprocessableEntity, l.S("password_mismatch"))
		return
	}
	_, sess, err := h.app.AcceptInvite(r.Context(), token, pw)
	if err != nil {
		status, msg, ok := userError(l, err)
		if !ok {
			h.fail(w, r, l, nil, err)
			return
		}
		again(status, msg)
		return
	}
	http.SetCookie(w, session.Cookie(sess.Token, sess.ExpiresAt, h.secure || r.TLS != nil))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
