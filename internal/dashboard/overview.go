package dashboard

import (
	"cmp"
	"context"
	"slices"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/rules"
)

// Summary is what the employers list says of one employer on the cache's
// date: how much needs action, how serious, and what it may cost.
type Summary struct {
	// Overdue counts the open obligations whose deadline has passed and
	// the missed ones: the dashboard's overdue items.
	Overdue int
	// DueWeek counts the open obligations due from the date to 7 days
	// after it.
	DueWeek int
	// Violations and Warnings count the findings of these severities,
	// dated or not.
	Violations, Warnings int
	// FineMCI is the sum of the fines of the findings that carry one
	// (administrative warnings aside), in MCI; FineKZT the same in tenge,
	// of the fines whose MCI value is known, FineKZTKnown false when one
	// is not.
	FineMCI      int64
	FineKZT      int64
	FineKZTKnown bool
}

// Trouble reports whether the summary has anything that needs action.
func (s Summary) Trouble() bool {
	return s.Overdue > 0 || s.DueWeek > 0 || s.Violations > 0 || s.Warnings > 0
}

func (s *Summary) add(o Summary) {
	s.Overdue += o.Overdue
	s.DueWeek += o.DueWeek
	s.Violations += o.Violations
	s.Warnings += o.Warnings
	s.FineMCI += o.FineMCI
	s.FineKZT += o.FineKZT
	s.FineKZTKnown = s.FineKZTKnown && o.FineKZTKnown
}

// WeekDays is the span of Summary.DueWeek: due within 7 days.
const WeekDays = 7

// summarize counts one evaluation, and returns its undated risks: the
// violations and warnings without a deadline (days of trips against the
// limit, a missing IIN, local content, the quota risk), which no dated list
// shows.
func summarize(e *domain.Employer, res rules.Result, asOf domain.Date) (Summary, []Item) {
	s := Summary{FineKZTKnown: true}
	var undated []Item
	week := asOf.AddDays(WeekDays)
	for i := range res.Findings {
		f := &res.Findings[i]
		switch f.Severity {
		case domain.SeverityViolation:
			s.Violations++
		case domain.SeverityWarning:
			s.Warnings++
		}
		if keep(f) {
			switch {
			case f.Due < asOf || f.Status == domain.StatusMissed:
				s.Overdue++
			case f.Due <= week:
				s.DueWeek++
			}
		}
		if fn := f.Fine; fn != nil && !fn.Warning && fn.MCI > 0 {
			s.FineMCI += int64(fn.MCI)
			if fn.KZT != nil {
				s.FineKZT += *fn.KZT
			} else {
				s.FineKZTKnown = false
			}
		}
		if f.Due.IsZero() && (f.Severity == domain.SeverityViolation || f.Severity == domain.SeverityWarning) {
			undated = append(undated, Item{BIN: e.BIN, Employer: e.Name, Rule: f.Rule.String(), Subject: f.Subject, Period: f.Period,
				Severity: f.Severity, Status: f.Status, Message: f.Message, Fine: f.Fine, Key: f.Key, Args: f.Args})
		}
	}
	return s, undated
}

// overview is a refresh's summaries and undated risks, never changed once
// made.
type overview struct {
	summaries map[string]Summary
	undated   []Item // by severity (violations first), then BIN, rule, subject, period
}

func newOverview(emps map[string]*employer) *overview {
	o := &overview{summaries: make(map[string]Summary, len(emps))}
	for bin, e := range emps {
		o.summaries[bin] = e.summary
		o.undated = append(o.undated, e.undated...)
	}
	slices.SortFunc(o.undated, func(a, b Item) int {
		return cmp.Or(cmp.Compare(a.Severity, b.Severity), compareItems(&a, &b))
	})
	return o
}

// Overview is a tenant's employers at a glance, on the cache's date.
type Overview struct {
	AsOf domain.Date
	// Employers are the summaries by BIN, of every employer the query may
	// see (those without findings too).
	Employers map[string]Summary
	// Total adds them up.
	Total Summary
	// Undated are the undated risks (see summarize), violations first.
	Undated []Item
}

// Overview returns the summaries and undated risks of the tenant's
// employers (only those of only, when not nil), from the same refresh as
// Query, on today's date.
func (c *Cache) Overview(ctx context.Context, tenantID int64, only []string) (Overview, error) {
	now := c.now()
	asOf := domain.Today(now)
	t := c.hold(tenantID, now, true)
	s, err := c.snapshot(ctx, t, asOf)
	if err != nil {
		return Overview{}, err
	}
	out := Overview{AsOf: s.asOf, Total: Summary{FineKZTKnown: true}}
	o := s.overview
	if o == nil {
		return out, nil
	}
	if only == nil {
		out.Employers = o.summaries
		out.Undated = o.undated
	} else {
		allowed := make(map[string]bool, len(only))
		out.Employers = make(map[string]Summary, len(only))
		for _, bin := range only {
			allowed[bin] = true
			if sm, ok := o.summaries[bin]; ok {
				out.Employers[bin] = sm
			}
		}
		for _, it := range o.undated {
			if allowed[it.BIN] {
				out.Undated = append(out.Undated, it)
			}
		}
	}
	for _, sm := range out.Employers {
		out.Total.add(sm)
	}
	return out, nil
}
