package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testBalanceBlocks: reports recorded out of order over many blocks of
// days (1969 included, where a block spans both sides of day 0) read back
// by day, whole and from any day on; a later report of a day replaces its
// block's entry; Verify finds the blocks in step with the reports and a
// rebuild changes nothing.
func testBalanceBlocks(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "blocks@example.com")
	a := newAccount(t, s, u.ID)
	b := newAccount(t, s, u.ID)
	record := func(bal centavo.Balance) {
		t.Helper()
		write(t, s, func(tx store.Tx) error {
			kept, err := tx.RecordBalance(ctx, bal)
			if err == nil && !kept {
				t.Fatalf("report %+v not kept", bal)
			}
			return err
		})
	}
	days := []centavo.Day{-70, -33, -32, -31, -5, 0, 7, 31, 32, 40, 63, 64, 20_000, 20_031, 20_032}
	var want []centavo.Balance
	for i, d := range days {
		at := time.Unix(int64(d)*86400+3600, 0).UTC()
		bal := centavo.Balance{UserID: u.ID, AccountID: a.ID, Day: d, Cents: int64(1000 + i), AsOf: at}
		if i%3 == 0 {
			v := int64(-i)
			bal.AvailableCents = &v
		}
		want = append(want, bal)
	}
	for i := len(want) - 1; i >= 0; i -= 2 {
		record(want[i])
	}
	for i := len(want) - 2; i >= 0; i -= 2 {
		record(want[i])
	}
	other := centavo.Balance{UserID: u.ID, AccountID: b.ID, Day: 35, Cents: -5, AsOf: time.Unix(35*86400, 0).UTC()}
	record(other)
	// A later report of day 31 replaces the one kept.
	want[7].Cents, want[7].AsOf = 77, want[7].AsOf.Add(time.Hour)
	record(want[7])

	for _, since := range []centavo.Day{-1000, -70, -40, -32, -31, -6, 0, 1, 31, 32, 33, 64, 19_999, 20_032, 20_033} {
		var exp []centavo.Balance
		for _, bal := range want {
			if bal.Day >= since {
				exp = append(exp, bal)
			}
		}
		got, err := s.Balances(ctx, store.DayFilter{UserID: u.ID, AccountID: a.ID, Since: since})
		if err != nil || len(got) != len(exp) || (len(exp) > 0 && !reflect.DeepEqual(got, exp)) {
			t.Fatalf("balances since %d: %+v (%v), want %+v", since, got, err, exp)
		}
	}
	all, err := s.Balances(ctx, store.DayFilter{UserID: u.ID, Since: -1000})
	if err != nil || !reflect.DeepEqual(all, append(append([]centavo.Balance{}, want...), other)) {
		t.Fatalf("both accounts' balances: %+v %v", all, err)
	}
	rep, err := s.Verify(ctx)
	if err != nil || len(rep.BlockMismatches) != 0 || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep.BlockMismatches, err)
	}
	if n, err := s.RebuildAccountDays(ctx); err != nil || n != 0 {
		t.Fatalf("rebuilding blocks that match: %d changed, %v", n, err)
	}
}
