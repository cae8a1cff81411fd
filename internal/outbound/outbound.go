// Package outbound is Centavo's policy for the HTTP requests it makes on a
// user's behalf — to banks (OFX Direct Connect, SimpleFIN bridges) and to
// webhook receivers — whose addresses a user chooses. Without it, a user
// could make the server reach its own network (SSRF) or carry bank
// passwords somewhere else. The policy (docs/0022-outbound-policy.md):
//
//   - addresses: only public unicast addresses are connected to — checked on
//     every address a host name resolves to, when dialling, so a name that
//     resolves to a private address (DNS rebinding included) gets nowhere;
//     public means outside the IANA special-purpose registries (Public);
//   - banks: https only;
//   - redirects: banks' are followed only for GET, to the same host, never
//     from https to http; webhooks' never;
//   - no proxy from the environment: the policy must see the address it
//     connects to;
//   - the server's own sandbox bank is served in process (Local), never
//     dialled, so the quick start works under the policy.
//
// AllowPrivate (--allow-private-banks, --webhook-allow-private) lifts the
// address rule and, for banks, the https rule; redirects stay restricted.
package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrRefused is the dial error for an address the policy refuses. Callers
// show it as any other network failure (a distinct message would let a user
// probe which names resolve to internal addresses).
var ErrRefused = errors.New("outbound: refused to connect to a non-public address")

// URLError is a URL the policy refuses before any network access: its
// Reason is safe and useful to show (it depends on the URL's text only).
type URLError struct {
	Reason string // e.g. "must use https://"
}

func (e *URLError) Error() string { return "outbound: the URL " + e.Reason }

// The reasons of a URLError.
const (
	ReasonScheme  = "must be an http:// or https:// URL with a host"
	ReasonHTTPS   = "must use https://"
	ReasonPrivate = "must be a public internet address (not loopback, private, link-local or reserved)"
)

// maxRedirects bounds the redirects followed for one request.
const maxRedirects = 5

// Policy says where outbound requests may go. The zero value allows public
// addresses over http and https and follows no redirect.
type Policy struct {
	// AllowPrivate lifts the address rule and RequireHTTPS, for
	// development and tests.
	AllowPrivate bool
	// RequireHTTPS refuses plain http (banks: passwords travel).
	RequireHTTPS bool
	// FollowRedirects follows redirects of GET and HEAD requests to the
	// same host and scheme (or from http to https). Other redirects, and
	// every redirect when false, are returned to the caller as the answer.
	FollowRedirects bool
	// Local serves some URLs in process (the server's own sandbox bank);
	// nil: none.
	Local *Local
	// Lookup resolves a host name; nil: the system resolver. Tests set it.
	Lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

// Banks is the policy of bank connectors.
func Banks(allowPrivate bool, local *Local) Policy {
	return Policy{AllowPrivate: allowPrivate, RequireHTTPS: true, FollowRedirects: true, Local: local}
}

// Webhooks is the policy of webhook deliveries (http is allowed: the body
// is signed and holds no credential).
func Webhooks(allowPrivate bool) Policy {
	return Policy{AllowPrivate: allowPrivate}
}

// CheckURL checks what can be known from the URL alone: the scheme, and an
// address written in it. A URL served in process is always allowed. Its
// error is a *URLError.
func (p Policy) CheckURL(u *url.URL) error {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return &URLError{Reason: ReasonScheme}
	}
	if p.Local.Serves(u) || p.AllowPrivate {
		return nil
	}
	if p.RequireHTTPS && u.Scheme != "https" {
		return &URLError{Reason: ReasonHTTPS}
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") { // RFC 6761: always loopback
		return &URLError{Reason: ReasonPrivate}
	}
	if ip, err := netip.ParseAddr(host); err == nil && !Public(ip) {
		return &URLError{Reason: ReasonPrivate}
	}
	return nil
}

// Client returns an HTTP client that keeps to the policy, whose requests
// time out after timeout.
func (p Policy) Client(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &transport{policy: p, base: &http.Transport{
			// No proxy: the address dialled must be the one checked.
			Proxy:                 nil,
			DialContext:           p.dial,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   8,
			IdleConnTimeout:       90 * time.Second,
		}},
		CheckRedirect: p.checkRedirect,
	}
}

// transport checks every request's URL (redirects included), serves the
// local ones in process and sends the rest through base, whose dialler
// checks the addresses.
type transport struct {
	policy Policy
	base   *http.Transport
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.policy.Local.Serves(req.URL) {
		return t.policy.Local.RoundTrip(req)
	}
	if err := t.policy.CheckURL(req.URL); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	return t.base.RoundTrip(req)
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach base.
func (t *transport) CloseIdleConnections() { t.base.CloseIdleConnections() }

// dial resolves the host and connects to the first allowed address that
// answers. Unless AllowPrivate, only public addresses are dialled; the
// dialer's Control checks the address again on the socket itself.
func (p Policy) dial(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	addrs, err := p.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !p.AllowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !Public(ap.Addr()) {
				return fmt.Errorf("%w: %s", ErrRefused, address)
			}
			return nil
		}
	}
	var errs []error
	for _, a := range addrs {
		if !family(network, a) {
			continue
		}
		if !p.AllowPrivate && !Public(a) {
			errs = append(errs, fmt.Errorf("%w: %s resolves to %s", ErrRefused, host, a))
			continue
		}
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	if len(errs) == 0 {
		return nil, fmt.Errorf("outbound: %s has no %s address", host, network)
	}
	return nil, errors.Join(errs...)
}

// resolve returns the addresses of host (itself when it is an address).
func (p Policy) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip.Unmap()}, nil
	}
	var addrs []netip.Addr
	var err error
	if p.Lookup != nil {
		addrs, err = p.Lookup(ctx, host)
	} else {
		addrs, err = net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	}
	if err != nil {
		return nil, err
	}
	for i, a := range addrs {
		addrs[i] = a.Unmap()
	}
	return addrs, nil
}

// family reports whether a can be dialled on network ("tcp", "tcp4", "tcp6").
func family(network string, a netip.Addr) bool {
	switch network {
	case "tcp4":
		return a.Is4()
	case "tcp6":
		return a.Is6()
	}
	return true
}

// checkRedirect follows a redirect only when the policy does, for a GET or
// HEAD request, to the same host (name and port as written), never from
// https to http, at most maxRedirects times. A request that sends a body
// (OFX posts the login and password) is never redirected: a 307 or 308
// would send it again, elsewhere. A redirect not followed is the answer.
func (p Policy) checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	switch {
	case !p.FollowRedirects,
		first.Method != http.MethodGet && first.Method != http.MethodHead,
		len(via) > maxRedirects,
		!strings.EqualFold(req.URL.Hostname(), first.URL.Hostname()) || req.URL.Port() != first.URL.Port():
		return http.ErrUseLastResponse
	}
	for _, r := range via {
		if r.URL.Scheme == "https" && req.URL.Scheme != "https" {
			return http.ErrUseLastResponse
		}
	}
	return nil
}
