package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testTransfers: TransferCandidates (and HasTransferCandidates) find the
// user's posted, unpaired rows of the amounts in the window and accounts
// asked, bounds included,
// leaving out rows filed by hand, unpaired by hand or already a transfer's
// side, other amounts, other days and other users' rows; TransferPartners
// finds the other side of each pair from its lower id.
func testTransfers(t *testing.T, s store.Store) {
	ctx := context.Background()
	u, v := newUser(t, s, "transfers@example.com"), newUser(t, s, "transfers-other@example.com")
	a, b, w := newAccount(t, s, u.ID), newAccount(t, s, u.ID), newAccount(t, s, v.ID)
	from, to := base, base.AddDate(0, 0, 5)
	mk := func(acct centavo.Account, user centavo.User, id string, posted time.Time, cents int64, edit func(*centavo.Transaction)) centavo.Transaction {
		x := txn(user, acct, id, posted, cents, centavo.CatUncategorized)
		if edit != nil {
			edit(&x)
		}
		return x
	}
	rows := insert(t, s,
		mk(a, u, "OUT", from, -5000, nil),                          // 0: in, at the first bound
		mk(b, u, "IN", to, 5000, nil),                              // 1: in, at the last bound
		mk(b, u, "OTHER", from, 1234, nil),                         // 2: in (1234 asked)
		mk(a, u, "EARLY", from.Add(-time.Microsecond), -5000, nil), // before the window
		mk(a, u, "LATE", to.Add(time.Microsecond), -5000, nil),     // after it
		mk(a, u, "AMOUNT", from, -5001, nil),                       // another amount
		mk(a, u, "PENDING", from, -5000, func(x *centavo.Transaction) { x.Pending = true }),
		mk(a, u, "HAND", from, -5000, func(x *centavo.Transaction) { x.CategorySource = centavo.SourceUser }),
		mk(a, u, "UNDONE", from, -5000, func(x *centavo.Transaction) { x.CategorySource = centavo.SourceUnpaired }),
		mk(w, v, "THEIRS", from, -5000, nil),
		mk(a, u, "PAIRED", from, -1234, nil), // 10: paired below
	)
	write(t, s, func(tx store.Tx) error {
		for _, i := range []int{10, 2} {
			x := rows[i]
			x.Category, x.CategorySource, x.TransferPairID = centavo.CatTransfer, centavo.SourceTransfer, rows[2].ID
			if err := tx.UpdateTransaction(ctx, x); err != nil {
				return err
			}
		}
		return nil
	})
	candidates := func(q store.TransferQuery) []string {
		t.Helper()
		var got []centavo.Transaction
		write(t, s, func(tx store.Tx) error {
			var err error
			got, err = tx.TransferCandidates(ctx, q)
			return err
		})
		ids := []string{}
		for _, x := range got {
			ids = append(ids, x.InstitutionID)
			if x.InstitutionID == "OUT" && (x.Seller != rows[0].Seller || !x.PostedAt.Equal(from)) {
				t.Fatalf("candidate read %+v", x)
			}
		}
		return ids
	}
	all := store.TransferQuery{UserID: u.ID, From: from, To: to, Cents: []int64{-5000, 5000, 1234, -1234, 5000, 0}}
	if ids := candidates(all); !reflect.DeepEqual(ids, []string{"OUT", "IN"}) {
		t.Fatalf("transfer candidates %v, want OUT and IN", ids)
	}
	one := all
	one.Account = a.ID
	if ids := candidates(one); !reflect.DeepEqual(ids, []string{"OUT"}) {
		t.Fatalf("transfer candidates of account a %v, want OUT", ids)
	}
	notA := all
	notA.NotAccount, notA.Cents = a.ID, []int64{5000}
	if ids := candidates(notA); !reflect.DeepEqual(ids, []string{"IN"}) {
		t.Fatalf("transfer candidates of 5000 not in account a %v, want IN", ids)
	}
	none := all
	none.Cents = []int64{-5000}
	none.NotAccount = a.ID
	if ids := candidates(none); len(ids) != 0 {
		t.Fatalf("transfer candidates of -5000 not in account a %v, want none", ids)
	}
	for q, want := range map[*store.TransferQuery]bool{&all: true, &notA: true, &none: false} {
		if got, err := s.HasTransferCandidates(ctx, *q); err != nil || got != want {
			t.Fatalf("HasTransferCandidates(%+v) = %v, %v; want %v", *q, got, err, want)
		}
	}
	partners, err := s.TransferPartners(ctx, u.ID, []int64{rows[2].ID, rows[0].ID})
	if err != nil || !reflect.DeepEqual(partners, map[int64]int64{rows[2].ID: rows[10].ID}) {
		t.Fatalf("transfer partners %v, %v; want %d → %d", partners, err, rows[2].ID, rows[10].ID)
	}
	if other, err := s.TransferPartners(ctx, v.ID, []int64{rows[2].ID}); err != nil || len(other) != 0 {
		t.Fatalf("another user's partners %v, %v", other, err)
	}
	checkPairsVerified(t, s, u, a, rows)
}

// checkPairsVerified: Verify finds the pairs of testTransfers right, then
// the broken ones made here; removing account a unpairs the other sides.
func checkPairsVerified(t *testing.T, s store.Store, u centavo.User, a centavo.Account, rows []centavo.Transaction) {
	ctx := context.Background()
	// Verify: the pair holds; a side of another pair alone, a pair in one
	// account and a pair not under its lower id do not.
	if rep, err := s.Verify(ctx); err != nil || len(rep.PairMismatches) != 0 {
		t.Fatalf("Verify of a right pair: %+v, %v", rep.PairMismatches, err)
	}
	write(t, s, func(tx store.Tx) error {
		x := rows[0]
		x.Category, x.TransferPairID = centavo.CatTransfer, rows[1].ID // alone, and not its lower id
		if err := tx.UpdateTransaction(ctx, x); err != nil {
			return err
		}
		y := rows[5]
		y.Category, y.TransferPairID = centavo.CatTransfer, rows[2].ID // a third transaction in the pair
		return tx.UpdateTransaction(ctx, y)
	})
	rep, err := s.Verify(ctx)
	want := []store.PairMismatch{{UserID: u.ID, PairID: rows[2].ID, Count: 3}, {UserID: u.ID, PairID: rows[1].ID, Count: 1}}
	if rows[1].ID < rows[2].ID {
		want[0], want[1] = want[1], want[0]
	}
	if err != nil || !reflect.DeepEqual(rep.PairMismatches, want) {
		t.Fatalf("Verify of broken pairs: %+v, %v; want %+v", rep.PairMismatches, err, want)
	}

	// Removing account a takes its sides of the pairs: the other sides
	// stay transfers, unpaired, and no pair is left broken.
	write(t, s, func(tx store.Tx) error { _, err := tx.DeleteAccount(ctx, u.ID, a.ID); return err })
	other, err := s.Transaction(ctx, u.ID, rows[2].ID)
	if err != nil || other.TransferPairID != 0 || other.Category != centavo.CatTransfer || other.CategorySource != centavo.SourceUnpaired {
		t.Fatalf("the other side after its account went: %+v, %v", other, err)
	}
	if rep, err := s.Verify(ctx); err != nil || len(rep.PairMismatches) != 0 {
		t.Fatalf("Verify after removing an account: %+v, %v", rep.PairMismatches, err)
	}
}
