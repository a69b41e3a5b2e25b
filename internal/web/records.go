package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/dashboard"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/workcal"
)

// empHead is what every page of one employer shows above its tabs.
type empHead struct {
	BIN, Name string
	Size      domain.Size
	Workers   int
	Version   int64
	Tab       string // findings, workers, records, history
	CanWrite  bool
	Saved     bool // reached by a save: say so
}

func newHead(rec *domain.Records, version int64, u *app.User, tab string, r *http.Request) empHead {
	return empHead{BIN: rec.Employer.BIN, Name: rec.Employer.Name, Size: rec.Employer.Size, Workers: len(rec.Workers),
		Version: version, Tab: tab, CanWrite: auth.Can(u.Role, auth.ActionWrite), Saved: r.URL.Query().Get("saved") == "1"}
}

// item is a record of a list with its place in the list (the form's i):
// lists are shown sorted, and edited by place.
type item[T any] struct {
	I   int
	Rec T
}

func items[T any](l []T, cmpf func(a, b T) int) []item[T] {
	out := make([]item[T], len(l))
	for i := range l {
		out[i] = item[T]{i, l[i]}
	}
	slices.SortStableFunc(out, func(a, b item[T]) int { return cmpf(a.Rec, b.Rec) })
	return out
}

// records reads an employer's records for a page, or writes the error page.
func (h *handler) records(w http.ResponseWriter, r *http.Request) (*locale, *app.User, *domain.Records, int64, bool) {
	l := h.locales.of(r)
	u := h.user(w, r, l)
	if u == nil {
		return nil, nil, nil, 0, false
	}
	bin := r.PathValue("bin")
	rec, v, err := h.app.Records(r.Context(), u, bin)
	if err != nil {
		h.fail(w, r, l, u, h.employerErr(l, bin, err))
		return nil, nil, nil, 0, false
	}
	return l, u, rec, v, true
}

// workersPage is the data of an employer's workers list.
type workersPage struct {
	Head    empHead
	Query   string
	Workers []workerRow
	Pager   pager
}

type workerRow struct {
	domain.Worker
	Permit *domain.Permit // the latest permit, if any
}

// workerList lists an employer's workers: GET /employers/{bin}/workers.
func (h *handler) workerList(w http.ResponseWriter, r *http.Request) {
	l, u, rec, v, ok := h.records(w, r)
	if !ok {
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	needle := strings.ToLower(q)
	d := workersPage{Head: newHead(rec, v, u, "workers", r), Query: q}
	var all []workerRow
	for i := range rec.Workers {
		wk := &rec.Workers[i]
		if needle != "" && !strings.Contains(strings.ToLower(wk.Name), needle) && !strings.Contains(strings.ToLower(wk.ID), needle) {
			continue
		}
		row := workerRow{Worker: *wk}
		for j := range wk.Permits {
			if p := &wk.Permits[j]; row.Permit == nil || p.To > row.Permit.To {
				row.Permit = p
			}
		}
		all = append(all, row)
	}
	slices.SortStableFunc(all, func(a, b workerRow) int { return cmp.Compare(a.Name, b.Name) })
	pageNo := pageNumber(r.URL.Query().Get("page"))
	lo := min((pageNo-1)*pageSize, len(all))
	d.Workers = all[lo:min(lo+pageSize, len(all))]
	d.Pager = newPager(pageNo, len(all), len(d.Workers), func(p int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/employers/" + rec.Employer.BIN + "/workers"
		}
		return "/employers/" + rec.Employer.BIN + "/workers?" + v.Encode()
	})
	if d.Pager.pastEnd(w, r) {
		return
	}
	h.render(w, r, "workers.html", &page{L: l, User: u, Nav: "employers", Title: rec.Employer.Name, Data: d})
}

// workerPage is the data of a worker's page.
type workerPage struct {
	Head      empHead
	W         domain.Worker
	Today     domain.Date
	Permits   []permitRow
	Trips     []item[domain.Trip]
	Addresses []item[domain.AddressChange]
	Apps      []item[domain.Application]
	Docs      []docRow
	// FileError is why an upload was refused, shown by the documents.
	FileError string
	Timeline  timelineView
	Plan      *planView
	// PlanRegions are the choices of the planned trip's region.
	PlanRegions []optionView
	Documents   *DocumentsPanel
}

