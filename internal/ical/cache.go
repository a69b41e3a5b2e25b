package ical

import (
	"encoding/binary"
	"hash/maphash"
	"sync"

	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Cache keeps the serialized bytes of events, so that a calendar written
// again serializes only the events that changed since: a feed polled after
// a change of one employer re-serializes that employer's events, not the
// tens of thousands of the others. An entry is found by everything its bytes
// depend on (the event's fields, the language, the DTSTAMP), so one cache
// serves every feed, tenant and language of a process.
//
// It holds two generations of at most MaxBytes of events each: when the
// current one is full it becomes the old one and the older is dropped; an
// entry found in the old generation moves to the current. It is safe for
// concurrent use; the zero value is not usable (NewCache).
type Cache struct {
	max int

	mu       sync.Mutex
	size     int
	cur, old map[uint64]cached
}

type cached struct {
	uid string // against a hash collision
	b   []byte
}

// NewCache returns a cache of at most two generations of maxBytes.
func NewCache(maxBytes int) *Cache {
	return &Cache{max: maxBytes, cur: map[uint64]cached{}}
}

var cacheSeed = maphash.MakeSeed()

// key hashes what an event's bytes depend on.
func (e *Event) key(lang i18n.Lang, stamp string) uint64 {
	var h maphash.Hash
	h.SetSeed(cacheSeed)
	var n [binary.MaxVarintLen64]byte
	num := func(v int64) { h.Write(n[:binary.PutVarint(n[:], v)]) }
	str := func(s string) { num(int64(len(s))); h.WriteString(s) }
	num(int64(lang))
	str(stamp)
	str(e.Tenant)
	str(e.BIN)
	num(int64(e.Rule))
	str(e.Subject)
	str(e.Period)
	str(e.Employer)
	num(int64(e.Due))
	str(e.Message)
	num(int64(len(e.Basis)))
	for _, c := range e.Basis {
		str(c.Act)
		str(c.Ref)
		str(c.Confidence)
		str(c.Interpretation)
	}
	if f := e.Fine; f != nil {
		str(f.Article)
		str(f.Part)
		num(int64(f.MCI))
		if f.KZT != nil {
			num(1)
			num(*f.KZT)
		} else {
			num(0)
		}
		if f.Warning {
			num(1)
		}
	} else {
		num(-1)
	}
	str(e.URL)
	return h.Sum64()
}

// get returns the bytes of the event with this key and UID.
func (c *Cache) get(k uint64, uid string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.cur[k]; ok && e.uid == uid {
		return e.b, true
	}
	if e, ok := c.old[k]; ok && e.uid == uid {
		delete(c.old, k)
		c.putLocked(k, e)
		return e.b, true
	}
	return nil, false
}

// put keeps the bytes of the event with this key and UID.
func (c *Cache) put(k uint64, uid string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(k, cached{uid, b})
}

func (c *Cache) putLocked(k uint64, e cached) {
	if c.size+len(e.b) > c.max && len(c.cur) > 0 {
		c.old, c.cur, c.size = c.cur, map[uint64]cached{}, 0
	}
	if _, ok := c.cur[k]; !ok {
		c.size += len(e.b)
	}
	c.cur[k] = e
}
