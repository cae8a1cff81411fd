// Package storetest is the conformance suite of store.Store: every
// implementation runs Exercise, so the engines behave alike. A bug found on
// one engine becomes a case here.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

// Opener returns a fresh, empty, migrated store for one test; the suite
// closes it.
type Opener func(t *testing.T) store.Store

// Exercise runs the conformance suite.
func Exercise(t *testing.T, open Opener) {
	t.Run("Users", func(t *testing.T) { t.Parallel(); testUsers(t, open(t)) })
	t.Run("Tokens", func(t *testing.T) { t.Parallel(); testTokens(t, open(t)) })
	t.Run("Accounts", func(t *testing.T) { t.Parallel(); testAccounts(t, open(t)) })
	t.Run("Transactions", func(t *testing.T) { t.Parallel(); testTransactions(t, open(t)) })
	t.Run("Pagination", func(t *testing.T) { t.Parallel(); testPagination(t, open(t)) })
	t.Run("BulkInsert", func(t *testing.T) { t.Parallel(); testBulkInsert(t, open(t)) })
	t.Run("MonthlySpending", func(t *testing.T) { t.Parallel(); testMonthlySpending(t, open(t)) })
	t.Run("SpendingBounds", func(t *testing.T) { t.Parallel(); testSpendingBounds(t, open(t)) })
	t.Run("DeleteAccount", func(t *testing.T) { t.Parallel(); testDeleteAccount(t, open(t)) })
	t.Run("Verify", func(t *testing.T) { t.Parallel(); testVerify(t, open(t)) })
	t.Run("TxRollback", func(t *testing.T) { t.Parallel(); testTxRollback(t, open(t)) })
	t.Run("JobsInTx", func(t *testing.T) { t.Parallel(); testJobsInTx(t, open(t)) })
	t.Run("SupersededJobs", func(t *testing.T) { t.Parallel(); testSupersededJobs(t, open(t)) })
	t.Run("ActiveAccounts", func(t *testing.T) { t.Parallel(); testActiveAccounts(t, open(t)) })
	t.Run("DeleteUser", func(t *testing.T) { t.Parallel(); testDeleteUser(t, open(t)) })
	t.Run("TransactionDescription", func(t *testing.T) { t.Parallel(); testTransactionDescription(t, open(t)) })
	t.Run("TransactionDetails", func(t *testing.T) { t.Parallel(); testTransactionDetails(t, open(t)) })
	t.Run("Locks", func(t *testing.T) { t.Parallel(); testLocks(t, open(t)) })
	t.Run("MerchantNames", func(t *testing.T) { t.Parallel(); testMerchantNames(t, open(t)) })
	t.Run("Goals", func(t *testing.T) { t.Parallel(); testGoals(t, open(t)) })
	t.Run("Digests", func(t *testing.T) { t.Parallel(); testDigests(t, open(t)) })
	t.Run("Recurring", func(t *testing.T) { t.Parallel(); testRecurring(t, open(t)) })
	t.Run("InsertEdited", func(t *testing.T) { t.Parallel(); testInsertEdited(t, open(t)) })
	t.Run("Transfers", func(t *testing.T) { t.Parallel(); testTransfers(t, open(t)) })
	t.Run("Search", func(t *testing.T) { t.Parallel(); testSearch(t, open(t)) })
	t.Run("Holdings", func(t *testing.T) { t.Parallel(); testHoldings(t, open(t)) })
	t.Run("Balances", func(t *testing.T) { t.Parallel(); testBalances(t, open(t)) })
	t.Run("BalanceBlocks", func(t *testing.T) { t.Parallel(); testBalanceBlocks(t, open(t)) })
	exerciseBudgets(t, open)
	exerciseRules(t, open)
	exerciseSecurity(t, open)
	exerciseConnections(t, open)
	exerciseCurrencies(t, open)
	exerciseCategories(t, open)
	exerciseConditionRules(t, open)
}

var base = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

func write(t *testing.T, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.InTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func newUser(t *testing.T, s store.Store, email string) centavo.User {
	t.Helper()
	u := centavo.User{Email: email, PasswordHash: "hash", Currency: "USD", CreatedAt: base, LastActiveAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateUser(context.Background(), &u) })
	if u.ID == 0 {
		t.Fatal("CreateUser left the id unset")
	}
	return u
}

