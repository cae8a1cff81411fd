// Package apitest is a client of Centavo's HTTP API for tests: every answer
// is checked against the OpenAPI document (and every error answer against
// the error shape), and the helpers most tests need — sign up, list and
// wait for accounts, page through transactions, import a file — are here
// once, for the API's own tests and the end-to-end tests alike.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
)

// Client talks to the API of one server, as one user (or none).
type Client struct {
	t      testing.TB
	base   string
	token  string
	spec   []byte
	router routers.Router
}

// documents caches the parsed OpenAPI documents by their text.
var documents sync.Map // string → *openapi3.T

// Document parses and validates an OpenAPI document (once per text).
func Document(spec []byte) (*openapi3.T, error) {
	if d, ok := documents.Load(string(spec)); ok {
		return d.(*openapi3.T), nil
	}
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	documents.Store(string(spec), doc)
	return doc, nil
}

// New returns a client of the server at base (http://host:port), signed
// out, that checks answers against spec (httpapi.OpenAPI(): the package
// does not import httpapi, so that httpapi's own tests can use it).
func New(t testing.TB, base string, spec []byte) *Client {
	t.Helper()
	doc, err := Document(spec)
	if err != nil {
		t.Fatal(err)
	}
	// Route by path only: point the document at this server.
	d := *doc
	d.Servers = openapi3.Servers{{URL: base}}
	r, err := legacy.NewRouter(&d)
	if err != nil {
		t.Fatal(err)
	}
	return &Client{t: t, base: base, spec: spec, router: r}
}

// T is the test the client reports to.
func (c *Client) T() testing.TB { return c.t }

// Token is the session token the client sends ("" when signed out).
func (c *Client) Token() string { return c.token }

// With returns a copy of the client that sends the given session token.
func (c *Client) With(token string) *Client {
	cc := *c
	cc.token = token
	return &cc
}

// At returns the client pointed at another server of the same
// installation, as the same user.
func (c *Client) At(base string) *Client {
	return New(c.t, base, c.spec).With(c.token)
}

// Raw sends a request and returns the status and body, validating the
// answer against the document when the route is in it.
func (c *Client) Raw(method, path string, body io.Reader, contentType string) (int, []byte) {
	c.t.Helper()
	res, b := c.RawResponse(method, path, body, contentType)
	return res.StatusCode, b
}

// RawResponse is Raw that returns the whole answer (its headers too), with
// the body read.
func (c *Client) RawResponse(method, path string, body io.Reader, contentType string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if res.StatusCode >= 400 || strings.HasPrefix(path, "/api/") {
		c.validate(req, res, b)
	}
	return res, b
}

func (c *Client) validate(req *http.Request, res *http.Response, body []byte) {
	c.t.Helper()
	if res.StatusCode >= 400 && strings.HasPrefix(req.URL.Path, "/api/") {
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			c.t.Fatalf("%s %s: error answer %d is not {\"error\":{\"code\",\"message\"}}: %s", req.Method, req.URL.Path, res.StatusCode, body)
		}
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		if res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed {
			return // a deliberately wrong path or method
		}
		c.t.Fatalf("%s %s answered %d but is not in the OpenAPI document: %v", req.Method, req.URL.Path, res.StatusCode, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true},
		},
		Status: res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		c.t.Fatalf("%s %s: answer %d does not match the OpenAPI document: %v\n%s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}

// Do sends v as JSON (nil: no body), expects status want, decodes into out.
func (c *Client) Do(method, path string, v any, want int, out any) []byte {
	c.t.Helper()
	var body io.Reader
	ct := ""
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			c.t.Fatal(err)
		}
		body, ct = bytes.NewReader(b), "application/json"
	}
	status, b := c.Raw(method, path, body, ct)
	if status != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return b
}

// SignUp creates a user and returns a client signed in as them.
func (c *Client) SignUp(email string) *Client {
	c.t.Helper()
	creds := map[string]string{"email": email, "password": "correct horse battery"}
	c.Do("POST", "/api/v1/users", creds, 201, nil)
	var tok struct{ Token string }
	c.Do("POST", "/api/v1/sessions", creds, 201, &tok)
	return c.With(tok.Token)
}

// ImportFile posts a statement to an account's imports; fields are the
// other form fields (format, dry_run, mapping).
func (c *Client) ImportFile(accountID int64, name, content string, fields map[string]string) (int, []byte) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			c.t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = io.WriteString(fw, content)
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	return c.Raw("POST", fmt.Sprintf("/api/v1/accounts/%d/imports", accountID), &buf, mw.FormDataContentType())
}

// Account is an account as the API shows it.
type Account struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Type       string     `json:"type"`
	Status     string     `json:"status"`
	LastUpdate *time.Time `json:"last_update"`
	LastError  string     `json:"last_error"`
}

