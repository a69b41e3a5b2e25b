package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

// Token prefixes. A prefix tells a reader (and a secret scanner) what a
// leaked string is; it is part of the token and of what HashToken hashes.
const (
	APITokenPrefix     = "rq_"  // API tokens for scripts
	SessionTokenPrefix = "rqs_" // browser sessions
)

// tokenBytes is the entropy of a token: 256 bits, beyond any guessing.
const tokenBytes = 32

// tokenEncoding is unpadded base64url, whose alphabet is safe in headers,
// cookies and URLs; 32 bytes encode to 43 characters.
var tokenEncoding = base64.RawURLEncoding.Strict()

// maxBearerLen bounds the token ParseBearer accepts: ruqsat's tokens are
// under 64 bytes, and anything much longer is not one of them.
const maxBearerLen = 512

// NewToken returns a new random token, prefix followed by 32 bytes from
// crypto/rand in unpadded base64url, and its HashToken. Give the token to the
// user once; store only the hash.
//
// The prefix is one of the *Prefix constants or another string of 1 to 16
// lowercase ASCII letters, digits and '_'; any other is a programming error
// and returns an error.
func NewToken(prefix string) (token string, hash []byte, err error) {
	if !validPrefix(prefix) {
		return "", nil, fmt.Errorf("auth: invalid token prefix %q", prefix)
	}
	var b [tokenBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, fmt.Errorf("auth: reading token: %w", err)
	}
	token = prefix + tokenEncoding.EncodeToString(b[:])
	return token, HashToken(token), nil
}

// HashToken returns the SHA-256 of token: what the database keeps and looks
// tokens up by. A fast hash is enough (unlike for passwords) because a token
// has 256 bits of entropy: there is no dictionary to try.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// IsToken reports whether s has the form of a token NewToken(prefix) makes:
// the prefix and 43 characters of canonical base64url. It lets a server
// reject junk, or a session token offered as an API token, before a
// database lookup.
func IsToken(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || !validPrefix(prefix) || len(rest) != tokenEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := tokenEncoding.DecodeString(rest)
	return err == nil
}

func validPrefix(p string) bool {
	if p == "" || len(p) > 16 {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// ParseBearer returns the token of an Authorization header value of the form
// "Bearer TOKEN" (RFC 6750 §2.1): the scheme in any letter case, one or more
// spaces, and a token68 (letters, digits, "-._~+/", then optional '=').
// It reports false for any other value, including an empty or over-long
// token and anything after it; it does not check that the token is one of
// ruqsat's (see IsToken).
func ParseBearer(header string) (string, bool) {
	const scheme = "bearer"
	if len(header) <= len(scheme) || !strings.EqualFold(header[:len(scheme)], scheme) || header[len(scheme)] != ' ' {
		return "", false
	}
	tok := strings.TrimLeft(header[len(scheme):], " ")
	if tok == "" || len(tok) > maxBearerLen || !isToken68(tok) {
		return "", false
	}
	return tok, true
}

// isToken68 reports whether s matches RFC 7235's
// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isToken68(s string) bool {
	i := 0
	for i < len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' {
			i++
			continue
		}
		break
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}
