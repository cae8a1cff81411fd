package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func exerciseRules(t *testing.T, open Opener) {
	t.Run("Rules", func(t *testing.T) { t.Parallel(); testRules(t, open(t)) })
	t.Run("RecategorizeMerchant", func(t *testing.T) { t.Parallel(); testRecategorize(t, open(t)) })
	t.Run("Votes", func(t *testing.T) { t.Parallel(); testVotes(t, open(t)) })
	t.Run("Voters", func(t *testing.T) { t.Parallel(); testVoters(t, open(t)) })
	t.Run("CountVotes", func(t *testing.T) { t.Parallel(); testCountVotes(t, open(t)) })
	t.Run("PendingAndFingerprints", func(t *testing.T) { t.Parallel(); testPendingAndFingerprints(t, open(t)) })
}

func testRules(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "rules@example.com")
	v := newUser(t, s, "rules2@example.com")
	r := centavo.Rule{UserID: u.ID, MerchantKey: "LUIGIS TRATTORIA", Merchant: "Luigis Trattoria", Category: centavo.CatRestaurants, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.UpsertRule(ctx, &r) })
	again := centavo.Rule{UserID: u.ID, MerchantKey: "LUIGIS TRATTORIA", Merchant: "Luigis Trattoria", Category: centavo.CatFood, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.UpsertRule(ctx, &again) })
	if again.ID != r.ID {
		t.Fatalf("upsert made a second rule: %d, %d", r.ID, again.ID)
	}
	list, err := s.Rules(ctx, u.ID)
	if err != nil || len(list) != 1 || list[0].Category != centavo.CatFood {
		t.Fatalf("rules: %+v, %v", list, err)
	}
	if _, err := s.Rule(ctx, v.ID, r.ID); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Fatalf("another user's rule: %v", err)
	}
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.DeleteRule(ctx, v.ID, r.ID) })
	wantCode(t, err, centavo.ENOTFOUND)
	write(t, s, func(tx store.Tx) error { return tx.DeleteRule(ctx, u.ID, r.ID) })
	if list, _ := s.Rules(ctx, u.ID); len(list) != 0 {
		t.Fatalf("after delete: %+v", list)
	}
}

func testRecategorize(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "recat@example.com")
	v := newUser(t, s, "recat2@example.com")
	a := newAccount(t, s, u.ID)
	b := newAccount(t, s, v.ID)
	mk := func(user centavo.User, acct centavo.Account, id, key, cat, source string) centavo.Transaction {
		tx := txn(user, acct, id, base, -100, cat)
		tx.MerchantKey, tx.CategorySource = key, source
		return tx
	}
	insert(t, s,
		mk(u, a, "R1", "CORNER DELI", centavo.CatUncategorized, centavo.SourceNone),
		mk(u, a, "R2", "CORNER DELI", centavo.CatShopping, centavo.SourceCrowd),
		mk(u, a, "R3", "CORNER DELI", centavo.CatGas, centavo.SourceUser),  // changed by hand: kept
		mk(u, a, "R4", "CORNER DELI", centavo.CatFood, centavo.SourceSeed), // already right
		mk(u, a, "R5", "OTHER", centavo.CatUncategorized, centavo.SourceNone),
	)
	insert(t, s, mk(v, b, "R6", "CORNER DELI", centavo.CatUncategorized, centavo.SourceNone))
	var before []centavo.Transaction
	write(t, s, func(tx store.Tx) error {
		var err error
		before, err = tx.RecategorizeMerchant(ctx, store.MerchantRecategorization{
			UserID: u.ID, MerchantKey: "CORNER DELI", Category: centavo.CatFood, Source: centavo.SourceRule, Keep: []string{centavo.SourceUser},
		})
		return err
	})
	var ids []string
	for _, b := range before {
		ids = append(ids, b.InstitutionID+":"+b.Category)
	}
	if fmt.Sprint(ids) != "[R1:uncategorized R2:shopping]" {
		t.Fatalf("re-filed %v", ids)
	}
	list, _ := s.Transactions(ctx, store.TransactionFilter{UserID: u.ID, Limit: 10})
	got := map[string]string{}
	for _, l := range list {
		got[l.InstitutionID] = l.Category + "/" + l.CategorySource
	}
	if got["R1"] != "food/rule" || got["R2"] != "food/rule" || got["R3"] != "gas/user" || got["R4"] != "food/seed" || got["R5"] != "uncategorized/none" {
		t.Fatalf("after re-filing: %v", got)
	}
	other, _ := s.Transactions(ctx, store.TransactionFilter{UserID: v.ID, Limit: 10})
	if other[0].Category != centavo.CatUncategorized {
		t.Fatal("another user's transaction was re-filed")
	}
}

