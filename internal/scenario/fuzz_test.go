package scenario

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/i18n"
)

// FuzzParse checks that Parse never panics, returns a File or a non-empty
// ErrorList (never both, never neither), positions every error, and that a
// File survives Encode and Parse unchanged. Its seeds are every file under
// testdata.
func FuzzParse(f *testing.F) {
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f.Add(readFile(f, path))
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.yaml", data, nil)
		if (file == nil) == (err == nil) {
			t.Fatalf("Parse returned file %v and error %v", file, err)
		}
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %q is not a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.File != "fuzz.yaml" || e.Line < 1 || e.Col < 1 || e.Msg == "" || strings.Contains(e.Msg, "\n") {
					t.Fatalf("malformed error %+v", e)
				}
			}
			// Told in Kazakh, the same problems at the same places, each
			// from the catalogue (no key left unrendered).
			l := i18n.For(i18n.KK)
			_, kkErr := ParseIn("fuzz.yaml", data, nil, &Words{Lang: l, Problem: l.Problem, More: l.MoreProblems})
			var kk ErrorList
			if !errors.As(kkErr, &kk) || len(kk) != len(list) {
				t.Fatalf("in Kazakh: %d problems, in English %d", len(kk), len(list))
			}
			for i, e := range kk {
				if e.Line != list[i].Line || e.Col != list[i].Col || e.Msg == "" || strings.Contains(e.Msg, "scenario.") || strings.Contains(e.Msg, "\n") {
					t.Fatalf("in Kazakh: %+v, in English %+v", e, list[i])
				}
			}
			return
		}
		var b bytes.Buffer
		if err := Encode(&b, file); err != nil {
			t.Fatal(err)
		}
		again, err := Parse("encoded.yaml", b.Bytes(), nil)
		if err != nil {
			t.Fatalf("Parse of the encoded file:\n%v\nencoded:\n%s", err, b.Bytes())
		}
		if !sameFile(file, again) {
			t.Fatalf("the encoded file reads back differently\nencoded:\n%s\nbefore: %+v\nafter:  %+v", b.Bytes(), file, again)
		}
	})
}
