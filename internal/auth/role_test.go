package auth

import (
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func TestCanFollowsTheRoleMatrix(t *testing.T) {
	for _, tc := range []struct {
		role                     domain.Role
		read, write, manageUsers bool
	}{
		{domain.RoleOwner, true, true, true},
		{domain.RoleEditor, true, true, false},
		{domain.RoleViewer, true, false, false},
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
