package auth

import (
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestParseRole(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Role
		ok   bool
	}{
		{"owner", RoleOwner, true},
		{"editor", RoleEditor, true},
		{"viewer", RoleViewer, true},
		{"Owner", "", false},
		{" owner", "", false},
		{"admin", "", false},
		{"", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseRole(tc.in)
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

func TestCanFollowsTheRoleMatrix(t *testing.T) {
	for _, tc := range []struct {
		role                     Role
		read, write, manageUsers bool
	}{
		{RoleOwner, true, true, true},
		{RoleEditor, true, true, false},
		{RoleViewer, true, false, false},
		{"", false, false, false},
		{"admin", false, false, false},
		{"Owner", false, false, false},
	} {
		for _, c := range []struct {
			action Action
			want   bool
		}{
			{ActionRead, tc.read},
			{ActionWrite, tc.write},
			{ActionManageUsers, tc.manageUsers},
			{"delete", false},
			{"", false},
		} {
			if got := Can(tc.role, c.action); got != c.want {
				t.Errorf("Can(%q, %q) = %v, want %v", tc.role, c.action, got, c.want)
			}
		}
	}
}

func TestScopeAllows(t *testing.T) {
	some := Scope{BINs: map[string]bool{"123456789012": true, "210987654321": true}}
	for _, tc := range []struct {
		name  string
		scope Scope
		bin   string
		want  bool
	}{
		{"all employers", Scope{All: true}, "123456789012", true},
		{"listed employer", some, "123456789012", true},
		{"unlisted employer", some, "111111111111", false},
		{"empty BIN", some, "", false},
		{"zero scope allows none", Scope{}, "123456789012", false},
		{"empty set allows none", Scope{BINs: map[string]bool{}}, "123456789012", false},
		{"entry set to false", Scope{BINs: map[string]bool{"123456789012": false}}, "123456789012", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.scope.Allows(tc.bin); got != tc.want {
				t.Errorf("Allows(%q) = %v, want %v", tc.bin, got, tc.want)
			}
		})
	}
}
