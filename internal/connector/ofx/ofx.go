// Package ofx is the OFX Direct Connect connector: it signs on to an
// institution's OFX server, lists accounts (ACCTINFO) and downloads bank and
// credit-card statements. It builds requests and reads the small account
// lists with github.com/aclindsa/ofxgo, reads statements with the linear
// OFX scanner of internal/ofxparse (statement.go), and sends requests
// through an http.Client that keeps to the outbound policy (internal/outbound:
// https to public addresses, checked when dialling; the OFX body, which holds
// the password, is never sent again to a redirect's target).
package ofx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aclindsa/ofxgo"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/outbound"
)

// MaxResponse bounds the size of a response we read.
const MaxResponse = 32 << 20

// Client talks OFX over HTTP. The zero value is not usable; use New.
type Client struct {
	HTTP    *http.Client
	Policy  outbound.Policy // where requests may go; HTTP keeps to it
	Version string          // OFX version sent, e.g. "102" (SGML) or "220" (XML)
	AppID   string
	AppVer  string
	Now     func() time.Time
	// HostLimits are what Centavo allows itself against one OFX server
	// (DefaultHostLimits unless the operator set them).
	HostLimits connector.Limits
}

// DefaultHostLimits: one request at a time to an OFX server, and at most 60
// a minute. Banks publish no numbers; this is what a desktop client running
// for a household looks like, and it still downloads 86,400 accounts a day
// from one server.
var DefaultHostLimits = connector.Limits{PerHostPerMinute: 60, OneAtATimePerHost: true}

// Limits implements connector.Limited.
func (c *Client) Limits() connector.Limits { return c.HostLimits }

// New returns a client sending OFX 1.0.2 (what most banks accept) as Quicken
// does, with the given per-request timeout, on the given clock, keeping to
// the policy (outbound.Banks).
func New(timeout time.Duration, now func() time.Time, policy outbound.Policy) *Client {
	return &Client{
		HTTP:    policy.Client(timeout),
		Policy:  policy,
		Version: "102",
		AppID:   "QWIN",
		AppVer:  "2700",
		Now:     now,

		HostLimits: DefaultHostLimits,
	}
}

var _ connector.Connector = (*Client)(nil)

func (c *Client) signon(inst centavo.Institution, creds centavo.Credentials) ofxgo.SignonRequest {
	return ofxgo.SignonRequest{
		DtClient: ofxgo.Date{Time: c.Now().UTC()},
		UserID:   ofxgo.String(creds.Login),
		UserPass: ofxgo.String(creds.Password),
		Language: "ENG",
		Org:      ofxgo.String(inst.Org),
		Fid:      ofxgo.String(inst.FID),
		AppID:    ofxgo.String(c.AppID),
		AppVer:   ofxgo.String(c.AppVer),
	}
}

func (c *Client) newRequest(inst centavo.Institution, creds centavo.Credentials) (*ofxgo.Request, error) {
	v, err := ofxgo.NewOfxVersion(c.Version)
	if err != nil {
		return nil, fmt.Errorf("ofx: %w", err)
	}
	return &ofxgo.Request{URL: inst.URL, Version: v, Signon: c.signon(inst, creds)}, nil
}

func trnUID() ofxgo.UID {
	u, err := ofxgo.RandomUID()
	if err != nil {
		// crypto/rand failed (it does not on supported systems); any
		// distinct string will do for a transaction id.
		return ofxgo.UID(fmt.Sprintf("centavo-%d", uidFallback.Add(1)))
	}
	return *u
}

var uidFallback atomic.Int64

