package bulk

import (
	"slices"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Changes counts what Apply changed in an employer's records.
type Changes struct {
	WorkersAdded, WorkersUpdated int
	PermitsAdded, PermitsUpdated int
	TripsAdded, TripsUpdated     int
}

// None reports whether nothing changed.
func (c Changes) None() bool { return c == Changes{} }

// Apply merges the batch's records of the employer rec is about
// (rec.Employer.BIN) into rec. A worker is matched by id: a new one is
// added, a known one gets the fields its file has a column for, an empty
// cell clearing the field, while fields without a column stay as recorded.
// A permit is matched by number among the worker's permits, and a trip by
// its first day and region: a new one is added, a known one updated. So
// applying the same batch again changes nothing.
//
// Apply changes nothing and returns an error with code EINVALID when the
// batch has problems, ENOTFOUND when it holds no records of the employer or
// refers to a worker rec does not have, and ECONFLICT when a permit number
// is recorded for another worker.
func (b *Batch) Apply(rec *domain.Records) (Changes, error) {
	var ch Changes
	if n := b.Problems.Errors(); n > 0 {
		return ch, domain.Errorf(domain.EINVALID, "the import has %d problems; nothing is applied", n)
	}
	e := b.Employer(rec.Employer.BIN)
	if e == nil {
		return ch, domain.Errorf(domain.ENOTFOUND, "the import holds no records of employer %s", rec.Employer.BIN)
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
				return ch, domain.Errorf(domain.ENOTFOUND, "worker %q of employer %s is not recorded; the import has only permits or trips for it", w.ID, e.BIN)
			}
			added++
		}
		for _, p := range w.Permits {
			if o, ok := owner[p.Number]; ok && o != w.ID {
				return ch, domain.Errorf(domain.ECONFLICT, "permit %q is recorded for worker %q; the import gives it to worker %q", p.Number, o, w.ID)
			}
		}
	}
	rec.Workers = slices.Grow(rec.Workers, added)
	for _, w := range e.Workers {
		i, ok := index[w.ID]
		if !ok {
			rec.Workers = append(rec.Workers, w.clone())
			index[w.ID] = len(rec.Workers) - 1
			ch.WorkersAdded++
			ch.PermitsAdded += len(w.Permits)
			ch.TripsAdded += len(w.Trips)
			continue
		}
		dst := &rec.Workers[i]
		if w.Listed && w.update(dst) {
			ch.WorkersUpdated++
		}
		for _, p := range w.Permits {
			j := slices.IndexFunc(dst.Permits, func(q domain.Permit) bool { return q.Number == p.Number })
			switch {
			case j < 0:
				p.Regions = slices.Clone(p.Regions)
				dst.Permits = append(dst.Permits, p)
				ch.PermitsAdded++
			case !samePermit(&dst.Permits[j], &p):
				q := &dst.Permits[j]
				q.Regions, q.From, q.To = slices.Clone(p.Regions), p.From, p.To
				ch.PermitsUpdated++
			}
		}
		for k, t := range w.Trips {
			j := slices.IndexFunc(dst.Trips, func(u domain.Trip) bool { return u.From == t.From && u.Region == t.Region })
			switch {
			case j < 0:
				dst.Trips = append(dst.Trips, t)
				ch.TripsAdded++
			default:
				u := &dst.Trips[j]
				changed := u.To != t.To || w.tripNotified[k] && u.Notified != t.Notified
				if changed {
					u.To = t.To
					if w.tripNotified[k] {
						u.Notified = t.Notified
					}
					ch.TripsUpdated++
				}
			}
		}
	}
	return ch, nil
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
	set(fBasis, dst.Basis == src.Basis, func() { dst.Basis = src.Basis })
	set(fCategory, dst.Category == src.Category, func() { dst.Category = src.Category })
	set(fPosition, dst.Position == src.Position, func() { dst.Position = src.Position })
	set(fStart, dst.Start == src.Start, func() { dst.Start = src.Start })
	set(fEnd, dst.End == src.End, func() { dst.End = src.End })
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
