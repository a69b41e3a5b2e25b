package app

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
)

// TestMergeLeavesTheStoredRecords: a what-if's merge writes into none of
// the stored records' lists or pointers, whatever it adds, fills in or
// replaces, and places what it added.
func TestMergeLeavesTheStoredRecords(t *testing.T) {
	stored, want := domaintest.Full(), domaintest.Full()
	// Room in every list, so that an append in place would not reallocate.
	w := &stored.Workers[0]
	w.Trips = append(make([]domain.Trip, 0, 8), w.Trips...)
	w.Trips[0].Notified = 0
	want.Workers[0].Trips[0].Notified = 0
	w.Permits = append(make([]domain.Permit, 0, 8), w.Permits...)
	stored.Reports = append(make([]domain.Report, 0, 8), stored.Reports...)
	w.Contract.Registered = 0
	want.Workers[0].Contract.Registered = 0

	add := domaintest.Full()
	add.Employer = domain.Employer{StaffKZ: &[5]int{0, 1, 1, 1, 1}}
	// A new worker first, then the stored one.
	add.Workers = append([]domain.Worker{add.Workers[0]}, add.Workers[0])
	add.Workers[0].ID = "w-002"
	aw := &add.Workers[1]
	aw.Trips = append(aw.Trips, domain.Trip{Region: "KZ-71", From: domain.MustDate("2025-06-01"), To: domain.MustDate("2025-06-03")})
	combined, pl, err := merge(stored, add)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, want) {
		t.Fatalf("the stored records changed:\n%+v\nwant\n%+v", stored, want)
	}
	cw := &combined.Workers[0]
	if len(combined.Workers) != 2 || len(cw.Trips) != 2 || cw.Trips[0].Notified != domain.MustDate("2025-03-03") ||
		len(cw.Permits) != 2 || cw.Contract.Registered != domain.MustDate("2025-01-09") || combined.Employer.StaffKZ[1] != 1 ||
		len(combined.Reports) != 2 {
		t.Errorf("combined: %+v", combined)
	}
	for from, to := range map[string]string{
		"workers[0].trips[0].notified":     "workers[1].trips[0].notified", // filled in: the stored item, from the first added trip
		"workers[0].trips[1].to":           "workers[1].trips[1].to",       // appended
		"workers[0].permits[1].regions[0]": "workers[1].permits[0].regions[0]",
		"workers[0].permits[0].to":         "workers[0].permits[0].to", // stored: left where it is
		"workers[0].contract.registered":   "workers[1].contract.registered",
		"workers[0].name":                  "workers[0].name", // recorded, equal: not taken
		"workers[0].trips":                 "workers[1].trips",
		"workers[1].id":                    "workers[0].id",
		"reports[1].month":                 "reports[0].month",
		"reports[0].month":                 "reports[0].month",
		"employer.staff_kz[0]":             "employer.staff_kz[0]",
	} {
		if got := pl.path(parsePath(t, from)).String(); got != to {
			t.Errorf("%s is placed at %s, want %s", from, got, to)
		}
	}
}

// parsePath reads a path as Path.String writes it.
func parsePath(t *testing.T, s string) domain.Path {
	t.Helper()
	var p domain.Path
	for _, seg := range strings.Split(s, ".") {
		key, index := seg, -1
		if k, rest, ok := strings.Cut(seg, "["); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
			if err != nil {
				t.Fatalf("path %q: %v", s, err)
			}
			key, index = k, n
		}
		p = append(p, domain.PathSeg{Key: key, Index: index})
	}
	if p.String() != s {
		t.Fatalf("path %q reads as %q", s, p.String())
	}
	return p
}

// FuzzMerge merges arbitrary additions (JSON of domain.Records) into
// domaintest.Full: the stored records never change, and every problem of
// the combined records that merge places in the additions lands on an
// item they hold.
func FuzzMerge(f *testing.F) {
	seed, _ := json.Marshal(domaintest.Full())
	f.Add(seed)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"Workers":[{"ID":"w-001","Trips":[{"Region":"KZ-75","From":"2025-03-02","To":"2025-03-06","Notified":"2025-03-09"},{"Region":"kz-1","From":"2025-03-06","To":"2025-03-02"}]}]}`))
	f.Add([]byte(`{"Workers":[{"ID":"n"},{"ID":"n","Basis":"permit"},{"ID":"w-001","Start":"2025-01-11"}]}`))
	f.Add([]byte(`{"Employer":{"StaffKZ":[1,-1,0,0,0]},"Reports":[{"Month":0}],"Penalties":[{"Article":"1"}]}`))
	f.Add([]byte(`{"Workers":[{"ID":"w-001","Contract":{"Registered":"2025-01-09"},"AddressChanges":[{"Date":"2025-04-01"}],"Permits":[{"Regions":[]}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var add domain.Records
		if json.Unmarshal(b, &add) != nil {
			return
		}
		stored := domaintest.Full()
		combined, pl, err := merge(stored, &add)
		if !reflect.DeepEqual(stored, domaintest.Full()) {
			t.Fatalf("the stored records changed: %+v", stored)
		}
		if err != nil {
			return
		}
		ps := combined.Validate()
		if ps == nil {
			return
		}
		for _, p := range ps.List {
			for _, path := range []domain.Path{p.Path, p.Other} {
				if q := pl.path(path); !reflect.DeepEqual(q, path) && !within(&add, q) {
					t.Fatalf("%s is placed at %s, which the additions do not hold", path, q)
				}
			}
		}
	})
}

// within reports whether the additions hold the item a placed path names
// (its worker and list item, or its item of an employer's list).
func within(add *domain.Records, p domain.Path) bool {
	if len(p) == 0 {
		return false
	}
	lists := map[string]int{"reports": len(add.Reports), "quota_plans": len(add.QuotaPlans),
		"quota_applications": len(add.QuotaApplications), "penalties": len(add.Penalties), "workers": len(add.Workers)}
	n, ok := lists[p[0].Key]
	if !ok || p[0].Index < 0 || p[0].Index >= n {
		return false
	}
	if p[0].Key != "workers" || len(p) < 2 || p[1].Index < 0 {
		return true
	}
	w := &add.Workers[p[0].Index]
	n, ok = map[string]int{"permits": len(w.Permits), "trips": len(w.Trips), "address_changes": len(w.AddressChanges), "applications": len(w.Applications)}[p[1].Key]
	return ok && p[1].Index < n
}
