package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// An employer's audit entries hold what changed, not two copies of its
// records: an import over an employer of 20,000 workers would otherwise
// write twice its records (tens of megabytes) to a log that is never
// pruned. Each side of an entry is a JSON merge patch (RFC 7386) of the
// employer's records document in its keyed form, the scenario keys of
// recordsDoc except that workers are an object keyed by their id:
//
//	{"employer": {...}, "workers": {"w1": {...}, ...}, "reports": [...], ...}
//
// After turns the document before the change into the one after it; before
// turns it back. A new employer's entry has only after (the whole document:
// a patch of nothing), a deleted one's only before. Objects are patched key
// by key, so that a worker's changed field is all an entry holds of it;
// arrays (a worker's permits, the employer's reports) are replaced whole, as
// RFC 7386 does. A worker's personal data are sealed in the patch (see
// sealWorker). An entry with the patch flag is one of these; employer
// entries from before migration 00005 hold two whole documents instead,
// with workers as an array.

// employerLists are the employer's own lists in the records document, which
// a patch replaces whole.
var employerLists = []string{"reports", "quota_plans", "quota_applications", "penalties"}

// keyedDoc is an employer's records document in the keyed form, each part
// as JSON.
type keyedDoc struct {
	employer json.RawMessage
	workers  map[string]keyedWorker
	order    []string                   // the worker ids, in the records' order
	lists    map[string]json.RawMessage // employerLists that are not empty
}

// keyedWorker is a worker's document in two parts: its personal fields
// (see personalFields), which are sealed in the log, and the rest.
type keyedWorker struct {
	rest     json.RawMessage
	personal json.RawMessage // a JSON object; nil when no personal field is set
	fields   []string        // the members of personal
}

func newKeyedDoc(d *recordsDoc) (*keyedDoc, error) {
	k := &keyedDoc{workers: make(map[string]keyedWorker, len(d.Workers)), order: make([]string, len(d.Workers)),
		lists: map[string]json.RawMessage{}}
	var err error
	if k.employer, err = json.Marshal(&d.Employer); err != nil {
		return nil, fmt.Errorf("store: audit document: %w", err)
	}
	for i := range d.Workers {
		w, err := splitWorker(&d.Workers[i])
		if err != nil {
			return nil, err
		}
		k.workers[d.Workers[i].ID], k.order[i] = w, d.Workers[i].ID
	}
	for name, list := range map[string]any{"reports": d.Reports, "quota_plans": d.QuotaPlans,
		"quota_applications": d.QuotaApplications, "penalties": d.Penalties} {
		b, err := json.Marshal(list)
		if err != nil {
			return nil, fmt.Errorf("store: audit document: %w", err)
		}
		if string(b) != "null" && string(b) != "[]" {
			k.lists[name] = b
		}
	}
	return k, nil
}

// personalIndex is the index in workerDoc of each of personalFields.
var personalIndex = func() []int {
	typ := reflect.TypeFor[workerDoc]()
	var out []int
	for _, f := range personalFields {
		for i := range typ.NumField() {
			if name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ","); name == f {
				out = append(out, i)
			}
		}
	}
	if len(out) != len(personalFields) {
		panic("store: a personal field is not a member of workerDoc")
	}
	return out
}()

// splitWorker marshals w in its two parts. (Splitting the struct costs a
// small part of what decoding its JSON would, for the 20,000 workers of an
// employer.)
func splitWorker(w *workerDoc) (keyedWorker, error) {
	rest := *w
	v := reflect.ValueOf(&rest).Elem()
	var personal []byte
	var fields []string
	for i, f := range personalFields {
		fv := v.Field(personalIndex[i])
		if fv.IsZero() { // left out, as omitempty and omitzero do
			continue
		}
		b, err := json.Marshal(fv.Interface())
		if err != nil {
			return keyedWorker{}, fmt.Errorf("store: audit document: %w", err)
		}
		if personal == nil {
			personal = append(personal, '{')
		} else {
			personal = append(personal, ',')
		}
		personal = append(append(append(personal, '"'), f...), `":`...)
		personal = append(personal, b...)
		fields = append(fields, f)
		fv.SetZero()
	}
	if personal != nil {
		personal = append(personal, '}')
	}
	b, err := json.Marshal(&rest)
	if err != nil {
		return keyedWorker{}, fmt.Errorf("store: audit document: %w", err)
	}
	return keyedWorker{rest: b, personal: personal, fields: fields}, nil
}

