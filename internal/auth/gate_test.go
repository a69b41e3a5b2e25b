package auth

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// holdSlots fills g's slots with calls that run until the returned release
// is called; it returns once they all run.
func holdSlots(t *testing.T, g *Gate) (release func()) {
	t.Helper()
	stop := make(chan struct{})
	var started, done sync.WaitGroup
	for range g.Limit() {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			if err := g.Do(context.Background(), func() { started.Done(); <-stop }); err != nil {
				t.Error(err)
				started.Done()
			}
		}()
	}
	started.Wait()
	return sync.OnceFunc(func() { close(stop); done.Wait() })
}

// waitFor yields until cond holds, a bounded number of times.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 10_000 {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("never: %s", what)
}

func TestGateRunsAtMostItsLimitAtOnce(t *testing.T) {
	g := NewGate(GateConfig{Concurrency: 3, Queue: 100, Wait: time.Hour})
	const calls = 40
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := g.Do(context.Background(), func() { <-stop }); err != nil {
				t.Error(err)
			}
		}()
	}
	// Every call is running or waiting: no more than the limit run.
	waitFor(t, "all calls running or waiting", func() bool { return g.Running()+g.Waiting() == calls })
	if got := g.Running(); got != 3 {
		t.Errorf("%d calls run at once, want 3", got)
	}
	close(stop)
	wg.Wait()
	if got := g.Peak(); got != 3 {
		t.Errorf("Peak() = %d, want 3", got)
	}
	if g.Running() != 0 || g.Waiting() != 0 {
		t.Errorf("after all calls: %d running, %d waiting", g.Running(), g.Waiting())
	}
}

func TestGateRefusesBeyondItsQueue(t *testing.T) {
	g := NewGate(GateConfig{Concurrency: 1, Queue: 1, Wait: time.Hour})
	release := holdSlots(t, g)
	defer release()
	queued := make(chan error, 1)
	go func() { queued <- g.Do(context.Background(), func() {}) }()
	waitFor(t, "one call waiting", func() bool { return g.Waiting() == 1 })

	ran := false
	err := g.Do(context.Background(), func() { ran = true })
	var busy *BusyError
	if !errors.As(err, &busy) || busy.RetryAfter <= 0 || ran {
		t.Errorf("a call beyond the queue: err %v, ran %v; want a *BusyError with a RetryAfter, not run", err, ran)
	}
	release()
	if err := <-queued; err != nil {
		t.Errorf("the queued call: %v", err)
	}
}

func TestGateRefusesAfterWaiting(t *testing.T) {
	g := NewGate(GateConfig{Concurrency: 1, Wait: time.Millisecond})
	defer holdSlots(t, g)()
	var busy *BusyError
	if err := g.Do(context.Background(), func() { t.Error("ran") }); !errors.As(err, &busy) {
		t.Errorf("err %v, want a *BusyError", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g = NewGate(GateConfig{Concurrency: 1, Wait: time.Hour})
	defer holdSlots(t, g)()
	if err := g.Do(ctx, func() { t.Error("ran") }); !errors.Is(err, context.Canceled) {
		t.Errorf("with a cancelled context: err %v, want context.Canceled", err)
	}
}

func TestDefaultHashConcurrency(t *testing.T) {
	if n := DefaultHashConcurrency(); n < 2 || n > maxDefaultConcurrency {
		t.Errorf("DefaultHashConcurrency() = %d, want 2..%d", n, maxDefaultConcurrency)
	}
	if g := NewGate(GateConfig{}); g.Limit() != DefaultHashConcurrency() {
		t.Errorf("a default Gate's limit is %d, want %d", g.Limit(), DefaultHashConcurrency())
	}
}

// A refused hash is a *BusyError from every Hasher method, never a wrong
// password, and the dummy check is refused alike (or a busy server would
// tell which emails have accounts).
func TestHasherThroughAFullGateIsBusy(t *testing.T) {
	base := newHasher(t, cheapParams)
	stored, err := base.WithGate(NewGate(GateConfig{Concurrency: 1})).Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	g := NewGate(GateConfig{Concurrency: 1, Wait: time.Millisecond})
	h := base.WithGate(g)
	if h.Gate() != g || base.Gate() != DefaultGate() {
		t.Fatal("WithGate changed the original Hasher or did not set the gate")
	}
	defer holdSlots(t, g)()
	ctx := context.Background()
	var busy *BusyError
	if _, err := h.HashContext(ctx, "correct horse battery"); !errors.As(err, &busy) {
		t.Errorf("HashContext: err %v, want *BusyError", err)
	}
	if ok, _, err := h.CheckContext(ctx, stored, "correct horse battery"); ok || !errors.As(err, &busy) {
		t.Errorf("CheckContext: ok %v, err %v, want a *BusyError", ok, err)
	}
	if err := h.DummyCheckContext(ctx, "x"); !errors.As(err, &busy) {
		t.Errorf("DummyCheckContext: err %v, want *BusyError", err)
	}
	if g.Peak() != 1 {
		t.Errorf("Peak() = %d with only the holder run, want 1", g.Peak())
	}
}

func TestAbandonNeitherFailsNorSucceeds(t *testing.T) {
	clk := newFakeClock()
	l := newTestLimiter(clk, LimiterConfig{MaxFailures: 2})
	if ok, _ := l.Allow(alice); !ok {
		t.Fatal("first attempt refused")
	}
	l.Fail(alice)
	clk.Advance(2 * time.Second) // past the back-off of one failure
	// One failure and one attempt in flight reach MaxFailures: a third
	// waits for the one in flight.
	if ok, _ := l.Allow(alice); !ok {
		t.Fatal("second attempt refused")
	}
	if ok, _ := l.Allow(alice); ok {
		t.Fatal("an attempt beyond the failures and those in flight was allowed")
	}
	l.Abandon(alice)
	// The abandoned attempt left no failure behind: one more may go.
	if ok, _ := l.Allow(alice); !ok {
		t.Fatal("after Abandon, the attempt it ended still counts")
	}
	l.Fail(alice)
	// Now two failures: refused, which Abandon did not prevent.
	if ok, _ := l.Allow(alice); ok {
		t.Error("two failures allowed a third attempt")
	}
}
