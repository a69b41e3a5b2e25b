package auth

import "github.com/ruqsat/ruqsat/internal/domain"

// Role is domain.Role: the store keeps it, auth decides with it.
type Role = domain.Role

// The roles, from most to least powerful.
const (
	RoleOwner  = domain.RoleOwner
	RoleEditor = domain.RoleEditor
	RoleViewer = domain.RoleViewer
)

// ParseRole returns the Role named s; see domain.ParseRole.
func ParseRole(s string) (Role, error) { return domain.ParseRole(s) }

// An Action is a kind of request that Can decides on.
type Action string

// The actions.
const (
	ActionRead        Action = "read"         // see records and findings
	ActionWrite       Action = "write"        // create, change or delete records, import
	ActionManageUsers Action = "manage_users" // add and remove users, set roles and scopes
)

// Can reports whether a user with role r may perform action a. An unknown
// role or action may do nothing: the matrix denies by default.
//
//	             read  write  manage_users
//	owner         yes   yes    yes
//	editor        yes   yes    no
//	viewer        yes   no     no
func Can(r Role, a Action) bool {
	switch a {
	case ActionRead:
		return r == RoleOwner || r == RoleEditor || r == RoleViewer
	case ActionWrite:
		return r == RoleOwner || r == RoleEditor
	case ActionManageUsers:
		return r == RoleOwner
	}
	return false
}

// A Scope is the set of a tenant's employers a user may see: all of them, or
// those whose BINs are in the set. The zero Scope allows none.
//
// Scope limits which employers; Role limits what may be done with them. A
// request for an employer outside the scope should be answered as if the
// employer did not exist (ENOTFOUND), so that a scope does not reveal which
// BINs the tenant holds.
type Scope struct {
	All  bool
	BINs map[string]bool
}

// Allows reports whether s includes the employer with the given BIN.
func (s Scope) Allows(bin string) bool {
	return s.All || s.BINs[bin]
}
