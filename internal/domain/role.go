package domain

// Role is what a user may do within a tenant. Its text is what the database
// stores and `ruqsat user add --role` takes.
type Role string

// The roles, from most to least powerful.
const (
	RoleOwner  Role = "owner"  // reads, writes and manages the tenant's users
	RoleEditor Role = "editor" // reads and writes employers' records
	RoleViewer Role = "viewer" // reads only
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r == RoleOwner || r == RoleEditor || r == RoleViewer }

// ParseRole returns the Role named s, exactly as spelled in the constants.
//
// Errors: EINVALID for any other string.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", Errorf(EINVALID, "unknown role %q: want owner, editor or viewer", s)
	}
	return r, nil
}