// Discover lists the accounts behind the login with an ACCTINFO request.
func (c *Client) Discover(ctx context.Context, inst centavo.Institution, creds centavo.Credentials) ([]connector.Discovered, error) {
	req, err := c.newRequest(inst, creds)
	if err != nil {
		return nil, err
	}
	req.Signup = append(req.Signup, &ofxgo.AcctInfoRequest{
		TrnUID:   trnUID(),
		DtAcctUp: ofxgo.Date{Time: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)},
	})
	raw, host, err := c.post(ctx, inst, req)
	if err != nil {
		return nil, err
	}
	resp, err := parse(raw)
	if err != nil {
		return nil, notOFX(host, err)
	}
	if err := statusError(resp.Signon.Status, "sign-on"); err != nil {
		return nil, err
	}
	var out []connector.Discovered
	for _, m := range resp.Signup {
		air, ok := m.(*ofxgo.AcctInfoResponse)
		if !ok {
			continue
		}
		if err := statusError(air.Status, "account list"); err != nil {
			return nil, err
		}
		for _, ai := range air.AcctInfo {
			d := connector.Discovered{Name: strings.TrimSpace(string(ai.Desc)), Institution: inst}
			switch {
			case ai.BankAcctInfo != nil:
				a := ai.BankAcctInfo.BankAcctFrom
				d.Institution.BankID = string(a.BankID)
				d.Institution.AccountID = string(a.AcctID)
				d.Institution.AccountType = a.AcctType.String()
				d.Type = accountType(a.AcctType.String())
			case ai.CCAcctInfo != nil:
				d.Institution.AccountID = string(ai.CCAcctInfo.CCAcctFrom.AcctID)
				d.Institution.AccountType = "CREDITCARD"
				d.Type = "credit_card"
			default:
				continue // investment and loan accounts are not supported yet
			}
			if d.Name == "" {
				d.Name = strings.TrimSpace(string(ai.Name))
			}
			if d.Name == "" {
				d.Name = fmt.Sprintf("%s %s", inst.Org, Mask(d.Institution.AccountID))
			}
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, connector.Errorf(connector.KindRejected, nil, "the institution listed no bank or credit card accounts for this login")
	}
	return out, nil
}

// Mask shows only the last four characters of an account number.
func Mask(acct string) string {
	if len(acct) <= 4 {
		return "…" + acct
	}
	return "…" + acct[len(acct)-4:]
}

func accountType(ofxType string) string {
	switch ofxType {
	case "CHECKING":
		return "checking"
	case "SAVINGS":
		return "savings"
	case "MONEYMRKT":
		return "money_market"
	case "CREDITLINE":
		return "credit_line"
	case "CD":
		return "cd"
	}
	return strings.ToLower(ofxType)
}

// Fetch downloads the statement of one account since the given time.
func (c *Client) Fetch(ctx context.Context, inst centavo.Institution, creds centavo.Credentials, since time.Time) (connector.Statement, error) {
	req, err := c.newRequest(inst, creds)
	if err != nil {
		return connector.Statement{}, err
	}
	start := ofxgo.Date{Time: since.UTC()}
	if inst.AccountType == "CREDITCARD" {
		req.CreditCard = append(req.CreditCard, &ofxgo.CCStatementRequest{
			TrnUID:     trnUID(),
			CCAcctFrom: ofxgo.CCAcct{AcctID: ofxgo.String(inst.AccountID)},
			DtStart:    &start,
			Include:    true,
		})
	} else {
		at, err := ofxgo.NewAcctType(inst.AccountType)
		if err != nil {
			return connector.Statement{}, connector.Errorf(connector.KindRejected, err, "unsupported account type %q", inst.AccountType)
		}
		req.Bank = append(req.Bank, &ofxgo.StatementRequest{
			TrnUID:       trnUID(),
			BankAcctFrom: ofxgo.BankAcct{BankID: ofxgo.String(inst.BankID), AcctID: ofxgo.String(inst.AccountID), AcctType: at},
			DtStart:      &start,
			Include:      true,
		})
	}
	raw, host, err := c.post(ctx, inst, req)
	if err != nil {
		return connector.Statement{}, err
	}
	st, err := readStatement(raw, host)
	if err != nil {
		return connector.Statement{}, err
	}
	st.Raw, st.RawExt = raw, "ofx"
	return st, nil
}

var (
	hundred  = big.NewRat(100, 1)
	maxCents = new(big.Int).SetInt64(1<<63 - 1)
)

// Cents converts an amount to minor units, rounding half away from zero when
// the institution sends more than two decimals.
func Cents(r *big.Rat) (int64, error) {
	v := new(big.Rat).Mul(r, hundred)
	num, den := v.Num(), v.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	// Round half away from zero: |2m| >= den → step away from zero.
	if m.Sign() != 0 {
		twice := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2))
		if twice.Cmp(den) >= 0 {
			if num.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	if new(big.Int).Abs(q).Cmp(maxCents) > 0 {
		return 0, fmt.Errorf("amount %s is out of range", r.FloatString(2))
	}
	return q.Int64(), nil
}

