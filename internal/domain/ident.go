package domain

import "fmt"

// CheckBIN validates a business identification number: 12 digits whose last
// digit is the check digit of the first 11. It returns nil or an error saying
// what is wrong.
func CheckBIN(s string) error { return checkID("BIN", s) }

// CheckIIN validates an individual identification number. Its first six digits
// are the birth date (YYMMDD) and the seventh the century and sex; the check
// digit is computed as for a BIN.
func CheckIIN(s string) error {
	if err := checkID("IIN", s); err != nil {
		return err
	}
	mm := int(s[2]-'0')*10 + int(s[3]-'0')
	dd := int(s[4]-'0')*10 + int(s[5]-'0')
	if mm < 1 || mm > 12 || dd < 1 || dd > 31 {
		return fmt.Errorf("IIN %q does not start with a birth date YYMMDD", s)
	}
	return nil
}

func checkID(kind, s string) error {
	if len(s) != 12 {
		return fmt.Errorf("%s %q must have 12 digits, has %d characters", kind, s, len(s))
	}
	for i := 0; i < 12; i++ {
		if s[i] < '0' || s[i] > '9' {
			return fmt.Errorf("%s %q must have 12 digits, has %q at position %d", kind, s, s[i], i+1)
		}
	}
	want, ok := CheckDigit(s[:11])
	if !ok {
		return fmt.Errorf("%s %q is not a valid number: no check digit exists for its first 11 digits", kind, s)
	}
	if got := int(s[11] - '0'); got != want {
		return fmt.Errorf("%s %q has a wrong check digit: the last digit should be %d", kind, s, want)
	}
	return nil
}

// CheckDigit computes the check digit of the first 11 digits of a BIN or IIN:
// s = Σ d_i·i (i = 1..11) mod 11; if s = 10, s = Σ d_i·w_i mod 11 with
// w = 3,4,5,6,7,8,9,10,11,1,2; if that is 10 too, the number cannot be valid
// and ok is false.
func CheckDigit(first11 string) (digit int, ok bool) {
	if len(first11) != 11 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 11; i++ {
		sum += int(first11[i]-'0') * (i + 1)
	}
	if s := sum % 11; s != 10 {
		return s, true
	}
	w := [11]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2}
	sum = 0
	for i := 0; i < 11; i++ {
		sum += int(first11[i]-'0') * w[i]
	}
	if s := sum % 11; s != 10 {
		return s, true
	}
	return 0, false
}
