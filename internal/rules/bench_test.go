package rules_test

import (
	"runtime"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/synth"
)

var (
	benchFrom = domain.MustDate("2021-01-01")
	benchTo   = domain.MustDate("2025-12-31")
	benchAsOf = domain.MustDate("2025-12-31")
)

// BenchmarkEvaluateEmployer evaluates one employer with 200 workers and five
// years of trips and reports (target: under 2 ms).
func BenchmarkEvaluateEmployer(b *testing.B) {
	recs := synth.Generate(synth.Spec{Seed: 1, Employers: 1, Workers: 200, Trips: 2000, From: benchFrom, To: benchTo})
	e := rules.New(nil, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		e.Evaluate(&recs[0], benchAsOf)
	}
}

// BenchmarkNationalBatch evaluates 5,000 employers with 100,000 workers and
// 10k, 100k and 1M trips, one employer after another on one goroutine (run
// with -cpu 1 for "one core"), as a nightly batch does: each employer's
// findings are folded into totals (by severity, and the fines' exposure in
// tenge) and then dropped. It reports the findings made, and the peak heap in
// use during the batch (records included) as peak_heap_MB.
func BenchmarkNationalBatch(b *testing.B) {
	for _, trips := range []int{10_000, 100_000, 1_000_000} {
		b.Run(itoa(trips)+"trips", func(b *testing.B) {
			recs := synth.Generate(synth.Spec{Seed: 2, Employers: 5000, Workers: 100_000, Trips: trips, From: benchFrom, To: benchTo})
			e := rules.New(nil, nil)
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			var findings int
			var peak uint64
			var ms runtime.MemStats
			for b.Loop() {
				findings = 0
				var bySeverity [5]int
				var exposure int64
				for i := range recs {
					res := e.Evaluate(&recs[i], benchAsOf)
					findings += len(res.Findings)
					for _, f := range res.Findings {
						bySeverity[f.Severity]++
						if f.Fine != nil && f.Fine.KZT != nil {
							exposure += *f.Fine.KZT
						}
					}
					if i%500 == 0 {
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse)
					}
				}
				if bySeverity[domain.SeverityViolation] == 0 || exposure == 0 {
					b.Fatal("no violations or no exposure: the generator or the rules are broken")
				}
			}
			b.ReportMetric(float64(findings), "findings")
			b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MB")
		})
	}
}

func itoa(n int) string {
	switch {
	case n >= 1_000_000:
		return itoa(n/1_000_000) + "M"
	case n >= 1000:
		return itoa(n/1000) + "k"
	}
	return string(rune('0'+n/100%10)) + string(rune('0'+n/10%10)) + string(rune('0'+n%10))
}
