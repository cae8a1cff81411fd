package ingest

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
)

// ManualPrefix begins the institution id of every transaction a person
// added by hand (POST /transactions): only those can be deleted.
const ManualPrefix = "manual:"

// Manual is a transaction a person adds by hand to a manual or file
// account: cash, a cheque the bank file left out.
type Manual struct {
	PostedAt    time.Time
	AmountCents int64
	Merchant    string
	Category    string // "": categorized as a download is (the user's rules, the seller map)
	Notes       string
}

// AddManual records a transaction added by hand to one of the user's
// manual or file accounts (a linked one is its bank's to fill: invalid),
// in the account's currency, under an id of its own ("manual:…"). It takes
// a download's path: categorized like one (unless Category is given, which
// counts as set by hand), logged in the object store (recompute counts it),
// inserted with the monthly aggregates and the account's days (its
// computed balances) in one SQL transaction, budget evaluations enqueued.
// The caller validated the category and the notes.
func (s *Service) AddManual(ctx context.Context, userID, accountID int64, m Manual) (centavo.Transaction, error) {
	if m.AmountCents == 0 || m.AmountCents > centavo.MaxTransactionCents || m.AmountCents < -centavo.MaxTransactionCents {
		return centavo.Transaction{}, centavo.Errorf(centavo.EINVALID, "amount_cents must be non-zero and within ±%d", centavo.MaxTransactionCents)
	}
	merchant := strings.TrimSpace(m.Merchant)
	if merchant == "" || len(merchant) > connector.MaxDescriptorBytes {
		return centavo.Transaction{}, centavo.Errorf(centavo.EINVALID, "merchant must be 1 to %d bytes", connector.MaxDescriptorBytes)
	}
	if m.PostedAt.Year() < 1970 || m.PostedAt.Year() > 9999 {
		return centavo.Transaction{}, centavo.Errorf(centavo.EINVALID, "posted_at must be between 1970 and 9999")
	}
	st, a, gone, err := s.Accounts.Load(ctx, userID, accountID)
	if err != nil {
		return centavo.Transaction{}, err
	}
	if gone {
		return centavo.Transaction{}, centavo.Errorf(centavo.ENOTFOUND, "no account %d", accountID)
	}
	if a.Connector != centavo.ConnectorManual && a.Connector != centavo.ConnectorFile {
		return centavo.Transaction{}, centavo.Errorf(centavo.EINVALID, "transactions are added by hand to manual and file accounts only: this account's are its bank's")
	}
	var rnd [12]byte
	_, _ = rand.Read(rnd[:])
	prep, err := s.prepare(ctx, st, a, []connector.Transaction{{
		InstitutionID: ManualPrefix + hex.EncodeToString(rnd[:]), PostedAt: m.PostedAt.UTC(), AmountCents: m.AmountCents,
		Descriptor: merchant, Currency: a.Currency,
	}})
	if err != nil {
		return centavo.Transaction{}, err
	}
	t := prep.txns[0]
	t.Merchant = merchant // as the person wrote it
	if m.Category != "" {
		t.Category, t.CategorySource = m.Category, centavo.SourceUser
	}
	if m.Notes != "" {
		t.Notes, t.Edited = m.Notes, t.Edited|centavo.EditedNotes
	}
	now := s.Now().UTC()
	t.CreatedAt = now
	logID := int64(binary.BigEndian.Uint64(rnd[:8]) >> 1) // names the log object
	line := objstore.LogLine{UserID: userID, PostedAt: t.PostedAt, Seller: t.Seller, AmountCents: t.AmountCents,
		AccountID: a.ID, InstitutionID: t.InstitutionID, Category: t.Category, Currency: t.Currency}
	logKey := objstore.LogKey(now, userID, a.ID, logID)
	if err := s.Objects.Put(ctx, logKey, objstore.FormatLog([]objstore.LogLine{line}), "text/tab-separated-values"); err != nil {
		return centavo.Transaction{}, err
	}
	var rec recorded
	err = st.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.Account(ctx, userID, a.ID); err != nil {
			return err
		}
		if m.Category != "" {
			// In the transaction, held: an own category removed meanwhile
			// is refused, not filed under.
			if err := categorize.CheckCategory(ctx, tx, userID, m.Category); err != nil {
				return err
			}
		}
		if rec.inserted, err = tx.InsertTransactions(ctx, []centavo.Transaction{t}); err != nil {
			return err
		}
		if len(rec.inserted) != 1 {
			return fmt.Errorf("ingest: manual transaction %s not inserted", t.InstitutionID)
		}
		deltas, err := store.SumDeltas(rec.inserted, 1)
		if err != nil {
			return err
		}
		if err := tx.AddMonthlySpending(ctx, userID, deltas); err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, partsEvents(rec.inserted, now)...); err != nil { // hidden by a rule
			return err
		}
		return s.followUp(ctx, tx, a, followUps{months: monthsOf(deltas), invalidate: rec.changed()}, now)
	})
	if err != nil {
		if derr := s.Objects.Delete(ctx, logKey); derr != nil {
			s.Logger.WarnContext(ctx, "manual transaction: log left behind", "key", logKey, "error", derr)
		}
		return centavo.Transaction{}, fmt.Errorf("ingest: add manual transaction: %w", err)
	}
	s.recorded(ctx, userID, rec)
	return rec.inserted[0], nil
}

// DeleteManual removes a transaction the user added by hand (any other is
// the bank's or a file's: invalid), with its share of the aggregates and
// the account's days, and tells recompute to leave it out (a drop event).
func (s *Service) DeleteManual(ctx context.Context, userID, txID int64) error {
	st, err := s.Accounts.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	var rec recorded
	err = st.InTx(ctx, func(tx store.Tx) error {
		t, err := tx.TransactionForUpdate(ctx, userID, txID)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(t.InstitutionID, ManualPrefix) {
			return centavo.Errorf(centavo.EINVALID, "only transactions added by hand can be deleted")
		}
		a, err := tx.Account(ctx, userID, t.AccountID)
		if err != nil {
			return err
		}
		if t.TransferPairID != 0 {
			if err := ledger.Unpair(ctx, tx, &t); err != nil { // the other side stays a transfer, unpaired
				return err
			}
		}
		if rec.replaced, err = tx.DeleteTransactions(ctx, userID, []int64{txID}); err != nil {
			return err
		}
		deltas, err := store.SumDeltas(rec.replaced, -1)
		if err != nil {
			return err
		}
		if err := tx.AddMonthlySpending(ctx, userID, deltas); err != nil {
			return err
		}
		for _, d := range rec.replaced {
			rec.drop(d)
		}
		return s.followUp(ctx, tx, a, followUps{months: monthsOf(deltas), dropped: rec.dropped, invalidate: rec.changed()}, now)
	})
	if err != nil {
		return fmt.Errorf("ingest: delete manual transaction: %w", err)
	}
	s.recorded(ctx, userID, rec)
	return nil
}