// statusError maps a non-zero OFX status to a classified error.
func statusError(s ofxgo.Status, what string) error {
	code := int64(s.Code)
	if code == 0 {
		return nil
	}
	msg := strings.TrimSpace(string(s.Message))
	if msg == "" {
		if meaning, err := s.CodeMeaning(); err == nil {
			msg = meaning
		}
	}
	switch {
	case code == 15500 || code == 15502 || code == 15510 || code == 15511 || code == 15512 || code == 15513 || code == 15000:
		return connector.Errorf(connector.KindAuth, nil, "the institution refused the login (OFX %d: %s)", code, msg)
	case code == 2000 || code == 2019 || code == 2022 || code == 2024:
		return connector.Errorf(connector.KindTransient, nil, "the institution could not answer the %s request (OFX %d: %s)", what, code, msg)
	default:
		return connector.Errorf(connector.KindRejected, nil, "the institution rejected the %s request (OFX %d: %s)", what, code, msg)
	}
}

// CheckURL checks an OFX server's URL against the outbound policy, before
// it is linked: a rejected error saying why, or nil.
func (c *Client) CheckURL(raw string) error {
	_, err := c.checkURL(raw)
	return err
}

func (c *Client) checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, connector.Errorf(connector.KindRejected, err, "the OFX server URL %q is not an http(s) URL", raw)
	}
	if err := c.Policy.CheckURL(u); err != nil {
		var ue *outbound.URLError
		if errors.As(err, &ue) {
			return nil, connector.Errorf(connector.KindRejected, err, "the OFX server URL %s", ue.Reason)
		}
		return nil, connector.Errorf(connector.KindRejected, err, "the OFX server URL is not allowed")
	}
	return u, nil
}

// post sends the request and returns the body of a successful answer and
// the server's host name (for messages), classifying failures. Every
// network failure reads the same to the user (connector.Unreachable).
func (c *Client) post(ctx context.Context, inst centavo.Institution, req *ofxgo.Request) ([]byte, string, error) {
	u, err := c.checkURL(inst.URL)
	if err != nil {
		return nil, "", err
	}
	body, err := req.Marshal()
	if err != nil {
		return nil, "", connector.Errorf(connector.KindRejected, err, "cannot build the OFX request: %v", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, inst.URL, body)
	if err != nil {
		return nil, "", connector.Errorf(connector.KindRejected, err, "cannot build the HTTP request")
	}
	hreq.Header.Set("Content-Type", "application/x-ofx")
	hreq.Header.Set("Accept", "application/x-ofx, application/xml, */*")
	hreq.Header.Set("User-Agent", "Centavo")
	res, err := c.HTTP.Do(hreq)
	if err != nil {
		// The cause names the URL but never the body (credentials).
		return nil, "", connector.RequestError(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, MaxResponse+1))
	if err != nil {
		return nil, "", connector.RequestError(err)
	}
	switch {
	case res.StatusCode >= 300 && res.StatusCode < 400:
		// The policy never sends a POST again: its body holds the password.
		return nil, "", connector.Errorf(connector.KindRejected, nil,
			"%s answered HTTP %d, a redirect, which Centavo does not follow when it sends a password: link the OFX server's own address", u.Host, res.StatusCode)
	case res.StatusCode >= 500 || res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusRequestTimeout:
		return nil, "", connector.Errorf(connector.KindTransient, nil, "%s answered HTTP %d", u.Host, res.StatusCode)
	case res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden:
		return nil, "", connector.Errorf(connector.KindAuth, nil, "%s answered HTTP %d", u.Host, res.StatusCode)
	case res.StatusCode != http.StatusOK:
		return nil, "", connector.Errorf(connector.KindRejected, nil, "%s answered HTTP %d", u.Host, res.StatusCode)
	}
	if len(raw) > MaxResponse {
		return nil, "", connector.Errorf(connector.KindMalformed, nil, "the answer from %s is larger than %d MiB", u.Host, MaxResponse>>20)
	}
	return raw, u.Host, nil
}

// notOFX is the error for an answer that cannot be read as OFX.
func notOFX(host string, err error) error {
	return connector.Errorf(connector.KindMalformed, err, "the answer from %s is not valid OFX: %s", host, connector.Clip(err.Error(), 200))
}

// parse decodes an OFX response (an account list) with ofxgo, recovering
// from panics in the decoder on hostile input.
func parse(raw []byte) (resp *ofxgo.Response, err error) {
	defer func() {
		if r := recover(); r != nil {
			resp, err = nil, fmt.Errorf("decoder failure: %v", r)
		}
	}()
	return ofxgo.DecodeResponse(bytes.NewReader(raw))
}
