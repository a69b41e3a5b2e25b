package store

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The audit log is append-only, so the personal data it holds cannot be
// erased from it. They are encrypted instead, with a key per worker of an
// employer kept in audit_keys (a table that is not append-only); once the
// worker has been off the records for the retention period, PurgeAuditKeys
// destroys the key, and what it encrypted reads as "[erased]". The rest of
// the entry (what changed, when, by whom; the worker's id, permits, trips)
// stays readable.

// personalFields are the members of a worker's audit document that name the
// person: they are sealed with the worker's key. Everything else (the
// employer's id for the worker, citizenship, position, dates, permits) stays
// in clear, so that the history of compliance can be read after the person
// is erased. TestWorkerDocFieldsClassified makes each new member of
// workerDoc choose a side.
var personalFields = []string{"name", "iin", "birth_date", "passport"}

// erasedValue stands in an audit document for personal data whose key was
// destroyed.
const erasedValue = "[erased]"

// sealedDoc is a worker's personal data in an audit document: the key's id,
// which members it holds (so that they can be shown as erased once the key
// is gone), and a JSON object of them, encrypted with AES-256-GCM (random
// 12-byte nonce first).
type sealedDoc struct {
	Key    int64    `json:"key"`
	Fields []string `json:"fields"`
	Data   []byte   `json:"data"`
}

// workerKey is one row of audit_keys.
type workerKey struct {
	id     int64
	worker string
	key    []byte
	left   bool
	fresh  bool // made in this transaction, not yet written
	aead   cipher.AEAD
}

func (k *workerKey) cipher() (cipher.AEAD, error) {
	if k.aead == nil {
		block, err := aes.NewCipher(k.key)
		if err != nil {
			return nil, fmt.Errorf("store: audit key %d: %w", k.id, err)
		}
		if k.aead, err = cipher.NewGCM(block); err != nil {
			return nil, fmt.Errorf("store: audit key %d: %w", k.id, err)
		}
	}
	return k.aead, nil
}

// keyAAD binds a ciphertext to its key's id.
func keyAAD(id int64) []byte { return []byte("ruqsat audit key " + strconv.FormatInt(id, 10)) }

// keyring holds the audit keys of one employer's workers within a write
// transaction: the keys stored, those made for new workers, and the changes
// of who is on the records, all written by save.
type keyring struct {
	db     *DB
	ctx    context.Context
	tx     *sql.Tx
	tenant int64
	bin    string
	now    time.Time
	keys   map[string]*workerKey
	ids    idSource
	// gone and here are the workers who left the records in this change,
	// and those on the records after it (new, or back).
	gone, here map[string]bool
}

func (db *DB) openKeyring(ctx context.Context, tx *sql.Tx, tenant int64, bin string) (*keyring, error) {
	r := &keyring{db: db, ctx: ctx, tx: tx, tenant: tenant, bin: bin, now: db.now(), keys: map[string]*workerKey{},
		ids: idSource{table: "audit_keys"}, gone: map[string]bool{}, here: map[string]bool{}}
	rows, err := tx.QueryContext(ctx, `SELECT id, worker_id, key, left_at FROM audit_keys WHERE tenant_id = $1 AND employer_bin = $2`, tenant, bin)
	if err != nil {
		return nil, db.dbError(err, "read audit keys")
	}
	defer rows.Close()
	for rows.Next() {
		k := &workerKey{}
		var left time.Time
		if err := rows.Scan(&k.id, &k.worker, &k.key, timeCol{&left}); err != nil {
			return nil, db.dbError(err, "read audit keys")
		}
		k.left = !left.IsZero()
		r.keys[k.worker] = k
	}
	return r, db.dbError(rows.Err(), "read audit keys")
}

// leave records that the worker left the employer's records.
func (r *keyring) leave(worker string) { r.gone[worker] = true }

// arrive records that the worker is on the employer's records, new or
// back.
func (r *keyring) arrive(worker string) { r.here[worker] = true }

// key returns the worker's key, making one when the worker has none.
func (r *keyring) key(worker string) (*workerKey, error) {
	if k := r.keys[worker]; k != nil {
		return k, nil
	}
	id, err := r.ids.take(r.ctx, r.db, r.tx)
	if err != nil {
		return nil, err
	}
	k := &workerKey{id: id, worker: worker, key: make([]byte, 32), fresh: true}
	rand.Read(k.key) // never fails (crypto/rand)
	r.keys[worker] = k
	return k, nil
}

// seal encrypts personal, a JSON object of the worker's personal fields
// (fields, in order), with the worker's key, and returns the sealedDoc.
func (r *keyring) seal(worker string, personal []byte, fields []string) (json.RawMessage, error) {
	k, err := r.key(worker)
	if err != nil {
		return nil, err
	}
	aead, err := k.cipher()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(personal)+aead.Overhead())
	rand.Read(nonce)
	s, err := json.Marshal(sealedDoc{Key: k.id, Fields: fields, Data: aead.Seal(nonce, nonce, personal, keyAAD(k.id))})
	if err != nil {
		return nil, fmt.Errorf("store: audit document: %w", err)
	}
	return s, nil
}

