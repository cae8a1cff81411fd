package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/centavo/centavo/internal/outbound"
)

// HTTPPoster posts webhooks. Unless AllowPrivate is set, it refuses to
// connect to loopback, private, link-local and every other non-public
// address of the IANA special-purpose registries — checked on the address
// actually dialled, so DNS tricks do not help — so that a user's webhook URL
// cannot reach the operator's internal services. It keeps to the same
// outbound policy as the bank connectors (internal/outbound), with plain
// http allowed and no redirect followed.
type HTTPPoster struct {
	client *http.Client
}

// ErrPrivateAddress is returned for a webhook aimed at an internal address.
var ErrPrivateAddress = errors.New("webhook: the address is internal (loopback, private, link-local or reserved)")

// NewHTTPPoster returns a poster with the given timeout.
func NewHTTPPoster(timeout time.Duration, allowPrivate bool) *HTTPPoster {
	return &HTTPPoster{client: outbound.Webhooks(allowPrivate).Client(timeout)}
}

// PublicIP reports whether ip is a public unicast address (outbound.Public).
func PublicIP(ip net.IP) bool {
	a, ok := netip.AddrFromSlice(ip)
	return ok && outbound.Public(a)
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
		var refused *outbound.URLError
		if errors.Is(err, outbound.ErrRefused) || (errors.As(err, &refused) && refused.Reason == outbound.ReasonPrivate) {
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
