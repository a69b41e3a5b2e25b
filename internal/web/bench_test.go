package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"syscall"
	"testing"
	"time"

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
		{"form-trip", emp + "/edit?record=trips&worker=" + url.QueryEscape(w.ID) + "&i=0"},
		{"findings", emp},
	} {
		b.Run(p.name, func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				if r := br.get(p.path); r.status != http.StatusOK {
					b.Fatalf("GET %s: %d", p.path, r.status)
				}
			}
			reportCPU(b, start)
		})
	}
	b.Run("save-trip", func(b *testing.B) {
		_, v, err := f.db.EmployerRecords(ctx, f.tenantA, bin)
		if err != nil {
			b.Fatal(err)
		}
		t := w.Trips[0]
		i := 0
		start := cpuTime()
		for b.Loop() {
			to := t.To
			if i%2 == 1 {
				to = t.From
			}
			r := br.post(emp+"/edit", url.Values{"record": {"trips"}, "worker": {w.ID}, "i": {"0"}, "version": {strconv.FormatInt(v, 10)},
				"region": {string(t.Region)}, "from": {t.From.String()}, "to": {to.String()}, "notified": {dateText(t.Notified)}})
			if r.status != http.StatusSeeOther {
				b.Fatalf("save: %d\n%s", r.status, r.body)
			}
			v++
			i++
		}
		reportCPU(b, start)
	})
}

// cpuTime is the processor time the process has used: the server's and
// the client's, which share it. On a loaded machine it tells the work a
// request costs better than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the processor time per operation since start, in
// milliseconds (cpu-ms/op).
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func dateText(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