// jsonNull is the JSON null of a merge patch: remove this member.
var jsonNull = json.RawMessage("null")

// mergeDiff returns the merge patch that turns a into b, and whether they
// differ. Objects are compared member by member; anything else that differs
// is replaced whole. Neither document may hold a null (the audit documents
// leave absent values out), since a merge patch cannot set one.
func mergeDiff(a, b json.RawMessage) (json.RawMessage, bool, error) {
	if bytes.Equal(a, b) {
		return nil, false, nil
	}
	if !isObject(a) || !isObject(b) {
		return b, true, nil
	}
	var am, bm map[string]json.RawMessage
	if err := json.Unmarshal(a, &am); err != nil {
		return nil, false, fmt.Errorf("store: audit patch: %w", err)
	}
	if err := json.Unmarshal(b, &bm); err != nil {
		return nil, false, fmt.Errorf("store: audit patch: %w", err)
	}
	p := map[string]json.RawMessage{}
	for k, bv := range bm {
		av, ok := am[k]
		if !ok {
			p[k] = bv
			continue
		}
		d, changed, err := mergeDiff(av, bv)
		if err != nil {
			return nil, false, err
		}
		if changed {
			p[k] = d
		}
	}
	for k := range am {
		if _, ok := bm[k]; !ok {
			p[k] = jsonNull
		}
	}
	if len(p) == 0 { // the same members, written differently
		return nil, false, nil
	}
	out, err := json.Marshal(p)
	if err != nil {
		return nil, false, fmt.Errorf("store: audit patch: %w", err)
	}
	return out, true, nil
}

func isObject(b json.RawMessage) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// employerPatches returns the two sides of an employer's audit entry for a
// change from before to after (either may be nil: the employer is created or
// deleted), with the workers' personal data sealed with their keys from
// ring, and records in ring which workers left the records and which came
// back.
func employerPatches(ring *keyring, before, after *keyedDoc) (json.RawMessage, json.RawMessage, error) {
	if before == nil && after == nil {
		return nil, nil, nil
	}
	var bp, ap patchDoc // the before and after sides
	switch {
	case before == nil:
		ap.employer = after.employer
	case after == nil:
		bp.employer = before.employer
	default:
		var err error
		if bp.employer, _, err = mergeDiff(after.employer, before.employer); err != nil {
			return nil, nil, err
		}
		if ap.employer, _, err = mergeDiff(before.employer, after.employer); err != nil {
			return nil, nil, err
		}
	}
	var old, cur map[string]keyedWorker
	if before != nil {
		old = before.workers
	}
	if after != nil {
		cur = after.workers
	}
	// Workers in the records' order: those of after, then those only before.
	var ids []string
	if after != nil {
		ids = after.order
	}
	if before != nil {
		for _, id := range before.order {
			if _, ok := cur[id]; !ok {
				ids = append(ids, id)
			}
		}
	}
	for _, id := range ids {
		o, wasThere := old[id]
		c, isThere := cur[id]
		var bw, aw json.RawMessage
		var err error
		switch {
		case wasThere && isThere:
			if bytes.Equal(o.rest, c.rest) && bytes.Equal(o.personal, c.personal) {
				continue
			}
			if aw, err = ring.workerPatch(id, o, c); err != nil {
				return nil, nil, err
			}
			if bw, err = ring.workerPatch(id, c, o); err != nil {
				return nil, nil, err
			}
		case wasThere:
			if bw, err = ring.sealWhole(id, o); err != nil {
				return nil, nil, err
			}
			if after != nil {
				aw = jsonNull
			}
			ring.leave(id)
		default:
			if aw, err = ring.sealWhole(id, c); err != nil {
				return nil, nil, err
			}
			if before != nil {
				bw = jsonNull
			}
			ring.arrive(id)
		}
		if bw != nil {
			bp.addWorker(id, bw)
		}
		if aw != nil {
			ap.addWorker(id, aw)
		}
	}
	for _, name := range employerLists {
		var o, c json.RawMessage
		if before != nil {
			o = before.lists[name]
		}
		if after != nil {
			c = after.lists[name]
		}
		if bytes.Equal(o, c) {
			continue
		}
		switch {
		case o == nil:
			ap.addList(name, c)
			if before != nil {
				bp.addList(name, jsonNull)
			}
		case c == nil:
			bp.addList(name, o)
			if after != nil {
				ap.addList(name, jsonNull)
			}
		default:
			bp.addList(name, o)
			ap.addList(name, c)
		}
	}
	return bp.json(), ap.json(), nil
}