// sealWhole returns the worker's whole document with its personal fields
// sealed, in their place after the worker's id.
func (r *keyring) sealWhole(worker string, w keyedWorker) (json.RawMessage, error) {
	if w.personal == nil {
		return w.rest, nil
	}
	s, err := r.seal(worker, w.personal, w.fields)
	if err != nil {
		return nil, err
	}
	// workerDoc's id comes first: {"id":"w1",...
	id, _ := json.Marshal(worker)
	at := len(`{"id":`) + len(id)
	if !bytes.HasPrefix(w.rest, append([]byte(`{"id":`), id...)) {
		return nil, fmt.Errorf("store: audit document of worker %q does not start with its id", worker)
	}
	out := make([]byte, 0, len(w.rest)+len(s)+10)
	out = append(out, w.rest[:at]...)
	out = append(append(append(out, `,"sealed":`...), s...), w.rest[at:]...)
	return out, nil
}

// workerPatch returns the merge patch that turns the worker's document from
// into to, with the personal fields it sets sealed; a personal field it
// removes (null) is left in clear: it names no one.
func (r *keyring) workerPatch(worker string, from, to keyedWorker) (json.RawMessage, error) {
	var ms []member
	orEmpty := func(b json.RawMessage) json.RawMessage {
		if b == nil {
			return json.RawMessage(`{}`)
		}
		return b
	}
	pp, changed, err := mergeDiff(orEmpty(from.personal), orEmpty(to.personal))
	if err != nil {
		return nil, err
	}
	if changed {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(pp, &m); err != nil {
			return nil, fmt.Errorf("store: audit patch: %w", err)
		}
		var fields []string
		var plain bytes.Buffer
		for _, f := range personalFields {
			v, ok := m[f]
			switch {
			case !ok:
			case bytes.Equal(v, jsonNull):
				ms = append(ms, member{f, v})
			default:
				if plain.Len() == 0 {
					plain.WriteByte('{')
				} else {
					plain.WriteByte(',')
				}
				fmt.Fprintf(&plain, "%q:", f)
				plain.Write(v)
				fields = append(fields, f)
			}
		}
		if fields != nil {
			plain.WriteByte('}')
			s, err := r.seal(worker, plain.Bytes(), fields)
			if err != nil {
				return nil, err
			}
			ms = append(ms, member{"sealed", s})
		}
	}
	rp, changed, err := mergeDiff(from.rest, to.rest)
	if err != nil {
		return nil, err
	}
	if changed {
		rest, err := objectMembers(rp)
		if err != nil {
			return nil, fmt.Errorf("store: audit patch: %w", err)
		}
		ms = append(ms, rest...)
	}
	return writeMembers(ms), nil
}

