package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// formPage is the data of a record form.
type formPage struct {
	BIN, EmployerName string
	Kind              string
	Worker            *domain.Worker // the worker whose record it is; nil for the employer's
	WorkerID          string         // the worker's id as the address has it
	Index             int            // the record's place in its list; -1 for a new one
	Version           int64
	Fields            []fieldView
	General           []string // problems not about one field
	Conflict          bool     // the records changed since the form was opened
	Back              string
	CanDelete         bool
	New               bool
}

// Invalid reports whether the form has a problem to show.
func (p *formPage) Invalid() bool {
	if len(p.General) > 0 {
		return true
	}
	for _, f := range p.Fields {
		if f.Problem != "" {
			return true
		}
	}
	return false
}

// fieldView is one input as the form shows it.
type fieldView struct {
	field
	ID      string
	Values  []string
	Orig    []string // the stored values when the form was opened
	Current []string // on a conflict: the stored values now, when they differ from Orig
	Problem string
	Options []optionView
}

type optionView struct {
	option
	Selected bool
}

// Value is the field's first value.
func (f fieldView) Value() string { return one(f.Values) }

// CurrentText writes the stored values now, for a conflict note.
func (f fieldView) CurrentText() string { return strings.Join(f.Current, ", ") }

// editTarget is the record a form or an action is about, from the request.
type editTarget struct {
	kind     kind
	workerID string
	index    int // -1: a new record
}

// target reads kind, worker and i from the query or the posted form.
func target(r *http.Request) (editTarget, bool) {
	k, ok := kinds[r.FormValue("record")]
	if !ok {
		return editTarget{}, false
	}
	t := editTarget{kind: k, index: -1, workerID: r.FormValue("worker")}
	if s := r.FormValue("i"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > domain.MaxWorkers {
			return editTarget{}, false
		}
		t.index = n
	}
	if k == employerKind {
		t.index = 0
	}
	if k.InWorker() && t.workerID == "" || !k.InWorker() && k != workerKind && t.workerID != "" {
		return editTarget{}, false
	}
	if k == workerKind && t.workerID != "" {
		t.index = 0 // set by locate
	}
	return t, true
}

// locate finds the target's worker (nil for the employer's records, or a
// new worker) and checks its index; ok is false when either is not there.
// A worker's own form names the worker by id: locate sets its index.
func (t *editTarget) locate(rec *domain.Records) (w *domain.Worker, wi int, ok bool) {
	wi = -1
	id := t.workerID
	if t.kind == workerKind && id != "" {
		t.index = -2
		for i := range rec.Workers {
			if rec.Workers[i].ID == id {
				t.index = i
			}
		}
		if t.index < 0 {
			return nil, -1, false
		}
	}
	if t.kind == workerKind && t.index >= 0 {
		if t.index >= len(rec.Workers) {
			return nil, -1, false
		}
		return &rec.Workers[t.index], t.index, true
	}
	if id != "" && t.kind != workerKind {
		for i := range rec.Workers {
			if rec.Workers[i].ID == id {
				w, wi = &rec.Workers[i], i
			}
		}
		if w == nil {
			return nil, -1, false
		}
	}
	if t.index >= t.kind.Len(rec, w) {
		return nil, -1, false
	}
	return w, wi, true
}

// path is where the target's record is, in the validator's terms.
func (t editTarget) path(rec *domain.Records, wi int) domain.Path {
	i := t.index
	switch {
	case t.kind == employerKind:
		return domain.Path{{Key: "employer", Index: -1}}
	case t.kind == workerKind:
		if i < 0 {
			i = len(rec.Workers) - 1 // appended
		}
		return domain.Path{{Key: "workers", Index: i}}
	case t.kind.InWorker():
		if i < 0 {
			i = t.kind.Len(rec, &rec.Workers[wi]) - 1
		}
		return domain.Path{{Key: "workers", Index: wi}, {Key: t.kind.Name(), Index: i}}
	}
	if i < 0 {
		i = t.kind.Len(rec, nil) - 1
	}
	return domain.Path{{Key: t.kind.Name(), Index: i}}
}

