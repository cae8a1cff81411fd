package outbound

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	banks, dev, hooks := Banks(false, nil), Banks(true, nil), Webhooks(false)
	for _, tc := range []struct {
		policy Policy
		url    string
		want   string // "" allowed, else the reason
	}{
		{banks, "https://ofx.bank.example/ofx", ""},
		{banks, "https://93.184.215.14:8443/ofx", ""},
		{banks, "http://ofx.bank.example/ofx", ReasonHTTPS},
		{banks, "https://127.0.0.1:8080/ofx", ReasonPrivate},
		{banks, "https://[::1]/ofx", ReasonPrivate},
		{banks, "https://[::ffff:10.0.0.1]/ofx", ReasonPrivate},
		{banks, "https://[64:ff9b::a00:1]/ofx", ReasonPrivate},
		{banks, "https://[fe80::1%25eth0]/ofx", ReasonPrivate},
		{banks, "https://100.64.1.1/ofx", ReasonPrivate},
		{banks, "https://localhost/ofx", ReasonPrivate},
		{banks, "https://LOCALHOST./ofx", ReasonPrivate},
		{banks, "https://db.localhost/ofx", ReasonPrivate},
		{banks, "ftp://ofx.bank.example/ofx", ReasonScheme},
		{banks, "https:///ofx", ReasonScheme},
		{banks, "mailto:bank@example.com", ReasonScheme},
		{dev, "http://127.0.0.1:9400/ofx", ""},
		{dev, "ftp://127.0.0.1/ofx", ReasonScheme},
		{hooks, "http://hooks.example/x", ""},
		{hooks, "http://10.0.0.8/x", ReasonPrivate},
	} {
		err := tc.policy.CheckURL(mustURL(t, tc.url))
		var ue *URLError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: refused: %v", tc.url, err)
		case tc.want != "" && (!errors.As(err, &ue) || ue.Reason != tc.want):
			t.Errorf("%s: %v, want %q", tc.url, err, tc.want)
		}
	}
}

// countingServer counts the connections it accepts.
func countingServer(t *testing.T, h http.Handler) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

// TestDialTimeRefusal: a host name that resolves to loopback passes the URL
// check (a name says nothing) and is refused when dialling: no connection
// is made. With private addresses allowed, the same name reaches the
// server, so the address rule is what stopped it.
func TestDialTimeRefusal(t *testing.T) {
	t.Parallel()
	srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "inside") }))
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	lookup := func(_ context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "rebind.example":
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		case "mixed.example":
			return []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("::ffff:127.0.0.1")}, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	for _, p := range []Policy{{Lookup: lookup}, {Lookup: lookup, RequireHTTPS: true, FollowRedirects: true}} {
		for _, host := range []string{"rebind.example", "mixed.example"} {
			scheme := "http"
			if p.RequireHTTPS {
				scheme = "https"
			}
			u := scheme + "://" + host + ":" + port + "/"
			if err := p.CheckURL(mustURL(t, u)); err != nil {
				t.Fatalf("%s: the URL check refused a host name: %v", u, err)
			}
			res, err := p.Client(5 * time.Second).Get(u)
			if err == nil {
				res.Body.Close()
			}
			if !errors.Is(err, ErrRefused) {
				t.Errorf("%s: %v, want ErrRefused", u, err)
			}
		}
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("%d connections reached the server", n)
	}
	allowed := Policy{Lookup: lookup, AllowPrivate: true}
	res, err := allowed.Client(5 * time.Second).Get("http://rebind.example:" + port + "/")
	if err != nil {
		t.Fatalf("with private addresses allowed: %v", err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "inside" || conns.Load() != 1 {
		t.Fatalf("with private addresses allowed: %q, %d connections", b, conns.Load())
	}
}

// TestIPLiteralRefused: an address written in the URL is refused before any
// connection, and a DNS failure is an ordinary error.
func TestIPLiteralRefused(t *testing.T) {
	t.Parallel()
	srv, conns := countingServer(t, http.NotFoundHandler())
	p := Webhooks(false)
	res, err := p.Client(5*time.Second).Post(srv.URL, "text/plain", strings.NewReader("x"))
	if err == nil {
		res.Body.Close()
	}
	var ue *URLError
	if !errors.As(err, &ue) || ue.Reason != ReasonPrivate || conns.Load() != 0 {
		t.Fatalf("%v, %d connections", err, conns.Load())
	}
	p.Lookup = func(_ context.Context, host string) ([]netip.Addr, error) {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	if _, err := p.Client(5 * time.Second).Get("http://missing.example/"); err == nil || errors.Is(err, ErrRefused) {
		t.Fatalf("unknown host: %v", err)
	}
}

// hits counts requests by path and records their bodies.
type hits struct {
	mu     sync.Mutex
	n      map[string]int
	bodies []string
}

func (h *hits) record(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	h.n[r.URL.Path]++
	h.bodies = append(h.bodies, string(b))
}

func (h *hits) count(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[path]
}

// redirecting serves /to-* with a redirect to target(r), /loop to itself,
// and everything else with 200 "landed".
func redirecting(h *hits, code int, target func(r *http.Request) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.record(r)
		switch {
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/to-"):
			w.Header().Set("Location", target(r))
			w.WriteHeader(code)
		default:
			io.WriteString(w, "landed")
		}
	})
}