// save writes the keys made, and when the workers who left did (their
// retention starts), or that those who came back are on the records again.
func (r *keyring) save() error {
	b := &batch{ctx: r.ctx, db: r.db, tx: r.tx, table: "audit_keys",
		cols:  []string{"id", "tenant_id", "employer_bin", "worker_id", "key", "created_at", "left_at"},
		label: func(_ rowRef, row []any) string { return fmt.Sprintf("audit key of worker %q", row[3]) }}
	defer b.close()
	var left, back []int64
	for _, k := range r.keys {
		gone := r.gone[k.worker]
		switch {
		case k.fresh:
			var at any
			if gone {
				at = r.now
			}
			if err := b.add(rowRef{}, k.id, r.tenant, r.bin, k.worker, k.key, r.now, at); err != nil {
				return err
			}
			k.fresh, k.left = false, gone
		case gone && !k.left:
			left = append(left, k.id)
			k.left = true
		case r.here[k.worker] && k.left:
			back = append(back, k.id)
			k.left = false
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	if err := r.db.setLeft(r.ctx, r.tx, left, r.now); err != nil {
		return err
	}
	return r.db.setLeft(r.ctx, r.tx, back, nil)
}

// setLeft sets left_at of the keys ids, a few hundred per statement.
func (db *DB) setLeft(ctx context.Context, tx *sql.Tx, ids []int64, at any) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, 0, n+1)
		args = append(args, at)
		var in strings.Builder
		for i, id := range ids[:n] {
			if i > 0 {
				in.WriteString(", ")
			}
			args = append(args, id)
			fmt.Fprintf(&in, "$%d", i+2)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE audit_keys SET left_at = $1 WHERE id IN (`+in.String()+`)`, args...); err != nil {
			return db.dbError(err, "mark audit keys")
		}
		ids = ids[n:]
	}
	return nil
}

// openSealed replaces, in the employer entries' documents, each worker's
// sealed personal data with the fields in clear, or with "[erased]" when
// the key is gone. It returns an error when a key that is there does not
// open what it sealed: the log or the keys were tampered with.
func (db *DB) openSealed(ctx context.Context, entries []AuditEntry) error {
	type sealedAt struct {
		worker *[]member // the worker's members
		i      int       // where "sealed" is among them
		doc    sealedDoc
	}
	type docAt struct {
		doc     *json.RawMessage
		top     []member
		wi      int // where "workers" is among top
		workers []member
		members [][]member // of each worker
	}
	var docs []*docAt
	var seals []*sealedAt
	for i := range entries {
		e := &entries[i]
		if !e.Patch || e.Entity != EntityEmployer {
			continue
		}
		for _, doc := range []*json.RawMessage{&e.Before, &e.After} {
			if !bytes.Contains(*doc, []byte(`"sealed"`)) {
				continue
			}
			d := &docAt{doc: doc, wi: -1}
			var err error
			if d.top, err = objectMembers(*doc); err != nil {
				return fmt.Errorf("store: audit entry %d: %w", e.ID, err)
			}
			for j, m := range d.top {
				if m.k == "workers" && isObject(m.v) {
					d.wi = j
				}
			}
			if d.wi < 0 {
				continue
			}
			if d.workers, err = objectMembers(d.top[d.wi].v); err != nil {
				return fmt.Errorf("store: audit entry %d: %w", e.ID, err)
			}
			d.members = make([][]member, len(d.workers))
			for j, w := range d.workers {
				if !isObject(w.v) || !bytes.Contains(w.v, []byte(`"sealed"`)) {
					continue
				}
				if d.members[j], err = objectMembers(w.v); err != nil {
					return fmt.Errorf("store: audit entry %d: %w", e.ID, err)
				}
				for k, m := range d.members[j] {
					if m.k != "sealed" {
						continue
					}
					s := &sealedAt{worker: &d.members[j], i: k}
					if err := json.Unmarshal(m.v, &s.doc); err != nil {
						return fmt.Errorf("store: audit entry %d: %w", e.ID, err)
					}
					seals = append(seals, s)
				}
			}
			docs = append(docs, d)
		}
	}
	if len(seals) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(seals))
	for _, s := range seals {
		ids = append(ids, s.doc.Key)
	}
	keys, err := db.auditKeys(ctx, ids)
	if err != nil {
		return err
	}
	for _, s := range seals {
		fields := map[string]json.RawMessage{}
		if k := keys[s.doc.Key]; k != nil {
			aead, err := k.cipher()
			if err != nil {
				return err
			}
			data := s.doc.Data
			if len(data) < aead.NonceSize() {
				return fmt.Errorf("store: audit key %d: sealed data too short", k.id)
			}
			plain, err := aead.Open(nil, data[:aead.NonceSize()], data[aead.NonceSize():], keyAAD(k.id))
			if err != nil {
				return fmt.Errorf("store: audit key %d does not open what it sealed: %w", k.id, err)
			}
			if err := json.Unmarshal(plain, &fields); err != nil {
				return fmt.Errorf("store: audit key %d: %w", k.id, err)
			}
		} else {
			for _, f := range s.doc.Fields {
				fields[f] = json.RawMessage(`"` + erasedValue + `"`)
			}
		}
		// The fields go where "sealed" is (where the first of them was).
		var opened []member
		for _, f := range s.doc.Fields {
			if v, ok := fields[f]; ok {
				opened = append(opened, member{f, v})
			}
		}
		*s.worker = slices.Replace(*s.worker, s.i, s.i+1, opened...)
	}
	for _, d := range docs {
		for j, m := range d.members {
			if m != nil {
				d.workers[j].v = writeMembers(m)
			}
		}
		d.top[d.wi].v = writeMembers(d.workers)
		*d.doc = writeMembers(d.top)
	}
	return nil
}

// auditKeys returns the audit keys with these ids that still exist.
func (db *DB) auditKeys(ctx context.Context, ids []int64) (map[int64]*workerKey, error) {
	keys := map[int64]*workerKey{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		var in strings.Builder
		for i, id := range ids[:n] {
			if i > 0 {
				in.WriteString(", ")
			}
			args[i] = id
			fmt.Fprintf(&in, "$%d", i+1)
		}
		rows, err := db.r.QueryContext(ctx, `SELECT id, key FROM audit_keys WHERE id IN (`+in.String()+`)`, args...)
		if err != nil {
			return nil, db.dbError(err, "read audit keys")
		}
		for rows.Next() {
			k := &workerKey{}
			if err := rows.Scan(&k.id, &k.key); err != nil {
				rows.Close()
				return nil, db.dbError(err, "read audit keys")
			}
			keys[k.id] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.dbError(err, "read audit keys")
		}
		ids = ids[n:]
	}
	return keys, nil
}

// member is a member of a JSON object, in the order written.
type member struct {
	k string
	v json.RawMessage
}

// objectMembers returns the members of the JSON object b in order.
func objectMembers(b json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var out []member
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{k, v})
	}
	return out, nil
}

func writeMembers(ms []member) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.k)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.v)
	}
	b.WriteByte('}')
	return b.Bytes()
}
