package web_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromium returns the path of Debian's Chromium. Without it the browser
// test is skipped, except in CI (CI=true), where it fails: CI must install
// it. With -short (make race) the browser tests are skipped.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		// make race runs -short: the browser drives the same server code
		// as the HTTP tests, which the race detector does cover; the
		// browser's walk runs in the plain pass.
		t.Skip("browser tests are not run with -short")
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed (Debian package chromium); CI must install it")
	}
	t.Skip("Chromium is not installed (Debian package chromium)")
	return ""
}

// TestBrowser drives a real headless Chromium through the UI as a newcomer
// would: open the site, get sent to the login page, log in, see the
// dashboard, switch to Kazakh, log out. With RUQSAT_WEB_SCREENSHOTS set to
// a directory, it saves a PNG of each page's first screen there.
func TestBrowser(t *testing.T) {
	f := newFixture(t)
	shots := os.Getenv("RUQSAT_WEB_SCREENSHOTS")
	ctx := startChromium(t, 1280, 900, 20*time.Second)

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	location := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatalf("location: %v", err)
		}
		return strings.TrimPrefix(s, f.srv.URL)
	}
	// submit clicks a button that sends a form and waits for the page
	// that comes back.
	submit := func(sel string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()) // what the window shows
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	do("open the site", chromedp.Navigate(f.srv.URL+"/"))
	if loc := location(); loc != "/login?next=%2F" {
		t.Fatalf("opening / went to %s, want the login page", loc)
	}
	do("fill in the login form",
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), ownerA),
		chromedp.SendKeys(chromedp.ID("password"), password))
	shot("login")
	submit("#login-submit")
	if loc, h := location(), text("h1"); loc != "/" || h != "Dashboard" {
		t.Fatalf("after logging in: %s with heading %q, want / with Dashboard", loc, h)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("tr.finding-row").length`))
	if err != nil || rows == 0 {
		t.Fatalf("the dashboard shows %d findings (%v), want some", rows, err)
	}
	shot("dashboard")

	submit(`button[name="lang"][value="kk"]`)
	if h := text("h1"); h != "Басқару тақтасы" {
		t.Fatalf("after switching to Kazakh: heading %q", h)
	}
	shot("dashboard-kk")
	if shots != "" {
		do("open an employer", chromedp.Navigate(f.srv.URL+"/employers/"+f.binsA[0]))
		shot("employer-kk")
		do("open the employers", chromedp.Navigate(f.srv.URL+"/employers"))
		submit(`button[name="lang"][value="ru"]`)
		shot("employers-ru")
		submit(`button[name="lang"][value="en"]`)
		do("open an employer", chromedp.Navigate(f.srv.URL+"/employers/"+f.binsA[0]))
		shot("employer")
		do("open the dashboard with overdue findings", chromedp.Navigate(f.srv.URL+"/?days=90&overdue=1"))
		shot("dashboard-overdue")
		do("open a page that does not exist", chromedp.Navigate(f.srv.URL+"/nope"))
		shot("not-found")
	}

	submit("#logout")
	if loc := location(); loc != "/login" {
		t.Fatalf("after logging out: %s, want /login", loc)
	}
	do("see the login form", chromedp.WaitVisible(chromedp.ID("email")))
	do("open the dashboard again", chromedp.Navigate(f.srv.URL+"/"))
	if loc := location(); !strings.HasPrefix(loc, "/login") {
		t.Fatalf("after logging out, / went to %s, want the login page", loc)
	}
	if shots != "" {
		do("log in with a wrong password",
			chromedp.SendKeys(chromedp.ID("email"), ownerA),
			chromedp.SendKeys(chromedp.ID("password"), "wrong"))
		submit("#login-submit")
		shot("login-wrong")
	}
}
