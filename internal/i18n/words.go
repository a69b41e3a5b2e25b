package i18n

import (
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Title returns a rule's title ("title.trip.limit").
func (l *Localizer) Title(r domain.RuleID) string { return l.T("title." + r.String()) }

// Severity names a severity: "violation", "нарушение", "бұзушылық". A
// warning (a risk) is "риск" / "тәуекел", so that it does not read as the
// penalty of the same name (предупреждение, ескерту).
func (l *Localizer) Severity(s domain.Severity) string { return l.T("severity." + s.String()) }

// SeverityGroup is the heading of a severity's findings in a report.
func (l *Localizer) SeverityGroup(s domain.Severity) string {
	return l.T("severity_group." + s.String())
}

// Status names an obligation's status; "" for none.
func (l *Localizer) Status(s domain.Status) string {
	if s == domain.StatusNone {
		return ""
	}
	return l.T("status." + s.String())
}

// Confidence names a confidence mark (H, M, L).
func (l *Localizer) Confidence(c string) string {
	if l.Has("confidence." + c) {
		return l.T("confidence." + c)
	}
	return c
}

// FactLabel names a fact ("kz_share": "доля граждан РК"); an unknown key
// stays as it is.
func (l *Localizer) FactLabel(key string) string {
	if l.Has("fact." + key) {
		return l.T("fact." + key)
	}
	return key
}

// shareFacts are the facts whose value is a share, written as a percentage.
var shareFacts = map[string]bool{"kz_share": true, "minimum": true, "maximum": true, "share": true}

// FactValue writes a fact's value for a reader: dates as dates, shares as
// percentages, yes and no, a basis by its name, quota.risk's reasons as
// its message names them.
func (l *Localizer) FactValue(f domain.Fact) string {
	switch v := f.Value().(type) {
	case int:
		return l.Int(int64(v))
	case float64:
		if shareFacts[f.Key] {
			return l.Percent(v)
		}
		return l.Decimal(v)
	case bool:
		if v {
			return l.T("word.yes")
		}
		return l.T("word.no")
	case string:
		if len(v) == 10 && v[4] == '-' && v[7] == '-' {
			if d, err := domain.ParseDate(v); err == nil {
				return l.Date(d)
			}
		}
		if f.Key == "basis" {
			return l.Basis(v)
		}
		return v
	case []string:
		if f.Key == "reasons" {
			return string(l.appendReasons(nil, v))
		}
		return strings.Join(v, ", ")
	}
	return ""
}

// Subject names what a finding is about: the employer, a region by its
// name, a group of categories; a worker's id and a category stay as they
// are.
func (l *Localizer) Subject(s string) string {
	switch {
	case s == "employer":
		return l.T("subject.employer")
	case strings.HasPrefix(s, "cat"):
		if l.Has("subject." + s) {
			return l.T("subject." + s)
		}
	}
	if ri, ok := domain.LookupRegion(domain.Region(s)); ok {
		return l.Region(ri.Code)
	}
	return s
}

// Period writes a finding's period: a month (2025-07) as Month, a date as
// Date, a year as it is.
func (l *Localizer) Period(p string) string {
	switch len(p) {
	case 7:
		if d, err := domain.ParseDate(p + "-01"); err == nil {
			return l.Month(d)
		}
	case 10:
		if d, err := domain.ParseDate(p); err == nil {
			return l.Date(d)
		}
	}
	return p
}

// FineText writes a fine for a report: "10 МРП = 43 250 тенге (ч. 1
// ст. 518 КоАП РК)", or the warning penalty.
func (l *Localizer) FineText(f *domain.Fine) string {
	ref := l.T("report.fine_ref", "Name", f.Article)
	if f.Part != "" {
		ref = l.T("report.fine_ref_part", "Name", f.Article, "Code", f.Part)
	}
	switch {
	case f.Warning:
		return l.T("report.fine_warning", "Code", ref)
	case f.KZT == nil:
		return l.T("report.fine_no_mci", "N", f.MCI, "Code", ref)
	}
	return l.T("report.fine_amount", "N", f.MCI, "Name", l.MoneyWord(*f.KZT), "Code", ref)
}
