package config

import (
	"io"
	"net/netip"
	"slices"
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
