package documents

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
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
// without a logo, with the sample's logo and an executor, and with the
// costliest logo a user may upload: a transparent PNG of 2 million
// pixels (app.MaxLogoPixels), whose transparency fpdf splits pixel by
// pixel.
func BenchmarkLetter(b *testing.B) {
	rec, _ := sample(i18n.KK)
	largest := image.NewNRGBA(image.Rect(0, 0, 2000, 1000))
	for y := range 1000 {
		for x := range 2000 {
			if (x/50+y/50)%2 == 0 {
				largest.SetNRGBA(x, y, color.NRGBA{R: 30, G: 80, B: 120, A: 255})
			}
		}
	}
	var big bytes.Buffer
	if err := png.Encode(&big, largest); err != nil {
		b.Fatal(err)
	}
	logos := map[string]*Logo{"": nil, "/logo": testLogo(b), "/largest-logo": {Data: big.Bytes(), ContentType: "image/png"}}
	for _, f := range []Format{DOCX, PDF} {
		for _, kind := range []string{"", "/logo", "/largest-logo"} {
			name := string(f) + kind
			in := Input{Records: rec, Logo: logos[kind]}
			req := Request{Kind: Letter, Format: f, Lang: i18n.KK, AsOf: testAsOf, Worker: "w-001"}
			if kind != "" {
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
