package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/scenario"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// BenchmarkEvaluateCommand times the whole `ruqsat evaluate` process on a
// 1,000-worker scenario file: start, parse, evaluate, print JSON, exit
// (target: under 300 ms). It builds the binary once, as a user would run it.
func BenchmarkEvaluateCommand(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "ruqsat")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	recs := synth.Generate(synth.Spec{Seed: 3, Employers: 1, Workers: 1000, Trips: 10_000,
		From: domain.MustDate("2022-01-01"), To: domain.MustDate("2026-10-31")})
	var buf bytes.Buffer
	if err := scenario.Encode(&buf, &scenario.File{AsOf: domain.MustDate("2026-11-20"), Records: recs[0]}); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "employer-1000.yaml")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(buf.Len())/1024, "file_KiB")
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(bin, "evaluate", "--format", "json", file)
		cmd.Stdout = nil
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("evaluate: %v\n%s", err, stderr.String())
		}
	}
}
