package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/httpapi/apitest"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/objstore"
)

// replayStatement is a card statement as a bank exports it: NAME holds the
// merchant, and every row has the bank's FITID. posted is the statement's
// first day.
func replayStatement(posted time.Time) string {
	rows := []struct {
		name  string
		cents int64
	}{{"STARBUCKS STORE 1234", -475}, {"SHELL OIL 5744", -4210}, {"SAFEWAY STORE 0042", -6388}, {"NETFLIX.COM", -1599}, {"PAYMENT THANK YOU", 25000}}
	var b strings.Builder
	b.WriteString("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n")
	b.WriteString("<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\n")
	b.WriteString("<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111</CCACCTFROM><BANKTRANLIST>\n")
	for i, r := range rows {
		kind := "DEBIT"
		if r.cents > 0 {
			kind = "CREDIT"
		}
		fmt.Fprintf(&b, "<STMTTRN><TRNTYPE>%s<DTPOSTED>%s<TRNAMT>%s<FITID>RPL-%d<NAME>%s</STMTTRN>\n",
			kind, posted.AddDate(0, 0, i).Format("20060102"), decimal(r.cents), i+1, r.name)
	}
	b.WriteString("</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\n")
	return b.String()
}

// replayCLI runs `centavo replay` on the server's data.
func replayCLI(t *testing.T, a *served, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), onClock(t, append([]string{"replay", "--data-dir", a.dataDir}, args...)), noEnv, nil, &out, &out); err != nil {
		t.Fatalf("replay: %v\n%s", err, out.String())
	}
	return out.String()
}

func openDB(t *testing.T, a *served) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.dataDir, "centavo.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// moveSpending moves one row of cents from a category to another in the
// stored monthly aggregates (to "" removes it), as the older code's row
// would have counted.
// moveSpending moves a USD transaction between two aggregate rows.
func moveSpending(t *testing.T, db *sql.DB, userID int64, tx apitest.Transaction, from, to string) {
	t.Helper()
	month := centavo.MonthOf(tx.PostedAt).String()
	if _, err := db.Exec(`UPDATE monthly_spending SET amount_cents = amount_cents - ?, count = count - 1 WHERE user_id = ? AND month = ? AND currency = ? AND category = ?`,
		tx.AmountCents, userID, month, "USD", from); err != nil {
		t.Fatal(err)
	}
	if to == "" {
		return
	}
	if _, err := db.Exec(`INSERT INTO monthly_spending (user_id, month, currency, category, amount_cents, count) VALUES (?, ?, ?, ?, ?, 1)
		ON CONFLICT (user_id, month, currency, category) DO UPDATE SET amount_cents = amount_cents + excluded.amount_cents, count = count + 1`,
		userID, month, "USD", to, tx.AmountCents); err != nil {
		t.Fatal(err)
	}
}

// rewriteLogs rewrites the account's archived transaction logs with edit,
// as the older code would have written them.
func rewriteLogs(t *testing.T, a *served, userID, accountID int64, edit func(*objstore.LogLine)) {
	t.Helper()
	root := filepath.Join(a.dataDir, "objects", "log")
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(path), fmt.Sprintf("/%d/%d/", userID, accountID)) {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines, err := objstore.ParseLog(data)
		if err != nil {
			return err
		}
		for i := range lines {
			edit(&lines[i])
		}
		n++
		return os.WriteFile(path, objstore.FormatLog(lines), 0o600)
	})
	if err != nil || n == 0 {
		t.Fatalf("rewrite logs: %d files, %v", n, err)
	}
}

