package auth

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// GateConfig configures a Gate. A zero field takes its default.
type GateConfig struct {
	// Concurrency is the most password hashes computed at once (default
	// DefaultHashConcurrency()). Each argon2id hash with DefaultParams holds
	// 19 MiB while it runs, so this bounds the memory logins can take.
	Concurrency int
	// Queue is the most callers waiting for a slot (default 64 per slot,
	// a few seconds of work); a caller beyond it is refused at once.
	Queue int
	// Wait is the longest a caller waits for a slot before it is refused
	// (default 10 seconds).
	Wait time.Duration
}

// maxDefaultConcurrency caps the default number of hashes at once on large
// machines: 8 × 19 MiB is memory enough, and 8 hashes at once check a few
// hundred logins a second.
const maxDefaultConcurrency = 8

// DefaultHashConcurrency is the default bound of password hashes computed at
// once: GOMAXPROCS, at least 2 and at most 8.
func DefaultHashConcurrency() int {
	return max(2, min(runtime.GOMAXPROCS(0), maxDefaultConcurrency))
}

// busyRetryAfter is the Retry-After a refused caller is told: a queue's
// worth of hashes takes about this long to drain.
const busyRetryAfter = 2 * time.Second

// BusyError is the error of a password hash or check that did not run
// because too many were running or waiting (or the wait timed out). The
// password was not checked: it is neither a failed nor a successful login.
// The API answers it with 503 and Retry-After.
type BusyError struct {
	RetryAfter time.Duration // when to try again
}

func (e *BusyError) Error() string {
	return "the server is busy checking passwords; please try again in a few seconds"
}

// A Gate bounds the number of password hashes computed at once: callers
// beyond Concurrency wait, in a queue of bounded length and for a bounded
// time. It keeps a high-water mark of the hashes that ran at once. A Gate is
// safe for concurrent use.
type Gate struct {
	slots   chan struct{}
	queue   int64
	wait    time.Duration
	waiting atomic.Int64
	running atomic.Int64
	peak    atomic.Int64
}

// NewGate returns a Gate with cfg, its zero fields set to defaults.
func NewGate(cfg GateConfig) *Gate {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultHashConcurrency()
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 64 * cfg.Concurrency
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 10 * time.Second
	}
	return &Gate{slots: make(chan struct{}, cfg.Concurrency), queue: int64(cfg.Queue), wait: cfg.Wait}
}

var defaultGate = NewGate(GateConfig{})

// DefaultGate returns the Gate that the package functions and every Hasher
// made by NewHasher share: one bound on password hashing for the process.
func DefaultGate() *Gate { return defaultGate }

// Do runs f when fewer than Concurrency calls of Do are running f, waiting
// for a slot if need be. It returns a *BusyError without running f when the
// queue is full or no slot came free within Wait, and ctx's error when ctx
// ends first.
func (g *Gate) Do(ctx context.Context, f func()) error {
	if err := g.acquire(ctx); err != nil {
		return err
	}
	defer func() {
		g.running.Add(-1)
		<-g.slots
	}()
	n := g.running.Add(1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	f()
	return nil
}

func (g *Gate) acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return &BusyError{RetryAfter: busyRetryAfter}
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-t.C:
		return &BusyError{RetryAfter: busyRetryAfter}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Limit returns the most hashes g lets run at once.
func (g *Gate) Limit() int { return cap(g.slots) }

// Running returns how many calls are running their f now.
func (g *Gate) Running() int { return int(g.running.Load()) }

// Waiting returns how many calls wait for a slot now.
func (g *Gate) Waiting() int { return int(g.waiting.Load()) }

// Peak returns the most calls that ever ran their f at once: never more
// than Limit.
func (g *Gate) Peak() int { return int(g.peak.Load()) }
