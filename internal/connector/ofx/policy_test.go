package ofx

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/outbound"
)

// TestNetworkFailuresReadAlike: every network failure — a name that does
// not resolve, one that resolves to a refused address, a closed port, a
// connection dropped, a timeout — is the same message to the user, so
// last_error cannot scan the server's network; the cause stays in the
// error for the log.
func TestNetworkFailuresReadAlike(t *testing.T) {
	t.Parallel()
	lookup := func(_ context.Context, host string) ([]netip.Addr, error) {
		if host == "inside.example" {
			return []netip.Addr{netip.MustParseAddr("10.20.30.40")}, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	strict := New(5*time.Second, func() time.Time { return now }, outbound.Policy{
		RequireHTTPS: true, FollowRedirects: true, Lookup: lookup})
	dev := client("102")

	dropping, err := net.Listen("tcp", "127.0.0.1:0") // accepts, then hangs up
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropping.Close() })
	go func() {
		for {
			c, err := dropping.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	release := make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(hanging.Close)
	t.Cleanup(func() { close(release) }) // runs first
	quick := client("102")
	quick.HTTP.Timeout = 100 * time.Millisecond

	for _, tc := range []struct {
		name string
		c    *Client
		url  string
	}{
		{"name resolves to a private address", strict, "https://inside.example/ofx"},
		{"unknown name", strict, "https://missing.example/ofx"},
		{"closed port", dev, "http://127.0.0.1:1/ofx"},
		{"connection dropped", dev, "http://" + dropping.Addr().String() + "/ofx"},
		{"timeout", quick, hanging.URL + "/ofx"},
	} {
		_, err := tc.c.Discover(context.Background(), centavo.Institution{URL: tc.url, Org: "B", FID: "1"}, centavo.Credentials{Login: "me", Password: "hunter2"})
		if connector.KindOf(err) != connector.KindTransient || connector.MessageOf(err) != connector.Unreachable {
			t.Errorf("%s: %v, %q; want transient %q", tc.name, err, connector.MessageOf(err), connector.Unreachable)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the error holds the password: %v", tc.name, err)
		}
	}
}

// TestURLPolicy: what the URL alone shows is refused before anything is
// sent, with the reason (no probing involved: it is the URL's text).
func TestURLPolicy(t *testing.T) {
	t.Parallel()
	c := New(5*time.Second, func() time.Time { return now }, outbound.Banks(false, nil))
	for raw, want := range map[string]string{
		"http://ofx.bank.example/ofx":  "must use https://",
		"https://127.0.0.1:9400/ofx":   "must be a public internet address",
		"https://[::ffff:a00:1]/ofx":   "must be a public internet address",
		"https://100.64.0.9/ofx":       "must be a public internet address",
		"ftp://ofx.bank.example/ofx":   "http:// or https://",
		"https://ofx.bank.example/ofx": "",
	} {
		err := c.CheckURL(raw)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s refused: %v", raw, err)
		case want != "" && (connector.KindOf(err) != connector.KindRejected || !strings.Contains(connector.MessageOf(err), want)):
			t.Errorf("%s: %v, want rejected %q", raw, err, want)
		}
	}
	_, err := c.Discover(context.Background(), centavo.Institution{URL: "https://127.0.0.1:1/ofx", Org: "B", FID: "1"}, centavo.Credentials{Login: "me", Password: "pw"})
	if connector.KindOf(err) != connector.KindRejected {
		t.Errorf("discover at a loopback URL: %v", err)
	}
}

// TestRedirectNotFollowed: a bank answering the sign-on with a redirect —
// to another host or its own — is not followed: the OFX body, which holds
// the login and password, goes nowhere else.
func TestRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var leaked []string
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		leaked = append(leaked, string(b))
		mu.Unlock()
	}))
	t.Cleanup(target.Close)
	for _, code := range []int{301, 302, 303, 307, 308} {
		for _, where := range []string{target.URL + "/collect", "/collect"} {
			bank := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/collect" {
					b, _ := io.ReadAll(r.Body)
					mu.Lock()
					leaked = append(leaked, string(b))
					mu.Unlock()
					return
				}
				w.Header().Set("Location", where)
				w.WriteHeader(code)
			}))
			_, err := client("102").Discover(context.Background(), centavo.Institution{URL: bank.URL + "/ofx", Org: "B", FID: "1"},
				centavo.Credentials{Login: "me", Password: "hunter2"})
			bank.Close()
			if connector.KindOf(err) != connector.KindRejected || !strings.Contains(connector.MessageOf(err), "redirect") {
				t.Errorf("HTTP %d to %s: %v", code, where, err)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(leaked) > 0 {
		t.Fatalf("the OFX request was sent again to the redirect's target: %q", leaked)
	}
}
