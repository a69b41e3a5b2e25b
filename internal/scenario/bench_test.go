package scenario

import (
	"fmt"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// bigFile returns a scenario with n workers, each with a contract, two
// permits, four trips, an address change and an application: the size of a
// large employer's records.
func bigFile(n int) *File {
	d := domain.MustDate
	regions := []domain.Region{"KZ-23", "KZ-47", "KZ-71", "KZ-75", "KZ-79"}
	total := 5 * n
	f := &File{
		AsOf: d("2026-04-30"),
		Records: domain.Records{
			Employer: domain.Employer{BIN: "940140000385", Name: "Steppe Drilling LLP", Size: domain.SizeLarge,
				StaffKZ: &[5]int{0, 20, 80, 400, 600}, TotalEmployees: &total},
		},
		Overrides: []domain.Override{{Name: "quota_deadline.KZ-71.2026", Value: "2026-09-27"}},
	}
	for i := 0; i < n; i++ {
		start := d("2025-01-10").AddDays(i % 300)
		home := regions[i%len(regions)]
		w := domain.Worker{
			ID:          fmt.Sprintf("w%04d", i),
			Name:        fmt.Sprintf("Worker Number %d", i),
			Citizenship: "TR",
			IIN:         "850101300124",
			Basis:       domain.BasisPermit,
			Category:    domain.Category(1 + i%4),
			Position:    "Drilling engineer",
			Start:       start,
			Contract:    &domain.Contract{Signed: start, Registered: start.AddDays(3)},
			Permits: []domain.Permit{
				{Number: fmt.Sprintf("KZ-%d-2025-%04d", i%90, i), Regions: []domain.Region{home}, From: start.AddDays(-5), To: start.AddDays(360)},
				{Number: fmt.Sprintf("KZ-%d-2026-%04d", i%90, i), Regions: []domain.Region{home, regions[(i+1)%len(regions)]}, From: start.AddDays(361), To: start.AddDays(725)},
			},
			AddressChanges: []domain.AddressChange{{Date: start.AddDays(40), Notified: start.AddDays(42)}},
			Applications:   []domain.Application{{Filed: start.AddDays(-30), VacancyPosted: start.AddDays(-50), VacancyCode: fmt.Sprintf("V-%d", i)}},
		}
		for k := 0; k < 4; k++ {
			from := start.AddDays(20 + 60*k)
			w.Trips = append(w.Trips, domain.Trip{Region: regions[(i+k+2)%len(regions)], From: from, To: from.AddDays(9), Notified: from.AddDays(1)})
		}
		f.Records.Workers = append(f.Records.Workers, w)
	}
	return f
}

func BenchmarkParse1000Workers(b *testing.B) {
	data := encode(b, bigFile(1000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("big.yaml", data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode1000Workers(b *testing.B) {
	f := bigFile(1000)
	b.ReportAllocs()
	for b.Loop() {
		encode(b, f)
	}
}

func TestBigFileRoundTrips(t *testing.T) {
	f := bigFile(50)
	g := mustParse(t, "big.yaml", encode(t, f))
	if !sameFile(f, g) {
		t.Error("the generated file reads back differently")
	}
}
