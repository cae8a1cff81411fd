package app

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, tc := range []struct {
		name, remote string
		xff          []string
		trusted      []netip.Prefix
		want         string
	}{
		{"direct", "203.0.113.5:4000", nil, nil, "203.0.113.5"},
		{"X-Forwarded-For ignored without trusted proxies", "203.0.113.5:4000", []string{"198.51.100.1"}, nil, "203.0.113.5"},
		{"X-Forwarded-For ignored from an untrusted peer", "203.0.113.5:4000", []string{"198.51.100.1"}, proxies, "203.0.113.5"},
		{"a trusted proxy", "10.1.2.3:4000", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"forged entries left of the proxy's are ignored", "10.1.2.3:4000", []string{"1.2.3.4, 198.51.100.1"}, proxies, "198.51.100.1"},
		{"a chain of trusted proxies", "[::1]:4000", []string{"198.51.100.1, 10.9.9.9", "10.1.1.1"}, proxies, "198.51.100.1"},
		{"a malformed hop stops the walk", "10.1.2.3:4000", []string{"198.51.100.1, garbage, 10.2.2.2"}, proxies, "10.2.2.2"},
		{"no header from a trusted proxy", "10.1.2.3:4000", nil, proxies, "10.1.2.3"},
		{"IPv4-mapped", "[::ffff:203.0.113.5]:4000", nil, nil, "203.0.113.5"},
		{"no port", "203.0.113.5", nil, nil, "203.0.113.5"},
		{"unparseable", "pipe", nil, nil, "invalid IP"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		for _, v := range tc.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := clientAddr(r, tc.trusted).String(); got != tc.want {
			t.Errorf("%s: clientAddr = %s, want %s", tc.name, got, tc.want)
		}
	}
}
