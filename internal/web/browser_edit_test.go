package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// chrome is a headless Chromium on the fixture's server, with a window of
// one size.
type chrome struct {
	t      *testing.T
	f      *fixture
	ctx    context.Context
	width  int64
	shots  string // RUQSAT_WEB_SCREENSHOTS: where to save screenshots
	suffix string // of the screenshots' names
}

func newChrome(t *testing.T, f *fixture, width, height int64, suffix string) *chrome {
	ctx := startChromium(t, width, height, 60*time.Second)
	c := &chrome{t: t, f: f, ctx: ctx, width: width, shots: os.Getenv("RUQSAT_WEB_SCREENSHOTS"), suffix: suffix}
	c.do("set the viewport", chromedp.EmulateViewport(width, height))
	return c
}

// startChromium starts Debian's headless Chromium (without a sandbox, a
// GPU or background networking) in a window of width × height, and returns
// a context for its first tab that ends after timeout.
func startChromium(t *testing.T, width, height int64, timeout time.Duration) context.Context {
	exe := chromium(t)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(width), int(height)),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	// Start the browser with no deadline (a deadline on the first call
	// would end the browser with it), then bound the whole walk.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, timeout)
	t.Cleanup(cancel)
	return ctx
}

func (c *chrome) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, steps...); err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
}

func (c *chrome) open(path string) {
	c.t.Helper()
	c.do("open "+path, chromedp.Navigate(c.f.srv.URL+path))
	c.fits(path)
}