func newAccount(t *testing.T, s store.Store, userID int64) centavo.Account {
	t.Helper()
	a := centavo.Account{
		UserID: userID, Connector: centavo.ConnectorOFX, Name: "Checking", Type: "checking", Currency: "USD",
		Institution:       centavo.Institution{URL: "http://bank.example/ofx", Org: "B", FID: "1", AccountID: "1234"},
		SealedCredentials: []byte{1, 2, 3}, Status: centavo.AccountLinking, CreatedAt: base,
	}
	write(t, s, func(tx store.Tx) error { return tx.CreateAccount(context.Background(), &a) })
	if a.ID == 0 {
		t.Fatal("CreateAccount left the id unset")
	}
	return a
}

func txn(u centavo.User, a centavo.Account, fitid string, posted time.Time, cents int64, cat string) centavo.Transaction {
	return centavo.Transaction{
		UserID: u.ID, AccountID: a.ID, InstitutionID: fitid, PostedAt: posted, Seller: "SELLER " + fitid,
		Merchant: "Seller", AmountCents: cents, Currency: "USD", Category: cat, CategorySource: centavo.SourceSeed,
	}
}

func insert(t *testing.T, s store.Store, txns ...centavo.Transaction) []centavo.Transaction {
	t.Helper()
	var out []centavo.Transaction
	write(t, s, func(tx store.Tx) error {
		var err error
		out, err = tx.InsertTransactions(context.Background(), txns)
		if err != nil {
			return err
		}
		deltas, err := store.SumDeltas(out, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(context.Background(), txns[0].UserID, deltas)
	})
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := centavo.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func testUsers(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "ana@example.com")
	got, err := s.UserByEmail(ctx, "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || got.PasswordHash != "hash" || got.Currency != "USD" || !got.CreatedAt.Equal(base) {
		t.Fatalf("UserByEmail = %+v, want %+v", got, u)
	}
	if got.CreatedAt.Location() != time.UTC {
		t.Fatalf("CreatedAt not in UTC: %v", got.CreatedAt.Location())
	}
	if _, err := s.UserByID(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.UserByEmail(ctx, "nobody@example.com")
	wantCode(t, err, centavo.ENOTFOUND)
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("not-found error %v is not store.ErrNotFound", err)
	}
	dup := centavo.User{Email: "ana@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: base, LastActiveAt: base}
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, &dup) })
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate e-mail: %v, want ErrConflict", err)
	}
	// An id given by the caller (a cluster's directory) is kept.
	given := centavo.User{ID: 1_000_000_007, Email: "given@example.com", PasswordHash: "x", Currency: "EUR", CreatedAt: base, LastActiveAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateUser(ctx, &given) })
	if got, err := s.UserByID(ctx, 1_000_000_007); err != nil || got.Email != "given@example.com" || got.Currency != "EUR" {
		t.Fatalf("user with a given id: %+v, %v", got, err)
	}
	again := centavo.User{ID: 1_000_000_007, Email: "other@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: base, LastActiveAt: base}
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, &again) }); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("taken id: %v, want ErrConflict", err)
	}
	later := base.Add(48 * time.Hour)
	write(t, s, func(tx store.Tx) error { return tx.TouchUser(ctx, u.ID, later) })
	write(t, s, func(tx store.Tx) error { return tx.TouchUser(ctx, u.ID, base) }) // never goes back
	got, _ = s.UserByID(ctx, u.ID)
	if !got.LastActiveAt.Equal(later) {
		t.Fatalf("LastActiveAt = %v, want %v", got.LastActiveAt, later)
	}
}

