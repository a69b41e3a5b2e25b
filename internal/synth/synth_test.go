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

func TestNumbersDistinctAndValid(t *testing.T) {
	bins, iins := map[string]uint64{}, map[string]uint64{}
	check := func(kind string, seen map[string]uint64, n uint64, s string, valid func(string) bool) {
		if !valid(s) {
			t.Fatalf("%s(%d) = %s is not valid", kind, n, s)
		}
		if m, dup := seen[s]; dup {
			t.Fatalf("%s(%d) = %s(%d) = %s", kind, n, kind, m, s)
		}
		seen[s] = n
	}
	for _, base := range []uint64{0, 1_000_000, 7_000_000, 13_000_000, 99_000_000} {
		for n := base; n < base+120_000; n++ {
			check("BIN", bins, n, BIN(n), func(s string) bool { return domain.CheckBIN(s) == nil })
			if n < 13_440_000 {
				check("IIN", iins, n, IIN(n), func(s string) bool { return domain.CheckIIN(s) == nil })
			}
		}
	}
}