func testVotes(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "vote@example.com")
	t0 := base
	var old store.CrowdVote
	vote := func(v store.CrowdVote) store.CrowdVote {
		t.Helper()
		write(t, s, func(tx store.Tx) error {
			var err error
			old, err = tx.Vote(ctx, v)
			return err
		})
		return old
	}
	if old := vote(store.CrowdVote{UserID: u.ID, MerchantKey: "CORNER DELI", Category: centavo.CatFood, At: t0}); old.Category != "" || old.Counted {
		t.Fatalf("first vote replaced %+v", old)
	}
	old = vote(store.CrowdVote{UserID: u.ID, MerchantKey: "CORNER DELI", Category: centavo.CatRestaurants, At: t0.Add(time.Second), Counted: true})
	if old.Category != centavo.CatFood || old.Counted || !old.At.Equal(t0) {
		t.Fatalf("second vote replaced %+v, want food, not counted, cast at %v", old, t0)
	}
	old = vote(store.CrowdVote{UserID: u.ID, MerchantKey: "CORNER DELI", Category: centavo.CatRestaurants, At: t0.Add(2 * time.Second)})
	if old.Category != centavo.CatRestaurants || !old.Counted {
		t.Fatalf("third vote replaced %+v, want restaurants, counted", old)
	}
	write(t, s, func(tx store.Tx) error {
		if err := tx.AddCrowdCount(ctx, store.CrowdCountUpdate{MerchantKey: "CORNER DELI", Category: centavo.CatFood, Delta: 1, At: t0}); err != nil {
			return err
		}
		if err := tx.AddCrowdCount(ctx, store.CrowdCountUpdate{MerchantKey: "CORNER DELI", Category: centavo.CatFood, Delta: -1, At: t0.Add(time.Second)}); err != nil {
			return err
		}
		return tx.AddCrowdCount(ctx, store.CrowdCountUpdate{MerchantKey: "CORNER DELI", Category: centavo.CatRestaurants, Delta: 1, At: t0.Add(2 * time.Second)})
	})
	all, err := s.CrowdCounts(ctx, time.Time{})
	if err != nil || len(all) != 2 {
		t.Fatalf("crowd counts: %+v, %v", all, err)
	}
	counts := map[string]int64{}
	for _, c := range all {
		counts[c.Category] = c.Voters
	}
	if counts[centavo.CatFood] != 0 || counts[centavo.CatRestaurants] != 1 {
		t.Fatalf("counts %v", counts)
	}
	recent, _ := s.CrowdCounts(ctx, t0.Add(1500*time.Millisecond))
	if len(recent) != 1 || recent[0].Category != centavo.CatRestaurants {
		t.Fatalf("counts since: %+v", recent)
	}
}