func testTokens(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "tok@example.com")
	v := newUser(t, s, "other@example.com")
	hash := []byte("0123456789abcdef0123456789abcdef")
	write(t, s, func(tx store.Tx) error {
		return tx.CreateToken(ctx, store.Token{Hash: hash, UserID: u.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)})
	})
	id, err := s.UserIDByToken(ctx, hash, base.Add(time.Minute))
	if err != nil || id != u.ID {
		t.Fatalf("UserIDByToken = %d, %v; want %d", id, err, u.ID)
	}
	_, err = s.UserIDByToken(ctx, hash, base.Add(2*time.Hour))
	wantCode(t, err, centavo.ENOTFOUND)
	// Another user cannot delete the token.
	write(t, s, func(tx store.Tx) error { return tx.DeleteToken(ctx, v.ID, hash) })
	if _, err := s.UserIDByToken(ctx, hash, base); err != nil {
		t.Fatalf("token deleted by another user: %v", err)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeleteToken(ctx, u.ID, hash) })
	_, err = s.UserIDByToken(ctx, hash, base)
	wantCode(t, err, centavo.ENOTFOUND)
}

func testAccounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "acc@example.com")
	v := newUser(t, s, "acc2@example.com")
	a := newAccount(t, s, u.ID)
	got, err := s.Account(ctx, u.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Institution, a.Institution) || string(got.SealedCredentials) != string(a.SealedCredentials) || got.Status != centavo.AccountLinking || got.LastUpdate != nil {
		t.Fatalf("Account = %+v, want %+v", got, a)
	}
	_, err = s.Account(ctx, v.ID, a.ID)
	wantCode(t, err, centavo.ENOTFOUND)
	if list, _ := s.Accounts(ctx, v.ID); len(list) != 0 {
		t.Fatalf("user v sees %d accounts of u", len(list))
	}

	inst := a.Institution
	inst.AccountType = "CREDITCARD"
	inst.CSVMapping = []byte(`{"date":"Date","amount":"Amount"}`)
	err = s.InTx(ctx, func(tx store.Tx) error {
		return tx.UpdateAccountInstitution(ctx, store.AccountInstitutionUpdate{UserID: v.ID, ID: a.ID, Name: "x", Institution: inst})
	})
	wantCode(t, err, centavo.ENOTFOUND)
	write(t, s, func(tx store.Tx) error {
		return tx.UpdateAccountInstitution(ctx, store.AccountInstitutionUpdate{UserID: u.ID, ID: a.ID, Name: "Card", Type: "credit_card", Currency: "EUR", Institution: inst})
	})
	when := base.Add(time.Hour)
	write(t, s, func(tx store.Tx) error {
		return tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: u.ID, ID: a.ID, Status: centavo.AccountOK, LastUpdate: &when})
	})
	write(t, s, func(tx store.Tx) error {
		return tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: u.ID, ID: a.ID, Status: centavo.AccountError, LastError: "bank down"})
	})
	err = s.InTx(ctx, func(tx store.Tx) error {
		return tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: v.ID, ID: a.ID, Status: centavo.AccountOK})
	})
	wantCode(t, err, centavo.ENOTFOUND)
	got, _ = s.Account(ctx, u.ID, a.ID)
	var mapping map[string]string
	_ = json.Unmarshal(got.Institution.CSVMapping, &mapping)
	if got.Name != "Card" || got.Type != "credit_card" || got.Currency != "EUR" || got.Institution.AccountType != "CREDITCARD" ||
		mapping["date"] != "Date" || mapping["amount"] != "Amount" {
		t.Fatalf("after update: %+v", got)
	}
	if got.Status != centavo.AccountError || got.LastError != "bank down" || got.LastUpdate == nil || !got.LastUpdate.Equal(when) {
		t.Fatalf("status after error: %+v (last update kept from the success)", got)
	}
	b := newAccount(t, s, u.ID)
	list, err := s.Accounts(ctx, u.ID)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("Accounts = %+v, %v", list, err)
	}
}

