package config

import (
	"io"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestAccessFlags(t *testing.T) {
	t.Parallel()
	c, err := Parse("serve", nil, env(nil), io.Discard, all, "127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	if c.SignupClosed || c.SignupsPerHour != 20 || c.TrustedProxies != nil {
		t.Fatalf("defaults: closed %v, per hour %d, proxies %v", c.SignupClosed, c.SignupsPerHour, c.TrustedProxies)
	}
	e := env(map[string]string{"CENTAVO_SIGNUP": "closed", "CENTAVO_SIGNUPS_PER_HOUR": "0", "CENTAVO_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1,::1"})
	c, err = Parse("serve", nil, e, io.Discard, all, "127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	if !c.SignupClosed || c.SignupsPerHour != 0 || !slices.Equal(c.TrustedProxies, want) {
		t.Fatalf("from env: closed %v, per hour %d, proxies %v", c.SignupClosed, c.SignupsPerHour, c.TrustedProxies)
	}
	if c, err := Parse("serve", []string{"--signup", "open"}, e, io.Discard, all, "127.0.0.1:8080"); err != nil || c.SignupClosed {
		t.Fatalf("--signup open over the env: %v %v", c.SignupClosed, err)
	}
	for _, args := range [][]string{{"--signup", "invite"}, {"--signups-per-hour", "-1"}, {"--trusted-proxies", "proxy.local"}} {
		if _, err := Parse("serve", args, env(nil), io.Discard, all, "127.0.0.1:8080"); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

func TestPublicURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"": "", "https://centavo.example": "https://centavo.example", "HTTPS://centavo.example/": "https://centavo.example",
		"http://10.0.0.2:8080/money/": "http://10.0.0.2:8080/money",
	} {
		c, err := Parse("serve", []string{"--public-url", in}, env(nil), io.Discard, all, "127.0.0.1:8080")
		if err != nil || c.PublicURL != want || c.Secure() != strings.HasPrefix(want, "https:") {
			t.Errorf("--public-url %q: %q (secure %v), %v; want %q", in, c.PublicURL, c.Secure(), err, want)
		}
	}
	if c, _ := Parse("serve", nil, env(map[string]string{"CENTAVO_PUBLIC_URL": "https://c.example"}), io.Discard, all, "x:1"); !c.Secure() {
		t.Errorf("CENTAVO_PUBLIC_URL: %q", c.PublicURL)
	}
	for _, bad := range []string{"centavo.example", "ftp://centavo.example", "https://", "https://u:p@centavo.example", "https://centavo.example/?a=1", "https://c.example/#x", "/relative"} {
		if _, err := Parse("serve", []string{"--public-url", bad}, env(nil), io.Discard, all, "127.0.0.1:8080"); err == nil {
			t.Errorf("--public-url %q accepted", bad)
		}
	}
}
