package app

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// FindingKey identifies a finding: its rule, subject and period.
type FindingKey struct {
	Rule    domain.RuleID
	Subject string
	Period  string
}

// KeyOf returns the key of f.
func KeyOf(f *domain.Finding) FindingKey {
	return FindingKey{Rule: f.Rule, Subject: f.Subject, Period: f.Period}
}

// WhatIfResult is what some additions to an employer's records would do:
// the evaluation of the records with them, and the findings that this
// changes, compared with the evaluation of the stored records on the same
// date.
type WhatIfResult struct {
	// Evaluation is the evaluation of the stored records with the
	// additions, told in the language asked for: what the findings route
	// would answer if they were stored.
	Evaluation rules.Result
	// New are the findings that appear, Changed those whose severity,
	// status, due date, fine or facts change, in the evaluation's order;
	// Gone those that disappear, in the order of the evaluation without the
	// additions.
	New, Changed, Gone []FindingKey
	// Version is the version of the stored records the additions were
	// merged into: a form that saves them next names it.
	Version int64
}

// WhatIf evaluates employer bin's stored records with additions on asOf,
// without storing anything: no version moves, no audit entry is written.
// Any user who may read the employer may ask (viewers too); ENOTFOUND
// when there is no such employer or u may not see it.
//
// The additions are shaped like the employer's records and hold only what
// is added to them:
//   - a worker whose id is a stored worker's adds its permits, trips,
//     address changes and applications to that worker's lists, but a trip
//     (same region, first and last day) or an address change (same day)
//     recorded without a notified date takes the added one instead of
//     being repeated ("what if it is notified on ..."); of the worker's
//     other fields, one the stored worker lacks (an end date, a contract or
//     one of its dates) is taken, one equal to the stored value is ignored,
//     and one that differs is EINVALID (a what-if adds, it does not change);
//   - a worker with any other id is a new worker;
//   - reports, quota plans, quota applications and penalties are appended
//     to the employer's;
//   - the employer's staff counts (StaffKZ, TotalEmployees), figures with no
//     history, replace the stored ones when given; the employer's other
//     fields must be left empty (its BIN may be bin), or EINVALID.
//
// The combined records pass the records validator (EINVALID with its
// problems otherwise): a problem with an added value is placed in the
// additions (workers[0].trips[1].to, the additions' own indexes), any
// other stays at its place in the stored records (as Records returns
// them).
func (a *App) WhatIf(ctx context.Context, u *User, bin string, asOf domain.Date, lang i18n.Lang, additions *domain.Records) (WhatIfResult, error) {
	res, _, err := a.whatIf(ctx, u, bin, asOf, lang, additions, nil)
	return res, err
}

// whatIfRecords are the records a what-if compared.
type whatIfRecords struct{ stored, combined *domain.Records }

// whatIf is WhatIf, returning the records it compared too. check, when
// given, judges the stored records before anything is merged.
func (a *App) whatIf(ctx context.Context, u *User, bin string, asOf domain.Date, lang i18n.Lang, additions *domain.Records, check func(*domain.Records) error) (WhatIfResult, whatIfRecords, error) {
	var recs whatIfRecords
	if err := require(u, auth.ActionRead); err != nil {
		return WhatIfResult{}, recs, err
	}
	if err := domain.CheckAsOf(asOf); err != nil {
		return WhatIfResult{}, recs, err
	}
	stored, version, err := a.Records(ctx, u, bin)
	if err != nil {
		return WhatIfResult{}, recs, err
	}
	if check != nil {
		if err := check(stored); err != nil {
			return WhatIfResult{}, recs, err
		}
	}
	if additions == nil {
		additions = &domain.Records{}
	}
	combined, pl, err := merge(stored, additions)
	if err != nil {
		return WhatIfResult{}, recs, err
	}
	if ps := combined.Validate(); ps != nil {
		return WhatIfResult{}, recs, pl.place(ps).Err()
	}
	// The two evaluations are independent (the engine is safe for
	// concurrent use and writes into neither records): on two cores, the
	// answer takes the time of one.
	done := make(chan rules.Result, 1)
	go func() { done <- a.engine.Evaluate(stored, asOf) }()
	after, err := EvaluateRecords(a.engine, combined, asOf, lang)
	before := <-done
	if err != nil {
		return WhatIfResult{}, recs, err
	}
	res := WhatIfResult{Evaluation: after, Version: version}
	res.New, res.Changed, res.Gone = compareFindings(before.Findings, after.Findings)
	recs.stored, recs.combined = stored, combined
	return res, recs, nil
}

