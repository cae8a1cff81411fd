package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/smtptest"
)

const testPassword = "correct horse battery" // what apitest's SignUp uses

// securityFixture is the API on a whole Centavo whose clock the test can
// move forward, optionally with a mail relay.
type securityFixture struct {
	*fixture
	app     *app.App
	ahead   *atomic.Int64 // nanoseconds added to the test's clock
	mailbox *smtptest.Server
}

func setupSecurity(t *testing.T, withMail bool) *securityFixture {
	t.Helper()
	base := clocktest.New(t)
	ahead := new(atomic.Int64)
	now := func() time.Time { return base().Add(time.Duration(ahead.Load())) }
	var args []string
	var mailbox *smtptest.Server
	if withMail {
		mailbox = smtptest.Start(t)
		args = []string{"--smtp-addr", mailbox.Addr, "--smtp-from", "Centavo <accounts@centavo.test>", "--public-url", "https://centavo.example/"}
	}
	a := apptest.StartAt(t, now, args...)
	f := &fixture{now: now, draining: new(atomic.Bool)}
	srv := httptest.NewServer(a.Handler(app.HandlerOptions{Draining: f.draining}))
	t.Cleanup(srv.Close)
	f.base = srv.URL
	return &securityFixture{fixture: f, app: a, ahead: ahead, mailbox: mailbox}
}

type tokenOut struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	Current    bool       `json:"current"`
}

func tokensOf(c *client) []tokenOut {
	c.T().Helper()
	var out struct{ Tokens []tokenOut }
	c.Do("GET", "/api/v1/me/tokens", nil, 200, &out)
	return out.Tokens
}

func signInAs(c *client, body map[string]string, want int) *client {
	c.T().Helper()
	var tok struct{ Token string }
	c.Do("POST", "/api/v1/sessions", body, want, &tok)
	return c.With(tok.Token)
}

func errorCode(t *testing.T, b []byte) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := jsonUnmarshal(b, &e); err != nil {
		t.Fatalf("not an error: %s", b)
	}
	return e.Error.Code
}

// TestTokenList: GET /api/v1/me/tokens lists the user's sessions and API
// tokens with their names, times and which one is asking; DELETE revokes
// one (only one's own), and a revoked token no longer works.
func TestTokenList(t *testing.T) {
	t.Parallel()
	f := setupSecurity(t, false)
	anon := newClient(t, f.base)
	first := signUp(t, anon, "tokens@example.com")
	laptop := signInAs(anon, map[string]string{"email": "tokens@example.com", "password": testPassword, "name": "laptop"}, 201)
	other := signUp(t, anon, "someone@example.com")

	list := tokensOf(first)
	if len(list) != 2 {
		t.Fatalf("tokens: %+v, want the sign-up's session and the laptop's", list)
	}
	if list[0].Name != "laptop" || list[0].Current || !list[1].Current || list[0].LastUsedAt != nil {
		t.Fatalf("tokens: %+v, want laptop (newest, never used) then the current one", list)
	}
	if !strings.HasPrefix(list[1].Name, "API sign-in") || list[1].LastUsedAt == nil || !list[1].ExpiresAt.Equal(list[1].CreatedAt.Add(30*24*time.Hour)) {
		t.Fatalf("current token: %+v, want a default name, a last use and 30 days of life", list[1])
	}
	if l := tokensOf(laptop); l[0].LastUsedAt == nil || !l[0].Current {
		t.Fatalf("the laptop's own view: %+v", l)
	}
	// Another user can neither see nor revoke them.
	if l := tokensOf(other); len(l) != 1 || l[0].ID == list[0].ID || l[0].ID == list[1].ID {
		t.Fatalf("the other user's tokens: %+v", l)
	}
	other.Do("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", list[0].ID), nil, 404, nil)
	laptop.Do("GET", "/api/v1/me", nil, 200, nil)

	first.Do("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", list[0].ID), nil, 204, nil)
	laptop.Do("GET", "/api/v1/me", nil, 401, nil)
	first.Do("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", list[0].ID), nil, 404, nil)
	if l := tokensOf(first); len(l) != 1 || !l[0].Current {
		t.Fatalf("after revoking the laptop: %+v", l)
	}
	// Revoking the current token signs out.
	first.Do("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", list[1].ID), nil, 204, nil)
	first.Do("GET", "/api/v1/me", nil, 401, nil)
}

// TestPasswordRules: a new password has at least 10 characters, is not one
// character repeated, not the e-mail, and not a common or easily guessed
// one; the README's example password passes.
func TestPasswordRules(t *testing.T) {
	t.Parallel()
	f := setupSecurity(t, false)
	anon := newClient(t, f.base)
	for _, pw := range []string{"short1!", "aaaaaaaaaaaaaa", "rules@example.com", "RULES@example.com", "password123", "qwertyuiop", "0123456789", "iloveyou12", "letmein123"} {
		b := anon.Do("POST", "/api/v1/users", map[string]string{"email": "rules@example.com", "password": pw}, 422, nil)
		if errorCode(t, b) != "invalid" {
			t.Errorf("password %q: %s", pw, b)
		}
	}
	anon.Do("POST", "/api/v1/users", map[string]string{"email": "rules@example.com", "password": testPassword}, 201, nil)
}

