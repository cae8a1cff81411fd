package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"
)

// HTTPPoster posts webhooks. Unless AllowPrivate is set, it refuses to
// connect to loopback, private, link-local and other internal addresses —
// checked on the address actually dialled, so DNS tricks do not help — so
// that a user's webhook URL cannot reach the operator's internal services.
type HTTPPoster struct {
	client *http.Client
}

// ErrPrivateAddress is returned for a webhook aimed at an internal address.
var ErrPrivateAddress = errors.New("webhook: the address is internal (loopback, private or link-local)")

// NewHTTPPoster returns a poster with the given timeout.
func NewHTTPPoster(timeout time.Duration, allowPrivate bool) *HTTPPoster {
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	if !allowPrivate {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || !PublicIP(ip) {
				return ErrPrivateAddress
			}
			return nil
		}
	}
	return &HTTPPoster{client: &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   2,
		},
		// A redirect could lead anywhere; receivers must answer themselves.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// PublicIP reports whether ip is a public unicast address.
func PublicIP(ip net.IP) bool {
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast())
}

// Post sends body to url with the headers.
func (p *HTTPPoster) Post(ctx context.Context, rawURL string, headers map[string]string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := p.client.Do(req)
	if err != nil {
		if errors.Is(err, ErrPrivateAddress) {
			return 0, ErrPrivateAddress
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			return 0, fmt.Errorf("webhook: %s %s: %w", ue.Op, redactURL(rawURL), ue.Err)
		}
		return 0, fmt.Errorf("webhook: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, nil
}

// redactURL keeps the scheme and host of a URL for messages (paths and
// queries of webhook URLs often hold tokens).
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(bad URL)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}
