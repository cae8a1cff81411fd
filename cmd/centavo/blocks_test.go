package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/centavo/centavo"
)

// TestVerifyBalanceBlocks: a block of packed balances that no longer
// matches the reported balances is a violation centavo verify prints, and
// recompute --apply rebuilds it from the reports.
func TestVerifyBalanceBlocks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "blocks@example.com")
	acct := fileAccount(c, "Checking (exports)", "USD")
	c.Do("PUT", fmt.Sprintf("/api/v1/accounts/%d/balance", acct), map[string]any{"balance_cents": 12_345}, 200, nil)
	mustVerify(t, a, "recording a balance")

	db := openDB(t, a)
	if _, err := db.Exec(`UPDATE account_balance_blocks SET packed = packed || ',1:1::1' WHERE account_id = ?`, acct); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(ctx, []string{"verify", "--data-dir", a.dataDir}, noEnv, nil, &out, &out)
	var ec exitCode
	if !errors.As(err, &ec) || !strings.Contains(out.String(), fmt.Sprintf("VIOLATION shard=0 account_balance_blocks user=%d account=%d", meID(t, c), acct)) {
		t.Fatalf("verify of a corrupted block: %v\n%s", err, out.String())
	}
	out.Reset()
	month := centavo.MonthOf(testNow(t)()).String()
	err = run(ctx, onClock(t, []string{"recompute", "--data-dir", a.dataDir, "--month", month, "--timeout", "60s", "--apply"}), noEnv, nil, &out, &out)
	// The block is removed and inserted anew: two changes.
	if err != nil || !strings.Contains(out.String(), "REBUILT: 2 account days and balance blocks") {
		t.Fatalf("recompute --apply: %v\n%s", err, out.String())
	}
	mustVerify(t, a, "recompute --apply")
}

// TestVerifyGoals: a goal whose contributed total is not the sum of its
// contributions is a violation centavo verify prints, and counts.
func TestVerifyGoals(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "goal-verify@example.com")
	var g struct{ ID int64 }
	c.Do("POST", "/api/v1/goals", map[string]any{"name": "Bike", "target_cents": 50_000,
		"target_date": testNow(t)().AddDate(1, 0, 0).Format("2006-01-02")}, 201, &g)
	c.Do("POST", fmt.Sprintf("/api/v1/goals/%d/contributions", g.ID), map[string]any{"amount_cents": 2_500}, 201, nil)
	mustVerify(t, a, "a contribution")

	if _, err := openDB(t, a).Exec(`UPDATE goals SET contributed_cents = contributed_cents + 1 WHERE id = ?`, g.ID); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"verify", "--data-dir", a.dataDir}, noEnv, nil, &out, &out)
	var ec exitCode
	want := fmt.Sprintf("VIOLATION shard=0 goal user=%d goal=%d contributed=2501 contributions_sum=2500", meID(t, c), g.ID)
	if !errors.As(err, &ec) || !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "1 goal mismatches") {
		t.Fatalf("verify of a corrupted goal: %v\n%s", err, out.String())
	}
}
