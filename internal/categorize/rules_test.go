package categorize

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// votesFixture is a SQLite store with users whose transactions span the
// given months, for RecordVote.
type votesFixture struct {
	t   *testing.T
	db  *sqlite.DB
	now time.Time
}

func newVotesFixture(t *testing.T) *votesFixture {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "votes.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &votesFixture{t: t, db: db, now: time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)}
}

// user signs up a user at created with one transaction in each of months
// (counted back from now's month: 0 is this month).
func (f *votesFixture) user(email string, created time.Time, months ...int) int64 {
	f.t.Helper()
	ctx := context.Background()
	u := centavo.User{Email: email, PasswordHash: "x", Currency: "USD", CreatedAt: created, LastActiveAt: created}
	f.write(func(tx store.Tx) error { return tx.CreateUser(ctx, &u) })
	a := centavo.Account{UserID: u.ID, Connector: centavo.ConnectorFile, Name: "Cash", Type: "file", Currency: "USD", SealedCredentials: []byte{}, Status: centavo.AccountOK, CreatedAt: created}
	f.write(func(tx store.Tx) error { return tx.CreateAccount(ctx, &a) })
	var txns []centavo.Transaction
	for i, m := range months {
		txns = append(txns, centavo.Transaction{
			UserID: u.ID, AccountID: a.ID, InstitutionID: fmt.Sprintf("%s-%d", email, i), PostedAt: f.now.AddDate(0, -m, 0),
			Seller: "SHOP", Merchant: "Shop", MerchantKey: "SHOP", AmountCents: -100, Currency: "USD",
			Category: centavo.CatShopping, CategorySource: centavo.SourceCrowd,
		})
	}
	if len(txns) > 0 {
		f.write(func(tx store.Tx) error {
			in, err := tx.InsertTransactions(ctx, txns)
			if err != nil {
				return err
			}
			deltas, err := store.SumDeltas(in, 1)
			if err != nil {
				return err
			}
			return tx.AddMonthlySpending(ctx, u.ID, deltas)
		})
	}
	return u.ID
}

func (f *votesFixture) write(fn func(tx store.Tx) error) {
	f.t.Helper()
	if err := f.db.InTx(context.Background(), fn); err != nil {
		f.t.Fatal(err)
	}
}

func (f *votesFixture) vote(user int64, merchant, category string, at time.Time) {
	f.t.Helper()
	f.write(func(tx store.Tx) error {
		return RecordVote(context.Background(), tx, store.CrowdVote{UserID: user, MerchantKey: merchant, Category: category, At: at})
	})
}

// counts is the shard's non-zero counts, "merchant/category" → voters.
func (f *votesFixture) counts() map[string]int64 {
	f.t.Helper()
	all, err := f.db.CrowdCounts(context.Background(), time.Time{})
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]int64{}
	for _, c := range all {
		if c.Voters != 0 {
			out[c.MerchantKey+"/"+c.Category] = c.Voters
		}
	}
	return out
}

func (f *votesFixture) wantCounts(step string, want map[string]int64) {
	f.t.Helper()
	got := f.counts()
	if len(got) != len(want) {
		f.t.Fatalf("%s: counts %v, want %v", step, got, want)
	}
	for k, n := range want {
		if got[k] != n {
			f.t.Fatalf("%s: counts %v, want %v", step, got, want)
		}
	}
}

