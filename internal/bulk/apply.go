package bulk

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Changes counts what Apply changed in an employer's records; Figures
// counts months.
type Changes struct {
	WorkersAdded, WorkersUpdated     int
	PermitsAdded, PermitsUpdated     int
	TripsAdded, TripsUpdated         int
	DocumentsAdded, DocumentsUpdated int
	FiguresAdded, FiguresUpdated     int
	ContractsAdded, ContractsUpdated int
	// EmployerUpdated is 1 when the employer's letterhead (address, phone,
	// email, director) changed.
	EmployerUpdated int
}

// Add returns the sum of c and d.
func (c Changes) Add(d Changes) Changes {
	return Changes{
		WorkersAdded: c.WorkersAdded + d.WorkersAdded, WorkersUpdated: c.WorkersUpdated + d.WorkersUpdated,
		PermitsAdded: c.PermitsAdded + d.PermitsAdded, PermitsUpdated: c.PermitsUpdated + d.PermitsUpdated,
		TripsAdded: c.TripsAdded + d.TripsAdded, TripsUpdated: c.TripsUpdated + d.TripsUpdated,
		DocumentsAdded: c.DocumentsAdded + d.DocumentsAdded, DocumentsUpdated: c.DocumentsUpdated + d.DocumentsUpdated,
		FiguresAdded: c.FiguresAdded + d.FiguresAdded, FiguresUpdated: c.FiguresUpdated + d.FiguresUpdated,
		ContractsAdded: c.ContractsAdded + d.ContractsAdded, ContractsUpdated: c.ContractsUpdated + d.ContractsUpdated,
		EmployerUpdated: c.EmployerUpdated + d.EmployerUpdated,
	}
}

// None reports whether nothing changed.
func (c Changes) None() bool { return c == Changes{} }

// In says what changed in l's language (nil: English), the counts that are
// not zero joined by commas: "3 workers added, 2 documents added, 1 month
// of figures updated"; "nothing changed" when nothing did.
func (c Changes) In(l *i18n.Localizer) string {
	if l == nil {
		l = i18n.For(i18n.EN)
	}
	var parts []string
	for _, p := range []struct {
		n   int
		key string
	}{
		{c.WorkersAdded, "import.changes.workers_added"}, {c.WorkersUpdated, "import.changes.workers_updated"},
		{c.PermitsAdded, "import.changes.permits_added"}, {c.PermitsUpdated, "import.changes.permits_updated"},
		{c.TripsAdded, "import.changes.trips_added"}, {c.TripsUpdated, "import.changes.trips_updated"},
		{c.DocumentsAdded, "import.changes.documents_added"}, {c.DocumentsUpdated, "import.changes.documents_updated"},
		{c.FiguresAdded, "import.changes.figures_added"}, {c.FiguresUpdated, "import.changes.figures_updated"},
		{c.ContractsAdded, "import.changes.contracts_added"}, {c.ContractsUpdated, "import.changes.contracts_updated"},
		{c.EmployerUpdated, "import.changes.employer_updated"},
	} {
		if p.n > 0 {
			parts = append(parts, l.T(p.key, "Count", p.n))
		}
	}
	if len(parts) == 0 {
		return l.T("import.changes.none")
	}
	return strings.Join(parts, ", ")
}

