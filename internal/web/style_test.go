package web_test

import (
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	ruleRE   = regexp.MustCompile(`(?s)([^{}]+)\{([^{}]*)\}`)
	colorRE  = regexp.MustCompile(`(?:outline|border)(?:-color)?:\s*(?:[\d.]+px\s+solid\s+)?(#[0-9a-fA-F]{6})`)
	controlS = regexp.MustCompile(`input|select|textarea|focus|\.seg span|\.sorts a|\.button|\.regions|button\.`)
)

// luminance is a colour's relative luminance (WCAG 2).
func luminance(hex string) float64 {
	c := func(i int) float64 {
		n, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		v := float64(n) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*c(0) + 0.7152*c(1) + 0.0722*c(2)
}

// TestControlsContrast: the focus rings and the borders of controls
// (inputs, selects, toggles, outlined buttons) stand out from the white
// page at 3:1 or more (WCAG 2.2, 1.4.11 non-text contrast).
func TestControlsContrast(t *testing.T) {
	css, err := os.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, m := range ruleRE.FindAllStringSubmatch(string(css), -1) {
		sel := strings.TrimSpace(m[1])
		if i := strings.LastIndex(sel, "*/"); i >= 0 {
			sel = strings.TrimSpace(sel[i+2:])
		}
		if !controlS.MatchString(sel) || strings.Contains(sel, ".top") {
			continue // the header's controls sit on the dark bar: white rings
		}
		for _, c := range colorRE.FindAllStringSubmatch(m[2], -1) {
			checked++
			ratio := 1.05 / (luminance(c[1]) + 0.05)
			if ratio < 3 {
				t.Errorf("%s: %s on white is %.2f:1, want 3:1 or more", sel, c[1], ratio)
			}
		}
	}
	if checked < 8 {
		t.Fatalf("only %d control colours found: is the pattern still right?", checked)
	}
}
