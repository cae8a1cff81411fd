package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/web"
)

var tokenRow = regexp.MustCompile(`action="/settings/tokens/(\d+)/revoke"`)

// TestSettingsSecurity: under Settings a user sees their sessions and
// tokens and revokes one, changes the password (the other sessions end),
// and deletes the account (after typing the e-mail and the password).
func TestSettingsSecurity(t *testing.T) {
	t.Parallel()
	f := setup(t)
	u := f.newUser("secure@example.com", "Bakery")
	other, err := f.app.Auth.SignIn(context.Background(), u.email, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	second := &user{id: u.id, email: u.email, token: other}

	res := f.get(u, "/settings")
	ids := tokenRow.FindAllStringSubmatch(res.body, -1)
	if res.Code != 200 || len(ids) != 2 || strings.Count(res.body, "this session") != 1 || !strings.Contains(res.body, "Two-factor sign-in") {
		t.Fatalf("settings: %d, tokens %v:\n%s", res.Code, ids, res.body)
	}
	// The newest first: the second session. Revoke it.
	if res := f.post(u, "/settings/tokens/"+ids[0][1]+"/revoke", withCSRF(u, nil)); res.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", res.Code, res.body)
	}
	if res := f.get(second, "/settings"); res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/signin") {
		t.Fatalf("a revoked session still works: %d", res.Code)
	}

	third, _ := f.app.Auth.SignIn(context.Background(), u.email, testPassword)
	const next = "quite another passphrase"
	for _, tc := range []struct {
		form   url.Values
		status int
		says   string
	}{
		{url.Values{"current_password": {testPassword}, "new_password": {next}, "new_password2": {next + "!"}}, 422, "differ"},
		{url.Values{"current_password": {"wrong password!"}, "new_password": {next}, "new_password2": {next}}, 401, "Wrong password"},
		{url.Values{"current_password": {testPassword}, "new_password": {"password123"}, "new_password2": {"password123"}}, 422, "too common"},
	} {
		if res := f.post(u, "/settings/password", withCSRF(u, tc.form)); res.Code != tc.status || !strings.Contains(res.body, tc.says) {
			t.Errorf("password change %v: %d, want %d saying %q", tc.form, res.Code, tc.status, tc.says)
		}
	}
	res = f.post(u, "/settings/password", withCSRF(u, url.Values{"current_password": {testPassword}, "new_password": {next}, "new_password2": {next}}))
	if res.Code != http.StatusSeeOther || !strings.Contains(res.Header().Get("Location"), "msg=password-saved") {
		t.Fatalf("password change: %d %s", res.Code, res.Header().Get("Location"))
	}
	if res := f.get(&user{token: third}, "/settings"); res.Code != http.StatusSeeOther {
		t.Fatalf("another session survived the password change: %d", res.Code)
	}
	if res := f.get(u, "/settings"); res.Code != 200 {
		t.Fatalf("the session that changed the password ended: %d", res.Code)
	}

	if res := f.post(u, "/settings/delete", withCSRF(u, url.Values{"confirm": {"someone@example.com"}, "password": {next}})); res.Code != 422 {
		t.Fatalf("delete without typing the e-mail: %d", res.Code)
	}
	if res := f.post(u, "/settings/delete", withCSRF(u, url.Values{"confirm": {u.email}, "password": {testPassword}})); res.Code != 401 {
		t.Fatalf("delete with the old password: %d", res.Code)
	}
	res = f.post(u, "/settings/delete", withCSRF(u, url.Values{"confirm": {u.email}, "password": {next}}))
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/signin?msg=account-deleted" {
		t.Fatalf("delete: %d %s", res.Code, res.Header().Get("Location"))
	}
	if _, err := f.app.Auth.SignIn(context.Background(), u.email, next); err == nil {
		t.Fatal("the deleted user signs in")
	}
}

// TestPasswordResetPages: without a mail relay the forgot-password page
// says so; the reset page takes the token from its link and refuses a
// wrong one.
func TestPasswordResetPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	if res := f.get(nil, "/forgot-password"); res.Code != 200 || !strings.Contains(res.body, "no mail relay") {
		t.Fatalf("forgot-password without mail: %d\n%s", res.Code, res.body)
	}
	if res := f.get(nil, "/signin"); !strings.Contains(res.body, `href="/forgot-password"`) || !strings.Contains(res.body, `name="totp_code"`) {
		t.Fatalf("the sign-in page has no reset link or two-factor field:\n%s", res.body)
	}
	page := f.get(nil, "/reset-password?token=12.abc")
	if page.Code != 200 || !strings.Contains(page.body, `value="12.abc"`) {
		t.Fatalf("reset page: %d\n%s", page.Code, page.body)
	}
	req := httptest.NewRequest("POST", "/reset-password", strings.NewReader(url.Values{
		"csrf": {csrfOf(t, page.body)}, "token": {"12.abc"}, "password": {testPassword}, "password2": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(cookieOf(page.Result(), web.PreSessionCookie))
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "unknown, used or expired") {
		t.Fatalf("reset with a wrong token: %d\n%s", rec.Code, rec.Body)
	}
}