// compareFindings returns the keys of the findings of after that are not
// in before (new), those in both whose severity, status, due date, fine or
// facts differ (changed), and those of before not in after (gone). The
// lists are empty, not nil.
func compareFindings(before, after []domain.Finding) (added, changed, gone []FindingKey) {
	added, changed, gone = []FindingKey{}, []FindingKey{}, []FindingKey{}
	old := make(map[FindingKey]int, len(before))
	for i := range before {
		old[KeyOf(&before[i])] = i
	}
	kept := make([]bool, len(before))
	for i := range after {
		f := &after[i]
		k := KeyOf(f)
		j, ok := old[k]
		switch {
		case !ok:
			added = append(added, k)
		case !sameStanding(&before[j], f):
			changed = append(changed, k)
		}
		if ok {
			kept[j] = true
		}
	}
	for i := range before {
		if !kept[i] {
			gone = append(gone, KeyOf(&before[i]))
		}
	}
	return added, changed, gone
}

// sameStanding reports whether two findings of one key stand alike: the
// same severity, status, due date, fine and facts.
func sameStanding(a, b *domain.Finding) bool {
	if a.Severity != b.Severity || a.Status != b.Status || a.Due != b.Due || !sameFine(a.Fine, b.Fine) || len(a.Facts) != len(b.Facts) {
		return false
	}
	for i := range a.Facts {
		if x, y := &a.Facts[i], &b.Facts[i]; *x != *y && (x.Key != y.Key || !bytes.Equal(x.AppendJSON(nil, ""), y.AppendJSON(nil, ""))) {
			// Equal facts are equal structs, but for a list, which is
			// equal when its items are.
			return false
		}
	}
	return true
}

func sameFine(a, b *domain.Fine) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Article != b.Article || a.Part != b.Part || a.MCI != b.MCI || a.Warning != b.Warning {
		return false
	}
	if a.KZT == nil || b.KZT == nil {
		return a.KZT == b.KZT
	}
	return *a.KZT == *b.KZT
}

// placement remembers where merge put each added value in the combined
// records, so that a validator problem there is told at its place in the
// additions.
type placement struct {
	workers int // stored workers: combined workers from here are new
	// newWorkers[i] is the additions' index of combined worker workers+i.
	newWorkers []int
	// items: the additions' worker and index of each item of a stored
	// worker's list that came from the additions (appended, or a stored item
	// whose notified date they filled in).
	items map[itemKey]itemRef
	// lists: the additions' first worker that added to a stored worker's
	// list (key: worker index and list name).
	lists map[listKey]int
	// fields: the stored workers' fields filled from the additions (key:
	// worker index and the field's path below the worker, "contract.signed").
	fields map[listKey]int
	// stored lengths of the employer's lists, by name.
	employerLists map[string]int
}

type listKey struct {
	worker int
	name   string
}

type itemKey struct {
	worker int
	list   string
	index  int
}

// itemRef is item index of the list of the additions' worker at worker.
type itemRef struct{ worker, index int }

