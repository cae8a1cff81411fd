package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/sandbox"
)

// customersOf returns sandbox logins whose download window holds a
// purchase at the merchant.
func customersOf(t *testing.T, merchant string, neighborhood uint64, n int) []uint64 {
	t.Helper()
	now := testNow(t)().UTC()
	var out []uint64
	for c := neighborhood; len(out) < n && c < 2000; c += 5 {
		cust, _ := sandbox.ParseLogin(fmt.Sprintf("demo-%d", c))
		for _, tx := range cust.Transactions("CREDITCARD", ingest.FirstWindowStart(now), now, now) {
			if tx.Merchant == merchant {
				out = append(out, c)
				break
			}
		}
	}
	if len(out) < n {
		t.Fatalf("only %d customers shop at %s", len(out), merchant)
	}
	return out
}

func linkDemo(t *testing.T, a *served, c *client, n uint64) {
	t.Helper()
	before := len(c.Accounts())
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1",
		"login": fmt.Sprintf("demo-%d", n), "password": fmt.Sprintf("secret-%d", n),
	}, 202, nil)
	c.WaitAccounts(fmt.Sprintf("demo-%d linked", n), 60*time.Second, allStatus(before+2, centavo.AccountOK))
}

// merchantTxns returns the user's transactions whose seller contains s.
func merchantTxns(c *client, s string) []txnOut {
	var out []txnOut
	for _, tx := range c.AllTransactions("") {
		if strings.Contains(tx.Seller, s) {
			out = append(out, tx)
		}
	}
	return out
}

