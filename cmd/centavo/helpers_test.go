package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aclindsa/ofxgo"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/httpapi"
)

// syncBuffer is a goroutine-safe buffer for captured logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func noEnv(string) string { return "" }

// clocks holds each test's clock: the machine's, or one started at
// CENTAVO_TEST_NOW. The test's servers, child processes and expectations
// all read the same one.
var clocks sync.Map // *testing.T → func() time.Time

// testNow returns the test's clock.
func testNow(t *testing.T) func() time.Time {
	t.Helper()
	if c, ok := clocks.Load(t); ok {
		return c.(func() time.Time)
	}
	c, loaded := clocks.LoadOrStore(t, clocktest.New(t))
	if !loaded {
		t.Cleanup(func() { clocks.Delete(t) })
	}
	return c.(func() time.Time)
}

// onClock adds the test's clock to the arguments of a command that keeps
// time (serve, sandbox-bank, recompute).
func onClock(t *testing.T, args []string) []string {
	t.Helper()
	if len(args) == 0 {
		return args
	}
	switch args[0] {
	case "serve", "sandbox-bank", "recompute":
		return append(append([]string(nil), args...), clocktest.Args(t, testNow(t))...)
	}
	return args
}

// served is a `centavo serve` running in-process on a temp data folder.
type served struct {
	base    string
	dataDir string
	logs    *syncBuffer
	stop    func()
}

func startServe(t *testing.T, extra ...string) *served {
	t.Helper()
	dir := t.TempDir()
	a := &served{dataDir: filepath.Join(dir, "data"), logs: &syncBuffer{}}
	addrFile := filepath.Join(dir, "addr")
	args := onClock(t, append([]string{"serve", "--data-dir", a.dataDir, "--addr", "127.0.0.1:0", "--addr-file", addrFile,
		"--poll-interval", "50ms", "--log-level", "debug", "--shutdown-timeout", "10s"}, extra...))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, noEnv, strings.NewReader(""), io.Discard, a.logs) }()
	var once sync.Once
	a.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve returned %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Error("serve did not stop within 30s of cancellation")
			}
		})
	}
	t.Cleanup(a.stop)
	t.Cleanup(func() {
		if t.Failed() && os.Getenv("CENTAVO_TEST_LOGS") != "" {
			t.Logf("serve's logs:\n%s", a.logs.String())
		}
	})
	a.base = "http://" + waitAddrFile(t, addrFile, done)
	return a
}

// waitAddrFile waits until a server wrote the address it listens on.
func waitAddrFile(t *testing.T, path string, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		select {
		case err := <-done:
			t.Fatalf("server exited before listening: %v", err)
		default:
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("server did not start listening within 60s")
	return ""
}

var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "centavo-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "centavo")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// process is a centavo binary running as its own process.
type process struct {
	cmd  *exec.Cmd
	addr string
	logs *syncBuffer
	done chan error
}

func startProcess(t *testing.T, args ...string) *process {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	addrFile := filepath.Join(t.TempDir(), "addr")
	p := &process{logs: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd = exec.Command(bin, append(onClock(t, args), "--addr", "127.0.0.1:0", "--addr-file", addrFile)...)
	p.cmd.Stdout, p.cmd.Stderr = io.Discard, p.logs
	p.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for _, kv := range os.Environ() { // S3 credentials for --blob-url
		if strings.HasPrefix(kv, "AWS_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	p.addr = waitAddrFile(t, addrFile, p.done)
	return p
}

// client talks to the API and checks every answer against the OpenAPI
// document.
type client struct {
	t      *testing.T
	base   string
	token  string
	router routers.Router
}

var openAPIDoc = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(httpapi.OpenAPI())
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(context.Background())
})

func newClient(t *testing.T, base string) *client {
	t.Helper()
	doc, err := openAPIDoc()
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

// signUp creates a user and returns a client signed in as them.
func signUp(t *testing.T, c *client, email string) *client {
	t.Helper()
	creds := map[string]string{"email": email, "password": "correct horse battery"}
	c.do("POST", "/api/v1/users", creds, 201, nil)
	var tok struct{ Token string }
	c.do("POST", "/api/v1/sessions", creds, 201, &tok)
	return c.with(tok.Token)
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
		time.Sleep(50 * time.Millisecond)
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

// statementTxn is a transaction as read straight from the bank's OFX.
type statementTxn struct {
	FITID   string
	Posted  time.Time
	Cents   int64
	TrnType string
}

// fetchStatements downloads every account of a login straight from the
// bank with ofxgo (OFX 2.2 XML), since the given time.
func fetchStatements(t *testing.T, bankURL, login, password string, since time.Time) []statementTxn {
	now := testNow(t)
	t.Helper()
	post := func(req *ofxgo.Request) *ofxgo.Response {
		t.Helper()
		req.URL = bankURL
		req.Version = ofxgo.OfxVersion220
		req.Signon = ofxgo.SignonRequest{DtClient: ofxgo.Date{Time: now()}, UserID: ofxgo.String(login), UserPass: ofxgo.String(password),
			Language: "ENG", Org: "TEST", Fid: "1", AppID: "OFXGO", AppVer: "0001"}
		body, err := req.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.Post(bankURL, "application/x-ofx", body)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		resp, err := ofxgo.ParseResponse(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	uid := func() ofxgo.UID { u, _ := ofxgo.RandomUID(); return *u }
	info := post(&ofxgo.Request{Signup: []ofxgo.Message{&ofxgo.AcctInfoRequest{TrnUID: uid(), DtAcctUp: ofxgo.Date{Time: time.Unix(0, 0)}}}})
	start := ofxgo.Date{Time: since}
	var out []statementTxn
	add := func(list *ofxgo.TransactionList) {
		for _, tx := range list.Transactions {
			cents := new(big.Rat).Mul(&tx.TrnAmt.Rat, big.NewRat(100, 1))
			if !cents.IsInt() {
				t.Fatalf("amount %s is not whole cents", tx.TrnAmt.String())
			}
			out = append(out, statementTxn{FITID: string(tx.FiTID), Posted: tx.DtPosted.UTC(), Cents: cents.Num().Int64(), TrnType: tx.TrnType.String()})
		}
	}
	for _, ai := range info.Signup[0].(*ofxgo.AcctInfoResponse).AcctInfo {
		if ai.BankAcctInfo != nil {
			resp := post(&ofxgo.Request{Bank: []ofxgo.Message{&ofxgo.StatementRequest{TrnUID: uid(), BankAcctFrom: ai.BankAcctInfo.BankAcctFrom, DtStart: &start, Include: true}}})
			add(resp.Bank[0].(*ofxgo.StatementResponse).BankTranList)
		}
		if ai.CCAcctInfo != nil {
			resp := post(&ofxgo.Request{CreditCard: []ofxgo.Message{&ofxgo.CCStatementRequest{TrnUID: uid(), CCAcctFrom: ai.CCAcctInfo.CCAcctFrom, DtStart: &start, Include: true}}})
			add(resp.CreditCard[0].(*ofxgo.CCStatementResponse).BankTranList)
		}
	}
	return out
}

// spentFromStatements is the month's outflows net of refunds, computed from
// the OFX alone: every transaction except pay (DIRECTDEP) and transfers
// between the customer's own accounts (XFER), negated.
func spentFromStatements(txns []statementTxn, m centavo.Month) (spent int64, count int) {
	for _, tx := range txns {
		if centavo.MonthOf(tx.Posted) != m || tx.TrnType == "DIRECTDEP" || tx.TrnType == "XFER" {
			continue
		}
		spent -= tx.Cents
		count++
	}
	return spent, count
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