// TestChangePassword: POST /api/v1/me/password asks for the current
// password, applies the rules to the new one, and revokes every other token.
func TestChangePassword(t *testing.T) {
	t.Parallel()
	f := setupSecurity(t, false)
	anon := newClient(t, f.base)
	me := signUp(t, anon, "change@example.com")
	phone := signInAs(anon, map[string]string{"email": "change@example.com", "password": testPassword}, 201)
	const next = "a brand new passphrase"
	b := me.Do("POST", "/api/v1/me/password", map[string]string{"current_password": "not the password", "new_password": next}, 401, nil)
	if errorCode(t, b) != "unauthorized" {
		t.Fatalf("wrong current password: %s", b)
	}
	for _, weak := range []string{"short", "zzzzzzzzzzzz", "change@example.com", "password1234"} {
		me.Do("POST", "/api/v1/me/password", map[string]string{"current_password": testPassword, "new_password": weak}, 422, nil)
	}
	phone.Do("GET", "/api/v1/me", nil, 200, nil) // nothing changed yet
	me.Do("POST", "/api/v1/me/password", map[string]string{"current_password": testPassword, "new_password": next}, 204, nil)
	me.Do("GET", "/api/v1/me", nil, 200, nil)
	phone.Do("GET", "/api/v1/me", nil, 401, nil)
	if l := tokensOf(me); len(l) != 1 || !l[0].Current {
		t.Fatalf("tokens after the change: %+v, want the current one only", l)
	}
	anon.Do("POST", "/api/v1/sessions", map[string]string{"email": "change@example.com", "password": testPassword}, 401, nil)
	signInAs(anon, map[string]string{"email": "change@example.com", "password": next}, 201)
}

var resetToken = regexp.MustCompile(`\b\d+\.[A-Za-z0-9_-]{43}\b`)

// TestPasswordReset: with a mail relay, POST /api/v1/password-reset answers
// 202 whatever the e-mail and mails a registered user a one-time token
// valid one hour; confirming it sets the password and revokes every token.
// Without a relay it is unavailable.
func TestPasswordReset(t *testing.T) {
	t.Parallel()
	f := setupSecurity(t, true)
	anon := newClient(t, f.base)
	me := signUp(t, anon, "forgot@example.com")
	anon.Do("POST", "/api/v1/password-reset", map[string]string{"email": "nobody@example.com"}, 202, nil)
	anon.Do("POST", "/api/v1/password-reset", map[string]string{"email": "Forgot@Example.com"}, 202, nil)
	f.mailbox.Wait(1, 30*time.Second)
	f.app.Auth.WaitResets()
	msgs := f.mailbox.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "forgot@example.com" {
		t.Fatalf("mails: %+v, want one to the registered address", msgs)
	}
	token := resetToken.FindString(string(msgs[0].Data))
	if token == "" {
		t.Fatalf("no token in the mail:\n%s", msgs[0].Data)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(msgs[0].Data)))
	if link := "https://centavo.example/reset-password?token=" + url.QueryEscape(token); !strings.Contains(string(body), link) {
		t.Fatalf("the mail does not link to %s under the public URL:\n%s", link, msgs[0].Data)
	}
	const next = "remembered at last"
	anon.Do("POST", "/api/v1/password-reset/confirm", map[string]string{"token": token + "x", "new_password": next}, 422, nil)
	anon.Do("POST", "/api/v1/password-reset/confirm", map[string]string{"token": token, "new_password": "password123"}, 422, nil)
	anon.Do("POST", "/api/v1/password-reset/confirm", map[string]string{"token": token, "new_password": next}, 204, nil)
	me.Do("GET", "/api/v1/me", nil, 401, nil)
	anon.Do("POST", "/api/v1/sessions", map[string]string{"email": "forgot@example.com", "password": testPassword}, 401, nil)
	signInAs(anon, map[string]string{"email": "forgot@example.com", "password": next}, 201)
	anon.Do("POST", "/api/v1/password-reset/confirm", map[string]string{"token": token, "new_password": "yet another phrase"}, 422, nil)

	// A token is good for an hour only (and one mail a minute per address).
	f.ahead.Add(int64(2 * time.Minute))
	anon.Do("POST", "/api/v1/password-reset", map[string]string{"email": "forgot@example.com"}, 202, nil)
	msgs = f.mailbox.Wait(2, 30*time.Second)
	if len(msgs) != 2 {
		t.Fatalf("second reset mail: %d mails", len(msgs))
	}
	late := resetToken.FindString(string(msgs[1].Data))
	f.ahead.Add(int64(61 * time.Minute))
	anon.Do("POST", "/api/v1/password-reset/confirm", map[string]string{"token": late, "new_password": "too late for this"}, 422, nil)

	off := setupSecurity(t, false)
	b := newClient(t, off.base).Do("POST", "/api/v1/password-reset", map[string]string{"email": "forgot@example.com"}, 503, nil)
	if errorCode(t, b) != "unavailable" {
		t.Fatalf("reset without a mail relay: %s", b)
	}
}

