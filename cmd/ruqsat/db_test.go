package main

import (
	"strings"
	"testing"
)

// TestSQLiteSynchronousFlag: the commands that open the database take
// --sqlite-synchronous full or normal, and refuse anything else as a usage
// error before touching the database.
func TestSQLiteSynchronousFlag(t *testing.T) {
	data := t.TempDir()
	for _, mode := range []string{"full", "normal", "NORMAL"} {
		if code, out, errs := run(t, "", "migrate", "--data", data, "--sqlite-synchronous", mode); code != 0 || !strings.Contains(out, "schema version") {
			t.Fatalf("%s: exit %d\n%s%s", mode, code, out, errs)
		}
	}
	t.Setenv("RUQSAT_SQLITE_SYNCHRONOUS", "off")
	if code, _, errs := run(t, "", "migrate", "--data", data); code != 2 || !strings.Contains(errs, `--sqlite-synchronous "off"`) {
		t.Fatalf("off from the environment: exit %d\n%s", code, errs)
	}
	if code, _, errs := run(t, "", "migrate", "--data", data, "--sqlite-synchronous", "normal"); code != 0 {
		t.Fatalf("the flag does not override the environment: exit %d\n%s", code, errs)
	}
}
