package app

import (
	"context"
	"strconv"

	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
)

// EditRecords changes one employer's records with edit and stores them, if
// the stored version is ifVersion, and returns the new version. This is the
// way of every change made record by record (the web UI's forms and quick
// actions): in one transaction of the store, edit works on a copy of the
// stored records; the result passes the records validator (EINVALID with
// its problems, nothing stored) and only what changed is written, in one
// audit entry. A version other than ifVersion is ECONFLICT before edit
// runs: the user decided on what they saw, and what they saw has changed.
func (a *App) EditRecords(ctx context.Context, u *User, bin string, ifVersion int64, edit func(*domain.Records) error) (int64, error) {
	if err := require(u, auth.ActionWrite); err != nil {
		return 0, err
	}
	if err := scoped(u, bin); err != nil {
		return 0, err
	}
	return a.db.EditEmployerRecords(ctx, u.TenantID, actor(u), bin, ifVersion, func(rec *domain.Records) error {
		if err := edit(rec); err != nil {
			return err
		}
		// The store checks the BIN and validates too; the validator's
		// problems come back from here, whole, for the forms.
		if rec.Employer.BIN != bin {
			return domain.Errorf(domain.EINVALID, "the BIN of employer %s cannot change", bin).Say("error.bin_fixed", "Code", bin)
		}
		return rec.Validate().Err()
	})
}

// Action is what a quick action from a finding records: the obligation the
// finding (Rule, Subject, Period) is about was met on Date.
type Action struct {
	Rule    domain.RuleID
	Subject string
	Period  string
	Date    domain.Date
}

// Actable reports whether a finding of rule has a quick action: a notice
// filed (trip.notice, address.notice), a report or quota application
// submitted (report.monthly, quota.application), a contract registered
// (contract.esutd).
func Actable(rule domain.RuleID) bool {
	switch rule {
	case domain.RuleTripNotice, domain.RuleAddressNotice, domain.RuleReportMonthly,
		domain.RuleQuotaApplication, domain.RuleContractESUTD:
		return true
	}
	return false
}

// Act records that the obligation of a finding was met, as the one record
// the finding is about says it: the trips leaving on the finding's day are
// notified on act.Date, so are the address changes of that day; the month's
// report is submitted (added when there is none); a quota application for
// the region and year is added; the worker's contract is registered. It is
// an EditRecords: the version check, the validator and the audit entry are
// those of every change. ENOTFOUND when the records hold no such obligation
// (the finding is from another version of them).
func (a *App) Act(ctx context.Context, u *User, bin string, ifVersion int64, act Action) (int64, error) {
	if !Actable(act.Rule) {
		return 0, domain.Errorf(domain.EINVALID, "a finding of rule %s has no quick action", act.Rule).Say("error.no_action", "Code", act.Rule.String())
	}
	if err := domain.CheckAsOf(act.Date); err != nil {
		return 0, err
	}
	gone := domain.Errorf(domain.ENOTFOUND, "no record for the finding %s %s %s; reload the page", act.Rule, act.Subject, act.Period).
		Say("error.no_finding_record", "Code", act.Rule.String())
	return a.EditRecords(ctx, u, bin, ifVersion, func(rec *domain.Records) error {
		found := false
		worker := func() *domain.Worker {
			for i := range rec.Workers {
				if rec.Workers[i].ID == act.Subject {
					return &rec.Workers[i]
				}
			}
			return nil
		}
		switch act.Rule {
		case domain.RuleTripNotice, domain.RuleAddressNotice:
			day, err := domain.ParseDate(act.Period)
			w := worker()
			if err != nil || w == nil {
				return gone
			}
			if act.Rule == domain.RuleTripNotice {
				for i := range w.Trips {
					if t := &w.Trips[i]; t.From == day {
						t.Notified, found = act.Date, true
					}
				}
			} else {
				for i := range w.AddressChanges {
					if c := &w.AddressChanges[i]; c.Date == day {
						c.Notified, found = act.Date, true
					}
				}
			}
		case domain.RuleReportMonthly:
			m, err := domain.ParseYearMonth(act.Period)
			if err != nil {
				return gone
			}
			for i := range rec.Reports {
				if r := &rec.Reports[i]; r.Month == m {
					r.Submitted, found = act.Date, true
				}
			}
			if !found {
				rec.Reports = append(rec.Reports, domain.Report{Month: m, Submitted: act.Date})
				found = true
			}
		case domain.RuleQuotaApplication:
			year, err := strconv.Atoi(act.Period)
			region := domain.Region(act.Subject)
			if err != nil || !region.Valid() {
				return gone
			}
			rec.QuotaApplications = append(rec.QuotaApplications, domain.QuotaApplication{Year: year, Region: region, Submitted: act.Date})
			found = true
		case domain.RuleContractESUTD:
			day, err := domain.ParseDate(act.Period)
			w := worker()
			if err != nil || w == nil || w.Contract == nil || w.Contract.Signed != day {
				return gone
			}
			w.Contract.Registered, found = act.Date, true
		}
		if !found {
			return gone
		}
		return nil
	})
}
