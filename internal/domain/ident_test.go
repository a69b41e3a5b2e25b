package domain

import "testing"

func TestCheckBIN(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"940140000385", true},
		{"990140004654", true},
		{"940140000386", false}, // wrong check digit
		{"94014000038", false},  // 11 digits
		{"9401400003851", false},
		{"94014000038a", false},
		{"", false},
	} {
		if err := CheckBIN(tc.in); (err == nil) != tc.ok {
			t.Errorf("CheckBIN(%q) = %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

func TestCheckDigitSecondWeights(t *testing.T) {
	// Find numbers whose first sum is 10 and check that the second weights
	// decide, and that numbers with both sums 10 are refused.
	var second, neither bool
	for n := 0; n < 200000 && !(second && neither); n++ {
		s := pad11(n)
		sum := 0
		for i := 0; i < 11; i++ {
			sum += int(s[i]-'0') * (i + 1)
		}
		if sum%11 != 10 {
			continue
		}
		d, ok := CheckDigit(s)
		if ok {
			second = true
			if err := CheckBIN(s + string(rune('0'+d))); err != nil {
				t.Fatalf("%s%d: %v", s, d, err)
			}
		} else {
			neither = true
			for c := '0'; c <= '9'; c++ {
				if CheckBIN(s+string(c)) == nil {
					t.Fatalf("%s%c accepted though no check digit exists", s, c)
				}
			}
		}
	}
	if !second || !neither {
		t.Fatalf("did not reach both branches: second=%v neither=%v", second, neither)
	}
}

func pad11(n int) string {
	b := []byte("00000000000")
	for i := 10; i >= 0 && n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

func TestCheckIIN(t *testing.T) {
	if err := CheckIIN("850101300124"); err != nil {
		t.Errorf("example IIN from the scenario format: %v", err)
	}
	// A valid check digit but no birth date.
	s := "85130130012"
	if d, ok := CheckDigit(s); ok {
		if err := CheckIIN(s + string(rune('0'+d))); err == nil {
			t.Errorf("IIN with month 13 accepted")
		}
	}
}

func FuzzCheckBIN(f *testing.F) {
	for _, s := range []string{"940140000385", "990140004654", "940140000386", "", "abc", "000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckBIN(s)
		if err == nil {
			if len(s) != 12 {
				t.Fatalf("accepted %q of length %d", s, len(s))
			}
			d, ok := CheckDigit(s[:11])
			if !ok || int(s[11]-'0') != d {
				t.Fatalf("accepted %q with a wrong check digit", s)
			}
		}
		_ = CheckIIN(s)
	})
}
