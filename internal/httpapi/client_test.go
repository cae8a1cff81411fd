package httpapi

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
)

// client talks to the API and checks every answer against the OpenAPI
// document.
type client struct {
	t      *testing.T
	base   string
	token  string
	router routers.Router
}

var loadedDocument = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPI())
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(context.Background())
})

func newClient(t *testing.T, base string) *client {
	t.Helper()
	doc, err := loadedDocument()
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
	return &client{t: t, base: base, router: r}
}

func (c *client) with(token string) *client {
	cc := *c
	cc.token = token
	return &cc
}

// raw sends a request and returns the status and body, validating the
// answer against the document when the route is in it.
func (c *client) raw(method, path string, body io.Reader, contentType string) (int, []byte) {
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
	return res.StatusCode, b
}

func (c *client) validate(req *http.Request, res *http.Response, body []byte) {
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

// do sends v as JSON (nil: no body), expects status want, decodes into out.
func (c *client) do(method, path string, v any, want int, out any) []byte {
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
	status, b := c.raw(method, path, body, ct)
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

// importFile posts a file to an account's imports.
func (c *client) importFile(accountID int64, name, content string) (int, []byte) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = io.WriteString(fw, content)
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	return c.raw("POST", fmt.Sprintf("/api/v1/accounts/%d/imports", accountID), &buf, mw.FormDataContentType())
}

type accountOut struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Type       string     `json:"type"`
	Status     string     `json:"status"`
	LastUpdate *time.Time `json:"last_update"`
	LastError  string     `json:"last_error"`
}

type accountsOut struct {
	Accounts []accountOut `json:"accounts"`
}

type txnOut struct {
	ID             int64     `json:"id"`
	AccountID      int64     `json:"account_id"`
	PostedAt       time.Time `json:"posted_at"`
	Seller         string    `json:"seller"`
	Merchant       string    `json:"merchant"`
	AmountCents    int64     `json:"amount_cents"`
	Category       string    `json:"category"`
	CategorySource string    `json:"category_source"`
}

type txnsOut struct {
	Transactions []txnOut `json:"transactions"`
	NextCursor   *string  `json:"next_cursor"`
}

type spendingOut struct {
	Month           string `json:"month"`
	Currency        string `json:"currency"`
	TotalSpentCents int64  `json:"total_spent_cents"`
	Categories      []struct {
		Category   string `json:"category"`
		SpentCents int64  `json:"spent_cents"`
		Count      int64  `json:"count"`
	} `json:"categories"`
}

// spentIn is a category's spending in a summary (0 if it has no line).
func (s spendingOut) spentIn(category string) int64 {
	for _, c := range s.Categories {
		if c.Category == category {
			return c.SpentCents
		}
	}
	return 0
}

// signUp creates a user and returns a client signed in as them.
func signUp(t *testing.T, c *client, email string) *client {
	t.Helper()
	creds := map[string]string{"email": email, "password": "correct horse battery"}
	c.do("POST", "/api/v1/users", creds, 201, nil)
	var tok struct{ Token string }
	c.do("POST", "/api/v1/sessions", creds, 201, &tok)
	return c.with(tok.Token)
}

// linkSandbox links the sandbox bank's customer n (demo-n) and waits
// until both of its accounts are downloaded.
func (c *client) linkSandbox(f *fixture, n int) []accountOut {
	c.t.Helper()
	c.do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": f.base + "/sandbox/ofx", "org": "S", "fid": "1",
		"login": fmt.Sprintf("demo-%d", n), "password": fmt.Sprintf("secret-%d", n),
	}, 202, nil)
	return c.waitAccounts("accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))
}

func (c *client) accounts() []accountOut {
	c.t.Helper()
	var out accountsOut
	c.do("GET", "/api/v1/accounts", nil, 200, &out)
	return out.Accounts
}

// waitAccounts polls until ok(accounts) or the deadline.
func (c *client) waitAccounts(what string, timeout time.Duration, ok func([]accountOut) bool) []accountOut {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		list := c.accounts()
		if ok(list) {
			return list
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waited %v for %s; accounts: %+v", timeout, what, list)
		}
		time.Sleep(50 * time.Millisecond) // polling for the workers, with a deadline
	}
}

func allStatus(n int, status string) func([]accountOut) bool {
	return func(list []accountOut) bool {
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

// refreshAll refreshes the accounts and waits until each was downloaded
// again.
func (c *client) refreshAll(accts []accountOut) []accountOut {
	c.t.Helper()
	prev := map[int64]time.Time{}
	for _, a := range accts {
		prev[a.ID] = *a.LastUpdate
		c.do("POST", fmt.Sprintf("/api/v1/accounts/%d/refresh", a.ID), nil, 202, nil)
	}
	return c.waitAccounts("refresh done", 60*time.Second, func(list []accountOut) bool {
		for _, a := range list {
			if a.Status != centavo.AccountOK || a.LastUpdate == nil || !a.LastUpdate.After(prev[a.ID]) {
				return false
			}
		}
		return len(list) == len(accts)
	})
}

// allTransactions pages through every transaction of the user.
func (c *client) allTransactions(query string) []txnOut {
	c.t.Helper()
	var all []txnOut
	path := "/api/v1/transactions?limit=500" + query
	for {
		var page txnsOut
		c.do("GET", path, nil, 200, &page)
		all = append(all, page.Transactions...)
		if page.NextCursor == nil {
			return all
		}
		path = "/api/v1/transactions?limit=500" + query + "&cursor=" + url.QueryEscape(*page.NextCursor)
	}
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