// permitRow is a permit with its place in the extension history.
type permitRow struct {
	I   int
	P   domain.Permit
	By  string // the number of the permit that took over from it, if any
	Now bool   // valid today
}

// planView is a planned trip's check: the form's values and, once asked,
// what the trip would do.
type planView struct {
	Region, From, To string
	Problems         []string
	Result           *app.TripPlan
	New, Gone        []string // findings the trip would add or clear, in words
}

// timelineView is a year of the worker's trips, drawn as months of days.
type timelineView struct {
	rules.TripTimeline
	PrevYear, NextYear int
	Months             []monthRow
	// Planned is the index of the first trip that is planned, not recorded:
	// a timeline with a planned trip shows it among the recorded ones.
	Planned int
}

type monthRow struct {
	Name string
	Days []dayCell
}

// dayCell is a day of the timeline. Class names what it is: counted (a
// trip day that counts against the limit), trip (a trip day in a permit's
// region), off (a non-working day), due (a notice deadline), over (a
// counted day past the limit); Title says it in words.
type dayCell struct {
	N     int
	Class string
	Title string
}

// workerShow shows a worker and their records: GET
// /employers/{bin}/workers/{id}?year=Y&plan_region=&plan_from=&plan_to=.
func (h *handler) workerShow(w http.ResponseWriter, r *http.Request) {
	h.workerRender(w, r, "", http.StatusOK)
}

// workerRender writes a worker's page with status, and with fileError (an
// upload's refusal) by the documents when it is not "".
func (h *handler) workerRender(w http.ResponseWriter, r *http.Request, fileError string, status int) {
	l, u, rec, v, ok := h.records(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	var wk *domain.Worker
	for i := range rec.Workers {
		if rec.Workers[i].ID == id {
			wk = &rec.Workers[i]
		}
	}
	if wk == nil {
		h.notFound(w, r)
		return
	}
	today := h.app.Today()
	d := workerPage{Head: newHead(rec, v, u, "workers", r), W: *wk, Today: today,
		Trips:     items(wk.Trips, func(a, b domain.Trip) int { return cmp.Compare(b.From, a.From) }),
		Addresses: items(wk.AddressChanges, func(a, b domain.AddressChange) int { return cmp.Compare(b.Date, a.Date) }),
		Apps:      items(wk.Applications, func(a, b domain.Application) int { return cmp.Compare(b.Filed, a.Filed) }),
		FileError: fileError,
	}
	files, err := h.app.Attachments(r.Context(), u, rec.Employer.BIN, wk.ID)
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	d.Docs = docRows(l, wk.Documents, files)
	d.Permits = permitHistory(wk.Permits, today)
	d.Documents = workerDocuments(l, rec.Employer.BIN, wk)
	year := today.Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= domain.MinYear && y <= domain.MaxYear {
		year = y
	}
	lang, _ := i18n.Parse(l.Tag)
	q := r.URL.Query()
	if q.Has("plan_from") {
		d.Plan = h.planTrip(r, l, u, rec.Employer.BIN, wk, lang, q.Get("plan_region"), q.Get("plan_from"), q.Get("plan_to"))
		if d.Plan.Result != nil && len(d.Plan.Result.Years) > 0 {
			year = d.Plan.Result.Years[0].Year
		}
	}
	// The records are read already: the timeline is counted on them by the
	// engine's own code (as app.TripTimeline does), not read again.
	d.Timeline = timelineOf(l, h.app.Engine().TripTimeline(wk, year))
	d.Timeline.Planned = len(wk.Trips)
	for _, o := range regionOptions(l) {
		d.PlanRegions = append(d.PlanRegions, optionView{option: o, Selected: d.Plan != nil && d.Plan.Region == o.Value})
	}
	if d.Plan != nil && d.Plan.Result != nil {
		for _, py := range d.Plan.Result.Years {
			if py.Year == year {
				d.Timeline = timelineOf(l, py.After)
				d.Timeline.Planned = len(wk.Trips)
			}
		}
	}
	h.render(w, r, "worker.html", &page{L: l, User: u, Nav: "employers", Title: wk.Name, Data: d, Status: status})
}

// planTrip checks a planned trip through the application layer: nothing
// is stored.
func (h *handler) planTrip(r *http.Request, l *locale, u *app.User, bin string, wk *domain.Worker, lang i18n.Lang, region, from, to string) *planView {
	p := &planView{Region: strings.TrimSpace(region), From: strings.TrimSpace(from), To: strings.TrimSpace(to)}
	trip := domain.Trip{Region: domain.Region(p.Region)}
	var err error
	if trip.From, err = domain.ParseDate(p.From); err != nil {
		p.Problems = append(p.Problems, l.S("f_trip_from")+": "+l.S("form_bad_date"))
	}
	if trip.To, err = domain.ParseDate(p.To); err != nil {
		p.Problems = append(p.Problems, l.S("f_trip_to")+": "+l.S("form_bad_date"))
	}
	if len(p.Problems) > 0 {
		return p
	}
	fl := i18n.For(lang)
	res, err := h.app.PlanTrip(r.Context(), u, bin, wk.ID, trip, h.app.Today(), lang)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Problems != nil {
			for _, pr := range de.Problems.List {
				p.Problems = append(p.Problems, fl.Problem(pr, nil))
			}
		} else {
			p.Problems = append(p.Problems, fl.Error(err))
		}
		return p
	}
	p.Result = res
	title := func(k app.FindingKey) string {
		s := fl.Title(k.Rule)
		if k.Period != "" {
			s += " (" + l.Period(k.Period) + ")"
		}
		return s
	}
	for _, k := range res.WhatIf.New {
		p.New = append(p.New, title(k))
	}
	for _, k := range res.WhatIf.Gone {
		p.Gone = append(p.Gone, title(k))
	}
	return p
}

