package domain_test

import (
	"reflect"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
)

// TestCloneIsDeep changes every part of a copy of records that set every
// field and checks that the original did not change.
func TestCloneIsDeep(t *testing.T) {
	orig := domaintest.Full()
	keep := domaintest.Full()
	c := orig.Clone()
	if !reflect.DeepEqual(c, orig) {
		t.Fatal("the copy differs from the original")
	}
	*c.Employer.StaffKZ = [5]int{0, 9, 9, 9, 9}
	*c.Employer.TotalEmployees = 999
	w := &c.Workers[0]
	w.Contract.Signed = domain.MustDate("2001-01-01")
	w.Permits[0].Regions[0] = "KZ-10"
	w.Permits[0].Number = "changed"
	w.Trips[0].Notified = domain.MustDate("2001-01-01")
	w.AddressChanges[0].Notified = domain.MustDate("2001-01-01")
	w.Applications[0].VacancyCode = "changed"
	c.Reports[0].Submitted = domain.MustDate("2001-01-01")
	c.QuotaPlans[0].Count = 99
	c.QuotaApplications[0].Year = 2099
	c.Penalties[0].Part = "9"
	w.Passport.Number = "changed"
	w.Documents[0].Number = "changed"
	w.Education.Graduated = 1999
	*w.ExperienceYears = 99
	c.QuotaContracts[0].Number = "changed"
	c.MonthlyFigures[0].KZTrained = 99
	c.Workers = append(c.Workers, domain.Worker{ID: "new"})
	if !reflect.DeepEqual(orig, keep) {
		t.Fatal("changing the copy changed the original")
	}
}
