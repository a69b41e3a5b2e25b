package ical

import (
	"io"
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// BenchmarkWrite writes 18,000 events (the feed of a consultant who sees
// 5,000 employers), in Russian, with links.
//
//	go test ./internal/ical -run NONE -bench Write -benchmem
func BenchmarkWrite(b *testing.B) {
	kzt := int64(432500)
	events := make([]Event, 18000)
	for i := range events {
		events[i] = Event{Tenant: "1", BIN: "940140000385", Rule: domain.RuleTripNotice, Subject: "w" + string(rune('0'+i%10)),
			Period: domain.NewDate(2026, 1, 1).AddDays(i % 365).String(), Employer: "Steppe Drilling LLP",
			Due: domain.NewDate(2026, 6, 1).AddDays(i % 200), Message: "Уведомите миграционную службу о командировке работника в KZ-71 с 01.12.2026 (John Smith) до 04.12.2026.",
			Basis: []domain.Citation{{Act: "Migration-148", Ref: "п. 34", Confidence: "H"}, {Act: "CoAO", Ref: "ст. 518 ч. 1", Confidence: "H"}},
			Fine:  &domain.Fine{Article: "518", Part: "1", MCI: 10, KZT: &kzt}, URL: "https://ruqsat.example.kz/employers/940140000385"}
	}
	opt := Options{Name: "feed", Stamp: time.Date(2026, 6, 14, 19, 0, 0, 0, time.UTC), Lang: i18n.RU}
	for b.Loop() {
		if err := Write(io.Discard, opt, events); err != nil {
			b.Fatal(err)
		}
	}
}
