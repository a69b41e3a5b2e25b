package domaintest_test

import (
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
)

func TestFullSetsEveryField(t *testing.T) {
	if unset := domaintest.Unset(domaintest.Full()); len(unset) > 0 {
		t.Fatalf("Full leaves these fields of the model unset; set them, so that every door's round trip covers them: %v", unset)
	}
}

func TestFullIsValid(t *testing.T) {
	if ps := domaintest.Full().Validate(); ps != nil {
		t.Fatal(ps.Error())
	}
}
