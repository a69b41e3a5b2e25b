package auth

import (
	"errors"
	"strings"
	"testing"
)

// FuzzCheckPassword feeds arbitrary encoded hashes (and passwords) to the
// parser behind CheckPassword: it must never panic, must refuse with
// ErrMalformedHash or accept a string that re-encodes to itself, and must
// never call a refused string a match.
func FuzzCheckPassword(f *testing.F) {
	f.Add(cheapHash, "password")
	f.Add(cheapHash, "wrong")
	f.Add(referenceHash, "password")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "")
	for _, tc := range malformedHashes {
		f.Add(tc.encoded, "password")
	}
	h, err := NewHasher(cheapParams)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, encoded, pw string) {
		p, salt, key, err := decodeHash(encoded)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("decodeHash error %v does not wrap ErrMalformedHash", err)
			}
			ok, rehash, err := h.Check(encoded, pw)
			if ok || rehash || !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("Check(malformed) = %v, %v, %v", ok, rehash, err)
			}
			return
		}
		if got := encodeHash(p, salt, key); got != encoded {
			t.Fatalf("accepted %q, which re-encodes as %q", encoded, got)
		}
		// Hashing is the slow part and not the parser's; do it only where
		// it is cheap, so that the fuzzer spends its time on parsing.
		if uint64(p.Memory)*uint64(p.Iterations) > 1<<12 {
			return
		}
		if _, _, err := h.Check(encoded, pw); err != nil {
			t.Fatalf("Check(%q) = %v after decodeHash accepted it", encoded, err)
		}
	})
}

// FuzzParseBearer checks that ParseBearer never panics and that what it
// accepts is a token68 that the header ends with, after the scheme and
// spaces.
func FuzzParseBearer(f *testing.F) {
	for _, tc := range bearerCases {
		f.Add(tc.header)
	}
	f.Fuzz(func(t *testing.T, header string) {
		tok, ok := ParseBearer(header)
		if !ok {
			if tok != "" {
				t.Fatalf("ParseBearer(%q) = %q, false; want an empty token", header, tok)
			}
			return
		}
		if tok == "" || len(tok) > maxBearerLen || !isToken68(tok) {
			t.Fatalf("ParseBearer(%q) accepted %q", header, tok)
		}
		head, found := strings.CutSuffix(header, tok)
		if !found || !strings.EqualFold(strings.TrimRight(head, " "), "bearer") || !strings.HasSuffix(head, " ") {
			t.Fatalf("ParseBearer(%q) = %q, not the header's last part after \"Bearer \"", header, tok)
		}
		if again, ok := ParseBearer("Bearer " + tok); !ok || again != tok {
			t.Fatalf("ParseBearer(\"Bearer \"+%q) = %q, %v", tok, again, ok)
		}
	})
}
