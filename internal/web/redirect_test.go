package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/web"
)

func TestLocalPath(t *testing.T) {
	t.Parallel()
	for _, p := range []string{
		"/", "/budgets", "/budgets?month=2026-04", "/transactions?q=caf%C3%A9&category=shopping",
		"/accounts/", "/signin?next=%2Fbudgets", "/transactions?q=a#tx-12",
	} {
		if got := web.LocalPath(p); got != p {
			t.Errorf("LocalPath(%q) = %q, want it kept", p, got)
		}
	}
	for _, p := range []string{
		"", "budgets", "//evil.example", "///evil.example", "/\\evil.example", "\\/evil.example", "/\\/evil.example",
		"/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "\t//evil.example", " //evil.example", "/ /evil.example",
		"/%2F/evil.example", "/%2f%2fevil.example", "/%5C/evil.example", "/%09/evil.example", "/%0a/x",
		"https://evil.example/", "http:/evil.example", "javascript:alert(1)", "/..//evil.example", "/./", "/a/../b",
		"/a//b", "/\x00", "/\x7f", "/caf\u00e9", "/\u3000/evil.example", "/\u2028/evil.example",
		"/" + strings.Repeat("a", 3000),
	} {
		if got := web.LocalPath(p); got != "" {
			t.Errorf("LocalPath(%.60q) = %.60q, want refused", p, got)
		}
	}
}

// The case: /signin?next=/%09/evil.example, then signing in,
// redirected to "/\t/evil.example", which browsers read as
// "//evil.example". Every refused target signs in to "/".
func TestSignInNextStaysOnSite(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.newUser("next@example.com")
	for _, next := range []string{"/%09/evil.example", "%2F%2Fevil.example", "/%5C/evil.example", "https://evil.example/", "%2F%0A%2Fevil.example"} {
		page := f.get(nil, "/signin?next="+next)
		if page.Code != http.StatusOK {
			t.Fatalf("GET /signin?next=%s: %d", next, page.Code)
		}
		if strings.Contains(page.body, "evil.example") {
			t.Errorf("the sign-in page keeps next=%s in its form", next)
		}
		// The form as an attacker would post it, with next decoded.
		raw, err := url.QueryUnescape(next)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"csrf": {csrfOf(t, page.body)}, "email": {"next@example.com"}, "password": {testPassword}, "next": {raw}}
		res := f.postWith("/signin", form, cookieOf(page.Result(), web.PreSessionCookie))
		if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/" || cookieOf(res.Result(), web.SessionCookie) == nil {
			t.Errorf("sign-in with next %q: %d to %q, want 303 to /", raw, res.Code, res.Header().Get("Location"))
		}
	}
	// A path of the site is still where sign-in goes.
	page := f.get(nil, "/signin?next=%2Fbudgets%3Fmonth%3D2026-04")
	form := url.Values{"csrf": {csrfOf(t, page.body)}, "email": {"next@example.com"}, "password": {testPassword}, "next": {"/budgets?month=2026-04"}}
	res := f.postWith("/signin", form, cookieOf(page.Result(), web.PreSessionCookie))
	if res.Header().Get("Location") != "/budgets?month=2026-04" {
		t.Errorf("sign-in with a local next went to %q", res.Header().Get("Location"))
	}
}

// postWith sends a signed-out form with the given cookies.
func (f *fixture) postWith(path string, form url.Values, cookies ...*http.Cookie) response {
	f.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range cookies {
		if c != nil {
			req.AddCookie(c)
		}
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return response{rec, rec.Body.String()}
}

// Wrong passwords on the sign-in form: the 11th attempt, and the right
// password after it, answer the form with 429 and a Retry-After.
func TestSignInThrottledPage(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.newUser("ana@example.com")
	page := f.get(nil, "/signin")
	pre := cookieOf(page.Result(), web.PreSessionCookie)
	form := url.Values{"csrf": {csrfOf(t, page.body)}, "email": {"ana@example.com"}, "password": {"wrong password!"}}
	for i := range 10 {
		if res := f.postWith("/signin", form, pre); res.Code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i+1, res.Code)
		}
	}
	for _, pw := range []string{"wrong password!", testPassword} {
		form.Set("password", pw)
		res := f.postWith("/signin", form, pre)
		if res.Code != http.StatusTooManyRequests || res.Header().Get("Retry-After") == "" || !strings.Contains(res.body, "Too many attempts: try again in 15 minutes.") {
			t.Fatalf("sign-in after 10 wrong passwords: %d, Retry-After %q", res.Code, res.Header().Get("Retry-After"))
		}
		if cookieOf(res.Result(), web.SessionCookie) != nil {
			t.Fatal("a throttled sign-in set a session")
		}
	}
}

// --signup closed: the sign-up page and form answer 403 saying so, and
// the sign-in page does not offer to sign up.
func TestSignupClosedPages(t *testing.T) {
	t.Parallel()
	f := setup(t, options{args: []string{"--signup", "closed"}})
	res := f.get(nil, "/signup")
	if res.Code != http.StatusForbidden || !strings.Contains(res.body, "Sign-up is closed on this server") {
		t.Fatalf("GET /signup when closed: %d", res.Code)
	}
	page := f.get(nil, "/signin")
	if page.Code != http.StatusOK || strings.Contains(page.body, `href="/signup"`) {
		t.Fatalf("the sign-in page when sign-up is closed: %d, links to /signup: %v", page.Code, strings.Contains(page.body, `href="/signup"`))
	}
	form := url.Values{"csrf": {csrfOf(t, page.body)}, "email": {"new@example.com"}, "password": {testPassword}, "password2": {testPassword}}
	res = f.postWith("/signup", form, cookieOf(page.Result(), web.PreSessionCookie))
	if res.Code != http.StatusForbidden || !strings.Contains(res.body, "Sign-up is closed on this server") || cookieOf(res.Result(), web.SessionCookie) != nil {
		t.Fatalf("POST /signup when closed: %d", res.Code)
	}
	if open := setup(t).get(nil, "/signin"); !strings.Contains(open.body, `href="/signup"`) {
		t.Fatal("the sign-in page does not offer sign-up when it is open")
	}
}
