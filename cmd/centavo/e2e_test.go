package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
)

// linkAndCheck is the walking skeleton's promise: sign up, link demo-<n> at
// the bank, wait for the download, and find each of the last three months'
// spending equal to what the bank's own OFX says; a second refresh adds
// nothing.
func linkAndCheck(t *testing.T, a *served, bankURL string) *client {
	t.Helper()
	c := signUp(t, newClient(t, a.base), "ana@example.com")
	now := testNow(t)
	linkedAt := now().UTC()
	var linked accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": bankURL, "org": "SANDBOX", "fid": "9999", "login": "demo-1", "password": "secret-1",
	}, 202, &linked)
	if len(linked.Accounts) != 1 || linked.Accounts[0].Status != centavo.AccountLinking {
		t.Fatalf("link answered %+v, want one account linking", linked)
	}
	accts := c.WaitAccounts("both accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	if accts[0].Type != "checking" || accts[1].Type != "credit_card" {
		t.Fatalf("discovered %+v", accts)
	}

	// What the bank serves for the window Centavo downloaded: every month
	// from the window's start to the day of the download.
	windowStart := ingest.FirstWindowStart(linkedAt)
	compare := func(upTo time.Time) error {
		stmts := fetchStatements(t, bankURL, "demo-1", "secret-1", windowStart)
		stored := c.AllTransactions("")
		if len(stored) != len(stmts) {
			return fmt.Errorf("stored %d transactions, the bank's statements hold %d", len(stored), len(stmts))
		}
		for m := centavo.MonthOf(windowStart); !centavo.MonthOf(upTo).Before(m); m = m.Add(1) {
			want, n := spentFromStatements(stmts, m)
			var got spendingOut
			c.Do("GET", "/api/v1/spending?month="+m.String(), nil, 200, &got)
			var count int64
			for _, cat := range got.Categories {
				count += cat.Count
			}
			if got.TotalSpentCents != want || count != int64(n) || got.Month != m.String() || got.Currency != "USD" {
				return fmt.Errorf("%s: API says %d cents in %d transactions, the OFX says %d in %d", m, got.TotalSpentCents, count, want, n)
			}
			// Not a comparison of two empty months: the sandbox makes at
			// least two purchases on every day up to the download's.
			if days := daysIn(m, windowStart, upTo); n < 2*days {
				return fmt.Errorf("%s: only %d spending transactions in %d days; the sandbox makes 2–5 a day", m, n, days)
			}
		}
		return nil
	}
	if err := compare(linkedAt); err != nil {
		// The only legitimate difference: the UTC day turned between the
		// download and this check, and the bank posted a new day. Refresh
		// and compare again.
		if now().UTC().Format(time.DateOnly) == linkedAt.Format(time.DateOnly) {
			t.Fatal(err)
		}
		t.Logf("day turned during the test (%v); refreshing", err)
		refreshed := now().UTC()
		c.RefreshAll(accts)
		if err := compare(refreshed); err != nil {
			t.Fatal(err)
		}
	}

	// A second refresh downloads the overlap again and adds nothing (except
	// a new day's transactions, if the UTC day turned during the test).
	before := c.AllTransactions("")
	c.RefreshAll(c.Accounts())
	after := c.AllTransactions("")
	seen := map[int64]bool{}
	for _, tx := range before {
		seen[tx.ID] = true
	}
	today := time.Date(linkedAt.Year(), linkedAt.Month(), linkedAt.Day(), 0, 0, 0, 0, time.UTC)
	for _, tx := range after {
		if !seen[tx.ID] && !tx.PostedAt.After(today.Add(24*time.Hour)) {
			t.Errorf("the second refresh added %+v", tx)
		}
		delete(seen, tx.ID)
	}
	if len(seen) > 0 {
		t.Errorf("the second refresh lost %d transactions", len(seen))
	}
	return c
}

