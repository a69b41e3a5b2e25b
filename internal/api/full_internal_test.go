package api

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
)

// TestFullRoundTrip converts records with every field of the model set to
// the API's JSON and back: a field the API forgets fails here.
func TestFullRoundTrip(t *testing.T) {
	in := domaintest.Full()
	b, err := json.Marshal(recordsJSON(in))
	if err != nil {
		t.Fatal(err)
	}
	var j Records
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	out, err := domainRecords(&j)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("records differ after the round trip through JSON:\n got %+v\nwant %+v\n%s", out, in, b)
	}
}
