package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// constraintKind classifies a constraint violation.
type constraintKind int

const (
	notConstraint constraintKind = iota
	uniqueViolation
	notNullViolation // the name is the column's
	otherViolation   // CHECK, foreign key, trigger
)

// constraintError reports whether err is a constraint violation, which kind,
// and the constraint's name where the engine tells it.
func constraintError(err error) (constraintKind, string) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return uniqueViolation, pe.ConstraintName
		case pe.Code == "23502":
			return notNullViolation, pe.ColumnName
		case strings.HasPrefix(pe.Code, "23"):
			return otherViolation, pe.ConstraintName
		}
		return notConstraint, ""
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == 19 { // SQLITE_CONSTRAINT
		kind := otherViolation
		switch se.Code() {
		case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
			kind = uniqueViolation
		case 1299: // SQLITE_CONSTRAINT_NOTNULL
			kind = notNullViolation
		}
		// SQLite names a CHECK constraint in its message, and the columns of
		// other constraints: "CHECK constraint failed: trip_ends_after_start",
		// "UNIQUE constraint failed: workers.employer_id, workers.ext_id".
		msg := se.Error()
		if i := strings.LastIndex(msg, "constraint failed: "); i >= 0 {
			name := msg[i+len("constraint failed: "):]
			if j := strings.LastIndex(name, " ("); j >= 0 && strings.HasSuffix(name, ")") {
				name = name[:j] // the result code modernc appends
			}
			if kind == notNullViolation { // "table.column"
				name = name[strings.LastIndexByte(name, '.')+1:]
			}
			return kind, name
		}
		return kind, ""
	}
	return notConstraint, ""
}

// constraintMessages says in words what a named constraint requires, and
// names the catalogue's message of it (error.constraint.KEY).
var constraintMessages = map[string]struct{ text, key string }{
	"worker_unique_id":                    {"the worker id is used twice; expected worker ids unique within the employer", "worker_id"},
	"workers.employer_id, workers.ext_id": {"the worker id is used twice; expected worker ids unique within the employer", "worker_id"},
	"worker_ends_after_start":             {"the engagement ends before it starts", "worker_ends"},
	"permit_ends_after_start":             {"the permit ends before it starts", "permit_ends"},
	"trip_ends_after_start":               {"the trip ends before it starts", "trip_ends"},
	"employer_staff_complete":             {"staff must be given for all four categories or none", "staff"},
}

// dbError turns a driver error into the error a caller sees: a constraint
// violation becomes EINVALID (ECONFLICT for a unique one), anything else is
// wrapped as an internal error. what says what was being done, such as
// "insert worker".
func (db *DB) dbError(err error, what string) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	// what is the store's own words for the operation: the messages in
	// other languages say what was refused without it.
	switch kind, name := constraintError(err); kind {
	case uniqueViolation:
		if m, ok := constraintMessages[name]; ok {
			return domain.Errorf(domain.EINVALID, "%s: %s", what, m.text).Say("error.constraint." + m.key)
		}
		return domain.Errorf(domain.ECONFLICT, "%s: already exists", what).Say("error.constraint.exists")
	case notNullViolation:
		return domain.Errorf(domain.EINVALID, "%s: %s is missing", what, strings.ReplaceAll(name, "_", " ")).Say("error.constraint.missing", "Code", name)
	case otherViolation:
		if m, ok := constraintMessages[name]; ok {
			return domain.Errorf(domain.EINVALID, "%s: %s", what, m.text).Say("error.constraint." + m.key)
		}
		return domain.Errorf(domain.EINVALID, "%s: refused by the database: %s", what, constraintText(err)).Say("error.constraint.refused")
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// constraintText is the engine's own description of a violation.
func constraintText(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}

// notFound, invalid and conflict return an *domain.Error, on which a
// message users read names its catalogue key (Say).
func notFound(format string, args ...any) *domain.Error {
	return domain.Errorf(domain.ENOTFOUND, format, args...)
}

func invalid(format string, args ...any) *domain.Error {
	return domain.Errorf(domain.EINVALID, format, args...)
}

func conflict(format string, args ...any) *domain.Error {
	return domain.Errorf(domain.ECONFLICT, format, args...)
}
