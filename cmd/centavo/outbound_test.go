package main

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/sandbox"
)

// loopbackBank is a sandbox bank of the test's own on 127.0.0.1 — an
// internal service as far as serve is concerned — that records what
// reaches it.
type loopbackBank struct {
	srv    *httptest.Server
	mu     sync.Mutex
	bodies []string // every request's path and body
}

func newLoopbackBank(t *testing.T) *loopbackBank {
	t.Helper()
	b := &loopbackBank{}
	bank := sandbox.NewBank(testNow(t), nil).Handler()
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		b.mu.Lock()
		b.bodies = append(b.bodies, r.URL.Path+" "+string(body))
		b.mu.Unlock()
		switch r.URL.Path {
		case "/redirect":
			// A bank (or an attacker) sending the sign-on elsewhere.
			w.Header().Set("Location", "/collect")
			w.WriteHeader(http.StatusTemporaryRedirect)
			return
		}
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		bank.ServeHTTP(w, r)
	}))
	t.Cleanup(b.srv.Close)
	return b
}

func (b *loopbackBank) requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.bodies...)
}

// TestOutboundPolicy: without --allow-private-banks, a bank URL on loopback
// is refused when linking — OFX over plain http or https, and a SimpleFIN
// setup token that leads there — and nothing reaches it; the built-in
// sandbox of the quick start still links (served in process). With the
// flag, the same loopback bank links; a bank that redirects the sign-on does
// not get the password re-posted; and every network failure reads "could
// not reach the bank".
func TestOutboundPolicy(t *testing.T) {
	t.Parallel()
	bank := newLoopbackBank(t)

	strict := startServe(t)
	c := signUp(t, newClient(t, strict.base), "strict@example.com")
	for url, reason := range map[string]string{
		bank.srv.URL + "/ofx": "must use https://",
		strings.Replace(bank.srv.URL, "http:", "https:", 1) + "/ofx": "must be a public internet address",
		"https://[::ffff:127.0.0.1]:1/ofx":                           "must be a public internet address",
	} {
		status, body := c.Raw("POST", "/api/v1/accounts", strings.NewReader(
			`{"connector":"ofx","url":"`+url+`","org":"S","fid":"1","login":"demo-1","password":"secret-1"}`), "application/json")
		if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), reason) {
			t.Errorf("linking %s without the flag: %d %s, want 422 %q", url, status, body, reason)
		}
	}
	claim := base64.StdEncoding.EncodeToString([]byte(bank.srv.URL + "/simplefin/claim/whatever"))
	status, body := c.Raw("POST", "/api/v1/accounts", strings.NewReader(`{"connector":"simplefin","setup_token":"`+claim+`"}`), "application/json")
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "must use https://") {
		t.Errorf("a setup token to loopback: %d %s, want 422", status, body)
	}
	if accts := c.Accounts(); len(accts) != 0 {
		t.Errorf("refused links left accounts: %+v", accts)
	}
	if got := bank.requests(); len(got) != 0 {
		t.Fatalf("the loopback bank was reached without the flag: %q", got)
	}

	// The quick start, as the README writes it: the server's own sandbox,
	// through OFX and through a SimpleFIN setup token, without the flag.
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": strict.base + "/sandbox/ofx", "org": "SANDBOX", "fid": "9999", "login": "demo-1", "password": "secret-1",
	}, 202, nil)
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "simplefin", "setup_token": setupToken(t, strict.base, "demo-2", "secret-2")}, 202, nil)
	c.WaitAccounts("sandbox accounts ok", 60*time.Second, allStatus(4, centavo.AccountOK))

	// With --allow-private-banks, the same loopback bank links.
	dev := startServe(t, "--allow-private-banks")
	d := signUp(t, newClient(t, dev.base), "dev@example.com")
	d.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": bank.srv.URL + "/ofx", "org": "S", "fid": "1", "login": "demo-3", "password": "secret-3",
	}, 202, nil)
	d.WaitAccounts("loopback bank accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))

	// A redirect of the sign-on is not followed: needs attention, and the
	// target never sees the password.
	r := signUp(t, newClient(t, dev.base), "redirect@example.com")
	r.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": bank.srv.URL + "/redirect", "org": "S", "fid": "1", "login": "demo-5", "password": "secret-5",
	}, 202, nil)
	got := r.WaitAccounts("redirected bank needs attention", 60*time.Second, allStatus(1, centavo.AccountNeedsAttention))
	if !strings.Contains(got[0].LastError, "redirect") {
		t.Errorf("redirect: last_error %q", got[0].LastError)
	}
	for _, req := range bank.requests() {
		if strings.HasPrefix(req, "/collect") {
			t.Errorf("the OFX request was re-posted to the redirect's target: %q", req)
		}
	}

	// Nothing listening: the one message, whatever the failure.
	u := signUp(t, newClient(t, dev.base), "closed@example.com")
	u.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": "http://127.0.0.1:1/ofx", "org": "S", "fid": "1", "login": "demo-6", "password": "secret-6",
	}, 202, nil)
	got = u.WaitAccounts("closed port in error", 60*time.Second, allStatus(1, centavo.AccountError))
	if got[0].LastError != "could not reach the bank" {
		t.Errorf("closed port: last_error %q, want %q", got[0].LastError, "could not reach the bank")
	}
}
