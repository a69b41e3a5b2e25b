// Package synth generates realistic, deterministic employer records: for
// benchmarks, load tests and demo data. The same seed gives the same records
// on every machine.
package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Spec says what to generate.
type Spec struct {
	Seed      uint64
	Employers int
	Workers   int         // in all, spread evenly over the employers
	Trips     int         // in all, spread over the permit workers
	From, To  domain.Date // the period the records cover
}

var (
	regions   = []domain.Region{"KZ-75", "KZ-71", "KZ-23", "KZ-47", "KZ-35", "KZ-79", "KZ-15", "KZ-63"}
	countries = []string{"TR", "CN", "IN", "GB", "US", "DE", "IT", "KR", "UZ", "FR"}
	positions = []string{"Drilling engineer", "Project manager", "Welder", "Geologist", "Chief accountant", "Site supervisor", "Electrician"}
	sizes     = []domain.Size{domain.SizeSmall, domain.SizeMedium, domain.SizeLarge}
	names     = []string{"Ahmet Yilmaz", "Li Wei", "Rahul Sharma", "John Smith", "Anna Schmidt", "Marco Rossi", "Kim Min-jun", "Aziz Karimov", "Claire Martin", "Mehmet Demir"}
)

// Generate returns spec.Employers employers' records.
func Generate(spec Spec) []domain.Records {
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15))
	out := make([]domain.Records, spec.Employers)
	span := spec.To.Sub(spec.From)
	tripsLeft := spec.Trips
	workersLeft := spec.Workers
	for e := range out {
		nw := workersLeft / (spec.Employers - e)
		workersLeft -= nw
		rec := &out[e]
		rec.Employer = domain.Employer{
			BIN:  BIN(uint64(e) + spec.Seed*1_000_000),
			Name: fmt.Sprintf("Employer %d LLP", e+1),
			Size: sizes[rng.IntN(len(sizes))],
		}
		if rng.IntN(3) > 0 {
			staff := [5]int{0, 2 + rng.IntN(10), 5 + rng.IntN(30), 20 + rng.IntN(200), 30 + rng.IntN(300)}
			rec.Employer.StaffKZ = &staff
		}
		home := regions[rng.IntN(len(regions))]
		rec.Workers = make([]domain.Worker, nw)
		for i := range rec.Workers {
			rec.Workers[i] = worker(rng, i, home, spec.From, span)
		}
		// Trips for this employer's permit workers, in proportion to its share.
		nt := 0
		if spec.Workers > 0 {
			nt = tripsLeft * nw / max(1, workersLeft+nw)
		}
		tripsLeft -= nt
		for t := 0; t < nt && nw > 0; t++ {
			w := &rec.Workers[rng.IntN(nw)]
			w.Trips = append(w.Trips, trip(rng, w, home, spec.To))
		}
		// Monthly reports, most on time, some late, a few missing.
		for m := spec.From.YearMonth(); m <= spec.To.YearMonth(); m++ {
			switch r := rng.IntN(20); {
			case r == 0:
			case r == 1:
				rec.Reports = append(rec.Reports, domain.Report{Month: m, Submitted: m.Last().AddDays(3)})
			default:
				rec.Reports = append(rec.Reports, domain.Report{Month: m, Submitted: m.First().AddDays(20 + rng.IntN(5))})
			}
		}
		y := spec.To.Year()
		rec.QuotaPlans = []domain.QuotaPlan{{Year: y + 1, Region: home, Category: domain.Category3, Position: positions[0], Count: 1 + rng.IntN(5)}}
		if rng.IntN(2) == 0 {
			rec.QuotaApplications = []domain.QuotaApplication{{Year: y + 1, Region: home, Submitted: domain.NewDate(y, time.September, 1+rng.IntN(29))}}
		}
		if rng.IntN(10) == 0 {
			rec.Penalties = []domain.Penalty{{Article: "98", Part: "5", Date: spec.To.AddDays(-rng.IntN(300) - 1)}}
		}
	}
	return out
}

