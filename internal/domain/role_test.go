package domain_test

import (
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestParseRole(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want domain.Role
		ok   bool
	}{
		{"owner", domain.RoleOwner, true},
		{"editor", domain.RoleEditor, true},
		{"viewer", domain.RoleViewer, true},
		{"Owner", "", false},
		{" owner", "", false},
		{"admin", "", false},
		{"", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := domain.ParseRole(tc.in)
			if tc.ok {
				if got != tc.want || err != nil {
					t.Errorf("ParseRole(%q) = %q, %v; want %q, nil", tc.in, got, err, tc.want)
				}
				return
			}
			if got != "" || domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("ParseRole(%q) = %q, %v; want \"\", an EINVALID error", tc.in, got, err)
			}
		})
	}
}
