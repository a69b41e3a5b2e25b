package domain

import "slices"

// Clone returns a deep copy of r: changing the copy's lists, a worker's
// lists, its contract or the employer's staff counts leaves r as it was.
// An edit is made on a copy of what was read, so that the store can tell
// what changed (store.DB.EditEmployerRecords).
func (r *Records) Clone() *Records {
	c := *r
	if e := r.Employer.StaffKZ; e != nil {
		s := *e
		c.Employer.StaffKZ = &s
	}
	if t := r.Employer.TotalEmployees; t != nil {
		n := *t
		c.Employer.TotalEmployees = &n
	}
	c.Workers = slices.Clone(r.Workers)
	for i := range c.Workers {
		w := &c.Workers[i]
		if w.Contract != nil {
			k := *w.Contract
			w.Contract = &k
		}
		w.Permits = slices.Clone(w.Permits)
		for j := range w.Permits {
			w.Permits[j].Regions = slices.Clone(w.Permits[j].Regions)
		}
		w.Trips = slices.Clone(w.Trips)
		w.AddressChanges = slices.Clone(w.AddressChanges)
		w.Applications = slices.Clone(w.Applications)
		if w.Passport != nil {
			k := *w.Passport
			w.Passport = &k
		}
		if w.Education != nil {
			k := *w.Education
			w.Education = &k
		}
		w.Documents = slices.Clone(w.Documents)
		if w.ExperienceYears != nil {
			n := *w.ExperienceYears
			w.ExperienceYears = &n
		}
	}
	c.Reports = slices.Clone(r.Reports)
	c.QuotaPlans = slices.Clone(r.QuotaPlans)
	c.QuotaApplications = slices.Clone(r.QuotaApplications)
	c.QuotaContracts = slices.Clone(r.QuotaContracts)
	c.Penalties = slices.Clone(r.Penalties)
	c.MonthlyFigures = slices.Clone(r.MonthlyFigures)
	return &c
}