// merge returns stored with additions (see WhatIf), sharing no list that
// it changes with stored, and where each added value went.
func merge(stored, add *domain.Records) (*domain.Records, *placement, error) {
	out := *stored
	pl := &placement{workers: len(stored.Workers), items: map[itemKey]itemRef{}, lists: map[listKey]int{}, fields: map[listKey]int{},
		employerLists: map[string]int{"reports": len(stored.Reports), "quota_plans": len(stored.QuotaPlans),
			"quota_applications": len(stored.QuotaApplications), "penalties": len(stored.Penalties)}}
	e := add.Employer
	if (e.BIN != "" && e.BIN != stored.Employer.BIN) || e.Name != "" || e.Size != "" || e.BranchOfForeign {
		return nil, nil, domain.Errorf(domain.EINVALID, "a what-if of employer %s adds records and staff counts; the employer's BIN, name, size and branch_of_foreign are left out", stored.Employer.BIN).
			Say("error.whatif_employer", "Code", stored.Employer.BIN)
	}
	if e.StaffKZ != nil {
		s := *e.StaffKZ
		out.Employer.StaffKZ = &s
	}
	if e.TotalEmployees != nil {
		n := *e.TotalEmployees
		out.Employer.TotalEmployees = &n
	}
	index := make(map[string]int, len(stored.Workers))
	for i := range stored.Workers {
		if _, dup := index[stored.Workers[i].ID]; !dup {
			index[stored.Workers[i].ID] = i
		}
	}
	out.Workers = slices.Clip(slices.Clone(stored.Workers))
	stored0 := make(map[listKey]int) // a stored worker's list's stored length
	for k := range add.Workers {
		aw := &add.Workers[k]
		i, ok := index[aw.ID]
		if !ok {
			pl.newWorkers = append(pl.newWorkers, k)
			out.Workers = append(out.Workers, *aw)
			continue
		}
		w := &out.Workers[i]
		if err := fill(w, aw, k, i, pl); err != nil {
			return nil, nil, err
		}
		n := &stored.Workers[i]
		extend(&w.Permits, aw.Permits, len(n.Permits), listKey{i, "permits"}, k, pl, stored0, nil)
		extend(&w.Trips, aw.Trips, len(n.Trips), listKey{i, "trips"}, k, pl, stored0, func(s *domain.Trip, a *domain.Trip) bool {
			return s.Region == a.Region && s.From == a.From && s.To == a.To && fillNotice(&s.Notified, a.Notified)
		})
		extend(&w.AddressChanges, aw.AddressChanges, len(n.AddressChanges), listKey{i, "address_changes"}, k, pl, stored0, func(s *domain.AddressChange, a *domain.AddressChange) bool {
			return s.Date == a.Date && fillNotice(&s.Notified, a.Notified)
		})
		extend(&w.Applications, aw.Applications, len(n.Applications), listKey{i, "applications"}, k, pl, stored0, nil)
	}
	out.Reports = append(slices.Clip(stored.Reports), add.Reports...)
	out.QuotaPlans = append(slices.Clip(stored.QuotaPlans), add.QuotaPlans...)
	out.QuotaApplications = append(slices.Clip(stored.QuotaApplications), add.QuotaApplications...)
	out.Penalties = append(slices.Clip(stored.Penalties), add.Penalties...)
	return &out, pl, nil
}

// fillNotice sets a stored notice's date *dst, when it is not recorded, to
// an added one, and reports whether it did.
func fillNotice(dst *domain.Date, v domain.Date) bool {
	if dst.IsZero() && !v.IsZero() {
		*dst = v
		return true
	}
	return false
}

// extend adds the items add (of the additions' worker from) to the list
// *dst of stored worker key.worker, whose first n items are the stored
// ones: an item that matches a stored one whose notified date is not
// recorded fills it in (match, nil for lists without notices), any other
// is appended. The stored list is never written to: the first change
// copies it.
func extend[T any](dst *[]T, add []T, n int, key listKey, from int, pl *placement, copied map[listKey]int, match func(stored, added *T) bool) {
	if len(add) == 0 {
		return
	}
	if _, ok := copied[key]; !ok {
		copied[key] = n
		*dst = slices.Clone(*dst)
		pl.lists[key] = from
	}
items:
	for m := range add {
		if match != nil {
			for j := 0; j < n; j++ {
				if match(&(*dst)[j], &add[m]) {
					pl.items[itemKey{key.worker, key.name, j}] = itemRef{from, m}
					continue items
				}
			}
		}
		pl.items[itemKey{key.worker, key.name, len(*dst)}] = itemRef{from, m}
		*dst = append(*dst, add[m])
	}
}