func worker(rng *rand.Rand, i int, home domain.Region, from domain.Date, span int) domain.Worker {
	start := from.AddDays(rng.IntN(max(1, span)))
	w := domain.Worker{
		ID:          fmt.Sprintf("w%d", i+1),
		Name:        names[rng.IntN(len(names))],
		Citizenship: countries[rng.IntN(len(countries))],
		Basis:       domain.BasisPermit,
		Category:    domain.Category(1 + rng.IntN(4)),
		Position:    positions[rng.IntN(len(positions))],
		Start:       start,
	}
	switch r := rng.IntN(20); {
	case r == 0:
		w.Basis = domain.BasisICT
	case r == 1:
		w.Basis = domain.BasisEAEU
		w.Citizenship = "KG"
	case r == 2:
		w.Basis = domain.BasisExemptDirector
	}
	if rng.IntN(10) > 0 {
		w.IIN = IIN(uint64(i)*7919 + uint64(start))
	}
	if rng.IntN(4) == 0 {
		w.End = start.AddDays(180 + rng.IntN(900))
	}
	if contractRequired(w.Basis) {
		signed := start.AddDays(-rng.IntN(10))
		if rng.IntN(25) == 0 {
			signed = start.AddDays(5)
		}
		w.Contract = &domain.Contract{Signed: signed, Registered: signed.AddDays(2 + rng.IntN(5))}
	}
	if w.Basis.NeedsPermit() {
		// Permits of a year each, renewed back to back, sometimes with a gap
		// or a second region.
		p := start.AddDays(-rng.IntN(20))
		for k := 0; p <= start.AddDays(span); k++ {
			regs := []domain.Region{home}
			if rng.IntN(8) == 0 {
				regs = append(regs, regions[rng.IntN(len(regions))])
				if regs[1] == home {
					regs = regs[:1]
				}
			}
			to := p.AddYears(1).AddDays(-1)
			w.Permits = append(w.Permits, domain.Permit{Number: fmt.Sprintf("%s-%s-%d", home, w.ID, k+1), Regions: regs, From: p, To: to})
			p = to.AddDays(1 + rng.IntN(3)/2*rng.IntN(30))
		}
		filed := w.Permits[0].From.AddDays(-30)
		w.Applications = []domain.Application{{Filed: filed, VacancyPosted: filed.AddDays(-14 - rng.IntN(20)), VacancyCode: fmt.Sprintf("V-%d", i+1)}}
	}
	for k := rng.IntN(3); k > 0; k-- {
		// Address changes fall within the records' period.
		last := from.AddDays(span)
		if last <= start {
			break
		}
		day := start.AddDays(rng.IntN(last.Sub(start)))
		w.AddressChanges = append(w.AddressChanges, domain.AddressChange{Date: day, Notified: day.AddDays(rng.IntN(6))})
	}
	return w
}

// trip returns a trip of up to a week that starts while the worker is
// engaged and within the period of the records (until last).
func trip(rng *rand.Rand, w *domain.Worker, home domain.Region, last domain.Date) domain.Trip {
	if !w.End.IsZero() && w.End < last {
		last = w.End
	}
	from := w.Start.AddDays(rng.IntN(max(1, last.Sub(w.Start)+1)))
	t := domain.Trip{Region: regions[rng.IntN(len(regions))], From: from, To: from.AddDays(rng.IntN(7))}
	if t.Region == home {
		t.Region = "KZ-75"
	}
	if rng.IntN(15) > 0 {
		t.Notified = from.AddDays(rng.IntN(5))
	}
	return t
}

// contractRequired mirrors the rule: every basis but branch heads, ICT, the
// special route and business visits needs a contract.
func contractRequired(b domain.Basis) bool {
	switch b {
	case domain.BasisBranchHead, domain.BasisICT, domain.BasisSpecialRoute, domain.BasisBusinessVisit:
		return false
	}
	return true
}

// BIN returns a valid BIN (correct check digit) derived from n. Distinct n
// below 108,000,000 give distinct BINs.
func BIN(n uint64) string {
	q := n / 100_000
	return withCheckDigit(fmt.Sprintf("%02d%02d4%05d", 10+q/12%90, 1+q%12, n%100_000))
}

// IIN returns a valid IIN derived from n: a birth date in 1960-1999 and a
// correct check digit. Distinct n below 13,440,000 give distinct IINs.
func IIN(n uint64) string {
	q := n / 1_000
	return withCheckDigit(fmt.Sprintf("%02d%02d%02d3%03d", 60+q%40, 1+q/40%12, 1+q/480%28, n%1_000))
}

// withCheckDigit completes the first ten digits of a BIN or IIN with an
// eleventh and the check digit. The eleventh is 0 unless no check digit
// exists then (both passes give 10); it weighs 2 in the second pass, so
// one of the next values has one. The first ten digits are kept, so
// distinct prefixes give distinct numbers.
func withCheckDigit(first10 string) string {
	for k := range 10 {
		s := first10 + string(rune('0'+k))
		if d, ok := domain.CheckDigit(s); ok {
			return s + string(rune('0'+d))
		}
	}
	panic("synth: no check digit for " + first10) // cannot happen: see above
}
