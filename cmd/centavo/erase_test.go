package main

import (
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// objectsOf lists the object store's keys (a local folder) of the user, and
// of the account when accountID is not 0 (events are the user's only).
func objectsOf(t *testing.T, a *served, userID, accountID int64) []string {
	t.Helper()
	root := filepath.Join(a.dataDir, "objects")
	var keys []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		// raw|log/YYYY/MM/DD/<user>/<account>/<job>.<ext>, events/YYYY/MM/DD/<user>/<id>.tsv
		key := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		parts := strings.Split(key, "/")
		user, account := strconv.FormatInt(userID, 10), strconv.FormatInt(accountID, 10)
		switch {
		case len(parts) == 7 && (parts[0] == "raw" || parts[0] == "log") && parts[4] == user && (accountID == 0 || parts[5] == account):
			keys = append(keys, key)
		case len(parts) == 6 && parts[0] == "events" && parts[4] == user && accountID == 0:
			keys = append(keys, key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// waitObjects polls until the keys that objectsOf finds satisfy ok.
func waitObjects(t *testing.T, a *served, userID, accountID int64, what string, ok func([]string) bool) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		keys := objectsOf(t, a, userID, accountID)
		if ok(keys) {
			return keys
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: never; the store holds %v", what, keys)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func meID(t *testing.T, c *client) int64 {
	t.Helper()
	var me struct{ ID int64 }
	c.Do("GET", "/api/v1/me", nil, 200, &me)
	return me.ID
}

// TestDeleteAccountRemovesObjects: deleting an account removes its raw
// responses (which hold the full account number) and its logs from the
// object store, keeps the other account's, and recompute still matches the
// aggregates once the logs are gone.
func TestDeleteAccountRemovesObjects(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "erase-account@example.com")
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-5", "password": "secret-5",
	}, 202, nil)
	accts := c.WaitAccounts("ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	user := meID(t, c)
	gone, kept := accts[0], accts[1]
	before := objectsOf(t, a, user, gone.ID)
	var raw []byte
	for _, k := range before {
		if strings.HasPrefix(k, "raw/") {
			raw, _ = os.ReadFile(filepath.Join(a.dataDir, "objects", filepath.FromSlash(k)))
		}
	}
	if len(before) < 2 || !strings.Contains(string(raw), "<ACCTID>") {
		t.Fatalf("before the deletion: want the account's raw response (with its number) and log, have %v", before)
	}
	c.Do("DELETE", fmt.Sprintf("/api/v1/accounts/%d", gone.ID), nil, 204, nil)
	waitObjects(t, a, user, gone.ID, "the deleted account's raw responses and logs removed", func(k []string) bool { return len(k) == 0 })
	if k := objectsOf(t, a, user, kept.ID); len(k) < 2 {
		t.Fatalf("the other account's objects went too: %v", k)
	}
	checkVerify(t, a)
	checkRecompute(t, a, centavo.MonthOf(testNow(t)()).Add(-1).String())
}

// TestDeleteMe: DELETE /api/v1/me with the password removes the user and
// everything of theirs — every row on their shard, their votes from the
// crowd's counts, their objects — and nothing of anyone else's; the e-mail
// can sign up again. A wrong password changes nothing.
func TestDeleteMe(t *testing.T) {
	t.Parallel()
	// The leaver signs up 15 days back, old enough for a vote to count
	// (docs/0023-crowd-trust.md); the sandbox bank gives months of rows.
	dataDir := filepath.Join(t.TempDir(), "data")
	past := startServeIn(t, dataDir, testNow(t)().Add(-15*24*time.Hour))
	leaver := signUp(t, newClient(t, past.base), "leaver@example.com")
	past.stop()
	a := startServeIn(t, dataDir, time.Time{})
	anon := newClient(t, a.base)
	leaver = leaver.At(a.base)
	link := func(c *client, n int) []accountOut {
		c.Do("POST", "/api/v1/accounts", map[string]string{
			"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1",
			"login": fmt.Sprintf("demo-%d", n), "password": fmt.Sprintf("secret-%d", n),
		}, 202, nil)
		return c.WaitAccounts("ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	}
	stayer := signUp(t, anon, "stayer@example.com")
	link(leaver, 6)
	link(stayer, 7)
	leaverID, stayerID := meID(t, leaver), meID(t, stayer)
	month := centavo.MonthOf(testNow(t)()).Add(-1).String()

	// The leaver files a transaction by hand (a vote for the crowd), sets a
	// budget, an income, a rule and a webhook: rows in every table.
	var page txnsOut
	leaver.Do("GET", "/api/v1/transactions?month="+month+"&limit=500", nil, 200, &page)
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
	leaver.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", target.ID), map[string]any{"category": "gifts_donations", "apply_to_future": true}, 200, nil)
	leaver.Do("PATCH", "/api/v1/me", map[string]any{"monthly_income_cents": 500000}, 200, nil)
	leaver.Do("PUT", "/api/v1/budgets/"+centavo.CatFood, map[string]any{"amount_cents": 10000}, 200, nil)
	leaver.Do("POST", "/api/v1/me/webhooks", map[string]any{"url": "https://example.com/hook"}, 201, nil)
	var stayerSpending spendingOut
	stayer.Do("GET", "/api/v1/spending?month="+month, nil, 200, &stayerSpending)
	stayerAccounts := stayer.Accounts()

	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.dataDir, "centavo.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	voters := func() int64 {
		var n int64
		if err := db.QueryRow(`SELECT coalesce(sum(voters), 0) FROM crowd_counts WHERE category = 'gifts_donations'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if v := voters(); v != 1 {
		t.Fatalf("crowd votes for gifts_donations before: %d, want the leaver's 1", v)
	}
	waitObjects(t, a, leaverID, 0, "the leaver's objects written", func(k []string) bool { return len(k) >= 4 })

	// A wrong password is refused and changes nothing.
	leaver.Do("DELETE", "/api/v1/me", map[string]string{"password": "not my password"}, 401, nil)
	leaver.Do("GET", "/api/v1/me", nil, 200, nil)

	leaver.Do("DELETE", "/api/v1/me", map[string]string{"password": "correct horse battery"}, 204, nil)
	leaver.Do("GET", "/api/v1/me", nil, 401, nil)
	anon.Do("POST", "/api/v1/sessions", map[string]string{"email": "leaver@example.com", "password": "correct horse battery"}, 401, nil)

	// No row of the leaver is left, in any table that has a user_id.
	tables, err := db.Query(`SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'user_id'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		if err := tables.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	tables.Close()
	if len(names) < 10 {
		t.Fatalf("found only tables %v with a user_id", names)
	}
	for _, table := range append(names, "users") {
		col := "user_id"
		if table == "users" {
			col = "id"
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM `+table+` WHERE `+col+` = ?`, leaverID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s still holds %d rows of the deleted user", table, n)
		}
	}
	if v := voters(); v != 0 {
		t.Errorf("crowd votes for gifts_donations after: %d, want 0 (the leaver's vote withdrawn)", v)
	}
	waitObjects(t, a, leaverID, 0, "the deleted user's objects removed", func(k []string) bool { return len(k) == 0 })

	// The other user keeps everything.
	var after spendingOut
	stayer.Do("GET", "/api/v1/spending?month="+month, nil, 200, &after)
	if after.TotalSpentCents != stayerSpending.TotalSpentCents || len(stayer.Accounts()) != len(stayerAccounts) {
		t.Errorf("the other user's data changed: %+v → %+v", stayerSpending, after)
	}
	if k := objectsOf(t, a, stayerID, 0); len(k) < 4 {
		t.Errorf("the other user's objects went too: %v", k)
	}
	checkVerify(t, a)
	checkRecompute(t, a, month)

	// The e-mail is free again, for a new user with a new id.
	again := signUp(t, anon, "leaver@example.com")
	if id := meID(t, again); id == leaverID {
		t.Fatalf("the new user got the deleted user's id %d", id)
	}
	if len(again.Accounts()) != 0 {
		t.Fatal("the new user sees accounts")
	}
}
