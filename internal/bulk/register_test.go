package bulk

import "testing"

// TestNoHeaderNamesTwoFieldsOfAKind: a register's permit columns sit beside
// the worker's, so their headers must differ from the worker's.
func TestNoHeaderNamesTwoFieldsOfAKind(t *testing.T) {
	for k, cols := range columns {
		seen := map[string]string{}
		for _, c := range cols {
			for _, h := range append([]string{c.name}, c.headers...) {
				n := normalize(h)
				if other, ok := seen[n]; ok && other != c.name {
					t.Errorf("%s: header %q names both %s and %s", k, h, other, c.name)
				}
				seen[n] = c.name
			}
		}
	}
}