// daysIn counts the days of month m from the day of from to the day of to,
// both included.
func daysIn(m centavo.Month, from, to time.Time) int {
	first, last := m.Start(), m.End().AddDate(0, 0, -1)
	if d := dayOf(from); d.After(first) {
		first = d
	}
	if d := dayOf(to); d.Before(last) {
		last = d
	}
	if last.Before(first) {
		return 0
	}
	return int(last.Sub(first).Hours()/24) + 1
}

// dayOf is t's day at midnight UTC.
func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func TestEndToEndBuiltInSandbox(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	linkAndCheck(t, a, a.base+"/sandbox/ofx")
	checkVerify(t, a)
	checkNoClearCredentials(t, a)
}

func TestEndToEndSeparateSandbox(t *testing.T) {
	t.Parallel()
	bank := startProcess(t, "sandbox-bank")
	// A bank on loopback: only with private banks allowed (docs/0022).
	a := startServe(t, "--allow-private-banks")
	linkAndCheck(t, a, "http://"+bank.addr+"/ofx")
	checkVerify(t, a)
}

// checkVerify runs `centavo verify` on the data: it passes, then fails once
// an aggregate is corrupted by hand.
func checkVerify(t *testing.T, a *served) {
	t.Helper()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"verify", "--data-dir", a.dataDir}, noEnv, nil, &out, &out); err != nil {
		t.Fatalf("verify failed on consistent data: %v\n%s", err, out.String())
	}
	if !strings.HasPrefix(out.String(), "OK") {
		t.Fatalf("verify printed %q", out.String())
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.dataDir, "centavo.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`UPDATE monthly_spending SET amount_cents = amount_cents - 100
		WHERE rowid = (SELECT min(rowid) FROM monthly_spending WHERE category = 'restaurants')`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("corrupted %d rows, want 1", n)
	}
	out.Reset()
	err = run(ctx, []string{"verify", "--data-dir", a.dataDir}, noEnv, nil, &out, &out)
	var ec exitCode
	if !errors.As(err, &ec) || ec != 1 {
		t.Fatalf("verify on corrupted data returned %v, want exit status 1\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "monthly_spending user=") || !strings.Contains(out.String(), "category=restaurants") {
		t.Fatalf("verify output does not name the violation:\n%s", out.String())
	}
	// Put it back so the server's shutdown sees consistent data.
	if _, err := db.Exec(`UPDATE monthly_spending SET amount_cents = amount_cents + 100
		WHERE rowid = (SELECT min(rowid) FROM monthly_spending WHERE category = 'restaurants')`); err != nil {
		t.Fatal(err)
	}
}

// checkNoClearCredentials looks for the bank login and password in every
// byte of the data folder (database, WAL, objects, key file) and in the logs.
func checkNoClearCredentials(t *testing.T, a *served, more ...string) {
	t.Helper()
	secrets := [][]byte{[]byte("secret-1"), []byte("demo-1")}
	for _, s := range more {
		secrets = append(secrets, []byte(s))
	}
	files := 0
	err := filepath.WalkDir(a.dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, s := range secrets {
			if bytes.Contains(b, s) {
				t.Errorf("%s holds %q in clear text", path, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 4 { // the database, its WAL, the key, raw and log objects at least
		t.Fatalf("only %d files in the data folder", files)
	}
	raw, _ := filepath.Glob(filepath.Join(a.dataDir, "objects", "raw", "*", "*", "*", "*", "*", "*.ofx"))
	logs, _ := filepath.Glob(filepath.Join(a.dataDir, "objects", "log", "*", "*", "*", "*", "*", "*.tsv"))
	if len(raw) < 2 || len(logs) < 2 {
		t.Fatalf("object store holds %d raw responses and %d logs, want at least 2 each", len(raw), len(logs))
	}
	for _, s := range secrets {
		if strings.Contains(a.logs.String(), string(s)) {
			t.Errorf("the logs hold %q", s)
		}
	}
}

// TestFaults: a wrong password needs the user's attention, a flaky bank
// ends well after retries, a bank answering garbage ends in error with a
// message, and the server keeps serving throughout.
func TestFaults(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	bankURL := a.base + "/sandbox/ofx"
	link := func(email, login, password string) *client {
		c := signUp(t, newClient(t, a.base), email)
		c.Do("POST", "/api/v1/accounts", map[string]string{
			"connector": "ofx", "url": bankURL, "org": "SANDBOX", "fid": "9999", "login": login, "password": password,
		}, 202, nil)
		return c
	}
	wrong := link("wrong@example.com", "demo-5", "not-the-password")
	flaky := link("flaky@example.com", "flaky-1", "secret-1")
	garbage := link("garbage@example.com", "garbage-1", "secret-1")

	got := wrong.WaitAccounts("needs_attention", 60*time.Second, allStatus(1, centavo.AccountNeedsAttention))
	if !strings.Contains(got[0].LastError, "refused the login") {
		t.Errorf("wrong password: last_error %q", got[0].LastError)
	}
	got = garbage.WaitAccounts("error", 60*time.Second, allStatus(1, centavo.AccountError))
	if !strings.Contains(got[0].LastError, "not valid OFX") {
		t.Errorf("garbage: last_error %q", got[0].LastError)
	}
	flaky.WaitAccounts("flaky accounts ok", 90*time.Second, allStatus(2, centavo.AccountOK))
	var spent spendingOut
	flaky.Do("GET", "/api/v1/spending", nil, 200, &spent)
	if spent.TotalSpentCents <= 0 {
		t.Errorf("flaky customer has no spending this month: %+v", spent)
	}

	// Retries happened, and the server is alive.
	status, metrics := newClient(t, a.base).Raw("GET", "/metrics", nil, "")
	if status != 200 || !strings.Contains(string(metrics), `centavo_jobs_total{kind="extract_account",outcome="error"}`) {
		t.Errorf("no failed extraction attempt counted; metrics:\n%s", grep(string(metrics), "centavo_jobs_total"))
	}
	if status, _ := newClient(t, a.base).Raw("GET", "/healthz", nil, ""); status != 200 {
		t.Fatalf("healthz: %d", status)
	}
	if strings.Contains(a.logs.String(), "not-the-password") {
		t.Error("the logs hold the wrong password")
	}
}

func grep(text, substr string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestGracefulShutdown sends SIGTERM to a serve process while a slow bank
// download runs: the process drains (the job finishes), exits 0, and the
// work it enqueued is done after a restart on the same data.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	bank := startProcess(t, "sandbox-bank")
	p := startProcess(t, "serve", "--data-dir", dataDir, "--poll-interval", "50ms", "--shutdown-timeout", "20s", "--allow-private-banks")
	c := signUp(t, newClient(t, "http://"+p.addr), "slow@example.com")
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": "http://" + bank.addr + "/ofx", "org": "S", "fid": "1", "login": "slow-2", "password": "secret-2",
	}, 202, nil)
	// Wait until the discovery job is talking to the (3 s) slow bank.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.logs.String(), `"msg":"discovery started"`) {
		if time.Now().After(deadline) {
			t.Fatalf("discovery never started:\n%s", p.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM\n%s", err, p.logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not exit within 30s of SIGTERM")
	}
	if !strings.Contains(p.logs.String(), `"msg":"stopped"`) || !strings.Contains(p.logs.String(), `"msg":"accounts discovered"`) {
		t.Fatalf("the discovery did not finish during the drain, or no clean stop:\n%s", p.logs.String())
	}
	// The discovery finished during the drain; its follow-up jobs wait in
	// the database and run after a restart.
	p2 := startProcess(t, "serve", "--data-dir", dataDir, "--poll-interval", "50ms", "--allow-private-banks")
	c2 := newClient(t, "http://"+p2.addr).With(c.Token())
	c2.WaitAccounts("accounts ok after restart", 60*time.Second, allStatus(2, centavo.AccountOK))
}
