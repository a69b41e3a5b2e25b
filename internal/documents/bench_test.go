package documents

import (
	"testing"

	"github.com/ruqsat/ruqsat/internal/demo"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
	"github.com/ruqsat/ruqsat/internal/rules"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// BenchmarkMonthlyReport1000 makes the monthly report of an employer with
// 1,000 workers (issue 11: under 1 s in either format).
func BenchmarkMonthlyReport1000(b *testing.B) {
	from, to := domain.MustDate("2025-01-01"), domain.MustDate("2025-12-31")
	rec := &synth.Generate(synth.Spec{Seed: 11, Employers: 1, Workers: 1000, Trips: 500, From: from, To: to})[0]
	month := domain.NewYearMonth(2025, 6)
	rec.MonthlyFigures = []domain.MonthlyFigures{{Month: month, KZTrained: 12, KZReplaced: 3, KZWorking: 4200, JobsCreated: 40}}
	for _, f := range []Format{XLSX, PDF} {
		b.Run(string(f), func(b *testing.B) {
			req := Request{Kind: MonthlyReport, Format: f, Lang: i18n.RU, AsOf: domain.MustDate("2025-07-10"), Month: month}
			for b.Loop() {
				d, err := Make(Input{Records: rec}, req)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(d.Data)))
			}
		})
	}
}

// BenchmarkLetter makes a qualification letter (issue 11: under 50 ms),
// without and with a logo on its letterhead and an executor.
func BenchmarkLetter(b *testing.B) {
	rec, _ := sample(i18n.KK)
	logo := testLogo(b)
	for _, f := range []Format{DOCX, PDF} {
		for _, withLogo := range []bool{false, true} {
			name := string(f)
			in := Input{Records: rec}
			req := Request{Kind: Letter, Format: f, Lang: i18n.KK, AsOf: testAsOf, Worker: "w-001"}
			if withLogo {
				name += "/logo"
				in.Logo = logo
				req.Executor, req.ExecutorPhone = "Сапарова Айгүл", "+7 7122 30-45-67"
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					if _, err := Make(in, req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkComplianceDemo evaluates the demo's largest employer on its base
// date and makes its compliance report (issue 11: under 300 ms).
func BenchmarkComplianceDemo(b *testing.B) {
	recs, err := demo.Records(demo.Base())
	if err != nil {
		b.Fatal(err)
	}
	rec := recs[0]
	for _, r := range recs {
		if len(r.Workers) > len(rec.Workers) {
			rec = r
		}
	}
	engine := rules.New(nil, nil)
	for _, f := range []Format{PDF, XLSX} {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				res := engine.Evaluate(rec, demo.Base())
				res.Render(i18n.For(i18n.RU))
				if _, err := Make(Input{Records: rec, Result: &res}, Request{Kind: Compliance, Format: f, Lang: i18n.RU, AsOf: demo.Base()}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
