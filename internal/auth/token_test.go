package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNewTokenHasPrefixAnd256RandomBits(t *testing.T) {
	for _, prefix := range []string{APITokenPrefix, SessionTokenPrefix, "x", "reset_"} {
		t.Run(prefix, func(t *testing.T) {
			tok, hash, err := NewToken(prefix)
			if err != nil {
				t.Fatal(err)
			}
			rest, ok := strings.CutPrefix(tok, prefix)
			if !ok {
				t.Fatalf("token %q lacks the prefix %q", tok, prefix)
			}
			raw, err := base64.RawURLEncoding.DecodeString(rest)
			if err != nil || len(raw) != 32 {
				t.Errorf("token body %q is not 32 bytes of base64url (%d bytes, %v)", rest, len(raw), err)
			}
			if !bytes.Equal(hash, HashToken(tok)) {
				t.Errorf("NewToken's hash %x is not HashToken(token) %x", hash, HashToken(tok))
			}
			if !IsToken(tok, prefix) {
				t.Errorf("IsToken(%q, %q) = false", tok, prefix)
			}
		})
	}
}

func TestNewTokenNeverRepeats(t *testing.T) {
	const n = 10_000
	toks := make(map[string]bool, n)
	hashes := make(map[string]bool, n)
	for range n {
		tok, hash, err := NewToken(APITokenPrefix)
		if err != nil {
			t.Fatal(err)
		}
		if toks[tok] || hashes[string(hash)] {
			t.Fatalf("token %q repeated after %d", tok, len(toks))
		}
		toks[tok], hashes[string(hash)] = true, true
	}
}

func TestNewTokenRefusesBadPrefix(t *testing.T) {
	for _, prefix := range []string{"", "RQ_", "rq-", "rq_ ", "rq$", "ключ_", strings.Repeat("a", 17)} {
		if tok, _, err := NewToken(prefix); err == nil {
			t.Errorf("NewToken(%q) = %q, want an error", prefix, tok)
		}
	}
}

func TestHashTokenIsSHA256OfTheWholeToken(t *testing.T) {
	// FIPS 180-2's test vector for "abc".
	want, _ := hex.DecodeString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
	if got := HashToken("abc"); !bytes.Equal(got, want) {
		t.Errorf("HashToken(\"abc\") = %x, want %x", got, want)
	}
	tok, _, _ := NewToken(APITokenPrefix)
	if bytes.Equal(HashToken(tok), HashToken(SessionTokenPrefix+strings.TrimPrefix(tok, APITokenPrefix))) {
		t.Error("the same body with another prefix hashes alike: the prefix must be hashed too")
	}
}

func TestIsToken(t *testing.T) {
	api, _, _ := NewToken(APITokenPrefix)
	body := strings.TrimPrefix(api, APITokenPrefix)
	for _, tc := range []struct {
		name, s, prefix string
		want            bool
	}{
		{"API token", api, APITokenPrefix, true},
		{"API token offered as a session", api, SessionTokenPrefix, false},
		{"no prefix", body, APITokenPrefix, false},
		{"prefix in capitals", "RQ_" + body, APITokenPrefix, false},
		{"one character short", api[:len(api)-1], APITokenPrefix, false},
		{"one character long", api + "A", APITokenPrefix, false},
		{"standard base64 alphabet", APITokenPrefix + strings.Repeat("+", 43), APITokenPrefix, false},
		{"padded", api + "=", APITokenPrefix, false},
		{"empty prefix", body, "", false},
		{"empty", "", APITokenPrefix, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsToken(tc.s, tc.prefix); got != tc.want {
				t.Errorf("IsToken(%q, %q) = %v, want %v", tc.s, tc.prefix, got, tc.want)
			}
		})
	}
}

// bearerCases are ParseBearer's table, also FuzzParseBearer's seeds.
var bearerCases = []struct {
	name, header, want string
	ok                 bool
}{
	{"bearer token", "Bearer rq_abcDEF012-_", "rq_abcDEF012-_", true},
	{"scheme in lower case", "bearer abc", "abc", true},
	{"scheme in capitals", "BEARER abc", "abc", true},
	{"several spaces", "Bearer   abc", "abc", true},
	{"token68 punctuation", "Bearer a-b.c_d~e+f/g", "a-b.c_d~e+f/g", true},
	{"trailing equals signs", "Bearer abc==", "abc==", true},
	{"ruqsat API token", "Bearer rq_2bX0mR7vJ1Yk0n8zq5hT3w9E4cVfLpA6sGdKuBiNoMy", "rq_2bX0mR7vJ1Yk0n8zq5hT3w9E4cVfLpA6sGdKuBiNoMy", true},
	{"longest token", "Bearer " + strings.Repeat("a", maxBearerLen), strings.Repeat("a", maxBearerLen), true},
	{"empty", "", "", false},
	{"scheme only", "Bearer", "", false},
	{"scheme and space", "Bearer ", "", false},
	{"scheme and spaces", "Bearer    ", "", false},
	{"no space", "Bearerabc", "", false},
	{"tab", "Bearer\tabc", "", false},
	{"basic scheme", "Basic dXNlcjpwYXNz", "", false},
	{"token scheme", "Token abc", "", false},
	{"leading space", " Bearer abc", "", false},
	{"two tokens", "Bearer abc def", "", false},
	{"trailing space", "Bearer abc ", "", false},
	{"trailing CRLF", "Bearer abc\r\n", "", false},
	{"equals sign inside", "Bearer a=b", "", false},
	{"equals signs only", "Bearer ==", "", false},
	{"comma", "Bearer abc,def", "", false},
	{"quoted", `Bearer "abc"`, "", false},
	{"non-ASCII", "Bearer токен", "", false},
	{"too long", "Bearer " + strings.Repeat("a", maxBearerLen+1), "", false},
}

func TestParseBearer(t *testing.T) {
	for _, tc := range bearerCases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParseBearer(tc.header)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ParseBearer(%q) = %q, %v; want %q, %v", tc.header, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func BenchmarkNewToken(b *testing.B) {
	for b.Loop() {
		if _, _, err := NewToken(APITokenPrefix); err != nil {
			b.Fatal(err)
		}
	}
}
