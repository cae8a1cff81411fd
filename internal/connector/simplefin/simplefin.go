// Package simplefin is the SimpleFIN Bridge connector
// (https://www.simplefin.org/protocol.html): it trades a user's setup token
// for an access URL (Claim), lists the accounts behind the access URL
// (Discover) and downloads an account's transactions (Fetch) as JSON.
//
// # Credentials and institution
//
// The access URL, https://<user>:<password>@bridge.example/simplefin, is the
// only secret. It is kept as the password and sealed by the caller like any
// other:
//
//	centavo.Credentials{Login: "", Password: accessURL}
//
// The institution holds no secret:
//
//	centavo.Institution{
//		URL:         BaseURL(accessURL), // the access URL without user and password
//		Org:         "<the bridge's name for the bank>",
//		AccountID:   "<the SimpleFIN account id>",
//		AccountType: AccountType,        // "SIMPLEFIN"
//	}
//
// Requests always go to the access URL from the credentials; the
// institution's URL is for display and for recognizing an account linked
// twice.
//
// # Transport
//
// Requests keep to the outbound policy (internal/outbound): claim and access
// URLs must be https to a public address, checked when dialling, unless the
// operator allows private banks; the server's own sandbox bank is served in
// process. A claim (a POST) is never redirected; an accounts request only
// to the same host, never from https to http. No error text ever holds the
// setup token, the claim URL's path or the access URL's user and password;
// only host names.
package simplefin

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/outbound"
)

const (
	// MaxResponse bounds the size of an accounts answer we read.
	MaxResponse = 32 << 20
	// maxClaimResponse bounds the answer to a claim (an access URL).
	maxClaimResponse = 64 << 10
	// maxSetupToken bounds the setup token a user pastes.
	maxSetupToken = 4096
	// AccountType marks an institution reached through SimpleFIN.
	AccountType = "SIMPLEFIN"
)

// Client talks SimpleFIN over HTTP. The zero value is not usable; use New.
type Client struct {
	HTTP   *http.Client
	Policy outbound.Policy // where requests may go; HTTP keeps to it
	Now    func() time.Time
}

// New returns a client whose requests time out after the given duration, on
// the given clock, keeping to the policy (outbound.Banks).
func New(timeout time.Duration, now func() time.Time, policy outbound.Policy) *Client {
	return &Client{HTTP: policy.Client(timeout), Policy: policy, Now: now}
}

var _ connector.Connector = (*Client)(nil)

// PerAccessPerDay is the SimpleFIN Bridge's limit: at most 24 requests a
// day per access.
const PerAccessPerDay = 24

// Limits implements connector.Limited.
func (c *Client) Limits() connector.Limits { return connector.Limits{PerAccessPerDay: PerAccessPerDay} }

// check refuses a claim or access URL the outbound policy refuses by its
// text. Its message names the host only.
func (c *Client) check(u *url.URL, what string) error {
	if err := c.Policy.CheckURL(u); err != nil {
		var ue *outbound.URLError
		if !errors.As(err, &ue) {
			return connector.Errorf(connector.KindRejected, nil, "the SimpleFIN %s at %s is not allowed", what, u.Host)
		}
		return connector.Errorf(connector.KindRejected, nil, "the SimpleFIN %s at %s %s", what, u.Host, ue.Reason)
	}
	return nil
}

// Claim trades a setup token (base64 of a claim URL) for an access URL: it
// POSTs to the claim URL, which works once. The access URL returned is a
// secret: store it as Credentials.Password, sealed.
func (c *Client) Claim(ctx context.Context, setupToken string) (string, error) {
	claim, err := decodeSetupToken(setupToken)
	if err != nil {
		return "", err
	}
	if err := c.check(claim, "claim URL"); err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, claim.String(), nil)
	if err != nil {
		return "", connector.Errorf(connector.KindRejected, nil, "cannot build the claim request to %s", claim.Host)
	}
	req.Header.Set("User-Agent", "Centavo")
	req.Header.Set("Accept", "text/plain, */*")
	raw, status, err := send(c.HTTP, req, claim.Host, maxClaimResponse)
	if err != nil {
		return "", err
	}
	if status == http.StatusForbidden {
		return "", connector.Errorf(connector.KindAuth, nil, "this setup token was already used or is invalid")
	}
	if err := statusError(status, claim.Host); err != nil {
		return "", err
	}
	if len(raw) > maxClaimResponse {
		return "", connector.Errorf(connector.KindMalformed, nil, "the answer to the claim from %s is too large to be an access URL", claim.Host)
	}
	access := strings.TrimSpace(string(raw))
	a, err := parseAccessURL(access)
	if err == nil {
		err = c.check(a.base, "access URL")
	}
	if err != nil {
		return "", connector.Errorf(connector.KindMalformed, nil, "%s answered the claim with an unusable access URL: %s", claim.Host, connector.MessageOf(err))
	}
	return access, nil
}