func testTransactions(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "tx@example.com")
	v := newUser(t, s, "tx2@example.com")
	a := newAccount(t, s, u.ID)
	in := []centavo.Transaction{
		txn(u, a, "F1", base, -1234, centavo.CatFood),
		txn(u, a, "F2", base.Add(24*time.Hour), -500, centavo.CatRestaurants),
		txn(u, a, "F3", base.AddDate(0, 1, 0), 250000, centavo.CatIncome),
	}
	in[1].Pending = true
	got := insert(t, s, in...)
	if len(got) != 3 {
		t.Fatalf("inserted %d, want 3", len(got))
	}
	for _, g := range got {
		if g.ID == 0 {
			t.Fatal("inserted transaction without id")
		}
	}
	// The same institution ids again, plus one new: only the new one goes in.
	again := insert(t, s, append(in, txn(u, a, "F4", base, -1, centavo.CatFood))...)
	if len(again) != 1 || again[0].InstitutionID != "F4" {
		t.Fatalf("re-insert returned %+v, want only F4", again)
	}
	// The same institution id on another account is not a duplicate.
	b := newAccount(t, s, u.ID)
	if other := insert(t, s, txn(u, b, "F1", base, -1234, centavo.CatFood)); len(other) != 1 {
		t.Fatalf("same FITID on another account: inserted %d, want 1", len(other))
	}

	one, err := s.Transaction(ctx, u.ID, got[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	want := got[1]
	if !reflect.DeepEqual(one, want) {
		t.Fatalf("Transaction = %+v, want %+v", one, want)
	}
	if one.PostedAt.Location() != time.UTC {
		t.Fatal("PostedAt not UTC")
	}
	_, err = s.Transaction(ctx, v.ID, got[1].ID)
	wantCode(t, err, centavo.ENOTFOUND)

	err = s.InTx(ctx, func(tx store.Tx) error {
		return tx.SetTransactionCategory(ctx, store.TransactionCategoryUpdate{UserID: v.ID, ID: got[0].ID, Category: centavo.CatGas, Source: centavo.SourceUser})
	})
	wantCode(t, err, centavo.ENOTFOUND)
	write(t, s, func(tx store.Tx) error {
		return tx.SetTransactionCategory(ctx, store.TransactionCategoryUpdate{UserID: u.ID, ID: got[0].ID, Category: centavo.CatGas, Source: centavo.SourceUser})
	})
	one, _ = s.Transaction(ctx, u.ID, got[0].ID)
	if one.Category != centavo.CatGas || one.CategorySource != centavo.SourceUser {
		t.Fatalf("after SetTransactionCategory: %+v", one)
	}

	march, _ := centavo.ParseMonth("2026-03")
	list, err := s.Transactions(ctx, store.TransactionFilter{UserID: u.ID, Month: march, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range list {
		ids = append(ids, l.InstitutionID)
	}
	// Newest first; equal times by id, newest id first (b's F1, then F4, then a's F1).
	if fmt.Sprint(ids) != "[F2 F1 F4 F1]" {
		t.Fatalf("March, newest first: %v", ids)
	}
	onlyA, _ := s.Transactions(ctx, store.TransactionFilter{UserID: u.ID, AccountID: b.ID, Limit: 10})
	if len(onlyA) != 1 || onlyA[0].AccountID != b.ID {
		t.Fatalf("account filter: %+v", onlyA)
	}
	none, _ := s.Transactions(ctx, store.TransactionFilter{UserID: v.ID, Limit: 10})
	if len(none) != 0 {
		t.Fatalf("user v sees %d transactions of u", len(none))
	}
}

// testBulkInsert: a large batch (the bulk path of engines that have one) with
// duplicates inside it and against stored rows.
func testBulkInsert(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "bulk@example.com")
	a := newAccount(t, s, u.ID)
	first := insert(t, s, txn(u, a, "B00000", base, -1, centavo.CatFood), txn(u, a, "B00001", base, -1, centavo.CatFood))
	if len(first) != 2 {
		t.Fatalf("inserted %d, want 2", len(first))
	}
	var batch []centavo.Transaction
	for i := range 5000 {
		cat := centavo.CatFood
		if i%3 == 0 {
			cat = centavo.CatGas
		}
		batch = append(batch, txn(u, a, fmt.Sprintf("B%05d", i), base.AddDate(0, 0, -(i%90)), -int64(i), cat))
	}
	batch = append(batch, batch[10], batch[20]) // twice in the batch
	got := insert(t, s, batch...)
	if len(got) != 4998 {
		t.Fatalf("inserted %d of 5002 (2 stored before, 2 repeated in the batch), want 4998", len(got))
	}
	seen := map[string]bool{}
	for _, g := range got {
		if g.ID == 0 || seen[g.InstitutionID] {
			t.Fatalf("bad returned row %+v", g)
		}
		seen[g.InstitutionID] = true
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK() || rep.Transactions != 5000 {
		t.Fatalf("after bulk insert: %+v, %v", rep, err)
	}
}

func testPagination(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "page@example.com")
	a := newAccount(t, s, u.ID)
	var in []centavo.Transaction
	for i := range 25 {
		// Several rows share a posted_at, so the id must break ties.
		in = append(in, txn(u, a, fmt.Sprintf("P%02d", i), base.Add(time.Duration(i/3)*time.Hour), -int64(i+1), centavo.CatFood))
	}
	insert(t, s, in...)
	seen := map[string]bool{}
	var after *store.Cursor
	var prev *centavo.Transaction
	for page := 0; ; page++ {
		list, err := s.Transactions(ctx, store.TransactionFilter{UserID: u.ID, Limit: 7, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for i := range list {
			l := list[i]
			if seen[l.InstitutionID] {
				t.Fatalf("page %d repeats %s", page, l.InstitutionID)
			}
			seen[l.InstitutionID] = true
			if prev != nil && (l.PostedAt.After(prev.PostedAt) || (l.PostedAt.Equal(prev.PostedAt) && l.ID > prev.ID)) {
				t.Fatalf("order broken at %s after %s", l.InstitutionID, prev.InstitutionID)
			}
			prev = &list[i]
		}
		if len(list) < 7 {
			break
		}
		last := list[len(list)-1]
		after = &store.Cursor{PostedAt: last.PostedAt, ID: last.ID}
	}
	if len(seen) != 25 {
		t.Fatalf("pagination saw %d rows, want 25", len(seen))
	}
}

func testMonthlySpending(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "ms@example.com")
	v := newUser(t, s, "ms2@example.com")
	m, _ := centavo.ParseMonth("2026-03")
	write(t, s, func(tx store.Tx) error {
		return tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{
			{Currency: "USD", Month: m, Category: centavo.CatFood, AmountCents: -1000, Count: 2},
			{Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: -4000, Count: 1},
			{Currency: "USD", Month: m.Add(1), Category: centavo.CatGas, AmountCents: -1, Count: 1},
		})
	})
	write(t, s, func(tx store.Tx) error {
		return tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatFood, AmountCents: 300, Count: 1}})
	})
	write(t, s, func(tx store.Tx) error {
		return tx.AddMonthlySpending(ctx, v.ID, []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatFood, AmountCents: -99, Count: 1}})
	})
	got, err := s.MonthlySpending(ctx, u.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	want := []centavo.CategorySpending{{Category: centavo.CatFood, Currency: "USD", AmountCents: -700, Count: 3}, {Category: centavo.CatGas, Currency: "USD", AmountCents: -4000, Count: 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("MonthlySpending = %v, want %v", got, want)
	}
	all, err := s.SpendingOfMonth(ctx, m)
	if err != nil || fmt.Sprint(all) != fmt.Sprintf("[{%d {food USD -700 3}} {%d {gas USD -4000 1}} {%d {food USD -99 1}}]", u.ID, u.ID, v.ID) {
		t.Fatalf("SpendingOfMonth = %v, %v", all, err)
	}
	write(t, s, func(tx store.Tx) error {
		return tx.ReplaceMonthlySpending(ctx, u.ID, m, []centavo.CategorySpending{{Category: centavo.CatPets, Currency: "USD", AmountCents: -5, Count: 1}})
	})
	got, _ = s.MonthlySpending(ctx, u.ID, m)
	if fmt.Sprint(got) != "[{pets USD -5 1}]" {
		t.Fatalf("after ReplaceMonthlySpending: %v", got)
	}
	if other, _ := s.MonthlySpending(ctx, v.ID, m); len(other) != 1 {
		t.Fatalf("ReplaceMonthlySpending touched another user: %v", other)
	}
	empty, err := s.MonthlySpending(ctx, u.ID, m.Add(-1))
	if err != nil || len(empty) != 0 {
		t.Fatalf("empty month: %v, %v", empty, err)
	}
}

func testDeleteAccount(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "del@example.com")
	v := newUser(t, s, "del2@example.com")
	a := newAccount(t, s, u.ID)
	b := newAccount(t, s, u.ID)
	insert(t, s,
		txn(u, a, "D1", base, -100, centavo.CatFood),
		txn(u, a, "D2", base, -200, centavo.CatFood),
		txn(u, a, "D3", base.AddDate(0, 1, 0), -300, centavo.CatGas),
	)
	insert(t, s, txn(u, b, "D4", base, -1000, centavo.CatFood))

	err := s.InTx(ctx, func(tx store.Tx) error { _, err := tx.DeleteAccount(ctx, v.ID, a.ID); return err })
	wantCode(t, err, centavo.ENOTFOUND)
	var removed []store.SpendingDelta
	write(t, s, func(tx store.Tx) error {
		var err error
		removed, err = tx.DeleteAccount(ctx, u.ID, a.ID)
		if err != nil {
			return err
		}
		neg := make([]store.SpendingDelta, len(removed))
		for i, d := range removed {
			neg[i] = store.SpendingDelta{Month: d.Month, Currency: d.Currency, Category: d.Category, AmountCents: -d.AmountCents, Count: -d.Count}
		}
		return tx.AddMonthlySpending(ctx, u.ID, neg)
	})
	sort.Slice(removed, func(i, j int) bool { return removed[i].Month.Before(removed[j].Month) })
	if fmt.Sprint(removed) != "[{2026-03 USD food -300 2} {2026-04 USD gas -300 1}]" {
		t.Fatalf("removed = %v", removed)
	}
	_, err = s.Account(ctx, u.ID, a.ID)
	wantCode(t, err, centavo.ENOTFOUND)
	left, _ := s.Transactions(ctx, store.TransactionFilter{UserID: u.ID, Limit: 10})
	if len(left) != 1 || left[0].InstitutionID != "D4" {
		t.Fatalf("left after delete: %+v", left)
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("Verify after delete: %+v, %v", rep, err)
	}
}