// permitHistory orders permits by start and marks each that a later one
// took over (a permit for one of its regions starting before or the day
// after it ends): the extension history, superseded permits included.
func permitHistory(ps []domain.Permit, today domain.Date) []permitRow {
	rows := make([]permitRow, len(ps))
	for i, p := range ps {
		rows[i] = permitRow{I: i, P: p, Now: p.Covers(today)}
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].P.From < rows[b].P.From })
	for i := range rows {
		for j := i + 1; j < len(rows); j++ {
			next := &rows[j].P
			if next.From > rows[i].P.From && next.From <= rows[i].P.To.AddDays(1) && sharesRegion(&rows[i].P, next) {
				rows[i].By = next.Number
				break
			}
		}
	}
	slices.Reverse(rows) // newest first
	return rows
}

func sharesRegion(a, b *domain.Permit) bool {
	for _, r := range a.Regions {
		if b.HasRegion(r) {
			return true
		}
	}
	return false
}

// timelineOf draws a timeline's year: a row of days per month.
func timelineOf(l *locale, tl rules.TripTimeline) timelineView {
	v := timelineView{TripTimeline: tl, PrevYear: tl.Year - 1, NextYear: tl.Year + 1}
	jan1 := domain.NewDate(tl.Year, time.January, 1)
	days := domain.NewDate(tl.Year+1, time.January, 1) - jan1
	class := make([]string, days)
	title := make([]string, days)
	add := func(d domain.Date, c, t string) {
		i := int(d - jan1)
		if i < 0 || i >= len(class) {
			return
		}
		if class[i] != "" {
			class[i] += " "
			title[i] += "; "
		}
		class[i] += c
		title[i] += t
	}
	for _, nw := range tl.NonWorking {
		add(nw.Date, "off", l.holiday(nw))
	}
	for _, t := range tl.Trips {
		counted := map[domain.Date]bool{}
		for _, run := range t.Counted {
			for d := run.From; d <= run.To; d++ {
				counted[d] = true
			}
		}
		for d := max(t.From, jan1); d <= t.To && d < jan1+days; d++ {
			switch {
			case counted[d] && !tl.ExceedsOn.IsZero() && d >= tl.ExceedsOn:
				add(d, "over", l.S("tl_over", "Region", l.fl.Region(t.Region)))
			case counted[d]:
				add(d, "counted", l.S("tl_counted", "Region", l.fl.Region(t.Region)))
			default:
				add(d, "trip", l.S("tl_trip", "Region", l.fl.Region(t.Region)))
			}
		}
		if !t.NoticeDue.IsZero() {
			add(t.NoticeDue, "due", l.S("tl_due", "Date", l.DateShort(t.From)))
		}
	}
	names := strings.Fields(l.S("months_short"))
	for m := time.January; m <= time.December; m++ {
		first := domain.NewDate(tl.Year, m, 1)
		row := monthRow{Name: l.fl.Month(first)}
		if len(names) == 12 {
			row.Name = names[m-1]
		}
		for d := first; d.YearMonth() == first.YearMonth(); d++ {
			i := int(d - jan1)
			_, _, dn := d.Civil()
			row.Days = append(row.Days, dayCell{N: dn, Class: class[i], Title: l.DateShort(d) + optPrefix(title[i])})
		}
		v.Months = append(v.Months, row)
	}
	return v
}