// TestEstablished: an account counts from TrustedAge after sign-up, with
// transactions in TrustedMonths months.
func TestEstablished(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		v    store.Voter
		want bool
	}{
		{"signed up today", store.Voter{CreatedAt: now, Months: 5}, false},
		{"a second short of 14 days", store.Voter{CreatedAt: now.Add(-TrustedAge + time.Second), Months: 2}, false},
		{"14 days, two months", store.Voter{CreatedAt: now.Add(-TrustedAge), Months: 2}, true},
		{"a year, one month", store.Voter{CreatedAt: now.AddDate(-1, 0, 0), Months: 1}, false},
		{"a year, no transactions", store.Voter{CreatedAt: now.AddDate(-1, 0, 0)}, false},
		{"signed up after now (another clock)", store.Voter{CreatedAt: now.Add(time.Hour), Months: 2}, false},
	} {
		if got := Established(tc.v, now); got != tc.want {
			t.Errorf("%s: Established = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestRecordVoteTrust: fresh accounts' votes are kept but not counted; an
// established user's are; a user who becomes established has their
// earlier votes counted with their next one; a counted vote replaced by
// one that does not count leaves the counts; withdrawn votes leave them.
func TestRecordVoteTrust(t *testing.T) {
	t.Parallel()
	f := newVotesFixture(t)
	day := 24 * time.Hour
	var fresh [3]int64
	for i := range fresh {
		fresh[i] = f.user(fmt.Sprintf("fresh%d@example.com", i), f.now.Add(-day), 0, 1)
	}
	oneMonth := f.user("one-month@example.com", f.now.AddDate(-1, 0, 0), 0)
	old := f.user("old@example.com", f.now.AddDate(-1, 0, 0), 0, 1, 2)

	for _, u := range fresh {
		f.vote(u, "ZORBLAX WIDGET EMPORIUM", centavo.CatIncome, f.now)
	}
	f.vote(oneMonth, "ZORBLAX WIDGET EMPORIUM", centavo.CatIncome, f.now)
	f.wantCounts("fresh and one-month accounts voted", map[string]int64{})

	f.vote(old, "HARBOR NOODLE HOUSE", centavo.CatRestaurants, f.now)
	f.wantCounts("an established user voted", map[string]int64{"HARBOR NOODLE HOUSE/restaurants": 1})

	// 13 days after sign-up the fresh accounts are still fresh.
	later := f.now.Add(12 * day)
	f.vote(fresh[0], "CORNER DELI", centavo.CatFood, later)
	f.wantCounts("13 days after sign-up", map[string]int64{"HARBOR NOODLE HOUSE/restaurants": 1})

	// 14 days after sign-up: the next vote counts, and so do the earlier.
	later = f.now.Add(13 * day)
	f.vote(fresh[0], "HARBOR NOODLE HOUSE", centavo.CatRestaurants, later)
	f.wantCounts("14 days after sign-up", map[string]int64{
		"HARBOR NOODLE HOUSE/restaurants": 2, "ZORBLAX WIDGET EMPORIUM/income": 1, "CORNER DELI/food": 1,
	})
	// Voting again, and changing one's mind, is still one vote.
	f.vote(fresh[0], "HARBOR NOODLE HOUSE", centavo.CatRestaurants, later)
	f.vote(fresh[0], "CORNER DELI", centavo.CatRestaurants, later)
	f.wantCounts("changed their mind", map[string]int64{
		"HARBOR NOODLE HOUSE/restaurants": 2, "ZORBLAX WIDGET EMPORIUM/income": 1, "CORNER DELI/restaurants": 1,
	})

	// The one-month user's second month makes them established at their
	// next vote; their earlier one counts then.
	f.write(func(tx store.Tx) error {
		return tx.AddMonthlySpending(context.Background(), oneMonth, []store.SpendingDelta{{Currency: "USD", Month: centavo.MonthOf(f.now).Add(-1), Category: centavo.CatFood, AmountCents: -1, Count: 1}})
	})
	f.vote(oneMonth, "HARBOR NOODLE HOUSE", centavo.CatFood, later)
	f.wantCounts("the one-month user's second month", map[string]int64{
		"HARBOR NOODLE HOUSE/restaurants": 2, "HARBOR NOODLE HOUSE/food": 1, "ZORBLAX WIDGET EMPORIUM/income": 2, "CORNER DELI/restaurants": 1,
	})

	// Losing a month (an account deleted) makes the next vote not count;
	// the counted vote it replaces leaves the counts.
	f.write(func(tx store.Tx) error {
		return tx.AddMonthlySpending(context.Background(), oneMonth, []store.SpendingDelta{{Currency: "USD", Month: centavo.MonthOf(f.now).Add(-1), Category: centavo.CatFood, AmountCents: 1, Count: -1}})
	})
	f.vote(oneMonth, "HARBOR NOODLE HOUSE", centavo.CatGas, later)
	f.wantCounts("a vote of a user no longer established", map[string]int64{
		"HARBOR NOODLE HOUSE/restaurants": 2, "ZORBLAX WIDGET EMPORIUM/income": 2, "CORNER DELI/restaurants": 1,
	})

	// Withdrawn: the votes that counted leave the counts.
	for _, u := range []int64{fresh[0], oneMonth, fresh[1]} {
		f.write(func(tx store.Tx) error { return WithdrawVotes(context.Background(), tx, u, later) })
	}
	f.wantCounts("votes withdrawn", map[string]int64{"HARBOR NOODLE HOUSE/restaurants": 1})
}