// testVoters: what the trust rule reads about a voter.
func testVoters(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "voter@example.com")
	v := newUser(t, s, "voter2@example.com")
	voter := func(id int64) store.Voter {
		t.Helper()
		var got store.Voter
		write(t, s, func(tx store.Tx) error {
			var err error
			got, err = tx.Voter(ctx, id)
			return err
		})
		return got
	}
	if got := voter(u.ID); got.UserID != u.ID || !got.CreatedAt.Equal(base) || got.CreatedAt.Location() != time.UTC || got.Months != 0 {
		t.Fatalf("voter without transactions: %+v", got)
	}
	err := s.InTx(ctx, func(tx store.Tx) error { _, err := tx.Voter(ctx, 987654321); return err })
	wantCode(t, err, centavo.ENOTFOUND)

	// Months are those holding transactions: two in March, one in
	// February; another user's months are not this one's.
	a := newAccount(t, s, u.ID)
	b := newAccount(t, s, v.ID)
	insert(t, s, txn(u, a, "V1", base, -100, centavo.CatFood), txn(u, a, "V2", base.AddDate(0, 0, 1), -100, centavo.CatGas))
	if got := voter(u.ID); got.Months != 1 {
		t.Fatalf("months after one month: %+v", got)
	}
	feb := insert(t, s, txn(u, a, "V3", base.AddDate(0, -1, 0), -100, centavo.CatFood))
	insert(t, s, txn(v, b, "V4", base.AddDate(0, -2, 0), -100, centavo.CatFood))
	if got := voter(u.ID); got.Months != 2 {
		t.Fatalf("months after two months: %+v", got)
	}
	// A month whose transactions are gone does not count.
	write(t, s, func(tx store.Tx) error {
		removed, err := tx.DeleteTransactions(ctx, u.ID, []int64{feb[0].ID})
		if err != nil {
			return err
		}
		deltas, err := store.SumDeltas(removed, -1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, u.ID, deltas)
	})
	if got := voter(u.ID); got.Months != 1 {
		t.Fatalf("months after removing February: %+v", got)
	}
}

// testCountVotes: the votes that start counting, and those withdrawn, are
// one user's only.
func testCountVotes(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "counted@example.com")
	v := newUser(t, s, "counted2@example.com")
	write(t, s, func(tx store.Tx) error {
		for _, x := range []store.CrowdVote{
			{UserID: u.ID, MerchantKey: "A", Category: centavo.CatFood, At: base},
			{UserID: u.ID, MerchantKey: "B", Category: centavo.CatGas, At: base.Add(time.Second), Counted: true},
			{UserID: u.ID, MerchantKey: "C", Category: centavo.CatPets, At: base.Add(2 * time.Second)},
			{UserID: v.ID, MerchantKey: "A", Category: centavo.CatFood, At: base},
		} {
			if _, err := tx.Vote(ctx, x); err != nil {
				return err
			}
		}
		return nil
	})
	var counted []store.CrowdVote
	write(t, s, func(tx store.Tx) error {
		var err error
		counted, err = tx.CountVotes(ctx, u.ID)
		return err
	})
	sortVotes(counted)
	if len(counted) != 2 || counted[0].MerchantKey != "A" || counted[0].Category != centavo.CatFood || !counted[0].At.Equal(base) ||
		counted[1].MerchantKey != "C" || !counted[1].Counted || counted[1].UserID != u.ID {
		t.Fatalf("CountVotes returned %+v, want A and C", counted)
	}
	write(t, s, func(tx store.Tx) error {
		var err error
		counted, err = tx.CountVotes(ctx, u.ID)
		return err
	})
	if len(counted) != 0 {
		t.Fatalf("CountVotes again returned %+v", counted)
	}
	var deleted []store.CrowdVote
	write(t, s, func(tx store.Tx) error {
		var err error
		deleted, err = tx.DeleteVotes(ctx, v.ID)
		return err
	})
	if len(deleted) != 1 || deleted[0].Counted || deleted[0].MerchantKey != "A" || deleted[0].UserID != v.ID {
		t.Fatalf("DeleteVotes of the other user: %+v", deleted)
	}
	write(t, s, func(tx store.Tx) error {
		var err error
		deleted, err = tx.DeleteVotes(ctx, u.ID)
		return err
	})
	sortVotes(deleted)
	if len(deleted) != 3 || !deleted[0].Counted || !deleted[1].Counted || !deleted[2].Counted || deleted[1].Category != centavo.CatGas {
		t.Fatalf("DeleteVotes returned %+v, want A, B and C, all counted", deleted)
	}
	write(t, s, func(tx store.Tx) error {
		old, err := tx.Vote(ctx, store.CrowdVote{UserID: u.ID, MerchantKey: "A", Category: centavo.CatFood, At: base})
		if err == nil && old.Category != "" {
			t.Errorf("a deleted vote was still there: %+v", old)
		}
		return err
	})
}

