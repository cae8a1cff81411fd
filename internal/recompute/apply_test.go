package recompute_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/store"
)

// TestApply: transactions stored with their aggregates, as ingest does,
// and logged: the recomputed month equals the stored aggregates. Corrupted
// aggregates — a wrong amount, a row without transactions — are found,
// Apply replaces exactly the affected user's month, and then the logs and
// the database agree again; the other user and the other month are left
// alone, and recomputing and applying again changes nothing.
func TestApply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t)
	cluster := store.Single{Store: f.db}
	alice, aliceAcct := f.newUser("alice@example.com")
	bob, bobAcct := f.newUser("bob@example.com")
	f.storeAndLog(
		centavo.Transaction{UserID: alice, AccountID: aliceAcct, InstitutionID: "1", PostedAt: f.day(1), AmountCents: -1000, Category: centavo.CatFood},
		centavo.Transaction{UserID: alice, AccountID: aliceAcct, InstitutionID: "2", PostedAt: f.day(2), AmountCents: -2500, Category: centavo.CatFood},
		centavo.Transaction{UserID: alice, AccountID: aliceAcct, InstitutionID: "3", PostedAt: f.day(3), AmountCents: 300000, Category: centavo.CatIncome},
		centavo.Transaction{UserID: alice, AccountID: aliceAcct, InstitutionID: "4", PostedAt: f.month.Start(), AmountCents: -99, Category: centavo.CatGas},
		centavo.Transaction{UserID: bob, AccountID: bobAcct, InstitutionID: "1", PostedAt: f.day(1), AmountCents: -700, Category: centavo.CatHealth},
	)
	stored := func(m centavo.Month) []store.UserSpending {
		t.Helper()
		rows, err := f.db.SpendingOfMonth(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	computed := f.run(t, f.prev)
	want := []store.UserSpending{
		row(alice, centavo.CatFood, -3500, 2), row(alice, centavo.CatIncome, 300000, 1), row(bob, centavo.CatHealth, -700, 1),
	}
	if !reflect.DeepEqual(computed, want) {
		t.Fatalf("recomputed %+v, want %+v", computed, want)
	}
	if d := recompute.Compare(computed, stored(f.prev)); len(d) != 0 {
		t.Fatalf("consistent data differs: %+v", d)
	}
	thisMonth := stored(f.month)

	f.corrupt(alice, store.SpendingDelta{Currency: "USD", Month: f.prev, Category: centavo.CatFood, AmountCents: 777},
		store.SpendingDelta{Currency: "USD", Month: f.prev, Category: centavo.CatTravel, AmountCents: -5, Count: 1})
	diffs := recompute.Compare(computed, stored(f.prev))
	wantDiffs := []recompute.Diff{
		{UserID: alice, Category: centavo.CatFood, Currency: "USD", StoredCents: -3500 + 777, ComputedCents: -3500, StoredCount: 2, ComputedCount: 2},
		{UserID: alice, Category: centavo.CatTravel, Currency: "USD", StoredCents: -5, StoredCount: 1},
	}
	if !reflect.DeepEqual(diffs, wantDiffs) {
		t.Fatalf("diffs %+v, want %+v", diffs, wantDiffs)
	}
	for i := range 2 {
		if err := recompute.Apply(ctx, cluster, f.prev, computed, diffs); err != nil {
			t.Fatal(err)
		}
		if d := recompute.Compare(computed, stored(f.prev)); len(d) != 0 {
			t.Errorf("apply %d: still differs: %+v", i+1, d)
		}
	}
	if got := f.run(t, f.prev); !reflect.DeepEqual(got, computed) {
		t.Errorf("recomputed again: %+v, want %+v", got, computed)
	}
	if got := stored(f.month); !reflect.DeepEqual(got, thisMonth) {
		t.Errorf("this month's aggregates changed: %+v → %+v", thisMonth, got)
	}
	r, err := f.db.Verify(ctx)
	if err != nil || !r.OK() {
		t.Errorf("verify after apply: %+v, %v", r, err)
	}
}

// TestApplyPerCurrency: the logs carry each transaction's currency, so a
// month is recomputed per currency: an aggregate moved from one currency
// to another (the sum across currencies unchanged) is found and repaired.
// A log line written before logs had the currency cannot be applied.
func TestApplyPerCurrency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t)
	cluster := store.Single{Store: f.db}
	carol, acct := f.newUser("carol@example.com")
	f.storeAndLog(
		centavo.Transaction{UserID: carol, AccountID: acct, InstitutionID: "1", PostedAt: f.day(1), AmountCents: -1000, Category: centavo.CatFood},
		centavo.Transaction{UserID: carol, AccountID: acct, InstitutionID: "2", PostedAt: f.day(2), AmountCents: -2000, Category: centavo.CatFood, Currency: "EUR"},
	)
	computed := f.run(t, f.prev)
	eur := row(carol, centavo.CatFood, -2000, 1)
	eur.Currency = "EUR"
	if want := []store.UserSpending{eur, row(carol, centavo.CatFood, -1000, 1)}; !reflect.DeepEqual(computed, want) {
		t.Fatalf("recomputed %+v, want %+v", computed, want)
	}
	f.corrupt(carol, store.SpendingDelta{Currency: "EUR", Month: f.prev, Category: centavo.CatFood, AmountCents: 500},
		store.SpendingDelta{Currency: "USD", Month: f.prev, Category: centavo.CatFood, AmountCents: -500})
	stored, err := f.db.SpendingOfMonth(ctx, f.prev)
	if err != nil {
		t.Fatal(err)
	}
	diffs := recompute.Compare(computed, stored)
	if len(diffs) != 2 || diffs[0].Currency != "EUR" || diffs[0].StoredCents != -1500 || diffs[1].Currency != "USD" || diffs[1].StoredCents != -1500 {
		t.Fatalf("diffs %+v", diffs)
	}
	if err := recompute.Apply(ctx, cluster, f.prev, computed, diffs); err != nil {
		t.Fatal(err)
	}
	if r, err := f.db.Verify(ctx); err != nil || !r.OK() {
		t.Fatalf("verify after apply: %+v, %v", r, err)
	}
	old := []store.UserSpending{row(carol, centavo.CatFood, -3000, 2)}
	old[0].Currency = "" // what a log without the currency column recomputes to
	if err := recompute.Apply(ctx, cluster, f.prev, old, []recompute.Diff{{UserID: carol, Category: centavo.CatFood}}); err == nil {
		t.Fatal("rows without a currency were applied")
	}
}

