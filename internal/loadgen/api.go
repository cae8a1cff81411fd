package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/centavo/centavo/internal/connector"
)

// User is a Centavo user the load generator acts as.
type User struct {
	ID       int64
	Email    string
	Token    string
	Customer uint64 // sandbox customer number of the accounts linked
}

// API is a small client of Centavo's HTTP API.
type API struct {
	Base   string
	Client *http.Client
}

// NewAPI returns a client of the API at base, with up to conns connections.
func NewAPI(base string, conns int) *API {
	return &API{Base: strings.TrimSuffix(base, "/"), Client: newHTTPClient(conns)}
}

func newHTTPClient(conns int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
		IdleConnTimeout: time.Minute, DisableCompression: true,
	}}
}

// call sends a JSON request and decodes a JSON answer into out (if not nil).
func (a *API) call(ctx context.Context, method, path, token string, in, out any, want int) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.Base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := a.Client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, res.StatusCode, connector.Clip(string(b), 200))
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// Password is the password the load generator gives every user.
const Password = "loadgen password 1"

// SignUp creates a user and signs in.
func (a *API) SignUp(ctx context.Context, email string) (User, error) {
	creds := map[string]string{"email": email, "password": Password}
	var u struct {
		ID int64 `json:"id"`
	}
	if err := a.call(ctx, "POST", "/api/v1/users", "", creds, &u, http.StatusCreated); err != nil {
		return User{}, err
	}
	var tok struct {
		Token string `json:"token"`
	}
	if err := a.call(ctx, "POST", "/api/v1/sessions", "", creds, &tok, http.StatusCreated); err != nil {
		return User{}, err
	}
	return User{ID: u.ID, Email: email, Token: tok.Token}, nil
}

// Link links the sandbox login of customer n at the OFX URL (accounts are
// discovered by the server).
func (a *API) Link(ctx context.Context, u User, bankURL, login, password string) error {
	return a.call(ctx, "POST", "/api/v1/accounts", u.Token, map[string]string{
		"connector": "ofx", "url": bankURL, "org": "SANDBOX", "fid": "9999", "login": login, "password": password,
	}, nil, http.StatusAccepted)
}

// AccountState is an account as GET /api/v1/accounts lists it.
type AccountState struct {
	ID        int64  `json:"id"`
	Status    string `json:"status"`
	LastError string `json:"last_error"`
}

// Accounts lists the user's accounts.
func (a *API) Accounts(ctx context.Context, u User) ([]AccountState, error) {
	var out struct {
		Accounts []AccountState `json:"accounts"`
	}
	err := a.call(ctx, "GET", "/api/v1/accounts", u.Token, nil, &out, http.StatusOK)
	return out.Accounts, err
}

// Metrics reads the server's Prometheus metrics.
func (a *API) Metrics(ctx context.Context) (Samples, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", a.Base+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	res, err := a.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics: HTTP %d", res.StatusCode)
	}
	return ParseMetrics(res.Body)
}
