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
