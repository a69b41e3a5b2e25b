package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/mail/mailtest"
	"github.com/ruqsat/ruqsat/internal/store"
)

// TestDigestCommand: ruqsat digest --dry-run prints the demo's digests, each
// in its user's language; without a mail server it refuses to send; with
// one it sends each digest once, and a second run that day sends nothing.
func TestDigestCommand(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "ruqsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := loadDemo(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)), now); err != nil {
		t.Fatal(err)
	}
	// The demo has a colleague who reads Kazakh and one who reads English
	// (loadDemo), beside its Russian owner.
	db.Close()

	code, out, errs := run(t, "", "digest", "--dry-run", "--data", data, "--base-url", "https://ruqsat.example.kz")
	if code != 0 {
		t.Fatalf("digest --dry-run: exit %d\n%s", code, errs)
	}
	for _, want := range []string{"=== demo@ruqsat.local (ru): ruqsat, ", "=== demo-kk@ruqsat.local (kk): ruqsat, ", "=== demo-en@ruqsat.local (en): ruqsat, ",
		"Сроки по привлечению иностранной рабочей силы", "шетелдік жұмыс күшін тарту мерзімдері", "Deadlines for foreign labour",
		"https://ruqsat.example.kz/employers/", "sent 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("digest --dry-run: %q not in\n%s", want, out)
		}
	}

	if code, _, errs := run(t, "", "digest", "--data", data); code != 2 || !strings.Contains(errs, "--smtp-url") {
		t.Errorf("digest without a mail server: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "digest", "--data", data, "--smtp-url", "smtp://u:secret@host:port", "--mail-from", "a@b.kz"); code != 2 || strings.Contains(errs, "secret") {
		t.Errorf("a bad --smtp-url: exit %d %s", code, errs)
	}
	if code, _, _ := run(t, "", "digest", "--data", data, "--smtp-url", "smtp://host"); code != 2 {
		t.Errorf("--smtp-url without --mail-from: exit %d", code)
	}

	srv := mailtest.Start(t)
	send := []string{"digest", "--data", data, "--smtp-url", srv.URL(), "--mail-from", "ruqsat <noreply@example.kz>"}
	if code, out, errs := run(t, "", append(send, "--user", "DEMO-KK@ruqsat.local")...); code != 0 || !strings.Contains(out, "sent 1") || len(srv.Messages()) != 1 {
		t.Fatalf("digest --user: exit %d, %d messages\n%s%s", code, len(srv.Messages()), out, errs)
	}
	if m := srv.Messages()[0]; len(m.To) != 1 || m.To[0] != "demo-kk@ruqsat.local" || m.From != "noreply@example.kz" {
		t.Errorf("digest --user: %v from %s", m.To, m.From)
	}
	if code, out, errs := run(t, "", send...); code != 0 || !strings.Contains(out, "sent 2") || !strings.Contains(out, "sent before 1") || len(srv.Messages()) != 3 {
		t.Fatalf("digest: exit %d, %d messages\n%s%s", code, len(srv.Messages()), out, errs)
	}
	if code, out, errs := run(t, "", send...); code != 0 || !strings.Contains(out, "sent 0") || len(srv.Messages()) != 3 {
		t.Fatalf("digest again: exit %d, %d messages\n%s%s", code, len(srv.Messages()), out, errs)
	}
}
