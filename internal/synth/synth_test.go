package synth

import (
	"reflect"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestGenerateIsDeterministicAndValid(t *testing.T) {
	spec := Spec{Seed: 7, Employers: 20, Workers: 400, Trips: 4000, From: domain.MustDate("2021-01-01"), To: domain.MustDate("2025-12-31")}
	a, b := Generate(spec), Generate(spec)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with one seed differ")
	}
	workers, trips := 0, 0
	for _, r := range a {
		if err := domain.CheckBIN(r.Employer.BIN); err != nil {
			t.Fatal(err)
		}
		workers += len(r.Workers)
		for _, w := range r.Workers {
			trips += len(w.Trips)
			if w.IIN != "" {
				if err := domain.CheckIIN(w.IIN); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range w.Permits {
				if p.To < p.From {
					t.Fatalf("permit %s ends before it starts", p.Number)
				}
			}
		}
	}
	if workers != 400 || trips != 4000 {
		t.Fatalf("%d workers and %d trips, want 400 and 4000", workers, trips)
	}
}