// newUser stores a user with an account.
func (f *fixture) newUser(email string) (userID, accountID int64) {
	f.t.Helper()
	ctx := context.Background()
	u := centavo.User{Email: email, PasswordHash: "x", Currency: "USD", CreatedAt: f.now()}
	a := centavo.Account{Connector: centavo.ConnectorOFX, Name: "Checking", Type: "checking", Currency: "USD",
		Institution:       centavo.Institution{URL: "http://bank.example/ofx", Org: "BANK", FID: "1", BankID: "1", AccountID: email},
		SealedCredentials: []byte{1}, Status: centavo.AccountOK, CreatedAt: f.now()}
	f.write(func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		a.UserID = u.ID
		return tx.CreateAccount(ctx, &a)
	})
	return u.ID, a.ID
}

// storeAndLog inserts transactions with their aggregates, and logs them as one
// download per account on the clock's month's first day.
func (f *fixture) storeAndLog(txns ...centavo.Transaction) {
	f.t.Helper()
	ctx := context.Background()
	type acct struct{ user, id int64 }
	logs := map[acct][]objstore.LogLine{}
	var order []acct
	for i := range txns {
		if txns[i].Currency == "" {
			txns[i].Currency = "USD"
		}
		txns[i].CategorySource, txns[i].Seller = centavo.SourceSeed, "SELLER "+txns[i].InstitutionID
		t := txns[i]
		f.write(func(tx store.Tx) error {
			ins, err := tx.InsertTransactions(ctx, []centavo.Transaction{t})
			if err != nil {
				return err
			}
			deltas, err := store.SumDeltas(ins, 1)
			if err != nil {
				return err
			}
			return tx.AddMonthlySpending(ctx, t.UserID, deltas)
		})
		k := acct{t.UserID, t.AccountID}
		if logs[k] == nil {
			order = append(order, k)
		}
		logs[k] = append(logs[k], objstore.LogLine{PostedAt: t.PostedAt, Seller: t.Seller, AmountCents: t.AmountCents,
			InstitutionID: t.InstitutionID, Category: t.Category, Currency: t.Currency})
	}
	for i, k := range order {
		f.putLog(f.month.Start(), k.user, k.id, int64(100+i), logs[k]...)
	}
}

// corrupt adds deltas to a user's aggregates behind the ledger's back.
func (f *fixture) corrupt(userID int64, deltas ...store.SpendingDelta) {
	f.t.Helper()
	f.write(func(tx store.Tx) error { return tx.AddMonthlySpending(context.Background(), userID, deltas) })
}

func (f *fixture) write(fn func(tx store.Tx) error) {
	f.t.Helper()
	if err := f.db.InTx(context.Background(), fn); err != nil {
		f.t.Fatal(err)
	}
}
