package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// submitStatus clicks a form's button and expects the page it leads to
// with the given status.
func (b *browser) submitStatus(button string, status int) {
	b.t.Helper()
	res, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		b.t.Fatalf("browser: submit %s: %v", button, err)
	}
	if res.Status != int64(status) {
		b.t.Fatalf("browser: submit %s: landed on %s with status %d, want %d", button, res.URL, res.Status, status)
	}
}

// TestWebTOTPSignIn: in the browser, a user turns two-factor sign-in on
// under Settings (the page shows the secret and its QR code, takes a code
// from the authenticator, then shows the recovery codes once), signs out,
// and signs in again: the password alone is refused with a request for the
// code, the password with a code from the authenticator lets them in.
func TestWebTOTPSignIn(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, 3*time.Minute)
	a := startServe(t)
	now := testNow(t)
	const email, password = "totp-web@example.com", "correct horse battery"

	b.signUp(a.base, email, password)

	b.open(a.base + "/settings")
	b.fill("#totp-password", password)
	b.submit(`main form[action="/settings/totp"] button[type=submit]`)
	secret := b.text("#totp-secret")
	if secret == "" || !eval[bool](b, `document.querySelector('#two-factor img[src^="data:image/png;base64,"]') !== null`) {
		t.Fatalf("setup shows secret %q and no QR code", secret)
	}
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	b.fill("#totp-code", code(now()))
	b.submit(`main form[action="/settings/totp/confirm"] button[type=submit]`)
	if n := eval[int](b, `document.querySelectorAll('.recovery-codes li').length`); n != 10 {
		t.Fatalf("%d recovery codes shown, want 10", n)
	}
	if !strings.Contains(b.text("#two-factor"), "10 recovery codes left") {
		t.Fatalf("two-factor section: %q", b.text("#two-factor"))
	}
	if dir := os.Getenv("CENTAVO_SCREENSHOTS"); dir != "" {
		if png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(filepath.Join(dir, "settings-two-factor.png"), png, 0o644)
		}
	}
	b.submit(`form.signout button[type=submit]`)

	// The password alone: refused, asking for the code.
	b.fill("#email", email)
	b.fill("#password", password)
	b.submitStatus(`main form[action="/signin"] button[type=submit]`, http.StatusUnauthorized)
	if msg := b.text("main"); !strings.Contains(msg, "authenticator app") {
		t.Fatalf("sign-in without a code says %q", msg)
	}
	// With a code: in. (The next time step: the confirming code is used.)
	b.fill("#password", password)
	b.fill("#totp_code", code(now().Add(30*time.Second)))
	b.submit(`main form[action="/signin"] button[type=submit]`)
	b.open(a.base + "/settings")
	if s := b.text("#tokens"); !strings.Contains(s, "this session") || !strings.Contains(s, "Web browser") {
		t.Fatalf("signed in, the sessions list says %q", s)
	}
}
