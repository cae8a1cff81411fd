package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testBalances: a reported balance is kept per account and day, a later
// report of the same day replaces it and an earlier one does not; the
// latest (by day) of each account is read back; another user's account is
// not found; a manual account keeps its kind; and the accounts' net
// amounts per day follow the posted rows as they are inserted and deleted
// (pending rows count nowhere), which Verify checks; RebuildAccountDays
// then changes nothing.
func testBalances(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "standing@example.com")
	v := newUser(t, s, "other@example.com")
	a := newAccount(t, s, u.ID)
	record := func(b centavo.Balance) (bool, error) {
		var kept bool
		err := s.InTx(ctx, func(tx store.Tx) error {
			var err error
			kept, err = tx.RecordBalance(ctx, b)
			return err
		})
		return kept, err
	}
	day := centavo.DayOf(base)
	avail := int64(900)
	first := centavo.Balance{UserID: u.ID, AccountID: a.ID, Day: day, Cents: 1000, AvailableCents: &avail, AsOf: base}
	if kept, err := record(first); err != nil || !kept {
		t.Fatalf("first report: %v %v", kept, err)
	}
	if kept, err := record(centavo.Balance{UserID: u.ID, AccountID: a.ID, Day: day, Cents: 5, AsOf: base.Add(-time.Hour)}); err != nil || kept {
		t.Fatalf("an earlier report of the same day: kept %v, %v", kept, err)
	}
	later := centavo.Balance{UserID: u.ID, AccountID: a.ID, Day: day, Cents: 1100, AsOf: base.Add(time.Hour)}
	if kept, err := record(later); err != nil || !kept {
		t.Fatalf("a later report of the same day: %v %v", kept, err)
	}
	older := centavo.Balance{UserID: u.ID, AccountID: a.ID, Day: day - 3, Cents: 700, AsOf: base.Add(2 * time.Hour)}
	if kept, err := record(older); err != nil || !kept {
		t.Fatalf("a report of an earlier day: %v %v", kept, err)
	}
	if _, err := record(centavo.Balance{UserID: v.ID, AccountID: a.ID, Day: day, Cents: 1, AsOf: base}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another user's account: %v", err)
	}
	all, err := s.Balances(ctx, store.DayFilter{UserID: u.ID})
	if err != nil || !reflect.DeepEqual(all, []centavo.Balance{older, later}) {
		t.Fatalf("balances %+v (%v), want %+v", all, err, []centavo.Balance{older, later})
	}
	if since, err := s.Balances(ctx, store.DayFilter{UserID: u.ID, AccountID: a.ID, Since: day}); err != nil || len(since) != 1 || since[0].Cents != 1100 {
		t.Fatalf("balances since %v: %+v %v", day, since, err)
	}
	if latest, err := s.LatestBalances(ctx, u.ID); err != nil || !reflect.DeepEqual(latest, []centavo.Balance{later}) {
		t.Fatalf("latest %+v %v", latest, err)
	}
	if others, err := s.LatestBalances(ctx, v.ID); err != nil || len(others) != 0 {
		t.Fatalf("the other user's balances: %+v %v", others, err)
	}

	manual := centavo.Account{UserID: u.ID, Connector: centavo.ConnectorManual, Name: "Mortgage", Type: "manual", Kind: centavo.KindLiability,
		Currency: "USD", SealedCredentials: []byte{}, Status: centavo.AccountOK, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateAccount(ctx, &manual) })
	if got, err := s.Account(ctx, u.ID, manual.ID); err != nil || got.Kind != centavo.KindLiability || centavo.AccountKind(got) != centavo.KindLiability {
		t.Fatalf("manual account %+v %v", got, err)
	}

	testAccountDays(t, s, u, a)
}

// testAccountDays: the net amounts per day follow inserts and deletes.
func testAccountDays(t *testing.T, s store.Store, u centavo.User, a centavo.Account) {
	ctx := context.Background()
	pending := txn(u, a, "P1", base, -999, "food")
	pending.Pending = true
	rows := []centavo.Transaction{
		txn(u, a, "A1", base, -100, "food"), txn(u, a, "A2", base.Add(time.Hour), -50, "food"),
		txn(u, a, "A3", base.Add(48*time.Hour), 400, "income"), pending,
	}
	var inserted []centavo.Transaction
	write(t, s, func(tx store.Tx) error {
		var err error
		inserted, err = tx.InsertTransactions(ctx, rows)
		return err
	})
	day := centavo.DayOf(base)
	days := func() []store.AccountDay {
		t.Helper()
		got, err := s.AccountDays(ctx, store.DayFilter{UserID: u.ID, AccountID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := []store.AccountDay{{AccountID: a.ID, Day: day, AmountCents: -150, Count: 2}, {AccountID: a.ID, Day: day + 2, AmountCents: 400, Count: 1}}
	if got := days(); !reflect.DeepEqual(got, want) {
		t.Fatalf("days %+v, want %+v", got, want)
	}
	if got, err := s.AccountDays(ctx, store.DayFilter{UserID: u.ID, Since: day + 1}); err != nil || len(got) != 1 || got[0].Day != day+2 {
		t.Fatalf("days since %v: %+v %v", day+1, got, err)
	}
	write(t, s, func(tx store.Tx) error {
		_, err := tx.DeleteTransactions(ctx, u.ID, []int64{inserted[2].ID, inserted[3].ID})
		return err
	})
	if got := days(); !reflect.DeepEqual(got, want[:1]) {
		t.Fatalf("days after deleting %+v, want %+v", got, want[:1])
	}
	rep, err := s.Verify(ctx)
	if err != nil || len(rep.DayMismatches) != 0 {
		t.Fatalf("verify: %+v %v", rep.DayMismatches, err)
	}
	// Days kept right by every change: a rebuild changes nothing.
	if n, err := s.RebuildAccountDays(ctx); err != nil || n != 0 {
		t.Fatalf("rebuilding days that match: %d changed, %v", n, err)
	}
	if got := days(); !reflect.DeepEqual(got, want[:1]) {
		t.Fatalf("days after the rebuild %+v, want %+v", got, want[:1])
	}
	// A row before 1970 is on the day before day 0 on both engines, as
	// centavo.DayOf floors (SQLite's integer division would truncate).
	old := txn(u, a, "A0", time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC), -70, "food")
	write(t, s, func(tx store.Tx) error {
		_, err := tx.InsertTransactions(ctx, []centavo.Transaction{old})
		return err
	})
	if got, err := s.AccountDays(ctx, store.DayFilter{UserID: u.ID, AccountID: a.ID, Since: -10}); err != nil || len(got) != 2 || got[0].Day != -1 || got[0].AmountCents != -70 {
		t.Fatalf("days with a row of 1969-12-31: %+v %v, want day -1 first", got, err)
	}
	if rep, err := s.Verify(ctx); err != nil || len(rep.DayMismatches) != 0 {
		t.Fatalf("verify with a row of 1969-12-31: %+v %v", rep.DayMismatches, err)
	}
	if n, err := s.RebuildAccountDays(ctx); err != nil || n != 0 {
		t.Fatalf("rebuilding with a row of 1969-12-31: %d changed, %v", n, err)
	}
}