// fieldOfProblem names the field of the target's record a problem is
// about, or "" when it is about something else.
func fieldOfProblem(base, p domain.Path) string {
	if len(p) <= len(base) || !slices.Equal(p[:len(base)], base) {
		return ""
	}
	rest := p[len(base):]
	switch {
	case rest[0].Key == "staff_kz" && rest[0].Index >= 0:
		return "staff_kz." + strconv.Itoa(rest[0].Index+1)
	case len(rest) > 1 && (rest[0].Key == "contract" || rest[0].Key == "director" || rest[0].Key == "passport" || rest[0].Key == "education"):
		return rest[0].Key + "." + rest[1].Key
	}
	return rest[0].Key
}

// editForm shows a record's form: GET /employers/{bin}/edit?record=&worker=&i=
// (no i: a new record). A permit form may start from an earlier permit
// (&extend=N): a new permit for the same regions from the day after it ends.
func (h *handler) editForm(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	t, ok := target(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	rec, version, err := h.app.Records(r.Context(), u, bin)
	if err != nil {
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return
	}
	wk, _, ok := t.locate(rec)
	if !ok {
		h.notFound(w, r)
		return
	}
	var values url.Values
	if t.index >= 0 {
		values = t.kind.Values(rec, wk, t.index)
	} else {
		values = h.defaults(t, rec, wk, r)
	}
	p := h.formData(l, u, rec, t, wk, version, values, values)
	h.render(w, r, "form.html", &page{L: l, User: u, Nav: "employers", Title: l.S("kind_" + t.kind.Name()), Data: p})
}

// defaults are the values of a new record's form: a new permit extending
// an earlier one starts the day after it, for its regions.
func (h *handler) defaults(t editTarget, rec *domain.Records, wk *domain.Worker, r *http.Request) url.Values {
	v := url.Values{}
	if t.kind == permitKind && wk != nil {
		n, err := strconv.Atoi(r.FormValue("extend"))
		if to, terr := domain.ParseDate(r.FormValue("extend_to")); terr == nil {
			// From a permit.expiring finding: the permit that ends that day.
			for i := range wk.Permits {
				if wk.Permits[i].To == to {
					n, err = i, nil
				}
			}
		}
		if err == nil && n >= 0 && n < len(wk.Permits) {
			old := wk.Permits[n]
			v = permitKind.Values(rec, wk, n)
			v.Set("number", "")
			v.Set("from", old.To.AddDays(1).String())
			v.Set("to", "")
		}
	}
	if t.kind == workerKind {
		v.Set("id", nextWorkerID(rec))
	}
	return v
}

// nextWorkerID proposes an id for a new worker: w and the next number not
// taken.
func nextWorkerID(rec *domain.Records) string {
	taken := make(map[string]bool, len(rec.Workers))
	for _, w := range rec.Workers {
		taken[w.ID] = true
	}
	for n := len(rec.Workers) + 1; ; n++ {
		if id := "w" + strconv.Itoa(n); !taken[id] {
			return id
		}
	}
}

// formData makes the form's view of values (orig: the values when the form
// was opened).
func (h *handler) formData(l *locale, u *app.User, rec *domain.Records, t editTarget, wk *domain.Worker, version int64, values, orig url.Values) *formPage {
	p := &formPage{BIN: rec.Employer.BIN, EmployerName: rec.Employer.Name, Kind: t.kind.Name(), Worker: wk,
		WorkerID: t.workerID, Index: t.index, Version: version, New: t.index < 0,
		CanDelete: t.index >= 0 && t.kind != employerKind && auth.Can(u.Role, auth.ActionWrite)}
	p.Back = backURL(rec.Employer.BIN, t, wk)
	for _, f := range t.kind.Fields() {
		fv := fieldView{field: f, ID: "f-" + strings.ReplaceAll(f.Name, ".", "-"), Values: values[f.Name], Orig: orig[f.Name]}
		if f.Options != nil {
			for _, o := range f.Options(l) {
				fv.Options = append(fv.Options, optionView{option: o, Selected: slices.Contains(fv.Values, o.Value)})
			}
		}
		p.Fields = append(p.Fields, fv)
	}
	return p
}

// backURL is the page that shows the target's records.
func backURL(bin string, t editTarget, wk *domain.Worker) string {
	base := "/employers/" + url.PathEscape(bin)
	switch {
	case wk != nil:
		return base + "/workers/" + url.PathEscape(wk.ID) + "#" + t.kind.Name()
	case t.kind == workerKind:
		return base + "/workers"
	}
	return base + "/records#" + t.kind.Name()
}

// editSave saves a record's form: POST /employers/{bin}/edit. The form's
// values are written to the records the form was opened on (its version)
// through app.EditRecords; the validator's problems come back next to their
// fields, a change made meanwhile by someone else shows what changed and
// keeps what the user typed.
func (h *handler) editSave(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, l, u, domain.Errorf(domain.EINVALID, "%s", l.S("error_bad_form")))
		return
	}
	t, ok := target(r)
	version, verr := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if !ok || verr != nil {
		h.notFound(w, r)
		return
	}
	values, orig := url.Values{}, url.Values{}
	for _, f := range t.kind.Fields() {
		values[f.Name] = r.PostForm[f.Name]
		orig[f.Name] = r.PostForm["orig."+f.Name]
	}
	var (
		bad     map[string]string
		base    domain.Path
		savedWk string
	)
	ctx := r.Context()
	_, err := h.app.EditRecords(ctx, u, bin, version, func(rec *domain.Records) error {
		wk, wi, ok := t.locate(rec)
		if !ok {
			return domain.Errorf(domain.ENOTFOUND, "%s", l.S("error_record_gone")).Say("error.no_finding_record", "Code", t.kind.Name())
		}
		i := t.index
		if i < 0 {
			i = t.kind.Len(rec, wk)
		}
		bad = t.kind.Apply(rec, wk, i, cloneValues(values))
		base = t.path(rec, wi)
		if t.kind == workerKind {
			savedWk = rec.Workers[i].ID
		} else if wk != nil {
			savedWk = wk.ID
		}
		if len(bad) > 0 {
			return errUnreadable
		}
		return nil
	})
	if err == nil {
		next := backURL(bin, t, nil)
		if savedWk != "" {
			next = "/employers/" + url.PathEscape(bin) + "/workers/" + url.PathEscape(savedWk) + "#" + t.kind.Name()
			if t.kind == workerKind {
				next = "/employers/" + url.PathEscape(bin) + "/workers/" + url.PathEscape(savedWk)
			}
		}
		http.Redirect(w, r, withSaved(next), http.StatusSeeOther)
		return
	}
	code := domain.ErrorCode(err)
	if code != domain.EINVALID && code != domain.ECONFLICT && !errors.Is(err, errUnreadable) {
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return
	}
	// Show the form again with the user's values.
	rec, current, rerr := h.app.Records(ctx, u, bin)
	if rerr != nil {
		h.fail(w, r, l, u, h.employerErr(l, bin, rerr))
		return
	}
	wk, _, found := t.locate(rec)
	if !found && t.index >= 0 {
		h.fail(w, r, l, u, domain.Errorf(domain.ENOTFOUND, "%s", l.S("error_record_gone")))
		return
	}
	p := h.formData(l, u, rec, t, wk, version, values, orig)
	lang, _ := i18n.Parse(l.Tag)
	fl := i18n.For(lang)
	byName := map[string]*fieldView{}
	for i := range p.Fields {
		byName[p.Fields[i].Name] = &p.Fields[i]
	}
	for name, key := range bad {
		if f := byName[name]; f != nil {
			f.Problem = l.S(key)
		}
	}
	var de *domain.Error
	switch {
	case code == domain.ECONFLICT:
		// Someone saved in between: the form now carries the current
		// version, and each field the other change touched says what it
		// holds now.
		p.Conflict, p.Version = true, current
		var now url.Values
		if t.index >= 0 {
			now = t.kind.Values(rec, wk, t.index)
		}
		for i := range p.Fields {
			f := &p.Fields[i]
			if cur := now[f.Name]; !slices.Equal(cur, f.Orig) && !(len(cur) == 1 && cur[0] == "" && len(f.Orig) == 0) {
				f.Current = shown(l, f, cur)
			}
		}
	case errors.As(err, &de):
		p.place(fl, base, err)
	}
	h.render(w, r, "form.html", &page{L: l, User: u, Nav: "employers", Status: statusOf(code, err),
		Title: l.S("kind_" + t.kind.Name()), Data: p})
}

