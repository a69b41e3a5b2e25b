// Package rules is Kazakhstan's foreign-labour law as code. Evaluate takes one
// employer's records and an as-of date and returns findings: for every rule
// of the catalogue (RULES.md §5 in the project's specification), what is due,
// done, late, missed or breached, with the facts counted, the deadline, the
// legal basis and the fine.
//
// The package is pure: no I/O, no clock, no database. Numbers the law sets are
// dated parameters (package params); working days come from package workcal.
// One file per rule family; each rule function names its rule id and reads
// like the sentence of the specification it implements.
package rules
