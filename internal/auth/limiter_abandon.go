package auth

// Abandon ends one attempt in flight for k that was neither a failure nor a
// success: the password was never checked (the Gate refused the hash, or
// the client went away). Counting it as a failure would let an attacker who
// keeps the server busy lock users out; as a success, reset the attacker's
// own failures.
func (l *Limiter) Abandon(k LimitKey) {
	ks, is := limitKeys(k)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)

	if n := l.keys.get(ks, now); n != nil {
		n.v.end()
	}
	if n := l.ips.get(is, now); n != nil {
		n.v.end()
	}
}