// Accounts is the answer of GET /api/v1/accounts.
type Accounts struct {
	Accounts []Account `json:"accounts"`
}

// Transaction is a transaction as the API shows it.
type Transaction struct {
	ID             int64     `json:"id"`
	AccountID      int64     `json:"account_id"`
	PostedAt       time.Time `json:"posted_at"`
	Seller         string    `json:"seller"`
	Merchant       string    `json:"merchant"`
	AmountCents    int64     `json:"amount_cents"`
	Currency       string    `json:"currency"`
	Category       string    `json:"category"`
	CategorySource string    `json:"category_source"`
	Pending        bool      `json:"pending"`
	Notes          string    `json:"notes"`
	Tags           []string  `json:"tags"`
	Hidden         bool      `json:"hidden"`
	Splits         []Split   `json:"splits"`
	TransferPairID *int64    `json:"transfer_pair_id"`
	TransferWith   *int64    `json:"transfer_with"`
}

// Split is one part of a split transaction.
type Split struct {
	AmountCents int64  `json:"amount_cents"`
	Category    string `json:"category"`
	Notes       string `json:"notes,omitempty"`
}

// Transactions is one page of GET /api/v1/transactions.
type Transactions struct {
	Transactions []Transaction `json:"transactions"`
	NextCursor   *string       `json:"next_cursor"`
}

// Spending is the answer of GET /api/v1/spending.
type Spending struct {
	Month           string `json:"month"`
	Currency        string `json:"currency"`
	TotalSpentCents int64  `json:"total_spent_cents"`
	Categories      []struct {
		Category   string `json:"category"`
		SpentCents int64  `json:"spent_cents"`
		Count      int64  `json:"count"`
	} `json:"categories"`
	ByCurrency []struct {
		Currency   string `json:"currency"`
		SpentCents int64  `json:"spent_cents"`
	} `json:"by_currency"`
	MissingRates []string `json:"missing_rates"`
}

// SpentIn is a category's spending in a summary (0 if it has no line).
func (s Spending) SpentIn(category string) int64 {
	for _, c := range s.Categories {
		if c.Category == category {
			return c.SpentCents
		}
	}
	return 0
}

// Accounts lists the user's accounts.
func (c *Client) Accounts() []Account {
	c.t.Helper()
	var out Accounts
	c.Do("GET", "/api/v1/accounts", nil, 200, &out)
	return out.Accounts
}

// WaitAccounts polls until ok(accounts) or the deadline.
func (c *Client) WaitAccounts(what string, timeout time.Duration, ok func([]Account) bool) []Account {
	c.t.Helper()
	deadline := clock.Real().Add(timeout)
	for {
		list := c.Accounts()
		if ok(list) {
			return list
		}
		if clock.Real().After(deadline) {
			c.t.Fatalf("waited %v for %s; accounts: %+v", timeout, what, list)
		}
		time.Sleep(50 * time.Millisecond) // polling for the workers, with a deadline
	}
}

// AllStatus is true of a list of exactly n accounts, all with the status.
func AllStatus(n int, status string) func([]Account) bool {
	return func(list []Account) bool {
		if len(list) != n {
			return false
		}
		for _, a := range list {
			if a.Status != status {
				return false
			}
		}
		return true
	}
}

// AllTransactions pages through every transaction of the user; query is
// appended to the path ("&month=2027-03").
func (c *Client) AllTransactions(query string) []Transaction {
	c.t.Helper()
	var all []Transaction
	path := "/api/v1/transactions?limit=500" + query
	for {
		var page Transactions
		c.Do("GET", path, nil, 200, &page)
		all = append(all, page.Transactions...)
		if page.NextCursor == nil {
			return all
		}
		path = "/api/v1/transactions?limit=500" + query + "&cursor=" + url.QueryEscape(*page.NextCursor)
	}
}

// RefreshAll refreshes the accounts and waits until each was downloaded
// again.
func (c *Client) RefreshAll(accts []Account) []Account {
	c.t.Helper()
	prev := map[int64]time.Time{}
	for _, a := range accts {
		if a.LastUpdate != nil {
			prev[a.ID] = *a.LastUpdate
		}
		c.Do("POST", fmt.Sprintf("/api/v1/accounts/%d/refresh", a.ID), nil, 202, nil)
	}
	return c.WaitAccounts("refresh done", 60*time.Second, func(list []Account) bool {
		for _, a := range list {
			if a.Status != centavo.AccountOK || a.LastUpdate == nil || !a.LastUpdate.After(prev[a.ID]) {
				return false
			}
		}
		return len(list) == len(accts)
	})
}

func init() {
	// Downloads (GET /api/v1/me/export) are checked for their content type
	// and status; their bytes are the tests' to read.
	openapi3filter.RegisterBodyDecoder("application/zip", openapi3filter.FileBodyDecoder)
}
