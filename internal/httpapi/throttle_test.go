package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
)

// signInRaw posts credentials to /api/v1/sessions outside the checked
// client, for the answer's headers.
func signInRaw(t *testing.T, base, email, password string) *http.Response {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	res, err := http.Post(base+"/api/v1/sessions", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func retryAfter(t *testing.T, res *http.Response) int {
	t.Helper()
	n, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if err != nil || n <= 0 {
		t.Fatalf("%d answer's Retry-After is %q, want a positive number of seconds", res.StatusCode, res.Header.Get("Retry-After"))
	}
	return n
}

// The case through the API: 25 wrong passwords, then the right
// one. The 11th wrong one and the right one answer 429 with Retry-After.
func TestSignInThrottle(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := newClient(t, f.base)
	signUp(t, c, "ana@example.com")
	wrong := map[string]string{"email": "ana@example.com", "password": "wrong password!!"}
	for i := range 25 {
		want := 401
		if i >= 10 {
			want = 429
		}
		c.Do("POST", "/api/v1/sessions", wrong, want, nil)
	}
	res := signInRaw(t, f.base, "ana@example.com", "correct horse battery")
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the right password after 25 wrong ones: %d, want 429", res.StatusCode)
	}
	if n := retryAfter(t, res); n > 15*60 {
		t.Fatalf("Retry-After %d s, more than the 15-minute lock", n)
	}
	b := c.Do("POST", "/api/v1/sessions", map[string]string{"email": "ana@example.com", "password": "correct horse battery"}, 429, nil)
	var e struct {
		Error struct{ Code, Message string }
	}
	if json.Unmarshal(b, &e) != nil || e.Error.Code != "too_many_requests" {
		t.Fatalf("429 body %s", b)
	}
}

// One address failing on many e-mails is locked out, whatever e-mail it
// tries next, the right password of a real one included.
func TestSignInThrottlePerAddress(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := newClient(t, f.base)
	signUp(t, c, "bo@example.com")
	for i := range 30 {
		c.Do("POST", "/api/v1/sessions", map[string]string{"email": fmt.Sprintf("guess%d@example.com", i), "password": "wrong password!!"}, 401, nil)
	}
	res := signInRaw(t, f.base, "bo@example.com", "correct horse battery")
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the 31st sign-in from the address, a right one: %d, want 429", res.StatusCode)
	}
	retryAfter(t, res)
	c.Do("POST", "/api/v1/users", map[string]string{"email": "new@example.com", "password": "correct horse battery"}, 429, nil)
}

// --signups-per-hour bounds the accounts one address creates.
func TestSignUpThrottle(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--signups-per-hour", "3")
	srv := httptest.NewServer(a.Handler(app.HandlerOptions{}))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL)
	for i := range 3 {
		c.Do("POST", "/api/v1/users", map[string]string{"email": fmt.Sprintf("u%d@example.com", i), "password": "correct horse battery"}, 201, nil)
	}
	c.Do("POST", "/api/v1/users", map[string]string{"email": "u3@example.com", "password": "correct horse battery"}, 429, nil)
}

// --signup closed: sign-up answers 403 with a clear message.
func TestSignupClosed(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--signup", "closed")
	srv := httptest.NewServer(a.Handler(app.HandlerOptions{}))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL)
	b := c.Do("POST", "/api/v1/users", map[string]string{"email": "x@example.com", "password": "correct horse battery"}, 403, nil)
	var e struct {
		Error struct{ Code, Message string }
	}
	if json.Unmarshal(b, &e) != nil || e.Error.Code != "forbidden" || e.Error.Message != "sign-up is closed on this server" {
		t.Fatalf("sign-up when closed: %s", b)
	}
}