func (c *chrome) text(sel string) string {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		c.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (c *chrome) value(sel string) string {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		c.t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

func (c *chrome) count(sel string) int {
	c.t.Helper()
	n, err := chromedp.Run(c.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
	if err != nil {
		c.t.Fatalf("counting %s: %v", sel, err)
	}
	return n
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

func (c *chrome) location() string {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Location())
	if err != nil {
		c.t.Fatalf("location: %v", err)
	}
	return strings.TrimPrefix(s, c.f.srv.URL)
}

// set fills in inputs: selector, value pairs (a date input takes
// YYYY-MM-DD whatever the browser's language).
func (c *chrome) set(kv ...string) {
	c.t.Helper()
	for i := 0; i+1 < len(kv); i += 2 {
		c.do("fill in "+kv[i], chromedp.SetValue(chromedp.CSS(kv[i]), kv[i+1]))
	}
}

// submit clicks a button that sends a form and waits for the page that
// comes back, which must fit the window's width.
func (c *chrome) submit(sel string) {
	c.t.Helper()
	if _, err := chromedp.Run(c.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		c.t.Fatalf("clicking %s: %v", sel, err)
	}
	c.fits(c.location())
}

// fits checks that the page does not scroll sideways.
func (c *chrome) fits(what string) {
	c.t.Helper()
	w, err := chromedp.Run(c.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		c.t.Fatalf("page width: %v", err)
	}
	if int64(w) > c.width {
		c.t.Errorf("%s is %d px wide in a %d px window: it scrolls sideways", what, w, c.width)
	}
}

func (c *chrome) shot(name string) { c.t.Helper(); c.capture(name, chromedp.FullScreenshot(100)) }

// shotScreen saves what the window shows: the first screen of a long page.
func (c *chrome) shotScreen(name string) { c.t.Helper(); c.capture(name, chromedp.CaptureScreenshot()) }

func (c *chrome) capture(name string, a chromedp.Action[[]byte]) {
	c.t.Helper()
	if c.shots == "" {
		return
	}
	png, err := chromedp.Run(c.ctx, a)
	if err != nil {
		c.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(c.shots, name+"-"+c.suffix+".png"), png, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// TestBrowserKeepRecords keeps records in a real browser as a consultant
// would, on a laptop in Russian and on a phone in Kazakh: create an
// employer and a worker with a permit, plan a trip that passes the limit
// and see the warning before saving, save it and see the dashboard change,
// mark its notice as filed from the finding, extend the permit and see
// the history, and save over someone else's change without losing the
// input. Every page must fit the window.
func TestBrowserKeepRecords(t *testing.T) {
	for _, tc := range []struct {
		name, lang    string
		width, height int64
		bin           string
	}{
		{"laptop-ru", "ru", 1366, 900, "940140000385"},
		{"phone-kk", "kk", 390, 844, "990140004654"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if domain.CheckBIN(tc.bin) != nil {
				t.Fatalf("test BIN %s is no BIN", tc.bin)
			}
			f := newFixture(t)
			c := newChrome(t, f, tc.width, tc.height, tc.name)
			emp := "/employers/" + tc.bin

			c.open("/login")
			c.do("log in", chromedp.WaitVisible(chromedp.ID("email")),
				chromedp.SendKeys(chromedp.ID("email"), ownerA), chromedp.SendKeys(chromedp.ID("password"), password))
			c.submit("#login-submit")
			c.submit(`button[name="lang"][value="` + tc.lang + `"]`)
			if c.count(`tr.finding-row[data-key^="`+tc.bin+` "]`) != 0 {
				t.Fatalf("the dashboard shows the employer before it exists")
			}

			// A new employer.
			c.open("/employers")
			c.submit("#new-employer")
			c.set("#f-bin", tc.bin, "#f-name", "Дала Бурение", "#f-size", "small")
			c.shot("form-employer")
			c.submit("#save")
			if loc := c.location(); !strings.HasPrefix(loc, emp+"/records") {
				t.Fatalf("after creating the employer: %s", loc)
			}

			// A worker with a permit for Almaty.
			c.open(emp + "/workers")
			c.submit("a.add")
			c.set("#f-name", "Zhou Ming", "#f-citizenship", "CN", "#f-basis", "permit", "#f-category", "3",
				"#f-position", "Engineer", "#f-start", "2025-01-10")
			c.submit("#save")
			if loc := c.location(); !strings.HasPrefix(loc, emp+"/workers/w1") {
				t.Fatalf("after adding the worker: %s", loc)
			}
			c.submit(`#permits a.add`)
			c.do("tick Almaty", chromedp.Click(chromedp.CSS(`input[name="regions"][value="KZ-75"]`)))
			c.set("#f-number", "KZ-75-2025-0001", "#f-from", "2025-01-05", "#f-to", "2025-07-04")
			c.shot("form-permit")
			c.submit("#save")

			// Plan a trip to Astana that passes the 90-day limit: the
			// warning comes before anything is saved.
			c.set("#plan-region", "KZ-71", "#plan-from", "2025-02-03", "#plan-to", "2025-06-06")
			c.submit("#plan-check")
			if c.count(".plan-warning") != 1 {
				t.Fatalf("the plan of a 124-day trip shows no warning")
			}
			c.shot("worker-plan")
			rec, _, _ := f.db.EmployerRecords(context.Background(), f.tenantA, tc.bin)
			if len(rec.Workers[0].Trips) != 0 {
				t.Fatalf("checking a plan saved the trip")
			}
			c.submit("#plan-save")
			if c.count("tr.trip-row.over") != 1 || c.count(".tl-days .d.over") == 0 {
				t.Errorf("the saved trip is not shown past the limit on the timeline")
			}
			c.shot("worker-timeline")

			// The dashboard now shows the employer.
			c.open("/?days=90&overdue=1")
			if c.count(`tr.finding-row[data-key^="`+tc.bin+` "]`) == 0 {
				t.Errorf("the dashboard does not show the new employer's findings")
			}

			// Mark the trip's notice as filed from its finding.
			c.open(emp + "?as_of=2025-02-05")
			sel := `form.quick input[name="rule"][value="trip.notice"]`
			if c.count(sel) != 1 {
				t.Fatalf("the trip's notice has no quick action")
			}
			c.shot("finding-action")
			const finding = `[id="f-trip.notice~w1~2025-02-03"]`
			c.set(`[id="f-trip.notice~w1~2025-02-03-date"]`, "2025-02-05")
			c.submit(finding + ` form.quick button`)
			if c.count(finding+` .badge.st-done`) != 1 {
				t.Errorf("after marking the notice: the finding is not done")
			}

			// Extend the permit.
			c.open(emp + "/workers/w1")
			c.submit("a.extend")
			if got := c.value("#f-from"); got != "2025-07-05" {
				t.Errorf("the extension starts on %s, want 2025-07-05", got)
			}
			c.set("#f-number", "KZ-75-2025-0002", "#f-to", "2026-07-04")
			c.submit("#save")
			if c.count("tr.permit-row.superseded") != 1 {
				t.Errorf("the old permit is not shown as superseded")
			}
			c.open(emp + "/history")
			if n := c.count("ol.history > li"); n < 5 {
				t.Errorf("the history shows %d changes, want 5 or more", n)
			}
			c.shot("history")

			// A stale save: the trip's form is open while someone else
			// records the notice again; saving keeps the input and says
			// what changed.
			c.open(emp + "/edit?record=trips&worker=w1&i=0")
			rec, v, err := f.db.EmployerRecords(context.Background(), f.tenantA, tc.bin)
			if err != nil {
				t.Fatal(err)
			}
			rec.Workers[0].Trips[0].Notified = domain.MustDate("2025-02-04")
			if _, err := f.db.ReplaceEmployerRecordsIf(context.Background(), f.tenantA, store.Actor{Name: "colleague"}, rec, v); err != nil {
				t.Fatal(err)
			}
			c.set("#f-to", "2025-03-31")
			c.submit("#save")
			if c.count("#conflict") != 1 || c.value("#f-to") != "2025-03-31" || c.count(`.now[data-field="notified"]`) != 1 {
				t.Errorf("a stale save does not keep the input and show what changed")
			}
			c.shot("form-conflict")
			c.submit("#save")
			if loc := c.location(); !strings.HasPrefix(loc, emp+"/workers/w1") {
				t.Errorf("saving after the conflict: %s", loc)
			}
		})
	}
}

// TestPagesFitAPhone opens every page in every language in a 390 px
// window: none may scroll sideways (the phone layout: tables become cards,
// forms stack).
func TestPagesFitAPhone(t *testing.T) {
	f := newFixture(t)
	c := newChrome(t, f, 390, 844, "phone")
	rec, _, err := f.db.EmployerRecords(context.Background(), f.tenantA, f.binsA[0])
	if err != nil || len(rec.Workers) == 0 {
		t.Fatalf("fixture employer: %v", err)
	}
	emp := "/employers/" + f.binsA[0]
	w := rec.Workers[0].ID
	c.open("/login")
	c.do("log in", chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), ownerA), chromedp.SendKeys(chromedp.ID("password"), password))
	c.submit("#login-submit")
	for _, lang := range []string{"kk", "ru", "en"} {
		c.submit(`button[name="lang"][value="` + lang + `"]`)
		for _, p := range []string{"/", "/?view=overdue", "/?days=90", "/employers", "/employers?sort=exposure", "/employers/new",
			emp, emp + "?done=all", emp + "/workers", emp + "/workers/" + w, emp + "/records", emp + "/history",
			emp + "/edit?record=workers&worker=" + w, emp + "/edit?record=trips&worker=" + w, emp + "/edit?record=permits&worker=" + w,
			emp + "/edit?record=employer", emp + "/edit?record=quota_plans", "/law", "/law?as_of=2022-06-01", "/calendar?year=2026", "/nope"} {
			c.open(p)
		}
		if lang == "kk" {
			c.open("/")
			c.shotScreen("dashboard")
			c.open("/employers?sort=overdue")
			c.shotScreen("employers")
			c.open(emp)
			c.shotScreen("employer")
		}
	}
}

// TestScreenshots saves the main pages as a new user sees them, on a
// laptop and on a phone in Russian and in Kazakh, for docs/screenshots. It
// runs only with RUQSAT_WEB_SCREENSHOTS set to a directory.
func TestScreenshots(t *testing.T) {
	if os.Getenv("RUQSAT_WEB_SCREENSHOTS") == "" {
		t.Skip("RUQSAT_WEB_SCREENSHOTS not set")
	}
	f := newFixture(t)
	for _, tc := range []struct {
		name, lang    string
		width, height int64
	}{{"laptop-ru", "ru", 1366, 900}, {"phone-kk", "kk", 390, 844}, {"laptop-kk", "kk", 1366, 900}, {"phone-ru", "ru", 390, 844}} {
		c := newChrome(t, f, tc.width, tc.height, tc.name)
		c.open("/login")
		c.do("log in", chromedp.WaitVisible(chromedp.ID("email")),
			chromedp.SendKeys(chromedp.ID("email"), ownerA), chromedp.SendKeys(chromedp.ID("password"), password))
		c.submit("#login-submit")
		c.submit(`button[name="lang"][value="` + tc.lang + `"]`)
		for name, p := range map[string]string{"dashboard": "/", "employers": "/employers?sort=overdue",
			"employer": "/employers/" + f.binsA[0], "law": "/law"} {
			c.open(p)
			c.shotScreen(name)
		}
	}
}
