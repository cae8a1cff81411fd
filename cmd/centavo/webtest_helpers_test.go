package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// browser is a headless Chromium tab for one test.
type browser struct {
	t   *testing.T
	ctx context.Context
}

// newBrowser starts headless Chromium with a fresh profile. Without
// Chromium the test is skipped, except in CI, where it fails.
//
// Under -race -short (CI's race run) browser tests skip: CI's plain and
// hard-date runs run them, the web handlers have their race-checked tests
// in internal/web, and under the detector Chromium's page loads would take
// most of CI's time (a 1-minute page flow missed its deadline there).
func newBrowser(t *testing.T, timeout time.Duration) *browser {
	t.Helper()
	if raceEnabled && testing.Short() {
		t.Skip("browser test skipped under -race -short; the plain and hard-date runs run it")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test: %s is missing; CI must install it (.ci/run: ensure_chromium)", chromiumPath)
		}
		t.Skipf("browser test skipped: %s not found (apt-get install -y chromium to run it)", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		// Without these Chromium tries to reach Google's services and
		// hangs on a network that has none.
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx}
	b.do(chromedp.Navigate("about:blank")) // starts the browser: a failure shows here
	return b
}

// do runs actions, failing the test on an error.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// open navigates and checks the answer's status.
func (b *browser) open(url string) {
	b.t.Helper()
	res, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(url))
	if err != nil {
		b.t.Fatalf("browser: open %s: %v", url, err)
	}
	if res.Status != http.StatusOK {
		b.t.Fatalf("browser: open %s: status %d", url, res.Status)
	}
}

// submit clicks a form's button and waits for the page the form leads to.
func (b *browser) submit(button string) {
	b.t.Helper()
	res, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		b.t.Fatalf("browser: submit %s: %v", button, err)
	}
	if res.Status != http.StatusOK {
		b.t.Fatalf("browser: submit %s: landed on %s with status %d", button, res.URL, res.Status)
	}
}

// signUp signs a person up with the web form at base (the browser then
// has their session).
func (b *browser) signUp(base, email, password string) {
	b.t.Helper()
	b.open(base + "/signup")
	b.fill("#email", email)
	b.fill("#password", password)
	b.fill("#password2", password)
	b.submit(`main form[action="/signup"] button[type=submit]`)
}

// fill types into a field, replacing what it had.
func (b *browser) fill(field, value string) {
	b.t.Helper()
	b.do(chromedp.Clear(chromedp.CSS(field)), chromedp.SendKeys(chromedp.CSS(field), value))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("browser: evaluate %s: %v", expr, err)
	}
	return v
}

// text is the visible text of the first element that matches.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// waitFor evaluates a boolean expression until it holds; the page may
// reload meanwhile (evaluation errors are retried).
func (b *browser) waitFor(what, expr string, timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if err != nil {
			lastErr = err
		}
		if errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	b.t.Fatalf("browser: waited %v for %s on %s (last error: %v)", timeout, what, loc, lastErr)
}

// screenshotDir is where the browser test writes its screenshots:
// $CENTAVO_SCREENSHOTS, or a temp folder of the test.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CENTAVO_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// screenshots writes PNGs of the pages at a viewport size: what a person
// sees first (<name>-<w>x<h>.png) and the whole page (…-full.png).
func (b *browser) screenshots(dir string, width, height int64, pages map[string]string) {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(width, height))
	for name, url := range pages {
		b.open(url)
		// A PNG (quality 100): FullScreenshot makes a JPEG below it.
		shots := map[string]chromedp.Action[[]byte]{"": chromedp.CaptureScreenshot(), "-full": chromedp.FullScreenshot(100)}
		for suffix, shot := range shots {
			png, err := chromedp.Run(b.ctx, shot)
			if err != nil {
				b.t.Fatalf("browser: screenshot of %s: %v", name, err)
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%dx%d%s.png", name, width, height, suffix))
			if err := os.WriteFile(path, png, 0o644); err != nil {
				b.t.Fatal(err)
			}
		}
		// Nothing may be wider than the screen.
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > int(width) {
			b.t.Errorf("%s at %dpx is %dpx wide: something overflows", name, width, w)
		}
	}
}
