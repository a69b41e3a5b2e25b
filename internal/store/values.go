package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// Values cross the driver boundary in forms both engines take: a date is
// written as its YYYY-MM-DD text (SQLite stores the text, PostgreSQL parses
// it into a DATE) and NULL for the zero Date; it is read back from the text
// (SQLite) or from the time.Time pgx makes of a DATE.

// dateArg is the argument for a date column: NULL for the zero Date.
func dateArg(d domain.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// dateCol scans a date column into a domain.Date (zero for NULL).
type dateCol struct{ d *domain.Date }

func (c dateCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.d = 0
	case time.Time:
		*c.d = domain.NewDate(v.Date())
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("store: date column holds %T", src)
	}
	return nil
}

func (c dateCol) parse(s string) error {
	d, err := domain.ParseDate(s)
	if err != nil {
		return fmt.Errorf("store: date column: %w", err)
	}
	*c.d = d
	return nil
}

// monthArg and monthCol do for a YearMonth what dateArg and dateCol do for
// a Date; months are YYYY-MM text on both engines.
func monthArg(m domain.YearMonth) any {
	if m == 0 {
		return nil
	}
	return m.String()
}

type monthCol struct{ m *domain.YearMonth }

func (c monthCol) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*c.m = 0
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("store: month column holds %T", src)
	}
	m, err := domain.ParseYearMonth(s)
	if err != nil {
		return fmt.Errorf("store: month column: %w", err)
	}
	*c.m = m
	return nil
}

// timeCol scans an instant (timestamptz, or SQLite's TIMESTAMP text) into a
// time.Time in UTC; NULL gives the zero time.
type timeCol struct{ t *time.Time }

// sqliteTimeLayouts are the forms modernc.org/sqlite writes with
// _time_format=sqlite, and the plain forms SQLite's own functions make.
var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	time.RFC3339Nano,
}

func (c timeCol) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case time.Time:
		*c.t = v.UTC()
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("store: time column holds %T", src)
	}
	for _, layout := range sqliteTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			*c.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("store: time column: cannot parse %q", s)
}

// categoryArg stores a category as its text ("1".."4", "seasonal"), NULL
// for none.
func categoryArg(c domain.Category) any {
	if c == domain.CategoryNone {
		return nil
	}
	return c.String()
}

func categoryFrom(s sql.NullString) (domain.Category, error) {
	if !s.Valid {
		return domain.CategoryNone, nil
	}
	c, ok := domain.ParseCategory(s.String)
	if !ok {
		return 0, fmt.Errorf("store: category column holds %q", s.String)
	}
	return c, nil
}

// nullIntArg stores an optional count.
func nullIntArg(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// jsonArg is the argument for a JSON column: the text, or NULL for none.
func jsonArg(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}
