package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
	"github.com/ruqsat/ruqsat/internal/synth"
)

// BenchmarkRecordPages renders and saves the record pages of an employer
// of 1,000 workers (issue target: under 50 ms server time each), over
// HTTP on the loopback as a browser asks for them. go test -run=NONE
// -bench=RecordPages ./internal/web
func BenchmarkRecordPages(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	asOf := domain.Today(today)
	rec := synth.Generate(synth.Spec{Seed: 11, Employers: 1, Workers: 1000, Trips: 3000, From: asOf.AddYears(-1), To: asOf})[0]
	if err := f.db.ReplaceEmployerRecords(ctx, f.tenantA, store.SystemActor, &rec); err != nil {
		b.Fatal(err)
	}
	bin := rec.Employer.BIN
	var w *domain.Worker
	for i := range rec.Workers {
		if len(rec.Workers[i].Trips) > 0 && len(rec.Workers[i].Permits) > 0 {
			w = &rec.Workers[i]
			break
		}
	}
	if w == nil {
		b.Fatal("no worker with a trip and a permit")
	}
	br := f.browser()
	br.accept = "ru"
	br.login(ownerA, "/")
	emp := "/employers/" + bin
	for _, p := range []struct{ name, path string }{
		{"workers", emp + "/workers"},
		{"worker", emp + "/workers/" + url.PathEscape(w.ID)},
		{"worker-plan", emp + "/workers/" + url.PathEscape(w.ID) + "?plan_region=KZ-71&plan_from=" + asOf.String() + "&plan_to=" + asOf.AddDays(20).String()},
		{"records", emp + "/records"},
		{"history", emp + "/history"},
		{"form-trip", emp + "/edit?kind=trips&worker=" + url.QueryEscape(w.ID) + "&i=0"},
		{"findings", emp},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if r := br.get(p.path); r.status != http.StatusOK {
					b.Fatalf("GET %s: %d", p.path, r.status)
				}
			}
		})
	}
	b.Run("save-trip", func(b *testing.B) {
		_, v, err := f.db.EmployerRecords(ctx, f.tenantA, bin)
		if err != nil {
			b.Fatal(err)
		}
		t := w.Trips[0]
		i := 0
		for b.Loop() {
			to := t.To
			if i%2 == 1 {
				to = t.From
			}
			r := br.post(emp+"/edit", url.Values{"kind": {"trips"}, "worker": {w.ID}, "i": {"0"}, "version": {strconv.FormatInt(v, 10)},
				"region": {string(t.Region)}, "from": {t.From.String()}, "to": {to.String()}, "notified": {dateText(t.Notified)}})
			if r.status != http.StatusSeeOther {
				b.Fatalf("save: %d\n%s", r.status, r.body)
			}
			v++
			i++
		}
	})
}

func dateText(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