func do(t *testing.T, c *http.Client, method, u, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestRedirects: a POST is never redirected (307 and 308 would send the
// body again: the OFX login and password); a GET only to the same host,
// at most maxRedirects times; webhooks follow none.
func TestRedirects(t *testing.T) {
	t.Parallel()
	var other hits
	otherSrv := httptest.NewServer(redirecting(&other, 0, nil))
	t.Cleanup(otherSrv.Close)
	for _, code := range []int{301, 302, 303, 307, 308} {
		var self hits
		srv := httptest.NewServer(redirecting(&self, code, func(r *http.Request) string {
			if r.URL.Path == "/to-other" {
				return otherSrv.URL + "/landing"
			}
			return "/landing"
		}))
		t.Cleanup(srv.Close)
		c := Banks(true, nil).Client(5 * time.Second)
		// POST: answered with the redirect, to the same host or another.
		for _, path := range []string{"/to-self", "/to-other"} {
			if got, _ := do(t, c, "POST", srv.URL+path, "USERPASS=secret"); got != code {
				t.Errorf("POST %s answered %d: %d", path, code, got)
			}
		}
		// GET: followed to the same host, not to another.
		if got, body := do(t, c, "GET", srv.URL+"/to-self", ""); got != 200 || body != "landed" {
			t.Errorf("GET same host, %d: %d %q", code, got, body)
		}
		if got, _ := do(t, c, "GET", srv.URL+"/to-other", ""); got != code {
			t.Errorf("GET another host, %d: %d", code, got)
		}
		// Webhooks: none.
		if got, _ := do(t, Webhooks(true).Client(5*time.Second), "GET", srv.URL+"/to-self", ""); got != code {
			t.Errorf("webhook GET, %d: %d", code, got)
		}
		if n := self.count("/landing"); n != 1 {
			t.Errorf("%d: the same host's target got %d requests, want 1 (the GET)", code, n)
		}
		if code == 307 {
			// Without the policy, Go re-posts the body to the target.
			if got, _ := do(t, &http.Client{}, "POST", srv.URL+"/to-self", "USERPASS=secret"); got != 200 || self.count("/landing") != 2 {
				t.Errorf("control: a default client did not follow the 307 (%d)", got)
			}
		}
	}
	if other.count("/landing") != 0 {
		t.Errorf("another host got %d requests", other.count("/landing"))
	}
	// A loop ends after maxRedirects, with the redirect as the answer.
	var loop hits
	loopSrv := httptest.NewServer(redirecting(&loop, 0, nil))
	t.Cleanup(loopSrv.Close)
	if got, _ := do(t, Banks(true, nil).Client(5*time.Second), "GET", loopSrv.URL+"/loop", ""); got != http.StatusFound || loop.count("/loop") != maxRedirects+1 {
		t.Errorf("loop: %d after %d requests", got, loop.count("/loop"))
	}
}

// TestRedirectHTTPSToHTTP: an https answer never leads to plain http, even
// on the same host and port.
func TestRedirectHTTPSToHTTP(t *testing.T) {
	t.Parallel()
	var h hits
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = redirecting(&h, http.StatusFound, func(r *http.Request) string {
		if r.URL.Path == "/to-http" {
			return "http://" + r.Host + "/landing"
		}
		return "https://" + r.Host + "/landing"
	})
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := Banks(true, nil).Client(5 * time.Second)
	c.Transport.(*transport).base.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	if got, body := do(t, c, "GET", srv.URL+"/to-https", ""); got != 200 || body != "landed" {
		t.Fatalf("https to https: %d %q", got, body)
	}
	if got, _ := do(t, c, "GET", srv.URL+"/to-http", ""); got != http.StatusFound {
		t.Fatalf("https to http: %d, want the redirect as the answer", got)
	}
	if n := h.count("/landing"); n != 1 {
		t.Fatalf("the target got %d requests, want 1 (over https)", n)
	}
}
