package ledger

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Transfers between the user's own accounts (docs/0030-transfers.md): both
// sides filed under "transfer" with one transfer_pair_id, the lower of
// their ids. Pairing is the ingest's (after each batch) or the user's
// (Pair); undoing it is a category change of either side (SetCategory).

// PairTx is what filing or undoing a pair needs of a store transaction.
type PairTx interface {
	store.LedgerReader
	store.Locker
	RefileTx
}

// FilePair files two transactions, read in tx, as the two sides of a
// transfer (source: centavo.SourceTransfer) and moves the aggregates with
// them. It returns them as filed.
func FilePair(ctx context.Context, tx RefileTx, userID int64, a, b centavo.Transaction, now time.Time) (centavo.Transaction, centavo.Transaction, error) {
	before := []centavo.Transaction{a, b}
	pairID := min(a.ID, b.ID)
	after := make([]centavo.Transaction, 2)
	for i, t := range before {
		t.Category, t.CategorySource, t.TransferPairID = centavo.CatTransfer, centavo.SourceTransfer, pairID
		t.TransferWith = before[1-i].ID
		if err := tx.UpdateTransaction(ctx, t); err != nil {
			return a, b, err
		}
		after[i] = t
	}
	return after[0], after[1], Refile(ctx, tx, userID, before, after, now)
}

// partner reads the other side of t's pair in tx, locked for the rest of
// it.
func partner(ctx context.Context, tx PairTx, t centavo.Transaction) (centavo.Transaction, error) {
	id := t.TransferPairID
	if id == t.ID {
		ids, err := tx.TransferPartners(ctx, t.UserID, []int64{id})
		if err != nil {
			return centavo.Transaction{}, err
		}
		if id = ids[t.TransferPairID]; id == 0 {
			return centavo.Transaction{}, fmt.Errorf("ledger: transaction %d is paired alone: %w", t.ID, store.ErrNotFound)
		}
	}
	return tx.TransactionForUpdate(ctx, t.UserID, id)
}

// unpair undoes t's pair in tx: the pair id is cleared on both sides, and
// the other side stays filed under transfer, as "unpaired", which
// automatic pairing never takes again (t itself is about to be filed by
// the user). It returns t without its pair.
func unpair(ctx context.Context, tx PairTx, t centavo.Transaction) (centavo.Transaction, error) {
	other, err := partner(ctx, tx, t)
	if errors.Is(err, store.ErrNotFound) {
		other = centavo.Transaction{} // a lone side (verify reports it): clear this one alone
	} else if err != nil {
		return t, err
	}
	if other.ID != 0 {
		o := other
		o.TransferPairID, o.CategorySource = 0, centavo.SourceUnpaired
		if err := tx.UpdateTransaction(ctx, o); err != nil {
			return t, err
		}
		// Its category stays transfer: the aggregates do not move.
	}
	t.TransferPairID, t.TransferWith = 0, 0
	return t, tx.UpdateTransaction(ctx, t)
}

// Unpair undoes the pair of *t in tx before t is changed or removed (by
// hand: an edit of its category, the removal of a transaction added by
// hand): the other side stays a transfer, unpaired, and *t loses its pair
// (the caller writes it, or deletes it).
func Unpair(ctx context.Context, tx PairTx, t *centavo.Transaction) error {
	u, err := unpair(ctx, tx, *t)
	if err != nil {
		return err
	}
	t.TransferPairID, t.TransferWith = u.TransferPairID, u.TransferWith
	return nil
}

// Pair files two of the user's transactions as the sides of a transfer by
// hand: money out of one account and into another, in one currency,
// neither pending nor paired already. Their amounts may differ (a fee
// taken on the way). It returns both as filed, id's first.
func (s *Service) Pair(ctx context.Context, userID, id, with int64) (centavo.Transaction, centavo.Transaction, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Transaction{}, centavo.Transaction{}, err
	}
	var a, b centavo.Transaction
	now := s.Now().UTC()
	err = st.InTx(ctx, func(tx store.Tx) error {
		if id == with {
			if _, err := tx.Transaction(ctx, userID, id); err != nil {
				return err
			}
			return centavo.Errorf(centavo.EINVALID, "a transaction cannot be paired with itself")
		}
		// Both rows locked, in id order: two pairings (or a pairing and an
		// edit) of one row run one after the other, without deadlock.
		first, second := min(id, with), max(id, with)
		one, err := tx.TransactionForUpdate(ctx, userID, first)
		if err != nil && (first == id || !errors.Is(err, store.ErrNotFound)) {
			return err
		}
		two, err2 := tx.TransactionForUpdate(ctx, userID, second)
		if err2 != nil && (second == id || !errors.Is(err2, store.ErrNotFound)) {
			return err2
		}
		if err != nil || err2 != nil {
			return centavo.Errorf(centavo.EINVALID, "with: you have no transaction %d", with)
		}
		a, b = one, two
		if first != id {
			a, b = two, one
		}
		if err := pairable(a, b); err != nil {
			return err
		}
		if a, b, err = FilePair(ctx, tx, userID, a, b, now); err != nil {
			return err
		}
		return s.owe(ctx, tx, userID)
	})
	if err != nil {
		return a, b, fmt.Errorf("ledger: pair: %w", err)
	}
	s.invalidate(ctx, userID)
	return a, b, nil
}

// pairable says why two transactions cannot be paired by hand, if so.
func pairable(a, b centavo.Transaction) error {
	switch {
	case a.AccountID == b.AccountID:
		return centavo.Errorf(centavo.EINVALID, "both transactions are in the same account; a transfer goes between two of your accounts")
	case a.AmountCents == 0 || b.AmountCents == 0 || (a.AmountCents < 0) == (b.AmountCents < 0):
		return centavo.Errorf(centavo.EINVALID, "a transfer pairs money going out with money coming in: one amount must be negative, the other positive")
	case a.Currency != b.Currency:
		return centavo.Errorf(centavo.EINVALID, "the transactions are in %s and %s; a transfer pairs amounts in one currency", a.Currency, b.Currency)
	case a.Pending || b.Pending:
		return centavo.Errorf(centavo.EINVALID, "a pending transaction cannot be paired until it posts")
	case a.TransferPairID != 0 || b.TransferPairID != 0:
		return centavo.Errorf(centavo.EINVALID, "a transaction is already paired; change its category to undo that pair first")
	case len(a.Splits) > 0 || len(b.Splits) > 0:
		return centavo.Errorf(centavo.EINVALID, "a split transaction cannot be paired; unsplit it first")
	}
	return nil
}

// withPartners fills TransferWith of the paired transactions: the pair id
// is the other side's id, except on the side whose id it is, whose other
// side one indexed read finds.
func withPartners(ctx context.Context, st store.LedgerReader, userID int64, txns []centavo.Transaction) error {
	var lower []int64
	for i := range txns {
		t := &txns[i]
		switch {
		case t.TransferPairID == 0:
			t.TransferWith = 0
		case t.TransferPairID != t.ID:
			t.TransferWith = t.TransferPairID
		default:
			lower = append(lower, t.ID)
		}
	}
	if len(lower) == 0 {
		return nil
	}
	other, err := st.TransferPartners(ctx, userID, lower)
	if err != nil {
		return err
	}
	for i := range txns {
		if t := &txns[i]; t.TransferPairID != 0 && t.TransferPairID == t.ID {
			t.TransferWith = other[t.ID]
		}
	}
	return nil
}