// TestTOTP: two-factor sign-in is set up with the password, confirmed by
// a code, and then POST /api/v1/sessions needs totp_code (401
// totp_required without it); a code works once, a recovery code works
// once; turning it off asks for the password.
func TestTOTP(t *testing.T) {
	t.Parallel()
	f := setupSecurity(t, false)
	anon := newClient(t, f.base)
	me := signUp(t, anon, "twofactor@example.com")
	creds := map[string]string{"email": "twofactor@example.com", "password": testPassword}
	var status struct {
		Enabled, Pending bool
		Left             int `json:"recovery_codes_left"`
	}
	me.Do("GET", "/api/v1/me/totp", nil, 200, &status)
	if status.Enabled || status.Pending {
		t.Fatalf("before: %+v", status)
	}
	me.Do("POST", "/api/v1/me/totp", map[string]string{"password": "not the password"}, 401, nil)
	me.Do("POST", "/api/v1/me/totp/confirm", map[string]string{"code": "123456"}, 409, nil)
	var setup struct {
		Secret string
		URL    string `json:"otpauth_url"`
	}
	me.Do("POST", "/api/v1/me/totp", map[string]string{"password": testPassword}, 201, &setup)
	if setup.Secret == "" || !strings.HasPrefix(setup.URL, "otpauth://totp/Centavo:twofactor@example.com?") || !strings.Contains(setup.URL, "secret="+setup.Secret) {
		t.Fatalf("setup: %+v", setup)
	}
	signInAs(anon, creds, 201) // not on until confirmed
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(setup.Secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	wrong := fmt.Sprintf("%06d", (atoi(code(f.now()))+500000)%1000000)
	me.Do("POST", "/api/v1/me/totp/confirm", map[string]string{"code": wrong}, 422, nil)
	var rec struct {
		Codes []string `json:"recovery_codes"`
	}
	me.Do("POST", "/api/v1/me/totp/confirm", map[string]string{"code": code(f.now())}, 200, &rec)
	if len(rec.Codes) != 10 {
		t.Fatalf("recovery codes: %v", rec.Codes)
	}
	me.Do("GET", "/api/v1/me/totp", nil, 200, &status)
	if !status.Enabled || status.Left != 10 {
		t.Fatalf("after confirming: %+v", status)
	}
	me.Do("POST", "/api/v1/me/totp", map[string]string{"password": testPassword}, 409, nil)

	b := anon.Do("POST", "/api/v1/sessions", creds, 401, nil)
	if errorCode(t, b) != "totp_required" {
		t.Fatalf("sign-in without a code: %s", b)
	}
	with := func(c string) map[string]string {
		return map[string]string{"email": creds["email"], "password": creds["password"], "totp_code": c}
	}
	b = anon.Do("POST", "/api/v1/sessions", with(wrong), 401, nil)
	if errorCode(t, b) != "unauthorized" {
		t.Fatalf("sign-in with a wrong code: %s", b)
	}
	// The wrong password with a right code tells nothing about the code.
	b = anon.Do("POST", "/api/v1/sessions", map[string]string{"email": creds["email"], "password": "not the password", "totp_code": code(f.now().Add(30 * time.Second))}, 401, nil)
	if errorCode(t, b) != "unauthorized" {
		t.Fatalf("wrong password: %s", b)
	}
	next := code(f.now().Add(30 * time.Second)) // the next step: the confirming one is used
	signed := signInAs(anon, with(next), 201)
	signed.Do("GET", "/api/v1/me", nil, 200, nil)
	anon.Do("POST", "/api/v1/sessions", with(next), 401, nil) // a code works once
	signInAs(anon, with(strings.ToUpper(rec.Codes[3])), 201)
	anon.Do("POST", "/api/v1/sessions", with(rec.Codes[3]), 401, nil) // so does a recovery code
	me.Do("GET", "/api/v1/me/totp", nil, 200, &status)
	if status.Left != 9 {
		t.Fatalf("recovery codes left: %+v", status)
	}

	me.Do("DELETE", "/api/v1/me/totp", map[string]string{"password": "not the password"}, 401, nil)
	me.Do("DELETE", "/api/v1/me/totp", map[string]string{"password": testPassword}, 204, nil)
	signInAs(anon, creds, 201)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