// decodeSetupToken reads a setup token into its claim URL. It accepts the
// standard and URL-safe base64 alphabets, with or without padding, and
// ignores white space (tokens get pasted with line breaks).
func decodeSetupToken(token string) (*url.URL, error) {
	t := strings.Join(strings.Fields(token), "")
	if t == "" {
		return nil, connector.Errorf(connector.KindRejected, nil, "the setup token is empty")
	}
	if len(t) > maxSetupToken {
		return nil, connector.Errorf(connector.KindRejected, nil, "the setup token is too long to be one")
	}
	var decoded []byte
	ok := false
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(t); err == nil {
			decoded, ok = b, true
			break
		}
	}
	if !ok || !utf8.Valid(decoded) {
		return nil, connector.Errorf(connector.KindRejected, nil, "the setup token is not valid: paste it exactly as the SimpleFIN bridge shows it")
	}
	// Never wrap url.Parse's error: it quotes the URL, whose path is the secret.
	u, err := url.Parse(strings.TrimSpace(string(decoded)))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return nil, connector.Errorf(connector.KindRejected, nil, "the setup token does not hold a claim URL")
	}
	return u, nil
}

// accessURL is a parsed access URL: where to send requests and how to
// authenticate them.
type accessURL struct {
	base     *url.URL // without user and password
	user     string
	password string
}

// parseAccessURL checks an access URL. Its errors never quote the URL.
func parseAccessURL(s string) (accessURL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return accessURL{}, connector.Errorf(connector.KindRejected, nil, "the SimpleFIN access URL is not an http(s) URL")
	}
	if u.User == nil || u.User.Username() == "" {
		return accessURL{}, connector.Errorf(connector.KindRejected, nil, "the SimpleFIN access URL at %s holds no credentials", u.Host)
	}
	pass, ok := u.User.Password()
	if !ok || pass == "" {
		return accessURL{}, connector.Errorf(connector.KindRejected, nil, "the SimpleFIN access URL at %s holds no password", u.Host)
	}
	base := *u
	base.User, base.RawQuery, base.ForceQuery, base.Fragment, base.RawFragment = nil, "", false, "", ""
	return accessURL{base: &base, user: u.User.Username(), password: pass}, nil
}

// BaseURL is the access URL without its user and password (and without a
// trailing slash): what Institution.URL holds.
func BaseURL(access string) (string, error) {
	a, err := parseAccessURL(access)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(a.base.String(), "/"), nil
}

// Discover lists the accounts behind the access URL. It asks for a window
// starting now: the accounts and their balances, without their history.
func (c *Client) Discover(ctx context.Context, inst centavo.Institution, creds centavo.Credentials) ([]connector.Discovered, error) {
	q := url.Values{"start-date": {strconv.FormatInt(c.now().Unix(), 10)}}
	_, set, base, err := c.accounts(ctx, creds, q)
	if err != nil {
		return nil, err
	}
	found := discoveries(set, inst, base)
	if len(found) == 0 {
		if msg := set.firstError(); msg != "" {
			return nil, connector.Errorf(connector.KindRejected, nil, "the SimpleFIN bridge says: %s", msg)
		}
		return nil, connector.Errorf(connector.KindRejected, nil, "the SimpleFIN bridge listed no accounts for this access URL")
	}
	return found, nil
}

