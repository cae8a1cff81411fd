package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// TestOverride: after manual category changes and a refresh, verify still
// holds and the month rebuilt from the object store's logs and events
// matches the aggregates, also after an account is removed. (What the API
// answers to a change — statuses, the moved aggregates, the kept choice — is
// checked in internal/httpapi's TestOverride.)
func TestOverride(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "ovr@example.com")
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-3", "password": "secret-3",
	}, 202, nil)
	c.WaitAccounts("ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	month := centavo.MonthOf(testNow(t)()).Add(-1).String()
	var page txnsOut
	c.Do("GET", "/api/v1/transactions?month="+month+"&limit=500", nil, 200, &page)
	var target txnOut
	for _, tx := range page.Transactions {
		if tx.AmountCents < 0 && tx.Category != centavo.CatIncome && tx.Category != centavo.CatTransfer && tx.Category != centavo.CatGiftsDonations {
			target = tx
			break
		}
	}
	if target.ID == 0 {
		t.Fatal("no spending transaction last month")
	}
	// Two changes of one transaction: the events must apply in order.
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", target.ID), map[string]string{"category": "gifts_donations"}, 200, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", target.ID), map[string]string{"category": "income"}, 200, nil)
	// A refresh logs the transaction again, under its bank category.
	c.RefreshAll(c.Accounts())
	var kept txnOut
	c.Do("GET", fmt.Sprintf("/api/v1/transactions/%d", target.ID), nil, 200, &kept)
	if kept.Category != "income" || kept.CategorySource != "user" {
		t.Errorf("override not kept after refresh: %+v", kept)
	}
	checkVerify(t, a)
	checkRecompute(t, a, month)
	// Removing an account is an event the logs know about too.
	c.Do("DELETE", fmt.Sprintf("/api/v1/accounts/%d", c.Accounts()[1].ID), nil, 204, nil)
	checkRecompute(t, a, month)
}

// checkRecompute rebuilds a month from the object store's logs and events
// and expects it to match the incremental aggregates; then corrupts one
// aggregate, expects the difference to be found, and repairs it with --apply.
func checkRecompute(t *testing.T, a *served, month string) {
	t.Helper()
	ctx := context.Background()
	recompute := func(extra ...string) (string, error) {
		var out bytes.Buffer
		// Wait for the change events to be written (they are jobs).
		err := run(ctx, onClock(t, append([]string{"recompute", "--data-dir", a.dataDir, "--month", month, "--timeout", "60s"}, extra...)), noEnv, nil, &out, &out)
		return out.String(), err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := recompute()
		if err == nil && strings.HasPrefix(out, "OK") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("recompute never matched: %v\n%s", err, out)
		}
		time.Sleep(200 * time.Millisecond) // an event job may still be on its way
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.dataDir, "centavo.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE monthly_spending SET amount_cents = amount_cents + 777 WHERE month = ? AND rowid = (SELECT max(rowid) FROM monthly_spending WHERE month = ?)`, month, month); err != nil {
		t.Fatal(err)
	}
	out, err := recompute()
	var ec exitCode
	if !errors.As(err, &ec) || !strings.Contains(out, "DIFF user=") {
		t.Fatalf("recompute did not find the corrupted row: %v\n%s", err, out)
	}
	if out, err := recompute("--apply"); err != nil || !strings.Contains(out, "APPLIED: 1 rows") {
		t.Fatalf("recompute --apply: %v\n%s", err, out)
	}
	var vout bytes.Buffer
	if err := run(ctx, []string{"verify", "--data-dir", a.dataDir}, noEnv, nil, &vout, &vout); err != nil {
		t.Fatalf("verify after recompute --apply: %v\n%s", err, vout.String())
	}
}

// TestOperations: the process's /metrics counts the API's requests and
// the jobs its workers ran, end to end. (Health, readiness and the OpenAPI
// document are checked in internal/httpapi's TestOperations.)
func TestOperations(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := newClient(t, a.base)
	u := signUp(t, c, "ops@example.com")
	u.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-4", "password": "secret-4",
	}, 202, nil)
	u.WaitAccounts("ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	u.Do("GET", "/api/v1/spending", nil, 200, nil)
	status, b := c.Raw("GET", "/metrics", nil, "")
	m := string(b)
	if status != 200 {
		t.Fatalf("/metrics: %d", status)
	}
	for _, want := range []string{
		`centavo_http_requests_total{method="GET",route="GET /api/v1/spending",status="200"} 1`,
		`centavo_http_requests_total{method="POST",route="POST /api/v1/users",status="201"} 1`,
		`centavo_jobs_total{kind="extract_account",outcome="ok"} 2`,
		`centavo_jobs_total{kind="discover_accounts",outcome="ok"} 1`,
		`centavo_transactions_ingested_total `,
		`go_goroutines `,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(m, `centavo_transactions_ingested_total 0`) {
		t.Error("no transaction counted as ingested")
	}
}
