package scenario_test

import (
	"bytes"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// TestLargestExportReadsBack encodes an employer at the model's worker
// limit, with five trips a worker, and reads it back: the reader's
// file-size cap must take what the registry can hold.
func TestLargestExportReadsBack(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes and parses a 20 MiB file")
	}
	rec := synth.Generate(synth.Spec{Seed: 3, Employers: 1, Workers: domain.MaxWorkers, Trips: 5 * domain.MaxWorkers,
		From: domain.MustDate("2024-01-01"), To: domain.MustDate("2025-12-31")})[0]
	var buf bytes.Buffer
	if err := scenario.Encode(&buf, &scenario.File{AsOf: domain.MustDate("2025-12-31"), Records: rec}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d workers, %d bytes", len(rec.Workers), buf.Len())
	f, err := scenario.Parse("large.yaml", buf.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Records.Workers) != domain.MaxWorkers {
		t.Fatalf("read %d workers", len(f.Records.Workers))
	}
}
