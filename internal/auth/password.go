package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// The password policy.
const (
	// MinPasswordChars is the least number of characters (Unicode code
	// points) in a password: length is what makes a password strong, and
	// OWASP and NIST SP 800-63B ask for at least 8, 12 or more without MFA.
	MinPasswordChars = 12
	// MaxPasswordBytes bounds the work an attacker can make one login cost.
	MaxPasswordBytes = 1024
)

// The default argon2id parameters: the OWASP Password Storage Cheat Sheet's
// configuration "m=19456 (19 MiB), t=2, p=1", which costs about the same as
// its "m=47104 (46 MiB), t=1, p=1" but holds less memory per login.
const (
	DefaultMemory      = 19 * 1024 // KiB
	DefaultIterations  = 2
	DefaultParallelism = 1
	DefaultSaltLength  = 16 // bytes
	DefaultKeyLength   = 32 // bytes
)

// Limits on parameters, both for a Hasher and for an encoded hash read back.
// They keep a tampered or foreign hash from costing unbounded memory or time,
// and from being weak enough to forge: a salt shorter than 8 bytes or a hash
// shorter than 16 is refused.
const (
	maxMemory     = 1 << 20 // KiB: 1 GiB
	maxIterations = 64
	minSaltLength = 8
	maxSaltLength = 64
	minKeyLength  = 16
	maxKeyLength  = 64
)

// ErrMalformedHash is wrapped by the errors Hasher.Check returns for an
// encoded hash that is not a well-formed argon2id PHC string. Its code is
// EINTERNAL: a stored hash is never the user's input.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// Params are argon2id's cost parameters and the salt and key lengths.
type Params struct {
	Memory      uint32 // KiB
	Iterations  uint32 // passes over the memory ("t")
	Parallelism uint8  // lanes ("p")
	SaltLength  uint32 // bytes
	KeyLength   uint32 // bytes
}

// DefaultParams returns the parameters HashPassword uses.
func DefaultParams() Params {
	return Params{
		Memory:      DefaultMemory,
		Iterations:  DefaultIterations,
		Parallelism: DefaultParallelism,
		SaltLength:  DefaultSaltLength,
		KeyLength:   DefaultKeyLength,
	}
}

// validate reports whether p can be computed and stored within the limits.
func (p Params) validate() error {
	switch {
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("iterations %d outside 1..%d", p.Iterations, maxIterations)
	case p.Parallelism < 1:
		return errors.New("parallelism must be at least 1")
	case p.Memory < 8*uint32(p.Parallelism) || p.Memory > maxMemory:
		return fmt.Errorf("memory %d KiB outside %d..%d", p.Memory, 8*uint32(p.Parallelism), maxMemory)
	case p.SaltLength < minSaltLength || p.SaltLength > maxSaltLength:
		return fmt.Errorf("salt length %d outside %d..%d", p.SaltLength, minSaltLength, maxSaltLength)
	case p.KeyLength < minKeyLength || p.KeyLength > maxKeyLength:
		return fmt.Errorf("key length %d outside %d..%d", p.KeyLength, minKeyLength, maxKeyLength)
	}
	return nil
}

// A Hasher hashes and checks passwords with fixed parameters. The zero
// Hasher is not usable; use NewHasher, or the package functions, which use
// DefaultParams. Every hash it computes goes through its Gate, which bounds
// how many run at once. A Hasher is safe for concurrent use.
type Hasher struct {
	params Params
	gate   *Gate
	dummy  func() string // a hash to check against when there is no user
}

// NewHasher returns a Hasher with the parameters p and the DefaultGate, or
// an error if they are outside the limits the parser accepts (1..64 passes,
// 8·p KiB..1 GiB, salt 8..64 bytes, key 16..64 bytes).
func NewHasher(p Params) (*Hasher, error) {
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("auth: argon2id parameters: %w", err)
	}
	h := &Hasher{params: p, gate: defaultGate}
	h.dummy = sync.OnceValue(func() string {
		// A random key with h's parameters: checking a password against it
		// costs what a real check costs (and needs no hash computed, so no
		// slot of the Gate), and no password matches it.
		salt, key := make([]byte, p.SaltLength), make([]byte, p.KeyLength)
		rand.Read(salt)
		rand.Read(key)
		return encodeHash(p, salt, key)
	})
	return h, nil
}

