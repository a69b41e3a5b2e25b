// Package scenario reads and writes scenario files: one employer's records, an
// as-of date and parameter overrides, in YAML. A scenario file is the input of
// `ruqsat evaluate`, the format of the rule tests and what `ruqsat export`
// writes.
//
// Parse walks the YAML node tree that go.yaml.in/yaml/v3 builds, rather than
// unmarshalling into structs, so that every problem is reported at its line
// and column, and every problem in the file is reported at once: a user
// fixing a file by hand should not have to run the tool once per mistake. A
// file with any problem yields no File, so nothing is ever evaluated from
// input that was only partly understood.
//
// The YAML accepted is deliberately plain: one document, no anchors, aliases,
// merge keys, tags or directives. Anchors and aliases would make errors point
// at the wrong place and open the door to alias bombs; tags would let a file
// override the types the format defines. A key with no value (`end:` or
// `end: ~`) is the same as an absent key.
//
// Encode writes the canonical form of a File, which Parse reads back to the
// same File.
package scenario

import (
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// File is a parsed scenario: one employer's records, the as-of date and
// overrides.
type File struct {
	AsOf    domain.Date
	Records domain.Records
	// Overrides are the parameter values given for this evaluation, sorted by
	// Name; nil when there are none.
	Overrides []domain.Override
	// WorkerLines maps each worker's id to the line where its entry starts,
	// so that callers can point at a worker in the file. It describes the
	// text, not the records: Encode ignores it.
	WorkerLines map[string]int
}

// OverrideChecker validates one override: its name, with keys joined by dots,
// and its value as written. A nil OverrideChecker accepts every override.
type OverrideChecker func(name, value string) error

// Error is one problem in a scenario file, at a 1-based line and column (the
// column counts characters, not bytes).
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

// Error formats e as FILE:LINE:COL: Msg, the form editors and CI logs link.
func (e *Error) Error() string {
	return e.File + ":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// ErrorList is every problem found in a file, sorted by line and column.
type ErrorList []*Error

// Error returns one line per problem.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
