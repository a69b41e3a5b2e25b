package auth

import "github.com/ruqsat/ruqsat/internal/domain"

// An Action is a kind of request that Can decides on.
type Action string

// The actions.
const (
	ActionRead        Action = "read"         // see records and findings
	ActionWrite       Action = "write"        // create, change or delete records, import
	ActionManageUsers Action = "manage_users" // add and remove users, set roles and employer limits
)

// Can reports whether a user with role r may perform action a. An unknown
// role or action may do nothing: the matrix denies by default.
//
//	             read  write  manage_users
//	owner         yes   yes    yes
//	editor        yes   yes    no
//	viewer        yes   no     no
func Can(r domain.Role, a Action) bool {
	switch a {
	case ActionRead:
		return r == domain.RoleOwner || r == domain.RoleEditor || r == domain.RoleViewer
	case ActionWrite:
		return r == domain.RoleOwner || r == domain.RoleEditor
	case ActionManageUsers:
		return r == domain.RoleOwner
	}
	return false
}
