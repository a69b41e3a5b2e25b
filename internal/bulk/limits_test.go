package bulk

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestProblemsPastTheLimitAreCounted(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,basis,start,end\n")
	n := maxProblems/2 + 10 // two unreadable dates a row
	for i := range n {
		fmt.Fprintf(&b, "w%d,branch_head,never,later\n", i)
	}
	batch, err := Parse(Workers, &b, Options{Name: "w.csv", BIN: bin})
	checkResult(t, batch, err)
	ps := batch.Problems
	// The validator says nothing more of dates already reported (start is
	// not "missing"), but that the employer has too many workers.
	if len(ps) != maxProblems+1 || batch.Problems.Errors() != maxProblems+1 {
		t.Fatalf("%d problems listed", len(ps))
	}
	if got, want := ps[len(ps)-1].String(), "21 more problems are not listed; expected them fixed with those above"; got != want {
		t.Errorf("last problem %q, want %q", got, want)
	}
}

// TestValidatorProblemsPastItsLimitAreCounted: the records validator lists
// at most domain.MaxProblems of an employer's problems; the others are
// counted with the import's.
func TestValidatorProblemsPastItsLimitAreCounted(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,basis,start,citizenship\n")
	for i := range domain.MaxProblems + 50 {
		fmt.Fprintf(&b, "w%d,branch_head,2026-01-10,XX\n", i)
	}
	batch, err := Parse(Workers, &b, Options{Name: "w.csv", BIN: bin})
	checkResult(t, batch, err)
	ps := batch.Problems
	if len(ps) != domain.MaxProblems+1 {
		t.Fatalf("%d problems listed", len(ps))
	}
	if got, want := ps[0].String(), `w.csv:2:D (citizenship): "XX" is not a country code; expected an ISO 3166-1 alpha-2 country code such as GB`; got != want {
		t.Errorf("first problem %q, want %q", got, want)
	}
	if got, want := ps[len(ps)-1].String(), "50 more problems are not listed; expected them fixed with those above"; got != want {
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