// Apply merges the batch's records of the employer rec is about
// (rec.Employer.BIN) into rec. A worker is matched by id: a new one is
// added, a known one gets the fields its file has a column for, an empty
// cell clearing the field, while fields without a column stay as recorded.
// A permit is matched by number among the worker's permits, a trip by its
// first day and region, a document by its kind and number, a month's
// figures by the month and a contract with a customer by its number: a new
// one is added, a known one gets the values its file has columns for. So
// applying the same batch again changes nothing. The merged records must
// pass the records validator, as the store requires.
//
// Apply changes nothing and returns an error with code EINVALID when the
// batch has problems, or when the merged records do not pass the validator
// (its message then lists each problem at the file, row and column that
// gave the value, one a line, and its Problems are the validator's);
// ENOTFOUND when the batch holds no records of the employer or refers to a
// worker rec does not have; and ECONFLICT when a permit number is recorded
// for another worker.
func (b *Batch) Apply(rec *domain.Records) (Changes, error) {
	var ch Changes
	if n := b.Problems.Errors(); n > 0 {
		return ch, domain.Errorf(domain.EINVALID, "the import has %d problems; nothing is applied", n).Say("import.apply.problems", "Count", n)
	}
	e := b.Employer(rec.Employer.BIN)
	if e == nil {
		return ch, domain.Errorf(domain.ENOTFOUND, "the import holds no records of employer %s", rec.Employer.BIN).Say("import.apply.no_employer", "Code", rec.Employer.BIN)
	}
	index := make(map[string]int, len(rec.Workers)+len(e.Workers))
	owner := make(map[string]string) // permit number → worker id
	for i := range rec.Workers {
		w := &rec.Workers[i]
		index[w.ID] = i
		for _, p := range w.Permits {
			if p.Number != "" {
				owner[p.Number] = w.ID
			}
		}
	}
	// Check everything first, so that an error leaves rec as it was.
	added := 0
	for _, w := range e.Workers {
		if _, ok := index[w.ID]; !ok {
			if !w.Listed {
				return ch, domain.Errorf(domain.ENOTFOUND, "worker %q of employer %s is not recorded; the import has only permits, trips or documents for it", w.ID, e.BIN).
					Say("import.apply.not_recorded", "Name", w.ID, "Code", e.BIN)
			}
			added++
		}
		for _, p := range w.Permits {
			if o, ok := owner[p.Number]; ok && o != w.ID {
				return ch, domain.Errorf(domain.ECONFLICT, "permit %q is recorded for worker %q; the import gives it to worker %q", p.Number, o, w.ID).
					Say("import.apply.permit_owner", "Code", p.Number, "Name", o, "Other", w.ID)
			}
		}
	}
	// Merge into a copy of the workers: a recorded worker's permits and
	// trips are copied before they change, so that rec changes only once
	// the merged records pass the validator.
	recorded := len(rec.Workers)
	workers := make([]domain.Worker, recorded, recorded+added)
	copy(workers, rec.Workers)
	for _, w := range e.Workers {
		i, ok := index[w.ID]
		if !ok {
			workers = append(workers, w.clone())
			index[w.ID] = len(workers) - 1
			ch.WorkersAdded++
			ch.PermitsAdded += len(w.Permits)
			ch.TripsAdded += len(w.Trips)
			ch.DocumentsAdded += len(w.Documents)
			continue
		}
		dst := &workers[i]
		if w.Listed && w.update(dst) {
			ch.WorkersUpdated++
		}
		ownPermits, ownTrips := false, false
		for _, p := range w.Permits {
			j := slices.IndexFunc(dst.Permits, func(q domain.Permit) bool { return q.Number == p.Number })
			if j >= 0 && samePermit(&dst.Permits[j], &p) {
				continue
			}
			if !ownPermits {
				dst.Permits, ownPermits = slices.Clone(dst.Permits), true
			}
			if j < 0 {
				p.Regions = slices.Clone(p.Regions)
				dst.Permits = append(dst.Permits, p)
				ch.PermitsAdded++
				continue
			}
			q := &dst.Permits[j]
			q.Regions, q.From, q.To = slices.Clone(p.Regions), p.From, p.To
			ch.PermitsUpdated++
		}
		for k, t := range w.Trips {
			j := slices.IndexFunc(dst.Trips, func(u domain.Trip) bool { return u.From == t.From && u.Region == t.Region })
			if j >= 0 {
				u := &dst.Trips[j]
				if u.To == t.To && (!w.tripNotified[k] || u.Notified == t.Notified) {
					continue
				}
			}
			if !ownTrips {
				dst.Trips, ownTrips = slices.Clone(dst.Trips), true
			}
			if j < 0 {
				dst.Trips = append(dst.Trips, t)
				ch.TripsAdded++
				continue
			}
			u := &dst.Trips[j]
			u.To = t.To
			if w.tripNotified[k] {
				u.Notified = t.Notified
			}
			ch.TripsUpdated++
		}
		if len(w.Documents) > 0 {
			added, updated := w.mergeDocuments(dst, e.docRows[w], b.srcs)
			ch.DocumentsAdded += added
			ch.DocumentsUpdated += updated
		}
	}
	merged := *rec
	merged.Workers = workers
	merged.MonthlyFigures, ch.FiguresAdded, ch.FiguresUpdated = e.mergeFigures(rec.MonthlyFigures, b.srcs)
	merged.QuotaContracts, ch.ContractsAdded, ch.ContractsUpdated = e.mergeContracts(rec.QuotaContracts, b.srcs)
	if e.setLetterhead(&merged.Employer) {
		ch.EmployerUpdated = 1
	}
	if ps := merged.Validate(); ps != nil {
		return Changes{}, b.invalid(e, &merged, recorded, ps)
	}
	rec.Employer = merged.Employer
	rec.Workers, rec.MonthlyFigures, rec.QuotaContracts = workers, merged.MonthlyFigures, merged.QuotaContracts
	return ch, nil
}