// patchDoc is one side of an employer's audit entry as it is assembled: the
// workers in the order added.
type patchDoc struct {
	employer json.RawMessage
	ids      []string
	workers  []json.RawMessage
	lists    map[string]json.RawMessage
}

func (p *patchDoc) addWorker(id string, w json.RawMessage) {
	p.ids = append(p.ids, id)
	p.workers = append(p.workers, w)
}

func (p *patchDoc) addList(name string, v json.RawMessage) {
	if p.lists == nil {
		p.lists = map[string]json.RawMessage{}
	}
	p.lists[name] = v
}

// json writes the side, or returns nil when it is empty (no side: the
// employer did not exist).
func (p *patchDoc) json() json.RawMessage {
	if p.employer == nil && len(p.ids) == 0 && len(p.lists) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	sep := func() {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
	}
	if p.employer != nil {
		b.WriteString(`"employer":`)
		b.Write(p.employer)
	}
	if len(p.ids) > 0 {
		sep()
		b.WriteString(`"workers":{`)
		for i, id := range p.ids {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(id)
			b.Write(k)
			b.WriteByte(':')
			b.Write(p.workers[i])
		}
		b.WriteByte('}')
	}
	for _, name := range slices.Sorted(maps.Keys(p.lists)) {
		sep()
		fmt.Fprintf(&b, "%q:", name)
		b.Write(p.lists[name])
	}
	b.WriteByte('}')
	return b.Bytes()
}

// appendEmployerAudit writes the audit entry of a change of the tenant's
// employer bin from before to after, either nil when the employer did not
// exist: the two sides as merge patches (see employerPatches), the personal
// data of workers sealed with their keys, and the keys of workers who left
// the records marked as such (see PurgeAuditKeys).
func (db *DB) appendEmployerAudit(ctx context.Context, tx *sql.Tx, tenant int64, actor Actor, bin, action string, before, after *recordsDoc) error {
	var kb, ka *keyedDoc
	var err error
	if before != nil {
		if kb, err = newKeyedDoc(before); err != nil {
			return err
		}
	}
	if after != nil {
		if ka, err = newKeyedDoc(after); err != nil {
			return err
		}
	}
	ring, err := db.openKeyring(ctx, tx, tenant, bin)
	if err != nil {
		return err
	}
	bp, ap, err := employerPatches(ring, kb, ka)
	if err != nil {
		return err
	}
	if err := ring.save(); err != nil {
		return err
	}
	return db.insertAudit(ctx, tx, tenant, actor, EntityEmployer, bin, action, bp, ap, true)
}

// appendEmployerUpdateAudit writes the audit entry of a change of the
// employer's own fields (UpdateEmployer): patches of the employer part
// alone.
func (db *DB) appendEmployerUpdateAudit(ctx context.Context, tx *sql.Tx, tenant int64, actor Actor, bin string, before, after employerDoc) error {
	b, err := json.Marshal(&before)
	if err != nil {
		return fmt.Errorf("store: audit document: %w", err)
	}
	a, err := json.Marshal(&after)
	if err != nil {
		return fmt.Errorf("store: audit document: %w", err)
	}
	bp, ap := patchDoc{}, patchDoc{}
	if bp.employer, _, err = mergeDiff(a, b); err != nil {
		return err
	}
	if ap.employer, _, err = mergeDiff(b, a); err != nil {
		return err
	}
	return db.insertAudit(ctx, tx, tenant, actor, EntityEmployer, bin, ActionUpdate, bp.json(), ap.json(), true)
}