func testVerify(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "ver@example.com")
	a := newAccount(t, s, u.ID)
	insert(t, s, txn(u, a, "V1", base, -100, centavo.CatFood), txn(u, a, "V2", base, 40, centavo.CatFood))
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("Verify on consistent data: %+v, %v", rep, err)
	}
	if rep.Transactions != 2 || rep.Users != 1 {
		t.Fatalf("Verify counts: %+v", rep)
	}
	insert(t, s, txn(u, a, "V3", base.AddDate(0, -1, 0), -10, centavo.CatFood))
	m, _ := centavo.ParseMonth("2026-03")
	write(t, s, func(tx store.Tx) error {
		// Transactions without their aggregate row.
		if _, err := tx.InsertTransactions(ctx, []centavo.Transaction{txn(u, a, "V4", base.AddDate(0, -2, 0), -30, centavo.CatPets)}); err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{
			{Currency: "USD", Month: m, Category: centavo.CatFood, AmountCents: -5, Count: 0},
			{Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: -7, Count: 1},         // no transactions
			{Currency: "USD", Month: m.Add(-1), Category: centavo.CatFood, AmountCents: 0, Count: 1}, // the count only
			{Currency: "USD", Month: m.Add(-3), Category: centavo.CatGas, AmountCents: 5, Count: 1},
		})
	})
	write(t, s, func(tx store.Tx) error {
		// Back to zero: a row of zeros without transactions matches.
		return tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{{Currency: "USD", Month: m.Add(-3), Category: centavo.CatGas, AmountCents: -5, Count: -1}})
	})
	rep, err = s.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.SpendingMismatch{
		{UserID: u.ID, Month: "2026-01", Currency: "USD", Category: centavo.CatPets, StoredCents: 0, ComputedCents: -30, StoredCount: 0, ComputedCount: 1},
		{UserID: u.ID, Month: "2026-02", Currency: "USD", Category: centavo.CatFood, StoredCents: -10, ComputedCents: -10, StoredCount: 2, ComputedCount: 1},
		{UserID: u.ID, Month: "2026-03", Currency: "USD", Category: centavo.CatFood, StoredCents: -65, ComputedCents: -60, StoredCount: 2, ComputedCount: 2},
		{UserID: u.ID, Month: "2026-03", Currency: "USD", Category: centavo.CatGas, StoredCents: -7, ComputedCents: 0, StoredCount: 1, ComputedCount: 0},
	}
	if !reflect.DeepEqual(rep.SpendingMismatches, want) {
		t.Fatalf("Verify found mismatches\n%+v\nwant\n%+v", rep.SpendingMismatches, want)
	}
	if rep.Transactions != 4 || len(rep.DuplicateTransactions) != 0 {
		t.Fatalf("Verify counts: %+v", rep)
	}
}

