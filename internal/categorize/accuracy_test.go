package categorize

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/sandbox"
)

// TestSandboxAccuracy categorizes a year of several sandbox customers'
// descriptors with the seeded map and compares with the categories the
// sandbox assigned them.
func TestSandboxAccuracy(t *testing.T) {
	t.Parallel()
	sellers, err := Seeded()
	if err != nil {
		t.Fatal(err)
	}
	c := &Categorizer{Sellers: sellers}
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	var total, right, uncategorized int
	var chains, chainsRight int // the catalogue's merchants: the seeded map's job
	local := map[string]bool{}
	for n := range uint64(5) {
		for _, m := range sandbox.LocalMerchants(n) {
			local[m.Name] = true
		}
	}
	wrong := map[string]int{}
	for n := range 20 {
		cust, _ := sandbox.ParseLogin(fmt.Sprintf("demo-%d", n))
		for _, acct := range cust.Accounts() {
			for _, tx := range cust.Transactions(acct.Type, today.AddDate(-1, 0, 0), today, today) {
				r := c.Categorize(Input{Descriptor: tx.Name, AmountCents: tx.AmountCents, TrnType: tx.TrnType})
				total++
				if !local[tx.Merchant] {
					chains++
					if r.Category == tx.Category {
						chainsRight++
					}
				}
				if r.Category == tx.Category {
					right++
				} else {
					wrong[fmt.Sprintf("%-14s got %-14s %s (key %q)", tx.Category, r.Category, tx.Name, r.Key)]++
				}
				if r.Category == centavo.CatUncategorized {
					uncategorized++
				}
			}
		}
	}
	acc := float64(right) / float64(total)
	unc := float64(uncategorized) / float64(total)
	chainAcc := float64(chainsRight) / float64(chains)
	t.Logf("%d transactions: accuracy %.2f%%, uncategorized %.2f%%; at chains %.2f%% (local businesses are left to the crowd)",
		total, 100*acc, 100*unc, 100*chainAcc)
	failed := acc < 0.95 || unc >= 0.03 || chainAcc < 0.99
	if failed || testing.Verbose() {
		var lines []string
		for k, v := range wrong {
			lines = append(lines, fmt.Sprintf("%5d %s", v, k))
		}
		sort.Strings(lines)
		for _, l := range lines {
			t.Log(l)
		}
	}
	if failed {
		t.Fatalf("accuracy %.2f%% (want ≥ 95%%), uncategorized %.2f%% (want < 3%%), at chains %.2f%% (want ≥ 99%%)", 100*acc, 100*unc, 100*chainAcc)
	}
}
