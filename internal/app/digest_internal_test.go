package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/mail"
)

func TestNextDigestTime(t *testing.T) {
	almaty := domain.Almaty()
	for _, tc := range []struct{ now, want time.Time }{
		{time.Date(2026, 12, 7, 7, 59, 0, 0, almaty), time.Date(2026, 12, 7, 8, 0, 0, 0, almaty)},
		{time.Date(2026, 12, 7, 8, 0, 0, 0, almaty), time.Date(2026, 12, 8, 8, 0, 0, 0, almaty)},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, almaty), time.Date(2027, 1, 1, 8, 0, 0, 0, almaty)},
		// 02:30 UTC is 07:30 in Almaty (UTC+5): the same morning.
		{time.Date(2026, 12, 7, 2, 30, 0, 0, time.UTC), time.Date(2026, 12, 7, 8, 0, 0, 0, almaty)},
		// 23:30 UTC is already the next day in Almaty, 04:30.
		{time.Date(2026, 12, 6, 23, 30, 0, 0, time.UTC), time.Date(2026, 12, 7, 8, 0, 0, 0, almaty)},
	} {
		if got := nextDigestTime(tc.now, DefaultDigestAt); !got.Equal(tc.want) {
			t.Errorf("after %s: %s, want %s", tc.now, got, tc.want)
		}
	}
}

// TestRunCatchesUp: a server started after 08:00 sends the day's digests at
// once, one started before waits for 08:00; both then wait for the next
// time; without a mail server Run returns at once.
func TestRunCatchesUp(t *testing.T) {
	if err := NewDigests(New(Config{}), DigestConfig{}).Run(context.Background()); err != nil {
		t.Errorf("Run without mail: %v", err)
	}
	from, _ := mail.ParseAddress("noreply@example.kz")
	for _, tc := range []struct {
		at   time.Time
		runs bool
	}{
		{time.Date(2026, 12, 7, 9, 30, 0, 0, domain.Almaty()), true},
		{time.Date(2026, 12, 7, 7, 30, 0, 0, domain.Almaty()), false},
	} {
		a := New(Config{Now: func() time.Time { return tc.at }})
		d := NewDigests(a, DigestConfig{Mailer: mail.NewSender(&mail.Config{Host: "127.0.0.1", Port: "25"}), From: from})
		runs := 0
		d.run = func(context.Context) { runs++ }
		// The clock stands still: the next run is hours away, so Run waits
		// until the context ends.
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		err := d.Run(ctx)
		cancel()
		if (runs == 1) != tc.runs || runs > 1 || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("started at %s: %d runs before the next time, want run %t (%v)", tc.at, runs, tc.runs, err)
		}
	}
}