func sortVotes(v []store.CrowdVote) {
	slices.SortFunc(v, func(a, b store.CrowdVote) int { return strings.Compare(a.MerchantKey, b.MerchantKey) })
}

func testPendingAndFingerprints(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "pend@example.com")
	v := newUser(t, s, "pend2@example.com")
	a := newAccount(t, s, u.ID)
	mk := func(id, fp string, pending bool) centavo.Transaction {
		tx := txn(u, a, id, base, -500, centavo.CatFood)
		tx.Fingerprint, tx.Pending = fp, pending
		return tx
	}
	got := insert(t, s, mk("P1", "fpA", true), mk("P2", "fpA", false), mk("P3", "fpB", true))
	write(t, s, func(tx store.Tx) error {
		pending, err := tx.PendingTransactions(ctx, u.ID, a.ID)
		if err != nil {
			return err
		}
		if len(pending) != 2 || pending[0].InstitutionID != "P1" || !pending[0].Pending || pending[1].Fingerprint != "fpB" {
			t.Errorf("pending: %+v", pending)
		}
		if other, _ := tx.PendingTransactions(ctx, v.ID, a.ID); len(other) != 0 {
			t.Errorf("another user sees pending transactions: %+v", other)
		}
		ids, err := tx.FingerprintIDs(ctx, u.ID, a.ID, []string{"fpA", "fpB", "fpC", "fpA"})
		if err != nil {
			return err
		}
		if len(ids) != 2 || !slices.Equal(ids["fpA"], []string{"P1", "P2"}) || !slices.Equal(ids["fpB"], []string{"P3"}) {
			t.Errorf("fingerprint ids: %v", ids)
		}
		if other, _ := tx.FingerprintIDs(ctx, v.ID, a.ID, []string{"fpA"}); len(other) != 0 {
			t.Errorf("another user sees fingerprints: %v", other)
		}
		if has, err := tx.HasImportedRows(ctx, u.ID, a.ID); err != nil || has {
			t.Errorf("HasImportedRows with bank ids only = %v, %v", has, err)
		}
		if none, _ := tx.DeleteTransactions(ctx, v.ID, []int64{got[0].ID}); len(none) != 0 {
			t.Errorf("another user deleted %+v", none)
		}
		removed, err := tx.DeleteTransactions(ctx, u.ID, []int64{got[0].ID, got[2].ID})
		if err != nil {
			return err
		}
		if len(removed) != 2 || removed[0].AmountCents != -500 {
			t.Errorf("removed: %+v", removed)
		}
		deltas, err := store.SumDeltas(removed, -1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, u.ID, deltas)
	})
	left, _ := s.Transactions(ctx, store.TransactionFilter{UserID: u.ID, Limit: 10})
	if len(left) != 1 || left[0].InstitutionID != "P2" || left[0].Fingerprint != "fpA" {
		t.Fatalf("left: %+v", left)
	}
	insert(t, s, mk("fp:fpC:0", "fpC", false))
	write(t, s, func(tx store.Tx) error {
		if has, err := tx.HasImportedRows(ctx, u.ID, a.ID); err != nil || !has {
			t.Errorf("HasImportedRows after a file row = %v, %v", has, err)
		}
		if has, _ := tx.HasImportedRows(ctx, v.ID, a.ID); has {
			t.Error("another user's HasImportedRows is true")
		}
		return nil
	})
	if rep, err := s.Verify(ctx); err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}
