package ledger

import (
	"context"
	"slices"
	"sort"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// TestTransactions: pages of a user's transactions come newest first, the
// cursor of each page leads to the next without loss or repetition, the
// last page has no cursor (also when it is exactly full), filters by month
// and account hold, and bad limits and cursors are client errors.
func TestTransactions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, false)
	user, acct := f.newUser("pages@example.com", "USD")
	card := f.newAccount(user)
	other, otherAcct := f.newUser("other@example.com", "USD")
	var list []txn
	for d := range 7 {
		list = append(list, txn{acct, f.day(d * 3), -int64(100 * (d + 1)), centavo.CatFood, "market"})
	}
	list = append(list,
		txn{acct, f.day(5), -900, centavo.CatFood, "market"}, // the same instant as the next: ordered by id
		txn{card, f.day(5), -901, centavo.CatShopping, "store"},
		txn{card, f.month.Start(), -50, centavo.CatGas, "pump"},
		txn{card, f.prev.Add(-1).Start(), -60, centavo.CatGas, "pump"},
	)
	mine := f.insert(user, list...)
	f.insert(other, txn{otherAcct, f.day(4), -1, centavo.CatFood, "market"}, txn{otherAcct, f.month.Start(), -2, centavo.CatFood, "market"})

	// want lists the user's transactions that pass keep, newest first.
	want := func(keep func(centavo.Transaction) bool) []int64 {
		var ids []centavo.Transaction
		for _, x := range mine {
			if keep(x) {
				ids = append(ids, x)
			}
		}
		sort.Slice(ids, func(i, j int) bool {
			if !ids[i].PostedAt.Equal(ids[j].PostedAt) {
				return ids[i].PostedAt.After(ids[j].PostedAt)
			}
			return ids[i].ID > ids[j].ID
		})
		out := make([]int64, len(ids))
		for i, x := range ids {
			out[i] = x.ID
		}
		return out
	}
	all := func(centavo.Transaction) bool { return true }
	cases := []struct {
		name  string
		q     Query
		want  []int64
		pages []int
	}{
		{"everything, three a page", Query{Limit: 3}, want(all), []int{3, 3, 3, 2}},
		{"the default limit", Query{}, want(all), []int{11}},
		{"one a page", Query{Limit: 1}, want(all), []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"last month", Query{Month: f.prev, Limit: 4}, want(func(x centavo.Transaction) bool { return centavo.MonthOf(x.PostedAt) == f.prev }), []int{4, 4, 1}},
		{"this month", Query{Month: f.month, Limit: 4}, want(func(x centavo.Transaction) bool { return centavo.MonthOf(x.PostedAt) == f.month }), []int{1}},
		{"one account, pages exactly full", Query{AccountID: card, Limit: 3}, want(func(x centavo.Transaction) bool { return x.AccountID == card }), []int{3}},
		{"one account and month", Query{AccountID: card, Month: f.prev, Limit: 500}, want(func(x centavo.Transaction) bool {
			return x.AccountID == card && centavo.MonthOf(x.PostedAt) == f.prev
		}), []int{1}},
		{"another user's account", Query{AccountID: otherAcct}, nil, []int{0}},
		{"a month without transactions", Query{Month: f.month.Add(1)}, nil, []int{0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			var sizes []int
			q := tc.q
			for {
				p, err := f.svc.Transactions(ctx, user, q)
				if err != nil {
					t.Fatal(err)
				}
				sizes = append(sizes, len(p.Transactions))
				for _, x := range p.Transactions {
					if x.UserID != user {
						t.Fatalf("transaction of user %d in the page", x.UserID)
					}
					got = append(got, x.ID)
				}
				if p.NextCursor == "" {
					break
				}
				if len(sizes) > 20 {
					t.Fatal("the cursor never ends")
				}
				q.Cursor = p.NextCursor
			}
			if !slices.Equal(got, tc.want) || !slices.Equal(sizes, tc.pages) {
				t.Errorf("got %v in pages %v, want %v in pages %v", got, sizes, tc.want, tc.pages)
			}
		})
	}

	for _, q := range []Query{{Limit: -1}, {Limit: MaxLimit + 1}, {Cursor: "!!"}, {Cursor: "YWJj"}, {Cursor: encodeCursor(store.Cursor{PostedAt: f.now, ID: 0})}} {
		if _, err := f.svc.Transactions(ctx, user, q); centavo.ErrorCode(err) != centavo.EBADREQUEST {
			t.Errorf("Transactions(%+v): %v, want a bad request", q, err)
		}
	}
	if p, err := f.svc.Transactions(ctx, user, Query{Limit: MaxLimit}); err != nil || len(p.Transactions) != len(mine) {
		t.Errorf("limit %d: %d transactions, %v", MaxLimit, len(p.Transactions), err)
	}
}