// fill takes into stored worker w (combined index i) the fields of aw (the
// additions' worker k) that w lacks; a field that both hold with different
// values is EINVALID.
func fill(w, aw *domain.Worker, k, i int, pl *placement) error {
	var bad string // the first field in conflict
	note := func(field string) func(filled, conflict bool) {
		return func(filled, conflict bool) {
			switch {
			case filled:
				pl.fields[listKey{i, field}] = k
			case conflict && bad == "":
				bad = field
			}
		}
	}
	note("name")(fillField(&w.Name, aw.Name))
	note("citizenship")(fillField(&w.Citizenship, aw.Citizenship))
	note("iin")(fillField(&w.IIN, aw.IIN))
	note("birth_date")(fillField(&w.BirthDate, aw.BirthDate))
	note("basis")(fillField(&w.Basis, aw.Basis))
	note("category")(fillField(&w.Category, aw.Category))
	note("position")(fillField(&w.Position, aw.Position))
	note("start")(fillField(&w.Start, aw.Start))
	note("end")(fillField(&w.End, aw.End))
	if ac := aw.Contract; ac != nil {
		var c domain.Contract
		if w.Contract != nil {
			c = *w.Contract
		}
		note("contract.signed")(fillField(&c.Signed, ac.Signed))
		note("contract.registered")(fillField(&c.Registered, ac.Registered))
		w.Contract = &c // a copy: the stored contract is not written to
	}
	if bad != "" {
		return domain.Errorf(domain.EINVALID, "workers[%d]: worker %s is recorded with another %s; a what-if adds to a worker's lists and fills in what is not recorded, it does not change what is", k, w.ID, bad).
			Say("error.whatif_worker_field", "Code", w.ID, "Name", bad)
	}
	return nil
}

// fillField sets *dst to v when *dst is the zero value and v is not
// (filled); conflict when both are set and differ.
func fillField[T comparable](dst *T, v T) (filled, conflict bool) {
	var zero T
	switch {
	case v == zero || v == *dst:
		return false, false
	case *dst == zero:
		*dst = v
		return true, false
	}
	return false, true
}

// place returns ps with each problem at a value that came from the
// additions placed in them; the others are left where they are.
func (pl *placement) place(ps *domain.Problems) *domain.Problems {
	out := &domain.Problems{More: ps.More, List: make([]domain.Problem, len(ps.List))}
	for i, p := range ps.List {
		p.Path = pl.path(p.Path)
		if p.Other != nil {
			p.Other = pl.path(p.Other)
		}
		out.List[i] = p
	}
	return out
}

// path returns the place in the additions of the value at p in the
// combined records, or p when the value is a stored one.
func (pl *placement) path(p domain.Path) domain.Path {
	if len(p) == 0 {
		return p
	}
	top := p[0]
	if n, ok := pl.employerLists[top.Key]; ok {
		if top.Index >= n {
			return with(p, 0, top.Key, top.Index-n)
		}
		return p
	}
	if top.Key != "workers" || top.Index < 0 {
		return p
	}
	i := top.Index
	if i >= pl.workers {
		if j := i - pl.workers; j < len(pl.newWorkers) {
			return with(p, 0, "workers", pl.newWorkers[j])
		}
		return p
	}
	if len(p) < 2 {
		return p
	}
	seg := p[1]
	if seg.Index >= 0 {
		if r, ok := pl.items[itemKey{i, seg.Key, seg.Index}]; ok {
			return with(with(p, 0, "workers", r.worker), 1, seg.Key, r.index)
		}
		return p
	}
	if k, ok := pl.lists[listKey{i, seg.Key}]; ok && len(p) == 2 {
		return with(p, 0, "workers", k) // the list itself (too many items)
	}
	keys := make([]string, 0, len(p)-1)
	for _, s := range p[1:] {
		keys = append(keys, s.Key)
	}
	if k, ok := pl.fields[listKey{i, strings.Join(keys, ".")}]; ok {
		return with(p, 0, "workers", k)
	}
	return p
}

// with returns a copy of p whose segment at is key[index].
func with(p domain.Path, at int, key string, index int) domain.Path {
	q := slices.Clone(p)
	q[at] = domain.PathSeg{Key: key, Index: index}
	return q
}
