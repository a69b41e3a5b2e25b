package domain

import (
	"encoding/json"
	"testing"
)

// TestRuleIDText: a rule id's text form is its id, and reads back.
func TestRuleIDText(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range RuleIDs() {
		s := id.String()
		if s == "" || seen[s] {
			t.Fatalf("rule %d: id %q empty or repeated", id, s)
		}
		seen[s] = true
		b, err := json.Marshal(id)
		if err != nil || string(b) != `"`+s+`"` {
			t.Fatalf("rule %s: JSON %s, %v", s, b, err)
		}
		var back RuleID
		if err := json.Unmarshal(b, &back); err != nil || back != id {
			t.Fatalf("rule %s: read back %d, %v", s, back, err)
		}
	}
	// Every constant has a name: quota.risk, which runs after every other
	// rule, is the last constant and the last id.
	if ids := RuleIDs(); ids[len(ids)-1] != RuleQuotaRisk || RuleQuotaRisk.String() != "quota.risk" || RulePermitMissing != ids[0] {
		t.Errorf("ids %v: the first is not permit.missing or the last not quota.risk", ids)
	}
	var r RuleID
	if err := r.UnmarshalText([]byte("permit.mising")); err == nil {
		t.Error("a misspelt id reads")
	}
	if err := r.UnmarshalText(nil); err != nil || r != 0 {
		t.Errorf("empty id: %d, %v", r, err)
	}
	if RuleID(200).String() != "" {
		t.Error("a value that names no rule has a name")
	}
}