// place puts err on the form: each of the validator's problems next to the
// field of the record at base it is about (fieldOfProblem), the others,
// and any other error, above the form, in the page's language.
func (p *formPage) place(fl *i18n.Localizer, base domain.Path, err error) {
	var de *domain.Error
	if !errors.As(err, &de) || de.Problems == nil {
		p.General = append(p.General, fl.Error(err))
		return
	}
	for _, pr := range de.Problems.List {
		var f *fieldView
		if name := fieldOfProblem(base, pr.Path); name != "" {
			for i := range p.Fields {
				if p.Fields[i].Name == name {
					f = &p.Fields[i]
				}
			}
		}
		switch {
		case f == nil:
			p.General = append(p.General, fl.Problem(pr, nil)+" ("+pr.Path.String()+")")
		case f.Problem == "":
			f.Problem = fl.Problem(pr, nil)
		}
	}
	if de.Problems.More > 0 {
		p.General = append(p.General, fl.MoreProblems(de.Problems.More))
	}
}

// shown writes a field's stored values as the page shows them: a date as
// a date in the page's language, a choice by its name, nothing as a dash.
func shown(l *locale, f *fieldView, values []string) []string {
	var out []string
	for _, v := range values {
		if v == "" {
			continue
		}
		switch f.Type {
		case "date":
			if d, err := domain.ParseDate(v); err == nil {
				v = l.DateShort(d)
			}
		case "select", "regions":
			for _, o := range f.Options {
				if o.Value == v {
					v = o.Label
				}
			}
		case "check":
			v = l.S("word_yes")
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return []string{"—"}
	}
	return out
}

// errUnreadable stops a save whose form had values that could not be read;
// the form shows them.
var errUnreadable = errors.New("unreadable form values")

func statusOf(code string, err error) int {
	if code == domain.ECONFLICT {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, s := range v {
		out[k] = slices.Clone(s)
	}
	return out
}

// withSaved marks an address as reached by a save, for the "saved" note.
func withSaved(next string) string {
	path, frag, _ := strings.Cut(next, "#")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if frag != "" {
		return path + sep + "saved=1#" + frag
	}
	return path + sep + "saved=1"
}

// editDelete deletes a record: POST /employers/{bin}/delete (kind, worker,
// i, version).
func (h *handler) editDelete(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	t, ok := target(r)
	version, verr := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if !ok || verr != nil || t.index < 0 || t.kind == employerKind {
		h.notFound(w, r)
		return
	}
	var back string
	_, err := h.app.EditRecords(r.Context(), u, bin, version, func(rec *domain.Records) error {
		wk, _, ok := t.locate(rec)
		if !ok {
			return domain.Errorf(domain.ENOTFOUND, "%s", l.S("error_record_gone")).Say("error.no_finding_record", "Code", t.kind.Name())
		}
		if t.kind == workerKind {
			back = "/employers/" + url.PathEscape(bin) + "/workers"
		} else {
			back = backURL(bin, t, wk)
		}
		t.kind.Delete(rec, wk, t.index)
		return nil
	})
	if err != nil {
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return
	}
	http.Redirect(w, r, withSaved(back), http.StatusSeeOther)
}

// employerErr words a not-found employer in the page's language.
func (h *handler) employerErr(l *locale, bin string, err error) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		var de *domain.Error
		if errors.As(err, &de) && de.Key == "error.no_finding_record" {
			return err
		}
		return domain.Errorf(domain.ENOTFOUND, "%s", l.S("error_no_employer", "BIN", bin))
	}
	return err
}