// setLetterhead sets the letterhead's fields of dst whose columns the
// files have, and reports whether any changed.
func (e *Employer) setLetterhead(dst *domain.Employer) bool {
	changed := false
	for _, f := range []struct {
		f   field
		dst *string
		v   string
	}{
		{fEmpAddress, &dst.Address, e.Address}, {fEmpPhone, &dst.Phone, e.Phone}, {fEmpEmail, &dst.Email, e.Email},
		{fDirector, &dst.Director.Name, e.Director.Name}, {fDirectorPosition, &dst.Director.Position, e.Director.Position},
	} {
		if e.letterhead.has(f.f) && *f.dst != f.v {
			*f.dst, changed = f.v, true
		}
	}
	return changed
}

// invalid returns the EINVALID error of merged records that do not pass
// the validator, each problem placed at the cell that gave its value, or
// named by its path in the records when they are as recorded.
func (b *Batch) invalid(e *Employer, merged *domain.Records, recorded int, ps *domain.Problems) error {
	pl := &placer{srcs: b.srcs, bin: b.bin, e: e, rec: merged, merged: true, recorded: recorded, l: b.l}
	lines := make([]string, 0, len(ps.List)+1)
	placed := make(Problems, 0, len(ps.List)+1)
	for i := range ps.List {
		p, _ := pl.problem(&ps.List[i])
		lines = append(lines, p.String())
		placed = append(placed, p)
	}
	if ps.More > 0 {
		if b.l != nil && b.l.Lang() != i18n.EN {
			lines = append(lines, b.l.T("import.more", "Count", ps.More, "Code", e.BIN))
		} else {
			lines = append(lines, fmt.Sprintf("%d more problems with the records of employer %s are not listed; expected them fixed with those above", ps.More, e.BIN))
		}
	}
	if ps.More > 0 {
		placed = append(placed, Problem{Msg: lines[len(lines)-1]})
	}
	return &mergeError{&domain.Error{Code: domain.EINVALID, Message: strings.Join(lines, "\n"), Problems: ps}, placed}
}

// clone returns the worker as a record of its own, sharing nothing with the
// batch.
func (w *Worker) clone() domain.Worker {
	c := w.Worker
	if w.Contract != nil {
		k := *w.Contract
		c.Contract = &k
	}
	c.Permits = slices.Clone(w.Permits)
	for i := range c.Permits {
		c.Permits[i].Regions = slices.Clone(c.Permits[i].Regions)
	}
	c.Trips = slices.Clone(w.Trips)
	c.Documents = slices.Clone(w.Documents)
	if w.Passport != nil {
		p := *w.Passport
		c.Passport = &p
	}
	if w.Education != nil {
		e := *w.Education
		c.Education = &e
	}
	if w.ExperienceYears != nil {
		n := *w.ExperienceYears
		c.ExperienceYears = &n
	}
	return c
}

