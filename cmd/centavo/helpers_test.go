package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aclindsa/ofxgo"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/httpapi/apitest"
)

// syncBuffer is a goroutine-safe buffer for captured logs.
type syncBuffer = apptest.SyncBuffer

func noEnv(string) string { return "" }

// clocks holds each test's clock: the machine's, or one started at
// CENTAVO_TEST_NOW. The test's servers, child processes and expectations
// all read the same one.
var clocks sync.Map // *testing.T → testClock

type testClock struct {
	now   func() time.Time
	start time.Time // the clock's reading when the test first asked
}

// testNow returns the test's clock.
func testNow(t *testing.T) func() time.Time {
	t.Helper()
	return clockOf(t).now
}

// testDays is how many calendar days (UTC) the test's clock has seen since
// the test first read it: 1, or more when the test runs across midnight.
func testDays(t *testing.T) int {
	t.Helper()
	c := clockOf(t)
	first, last := dayOf(c.start), dayOf(c.now())
	return int(last.Sub(first).Hours()/24) + 1
}

func clockOf(t *testing.T) testClock {
	t.Helper()
	now := clocktest.New(t)
	c, loaded := clocks.LoadOrStore(t, testClock{now: now, start: now()})
	if !loaded {
		t.Cleanup(func() { clocks.Delete(t) })
	}
	return c.(testClock)
}

// onClock adds the test's clock to the arguments of a command that keeps
// time (serve, sandbox-bank, recompute, replay).
func onClock(t *testing.T, args []string) []string {
	t.Helper()
	if len(args) == 0 {
		return args
	}
	switch args[0] {
	case "serve", "sandbox-bank", "recompute", "replay":
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
	return startServeIn(t, filepath.Join(t.TempDir(), "data"), time.Time{}, extra...)
}

// startServeIn is startServe on the given data folder; at, when not zero,
// is the instant serve's clock starts at instead of the test's.
func startServeIn(t *testing.T, dataDir string, at time.Time, extra ...string) *served {
	t.Helper()
	dir := t.TempDir()
	a := &served{dataDir: dataDir, logs: &syncBuffer{}}
	addrFile := filepath.Join(dir, "addr")
	args := append([]string{"serve", "--data-dir", a.dataDir, "--addr", "127.0.0.1:0", "--addr-file", addrFile,
		"--poll-interval", "50ms", "--log-level", "debug", "--shutdown-timeout", "10s"}, extra...)
	if at.IsZero() {
		args = onClock(t, args)
	} else {
		args = append(args, "--now", at.UTC().Format(time.RFC3339Nano))
	}
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
	// The tests' binary has the crash tests' hooks (crashhook.go); a
	// release build has none.
	out, err := exec.Command("go", "build", "-tags", "centavo_crashtest", "-o", bin, ".").CombinedOutput()
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
	return startProcessEnv(t, nil, args...)
}

// startProcessEnv is startProcess with more environment variables
// ("NAME=value").
func startProcessEnv(t *testing.T, env []string, args ...string) *process {
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
	p.cmd.Env = append(p.cmd.Env, env...)
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

// The end-to-end tests use the shared test client (internal/httpapi/apitest),
// which checks every answer against the OpenAPI document.
type (
	client      = apitest.Client
	accountOut  = apitest.Account
	accountsOut = apitest.Accounts
	txnOut      = apitest.Transaction
	txnsOut     = apitest.Transactions
	spendingOut = apitest.Spending
)

var allStatus = apitest.AllStatus

func newClient(t *testing.T, base string) *client { return apitest.New(t, base, httpapi.OpenAPI()) }

// signUp creates a user and returns a client signed in as them.
func signUp(t *testing.T, c *client, email string) *client {
	t.Helper()
	return c.SignUp(email)
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
	t.Helper()
	now := testNow(t)
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