func testTxRollback(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "rb@example.com")
	a := newAccount(t, s, u.ID)
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.InsertTransactions(ctx, []centavo.Transaction{txn(u, a, "R1", base, -1, centavo.CatFood)}); err != nil {
			return err
		}
		m := centavo.MonthOf(base)
		if err := tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatFood, AmountCents: -1, Count: 1}}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v, want the callback's error", err)
	}
	if list, _ := s.Transactions(ctx, store.TransactionFilter{UserID: u.ID, Limit: 10}); len(list) != 0 {
		t.Fatalf("rolled back insert is visible: %+v", list)
	}
	if rows, _ := s.MonthlySpending(ctx, u.ID, centavo.MonthOf(base)); len(rows) != 0 {
		t.Fatalf("rolled back aggregate is visible: %+v", rows)
	}
}

type probeArgs struct {
	N int `json:"n"`
}

func (probeArgs) Kind() string { return "storetest_probe" }

type probeWorker struct {
	river.WorkerDefaults[probeArgs]
	s    store.Store
	seen *atomic.Int64
}

func (w *probeWorker) Work(ctx context.Context, job *river.Job[probeArgs]) error {
	// Complete the job in the same transaction as its effect.
	return w.s.InTx(ctx, func(tx store.Tx) error {
		w.seen.Add(int64(job.Args.N))
		return tx.CompleteJob(ctx, job.JobRow)
	})
}