// update sets the fields of dst that the worker's file has a column for,
// and reports whether any changed.
func (w *Worker) update(dst *domain.Worker) bool {
	changed := false
	set := func(f field, same bool, assign func()) {
		if w.given.has(f) && !same {
			assign()
			changed = true
		}
	}
	src := &w.Worker
	set(fName, dst.Name == src.Name, func() { dst.Name = src.Name })
	set(fCitizenship, dst.Citizenship == src.Citizenship, func() { dst.Citizenship = src.Citizenship })
	set(fIIN, dst.IIN == src.IIN, func() { dst.IIN = src.IIN })
	set(fBirth, dst.BirthDate == src.BirthDate, func() { dst.BirthDate = src.BirthDate })
	set(fBasis, dst.Basis == src.Basis, func() { dst.Basis = src.Basis })
	set(fCategory, dst.Category == src.Category, func() { dst.Category = src.Category })
	set(fPosition, dst.Position == src.Position, func() { dst.Position = src.Position })
	set(fStart, dst.Start == src.Start, func() { dst.Start = src.Start })
	set(fEnd, dst.End == src.End, func() { dst.End = src.End })
	changed = w.updateDocuments(dst) || changed
	var signed, registered domain.Date
	if dst.Contract != nil {
		signed, registered = dst.Contract.Signed, dst.Contract.Registered
	}
	var newSigned, newRegistered domain.Date
	if src.Contract != nil {
		newSigned, newRegistered = src.Contract.Signed, src.Contract.Registered
	}
	set(fSigned, signed == newSigned, func() { signed = newSigned })
	set(fRegistered, registered == newRegistered, func() { registered = newRegistered })
	if w.given.has(fSigned) || w.given.has(fRegistered) {
		switch {
		case signed == 0 && registered == 0:
			dst.Contract = nil
		case dst.Contract == nil || dst.Contract.Signed != signed || dst.Contract.Registered != registered:
			dst.Contract = &domain.Contract{Signed: signed, Registered: registered}
		}
	}
	return changed
}

// samePermit reports whether two permits have the same regions, in any
// order, and the same days.
func samePermit(a, b *domain.Permit) bool {
	if a.From != b.From || a.To != b.To || len(a.Regions) != len(b.Regions) {
		return false
	}
	for _, r := range a.Regions {
		if !slices.Contains(b.Regions, r) {
			return false
		}
	}
	return true
}

// mergeKeyed merges incoming records into recorded: each is found by its
// key among the recorded ones; a new one is added, a known one gets from
// the incoming one what set takes (the values its file has columns for,
// given(i) being the columns of the i-th incoming record's file). So a
// record merged twice changes once. recorded is copied before it changes;
// it returns the merged list and how many records were added and updated.
func mergeKeyed[T, K comparable](recorded, incoming []T, key func(T) K, given func(i int) fieldSet, set func(dst *T, src T, given fieldSet)) (out []T, added, updated int) {
	out = recorded
	if len(incoming) == 0 {
		return out, 0, 0
	}
	index := make(map[K]int, len(recorded)+len(incoming))
	for i, r := range recorded {
		if _, dup := index[key(r)]; !dup {
			index[key(r)] = i
		}
	}
	own := false
	for n, in := range incoming {
		i, known := index[key(in)]
		if known {
			next := out[i]
			set(&next, in, given(n))
			if next == out[i] {
				continue
			}
			in = next
		}
		if !own {
			out, own = slices.Clone(out), true
		}
		if !known {
			index[key(in)] = len(out)
			out = append(out, in)
			added++
			continue
		}
		out[i] = in
		updated++
	}
	return out, added, updated
}