// act records a finding's quick action: POST /employers/{bin}/act (rule,
// subject, period, date, version), then back to the finding.
func (h *handler) act(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	bin := r.PathValue("bin")
	rule, ok := domain.ParseRuleID(r.PostFormValue("rule"))
	version, verr := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	day, derr := domain.ParseDate(strings.TrimSpace(r.PostFormValue("date")))
	if !ok || verr != nil {
		h.notFound(w, r)
		return
	}
	if derr != nil {
		h.fail(w, r, l, u, domain.Errorf(domain.EINVALID, "%s", l.S("error_bad_date", "Value", r.PostFormValue("date"))))
		return
	}
	a := app.Action{Rule: rule, Subject: r.PostFormValue("subject"), Period: r.PostFormValue("period"), Date: day}
	if _, err := h.app.Act(r.Context(), u, bin, version, a); err != nil {
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return
	}
	next := "/employers/" + url.PathEscape(bin)
	if as := r.PostFormValue("as_of"); as != "" {
		if _, err := domain.ParseDate(as); err == nil {
			next += "?as_of=" + as
		}
	}
	http.Redirect(w, r, withSaved(next+"#"+anchor(rule.String(), a.Subject, a.Period)), http.StatusSeeOther)
}

// employerNew shows the form of a new employer: GET /employers/new.
func (h *handler) employerNew(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	rec := &domain.Records{}
	p := h.newEmployerForm(l, u, rec, url.Values{})
	h.render(w, r, "form.html", &page{L: l, User: u, Nav: "employers", Title: l.S("employer_new"), Data: p})
}