// WithGate returns a copy of h that computes its hashes through g.
func (h *Hasher) WithGate(g *Gate) *Hasher {
	c := *h
	c.gate = g
	return &c
}

// Gate returns the Gate h computes its hashes through.
func (h *Hasher) Gate() *Gate { return h.gate }

var defaultHasher = func() *Hasher {
	h, err := NewHasher(DefaultParams())
	if err != nil {
		panic(err)
	}
	return h
}()

// DefaultHasher returns the Hasher of the package functions: DefaultParams
// and the DefaultGate.
func DefaultHasher() *Hasher { return defaultHasher }

// Params returns the parameters h hashes with.
func (h *Hasher) Params() Params { return h.params }

// HashPassword hashes pw with argon2id, DefaultParams and a random salt and
// returns it in the PHC string form. It does not apply the password policy;
// call ValidatePassword first when a user chooses a password.
//
// Errors: EINVALID for a password longer than MaxPasswordBytes; an internal
// error if the system's random source fails.
func HashPassword(pw string) (string, error) { return defaultHasher.Hash(pw) }

// Hash hashes pw with h's parameters and a random salt and returns it in the
// PHC string form $argon2id$v=19$m=M,t=T,p=P$SALT$HASH (unpadded standard
// base64). Errors as for HashPassword, and those of HashContext.
func (h *Hasher) Hash(pw string) (string, error) { return h.HashContext(context.Background(), pw) }

// HashContext is Hash, waiting for a slot of h's Gate at most until ctx
// ends: it returns a *BusyError when the Gate refuses, ctx's error when ctx
// ends first.
func (h *Hasher) HashContext(ctx context.Context, pw string) (string, error) {
	if len(pw) > MaxPasswordBytes {
		return "", tooLong()
	}
	p := h.params
	salt := make([]byte, p.SaltLength)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: reading salt: %w", err)
	}
	var key []byte
	if err := h.gate.Do(ctx, func() {
		key = argon2.IDKey([]byte(pw), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
	}); err != nil {
		return "", err
	}
	return encodeHash(p, salt, key), nil
}

// Check reports whether pw matches the encoded hash, comparing in constant
// time. The parameters are read from encoded, so hashes made with other
// parameters still verify; needsRehash is then true (only ever with ok), and
// the caller should store a fresh h.Hash(pw) while it has the password.
//
// A password longer than MaxPasswordBytes never matches (no such password can
// have been hashed) and costs nothing to reject.
//
// Errors: an error wrapping ErrMalformedHash if encoded is not a well-formed
// argon2id PHC string within the parameter limits; those of CheckContext;
// ok is then false.
func (h *Hasher) Check(encoded, pw string) (ok, needsRehash bool, err error) {
	return h.CheckContext(context.Background(), encoded, pw)
}

// CheckContext is Check, waiting for a slot of h's Gate at most until ctx
// ends: it returns a *BusyError when the Gate refuses (the password was not
// checked), ctx's error when ctx ends first.
func (h *Hasher) CheckContext(ctx context.Context, encoded, pw string) (ok, needsRehash bool, err error) {
	p, salt, key, err := decodeHash(encoded)
	if err != nil {
		return false, false, err
	}
	if len(pw) > MaxPasswordBytes {
		return false, false, nil
	}
	var got []byte
	if err := h.gate.Do(ctx, func() {
		got = argon2.IDKey([]byte(pw), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
	}); err != nil {
		return false, false, err
	}
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false, nil
	}
	return true, p != h.params, nil
}

// DummyCheck spends the time of h.Check on a hash of h's parameters and
// discards the result: a login for an unknown email takes as long as one
// for a known email, so timing does not tell which emails have accounts.
func (h *Hasher) DummyCheck(pw string) { _ = h.DummyCheckContext(context.Background(), pw) }

// DummyCheckContext is DummyCheck, with the errors of CheckContext: a
// caller that tells a refused check (*BusyError) from a wrong password must
// tell a refused dummy check too, or the difference would show which emails
// have accounts.
func (h *Hasher) DummyCheckContext(ctx context.Context, pw string) error {
	_, _, err := h.CheckContext(ctx, h.dummy(), pw)
	return err
}

