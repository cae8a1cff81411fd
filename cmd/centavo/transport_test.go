package main

import (
	"net/http"
	"testing"
)

// TestPublicURL: serve behind TLS (--public-url https://…) marks the web
// UI's cookies Secure and sends HSTS on every answer; without it (the
// quick start's plain http), neither.
func TestPublicURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args   []string
		secure bool
	}{
		{nil, false},
		{[]string{"--public-url", "http://centavo.lan:8080"}, false},
		{[]string{"--public-url", "https://centavo.example/"}, true},
	} {
		a := startServe(t, tc.args...)
		for _, path := range []string{"/signin", "/api/openapi.json", "/healthz"} {
			res, err := http.Get(a.base + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if hsts := res.Header.Get("Strict-Transport-Security"); (hsts != "") != tc.secure || (tc.secure && hsts != "max-age=31536000") {
				t.Errorf("%v: GET %s: Strict-Transport-Security %q", tc.args, path, hsts)
			}
			if path != "/signin" {
				continue
			}
			var pre *http.Cookie
			for _, c := range res.Cookies() {
				if c.Name == "centavo_pre" {
					pre = c
				}
			}
			if pre == nil || pre.Secure != tc.secure || !pre.HttpOnly {
				t.Errorf("%v: the sign-in page's cookie %+v, want Secure=%v", tc.args, pre, tc.secure)
			}
		}
		a.stop()
	}
}
