package scenario_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/domain/domaintest"
	"github.com/ruqsat/ruqsat/internal/scenario"
)

// TestFullRoundTrip writes records with every field of the model set and
// reads them back: a field the format forgets fails here.
func TestFullRoundTrip(t *testing.T) {
	in := &scenario.File{AsOf: domain.MustDate("2025-06-30"), Records: *domaintest.Full()}
	var buf bytes.Buffer
	if err := scenario.Encode(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := scenario.Parse("full.yaml", buf.Bytes(), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	if !reflect.DeepEqual(out.Records, in.Records) {
		t.Fatalf("records differ after the round trip:\n got %+v\nwant %+v\n%s", out.Records, in.Records, buf.Bytes())
	}
}
