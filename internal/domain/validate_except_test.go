package domain_test

import (
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// TestValidateExceptLeavesOutSkippedPaths: problems at skipped paths are
// neither listed nor counted, and a duplicate past the limit does not give
// its Other to the last problem listed.
func TestValidateExceptLeavesOutSkippedPaths(t *testing.T) {
	r := validRecords()
	for i := 0; i < 300; i++ {
		r.Penalties = append(r.Penalties, domain.Penalty{Article: "1", Date: domain.MustDate("2025-05-01")})
	}
	ps := r.ValidateExcept(func(p domain.Path) bool { return p.Leaf() == "article" })
	if ps != nil {
		t.Fatalf("skipped problems reported: %v", ps.Error())
	}

	r = validRecords()
	w := r.Workers[0]
	w.Start = 0 // one problem each
	for range domain.MaxProblems {
		r.Workers = append(r.Workers, w)
	}
	ps = r.ValidateExcept(func(p domain.Path) bool { return p.Leaf() == "start" })
	for _, p := range ps.List {
		if p.Code != domain.CodeDuplicate || p.Other.String() != "workers[0].id" {
			t.Fatalf("%s: %s, other %q", p.Path, p.Code, p.Other)
		}
	}
	if len(ps.List) != domain.MaxProblems || ps.More != 0 {
		t.Fatalf("listed %d, more %d", len(ps.List), ps.More)
	}
	r.Workers = append(r.Workers, w) // a duplicate past the limit
	last := r.Validate().List[domain.MaxProblems-1]
	if last.Other.String() != "" {
		t.Fatalf("the last problem listed, %s %s, got the other path %q", last.Path, last.Code, last.Other)
	}
}
