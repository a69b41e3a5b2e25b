package auth

import "github.com/ruqsat/ruqsat/internal/domain"

// A Role is what a user may do within a tenant. Its string is what the
// database stores and `ruqsat user add --role` takes.
type Role string

// The roles, from most to least powerful.
const (
	RoleOwner  Role = "owner"  // reads, writes and manages the tenant's users
	RoleEditor Role = "editor" // reads and writes employers' records
	RoleViewer Role = "viewer" // reads only
)

// ParseRole returns the Role named s, exactly as spelled in the constants.
//
// Errors: EINVALID for any other string.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", domain.Errorf(domain.EINVALID, "unknown role %q: want owner, editor or viewer", s)
	}
	return r, nil
}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleEditor, RoleViewer:
		return true
	}
	return false
}

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
