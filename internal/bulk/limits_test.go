package bulk

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestProblemsPastTheLimitAreCounted(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,basis,start\n")
	n := maxProblems/2 + 10 // two problems a row
	for i := range n {
		fmt.Fprintf(&b, "w%d,visa,never\n", i)
	}
	batch, err := Parse(Workers, &b, Options{Name: "w.csv", BIN: bin})
	checkResult(t, batch, err)
	ps := batch.Problems
	if len(ps) != maxProblems+1 || batch.Problems.Errors() != maxProblems+1 {
		t.Fatalf("%d problems listed", len(ps))
	}
	if got, want := ps[len(ps)-1].String(), "20 more problems are not listed; expected them fixed with those above"; got != want {
		t.Errorf("last problem %q, want %q", got, want)
	}
}

func TestRowsPastTheLimitAreAProblem(t *testing.T) {
	data := "id,basis,start\n" + strings.Repeat("\n", maxRows-1) + "w1,branch_head,2026-01-10\n"
	batch, err := Parse(Workers, strings.NewReader(data), Options{Name: "w.csv", BIN: bin})
	checkResult(t, batch, err)
	want := "w.csv:1000001: the file has more than 1000000 rows; expected a smaller file (split it)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestLimitedReaderTellsThereWasMore(t *testing.T) {
	for _, tc := range []struct {
		in   string
		over bool
	}{{"abc", false}, {"abcd", true}} {
		l := &limitedReader{r: strings.NewReader(tc.in), n: 3}
		got, _ := io.ReadAll(l)
		if string(got) != tc.in[:3] || l.over != tc.over {
			t.Errorf("%q: read %q, over %v", tc.in, got, l.over)
		}
	}
	l := &limitedReader{r: io.MultiReader(strings.NewReader("ab"), iotest{}), n: 10}
	if _, err := io.ReadAll(l); err == nil || l.err == nil {
		t.Errorf("the reader's error is lost: %v", err)
	}
}

type iotest struct{}

func (iotest) Read([]byte) (int, error) { return 0, fmt.Errorf("disk on fire") }

func TestAReaderErrorIsReturnedNotListed(t *testing.T) {
	if b, err := Parse(Workers, iotest{}, Options{}); b != nil || err == nil || err.Error() != "disk on fire" {
		t.Errorf("Parse: %v, %v", b, err)
	}
	if b, err := ParseXLSX(Workers, iotest{}, Options{}); b != nil || err == nil {
		t.Errorf("ParseXLSX: %v, %v", b, err)
	}
	if _, err := Parse("staff", strings.NewReader(""), Options{}); err == nil {
		t.Errorf("Parse accepted an unknown kind")
	}
}