// newEmployerForm is the employer's form with the BIN first.
func (h *handler) newEmployerForm(l *locale, u *app.User, rec *domain.Records, values url.Values) *formPage {
	t := editTarget{kind: employerKind, index: 0}
	p := h.formData(l, u, rec, t, nil, 0, values, values)
	p.New, p.CanDelete, p.Back = true, false, "/employers"
	bin := fieldView{field: field{Name: "bin", Type: "text", Label: "col_bin", Required: true, Max: 12, Hint: "f_bin_hint"},
		ID: "f-bin", Values: values["bin"]}
	p.Fields = append([]fieldView{bin}, p.Fields...)
	return p
}

// employerCreate creates an employer from its form: POST /employers/new.
// The BIN is the one thing the employer's own form cannot change; the rest
// is the employer's form, and the records go through app.ReplaceRecords
// (version 0: the employer must not exist yet).
func (h *handler) employerCreate(w http.ResponseWriter, r *http.Request) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, l, u, domain.Errorf(domain.EINVALID, "%s", l.S("error_bad_form")))
		return
	}
	values := url.Values{"bin": {strings.TrimSpace(r.PostForm.Get("bin"))}}
	for _, f := range employerKind.Fields() {
		values[f.Name] = r.PostForm[f.Name]
	}
	rec := &domain.Records{Employer: domain.Employer{BIN: values.Get("bin")}}
	bad := employerKind.Apply(rec, nil, 0, cloneValues(values))
	var err error
	if len(bad) == 0 {
		_, err = h.app.ReplaceRecords(r.Context(), u, rec, 0)
		if err == nil {
			http.Redirect(w, r, withSaved("/employers/"+url.PathEscape(rec.Employer.BIN)+"/records"), http.StatusSeeOther)
			return
		}
		if c := domain.ErrorCode(err); c != domain.EINVALID && c != domain.ECONFLICT {
			h.fail(w, r, l, u, err)
			return
		}
	}
	p := h.newEmployerForm(l, u, &domain.Records{}, values)
	lang, _ := i18n.Parse(l.Tag)
	fl := i18n.For(lang)
	for i := range p.Fields {
		f := &p.Fields[i]
		if key := bad[f.Name]; key != "" {
			f.Problem = l.S(key)
		}
	}
	if err != nil {
		p.place(fl, domain.Path{{Key: "employer", Index: -1}}, err) // an employer with this BIN exists: above the form
	}
	h.render(w, r, "form.html", &page{L: l, User: u, Nav: "employers", Status: http.StatusUnprocessableEntity,
		Title: l.S("employer_new"), Data: p})
}