// TestReplayFixesOldDescriptions is the acceptance case of `centavo
// replay`: an import stored by an older reader (its descriptors what that
// reader made of the rows, categorized from them) is described again by
// today's reader without a new row; a row the user filed by hand keeps the
// user's category; verify and recompute agree; a second replay changes
// nothing.
func TestReplayFixesOldDescriptions(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	const email = "replay@example.com"
	c := signUp(t, newClient(t, a.base), email)
	userID := meID(t, c)
	acct := fileAccount(c, "Card (exports)", "USD")
	first := centavo.MonthOf(testNow(t)()).Add(-1).Start().AddDate(0, 0, 2)
	expectImport(t, "the statement", mustImport(c, acct, "card.ofx", replayStatement(first), nil), 5, 0, 0)
	today := c.AllTransactions(fmt.Sprintf("&account_id=%d", acct)) // what today's reader stores

	// The older reader's rule: the first three rows stored as a date and a
	// masked card number, uncategorized.
	const oldSeller = "130722 CB****6516"
	old := map[int64]apitest.Transaction{}
	db := openDB(t, a)
	for _, tx := range today {
		if !strings.HasPrefix(tx.Seller, "STARBUCKS") && !strings.HasPrefix(tx.Seller, "SHELL") && !strings.HasPrefix(tx.Seller, "SAFEWAY") {
			continue
		}
		key := categorize.Key(oldSeller)
		if _, err := db.Exec(`UPDATE transactions SET seller = ?, merchant = ?, merchant_key = ?, fingerprint = ?, category = 'uncategorized', category_source = 'none' WHERE id = ?`,
			oldSeller, oldSeller, key, ingest.Fingerprint(tx.PostedAt, tx.AmountCents, key), tx.ID); err != nil {
			t.Fatal(err)
		}
		moveSpending(t, db, userID, tx, tx.Category, centavo.CatUncategorized)
		old[tx.ID] = tx
	}
	if len(old) != 3 {
		t.Fatalf("rewrote %d rows, want 3: %+v", len(old), today)
	}
	rewriteLogs(t, a, userID, acct, func(l *objstore.LogLine) {
		for _, tx := range old {
			if l.PostedAt.Equal(tx.PostedAt) && l.AmountCents == tx.AmountCents {
				l.Seller, l.Category = oldSeller, centavo.CatUncategorized
			}
		}
	})
	mustVerify(t, a, "simulating the older reader")

	// The user files one of the old rows by hand.
	var edited apitest.Transaction
	for _, tx := range old {
		if edited.ID == 0 || tx.ID < edited.ID {
			edited = tx
		}
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", edited.ID), map[string]string{"category": "gifts_donations"}, 200, nil)

	changed := 0
	for _, tx := range old {
		if tx.ID != edited.ID && tx.Category != centavo.CatUncategorized {
			changed++
		}
	}
	out := replayCLI(t, a, "--user", email)
	if want := fmt.Sprintf("added 0, descriptions fixed 3, categories changed %d", changed); !strings.Contains(out, want) {
		t.Fatalf("replay printed\n%s\nwant %q", out, want)
	}
	if !strings.Contains(out, fmt.Sprintf("%q → %q", oldSeller, old[edited.ID].Seller)) {
		t.Errorf("replay shows no example of a fixed description:\n%s", out)
	}

	after := c.AllTransactions(fmt.Sprintf("&account_id=%d", acct))
	if len(after) != len(today) {
		t.Fatalf("replay left %d rows, the import stored %d", len(after), len(today))
	}
	for i, tx := range after {
		want := today[i]
		if tx.ID == edited.ID {
			want.Category, want.CategorySource = "gifts_donations", centavo.SourceUser
		}
		if !reflect.DeepEqual(tx, want) {
			t.Errorf("after replay: %+v\nwant          %+v", tx, want)
		}
	}
	mustVerify(t, a, "replay")
	mustRecompute(t, a, centavo.MonthOf(first).String())

	again := replayCLI(t, a, "--user", email)
	if !strings.Contains(again, "added 0, descriptions fixed 0, categories changed 0") {
		t.Fatalf("a second replay changed something:\n%s", again)
	}
}

// TestReplayAddsMissedRow: a row the older code never stored (deleted here,
// with its aggregate) is added back by replay — once.
func TestReplayAddsMissedRow(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	const email = "replay-missed@example.com"
	c := signUp(t, newClient(t, a.base), email)
	userID := meID(t, c)
	acct := fileAccount(c, "Card (exports)", "USD")
	first := centavo.MonthOf(testNow(t)()).Add(-1).Start().AddDate(0, 0, 2)
	mustImport(c, acct, "card.ofx", replayStatement(first), nil)
	stored := c.AllTransactions(fmt.Sprintf("&account_id=%d", acct))
	lost := stored[1]
	db := openDB(t, a)
	if _, err := db.Exec(`DELETE FROM transactions WHERE id = ?`, lost.ID); err != nil {
		t.Fatal(err)
	}
	moveSpending(t, db, userID, lost, lost.Category, "")
	// The account's net amount of that day never held it either.
	if _, err := db.Exec(`UPDATE account_days SET amount_cents = amount_cents - ?, count = count - 1 WHERE account_id = ? AND day = ?`,
		lost.AmountCents, acct, int64(centavo.DayOf(lost.PostedAt))); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM account_days WHERE account_id = ? AND count = 0`, acct); err != nil {
		t.Fatal(err)
	}
	mustVerify(t, a, "losing a row")

	out := replayCLI(t, a, "--user", email, "--account", fmt.Sprint(acct))
	if !strings.Contains(out, "added 1, descriptions fixed 0, categories changed 0") || !strings.Contains(out, lost.Seller) {
		t.Fatalf("replay printed\n%s", out)
	}
	after := c.AllTransactions(fmt.Sprintf("&account_id=%d", acct))
	if len(after) != len(stored) {
		t.Fatalf("after replay %d rows, want %d", len(after), len(stored))
	}
	back := after[1]
	if back.Seller != lost.Seller || back.AmountCents != lost.AmountCents || !back.PostedAt.Equal(lost.PostedAt) || back.Category != lost.Category {
		t.Fatalf("restored %+v, lost %+v", back, lost)
	}
	// Read for the first time now: serve's in-process cache cannot hear of
	// a change another process made (docs/0019, Replay).
	var want int64
	for _, tx := range stored {
		if centavo.CountsAsSpending(tx.Category) {
			want -= tx.AmountCents
		}
	}
	if got := spent(c, centavo.MonthOf(first).String()); got != want {
		t.Errorf("spending after replay %d, want %d", got, want)
	}
	mustVerify(t, a, "replay")
	mustRecompute(t, a, centavo.MonthOf(first).String())
	if again := replayCLI(t, a, "--user", email); !strings.Contains(again, "added 0, descriptions fixed 0, categories changed 0") {
		t.Fatalf("a second replay changed something:\n%s", again)
	}
	var refused bytes.Buffer
	err := run(context.Background(), onClock(t, []string{"replay", "--data-dir", a.dataDir, "--user", "nobody@example.com"}), noEnv, nil, &refused, &refused)
	if err == nil || !strings.Contains(err.Error(), "nobody@example.com") {
		t.Fatalf("replay of an unknown user: %v\n%s", err, refused.String())
	}
}

// TestReplayRefusesBadFlags: a flag that cannot be read, or a user that
// does not exist, is a clear error before anything is read or changed.
func TestReplayRefusesBadFlags(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--since", "2026-13-01"}, "--since"},
		{[]string{"--since", "yesterday"}, "--since"},
		{[]string{"--account", "x"}, "--account"},
		{[]string{"--account", "-3"}, "--account"},
		{nil, "data folder"}, // no installation there
	} {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"replay", "--data-dir", dir}, tc.args...), noEnv, nil, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("replay %v: %v, want an error about %s", tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a refused replay made the data folder: %v", err)
	}
}
