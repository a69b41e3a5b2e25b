package auth

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// cheapParams keep tests fast (and fast under -race); the default
// parameters are exercised by a few tests and the benchmark.
var cheapParams = Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

func newHasher(t testing.TB, p Params) *Hasher {
	t.Helper()
	h, err := NewHasher(p)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// referenceHash is the argon2id test vector of the reference implementation
// (phc-winner-argon2, src/test.c): password "password", salt "somesalt",
// m=65536, t=2, p=1, 32-byte hash.
const referenceHash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"

// A well-formed hash with cheap parameters of the password "password"
// (its salt is 16 bytes of 0x00..0x0f); malformedHashes are tampered forms
// of it.
const cheapHash = "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"

var malformedHashes = []struct {
	name, encoded string
}{
	{"empty", ""},
	{"just a dollar", "$"},
	{"algorithm only", "$argon2id"},
	{"no leading dollar", "argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"argon2d", "$argon2d$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"algorithm in capitals", "$ARGON2ID$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
	{"version 16", "$argon2id$v=16$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"version with leading zero", "$argon2id$v=019$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"version missing", "$argon2id$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"parameters out of order", "$argon2id$v=19$t=1,m=64,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"parameter missing", "$argon2id$v=19$m=64,t=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"extra parameter", "$argon2id$v=19$m=64,t=1,p=1,keyid=abc$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"space after comma", "$argon2id$v=19$m=64, t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory not a number", "$argon2id$v=19$m=abc,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory empty", "$argon2id$v=19$m=,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory with plus sign", "$argon2id$v=19$m=+64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory negative", "$argon2id$v=19$m=-64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory with leading zero", "$argon2id$v=19$m=064,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory overflows uint32", "$argon2id$v=19$m=4294967360,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory above 1 GiB", "$argon2id$v=19$m=1048577,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory below 8 KiB per lane", "$argon2id$v=19$m=15,t=1,p=2$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"memory zero", "$argon2id$v=19$m=0,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"iterations zero", "$argon2id$v=19$m=64,t=0,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"iterations above 64", "$argon2id$v=19$m=64,t=65,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"parallelism zero", "$argon2id$v=19$m=64,t=1,p=0$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"parallelism above 255", "$argon2id$v=19$m=4096,t=1,p=256$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"salt empty", "$argon2id$v=19$m=64,t=1,p=1$$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"salt of 6 bytes", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQF$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"salt padded", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw==$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"salt with a newline", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcI\nCQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"salt with stray bits", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODx$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"salt of impossible length", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0OD$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLGww"},
	{"hash in base64url", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA0cZvOEQyZMB5dTRasrMaoKQAP8gRLG-_"},
	{"hash of 8 bytes", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nEkwIodzSOA"},
	{"hash of 66 bytes", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$" + strings.Repeat("A", 88)},
	{"hash empty", "$argon2id$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$"},
	{"trailing dollar", cheapHash + "$"},
	{"trailing newline", cheapHash + "\n"},
	{"leading space", " " + cheapHash},
	{"over 256 bytes", cheapHash + strings.Repeat("A", 256)},
}

func TestHashPasswordRoundTrip(t *testing.T) {
	const pw = "correct horse battery staple"
	enc, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	form := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !form.MatchString(enc) {
		t.Errorf("HashPassword = %q, not in the PHC form with the default parameters", enc)
	}
	ok, rehash, err := DefaultHasher().Check(enc, pw)
	if !ok || rehash || err != nil {
		t.Errorf("DefaultHasher().Check(HashPassword(pw), pw) = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
	ok, _, err = DefaultHasher().Check(enc, "correct horse battery stapler")
	if ok || err != nil {
		t.Errorf("CheckPassword with another password = %v, %v; want false, nil", ok, err)
	}
}

func TestHashPasswordSaltsEachHash(t *testing.T) {
	h := newHasher(t, cheapParams)
	a, _ := h.Hash("same password here")
	b, _ := h.Hash("same password here")
	if a == b {
		t.Errorf("two hashes of one password are equal: %q", a)
	}
}

func TestHashPasswordRefusesOverlongPassword(t *testing.T) {
	_, err := HashPassword(strings.Repeat("x", MaxPasswordBytes+1))
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("err = %v (code %q), want EINVALID", err, domain.ErrorCode(err))
	}
}

func TestCheckPasswordVerifiesReferenceVector(t *testing.T) {
	// Interoperability: a hash written by the reference implementation
	// verifies, and (its parameters differing from ours) asks for a rehash.
	ok, rehash, err := DefaultHasher().Check(referenceHash, "password")
	if !ok || !rehash || err != nil {
		t.Errorf("DefaultHasher().Check(reference, \"password\") = %v, %v, %v; want true, true, nil", ok, rehash, err)
	}
	ok, rehash, err = DefaultHasher().Check(referenceHash, "passwore")
	if ok || rehash || err != nil {
		t.Errorf("DefaultHasher().Check(reference, \"passwore\") = %v, %v, %v; want false, false, nil", ok, rehash, err)
	}
}

func TestCheckPasswordRefusesWrongPassword(t *testing.T) {
	h := newHasher(t, cheapParams)
	enc, err := h.Hash("password")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, pw string }{
		{"empty", ""},
		{"other case", "Password"},
		{"prefix", "passwor"},
		{"longer", "password1"},
		{"trailing space", "password "},
		{"trailing NUL", "password\x00"},
		{"over the length limit", "password" + strings.Repeat("x", MaxPasswordBytes)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, rehash, err := h.Check(enc, tc.pw)
			if ok || rehash || err != nil {
				t.Errorf("Check = %v, %v, %v; want false, false, nil", ok, rehash, err)
			}
		})
	}
}

func TestCheckPasswordRefusesTamperedHash(t *testing.T) {
	// Well-formed strings whose content was changed: they parse, and the
	// password no longer matches.
	h := newHasher(t, cheapParams)
	if ok, _, err := h.Check(cheapHash, "password"); !ok || err != nil {
		t.Fatalf("the untampered hash does not verify: %v, %v", ok, err)
	}
	for _, tc := range []struct{ name, old, new string }{
		{"hash changed", "$nEkw", "$nEkx"},
		{"salt changed", "$AAEC", "$AAED"},
		{"memory changed", "m=64,", "m=72,"},
		{"iterations changed", "t=1,", "t=2,"},
		{"parallelism changed", "p=1$", "p=2$"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			enc := strings.Replace(cheapHash, tc.old, tc.new, 1)
			if enc == cheapHash {
				t.Fatalf("%q not in the hash", tc.old)
			}
			ok, rehash, err := h.Check(enc, "password")
			if ok || rehash || err != nil {
				t.Errorf("Check = %v, %v, %v; want false, false, nil", ok, rehash, err)
			}
		})
	}
}

func TestCheckPasswordRefusesMalformedHash(t *testing.T) {
	for _, tc := range malformedHashes {
		t.Run(tc.name, func(t *testing.T) {
			ok, rehash, err := DefaultHasher().Check(tc.encoded, "password")
			if ok || rehash {
				t.Errorf("ok, needsRehash = %v, %v; want false, false", ok, rehash)
			}
			if !errors.Is(err, ErrMalformedHash) {
				t.Errorf("err = %v, want one wrapping ErrMalformedHash", err)
			}
			if code := domain.ErrorCode(err); code != domain.EINTERNAL {
				t.Errorf("error code %q, want %q: a stored hash is not user input", code, domain.EINTERNAL)
			}
		})
	}
}

func TestCheckPasswordReportsNeedsRehashWhenParametersChange(t *testing.T) {
	old := newHasher(t, cheapParams)
	enc, err := old.Hash("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	stronger := cheapParams
	stronger.Memory, stronger.Iterations = 128, 2
	longerSalt := cheapParams
	longerSalt.SaltLength = 32
	for _, tc := range []struct {
		name       string
		now        Params
		wantRehash bool
	}{
		{"same parameters", cheapParams, false},
		{"stronger parameters", stronger, true},
		{"default parameters", DefaultParams(), true},
		{"longer salt", longerSalt, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHasher(t, tc.now)
			ok, rehash, err := h.Check(enc, "a long enough password")
			if !ok || rehash != tc.wantRehash || err != nil {
				t.Errorf("Check = %v, %v, %v; want true, %v, nil", ok, rehash, err, tc.wantRehash)
			}
			// A wrong password never asks for a rehash.
			if ok, rehash, _ := h.Check(enc, "another long password"); ok || rehash {
				t.Errorf("Check(wrong) = %v, %v; want false, false", ok, rehash)
			}
			// The rehash verifies without asking again.
			fresh, err := h.Hash("a long enough password")
			if err != nil {
				t.Fatal(err)
			}
			if ok, rehash, err := h.Check(fresh, "a long enough password"); !ok || rehash || err != nil {
				t.Errorf("Check(rehashed) = %v, %v, %v; want true, false, nil", ok, rehash, err)
			}
		})
	}
}

func TestDecodeHashReencodesToItself(t *testing.T) {
	for _, enc := range []string{referenceHash, cheapHash} {
		p, salt, key, err := decodeHash(enc)
		if err != nil {
			t.Fatalf("decodeHash(%q): %v", enc, err)
		}
		if got := encodeHash(p, salt, key); got != enc {
			t.Errorf("encodeHash(decodeHash(%q)) = %q", enc, got)
		}
	}
}

func TestNewHasherRefusesUnusableParameters(t *testing.T) {
	with := func(f func(*Params)) Params { p := cheapParams; f(&p); return p }
	for _, tc := range []struct {
		name string
		p    Params
	}{
		{"zero", Params{}},
		{"no iterations", with(func(p *Params) { p.Iterations = 0 })},
		{"too many iterations", with(func(p *Params) { p.Iterations = maxIterations + 1 })},
		{"no parallelism", with(func(p *Params) { p.Parallelism = 0 })},
		{"memory below 8 KiB per lane", with(func(p *Params) { p.Memory, p.Parallelism = 31, 4 })},
		{"memory above 1 GiB", with(func(p *Params) { p.Memory = maxMemory + 1 })},
		{"short salt", with(func(p *Params) { p.SaltLength = 7 })},
		{"long salt", with(func(p *Params) { p.SaltLength = 65 })},
		{"short key", with(func(p *Params) { p.KeyLength = 15 })},
		{"long key", with(func(p *Params) { p.KeyLength = 65 })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewHasher(tc.p); err == nil {
				t.Errorf("NewHasher(%+v) succeeded", tc.p)
			}
		})
	}
}

func TestDefaultParamsMeetOWASPMinimum(t *testing.T) {
	p := DefaultParams()
	if p.Memory < 19*1024 || p.Iterations < 2 || p.Parallelism < 1 || p.SaltLength < 16 || p.KeyLength < 32 {
		t.Errorf("DefaultParams() = %+v, weaker than m=19456, t=2, p=1, 16-byte salt, 32-byte hash", p)
	}
}

func TestDummyCheckHashesWithTheHashersParameters(t *testing.T) {
	h := newHasher(t, cheapParams)
	h.DummyCheck("anything at all")
	p, _, _, err := decodeHash(h.dummy())
	if err != nil || p != cheapParams {
		t.Errorf("the dummy hash has parameters %+v (err %v), want %+v", p, err, cheapParams)
	}
	if first, second := h.dummy(), h.dummy(); first != second {
		t.Error("the dummy hash changes between calls")
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		name, pw string
		wantMsg  string // "" for a valid password
	}{
		{"twelve ASCII characters", "abcdefghijk1", ""},
		{"passphrase with spaces", "correct horse battery staple", ""},
		{"twelve Cyrillic characters (24 bytes)", "пароль-қазақ", ""},
		{"two characters alternating", "abababababab", ""},
		{"exactly the byte limit", strings.Repeat("ab", MaxPasswordBytes/2), ""},
		{"empty", "", "at least 12 characters"},
		{"eleven characters", "abcdefghijk", "at least 12 characters"},
		{"eleven Cyrillic characters (22 bytes)", "пароль-қаза", "at least 12 characters"},
		{"one character repeated", "aaaaaaaaaaaa", "one character repeated"},
		{"one Cyrillic character repeated", strings.Repeat("я", 20), "one character repeated"},
		{"spaces only", strings.Repeat(" ", 16), "one character repeated"},
		{"one byte over the limit", strings.Repeat("ab", MaxPasswordBytes/2) + "c", "at most 1024 bytes"},
		{"invalid UTF-8", "abcdefghijkl\xff", "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidatePassword(tc.pw)
			if tc.wantMsg == "" {
				if err != nil {
					t.Errorf("ValidatePassword = %v, want nil", err)
				}
				return
			}
			var e *domain.Error
			if !errors.As(err, &e) || e.Code != domain.EINVALID {
				t.Fatalf("ValidatePassword = %#v, want a *domain.Error with code EINVALID", err)
			}
			if !strings.Contains(e.Message, tc.wantMsg) {
				t.Errorf("message %q does not say %q", e.Message, tc.wantMsg)
			}
			if len(tc.pw) >= 4 && strings.Contains(e.Message, tc.pw) {
				t.Errorf("message %q repeats the password", e.Message)
			}
		})
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

func BenchmarkCheckPassword(b *testing.B) {
	enc, err := HashPassword("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		DefaultHasher().Check(enc, "correct horse battery staple")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