// ValidatePassword applies the password policy to a password a user has
// chosen: at least MinPasswordChars characters, at most MaxPasswordBytes
// bytes of valid UTF-8, and not a single character repeated.
//
// Errors: EINVALID with a message saying which rule failed (never the
// password itself).
func ValidatePassword(pw string) error {
	if len(pw) > MaxPasswordBytes {
		return tooLong()
	}
	if !utf8.ValidString(pw) {
		return domain.Errorf(domain.EINVALID, "password is not valid UTF-8 text").Say("error.password_utf8")
	}
	if n := utf8.RuneCountInString(pw); n < MinPasswordChars {
		return domain.Errorf(domain.EINVALID, "password must be at least %d characters long (it has %d)", MinPasswordChars, n).Say("error.password_short", "N", n, "Of", MinPasswordChars)
	}
	first, _ := utf8.DecodeRuneInString(pw)
	if strings.Trim(pw, string(first)) == "" {
		return domain.Errorf(domain.EINVALID, "password must not be one character repeated").Say("error.password_repeated")
	}
	return nil
}

func tooLong() error {
	return domain.Errorf(domain.EINVALID, "password must be at most %d bytes long", MaxPasswordBytes).Say("error.password_long", "Of", MaxPasswordBytes)
}

// b64 is the PHC string format's base64: the standard alphabet, no padding,
// and (Strict) no stray bits in the last character, so that each byte string
// has exactly one encoding.
var b64 = base64.RawStdEncoding.Strict()

func encodeHash(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Iterations, p.Parallelism,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodeHash parses the PHC string form that encodeHash writes, strictly:
// the argon2id algorithm, version 19, the parameters m, t and p in that order
// as decimal numbers without sign or leading zeros, and salt and hash in
// canonical unpadded base64, all within the limits of Params.validate. No
// other parameter (keyid, data) is accepted. A string that parses re-encodes
// to itself.
func decodeHash(s string) (p Params, salt, key []byte, err error) {
	bad := func(format string, args ...any) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, fmt.Sprintf(format, args...))
	}
	// The longest valid string is well under 256 bytes; refusing more early
	// bounds the parser's work on junk.
	if len(s) > 256 {
		return bad("%d bytes long", len(s))
	}
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" {
		return bad("want 5 fields after '$', got %d", len(f)-1)
	}
	if f[1] != "argon2id" {
		return bad("algorithm %q, want argon2id", f[1])
	}
	if f[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("version field %q, want v=%d", f[2], argon2.Version)
	}
	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return bad("want parameters m,t,p")
	}
	var n [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(kv[i], name+"=")
		if !ok {
			return bad("parameter %d is not %s=", i+1, name)
		}
		if n[i], ok = parseDecimal(v); !ok {
			return bad("parameter %s is not a decimal number", name)
		}
	}
	if n[2] > 255 {
		return bad("parallelism %d above 255", n[2])
	}
	salt, ok := decodeB64(f[4])
	if !ok {
		return bad("salt is not canonical unpadded base64")
	}
	key, ok = decodeB64(f[5])
	if !ok {
		return bad("hash is not canonical unpadded base64")
	}
	p = Params{
		Memory:      uint32(n[0]),
		Iterations:  uint32(n[1]),
		Parallelism: uint8(n[2]),
		SaltLength:  uint32(len(salt)),
		KeyLength:   uint32(len(key)),
	}
	if err := p.validate(); err != nil {
		return bad("%v", err)
	}
	return p, salt, key, nil
}

// parseDecimal parses a PHC decimal: 1 to 10 ASCII digits, no sign, no
// leading zero (except "0" itself), at most 2³²−1.
func parseDecimal(s string) (uint64, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(s, 10, 32)
	return v, err == nil
}

// decodeB64 decodes canonical unpadded standard base64. encoding/base64
// skips '\r' and '\n' anywhere in its input; the alphabet check refuses them
// (and '='), so that each value has exactly one accepted spelling.
func decodeB64(s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	b, err := b64.DecodeString(s)
	return b, err == nil
}
