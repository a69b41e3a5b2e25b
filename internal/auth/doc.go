// Package auth holds the security primitives of ruqsat's server: password
// hashing and the password policy, random tokens for sessions and API
// scripts, what each role (domain.Role) may do, and the login rate limiter.
//
// It is pure: no database, no HTTP handlers, no wall clock except where one is
// injected. The store keeps what this package produces (PHC-encoded password
// hashes, SHA-256 token hashes, role names); the API and the web UI call it to
// decide.
//
// # Passwords
//
// HashPassword encodes an argon2id hash in the PHC string form
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
//
// with the parameters OWASP recommends (19 MiB, 2 passes, 1 lane) and a random
// 16-byte salt. Hasher.Check reads the parameters back from the string, so
// raising them later still verifies old hashes and reports that they need
// rehashing. ValidatePassword is the policy a user's new password must meet.
//
// # Tokens
//
// NewToken returns a token to hand to the user once and the SHA-256 hash that
// is all the database keeps; a request's token is looked up by HashToken.
// A leaked database therefore leaks no usable session or API token.
//
// # Roles
//
// Can says what a role may do: an owner may read, write and manage users; an
// editor may read and write; a viewer may only read. Which employers a user
// may see is the store's (User.Employers), not this package's.
//
// # Login rate limiting
//
// Limiter counts failed logins per (email, client IP) and per client IP, with
// exponential back-off and a hard cap per window, in bounded memory.
//
// Errors: the functions a user's input reaches (ValidatePassword,
// HashPassword for an over-long password) return a *domain.Error with code
// EINVALID. A malformed stored hash is an internal error (it wraps
// ErrMalformedHash), never shown to a user.
package auth