func testJobsInTx(t *testing.T, s store.Store) {
	ctx := context.Background()
	var seen atomic.Int64
	workers := river.NewWorkers()
	river.AddWorker(workers, &probeWorker{s: s, seen: &seen})
	q, err := s.NewQueue(&river.Config{
		Workers:           workers,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		FetchPollInterval: 20 * time.Millisecond,
		FetchCooldown:     5 * time.Millisecond,
		TestOnly:          true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(stopCtx)
	})
	// A rolled-back transaction's job never runs; a committed one's does.
	_ = s.InTx(ctx, func(tx store.Tx) error {
		if err := tx.Enqueue(ctx, river.InsertManyParams{Args: probeArgs{N: 100}}); err != nil {
			t.Error(err)
		}
		return errors.New("roll back")
	})
	write(t, s, func(tx store.Tx) error { return tx.Enqueue(ctx, river.InsertManyParams{Args: probeArgs{N: 1}}) })
	if err := q.InsertMany(ctx, []river.InsertManyParams{{Args: probeArgs{N: 10}}}); err != nil {
		t.Fatal(err)
	}
	// Wait until the queue is idle (every probe job finalized), then judge:
	// it holds exactly the two committed jobs, both completed. The
	// rolled-back one was never inserted, so it cannot run later either.
	var got []string
	for expired := time.After(20 * time.Second); ; {
		var idle bool
		got, idle = probeJobs(t, q)
		if idle {
			break
		}
		select {
		case <-expired:
			t.Fatalf("probe jobs not finished after 20s: %v", got)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if want := []string{"10:completed", "1:completed"}; !slices.Equal(got, want) {
		t.Fatalf("probe jobs in the queue: %v, want %v (the rolled-back job must not exist)", got, want)
	}
	if got := seen.Load(); got != 11 {
		t.Fatalf("jobs worked sum = %d, want 11 (the rolled-back job must not run)", got)
	}
}

// probeJobs lists the probe jobs as "N:state", sorted, and whether all of
// them are finalized.
func probeJobs(t *testing.T, q queue.Client) ([]string, bool) {
	t.Helper()
	jobs, err := q.Jobs(context.Background(), probeArgs{}.Kind())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	idle := true
	for _, j := range jobs {
		var a probeArgs
		if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d:%s", a.N, j.State))
		idle = idle && j.FinalizedAt != nil
	}
	sort.Strings(got)
	return got, idle
}