func optPrefix(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

// ItemSubject names what a dashboard item is about: a worker by name and
// id, else as Subject does.
func (l *locale) ItemSubject(it dashboard.Item) (string, error) {
	if it.Args.Name != "" && it.Subject != "employer" {
		return it.Args.Name + " (" + it.Subject + ")", nil
	}
	return l.Subject(it.Subject)
}

// Basis names a worker's basis for working.
func (l *locale) Basis(b domain.Basis) string { return l.fl.Basis(string(b)) }

// Education names a level of education.
func (l *locale) Education(e domain.EducationLevel) string { return l.fl.T("doc.level." + string(e)) }

// DocumentKind names a kind of a worker's document.
func (l *locale) DocumentKind(k domain.DocumentKind) string { return l.fl.T("doc.kind." + string(k)) }

// Region names a region.
func (l *locale) Region(r domain.Region) string { return l.fl.Region(r) }

// Category names a category ("3-я категория"), "" for none.
func (l *locale) Category(c domain.Category) string {
	if c == domain.CategoryNone {
		return ""
	}
	return l.S("category_" + c.String())
}

// DateTime writes a moment in Almaty time: the date and the time of day.
func (l *locale) DateTime(t time.Time) string {
	at := t.In(domain.Almaty())
	return l.DateShort(domain.DateOf(at)) + " " + at.Format("15:04")
}

// holiday names a non-working day in the page's language.
func (l *locale) holiday(d workcal.Day) string {
	switch d.Kind {
	case "weekend":
		return l.S("tl_weekend")
	}
	return l.S("tl_holiday")
}

// recordsPage is the data of the employer's own records.
type recordsPage struct {
	Head      empHead
	E         domain.Employer
	Reports   []item[domain.Report]
	Plans     []item[domain.QuotaPlan]
	QuotaApps []item[domain.QuotaApplication]
	Penalties []item[domain.Penalty]
	Figures   []item[domain.MonthlyFigures]
	Contracts []item[domain.QuotaContract]
	Documents *DocumentsPanel
	Logo      *app.Logo // the letterhead's logo, without its bytes; nil for none
}

// recordsShow shows the employer's own records: GET /employers/{bin}/records.
func (h *handler) recordsShow(w http.ResponseWriter, r *http.Request) {
	l, u, rec, v, ok := h.records(w, r)
	if !ok {
		return
	}
	d := recordsPage{Head: newHead(rec, v, u, "records", r), E: rec.Employer,
		Reports: items(rec.Reports, func(a, b domain.Report) int { return cmp.Compare(b.Month, a.Month) }),
		Plans: items(rec.QuotaPlans, func(a, b domain.QuotaPlan) int {
			return cmp.Or(cmp.Compare(b.Year, a.Year), cmp.Compare(a.Region, b.Region))
		}),
		QuotaApps: items(rec.QuotaApplications, func(a, b domain.QuotaApplication) int {
			return cmp.Or(cmp.Compare(b.Year, a.Year), cmp.Compare(a.Region, b.Region))
		}),
		Penalties: items(rec.Penalties, func(a, b domain.Penalty) int { return cmp.Compare(b.Date, a.Date) }),
		Figures:   items(rec.MonthlyFigures, func(a, b domain.MonthlyFigures) int { return cmp.Compare(b.Month, a.Month) }),
		Contracts: items(rec.QuotaContracts, func(a, b domain.QuotaContract) int { return cmp.Compare(b.Date, a.Date) }),
		Documents: employerDocuments(l, rec, h.app.Today()),
	}
	var err error
	if d.Logo, err = h.app.LogoInfo(r.Context(), u, rec.Employer.BIN); err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	h.render(w, r, "records.html", &page{L: l, User: u, Nav: "employers", Title: rec.Employer.Name, Data: d})
}

// historyPage is the data of an employer's history.
type historyPage struct {
	Head    empHead
	Entries []historyEntry
	Older   int64 // the id to page back from; 0 when there is no more
}

type historyEntry struct {
	At      time.Time
	Actor   string
	Action  string
	Changes []string
}

// historyShow lists who changed an employer's records, what and when:
// GET /employers/{bin}/history?before=ID.
func (h *handler) historyShow(w http.ResponseWriter, r *http.Request) {
	l, u, rec, v, ok := h.records(w, r)
	if !ok {
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	const n = 20
	log, err := h.app.Audit(r.Context(), u, app.AuditFilter{Entities: app.EmployerEntities(), Key: rec.Employer.BIN, BeforeID: max(before, 0), Limit: n + 1})
	if err != nil {
		h.fail(w, r, l, u, err)
		return
	}
	d := historyPage{Head: newHead(rec, v, u, "history", r)}
	if len(log) > n {
		log = log[:n]
		d.Older = log[n-1].ID
	}
	names := map[string]string{}
	for _, wk := range rec.Workers {
		names[wk.ID] = wk.Name
	}
	for _, e := range log {
		actor := e.Actor
		if e.ActorUserID == 0 {
			// The operator's tools (the server itself, the command line):
			// named in the page's language.
			actor = l.S("history_system")
			if e.Actor == "cli" {
				actor = l.S("history_cli")
			}
		}
		d.Entries = append(d.Entries, historyEntry{At: e.At, Actor: actor, Action: l.S("audit_" + e.Action),
			Changes: changes(l, e, names)})
	}
	h.render(w, r, "history.html", &page{L: l, User: u, Nav: "employers", Title: rec.Employer.Name, Data: d})
}

// changes says what an audit entry changed: the parts of the records its
// patch touches (the employer's fields, a worker's lists, the employer's
// lists), in words.
func changes(l *locale, e app.AuditEntry, names map[string]string) []string {
	doc := e.After
	if len(doc) == 0 || string(doc) == "null" {
		doc = e.Before
	}
	switch e.Entity {
	case store.EntityAttachment:
		return fileChange(l, doc, names)
	case store.EntityLogo:
		return logoChange(l, doc)
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(doc, &top) != nil {
		return nil
	}
	var out []string
	for _, k := range sortedKeys(top) {
		switch k {
		case "employer":
			var f map[string]json.RawMessage
			_ = json.Unmarshal(top[k], &f)
			out = append(out, l.S("kind_employer")+": "+strings.Join(fieldWords(l, "employer", sortedKeys(f)), ", "))
		case "workers":
			var ws map[string]json.RawMessage
			if json.Unmarshal(top[k], &ws) != nil {
				out = append(out, l.S("kind_workers")) // an old entry: workers as a list
				continue
			}
			if len(ws) > maxWorkersNamed {
				// An import or a new employer: the count says enough.
				out = append(out, l.S("history_workers", "Count", len(ws)))
				continue
			}
			for _, id := range sortedKeys(ws) {
				who := id
				if n := names[id]; n != "" {
					who = n + " (" + id + ")"
				}
				var f map[string]json.RawMessage
				if string(ws[id]) == "null" {
					out = append(out, l.S("history_worker_removed", "Name", who))
					continue
				}
				_ = json.Unmarshal(ws[id], &f)
				out = append(out, l.S("history_worker", "Name", who)+": "+strings.Join(fieldWords(l, "workers", sortedKeys(f)), ", "))
			}
		default:
			out = append(out, l.S("kind_"+k))
		}
	}
	return out
}

// maxWorkersNamed is how many workers' changes an entry of the history
// lists one by one; more are counted.
const maxWorkersNamed = 10

// fieldWords names the fields of a patch: a list by its kind's name, a
// field by its form label.
func fieldWords(l *locale, in string, keys []string) []string {
	labels := map[string]string{}
	k := kinds[in]
	if k == nil {
		k = employerKind
	}
	for _, f := range k.Fields() {
		name, _, _ := strings.Cut(f.Name, ".")
		if _, ok := labels[name]; !ok {
			labels[name] = l.S(f.Label)
		}
	}
	labels["staff_kz"] = l.S("f_staff_kz")
	labels["contract"] = l.S("f_contract")
	out := make([]string, 0, len(keys))
	for _, key := range keys {
		switch {
		case kinds[key] != nil:
			out = append(out, l.S("kind_"+key))
		case labels[key] != "":
			out = append(out, labels[key])
		default:
			out = append(out, l.S("history_personal")) // sealed personal data
		}
	}
	return slices.Compact(out)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
