package web

import (
	"slices"
	"strings"
)

// KindNames are the names of the record forms' kinds, for the tests of
// package web_test.
func KindNames() []string {
	out := make([]string, 0, len(kinds))
	for name := range kinds {
		out = append(out, name)
	}
	slices.SortFunc(out, strings.Compare)
	return out
}
