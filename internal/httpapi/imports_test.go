package httpapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// importAnswer is the answer of POST /api/v1/accounts/{id}/imports.
type importAnswer struct {
	Added      int `json:"added"`
	Duplicates int `json:"duplicates"`
	Skipped    []struct {
		Line   int    `json:"line"`
		Reason string `json:"reason"`
	} `json:"skipped"`
}

func newFileAccount(c *client) int64 {
	c.T().Helper()
	var out accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": "Exports", "currency": "USD"}, 201, &out)
	return out.Accounts[0].ID
}

func mustImportFile(c *client, accountID int64, name, content string) importAnswer {
	c.T().Helper()
	status, body := importFile(c, accountID, name, content)
	if status != 200 {
		c.T().Fatalf("import %s: %d %s", name, status, body)
	}
	var out importAnswer
	if err := json.Unmarshal(body, &out); err != nil {
		c.T().Fatal(err)
	}
	return out
}

// TestImportFieldBounds (issue 14, item 5): through the import API, a
// payee of almost 10 MiB is stored as a prefix ending in "…" (every page
// after it stays small), an amount beyond ±10^12 cents such as
// -92233720368547758.07 is skipped with its line and reason while the rest
// imports, and the month's spending adds up.
func TestImportFieldBounds(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "bounds@example.com")
	acct := newFileAccount(c)

	payee := "ZORBLAX WIDGET EMPORIUM " + strings.Repeat("X", 9<<20)
	qif := "!Type:Bank\nD09/02/2026\nT-250.00\nP" + payee + "\n^\n" +
		"D09/03/2026\nT-92233720368547758.07\nPWRAP AROUND\n^\n" +
		"D09/04/2026\nT-12.00\nPGROCER\n^\n"
	res := mustImportFile(c, acct, "big.qif", qif)
	if res.Added != 2 || len(res.Skipped) != 1 || res.Skipped[0].Line != 6 ||
		!strings.Contains(res.Skipped[0].Reason, `amount "-92233720368547758.07" is beyond ±10,000,000,000.00`) {
		t.Fatalf("import: %+v", res)
	}
	txns := c.AllTransactions("&month=2026-09")
	if len(txns) != 2 {
		t.Fatalf("stored %+v", txns)
	}
	for _, tx := range txns {
		if len(tx.Seller) > connector.MaxDescriptorBytes {
			t.Errorf("a seller of %d bytes is stored", len(tx.Seller))
		}
		if tx.AmountCents == -25000 && (!strings.HasPrefix(tx.Seller, "ZORBLAX WIDGET EMPORIUM XXX") || !strings.HasSuffix(tx.Seller, "…")) {
			t.Errorf("the long payee is stored as %q", tx.Seller)
		}
	}
	var s spendingOut
	c.Do("GET", "/api/v1/spending?month=2026-09", nil, 200, &s)
	if s.TotalSpentCents != 26200 {
		t.Errorf("spent %d in 2026-09, want 26200", s.TotalSpentCents)
	}
}

// TestImportTotalOutOfRange (issue 14, item 5): rows each within ±10^12
// cents whose month's total in one category would pass ±10^15 cents are
// refused as a whole with a 422 that says why — not a wrapped total, not a
// 500 — and nothing is stored; the same holds when the stored total and a
// second file together would pass it.
func TestImportTotalOutOfRange(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "totals@example.com")
	acct := newFileAccount(c)
	// Row i is -(10^12 - i) cents: each within the bound, all different.
	file := func(n, from int) string {
		var b strings.Builder
		b.WriteString("Date,Description,Amount\n")
		for i := from; i < from+n; i++ {
			fmt.Fprintf(&b, "2026-09-%02d,ZORBLAX WIDGET EMPORIUM,-%s\n", 1+i%28, decimal(1_000_000_000_000-int64(i)))
		}
		return b.String()
	}
	refused := func(what, content string) {
		t.Helper()
		status, body := importFile(c, acct, "huge.csv", content)
		var e struct {
			Error struct{ Code, Message string }
		}
		_ = json.Unmarshal(body, &e)
		if status != 422 || e.Error.Code != centavo.EINVALID || !strings.Contains(e.Error.Message, "beyond ±10,000,000,000,000.00") {
			t.Fatalf("%s: %d %s", what, status, body)
		}
	}
	refused("one file past the bound", file(1001, 0))
	if n := len(c.AllTransactions("")); n != 0 {
		t.Fatalf("a refused import stored %d transactions", n)
	}
	if res := mustImportFile(c, acct, "half.csv", file(600, 0)); res.Added != 600 {
		t.Fatalf("first half: %+v", res)
	}
	refused("the stored total and a second file", file(600, 600))
	if n := len(c.AllTransactions("")); n != 600 {
		t.Fatalf("%d transactions stored, want the first file's 600", n)
	}
	var s spendingOut
	c.Do("GET", "/api/v1/spending?month=2026-09", nil, 200, &s)
	if want := int64(600*1_000_000_000_000 - 599*600/2); s.TotalSpentCents != want {
		t.Errorf("spent %d, want %d", s.TotalSpentCents, want)
	}
}

func decimal(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }
