package recompute_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/store"
)

// TestRun rebuilds two months from logs and events and expects the sums
// per user and category the ledger should hold: a transaction seen by
// several downloads counts once, with the category of its first sighting;
// a pending row and the posted row of the same id are two, unless a drop
// event removes one; equal ids on two accounts are two transactions;
// category changes apply in the order they happened, not the order of
// their objects; a removed account counts for nothing; each month holds
// only its own transactions. Running again gives the same rows and leaves
// no intermediate objects behind.
func TestRun(t *testing.T) {
	t.Parallel()
	f := setup(t)
	const alice, bob = 1, 2
	const checking, card, bobChecking, bobClosed = 10, 11, 20, 21
	logDay := f.month.Start() // every download happened on the clock's month's first day
	line := func(id string, posted time.Time, cents int64, category string, pending bool) objstore.LogLine {
		return objstore.LogLine{PostedAt: posted, Seller: "SELLER " + id, AmountCents: cents, InstitutionID: id, Category: category, Pending: pending, Currency: "USD"}
	}
	f.putLog(logDay, alice, checking, 5,
		line("a", f.day(3), -1000, centavo.CatFood, false),
		line("b", f.day(4), -2000, centavo.CatRestaurants, false),
		line("c", f.month.Start(), -300, centavo.CatGas, false),
		line("d", f.day(5), -700, centavo.CatShopping, true),
		line("e", f.day(6), 50000, centavo.CatIncome, false),
		line("g", f.day(9), -100, centavo.CatFood, true),
	)
	// A later download sees a again (categorized otherwise by then), and d posted.
	f.putLog(logDay, alice, checking, 7,
		line("a", f.day(3), -1000, centavo.CatShopping, false),
		line("d", f.day(5), -700, centavo.CatShopping, false),
		line("f", f.day(7), -400, centavo.CatFood, false),
		line("g", f.day(9), -120, centavo.CatFood, false), // posted with a tip; no drop event for its pending row
	)
	f.putLog(logDay, alice, card, 6, line("a", f.day(8), -900, centavo.CatFood, false))
	f.putLog(logDay, bob, bobChecking, 8,
		line("a", f.day(3), -1500, centavo.CatFood, false),
		line("z", f.month.Start(), -250, centavo.CatFood, false),
	)
	f.putLog(logDay, bob, bobClosed, 9,
		line("q", f.day(3), -5000, centavo.CatFood, false),
		line("r", f.month.Start(), -6000, centavo.CatFood, false),
	)
	at := func(s int) time.Time { return logDay.Add(time.Duration(s) * time.Second) }
	b := jobargs.ArchiveEvent{Event: objstore.EventCategory, UserID: alice, AccountID: checking, InstitutionID: "b", PostedAt: f.day(4), AmountCents: -2000}
	// The later change is in the object that lists first, in the same
	// second as the earlier one, with a fraction whose text is longer
	// (.15 after .1: not the order of the times written as text).
	second, first := b, b
	second.At, second.Category = at(2).Add(150*time.Millisecond), centavo.CatEntertainment
	first.At, first.Category = at(2).Add(100*time.Millisecond), centavo.CatGiftsDonations
	f.writeEvent(1, second)
	f.writeEvent(2, first)
	f.writeDrops(3, jobargs.ArchiveDrops{At: at(3), UserID: alice, AccountID: checking,
		Rows: []jobargs.Dropped{{InstitutionID: "d", PostedAt: f.day(5), AmountCents: -700, Pending: true}}})
	f.writeEvent(4, jobargs.ArchiveEvent{Event: objstore.EventDeleteAccount, At: at(4), UserID: bob, AccountID: bobClosed})
	f.writeEvent(5, jobargs.ArchiveEvent{Event: objstore.EventCategory, At: at(5), UserID: alice, AccountID: checking,
		InstitutionID: "c", PostedAt: f.month.Start(), AmountCents: -300, Category: centavo.CatTransport})
	// The removal's job removed the closed account's log; one still there
	// (a download's archive that the removal overtook, or a removal not
	// done yet) counts for nothing all the same.
	if left := f.keys(objstore.LogKey(logDay, bob, bobClosed, 9)); len(left) != 0 {
		t.Fatalf("the removed account's log is still there: %v", left)
	}
	f.putLog(logDay, bob, bobClosed, 9,
		line("q", f.day(3), -5000, centavo.CatFood, false),
		line("r", f.month.Start(), -6000, centavo.CatFood, false),
	)

	cases := []struct {
		name  string
		month centavo.Month
		want  []store.UserSpending
	}{
		{"last month", f.prev, []store.UserSpending{
			row(alice, centavo.CatEntertainment, -2000, 1),
			row(alice, centavo.CatFood, -1000-400-900-100-120, 5),
			row(alice, centavo.CatIncome, 50000, 1),
			row(alice, centavo.CatShopping, -700, 1),
			row(bob, centavo.CatFood, -1500, 1),
		}},
		{"this month", f.month, []store.UserSpending{
			row(alice, centavo.CatTransport, -300, 1),
			row(bob, centavo.CatFood, -250, 1),
		}},
		{"the month before last", f.prev.Add(-1), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for i := range 2 {
				if got := f.run(t, tc.month); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("run %d of %s:\n got %+v\nwant %+v", i+1, tc.month, got, tc.want)
				}
			}
		})
	}
	if left := f.keys("recompute/"); len(left) != 0 {
		t.Errorf("intermediate objects left behind: %v", left)
	}
	if n := len(f.keys("log/")) + len(f.keys("events/")); n != 10 {
		t.Errorf("%d logs and events after the runs, want the 10 written", n)
	}
}

// TestCompare: a row differs when its amount or count does, and a row on
// one side only equals an empty one.
func TestCompare(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name             string
		computed, stored []store.UserSpending
		want             []recompute.Diff
	}{
		{"equal", []store.UserSpending{row(1, "food", -5, 1)}, []store.UserSpending{row(1, "food", -5, 1)}, nil},
		{"both empty", nil, nil, nil},
		{"amount", []store.UserSpending{row(1, "food", -5, 1)}, []store.UserSpending{row(1, "food", -6, 1)},
			[]recompute.Diff{{UserID: 1, Category: "food", Currency: "USD", StoredCents: -6, ComputedCents: -5, StoredCount: 1, ComputedCount: 1}}},
		{"count", []store.UserSpending{row(1, "food", -5, 2)}, []store.UserSpending{row(1, "food", -5, 1)},
			[]recompute.Diff{{UserID: 1, Category: "food", Currency: "USD", StoredCents: -5, ComputedCents: -5, StoredCount: 1, ComputedCount: 2}}},
		{"stored only", nil, []store.UserSpending{row(2, "gas", -1, 1)},
			[]recompute.Diff{{UserID: 2, Category: "gas", Currency: "USD", StoredCents: -1, StoredCount: 1}}},
		{"computed only", []store.UserSpending{row(2, "gas", -1, 1)}, nil,
			[]recompute.Diff{{UserID: 2, Category: "gas", Currency: "USD", ComputedCents: -1, ComputedCount: 1}}},
		{"an empty stored row equals none", nil, []store.UserSpending{row(2, "gas", 0, 0)}, nil},
		{"sorted by user, then category",
			[]store.UserSpending{row(2, "gas", -1, 1), row(1, "toys", -1, 1), row(1, "food", -1, 1)}, nil,
			[]recompute.Diff{
				{UserID: 1, Category: "food", Currency: "USD", ComputedCents: -1, ComputedCount: 1},
				{UserID: 1, Category: "toys", Currency: "USD", ComputedCents: -1, ComputedCount: 1},
				{UserID: 2, Category: "gas", Currency: "USD", ComputedCents: -1, ComputedCount: 1},
			}},
	}
	for _, tc := range cases {
		if got := recompute.Compare(tc.computed, tc.stored); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// TestParseResult reads a partition's sums and refuses malformed lines.
func TestParseResult(t *testing.T) {
	t.Parallel()
	got, err := recompute.ParseResult([]byte("1\tfood\t-500\t2\tUSD\n12\tincome\t70000\t1\tUSD\n"))
	want := []store.UserSpending{row(1, "food", -500, 2), row(12, "income", 70000, 1)}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseResult: %+v, %v; want %+v", got, err, want)
	}
	if got, err := recompute.ParseResult(nil); err != nil || len(got) != 0 {
		t.Errorf("an empty partition: %+v, %v", got, err)
	}
	for _, bad := range []string{"1\tfood\t-500\tUSD\n", "x\tfood\t-500\t2\tUSD\n", "1\tfood\t-5.00\t2\tUSD\n", "1\tfood\t-500\ttwo\tUSD\n", "1\tfood\t-500\t2\tUSD\textra\n"} {
		if _, err := recompute.ParseResult([]byte(bad)); err == nil {
			t.Errorf("ParseResult(%q) accepted a malformed line", bad)
		}
	}
}