// TestCrowdConsensus: a local business no seeded map knows is filed by the
// crowd once three established users agree — for new transactions of other
// users only.
func TestCrowdConsensus(t *testing.T) {
	t.Parallel()
	// The users signed up 15 days ago (a serve on a clock that far back):
	// old enough for their votes to count (docs/0023-crowd-trust.md); the
	// sandbox bank gives them months of transactions.
	dataDir := filepath.Join(t.TempDir(), "data")
	past := startServeIn(t, dataDir, testNow(t)().Add(-15*24*time.Hour))
	const shop = "HARBOR NOODLE HOUSE"
	ns := customersOf(t, "Harbor Noodle House", 1, 6)
	users := make([]*client, len(ns))
	for i := range ns {
		users[i] = signUp(t, newClient(t, past.base), fmt.Sprintf("crowd%d@example.com", i))
	}
	past.stop()
	a := startServeIn(t, dataDir, time.Time{}, "--crowd-refresh", "100ms")
	for i := range users {
		users[i] = users[i].At(a.base)
	}
	vote := func(c *client, category string) {
		t.Helper()
		txns := merchantTxns(c, shop)
		if len(txns) == 0 {
			t.Fatal("no transaction at the shop")
		}
		c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", txns[0].ID), map[string]string{"category": category}, 200, nil)
	}
	sourceOf := func(c *client) (string, string) {
		t.Helper()
		txns := merchantTxns(c, shop)
		if len(txns) == 0 {
			t.Fatal("no transaction at the shop")
		}
		return txns[len(txns)-1].Category, txns[len(txns)-1].CategorySource
	}
	for i := range 3 {
		linkDemo(t, a, users[i], ns[i])
		if cat, src := sourceOf(users[i]); cat != centavo.CatUncategorized || src != centavo.SourceNone {
			t.Fatalf("user %d: the shop is %s/%s before any vote", i, cat, src)
		}
	}
	// One user re-filing many times, and changing their mind, is one vote.
	for range 25 {
		vote(users[0], centavo.CatFood)
		vote(users[0], centavo.CatRestaurants)
	}
	vote(users[1], centavo.CatRestaurants)
	waitCrowdSynced(t, a.base)
	linkDemo(t, a, users[3], ns[3])
	if cat, src := sourceOf(users[3]); src != centavo.SourceNone {
		t.Fatalf("two voters flipped the shop: %s/%s", cat, src)
	}
	vote(users[2], centavo.CatRestaurants) // the third voter
	deadline := time.Now().Add(10 * time.Second)
	for {
		linkDemo(t, a, users[4], ns[4])
		if cat, src := sourceOf(users[4]); cat == centavo.CatRestaurants && src == centavo.SourceCrowd {
			break
		}
		if time.Now().After(deadline) {
			cat, src := sourceOf(users[4])
			t.Fatalf("three voters did not decide: %s/%s", cat, src)
		}
		// Not yet merged into the index: remove the account and link again.
		for _, acct := range users[4].Accounts() {
			users[4].Do("DELETE", fmt.Sprintf("/api/v1/accounts/%d", acct.ID), nil, 204, nil)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Old transactions of other users keep their category.
	if cat, src := sourceOf(users[3]); cat != centavo.CatUncategorized || src != centavo.SourceNone {
		t.Fatalf("an old transaction was re-categorized by the crowd: %s/%s", cat, src)
	}
	// A vote change moves the count: two of three switch to food → 2 food,
	// 1 restaurants: 67 % food.
	vote(users[1], centavo.CatFood)
	vote(users[2], centavo.CatFood)
	deadline = time.Now().Add(10 * time.Second)
	for {
		linkDemo(t, a, users[5], ns[5])
		if cat, src := sourceOf(users[5]); cat == centavo.CatFood && src == centavo.SourceCrowd {
			break
		}
		if time.Now().After(deadline) {
			cat, src := sourceOf(users[5])
			t.Fatalf("after the vote change: %s/%s, want food/crowd", cat, src)
		}
		for _, acct := range users[5].Accounts() {
			users[5].Do("DELETE", fmt.Sprintf("/api/v1/accounts/%d", acct.ID), nil, 204, nil)
		}
		time.Sleep(200 * time.Millisecond)
	}
	checkVerify(t, a)
	// The categorize command, pointed at this installation, knows the crowd.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"categorize", "--data-dir", a.dataDir}, noEnv,
		strings.NewReader("TST* HARBOR NOODLE HOUSE SEATTLE WA\n"), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if out.String() != "TST* HARBOR NOODLE HOUSE SEATTLE WA\tHarbor Noodle House\tfood\tcrowd\n" {
		t.Fatalf("categorize --data-dir: %q", out.String())
	}
}

// waitCrowdSynced returns once the server's crowd index has read the vote
// counts stored before the call: two more completed reads, since one may
// have been under way when the votes committed.
func waitCrowdSynced(t *testing.T, base string) {
	t.Helper()
	const sample = "centavo_crowd_syncs_total"
	want := metricValue(t, base, sample) + 2
	waitFault(t, "the crowd index to sync", 30*time.Second, func() (bool, string) {
		got := metricValue(t, base, sample)
		return got >= want, fmt.Sprintf("%s = %v, want %v", sample, got, want)
	})
}

// TestUserRules: "always for this merchant" makes a rule that beats the
// seeded map for that user only; applying it re-files the past, except what
// the user changed by hand, and the aggregates follow.
func TestUserRules(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	alice := signUp(t, newClient(t, a.base), "rules-a@example.com")
	bob := signUp(t, newClient(t, a.base), "rules-b@example.com")
	linkDemo(t, a, alice, 2)
	linkDemo(t, a, bob, 2)

	// The merchant Alice has most often, filed by the seeded map. A rule
	// holds a merchant key, and one merchant's descriptors may normalize to
	// several keys (TRADER JOE'S and TRADER JOE S): count by name and key.
	sameRule := func(tx txnOut) string { return tx.Merchant + "\x00" + categorize.Key(tx.Seller) }
	counts := map[string][]txnOut{}
	for _, tx := range alice.AllTransactions("") {
		if tx.CategorySource == centavo.SourceSeed && tx.AmountCents < 0 && tx.Category != centavo.CatEntertainment {
			counts[sameRule(tx)] = append(counts[sameRule(tx)], tx)
		}
	}
	var group string
	for g, list := range counts {
		if len(list) > len(counts[group]) || len(list) == len(counts[group]) && g < group {
			group = g
		}
	}
	txns := counts[group]
	if len(txns) < 4 {
		t.Fatalf("no merchant with 4 transactions (best %q: %d)", group, len(txns))
	}
	merchant := txns[0].Merchant
	seedCategory := txns[0].Category
	// One of them filed by hand elsewhere first: apply must keep it.
	alice.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", txns[1].ID), map[string]any{"category": centavo.CatGiftsDonations}, 200, nil)
	alice.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", txns[0].ID), map[string]any{"category": centavo.CatEntertainment, "apply_to_future": true}, 200, nil)
	var rules struct {
		Rules []struct {
			ID                 int64
			Merchant, Category string
			MerchantKey        string `json:"merchant_key"`
		}
	}
	alice.Do("GET", "/api/v1/rules", nil, 200, &rules)
	if len(rules.Rules) != 1 || rules.Rules[0].Category != centavo.CatEntertainment || rules.Rules[0].Merchant != merchant {
		t.Fatalf("rules %+v", rules)
	}
	// Nothing else moved yet: no automatic re-categorization.
	for _, tx := range alice.AllTransactions("") {
		if sameRule(tx) == group && tx.ID != txns[0].ID && tx.ID != txns[1].ID && tx.Category != seedCategory {
			t.Fatalf("the rule re-filed %+v before being applied", tx)
		}
	}
	// New transactions of Alice follow the rule; Bob's do not.
	linkDemo(t, a, alice, 7)
	followed := 0
	for _, tx := range alice.AllTransactions("") {
		if sameRule(tx) == group && tx.CategorySource == centavo.SourceRule {
			followed++
		}
	}
	if followed == 0 {
		t.Fatalf("no new transaction of %s followed the rule (demo-7 may not shop there)", merchant)
	}
	for _, tx := range bob.AllTransactions("") {
		if tx.Merchant == merchant && tx.Category != seedCategory {
			t.Fatalf("alice's rule changed bob's transaction %+v", tx)
		}
	}
	var applied struct{ Moved int }
	alice.Do("POST", fmt.Sprintf("/api/v1/rules/%d/apply", rules.Rules[0].ID), nil, 200, &applied)
	if applied.Moved < 2 {
		t.Fatalf("apply moved %d transactions", applied.Moved)
	}
	for _, tx := range alice.AllTransactions("") {
		if sameRule(tx) != group {
			continue
		}
		switch {
		case tx.ID == txns[1].ID:
			if tx.Category != centavo.CatGiftsDonations || tx.CategorySource != centavo.SourceUser {
				t.Fatalf("apply re-filed a hand-changed transaction: %+v", tx)
			}
		case tx.Category != centavo.CatEntertainment:
			t.Fatalf("after apply: %+v", tx)
		}
	}
	checkVerify(t, a)
	alice.Do("DELETE", fmt.Sprintf("/api/v1/rules/%d", rules.Rules[0].ID), nil, 204, nil)
	alice.Do("GET", "/api/v1/rules", nil, 200, &rules)
	if len(rules.Rules) != 0 {
		t.Fatalf("rule not deleted: %+v", rules)
	}
}

// TestCategorizeCommand: descriptors in, merchant/category/source out; with
// --expect an accuracy line and a confusion summary.
func TestCategorizeCommand(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	in := "SQ *BLUE BOTTLE COFFEE OAKLAND CA\nCHECKCARD 1104 TRADER JOE'S #552\nMAIN ST BARBER SHOP\n"
	if err := run(context.Background(), []string{"categorize"}, noEnv, strings.NewReader(in), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	want := "SQ *BLUE BOTTLE COFFEE OAKLAND CA\tBlue Bottle Coffee\trestaurants\tseed\n" +
		"CHECKCARD 1104 TRADER JOE'S #552\tTrader Joe's\tfood\tseed\n" +
		"MAIN ST BARBER SHOP\tMain St Barber Shop\tuncategorized\tnone\n"
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	in = "SHELL OIL 57442660\tgas\nMAIN ST BARBER SHOP\tpersonal_care\nWALGREENS #1234\thealth\nUBER   *TRIP HELP.UBER.COM\ttransport\n"
	if err := run(context.Background(), []string{"categorize", "--expect"}, noEnv, strings.NewReader(in), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "accuracy: 3/4 = 75.00%\n") || !strings.Contains(out.String(), "  personal_care -> uncategorized: 1\n") {
		t.Fatalf("--expect output:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"categorize", "--expect"}, noEnv, strings.NewReader("no tab here\n"), io.Discard, io.Discard); err == nil {
		t.Fatal("a line without an expected category was accepted")
	}
}

// TestSellerMapReload: a serve process reloads its seller map on SIGHUP;
// new transactions follow the new map, stored ones keep their category.
func TestSellerMapReload(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "sellers.tsv")
	base, err := os.ReadFile("../../internal/categorize/sellers.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, base, 0o600); err != nil {
		t.Fatal(err)
	}
	p := startProcess(t, "serve", "--data-dir", filepath.Join(t.TempDir(), "data"), "--poll-interval", "50ms", "--sellers-file", file)
	a := &served{base: "http://" + p.addr}
	ns := customersOf(t, "Main St Barber Shop", 0, 2)
	first := signUp(t, newClient(t, a.base), "reload1@example.com")
	linkDemo(t, a, first, ns[0])
	if txns := merchantTxns(first, "MAIN ST BARBER"); len(txns) == 0 || txns[0].Category != centavo.CatUncategorized {
		t.Fatalf("before the reload: %+v", txns)
	}
	if err := os.WriteFile(file, append(base, []byte("Main St Barber Shop\tpersonal_care\t\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(p.logs.String(), `"msg":"seller map reloaded"`) {
		if time.Now().After(deadline) {
			t.Fatalf("no reload in the logs:\n%s", p.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	second := signUp(t, newClient(t, a.base), "reload2@example.com")
	linkDemo(t, a, second, ns[1])
	if txns := merchantTxns(second, "MAIN ST BARBER"); len(txns) == 0 || txns[0].Category != centavo.CatPersonalCare || txns[0].CategorySource != centavo.SourceSeed {
		t.Fatalf("after the reload: %+v", txns)
	}
	if txns := merchantTxns(first, "MAIN ST BARBER"); txns[0].Category != centavo.CatUncategorized {
		t.Fatalf("a stored transaction was re-categorized by the new map: %+v", txns[0])
	}
}