// Fetch downloads the account's transactions posted since the given time,
// pending ones included.
func (c *Client) Fetch(ctx context.Context, inst centavo.Institution, creds centavo.Credentials, since time.Time) (connector.Statement, error) {
	id := strings.TrimSpace(inst.AccountID)
	if id == "" {
		return connector.Statement{}, connector.Errorf(connector.KindRejected, nil, "the account has no SimpleFIN account id; link it again")
	}
	start := since.Unix()
	if since.IsZero() || start < 0 {
		start = 0
	}
	// Bridges that ignore "account" answer with every account; statementFor
	// picks ours.
	q := url.Values{"start-date": {strconv.FormatInt(start, 10)}, "pending": {"1"}, "account": {id}}
	raw, set, _, err := c.accounts(ctx, creds, q)
	if err != nil {
		return connector.Statement{}, err
	}
	st, err := statementFor(set, id)
	if err != nil {
		return connector.Statement{}, err
	}
	st.Raw, st.RawExt = raw, "json"
	return st, nil
}

func (c *Client) now() time.Time {
	if c.Now == nil {
		return clock.Real()
	}
	return c.Now()
}

// accounts GETs {access}/accounts with the query and decodes the answer. It
// also returns the access URL without credentials.
func (c *Client) accounts(ctx context.Context, creds centavo.Credentials, q url.Values) ([]byte, accountSet, string, error) {
	if strings.TrimSpace(creds.Password) == "" {
		return nil, accountSet{}, "", connector.Errorf(connector.KindAuth, nil, "no SimpleFIN access URL is stored for this account; link it again with a new setup token")
	}
	access, err := parseAccessURL(creds.Password)
	if err == nil {
		err = c.check(access.base, "access URL")
	}
	if err != nil {
		return nil, accountSet{}, "", err
	}
	u := access.base.JoinPath("accounts")
	u.RawQuery = q.Encode()
	host := u.Host
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, accountSet{}, "", connector.Errorf(connector.KindRejected, nil, "cannot build the request to %s", host)
	}
	req.SetBasicAuth(access.user, access.password)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "Centavo")
	raw, status, err := send(c.HTTP, req, host, MaxResponse)
	if err != nil {
		return nil, accountSet{}, "", err
	}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		return nil, accountSet{}, "", connector.Errorf(connector.KindAuth, nil,
			"the SimpleFIN bridge at %s refused the access URL (HTTP %d); link the account again with a new setup token", host, status)
	}
	if err := statusError(status, host); err != nil {
		return nil, accountSet{}, "", err
	}
	if len(raw) > MaxResponse {
		return nil, accountSet{}, "", connector.Errorf(connector.KindMalformed, nil, "the answer from %s is larger than %d MiB", host, MaxResponse>>20)
	}
	set, err := decodeAccounts(raw)
	if err != nil {
		return nil, accountSet{}, "", connector.Errorf(connector.KindMalformed, err, "the answer from %s is not valid SimpleFIN JSON: %s", host, connector.Clip(err.Error(), 200))
	}
	return raw, set, strings.TrimSuffix(access.base.String(), "/"), nil
}

// send does the request and reads up to limit+1 bytes of the answer.
// Transport errors lose their *url.Error wrapper, which quotes the URL (a
// claim URL's path is a secret).
func send(client *http.Client, req *http.Request, host string, limit int64) ([]byte, int, error) {
	res, err := client.Do(req)
	if err != nil {
		return nil, 0, connector.RequestError(withoutURL(err))
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err != nil {
		return nil, 0, connector.RequestError(withoutURL(err))
	}
	return raw, res.StatusCode, nil
}

func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// statusError classifies a non-200 answer.
func statusError(status int, host string) error {
	switch {
	case status == http.StatusOK:
		return nil
	case status >= 500 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout:
		return connector.Errorf(connector.KindTransient, nil, "%s answered HTTP %d", host, status)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return connector.Errorf(connector.KindAuth, nil, "%s answered HTTP %d", host, status)
	case status >= 300 && status < 400:
		return connector.Errorf(connector.KindRejected, nil,
			"%s answered HTTP %d, a redirect, which Centavo does not follow (for a claim, to another host, or from https to http)", host, status)
	case status == http.StatusPaymentRequired:
		// SimpleFIN Bridge's answer when the user's subscription has lapsed.
		return connector.Errorf(connector.KindRejected, nil, "%s answered HTTP 402: the SimpleFIN bridge subscription needs renewing", host)
	default:
		return connector.Errorf(connector.KindRejected, nil, "%s answered HTTP %d", host, status)
	}
}

// BaseURL is the package's BaseURL, for callers that hold a Client.
func (c *Client) BaseURL(access string) (string, error) { return BaseURL(access) }
