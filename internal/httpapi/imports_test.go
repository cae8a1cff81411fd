package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ingest"
)

// importAnswer is the answer of POST /api/v1/accounts/{id}/imports.
type importAnswer struct {
	Added      int `json:"added"`
	Duplicates int `json:"duplicates"`
	ReusedIDs  int `json:"reused_ids"`
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

// TestImportLimits (issue 14, item 4): while a user's import runs (its slot
// held), another import of theirs is refused with 409; while every slot of
// the server is taken, any import is refused with 503 and a Retry-After;
// once the slots are free, the same requests import.
func TestImportLimits(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ann := signUp(t, newClient(t, f.base), "ann@example.com")
	bob := signUp(t, newClient(t, f.base), "bob@example.com")
	annAcct, bobAcct := newFileAccount(ann), newFileAccount(bob)
	var me struct {
		ID int64 `json:"id"`
	}
	ann.Do("GET", "/api/v1/me", nil, 200, &me)
	file := "Date,Description,Amount\n2026-09-02,GROCER,-12.00\n"

	release, err := f.app.Ingest.ReserveImport(me.ID) // an import of Ann's is running
	if err != nil {
		t.Fatal(err)
	}
	status, body := importFile(ann, annAcct, "a.csv", file)
	if status != 409 || !strings.Contains(string(body), `"code":"conflict"`) {
		t.Fatalf("Ann's second import: %d %s", status, body)
	}
	mustImportFile(bob, bobAcct, "b.csv", file) // Bob's is not Ann's
	release()

	// Every slot of the server taken, by imports of other users.
	var held []func()
	for i := range ingest.DefaultImportSlots {
		r, err := f.app.Ingest.ReserveImport(int64(1_000_000 + i))
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, r)
	}
	res := rawImport(t, ann, annAcct, file)
	if res.StatusCode != 503 || res.Header.Get("Retry-After") != strconv.Itoa(int(ingest.ImportRetryAfter/time.Second)) {
		t.Fatalf("an import while the server's slots are taken: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	for _, r := range held {
		r()
	}
	if res := mustImportFile(ann, annAcct, "a.csv", file); res.Added != 1 {
		t.Fatalf("once the slots are free: %+v", res)
	}
}

// rawImport posts a file and returns the whole answer, its headers too.
func rawImport(t *testing.T, c *client, accountID int64, content string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(fw, content)
	_ = mw.Close()
	res, _ := c.RawResponse("POST", fmt.Sprintf("/api/v1/accounts/%d/imports", accountID), &buf, mw.FormDataContentType())
	return res
}

// TestImportBigFile (issue 14, item 4): a file of 4,500 transactions (and
// 300 unreadable rows) is written in chunks through the API: its dry run
// answers with at most 200 of each list and the whole counts, the import
// adds every row once with the month's spending to the cent, and importing
// it again adds nothing.
func TestImportBigFile(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "big@example.com")
	acct := newFileAccount(c)
	var b strings.Builder
	b.WriteString("Date,Description,Amount\n")
	var sum int64
	for i := range 4800 {
		if i%16 == 0 {
			fmt.Fprintf(&b, "2026-09-%02d,UNREADABLE %d,twelve\n", 1+i%28, i)
			continue
		}
		cents := int64(100 + i)
		sum += cents
		fmt.Fprintf(&b, "2026-09-%02d,GROCER #%d SPRINGFIELD,-%s\n", 1+i%28, i, decimal(cents))
	}
	file := b.String()

	var dry struct {
		Added                int               `json:"added"`
		SkippedCount         int               `json:"skipped_count"`
		Skipped              []json.RawMessage `json:"skipped"`
		WouldAdd             []txnOut          `json:"would_add"`
		WouldAddCount        int               `json:"would_add_count"`
		AlreadyRecordedCount int               `json:"already_recorded_count"`
		Truncated            bool              `json:"truncated"`
	}
	status, body := c.ImportFile(acct, "big.csv", file, map[string]string{"dry_run": "true"})
	if status != 200 {
		t.Fatalf("dry run: %d %s", status, body)
	}
	if err := json.Unmarshal(body, &dry); err != nil {
		t.Fatal(err)
	}
	if dry.Added != 4500 || dry.WouldAddCount != 4500 || len(dry.WouldAdd) != ingest.ImportSample || dry.AlreadyRecordedCount != 0 ||
		dry.SkippedCount != 300 || len(dry.Skipped) != ingest.ImportSample || !dry.Truncated {
		t.Fatalf("dry run: added %d, would add %d (%d listed), already recorded %d, skipped %d (%d listed), truncated %v",
			dry.Added, dry.WouldAddCount, len(dry.WouldAdd), dry.AlreadyRecordedCount, dry.SkippedCount, len(dry.Skipped), dry.Truncated)
	}
	if n := len(c.AllTransactions("")); n != 0 {
		t.Fatalf("a dry run stored %d transactions", n)
	}
	if res := mustImportFile(c, acct, "big.csv", file); res.Added != 4500 || res.Duplicates != 0 {
		t.Fatalf("import: %+v", res.Added)
	}
	if res := mustImportFile(c, acct, "big.csv", file); res.Added != 0 || res.Duplicates != 4500 {
		t.Fatalf("the same file again: added %d, duplicates %d", res.Added, res.Duplicates)
	}
	if n := len(c.AllTransactions("&month=2026-09")); n != 4500 {
		t.Fatalf("%d transactions stored, want 4500", n)
	}
	var s spendingOut
	c.Do("GET", "/api/v1/spending?month=2026-09", nil, 200, &s)
	if s.TotalSpentCents != sum {
		t.Errorf("spent %d, want %d", s.TotalSpentCents, sum)
	}
}
